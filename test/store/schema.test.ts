import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../src/domain/records.js';
import {
  openStore,
  parseStoreUrl,
  redactStoreUrl,
  resolveStoreUrl,
  StoreUrlError,
} from '../../src/store/index.js';
import { TABLES } from '../../src/store/tables.js';
import { DIALECTS, freshLocation, requireDialect, useStore, withRawDb } from '../support/stores.js';

describe('store URLs', () => {
  it('reads sqlite: paths and postgres URLs with an optional schema', () => {
    expect(parseStoreUrl('sqlite:/tmp/a.db')).toEqual({ dialect: 'sqlite', path: '/tmp/a.db' });
    expect(parseStoreUrl('sqlite:///tmp/a.db')).toEqual({ dialect: 'sqlite', path: '/tmp/a.db' });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('sqlite:./data/accord.db')).toMatchObject({ dialect: 'sqlite' });
    expect(parseStoreUrl('postgres://u:pw@db:5432/accord?schema=acme&sslmode=disable')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:pw@db:5432/accord?sslmode=disable',
      schema: 'acme',
    });
    expect(parseStoreUrl('postgresql://db/accord')).toMatchObject({ dialect: 'postgres', schema: undefined });
  });

  it('refuses what it cannot read, without showing a password', () => {
    expect(() => parseStoreUrl('mysql://db/x')).toThrow(StoreUrlError);
    expect(() => parseStoreUrl('sqlite:')).toThrow(/names no file/);
    expect(() => parseStoreUrl('postgres://db/x?schema=a;drop')).toThrow(/not a plain SQL name/);
    expect(redactStoreUrl('postgres://me:secret@db/x')).toBe('postgres://me:***@db/x');
  });

  it('takes --db, else ACCORD_DB, else the default file', () => {
    expect(resolveStoreUrl('sqlite:x.db', { ACCORD_DB: 'sqlite:y.db' })).toBe('sqlite:x.db');
    expect(resolveStoreUrl(undefined, { ACCORD_DB: 'sqlite:y.db' })).toBe('sqlite:y.db');
    expect(resolveStoreUrl(undefined, {})).toBe('sqlite:./data/accord.db');
  });
});

describe.each(DIALECTS)('schema on $name', (d) => {
  const t = useStore(d);

  it('has a table for every kind whose columns match the table descriptions', async () => {
    const tables = await withRawDb(t.url, (db) => db.introspection.getTables());
    for (const kind of RECORD_KINDS) {
      const table = tables.find((x) => x.name === TABLES[kind].table);
      expect(table, kind).toBeDefined();
      const columns = table!.columns.map((c) => c.name).sort();
      const expected = [
        'source',
        'key',
        'digest',
        'revision',
        ...TABLES[kind].columns.map((c) => c.name),
      ].sort();
      expect(columns, kind).toEqual(expected);
    }
    expect(tables.find((x) => x.name === 'audit_log')).toBeDefined();
  });

  it('migrates once: opening again changes nothing and keeps the data', async () => {
    await t.store.records.write([]);
    const again = await openStore(t.url);
    try {
      expect(await again.records.count()).toMatchObject({ contacts: 0 });
    } finally {
      await again.close();
    }
  });
});

describe('SQLite settings', () => {
  it('creates the folder and runs in WAL mode', async () => {
    const location = await freshLocation('sqlite');
    const url = location.url.replace(/accord\.db$/, 'nested/deeper/accord.db');
    const store = await openStore(url);
    try {
      // WAL is a property of the file: a connection of its own sees it.
      const mode = await withRawDb(url, (db) =>
        sql<{ journal_mode: string }>`pragma journal_mode`.execute(db),
      );
      expect(mode.rows[0]?.journal_mode).toBe('wal');
    } finally {
      await store.close();
      await location.drop();
    }
  });
});

describe('PostgreSQL settings', () => {
  const pg = DIALECTS.find((x) => x.name === 'postgres')!;
  it('returns BIGINT as numbers', async (ctx) => {
    requireDialect(pg, ctx);
    const location = await freshLocation('postgres');
    const store = await openStore(location.url);
    try {
      // An instant in a BIGINT column comes back through a repository as the number it was.
      const entry = { at: Number.MAX_SAFE_INTEGER, actor: 'test', action: 'x', subject: null, details: {} };
      await store.audit.append(entry);
      expect((await store.audit.list())[0]?.at).toBe(Number.MAX_SAFE_INTEGER);
    } finally {
      await store.close();
      await location.drop();
    }
  });
});
