/**
 * Both store dialects for `describe.each`: SQLite in a temporary file and PostgreSQL in a schema of its own,
 * dropped afterwards. PostgreSQL comes from ACCORD_TEST_PG (default postgres://postgres@127.0.0.1:5432/test).
 * When it cannot be reached its tests are skipped with a message saying so — except with CI=true, where
 * that is a failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { type OpenStoreOptions, openStore, parseStoreUrl, type Store } from '../../src/store/index.js';
import { OwnSchemaPostgresDialect } from '../../src/store/postgres-dialect.js';

export const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (e) {
    return `PostgreSQL is missing at ${PG_URL} (${(e as Error).message}); set ACCORD_TEST_PG to run these tests`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgMissing = await probePostgres();
let warned = false;

export interface TestDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Why the dialect cannot run here, or undefined. */
  readonly missing: string | undefined;
}

export const DIALECTS: readonly TestDialect[] = [
  { name: 'sqlite', missing: undefined },
  { name: 'postgres', missing: pgMissing },
];

export interface TestStoreLocation {
  readonly url: string;
  /** Removes the database (file or schema). */
  drop(): Promise<void>;
}

/** A fresh, empty location for a store of the dialect. */
export async function freshLocation(dialect: TestDialect['name']): Promise<TestStoreLocation> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'accord-store-'));
    return {
      url: `sqlite:${join(dir, 'accord.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `accord_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const separator = PG_URL.includes('?') ? '&' : '?';
  return {
    url: `${PG_URL}${separator}schema=${schema}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Skips (or, with CI=true, fails) the current test when the dialect is missing. Call at the start of a
 * test or in beforeEach with the test context.
 */
export function requireDialect(d: TestDialect, ctx: { skip: (note?: string) => void }): void {
  if (d.missing === undefined) return;
  if (process.env.CI === 'true') throw new Error(d.missing);
  if (!warned) {
    warned = true;
    console.warn(`skipping PostgreSQL tests: ${d.missing}`);
  }
  ctx.skip(d.missing);
}

export interface StoreFixture {
  readonly store: Store;
  readonly url: string;
}

/**
 * Registers beforeEach/afterEach that give every test a fresh, migrated store of the dialect, closed and
 * dropped afterwards. Read `fixture.store` inside tests.
 */
export function useStore(d: TestDialect, options: OpenStoreOptions = {}): StoreFixture {
  let current: { store: Store; location: TestStoreLocation } | undefined;
  beforeEach(async (ctx) => {
    requireDialect(d, ctx);
    const location = await freshLocation(d.name);
    current = { store: await openStore(location.url, options), location };
  });
  afterEach(async () => {
    if (current === undefined) return;
    const { store, location } = current;
    current = undefined;
    await store.close();
    await location.drop();
  });
  return {
    get store() {
      if (current === undefined) throw new Error('no store: used outside a test');
      return current.store;
    },
    get url() {
      if (current === undefined) throw new Error('no store: used outside a test');
      return current.location.url;
    },
  };
}

/** Any table, any column: for tests that look beneath the repositories. */
export type RawDb = Kysely<Record<string, Record<string, unknown>>>;

/**
 * Runs `fn` with a connection of its own to the database of a test store. The Store has no raw handle (SQL
 * stays in src/store); tests of what the database itself guarantees (triggers that refuse a change, the
 * journal mode, no trace left in any cell) go around the repositories on purpose.
 */
export async function withRawDb<T>(url: string, fn: (db: RawDb) => Promise<T>): Promise<T> {
  const location = parseStoreUrl(url);
  const db: RawDb =
    location.dialect === 'sqlite'
      ? new Kysely({ dialect: new SqliteDialect({ database: new Database(location.path) }) })
      : new Kysely({
          // Introspection of this schema only: other workers drop theirs meanwhile.
          dialect: new OwnSchemaPostgresDialect({
            pool: new pg.Pool({
              connectionString: location.connectionString,
              max: 1,
              ...(location.schema === undefined ? {} : { options: `-c search_path=${location.schema}` }),
            }),
          }),
        });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}
