/**
 * Opening a store: SQLite (better-sqlite3, WAL) or PostgreSQL (pg), chosen by the URL, migrated to the
 * latest schema, with the repositories over it. This folder is the only place with SQL.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type BackupResult, BackupUnsupportedError, backupSqlite } from './backup.js';
import type { Dialect } from './dialect.js';
import { migrateToLatest } from './migrations/index.js';
import { OwnSchemaPostgresDialect } from './postgres-dialect.js';
import { type TransactionRepositories, transactionRepositories } from './repositories/index.js';
import {
  type PrivacyRepository,
  privacyRepository,
  type ScrubHooks,
} from './repositories/privacy.repository.js';
import { type RecordRepository, recordRepository } from './repositories/records.repository.js';
import type { StoreDb, StoreSchema } from './schema.js';
import { writeTransaction } from './transaction.js';
import { parseStoreUrl, redactStoreUrl, resolveStoreUrl } from './url.js';
import { PostgresRecordWriter, SqliteRecordWriter } from './writers.js';

/**
 * A store: one repository per entity. There is no raw query handle: whatever needs the database asks a
 * repository, so that SQL stays in this folder.
 */
export interface Store extends TransactionRepositories {
  readonly dialect: Dialect;
  /** The URL without its password, for messages. */
  readonly description: string;
  readonly records: RecordRepository;
  readonly privacy: PrivacyRepository;
  /**
   * Runs `fn` in one write transaction (SQLite `BEGIN IMMEDIATE`, PostgreSQL `BEGIN`) with repositories
   * bound to it, so that a change and its audit entry commit together or not at all.
   */
  transaction<T>(fn: (tx: TransactionRepositories) => Promise<T>): Promise<T>;
  /** A round trip to the database; throws when it is unreachable. */
  ping(): Promise<void>;
  /**
   * SQLite: an online, consistent copy of the database into `file` (src/store/backup.ts), taken while
   * others keep writing. PostgreSQL: BackupUnsupportedError (pg_dump, docs/deployment.md).
   */
  backup(file: string): Promise<BackupResult>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Bring the schema up to date (default true). */
  readonly migrate?: boolean;
  /**
   * Add Accord's tables even to a database that holds tables Accord did not create (the CLI's `--force`);
   * by default such a database is refused before anything is written to it.
   */
  readonly force?: boolean;
}

/** The store cannot be opened (no such server, no permission, a broken file); the message says which. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

// BIGINT (int8) and NUMERIC come back from pg as strings by default; instants must be numbers.
const INT8 = 20;
const NUMERIC = 1700;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function openSqlite(path: string): {
  db: Kysely<StoreSchema>;
  writer: SqliteRecordWriter;
  scrub: ScrubHooks;
  backup: (file: string) => Promise<BackupResult>;
} {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // 16 KiB pages (measured ~30% faster bulk ingest than 4 KiB); only takes effect on a new file.
  sqlite.pragma('page_size = 16384');
  sqlite.pragma('journal_mode = WAL');
  // Checkpoint every 4000 pages (64 MiB) rather than 1000: fewer fsyncs during a bulk ingest.
  sqlite.pragma('wal_autocheckpoint = 4000');
  // NORMAL in WAL mode: a killed process loses nothing committed; a power cut may lose the last batches,
  // never consistency.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -65536');
  // Overwrite deleted content where that costs no extra I/O; erasure turns it fully on (ScrubHooks).
  sqlite.pragma('secure_delete = FAST');
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  const scrub: ScrubHooks = {
    before: () => sqlite.pragma('secure_delete = ON'),
    after: () => {
      sqlite.pragma('secure_delete = FAST');
      // Old page images of the erased rows may still sit in the WAL file: copy back and truncate it.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
  return { db, writer: new SqliteRecordWriter(sqlite), scrub, backup: (file) => backupSqlite(sqlite, file) };
}

/**
 * A connection that PostgreSQL ends (`pg_terminate_backend`, a restart, a network cut) must not crash the
 * process. node-postgres emits 'error' on the pool for an idle client, and on the client itself for one that
 * is checked out between two queries (a transaction's client while its batch is encoded): without a
 * listener that 'error' event was an uncaught exception that ended `accord serve`. With one, the client's
 * next query fails ("not queryable", or the query in flight with 57P01), the request is answered 503
 * (storeFailure), and on release the pool discards the client and opens a new one for the next request.
 */
function survivesDroppedConnections(pool: pg.Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
}

async function openPostgres(
  connectionString: string,
  schema: string | undefined,
): Promise<{
  db: Kysely<StoreSchema>;
  writer: PostgresRecordWriter;
  scrub: ScrubHooks;
  backup: (file: string) => Promise<BackupResult>;
}> {
  const pool = new pg.Pool({
    connectionString,
    max: 8,
    types: pgTypes,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  survivesDroppedConnections(pool);
  try {
    const client = await pool.connect();
    try {
      if (schema !== undefined) await client.query(`create schema if not exists "${schema}"`);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  const db = new Kysely<StoreSchema>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  // PostgreSQL keeps old row versions until VACUUM reuses their space; see docs/data-and-store.md.
  const scrub: ScrubHooks = { before: () => undefined, after: () => undefined };
  const backup = async (): Promise<BackupResult> => {
    throw new BackupUnsupportedError(
      `a PostgreSQL store is backed up with pg_dump (pg_dump -Fc${schema === undefined ? '' : ` -n ${schema}`}; docs/deployment.md)`,
    );
  };
  return { db, writer: new PostgresRecordWriter(pool), scrub, backup };
}

/** The tables (and views) of a database: SQLite's, or those of PostgreSQL's current schema. */
async function tablesOf(db: Kysely<StoreSchema>, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%'`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
          db,
        );
  return rows.rows.map((r) => r.name).sort();
}

let ownTables: Promise<Set<string>> | undefined;

/**
 * The tables Accord's migrations create, learnt by running them on an empty in-memory SQLite database
 * (both dialects create the same tables), so that a new migration needs no list kept beside it.
 */
function accordTables(): Promise<Set<string>> {
  ownTables ??= (async () => {
    const db = new Kysely<StoreSchema>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
    });
    try {
      await migrateToLatest(db, 'sqlite', undefined);
      return new Set(await tablesOf(db, 'sqlite'));
    } finally {
      await db.destroy();
    }
  })();
  return ownTables;
}

/** Tables in the database that Accord did not create (none in an empty database or an Accord store). */
async function foreignTables(db: Kysely<StoreSchema>, dialect: Dialect): Promise<string[]> {
  const existing = await tablesOf(db, dialect);
  if (existing.length === 0) return [];
  const own = await accordTables();
  return existing.filter((t) => !own.has(t));
}

/**
 * Opens (and by default migrates) the store at `url`: `sqlite:PATH` or `postgres://…` (`?schema=NAME` to
 * use a schema of its own). Without a URL: ACCORD_DB, else `sqlite:./data/accord.db`.
 */
export async function openStore(
  url: string = resolveStoreUrl(undefined),
  options: OpenStoreOptions = {},
): Promise<Store> {
  const location = parseStoreUrl(url);
  const description = redactStoreUrl(url);
  let opened: Awaited<ReturnType<typeof openPostgres>> | ReturnType<typeof openSqlite>;
  try {
    opened =
      location.dialect === 'sqlite'
        ? openSqlite(location.path)
        : await openPostgres(location.connectionString, location.schema);
  } catch (e) {
    throw new StoreOpenError(`cannot open the store ${description}: ${(e as Error).message}`);
  }
  const { db, writer, scrub, backup } = opened;
  const dialect = location.dialect;
  if (options.migrate ?? true) {
    if (options.force !== true) {
      let foreign: string[];
      try {
        foreign = await foreignTables(db, dialect);
      } catch (e) {
        await db.destroy();
        throw new StoreOpenError(`cannot open the store ${description}: ${(e as Error).message}`);
      }
      if (foreign.length > 0) {
        await db.destroy();
        const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length})` : '');
        throw new StoreOpenError(
          `the database ${description} holds tables Accord did not create (${shown}): it is not an Accord store. Use an empty database (or a schema of its own: ?schema=accord), or --force to add Accord's tables beside them`,
        );
      }
    }
    try {
      await migrateToLatest(db, dialect, location.dialect === 'postgres' ? location.schema : undefined);
    } catch (e) {
      await db.destroy();
      throw new StoreOpenError(`cannot open the store ${description}: ${(e as Error).message}`);
    }
  }
  return {
    dialect,
    description,
    ...transactionRepositories(db, dialect, false),
    records: recordRepository(db, dialect, writer),
    privacy: privacyRepository(db, dialect, scrub),
    transaction: (fn) =>
      writeTransaction(db, dialect, (trx: StoreDb) => fn(transactionRepositories(trx, dialect, true))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    backup,
    close: () => db.destroy(),
  };
}
