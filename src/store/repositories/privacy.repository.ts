/**
 * Erasure on request and the retention purge of free text (data.md, "Personal data"). Each runs in one
 * transaction together with its audit entry, which records counts only: never the personal value or its
 * pseudonym.
 */
import type { Dialect } from '../dialect.js';
import type { StoreDb } from '../schema.js';
import { attributesJson, parseAttributes } from '../tables.js';
import { writeTransaction } from '../transaction.js';
import { type AuditEntry, appendAudit } from './audit.repository.js';

export interface AuditContext {
  readonly at: number;
  readonly actor: string;
}

export interface ErasureResult {
  /** Contacts whose customer pseudonym or personal attributes were removed. */
  readonly contacts: number;
  /** Survey comments removed from those contacts' surveys. */
  readonly surveyComments: number;
  /** QA evaluations whose personal attributes were removed. */
  readonly qaEvaluations: number;
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
   * Removes every trace of one customer, named by their pseudonym: the `customer` column, personal
   * attributes (`personalAttributes`, and any attribute holding the pseudonym) of their contacts and those
   * contacts' QA evaluations, and the comments of those contacts' surveys.
   */
  eraseCustomer(
    pseudonym: string,
    personalAttributes: readonly string[],
    audit: AuditContext,
  ): Promise<ErasureResult>;
  /** Deletes survey comments and (privacy) incident summaries dated before `before`. */
  purgeFreeText(before: number, audit: AuditContext & { readonly olderThan: string }): Promise<PurgeResult>;
}

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

/** `pseudonym` is hex: it holds none of LIKE's wildcards. */
const containing = (pseudonym: string) => `%${pseudonym}%`;

function stripped(
  attributes: unknown,
  personal: ReadonlySet<string>,
  pseudonym: string,
): { json: string; changed: boolean } {
  const attrs = parseAttributes(attributes);
  let changed = false;
  for (const [k, v] of Object.entries(attrs)) {
    if (personal.has(k) || v.includes(pseudonym)) {
      delete attrs[k];
      changed = true;
    }
  }
  return { json: attributesJson(attrs), changed };
}

export function privacyRepository(db: StoreDb, dialect: Dialect, scrub: ScrubHooks): PrivacyRepository {
  async function scrubbing<T>(fn: (trx: StoreDb) => Promise<T>): Promise<T> {
    scrub.before();
    try {
      return await writeTransaction(db, dialect, fn);
    } finally {
      scrub.after();
    }
  }

  return {
    eraseCustomer(pseudonym, personalAttributes, audit) {
      const personal = new Set(personalAttributes);
      return scrubbing(async (trx) => {
        // The digest is left as it was imported: re-importing the same unchanged export then finds the row
        // unchanged and does not bring the pseudonym back (docs/data-and-store.md).
        const contacts = await trx
          .selectFrom('contacts')
          .select(['source', 'key', 'id', 'customer', 'attributes'])
          .where((eb) =>
            eb.or([eb('customer', '=', pseudonym), eb('attributes', 'like', containing(pseudonym))]),
          )
          .execute();
        for (const c of contacts) {
          const attrs = stripped(c.attributes, personal, pseudonym);
          await trx
            .updateTable('contacts')
            .set({ customer: c.customer === pseudonym ? null : c.customer, attributes: attrs.json })
            .where('source', '=', c.source)
            .where('key', '=', c.key)
            .execute();
        }
        const idsBySource = new Map<string, string[]>();
        for (const c of contacts) idsBySource.set(c.source, [...(idsBySource.get(c.source) ?? []), c.id]);

        let surveyComments = 0;
        const qaRows = new Map<string, { source: string; key: string; attributes: string }>();
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
            for (const q of qa) qaRows.set(`${q.source}\u0000${q.key}`, q);
          }
        }
        const qaMentioning = await trx
          .selectFrom('qa_evaluations')
          .select(['source', 'key', 'attributes'])
          .where('attributes', 'like', containing(pseudonym))
          .execute();
        for (const q of qaMentioning) qaRows.set(`${q.source}\u0000${q.key}`, q);
        let qaEvaluations = 0;
        for (const q of qaRows.values()) {
          const attrs = stripped(q.attributes, personal, pseudonym);
          if (!attrs.changed) continue;
          await trx
            .updateTable('qa_evaluations')
            .set({ attributes: attrs.json })
            .where('source', '=', q.source)
            .where('key', '=', q.key)
            .execute();
          qaEvaluations++;
        }
        const counts = { contacts: contacts.length, surveyComments, qaEvaluations };
        const entry = await appendAudit(trx, dialect, {
          at: audit.at,
          actor: audit.actor,
          action: 'privacy.erase',
          subject: 'customer',
          details: counts,
        });
        return { ...counts, audit: entry };
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
