/**
 * Streaming reads for the period reader (period-columns.ts): a query's rows handed one at a time, as arrays
 * of their columns in the order of the select list, without a page of objects in memory and without
 * keyset pages that start the index range again.
 *
 * - SQLite: one prepared statement, `raw()` rows through `iterate()`. The whole read runs synchronously on
 *   the store's connection, so nothing else interleaves with it (a consistent view of the store).
 * - PostgreSQL: one connection of the pool, one `REPEATABLE READ READ ONLY` transaction (every query sees
 *   the same snapshot), each query a server-side cursor (`DECLARE … CURSOR`) fetched in batches of rows as
 *   arrays.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { Dialect } from './dialect.js';

export interface RowStream {
  readonly dialect: Dialect;
  /** Runs the query (`?` placeholders) and hands each row, as an array in select order, to `each`. */
  rows(query: string, params: readonly unknown[], each: (row: unknown[]) => void): Promise<void>;
}

export interface RowStreams {
  /** Runs `fn` with a stream whose queries all see the same state of the store. */
  read<T>(fn: (stream: RowStream) => Promise<T>): Promise<T>;
}

export function sqliteRowStreams(sqlite: BetterSqlite3.Database): RowStreams {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const stream: RowStream = {
    dialect: 'sqlite',
    async rows(query, params, each) {
      let stmt = statements.get(query);
      if (stmt === undefined) {
        stmt = sqlite.prepare(query).raw(true);
        statements.set(query, stmt);
      }
      for (const row of stmt.iterate(...params) as IterableIterator<unknown[]>) each(row);
    },
  };
  return {
    async read(fn) {
      // The read passes over a whole period once: a small page cache serves it as well as a large one, and
      // keeps the process's peak memory down (the store's own setting is restored afterwards).
      const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
      sqlite.pragma(`cache_size = ${READ_CACHE_KIB}`);
      try {
        return await fn(stream);
      } finally {
        sqlite.pragma(`cache_size = ${cacheSize}`);
      }
    },
  };
}

/** SQLite's page cache during a period read, in KiB as `cache_size` takes it (negative). */
const READ_CACHE_KIB = -8192;

/** PostgreSQL's memory per sort or hash of a period read (the server's, not this process's). */
const WORK_MEM = '64MB';

/** Rows per FETCH: large enough that round trips do not count, small enough to stay a few MB. */
const FETCH_ROWS = 5000;

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the period reader's queries have no `?` in literals). */
function numbered(query: string): string {
  let n = 0;
  return query.replace(/\?/g, () => `$${++n}`);
}

export function postgresRowStreams(pool: pg.Pool): RowStreams {
  return {
    async read(fn) {
      const client = await pool.connect();
      let cursors = 0;
      const stream: RowStream = {
        dialect: 'postgres',
        async rows(query, params, each) {
          const name = `period_rows_${++cursors}`;
          await client.query(`declare ${name} no scroll cursor for ${numbered(query)}`, params as unknown[]);
          const fetch = () =>
            client.query({ text: `fetch ${FETCH_ROWS} from ${name}`, rowMode: 'array' }) as Promise<
              pg.QueryResult<unknown[]>
            >;
          // The next FETCH is sent before this batch is handed over, so that the server produces it while
          // this process fills the columns (one batch ahead: a few MB). A FETCH past the end returns no rows.
          let next: Promise<pg.QueryResult<unknown[]>> | undefined = fetch();
          try {
            while (next !== undefined) {
              const r: pg.QueryResult<unknown[]> = await next;
              next = r.rows.length < FETCH_ROWS ? undefined : fetch();
              for (const row of r.rows) each(row);
            }
          } catch (e) {
            // A FETCH still in flight fails with the same aborted transaction; it is not a second error.
            next?.catch(() => undefined);
            throw e;
          } finally {
            await client.query(`close ${name}`);
          }
        },
      };
      let failed = false;
      try {
        await client.query('begin isolation level repeatable read read only');
        // Every row of a cursor is read: plan for all of them, not for the first 10% (the default).
        await client.query('set local cursor_tuple_fraction = 1');
        // The joins and sorts of a period (a million contacts, their events) fit in memory at this size;
        // at the default 4 MB they spill to temporary files.
        await client.query(`set local work_mem = '${WORK_MEM}'`);
        const result = await fn(stream);
        await client.query('commit');
        return result;
      } catch (e) {
        failed = true;
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release(failed);
      }
    },
  };
}
