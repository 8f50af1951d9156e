/**
 * Records of one partner: the same reads as `store.records.readDataSet`, restricted to the partner's source
 * names in SQL (docs/api.md, Tenancy). The order is that of `readDataSet` (time, source, key), so an
 * evaluation of a partner's data gives the same digest as one over a store that holds only that partner.
 */
import type { Kysely } from 'kysely';
import type { DataSet } from '../../domain/records.js';
import { type Contact, emptyDataSet, type RecordKind, type RecordKinds } from '../../domain/records.js';
import type { TimeRange } from '../records.js';
import { TABLES, type TableSpec } from '../tables.js';
import type { ServerDb } from './schema.js';

type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

const PAGE = 2000;
const IN_CHUNK = 1000;
const CHILD_KINDS = ['status_events', 'surveys', 'qa_evaluations'] as const;
const STANDALONE = ['outages', 'incidents', 'privacy_incidents', 'forecasts'] as const;

export interface PartnerRecordReader {
  /** Everything of the range whose source is one of `sources`. */
  readDataSet(sources: readonly string[], range: TimeRange): Promise<DataSet>;
  /** The sources (of `sources`) that hold a contact with this id. */
  contactSources(sources: readonly string[], contactId: string): Promise<string[]>;
}

export function partnerRecordReader(db: ServerDb): PartnerRecordReader {
  const loose = db as unknown as LooseDb;

  async function* keysetPages(
    kind: RecordKind,
    sources: readonly string[],
    range: TimeRange,
  ): AsyncGenerator<Record<string, unknown>[]> {
    const spec = TABLES[kind];
    const time = spec.time;
    let cursor: [number, string, string] | undefined;
    for (;;) {
      let q = loose
        .selectFrom(spec.table as string)
        .selectAll()
        .where('source', 'in', [...sources]);
      if (kind === 'outages') q = q.where('from_at', '<', range.to).where('to_at', '>', range.from);
      else q = q.where(time, '>=', range.from).where(time, '<', range.to);
      if (cursor !== undefined) {
        const [t, s, k] = cursor;
        q = q.where((eb) => eb(eb.refTuple(time, 'source', 'key'), '>', eb.tuple(t, s, k)));
      }
      const rows = await q.orderBy(time).orderBy('source').orderBy('key').limit(PAGE).execute();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1]!;
      cursor = [Number(last[time]), String(last.source), String(last.key)];
    }
  }

  async function childrenOf<K extends (typeof CHILD_KINDS)[number]>(
    kind: K,
    contacts: readonly Contact[],
    out: RecordKinds[K][],
  ): Promise<void> {
    const spec = TABLES[kind] as TableSpec<K>;
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
  }

  return {
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

    async readDataSet(sources, range) {
      const data = emptyDataSet();
      if (sources.length === 0) return data;
      for await (const rows of keysetPages('contacts', sources, range)) {
        const contacts = rows.map((r) => TABLES.contacts.fromRow(r));
        data.contacts.push(...contacts);
        await childrenOf('status_events', contacts, data.status_events);
        await childrenOf('surveys', contacts, data.surveys);
        await childrenOf('qa_evaluations', contacts, data.qa_evaluations);
      }
      for (const kind of STANDALONE) {
        const spec = TABLES[kind] as TableSpec<typeof kind>;
        const list = data[kind] as RecordKinds[typeof kind][];
        for await (const rows of keysetPages(kind, sources, range)) {
          for (const r of rows) list.push(spec.fromRow(r));
        }
      }
      return data;
    },
  };
}
