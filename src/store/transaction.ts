/** The store's one kind of write transaction. */
import { sql } from 'kysely';
import type { Dialect } from './dialect.js';
import type { StoreDb } from './schema.js';

/**
 * Runs `fn` in a transaction that holds the write lock from its first statement (SQLite `BEGIN IMMEDIATE`),
 * so that a read followed by a write cannot fail half-way on a busy database.
 */
export async function writeTransaction<T>(
  db: StoreDb,
  dialect: Dialect,
  fn: (trx: StoreDb) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(dialect === 'sqlite' ? 'begin immediate' : 'begin').execute(conn);
    try {
      const result = await fn(conn);
      await sql.raw('commit').execute(conn);
      return result;
    } catch (e) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => undefined);
      throw e;
    }
  });
}
