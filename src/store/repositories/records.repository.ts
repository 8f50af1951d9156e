/**
 * The record repository: write batches, count per kind, and read what an evaluation needs for a time
 * range. `readPeriodColumns` (period-columns.ts) is the evaluation's period reader, for the CLI and the API
 * alike: the rows straight into the evaluation's columns. `readPeriodData` reads the same rows as record
 * objects, in keyset pages (tests and tools).
 */
import { type Kysely, sql } from 'kysely';
import {
  type Contact,
  type DataSet,
  emptyDataSet,
  RECORD_KINDS,
  type RecordKind,
  type RecordKinds,
  type StatusEvent,
} from '../../domain/records.js';
import type { Dialect } from '../dialect.js';
import type { EncodedBatch } from '../encode.js';
import type { TimeRange } from '../period-columns.js';
import { type PeriodColumns, type PeriodColumnsOptions, readPeriodColumns } from '../period-columns.js';
import type { RowStreams } from '../row-stream.js';
import type { StoreDb } from '../schema.js';
import { TABLES, type TableSpec } from '../tables.js';
import type { RecordWriter, StoredRecord, WriteCounts } from '../writers.js';

export type { PeriodColumns, PeriodColumnsOptions, TimeRange } from '../period-columns.js';

export interface PageOptions {
  /** Records per page (default 2000). */
  readonly pageSize?: number;
  /** Only records of these sources (a partner's, docs/api.md, Tenancy); all when undefined. */
  readonly sources?: readonly string[];
}

export type RecordCounts = { [K in RecordKind]: number };

export interface RecordRepository {
  /** Upserts a batch in one transaction. */
  write(records: readonly StoredRecord[]): Promise<WriteCounts>;
  /** Upserts a batch encoded for this store's dialect (encode.ts) in one transaction. */
  writeEncoded(batch: EncodedBatch): Promise<WriteCounts>;
  count(): Promise<RecordCounts>;
  /**
   * Records of one kind by their own time, in (time, source, key) order: contacts created, status events
   * at, surveys answered, QA evaluations evaluated, incidents raised, privacy incidents reported, forecast
   * intervals starting in the range, and outages that overlap it.
   */
  recordPages<K extends RecordKind>(
    kind: K,
    range: TimeRange,
    options?: PageOptions,
  ): AsyncGenerator<RecordKinds[K][]>;
  /**
   * Everything an evaluation of the range needs, by the spec's period rules (contract.md, Periods):
   * contacts created in the range with all their status events (by source, contact, time), and every other
   * kind by its own time (`recordPages`). One streaming pass per kind; the order is deterministic, so the
   * same store gives the same `inputDigest`.
   */
  readPeriodData(range: TimeRange, options?: PageOptions): Promise<DataSet>;
  /**
   * What `readPeriodData` reads, streamed straight into the evaluation's columns in one query per kind
   * (period-columns.ts), with the digest of the rows read: the evaluation's period reader.
   */
  readPeriodColumns(range: TimeRange, options?: PeriodColumnsOptions): Promise<PeriodColumns>;
  /** The sources (of `sources`) that hold a contact with this id. */
  contactSources(sources: readonly string[], contactId: string): Promise<string[]>;
  /** A contact of these sources with its status history (one entry per source that holds the id). */
  contactTimelines(
    sources: readonly string[],
    contactId: string,
  ): Promise<{ contact: Contact; events: StatusEvent[] }[]>;
  /** Every key of a kind, in (source, key) order. */
  keys(kind: RecordKind): Promise<string[]>;
  /**
   * The live monitor's contacts, in pages by (created_at, source, key) with their status events: created at
   * or after `since`, and still without an answer, a first response or a resolution, or given one after
   * `stoppedAfter` (the monitor's checkpoint: stopped while it was down, perhaps past a deadline).
   */
  liveContactPages(
    since: number,
    stoppedAfter: number,
    options?: PageOptions,
  ): AsyncGenerator<ContactsWithEvents>;
  /** These contacts (by source and id) with their status events; unknown ones are left out. */
  contactsWithEvents(refs: readonly ContactKey[]): Promise<ContactsWithEvents>;
}

/** A contact by its source and id. */
export interface ContactKey {
  readonly source: string;
  readonly id: string;
}

export interface ContactsWithEvents {
  readonly contacts: Contact[];
  /** Their status events, by source, contact id and time. */
  readonly events: RecordKinds['status_events'][];
}

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

/** Keys per IN list; well below the parameter limits of both databases. */
const IN_CHUNK = 1000;
const PAGE_SIZE = 2000;

/** Every kind but contacts and their status history: each is read by its own time. */
const BY_OWN_TIME = RECORD_KINDS.filter(
  (k): k is Exclude<RecordKind, 'contacts' | 'status_events'> => k !== 'contacts' && k !== 'status_events',
);

export function recordRepository(
  db: StoreDb,
  dialect: Dialect,
  writer: RecordWriter,
  streams: RowStreams,
): RecordRepository {
  // Record tables are chosen by kind at run time: their shapes are checked by TableSpec, not by Kysely.
  const loose = db as unknown as LooseDb;
  // SQLite would answer `source IN (…)` from the primary key (source, key): every record of those sources,
  // of all time, sorted on every page. `+source` leaves it the time index, whose order the pages follow.
  const sourceColumn = dialect === 'sqlite' ? sql<string>`+source` : sql<string>`source`;

  /** The status events of a page of contacts, by source, contact id, time and key. */
  async function statusEventsOf(contacts: readonly Contact[], out: RecordKinds['status_events'][]) {
    const spec = TABLES.status_events;
    const bySource = new Map<string, string[]>();
    for (const c of contacts) {
      const ids = bySource.get(c.source);
      if (ids === undefined) bySource.set(c.source, [c.id]);
      else ids.push(c.id);
    }
    for (const source of [...bySource.keys()].sort()) {
      const ids = bySource.get(source)!;
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        const rows = await loose
          .selectFrom(spec.table)
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
  }

  /**
   * A survey or QA evaluation of the range whose contact was created before it still needs that contact
   * (populations and splits read it): such contacts, with their status history, come first, in the order of
   * every contact (created, source, key), as the files would give them.
   */
  async function withEarlierContacts(data: DataSet): Promise<DataSet> {
    const have = new Set(data.contacts.map((c) => `${c.source}\u0000${c.id}`));
    const wanted = new Map<string, Set<string>>();
    for (const r of [...data.surveys, ...data.qa_evaluations]) {
      if (have.has(`${r.source}\u0000${r.contactId}`)) continue;
      const ids = wanted.get(r.source) ?? new Set<string>();
      ids.add(r.contactId);
      wanted.set(r.source, ids);
    }
    if (wanted.size === 0) return data;
    const earlier: Contact[] = [];
    for (const [source, set] of wanted) {
      const ids = [...set];
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        const rows = await loose
          .selectFrom(TABLES.contacts.table)
          .selectAll()
          .where('source', '=', source)
          .where('key', 'in', ids.slice(i, i + IN_CHUNK))
          .execute();
        for (const row of rows) earlier.push(TABLES.contacts.fromRow(row));
      }
    }
    earlier.sort(
      (a, b) =>
        a.createdAt - b.createdAt ||
        (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const events: RecordKinds['status_events'][] = [];
    await statusEventsOf(earlier, events);
    return {
      ...data,
      contacts: [...earlier, ...data.contacts],
      status_events: [...events, ...data.status_events],
    };
  }

  /**
   * Keyset pages in (time, source, key) order. After the first page the cursor alone bounds the start:
   * keeping `time >= from` beside it makes SQLite scan the index from `from` again on every page.
   */
  async function* keysetPages(
    kind: RecordKind,
    range: TimeRange,
    options: PageOptions,
  ): AsyncGenerator<Record<string, unknown>[]> {
    const spec = TABLES[kind];
    const time = spec.time;
    const pageSize = options.pageSize ?? PAGE_SIZE;
    const sources = options.sources;
    if (sources !== undefined && sources.length === 0) return;
    let cursor: [number, string, string] | undefined;
    for (;;) {
      let q = loose.selectFrom(spec.table).selectAll();
      if (sources !== undefined) q = q.where(sourceColumn, 'in', [...sources]);
      if (kind === 'outages') {
        // An outage counts for every range it overlaps.
        q = q.where('from_at', '<', range.to).where('to_at', '>', range.from);
      } else {
        q = q.where(time, '<', range.to);
        if (cursor === undefined) q = q.where(time, '>=', range.from);
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

  async function* recordPages<K extends RecordKind>(
    kind: K,
    range: TimeRange,
    options: PageOptions = {},
  ): AsyncGenerator<RecordKinds[K][]> {
    const spec = TABLES[kind] as TableSpec<K>;
    for await (const rows of keysetPages(kind, range, options)) yield rows.map((r) => spec.fromRow(r));
  }

  return {
    write: (records) => writer.write(records),
    writeEncoded: (batch) => writer.writeEncoded(batch),

    async count() {
      const counts = {} as RecordCounts;
      for (const kind of RECORD_KINDS) {
        const row = await loose
          .selectFrom(TABLES[kind].table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        counts[kind] = Number(row?.n ?? 0);
      }
      return counts;
    },

    recordPages,

    async readPeriodData(range, options = {}) {
      const data = emptyDataSet();
      for await (const contacts of recordPages('contacts', range, options)) {
        for (const c of contacts) data.contacts.push(c);
        await statusEventsOf(contacts, data.status_events);
      }
      for (const kind of BY_OWN_TIME) {
        const list = data[kind] as RecordKinds[typeof kind][];
        for await (const page of recordPages(kind, range, options)) for (const r of page) list.push(r);
      }
      return withEarlierContacts(data);
    },

    readPeriodColumns: (range, options = {}) => readPeriodColumns(streams, range, options),

    async contactSources(sources, contactId) {
      if (sources.length === 0) return [];
      const rows = await db
        .selectFrom('contacts')
        .select('source')
        .where('source', 'in', [...sources])
        .where('key', '=', contactId)
        .orderBy('source')
        .execute();
      return rows.map((r) => r.source);
    },

    async *liveContactPages(since, stoppedAfter, options = {}) {
      const spec = TABLES.contacts;
      const sources = options.sources;
      if (sources !== undefined && sources.length === 0) return;
      const pageSize = options.pageSize ?? PAGE_SIZE;
      let cursor: [number, string, string] | undefined;
      for (;;) {
        let q = db.selectFrom('contacts').selectAll().where('created_at', '>=', since);
        if (sources !== undefined) q = q.where(sourceColumn, 'in', [...sources]);
        q = q.where((eb) =>
          eb.or(
            (['answered_at', 'first_response_at', 'resolved_at'] as const).flatMap((c) => [
              eb(c, 'is', null),
              eb(c, '>', stoppedAfter),
            ]),
          ),
        );
        if (cursor !== undefined) {
          const [t, s, k] = cursor;
          q = q.where((eb) => eb(eb.refTuple('created_at', 'source', 'key'), '>', eb.tuple(t, s, k)));
        }
        const rows = await q.orderBy('created_at').orderBy('source').orderBy('key').limit(pageSize).execute();
        if (rows.length === 0) return;
        const contacts = rows.map((r) => spec.fromRow(r));
        const events: RecordKinds['status_events'][] = [];
        await statusEventsOf(contacts, events);
        yield { contacts, events };
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1]!;
        cursor = [Number(last.created_at), String(last.source), String(last.key)];
      }
    },

    async contactsWithEvents(refs) {
      const spec = TABLES.contacts;
      const bySource = new Map<string, string[]>();
      for (const r of refs) {
        const ids = bySource.get(r.source);
        if (ids === undefined) bySource.set(r.source, [r.id]);
        else ids.push(r.id);
      }
      const contacts: Contact[] = [];
      for (const [source, ids] of bySource) {
        for (let i = 0; i < ids.length; i += IN_CHUNK) {
          const rows = await db
            .selectFrom('contacts')
            .selectAll()
            .where('source', '=', source)
            .where('key', 'in', ids.slice(i, i + IN_CHUNK))
            .execute();
          for (const row of rows) contacts.push(spec.fromRow(row));
        }
      }
      const events: RecordKinds['status_events'][] = [];
      await statusEventsOf(contacts, events);
      return { contacts, events };
    },

    async contactTimelines(sources, contactId) {
      if (sources.length === 0) return [];
      const contacts = await loose
        .selectFrom(TABLES.contacts.table)
        .selectAll()
        .where('source', 'in', [...sources])
        .where('key', '=', contactId)
        .orderBy('source')
        .execute();
      if (contacts.length === 0) return [];
      const events = await loose
        .selectFrom(TABLES.status_events.table)
        .selectAll()
        .where('source', 'in', [...sources])
        .where('contact_id', '=', contactId)
        .orderBy('at')
        .orderBy('key')
        .execute();
      const history = events.map((r) => TABLES.status_events.fromRow(r));
      return contacts.map((row) => {
        const contact = TABLES.contacts.fromRow(row);
        return { contact, events: history.filter((e) => e.source === contact.source) };
      });
    },

    async keys(kind) {
      const rows = await loose
        .selectFrom(TABLES[kind].table)
        .select('key')
        .orderBy('source')
        .orderBy('key')
        .execute();
      return rows.map((r) => String(r.key));
    },
  };
}
