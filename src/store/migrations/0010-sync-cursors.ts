/**
 * Migration 0010: where each pull sync stands (docs/connectors.md, Pull mode). One row per system, source
 * and endpoint: the opaque cursor to resume from, written in the same transaction as the records of the
 * page that advanced it, so that a sync killed half-way resumes after its last committed page.
 */
import { type ColumnDataType, type Expression, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function syncCursorsMigration(dialect: Dialect): Migration {
  const idText: ColumnDataType | Expression<unknown> =
    dialect === 'postgres' ? sql`text collate "C"` : 'text';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sync_cursors')
        .addColumn('system', idText, (c) => c.notNull())
        .addColumn('source', idText, (c) => c.notNull())
        .addColumn('endpoint', idText, (c) => c.notNull())
        .addColumn('cursor', 'text', (c) => c.notNull())
        .addColumn('pages', 'bigint', (c) => c.notNull())
        .addColumn('records', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_cursors_pkey', ['system', 'source', 'endpoint'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sync_cursors').ifExists().execute();
    },
  };
}
