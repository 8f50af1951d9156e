/**
 * Issue 13, proof 12 (docs/reliability.md, "Backup and restore"): after a restore the evaluation JSON is
 * byte for byte the one before. SQLite through `accord backup` taken while `accord serve` ingests into the
 * same store; PostgreSQL through pg_dump / pg_restore of the store's schema (bench/reliability-backup.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pgDumpRestore, pgToolsPresent, sqliteBackupRestore } from '../../bench/reliability-backup.js';
import { BIN, runBinary, tempFiles } from '../support/cli.js';
import { DIALECTS, PG_URL, requireDialect } from '../support/stores.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;

describe('backup and restore', () => {
  it('SQLite: accord backup during ingest, the file copied back: the same evaluation JSON', async () => {
    const f = await sqliteBackupRestore(BIN, tempFiles({}), 1500);
    expect(f.identical).toBe(true);
    expect(f.integrity).toBe('ok');
  }, 60_000);

  it('PostgreSQL: pg_dump of the schema, dropped, pg_restore: the same evaluation JSON', async (ctx) => {
    requireDialect(postgres, ctx);
    if (!pgToolsPresent()) ctx.skip('pg_dump / pg_restore are not installed');
    const f = await pgDumpRestore(BIN, tempFiles({}), 1500);
    expect(f.identical).toBe(true);
  }, 60_000);
});

describe('accord backup', () => {
  it('never overwrites a file, and sends a PostgreSQL store to pg_dump without opening it', () => {
    const dir = tempFiles({ 'taken.db': 'x' });
    const db = `sqlite:${join(dir, 'accord.db')}`;
    const ok = runBinary(['backup', '--db', db, '--out', join(dir, 'copy.db'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ file: join(dir, 'copy.db'), integrity: 'ok' });
    const taken = runBinary(['backup', '--db', db, '--out', join(dir, 'taken.db')]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('exists already: a backup never overwrites a file');
    const pg = runBinary([
      'backup',
      '--db',
      `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=never_created`,
      '--out',
      join(dir, 'pg.db'),
    ]);
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain('pg_dump -Fc -n never_created');
  });
});
