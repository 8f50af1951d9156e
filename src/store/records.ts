/**
 * The record repository: write batches, count per kind, and read what an evaluation needs for a time
 * range, page by page, so that a month of a million contacts never has to sit in memory at once.
 */
import type { Kysely } from 'kysely';
import {
  type Contact,
  type DataSet,
  emptyDataSet,
  type QaEvaluation,
  RECORD_KINDS,
  type RecordKind,
  type RecordKinds,
  type StatusEvent,
  type Survey,
} from '../domain/records.js';
import type { EncodedBatch } from './encode.js';
import type { StoreSchema } from './schema.js';
import { TABLES, type TableSpec } from './tables.js';
import type { RecordWriter, StoredRecord, WriteCounts } from './writers.js';

/** A half-open range of instants, [from, to), in epoch milliseconds. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** One page of contacts (ordered by created_at, source, id) with every child record of those contacts. */
export interface ContactPage {
  readonly contacts: Contact[];
  /** Ordered by source, contact id, time. */
  readonly statusEvents: StatusEvent[];
  readonly surveys: Survey[];
  readonly qaEvaluations: QaEvaluation[];
}

export interface PageOptions {
  /** Records per page (default 2000). */
  readonly pageSize?: number;
}

/** The kinds read by their own time field rather than through their contact. */
export type StandaloneKind = 'outages' | 'incidents' | 'privacy_incidents' | 'forecasts';

export type RecordCounts = { [K in RecordKind]: number };

export interface RecordRepository {
  /** Upserts a batch in one transaction. */
  write(records: readonly StoredRecord[]): Promise<WriteCounts>;
  /** Upserts a batch encoded for this store's dialect (encode.ts) in one transaction. */
  writeEncoded(batch: EncodedBatch): Promise<WriteCounts>;
  count(): Promise<RecordCounts>;
  /** Contacts created in the range, with their status events, surveys and QA evaluations. */
  contactPages(range: TimeRange, options?: PageOptions): AsyncGenerator<ContactPage>;
  /**
   * Records of one kind by their own time: outages that overlap the range, incidents raised, privacy
   * incidents reported, forecast intervals starting, and child records dated within it.
   */
  recordPages<K extends RecordKind>(
    kind: K,
    range: TimeRange,
    options?: PageOptions,
  ): AsyncGenerator<RecordKinds[K][]>;
  /** Everything for a range in memory (contacts by created_at, their children, the rest by their time). */
  readDataSet(range: TimeRange): Promise<DataSet>;
}

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

const CHILD_KINDS = ['status_events', 'surveys', 'qa_evaluations'] as const;

/** Keys per IN list; well below the parameter limits of both databases. */
const IN_CHUNK = 1000;

export function recordRepository(db: Kysely<StoreSchema>, writer: RecordWriter): RecordRepository {
  const loose = db as unknown as LooseDb;

  async function childrenOf<K extends (typeof CHILD_KINDS)[number]>(
    kind: K,
    contacts: readonly Contact[],
  ): Promise<RecordKinds[K][]> {
    const spec = TABLES[kind] as TableSpec<K>;
    const bySource = new Map<string, string[]>();
    for (const c of contacts) {
      const ids = bySource.get(c.source);
      if (ids === undefined) bySource.set(c.source, [c.id]);
      else ids.push(c.id);
    }
    const out: RecordKinds[K][] = [];
    for (const source of [...bySource.keys()].sort()) {
      const ids = bySource.get(source)!;
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        const rows = await loose
          .selectFrom(spec.table as string)
          .selectAll()
          .where('source', '=', source)
          .where('contact_id', 'in', ids.slice(i, i + IN_CHUNK))
          .orderBy('contact_id')
          .orderBy(spec.time)
          .orderBy('key')
          .execute();
        for (const row of rows) out.push(spec.fromRow(row));
      }
    }
    return out;
  }

  async function* keysetPages(
    kind: RecordKind,
    range: TimeRange,
    pageSize: number,
  ): AsyncGenerator<Record<string, unknown>[]> {
    const spec = TABLES[kind];
    const time = spec.time;
    let cursor: [number, string, string] | undefined;
    for (;;) {
      let q = loose.selectFrom(spec.table as string).selectAll();
      if (kind === 'outages') {
        // An outage counts for every range it overlaps.
        q = q.where('from_at', '<', range.to).where('to_at', '>', range.from);
      } else {
        q = q.where(time, '>=', range.from).where(time, '<', range.to);
      }
      if (cursor !== undefined) {
        const [t, s, k] = cursor;
        q = q.where((eb) => eb(eb.refTuple(time, 'source', 'key'), '>', eb.tuple(t, s, k)));
      }
      const rows = await q.orderBy(time).orderBy('source').orderBy('key').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1]!;
      cursor = [Number(last[time]), String(last.source), String(last.key)];
    }
  }

  const repo: RecordRepository = {
    write: (records) => writer.write(records),
    writeEncoded: (batch) => writer.writeEncoded(batch),

    async count() {
      const counts = {} as RecordCounts;
      for (const kind of RECORD_KINDS) {
        const row = await loose
          .selectFrom(TABLES[kind].table as string)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        counts[kind] = Number(row?.n ?? 0);
      }
      return counts;
    },

    async *contactPages(range, options = {}) {
      const spec = TABLES.contacts;
      for await (const rows of keysetPages('contacts', range, options.pageSize ?? 2000)) {
        const contacts = rows.map((r) => spec.fromRow(r));
        yield {
          contacts,
          statusEvents: await childrenOf('status_events', contacts),
          surveys: await childrenOf('surveys', contacts),
          qaEvaluations: await childrenOf('qa_evaluations', contacts),
        };
      }
    },

    async *recordPages<K extends RecordKind>(kind: K, range: TimeRange, options: PageOptions = {}) {
      const spec = TABLES[kind] as TableSpec<K>;
      for await (const rows of keysetPages(kind, range, options.pageSize ?? 2000)) {
        yield rows.map((r) => spec.fromRow(r));
      }
    },

    async readDataSet(range) {
      const data = emptyDataSet();
      for await (const page of repo.contactPages(range)) {
        data.contacts.push(...page.contacts);
        data.status_events.push(...page.statusEvents);
        data.surveys.push(...page.surveys);
        data.qa_evaluations.push(...page.qaEvaluations);
      }
      const standalone: StandaloneKind[] = ['outages', 'incidents', 'privacy_incidents', 'forecasts'];
      for (const kind of standalone) {
        const list = data[kind] as RecordKinds[typeof kind][];
        for await (const page of repo.recordPages(kind, range)) list.push(...page);
      }
      return data;
    },
  };
  return repo;
}
