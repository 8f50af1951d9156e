/**
 * Migration 0013: the period blocks (src/store/period-blocks.ts): per UTC day, a columnar copy of the
 * contacts created that day with their status events, and of the surveys answered that day, which the
 * period reader decodes instead of stepping through every row. A block is a copy that the store keeps
 * true: every write that changes a row of its day deletes it in the same transaction, and the reader
 * writes it again.
 */
import { type ColumnDataType, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';

export function periodBlocksMigration(dialect: Dialect): Migration {
  const bytes: ColumnDataType = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('period_blocks')
        .addColumn('kind', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('part', 'integer', (c) => c.notNull())
        .addColumn('format', 'integer', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('body', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('period_blocks_pkey', ['kind', 'day', 'part'])
        .execute();
      // Out of line but not compressed: a block is read whole, and decompressing it cost more than the
      // bytes it saved (they are mostly float64 numbers and digests, which compress poorly).
      if (dialect === 'postgres')
        await sql`alter table period_blocks alter column body set storage external`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('period_blocks').ifExists().execute();
    },
  };
}
