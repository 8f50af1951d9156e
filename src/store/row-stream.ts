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
import { to as copyTo } from 'pg-copy-streams';
import type { Dialect } from './dialect.js';
import { collectGarbage } from './garbage.js';
import { type BodyWriter, piecesOf } from './period-blocks.js';

export interface RowStream {
  readonly dialect: Dialect;
  /** Runs the query (`?` placeholders) and hands each row, as an array in select order, to `each`. */
  rows(query: string, params: readonly unknown[], each: (row: unknown[]) => void): Promise<void>;
  /**
   * Runs a query of the pieces of stored bodies (`piece, body`, in order) and puts each body together in
   * `into`, a piece 0 starting the next one (PostgreSQL sends the bytes as they are).
   */
  bodies(query: string, params: readonly unknown[], into: BodyWriter): Promise<void>;
}

/** A period block to save (period-blocks.ts). */
export interface BlockRow {
  readonly kind: string;
  readonly day: number;
  /** The block's place among the day's blocks of its kind, from 0. */
  readonly part: number;
  readonly format: number;
  /** The rows it holds. */
  readonly rows: number;
  readonly body: Uint8Array;
}

export interface RowStreams {
  /** Runs `fn` with a stream whose queries all see the same state of the store. */
  read<T>(fn: (stream: RowStream) => Promise<T>): Promise<T>;
  /**
   * Saves period blocks built from rows read while the data watermark ('*') was `watermark`, only if it
   * still is (no write committed since): whether they were saved. Never waits for a writer: a store busy
   * writing, read-only or without the table just keeps no block this time.
   */
  saveBlocks(watermark: number, blocks: readonly BlockRow[]): Promise<boolean>;
}

const WATERMARK = `select seq from record_changes where scope = '*'`;

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
    async bodies(query, params, into) {
      await stream.rows(query, params, (row) => {
        if (Number(row[0]) === 0) into.start();
        const piece = row[1] as Uint8Array;
        into.append(piece);
        released(piece.length);
      });
    },
  };
  return {
    async read(fn) {
      // The read passes over a whole period once: a small page cache serves it as well as a large one, and
      // keeps the process's peak memory down (the store's own setting is restored afterwards).
      const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
      sqlite.pragma(`cache_size = ${READ_CACHE_KIB}`);
      // One read transaction: every query sees the same snapshot, whatever the writer thread commits.
      const own = !sqlite.inTransaction;
      if (own) sqlite.exec('begin');
      try {
        return await fn(stream);
      } finally {
        if (own && sqlite.inTransaction) sqlite.exec('commit');
        sqlite.pragma(`cache_size = ${cacheSize}`);
      }
    },
    async saveBlocks(watermark, blocks) {
      if (sqlite.inTransaction || sqlite.readonly) return false;
      const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
      try {
        sqlite.pragma('busy_timeout = 0');
        sqlite.exec('begin immediate');
      } catch {
        return false;
      } finally {
        sqlite.pragma(`busy_timeout = ${timeout}`);
      }
      try {
        const seq = sqlite.prepare(WATERMARK).pluck().get() as number | bigint | undefined;
        if (seq === undefined || Number(seq) !== watermark) {
          sqlite.exec('rollback');
          return false;
        }
        // A day's blocks of a kind replace all it had (of another format, there may be more).
        const clear = sqlite.prepare('delete from period_blocks where kind = ? and day = ?');
        for (const b of blocks) if (b.part === 0) clear.run(b.kind, b.day);
        const put = sqlite.prepare(
          'insert into period_blocks (kind, day, part, piece, format, "rows", body) values (?, ?, ?, ?, ?, ?, ?)',
        );
        for (const b of blocks)
          for (const [piece, body] of piecesOf(b.body).entries())
            put.run(b.kind, b.day, b.part, piece, b.format, piece === 0 ? b.rows : 0, body);
        sqlite.exec('commit');
        return true;
      } catch {
        if (sqlite.inTransaction) sqlite.exec('rollback');
        return false;
      }
    },
  };
}

/** Bytes of pieces handed over between two young-generation collections (garbage.ts says why). */
const RELEASE_BYTES = 4 << 20;
let handedOver = 0;

/** Counts bytes the driver handed over, and frees its buffers after every RELEASE_BYTES. */
function released(bytes: number): void {
  handedOver += bytes;
  if (handedOver < RELEASE_BYTES) return;
  handedOver = 0;
  collectGarbage('minor');
}

/** SQLite's page cache during a period read, in KiB as `cache_size` takes it (negative). */
const READ_CACHE_KIB = -8192;

/** PostgreSQL's memory per sort or hash of a period read (the server's, not this process's). */
const WORK_MEM = '64MB';

/** How long a block save waits for a write under way before it gives up. */
const SAVE_LOCK_WAIT = '200ms';

/** Rows per FETCH: large enough that round trips do not count, small enough to stay a few MB. */
const FETCH_ROWS = 5000;

/**
 * A query with its parameters written in (COPY takes none): only integers and lower-case words, which need
 * no quoting beyond the quotes.
 */
function inlined(query: string, params: readonly unknown[]): string {
  let n = 0;
  return query.replace(/\?/g, () => {
    const v = params[n++];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    if (typeof v === 'string' && /^[a-z_]+$/.test(v)) return `'${v}'`;
    throw new Error(`a parameter that cannot be written into a COPY: ${String(v)}`);
  });
}

/** Bytes of a binary COPY's header up to its extension: the signature, the flags, the extension's length. */
const SIGNATURE = 11 + 4 + 4;
const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The rows of a binary COPY of `piece, body` (int4, bytea), parsed as its chunks come, a chunk boundary
 * anywhere: each body's bytes go to the writer as they arrive, never gathered into a buffer of their own.
 * PostgreSQL's format: an 11-byte signature, u32 flags, u32 length of a header extension and the
 * extension; per row an i16 field count and per field an i32 length (-1 null) and the bytes; -1 for the
 * count at the end.
 */
export class CopyPieces {
  private readonly fixed = Buffer.alloc(SIGNATURE);
  private have = 0;
  private need = SIGNATURE;
  private state: 'signature' | 'skip' | 'count' | 'length' | 'piece' | 'body' | 'end' = 'signature';
  /** Bytes left of the value in hand (`skip`, `body`); the field of the next length. */
  private left = 0;
  private field = 0;

  constructor(private readonly into: BodyWriter) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.state !== 'end') {
      if (this.state === 'skip' || this.state === 'body') {
        const n = Math.min(this.left, chunk.length - at);
        if (this.state === 'body') this.into.append(chunk.subarray(at, at + n));
        at += n;
        this.left -= n;
        if (this.left === 0) this.expect('count', 2);
        continue;
      }
      const n = Math.min(this.need - this.have, chunk.length - at);
      this.fixed.set(chunk.subarray(at, at + n), this.have);
      this.have += n;
      at += n;
      if (this.have === this.need) this.fixedRead();
    }
  }

  /** The COPY is over: it must have ended where its format ends. */
  end(): void {
    if (this.state !== 'end') throw new Error('a binary COPY of period blocks ended within a row');
  }

  private expect(state: 'count' | 'length' | 'piece', bytes: number): void {
    this.state = state;
    this.need = bytes;
    this.have = 0;
  }

  private fixedRead(): void {
    const f = this.fixed;
    switch (this.state) {
      case 'signature': {
        if (!f.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('not a binary COPY');
        this.left = f.readUInt32BE(15);
        if (this.left > 0) this.state = 'skip';
        else this.expect('count', 2);
        return;
      }
      case 'count': {
        const count = f.readInt16BE(0);
        if (count === -1) {
          this.state = 'end';
          return;
        }
        if (count !== 2) throw new Error(`a binary COPY of period blocks has ${count} fields, not 2`);
        this.field = 0;
        this.expect('length', 4);
        return;
      }
      case 'length': {
        const length = f.readInt32BE(0);
        if (this.field === 0) {
          if (length !== 4) throw new Error('a binary COPY of period blocks has a piece that is not an int4');
          this.expect('piece', 4);
          return;
        }
        if (length < 0) throw new Error('a binary COPY of period blocks has a null body');
        this.left = length;
        if (length > 0) this.state = 'body';
        else this.expect('count', 2);
        return;
      }
      case 'piece': {
        if (f.readInt32BE(0) === 0) this.into.start();
        this.field = 1;
        this.expect('length', 4);
        return;
      }
    }
  }
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the period reader's queries have no `?` in literals). */
function numbered(query: string): string {
  let n = 0;
  return query.replace(/\?/g, () => `$${++n}`);
}

export function postgresRowStreams(pool: pg.Pool): RowStreams {
  return {
    async saveBlocks(watermark, blocks) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        // A write under way holds ROW EXCLUSIVE on the table from its start (period-blocks.ts): wait for
        // it a moment at most, then keep no block this time.
        await client.query(`set local lock_timeout = '${SAVE_LOCK_WAIT}'`);
        await client.query('lock table period_blocks in share row exclusive mode');
        const r = await client.query({ text: WATERMARK, rowMode: 'array' });
        if (r.rows.length === 0 || Number((r.rows[0] as unknown[])[0]) !== watermark) {
          await client.query('rollback');
          return false;
        }
        // A day's blocks of a kind replace all it had (of another format, there may be more).
        for (const b of blocks)
          if (b.part === 0)
            await client.query('delete from period_blocks where kind = $1 and day = $2', [b.kind, b.day]);
        // A block's pieces in one statement (the pieces as binary parameters).
        for (const b of blocks) {
          const values: unknown[] = [b.kind, b.day, b.part, b.format];
          const rows = piecesOf(b.body).map((body, piece) => {
            values.push(
              piece,
              piece === 0 ? b.rows : 0,
              Buffer.from(body.buffer, body.byteOffset, body.byteLength),
            );
            const at = values.length;
            return `($1, $2, $3, $${at - 2}, $4, $${at - 1}, $${at})`;
          });
          await client.query(
            `insert into period_blocks (kind, day, part, piece, format, "rows", body) values ${rows.join(', ')}`,
            values,
          );
        }
        await client.query('commit');
        return true;
      } catch {
        await client.query('rollback').catch(() => undefined);
        return false;
      } finally {
        client.release();
      }
    },
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
        async bodies(query, params, into) {
          // As a binary COPY: bytea as text is twice its size in hex, and node-postgres hands binary results
          // over as text; decoding the hex cost more than the rest of the read.
          const pieces = new CopyPieces(into);
          const copy = client.query(
            copyTo(`copy (${inlined(query, params)}) to stdout with (format binary)`),
          );
          for await (const chunk of copy) {
            pieces.push(chunk as Buffer);
            released((chunk as Buffer).length);
          }
          pieces.end();
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
