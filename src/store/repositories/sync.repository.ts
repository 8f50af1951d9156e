/**
 * Where each pull sync stands (migration 0010): the cursor of a system's endpoint for one source, and how
 * many pages and records it has brought in all.
 */
import type { StoreDb } from '../schema.js';

export interface SyncCursorKey {
  readonly system: string;
  readonly source: string;
  readonly endpoint: string;
}

export interface SyncCursor extends SyncCursorKey {
  /** Opaque to the store: each system's pager writes and reads its own form. */
  readonly cursor: string;
  readonly pages: number;
  readonly records: number;
  readonly updatedAt: number;
}

export interface SyncRepository {
  cursor(key: SyncCursorKey): Promise<SyncCursor | undefined>;
  /** Moves the cursor on after a page: `pages` and `records` are added to the totals. */
  advance(key: SyncCursorKey, cursor: string, pages: number, records: number, at: number): Promise<void>;
  /** Every cursor of a system and source (`accord sync --status`). */
  cursors(system: string, source: string): Promise<SyncCursor[]>;
  /** Forgets where a sync stands (`accord sync --restart`): the next run starts from its start time. */
  reset(system: string, source: string): Promise<number>;
}

type Row = {
  system: string;
  source: string;
  endpoint: string;
  cursor: string;
  pages: number | string;
  records: number | string;
  updated_at: number | string;
};

const fromRow = (r: Row): SyncCursor => ({
  system: r.system,
  source: r.source,
  endpoint: r.endpoint,
  cursor: r.cursor,
  pages: Number(r.pages),
  records: Number(r.records),
  updatedAt: Number(r.updated_at),
});

export function syncRepository(db: StoreDb): SyncRepository {
  return {
    async cursor(key) {
      const r = await db
        .selectFrom('sync_cursors')
        .selectAll()
        .where('system', '=', key.system)
        .where('source', '=', key.source)
        .where('endpoint', '=', key.endpoint)
        .executeTakeFirst();
      return r === undefined ? undefined : fromRow(r);
    },

    async advance(key, cursor, pages, records, at) {
      await db
        .insertInto('sync_cursors')
        .values({ ...key, cursor, pages, records, updated_at: at })
        .onConflict((oc) =>
          oc.columns(['system', 'source', 'endpoint']).doUpdateSet((eb) => ({
            cursor: eb.ref('excluded.cursor'),
            pages: eb('sync_cursors.pages', '+', eb.ref('excluded.pages')),
            records: eb('sync_cursors.records', '+', eb.ref('excluded.records')),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },

    async cursors(system, source) {
      const rows = await db
        .selectFrom('sync_cursors')
        .selectAll()
        .where('system', '=', system)
        .where('source', '=', source)
        .orderBy('endpoint')
        .execute();
      return rows.map(fromRow);
    },

    async reset(system, source) {
      const r = await db
        .deleteFrom('sync_cursors')
        .where('system', '=', system)
        .where('source', '=', source)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
