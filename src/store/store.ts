/**
 * Opening a store: SQLite (better-sqlite3, WAL) or PostgreSQL (pg), chosen by the URL, migrated to the
 * latest schema, with the repositories over it. This folder is the only place with SQL.
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type BackupResult, BackupUnsupportedError, backupSqlite } from './backup.js';
import type { Dialect } from './dialect.js';
import { migrateToLatest } from './migrations/index.js';
import { OwnSchemaPostgresDialect } from './postgres-dialect.js';
import type { AuditEntryInput, ScopedAuditInput } from './repositories/audit.repository.js';
import { type TransactionRepositories, transactionRepositories } from './repositories/index.js';
import {
  type PrivacyRepository,
  privacyRepository,
  type ScrubHooks,
} from './repositories/privacy.repository.js';
import { type RecordRepository, recordRepository } from './repositories/records.repository.js';
import { type ResultsRepository, resultsRepository } from './repositories/results.repository.js';
import { type SyncRepository, syncRepository } from './repositories/sync.repository.js';
import { postgresRowStreams, type RowStreams, sqliteRowStreams } from './row-stream.js';
import type { StoreDb, StoreSchema } from './schema.js';
import { openSqliteDatabase } from './sqlite.js';
import { writeTransaction } from './transaction.js';
import { parseStoreUrl, redactStoreUrl, resolveStoreUrl } from './url.js';
import {
  PostgresRecordWriter,
  type RecordWriter,
  SqliteRecordWriter,
  SqliteThreadWriter,
} from './writers.js';

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
  /** Kept evaluation results and the data watermark they are checked against. */
  readonly results: ResultsRepository;
  /** Where each pull sync stands (`accord sync`). */
  readonly sync: SyncRepository;
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
  /**
   * SQLite: write record batches on a thread of their own, with a connection of its own (default false).
   * For a server: the statements and commits of concurrent requests' batches then run beside the reading
   * and encoding of the next requests instead of taking turns with them on the event loop. A one-off
   * import (`accord ingest`) reads in a worker already and writes on its main thread.
   */
  readonly writerThread?: boolean;
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

function openSqlite(
  path: string,
  writerThread: boolean,
): {
  db: Kysely<StoreSchema>;
  writer: RecordWriter;
  streams: RowStreams;
  scrub: ScrubHooks;
  backup: (file: string) => Promise<BackupResult>;
} {
  const sqlite = openSqliteDatabase(path);
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  const scrub: ScrubHooks = {
    before: () => sqlite.pragma('secure_delete = ON'),
    after: () => {
      sqlite.pragma('secure_delete = FAST');
      // Old page images of the erased rows may still sit in the WAL file: copy back and truncate it.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
  // An in-memory database cannot be shared with another connection.
  const writer =
    writerThread && path !== ':memory:'
      ? (SqliteThreadWriter.start(path) ?? new SqliteRecordWriter(sqlite))
      : new SqliteRecordWriter(sqlite);
  return {
    db,
    writer,
    streams: sqliteRowStreams(sqlite),
    scrub,
    backup: (file) => backupSqlite(sqlite, file),
  };
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
  writer: RecordWriter;
  streams: RowStreams;
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
  return { db, writer: new PostgresRecordWriter(pool), streams: postgresRowStreams(pool), scrub, backup };
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
        ? openSqlite(location.path, options.writerThread ?? false)
        : await openPostgres(location.connectionString, location.schema);
  } catch (e) {
    throw new StoreOpenError(`cannot open the store ${description}: ${(e as Error).message}`);
  }
  const { db, writer, streams, scrub, backup } = opened;
  const dialect = location.dialect;
  if (options.migrate ?? true) {
    if (options.force !== true) {
      let foreign: string[];
      try {
        foreign = await foreignTables(db, dialect);
      } catch (e) {
        await writer.close?.();
        await db.destroy();
        throw new StoreOpenError(`cannot open the store ${description}: ${(e as Error).message}`);
      }
      if (foreign.length > 0) {
        await writer.close?.();
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
      await writer.close?.();
      await db.destroy();
      throw new StoreOpenError(`cannot open the store ${description}: ${(e as Error).message}`);
    }
  }
  const repositories = transactionRepositories(db, dialect, false);
  // With a writer thread, audit entries outside a transaction are appended there (SqliteThreadWriter).
  const audit =
    writer instanceof SqliteThreadWriter
      ? {
          ...repositories.audit,
          append: (e: AuditEntryInput) => writer.appendAudit(e),
          appendScoped: (e: ScopedAuditInput) => writer.appendScopedAudit(e),
        }
      : repositories.audit;
  return {
    dialect,
    description,
    ...repositories,
    audit,
    records: recordRepository(db, dialect, writer, streams),
    privacy: privacyRepository(db, dialect, scrub),
    results: resultsRepository(db),
    sync: syncRepository(db),
    transaction: (fn) =>
      writeTransaction(db, dialect, (trx: StoreDb) => fn(transactionRepositories(trx, dialect, true))),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    backup,
    close: async () => {
      // Writes handed in are finished first.
      await writer.close?.();
      await db.destroy();
    },
  };
}
