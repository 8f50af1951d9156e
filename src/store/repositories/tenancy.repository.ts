/**
 * Organisations and partners (docs/api.md, Tenancy). A client organisation has one or more partners; each
 * partner owns a set of source names (`partner_sources`), and records belong to the partner that owns their
 * `source`. A source belongs to at most one partner.
 */
import { type Kysely, sql } from 'kysely';
import { RECORD_KINDS, type RecordKind } from '../../domain/records.js';
import { ConflictError, isUniqueViolation } from '../errors.js';
import type { StoreDb } from '../schema.js';
import { TABLES } from '../tables.js';

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface Partner {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly defaultSource: string;
  /** Sorted. */
  readonly sources: readonly string[];
  readonly createdAt: number;
}

export interface TenancyRepository {
  createOrganisation(o: Organisation): Promise<Organisation>;
  organisation(id: string): Promise<Organisation | undefined>;
  organisations(): Promise<Organisation[]>;
  createPartner(p: Omit<Partner, 'sources'> & { readonly sources: readonly string[] }): Promise<Partner>;
  /** The partner, only when it belongs to the organisation. */
  partner(organisationId: string, id: string): Promise<Partner | undefined>;
  /** The partner by id alone (token creation by the operator). */
  partnerById(id: string): Promise<Partner | undefined>;
  partners(organisationId: string): Promise<Partner[]>;
  /** Adds a source name to a partner; a name owned by any partner is a conflict. */
  addSource(partnerId: string, source: string, at: number): Promise<void>;
  /** Which partner owns each of the names (absent names are not owned). */
  ownersOf(sources: readonly string[]): Promise<Map<string, string>>;
  /** The names among `sources` under which any record is stored (whoever owns them). */
  sourcesWithRecords(sources: readonly string[]): Promise<Set<string>>;
  /**
   * Records in sources that no partner owns, counted per source and kind (in source, then kind order): no
   * partner's evaluation reads them. With a range, only the records of that time (each kind by its own
   * time, outages overlapping it), else all of them.
   */
  unownedSources(range?: { readonly from: number; readonly to: number }): Promise<UnownedRecords[]>;
}

/** Records of one kind in a source that no partner owns. */
export interface UnownedRecords {
  readonly source: string;
  readonly kind: RecordKind;
  readonly records: number;
}

export function tenancyRepository(db: StoreDb): TenancyRepository {
  async function sourcesOf(partnerIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (partnerIds.length === 0) return out;
    const rows = await db
      .selectFrom('partner_sources')
      .select(['partner_id', 'source'])
      .where('partner_id', 'in', [...partnerIds])
      .orderBy('source')
      .execute();
    for (const r of rows) {
      const list = out.get(r.partner_id);
      if (list === undefined) out.set(r.partner_id, [r.source]);
      else list.push(r.source);
    }
    return out;
  }

  type PartnerRow = {
    id: string;
    organisation_id: string;
    name: string;
    default_source: string;
    created_at: number;
  };
  async function withSources(rows: readonly PartnerRow[]): Promise<Partner[]> {
    const sources = await sourcesOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      organisationId: r.organisation_id,
      name: r.name,
      defaultSource: r.default_source,
      sources: sources.get(r.id) ?? [],
      createdAt: Number(r.created_at),
    }));
  }

  async function insertSource(partnerId: string, source: string, at: number): Promise<void> {
    const owner = await db
      .selectFrom('partner_sources')
      .select('partner_id')
      .where('source', '=', source)
      .executeTakeFirst();
    if (owner !== undefined) {
      if (owner.partner_id === partnerId) return;
      throw new ConflictError(`source "${source}" already belongs to another partner`);
    }
    try {
      await db
        .insertInto('partner_sources')
        .values({ source, partner_id: partnerId, created_at: at })
        .execute();
    } catch (e) {
      if (isUniqueViolation(e))
        throw new ConflictError(`source "${source}" already belongs to another partner`);
      throw e;
    }
  }

  return {
    async createOrganisation(o) {
      await db
        .insertInto('organisations')
        .values({ id: o.id, name: o.name, created_at: o.createdAt })
        .execute();
      return o;
    },

    async organisation(id) {
      const r = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, name: r.name, createdAt: Number(r.created_at) };
    },

    async organisations() {
      const rows = await db
        .selectFrom('organisations')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, createdAt: Number(r.created_at) }));
    },

    async createPartner(p) {
      await db
        .insertInto('partners')
        .values({
          id: p.id,
          organisation_id: p.organisationId,
          name: p.name,
          default_source: p.defaultSource,
          created_at: p.createdAt,
        })
        .execute();
      const sources = [...new Set([p.defaultSource, ...p.sources])].sort();
      for (const s of sources) await insertSource(p.id, s, p.createdAt);
      return { ...p, sources };
    },

    async partner(organisationId, id) {
      const rows = await db
        .selectFrom('partners')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .execute();
      return (await withSources(rows))[0];
    },

    async partnerById(id) {
      const rows = await db.selectFrom('partners').selectAll().where('id', '=', id).execute();
      return (await withSources(rows))[0];
    },

    async partners(organisationId) {
      const rows = await db
        .selectFrom('partners')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return withSources(rows);
    },

    addSource: insertSource,

    async sourcesWithRecords(sources) {
      const out = new Set<string>();
      for (const source of new Set(sources))
        for (const spec of Object.values(TABLES)) {
          // One index seek on the (source, key) primary key per table.
          const row = await db
            .selectFrom(spec.table as 'contacts')
            .select('source')
            .where('source', '=', source)
            .limit(1)
            .executeTakeFirst();
          if (row !== undefined) {
            out.add(source);
            break;
          }
        }
      return out;
    },

    async unownedSources(range) {
      // Record tables are chosen by kind at run time: their shapes are checked by TableSpec, not by Kysely.
      const loose = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const owned = new Set(
        (await db.selectFrom('partner_sources').select('source').execute()).map((r) => r.source),
      );
      const out: UnownedRecords[] = [];
      for (const kind of RECORD_KINDS) {
        const spec = TABLES[kind];
        // Counting a table's rows in the range per source read every row of the range (0.56 s and 64 MB of
        // page cache on a month of 1,000,000 contacts, after every evaluation the API computed); its few
        // sources come from the primary key instead, and only those no partner owns are counted.
        const unowned = (await distinctSources(db, spec.table)).filter((source) => !owned.has(source));
        if (unowned.length === 0) continue;
        let q = loose
          .selectFrom(spec.table)
          .select((eb) => ['source', eb.fn.countAll().as('n')])
          .where('source', 'in', unowned);
        if (range !== undefined)
          q =
            kind === 'outages'
              ? q.where('from_at', '<', range.to).where('to_at', '>', range.from)
              : q.where(spec.time, '>=', range.from).where(spec.time, '<', range.to);
        const rows = await q.groupBy('source').execute();
        for (const r of rows) out.push({ source: String(r.source), kind, records: Number(r.n) });
      }
      return out.sort((a, b) =>
        a.source === b.source
          ? RECORD_KINDS.indexOf(a.kind) - RECORD_KINDS.indexOf(b.kind)
          : a.source < b.source
            ? -1
            : 1,
      );
    },

    async ownersOf(sources) {
      const out = new Map<string, string>();
      const unique = [...new Set(sources)];
      for (let i = 0; i < unique.length; i += 500) {
        const rows = await db
          .selectFrom('partner_sources')
          .select(['source', 'partner_id'])
          .where('source', 'in', unique.slice(i, i + 500))
          .execute();
        for (const r of rows) out.set(r.source, r.partner_id);
      }
      return out;
    },
  };
}

/**
 * The distinct sources of a record table, one seek in its primary key `(source, key)` per source (a loose
 * index scan, which neither database does by itself for `select distinct`).
 */
async function distinctSources(db: StoreDb, table: string): Promise<string[]> {
  const t = sql.table(table);
  const r = await sql<{ source: string | null }>`
    with recursive s(source) as (
      select min(source) from ${t}
      union all
      select (select min(source) from ${t} where source > s.source) from s where s.source is not null
    )
    select source from s where source is not null`.execute(db);
  return r.rows.map((row) => row.source!);
}
