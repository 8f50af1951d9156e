/**
 * Kept results (docs/evaluation.md, Kept results): the last evaluate document of a contract's period under
 * an as-of rule, with what it was computed from, and the store's data watermark (`record_changes`, raised
 * by every write transaction that changes records; migration 0006).
 */
import { sql } from 'kysely';
import { DELETE_ALL_BLOCKS } from '../period-blocks.js';
import type { StoreDb } from '../schema.js';

/**
 * Raises the store-wide data watermark (scope '*') by one; called inside the write transaction whose change
 * it marks, last in it and before the counters of its sources (BUMP_SOURCE_CHANGES): on PostgreSQL the
 * rows stay locked until the commit, and every writer taking '*' first means that two of them never wait
 * for each other's source rows the other way round.
 */
export const BUMP_RECORD_CHANGES = `update record_changes set seq = seq + 1 where scope = '*'`;

/**
 * Raises one source's data watermark (its row made at its first change), after '*'. The parameter is `?`
 * on SQLite; PostgreSQL takes the sources as one array (BUMP_SOURCES_PG), sorted.
 */
export const BUMP_SOURCE_CHANGES =
  'insert into record_changes (scope, seq) values (?, 1) ' +
  'on conflict (scope) do update set seq = record_changes.seq + 1';
export const BUMP_SOURCES_PG =
  'insert into record_changes (scope, seq) select s, 1 from unnest($1::text[]) as s ' +
  'on conflict (scope) do update set seq = record_changes.seq + 1';

/**
 * Raises every data watermark: a privacy scrub (erasure, purge) may touch any source. '*' first, as the
 * writers do. Deletes every period block.
 */
export async function bumpRecordChanges(db: StoreDb): Promise<void> {
  await sql.raw(BUMP_RECORD_CHANGES).execute(db);
  await sql`update record_changes set seq = seq + 1 where scope <> '*'`.execute(db);
  // And every period block goes: the scrub may have changed a row of any day (period-blocks.ts).
  await sql.raw(DELETE_ALL_BLOCKS).execute(db);
}

export interface KeptKey {
  readonly organisationId: string;
  readonly contractId: string;
  readonly period: string;
  /** 'now' (no asOf asked) or the asked instant in epoch milliseconds, as text. */
  readonly asOfRule: string;
}

export interface KeptResult extends KeptKey {
  readonly versionsDigest: string;
  readonly scopeDigest: string;
  readonly watermark: number;
  readonly asOf: number;
  readonly computedAt: number;
  /** How many times this key was computed. */
  readonly computations: number;
  /** The evaluate document (JSON). */
  readonly document: string;
}

export interface ResultsRepository {
  /**
   * The data watermark now: store-wide ('*') without sources; with them, the sum of the counters of those
   * sources and of every source no partner owns (whose records the `unowned_source` warnings name). Each
   * counter only rises, so the sum rises with any change in them while the set of sources stays (a kept
   * result's scope digest holds the set).
   */
  watermark(sources?: readonly string[]): Promise<number>;
  /**
   * How many sources partners own: sources are only ever given, never taken back, so a change of this
   * number is a change of which records count (and of the `unowned_source` warnings).
   */
  ownedSources(): Promise<number>;
  kept(key: KeptKey): Promise<KeptResult | undefined>;
  /**
   * Stores a computed result under its key, replacing the one before (its `computations` + 1). A period
   * keeps its `now` result and the result of one asked instant, the last: an asked instant's result
   * replaces that of another, so that requests with ever new instants do not grow the table.
   */
  keep(result: Omit<KeptResult, 'computations'>): Promise<void>;
}

export function resultsRepository(db: StoreDb): ResultsRepository {
  return {
    async watermark(sources) {
      if (sources === undefined) {
        const row = await db
          .selectFrom('record_changes')
          .select('seq')
          .where('scope', '=', '*')
          .executeTakeFirst();
        return Number(row?.seq ?? 0);
      }
      const row = await db
        .selectFrom('record_changes')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('seq'), eb.lit(0)).as('n'))
        .where('scope', '<>', '*')
        .where((eb) =>
          eb.or([
            ...(sources.length > 0 ? [eb('scope', 'in', [...sources])] : []),
            eb('scope', 'not in', eb.selectFrom('partner_sources').select('source')),
          ]),
        )
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async ownedSources() {
      const row = await db
        .selectFrom('partner_sources')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async kept(key) {
      const r = await db
        .selectFrom('kept_results')
        .selectAll()
        .where('organisation_id', '=', key.organisationId)
        .where('contract_id', '=', key.contractId)
        .where('period', '=', key.period)
        .where('as_of_rule', '=', key.asOfRule)
        .executeTakeFirst();
      if (r === undefined) return undefined;
      return {
        organisationId: r.organisation_id,
        contractId: r.contract_id,
        period: r.period,
        asOfRule: r.as_of_rule,
        versionsDigest: r.versions_digest,
        scopeDigest: r.scope_digest,
        watermark: Number(r.watermark),
        asOf: Number(r.as_of),
        computedAt: Number(r.computed_at),
        computations: Number(r.computations),
        document: r.document,
      };
    },

    async keep(k) {
      const row = {
        organisation_id: k.organisationId,
        contract_id: k.contractId,
        period: k.period,
        as_of_rule: k.asOfRule,
        versions_digest: k.versionsDigest,
        scope_digest: k.scopeDigest,
        watermark: k.watermark,
        as_of: k.asOf,
        computed_at: k.computedAt,
        computations: 1,
        document: k.document,
      };
      await db
        .insertInto('kept_results')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['organisation_id', 'contract_id', 'period', 'as_of_rule']).doUpdateSet((eb) => ({
            versions_digest: eb.ref('excluded.versions_digest'),
            scope_digest: eb.ref('excluded.scope_digest'),
            watermark: eb.ref('excluded.watermark'),
            as_of: eb.ref('excluded.as_of'),
            computed_at: eb.ref('excluded.computed_at'),
            computations: sql<number>`kept_results.computations + 1`,
            document: eb.ref('excluded.document'),
          })),
        )
        .execute();
      if (k.asOfRule !== 'now')
        await db
          .deleteFrom('kept_results')
          .where('organisation_id', '=', k.organisationId)
          .where('contract_id', '=', k.contractId)
          .where('period', '=', k.period)
          .where('as_of_rule', 'not in', ['now', k.asOfRule])
          .execute();
    },
  };
}
