/**
 * Erasure on request, the retention purge of free text, and the deletion of records older than a
 * contract's `data.retention` (data.md, "Personal data"). Each runs in one
 * transaction together with its audit entry, which records counts only: never the personal value or its
 * pseudonym.
 */
import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import type { StoreDb } from '../schema.js';
import { attributesJson, parseAttributes } from '../tables.js';
import { writeTransaction } from '../transaction.js';
import { type AuditEntry, type AuditScope, appendAudit, appendScopedAudit } from './audit.repository.js';
import { bumpRecordChanges } from './results.repository.js';

export interface AuditContext {
  readonly at: number;
  readonly actor: string;
}

export interface ErasureResult {
  /** Contacts whose customer pseudonym or personal attributes were removed. */
  readonly contacts: number;
  /** Survey comments removed: those of the customer's contacts, and any other that held a pseudonym. */
  readonly surveyComments: number;
  /** QA evaluations whose personal attributes were removed. */
  readonly qaEvaluations: number;
  /** Incident and privacy-incident summaries and outage reasons in which a pseudonym was blotted out. */
  readonly summaries: number;
  readonly audit: AuditEntry;
}

export interface PurgeResult {
  readonly surveyComments: number;
  readonly incidentSummaries: number;
  readonly privacyIncidentSummaries: number;
  readonly audit: AuditEntry;
}

export interface PrivacyRepository {
  /**
   * Removes every trace of one customer, named by their pseudonyms (every normal form the value may have
   * been stored under): the `customer` column; of their contacts and those contacts' QA evaluations every
   * personal attribute (`isPersonal` by name or value, or holding any pseudonym); their surveys' comments; and
   * anywhere else, each attribute or comment that holds one of the pseudonyms, and the pseudonym in
   * summaries and outage reasons (replaced by `[erased]`).
   */
  eraseCustomer(
    pseudonyms: readonly string[],
    /** By name, or by value: a clear personal value that an older version stored (an unknown column). */
    isPersonal: (attribute: string, value: string) => boolean,
    audit: AuditContext,
    /** Only records of these sources, the audit entry in this tenant's scope (an API caller's organisation). */
    within?: { readonly sources: readonly string[]; readonly scope: AuditScope },
  ): Promise<ErasureResult>;
  /** Deletes survey comments and (privacy) incident summaries dated before `before`. */
  purgeFreeText(before: number, audit: AuditContext & { readonly olderThan: string }): Promise<PurgeResult>;
  /**
   * Deletes the records of `sources` dated before `before`, each kind by its own time (outages by their
   * end), and with a contact everything attached to it; one transaction with its audit entry.
   */
  deleteRecordsBefore(
    sources: readonly string[],
    before: number,
    audit: AuditContext & { readonly contract: string; readonly retention: string },
  ): Promise<RetentionResult>;
}

export interface RetentionResult {
  /** Records deleted per kind. */
  readonly deleted: Readonly<Record<string, number>>;
  readonly audit: AuditEntry;
}

/** Each kind's own time: a record dated before the cut-off is deleted. */
const OWN_TIME = {
  contacts: 'created_at',
  status_events: 'at',
  surveys: 'answered_at',
  qa_evaluations: 'evaluated_at',
  outages: 'to_at',
  incidents: 'raised_at',
  privacy_incidents: 'reported_at',
  forecasts: 'interval_start',
} as const;

/** Hooks around a scrubbing change: SQLite zeroes freed space and empties its WAL afterwards. */
export interface ScrubHooks {
  before(): void;
  after(): void;
}

const IN_CHUNK = 500;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A pseudonym is hex: it holds none of LIKE's wildcards. */
const containing = (pseudonym: string) => `%${pseudonym}%`;

/** A pseudonym as it stands in stored text (personal.ts): 64 hex digits. */
const PSEUDONYM_IN_TEXT = /[0-9a-f]{64}/;

/** Attributes without those `drop` says; `changed` when any went. */
function stripped(attributes: unknown, drop: (name: string, value: string) => boolean) {
  const attrs = parseAttributes(attributes);
  let changed = false;
  for (const [k, v] of Object.entries(attrs)) {
    if (drop(k, v)) {
      delete attrs[k];
      changed = true;
    }
  }
  return { json: attributesJson(attrs), changed };
}

/** Text that is an erased pseudonym's place in a summary. */
const ERASED = '[erased]';

export function privacyRepository(db: StoreDb, dialect: Dialect, scrub: ScrubHooks): PrivacyRepository {
  async function scrubbing<T>(fn: (trx: StoreDb) => Promise<T>): Promise<T> {
    scrub.before();
    try {
      // The data watermark rises with the change, last in its transaction (kept results, migration 0006).
      return await writeTransaction(db, dialect, async (trx) => {
        const out = await fn(trx);
        await bumpRecordChanges(trx);
        return out;
      });
    } finally {
      scrub.after();
    }
  }

  return {
    eraseCustomer(pseudonyms, isPersonal, audit, within) {
      // An organisation without sources has nothing to erase: `in ()` is no SQL, a source no record has is.
      const sources = within === undefined ? [] : within.sources.length > 0 ? [...within.sources] : [''];
      const scoped = within !== undefined;
      const mentions = (v: string) => pseudonyms.some((p) => v.includes(p));
      // Of the customer's own contacts and their QA evaluations: everything personal, by name or pseudonymised.
      const own = (k: string, v: string) => isPersonal(k, v) || PSEUDONYM_IN_TEXT.test(v);
      const mentioning = (_k: string, v: string) => mentions(v);
      return scrubbing(async (trx) => {
        if (pseudonyms.length === 0) throw new Error('eraseCustomer: no pseudonym');
        // The digest is left as it was imported: re-importing the same unchanged export then finds the row
        // unchanged and does not bring the pseudonym back (docs/data-and-store.md).
        const contacts = await trx
          .selectFrom('contacts')
          .select(['source', 'key', 'id', 'customer', 'attributes'])
          .$if(scoped, (q) => q.where('source', 'in', sources))
          .where((eb) =>
            eb.or([
              eb('customer', 'in', [...pseudonyms]),
              ...pseudonyms.map((p) => eb('attributes', 'like', containing(p))),
            ]),
          )
          .execute();
        const theirs = new Set<string>();
        for (const c of contacts) {
          const isTheirs = c.customer !== null && pseudonyms.includes(c.customer);
          if (isTheirs) theirs.add(`${c.source}\u0000${c.id}`);
          const attrs = stripped(c.attributes, isTheirs ? own : mentioning);
          await trx
            .updateTable('contacts')
            .set({ customer: isTheirs ? null : c.customer, attributes: attrs.json })
            .where('source', '=', c.source)
            .where('key', '=', c.key)
            .execute();
        }
        const idsBySource = new Map<string, string[]>();
        for (const c of contacts)
          if (theirs.has(`${c.source}\u0000${c.id}`))
            idsBySource.set(c.source, [...(idsBySource.get(c.source) ?? []), c.id]);

        let surveyComments = 0;
        const qaRows = new Map<
          string,
          { source: string; key: string; attributes: string; theirs: boolean }
        >();
        for (const [source, ids] of idsBySource) {
          for (const part of chunks(ids, IN_CHUNK)) {
            const r = await trx
              .updateTable('surveys')
              .set({ comment: null })
              .where('source', '=', source)
              .where('contact_id', 'in', part)
              .where('comment', 'is not', null)
              .executeTakeFirst();
            surveyComments += Number(r.numUpdatedRows);
            const qa = await trx
              .selectFrom('qa_evaluations')
              .select(['source', 'key', 'attributes'])
              .where('source', '=', source)
              .where('contact_id', 'in', part)
              .execute();
            for (const q of qa) qaRows.set(`${q.source}\u0000${q.key}`, { ...q, theirs: true });
          }
        }
        const mentioned = await trx
          .updateTable('surveys')
          .set({ comment: null })
          .$if(scoped, (q) => q.where('source', 'in', sources))
          .where((eb) => eb.or(pseudonyms.map((p) => eb('comment', 'like', containing(p)))))
          .executeTakeFirst();
        surveyComments += Number(mentioned.numUpdatedRows);
        const qaMentioning = await trx
          .selectFrom('qa_evaluations')
          .select(['source', 'key', 'attributes'])
          .$if(scoped, (q) => q.where('source', 'in', sources))
          .where((eb) => eb.or(pseudonyms.map((p) => eb('attributes', 'like', containing(p)))))
          .execute();
        for (const q of qaMentioning) {
          const k = `${q.source}\u0000${q.key}`;
          if (!qaRows.has(k)) qaRows.set(k, { ...q, theirs: false });
        }
        let qaEvaluations = 0;
        for (const q of qaRows.values()) {
          const attrs = stripped(q.attributes, q.theirs ? own : mentioning);
          if (!attrs.changed) continue;
          await trx
            .updateTable('qa_evaluations')
            .set({ attributes: attrs.json })
            .where('source', '=', q.source)
            .where('key', '=', q.key)
            .execute();
          qaEvaluations++;
        }
        // Free text elsewhere keeps its words; the pseudonym in it is blotted out.
        let summaries = 0;
        for (const [table, column] of [
          ['incidents', 'summary'],
          ['privacy_incidents', 'summary'],
          ['outages', 'reason'],
        ] as const) {
          for (const p of pseudonyms) {
            const r = await trx
              .updateTable(table)
              .set({ [column]: sql<string>`replace(${sql.ref(column)}, ${p}, ${ERASED})` })
              .$if(scoped, (q) => q.where('source', 'in', sources))
              .where(sql.ref(column), 'like', containing(p))
              .executeTakeFirst();
            summaries += Number(r.numUpdatedRows);
          }
        }
        const counts = { contacts: contacts.length, surveyComments, qaEvaluations, summaries };
        const input = {
          at: audit.at,
          actor: audit.actor,
          action: 'privacy.erase',
          subject: 'customer',
          details: counts,
        };
        const entry =
          within === undefined
            ? await appendAudit(trx, dialect, input)
            : await appendScopedAudit(trx, dialect, { ...input, scope: within.scope });
        return { ...counts, audit: entry };
      });
    },

    deleteRecordsBefore(sources, before, audit) {
      return scrubbing(async (trx) => {
        const deleted: Record<string, number> = {};
        const gone = (kind: string, n: bigint | number) => {
          deleted[kind] = (deleted[kind] ?? 0) + Number(n);
        };
        for (const part of chunks(sources, IN_CHUNK)) {
          if (part.length === 0) continue;
          // What hangs on an old contact goes with it, whatever its own date.
          for (const child of ['status_events', 'surveys', 'qa_evaluations'] as const) {
            const r = await trx
              .deleteFrom(child)
              .where('source', 'in', part)
              .where((eb) =>
                eb.exists(
                  eb
                    .selectFrom('contacts')
                    .select('contacts.key')
                    .whereRef('contacts.source', '=', `${child}.source`)
                    .whereRef('contacts.key', '=', `${child}.contact_id`)
                    .where('contacts.created_at', '<', before),
                ),
              )
              .executeTakeFirst();
            gone(child, r.numDeletedRows);
          }
          for (const [kind, time] of Object.entries(OWN_TIME)) {
            const r = await trx
              .deleteFrom(kind as keyof typeof OWN_TIME)
              .where('source', 'in', part)
              .where(sql.ref<number>(time), '<', before)
              .executeTakeFirst();
            gone(kind, r.numDeletedRows);
          }
        }
        const entry = await appendAudit(trx, dialect, {
          at: audit.at,
          actor: audit.actor,
          action: 'privacy.retention',
          subject: audit.contract,
          details: {
            contract: audit.contract,
            retention: audit.retention,
            before,
            sources: [...sources],
            deleted,
          },
        });
        return { deleted, audit: entry };
      });
    },

    purgeFreeText(before, audit) {
      return scrubbing(async (trx) => {
        const surveys = await trx
          .updateTable('surveys')
          .set({ comment: null })
          .where('answered_at', '<', before)
          .where('comment', 'is not', null)
          .executeTakeFirst();
        const incidents = await trx
          .updateTable('incidents')
          .set({ summary: null })
          .where('raised_at', '<', before)
          .where('summary', 'is not', null)
          .executeTakeFirst();
        const privacy = await trx
          .updateTable('privacy_incidents')
          .set({ summary: null })
          .where('reported_at', '<', before)
          .where('summary', 'is not', null)
          .executeTakeFirst();
        const counts = {
          surveyComments: Number(surveys.numUpdatedRows),
          incidentSummaries: Number(incidents.numUpdatedRows),
          privacyIncidentSummaries: Number(privacy.numUpdatedRows),
        };
        const entry = await appendAudit(trx, dialect, {
          at: audit.at,
          actor: audit.actor,
          action: 'privacy.purge',
          subject: 'free text',
          details: { olderThan: audit.olderThan, before, ...counts },
        });
        return { ...counts, audit: entry };
      });
    },
  };
}
