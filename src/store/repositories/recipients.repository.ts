/**
 * Who receives the alerts of an escalation name (`who`) of a contract: e-mail addresses and webhook URLs,
 * each with its language, as one side (client or partner) set them. A side replaces only its own entries
 * of a name; the delivery outbox reads both sides' (docs/delivery.md).
 */
import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { StoreDb } from '../schema.js';

export type RecipientSide = 'client' | 'partner';
export type RecipientChannel = 'email' | 'webhook';
export type RecipientLanguage = 'en' | 'nl' | 'de';

export interface RecipientTarget {
  readonly channel: RecipientChannel;
  /** An e-mail address or a webhook URL. */
  readonly target: string;
  readonly language: RecipientLanguage;
}

export interface RecipientEntry extends RecipientTarget {
  readonly organisationId: string;
  readonly contractId: string;
  readonly who: string;
  readonly side: RecipientSide;
  readonly setAt: number;
  readonly setBy: string;
}

export interface RecipientsRepository {
  /** Replaces the entries `side` set for `who` by `targets` (none: the name has no entries of that side). */
  replace(
    key: { organisationId: string; contractId: string; who: string; side: RecipientSide },
    targets: readonly RecipientTarget[],
    at: number,
    by: string,
  ): Promise<void>;
  /** Every entry of the contract (of one name when given), by name, side, channel and target. */
  list(organisationId: string, contractId: string, who?: string): Promise<RecipientEntry[]>;
}

type Row = {
  organisation_id: string;
  contract_id: string;
  who: string;
  side: string;
  channel: string;
  target: string;
  language: string;
  set_at: number;
  set_by: string;
};

function entryOf(r: Row): RecipientEntry {
  return {
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    who: r.who,
    side: r.side as RecipientSide,
    channel: r.channel as RecipientChannel,
    target: r.target,
    language: r.language as RecipientLanguage,
    setAt: Number(r.set_at),
    setBy: r.set_by,
  };
}

export function recipientsRepository(db: StoreDb, dialect: Dialect): RecipientsRepository {
  return {
    async replace(key, targets, at, by) {
      // PostgreSQL: two transactions replacing the same entries take turns, else (read committed) the
      // second's delete misses the first's inserts and the name ends with both lists. SQLite's write
      // transactions take turns already.
      if (dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(hashtext(${[key.organisationId, key.contractId, key.who, key.side].join('\u001f')}))`.execute(
          db,
        );
      await db
        .deleteFrom('recipients')
        .where('organisation_id', '=', key.organisationId)
        .where('contract_id', '=', key.contractId)
        .where('who', '=', key.who)
        .where('side', '=', key.side)
        .execute();
      if (targets.length === 0) return;
      await db
        .insertInto('recipients')
        .values(
          targets.map((t) => ({
            organisation_id: key.organisationId,
            contract_id: key.contractId,
            who: key.who,
            side: key.side,
            channel: t.channel,
            target: t.target,
            language: t.language,
            set_at: at,
            set_by: by,
          })),
        )
        // the same target twice in one list is one entry
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async list(organisationId, contractId, who) {
      let q = db
        .selectFrom('recipients')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId);
      if (who !== undefined) q = q.where('who', '=', who);
      const rows = await q.orderBy('who').orderBy('side').orderBy('channel').orderBy('target').execute();
      return rows.map(entryOf);
    },
  };
}
