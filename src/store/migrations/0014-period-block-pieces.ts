/**
 * Migration 0014: a period block is stored in pieces of at most PIECE_BYTES (period-blocks.ts), one row
 * each, and read piece by piece into memory the reader reuses. A block stored whole (megabytes) came out
 * of the database as one value: SQLite put its overflow pages together in a buffer of its own, the driver
 * copied it into another, and the C allocator kept tens of MB of those after they were freed.
 *
 * The blocks are a copy the reader builds again from the rows, so the table is made anew, empty.
 */
import { type ColumnDataType, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import { periodBlocksMigration } from './0013-period-blocks.js';

export function periodBlockPiecesMigration(dialect: Dialect): Migration {
  const bytes: ColumnDataType = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.dropTable('period_blocks').ifExists().execute();
      await db.schema
        .createTable('period_blocks')
        .addColumn('kind', dialect === 'postgres' ? sql`text collate "C"` : 'text', (c) => c.notNull())
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('part', 'integer', (c) => c.notNull())
        .addColumn('piece', 'integer', (c) => c.notNull())
        .addColumn('format', 'integer', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('body', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('period_blocks_pkey', ['kind', 'day', 'part', 'piece'])
        .execute();
      // Out of line but not compressed (as in 0013): mostly float64 numbers and digests, which compress
      // poorly, read whole.
      if (dialect === 'postgres')
        await sql`alter table period_blocks alter column body set storage external`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      // Back to 0013's table, empty (the blocks are built again).
      await db.schema.dropTable('period_blocks').ifExists().execute();
      await periodBlocksMigration(dialect).up(db);
    },
  };
}
