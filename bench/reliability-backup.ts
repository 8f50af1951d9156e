/**
 * Proof 12 of issue 13 (docs/reliability.md, "Backup and restore"): a store with a month of demo data, its
 * evaluation JSON (`accord evaluate --db … --json`), a backup, the store lost, the backup restored, and the
 * evaluation JSON again: byte for byte the same. SQLite with `accord backup` taken while `accord serve`
 * ingests into the same file; PostgreSQL with pg_dump -Fc -n SCHEMA / pg_restore.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { accord, contactsBatch, postBatch, startServe, stopServe } from './accord-serve.js';
import { dropPgSchema, integrityCheck, PG_URL, pgSchemaUrl } from './reliability-faults.js';

export interface BackupFigures {
  readonly store: string;
  readonly method: string;
  readonly contacts: number;
  readonly backupBytes: number;
  readonly backupMs: number;
  readonly restoreMs: number;
  /** Batches the server acknowledged while the backup ran (SQLite's online backup). */
  readonly ingestedDuring: number;
  readonly digestBefore: string;
  readonly digestAfter: string;
  readonly identical: boolean;
  readonly integrity: string;
}

const PERIOD = ['--period', '2026-10', '--as-of', '2026-11-15T00:00:00Z'];

function run(bin: string, db: string, args: readonly string[]): string {
  const r = accord({ bin, db }, args);
  if (r.code !== 0) throw new Error(`accord ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

function seed(bin: string, db: string, dir: string, contacts: number): string {
  run(bin, db, [
    'demo',
    '--months',
    '1',
    '--contacts-per-month',
    String(contacts),
    '--start',
    '2026-10',
    '--out',
    join(dir, 'demo'),
    '--db',
    db,
  ]);
  return join(dir, 'demo', 'contract.yaml');
}

function evaluation(bin: string, db: string, contract: string): string {
  return run(bin, db, ['evaluate', '--contract', contract, '--db', db, ...PERIOD, '--json']);
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** SQLite: `accord backup` while `accord serve` ingests into the store; restore = the file copied back. */
export async function sqliteBackupRestore(bin: string, dir: string, contacts = 3000): Promise<BackupFigures> {
  const path = join(dir, 'accord.db');
  const db = `sqlite:${path}`;
  const contract = seed(bin, db, dir, contacts);
  const before = evaluation(bin, db, contract);
  // Another organisation's partner writes meanwhile: records the contract does not read.
  const s = await startServe({ bin, db });
  let ingestedDuring = 0;
  let stop = false;
  const load = (async () => {
    for (let i = 0; !stop; i++)
      if ((await postBatch(s, contactsBatch(`bk${i}`, 500))).status === 200) ingestedDuring++;
  })();
  const out = join(dir, 'backup.db');
  let backupMs: number;
  try {
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    run(bin, db, ['backup', '--db', db, '--out', out, '--json']);
    backupMs = performance.now() - t0;
  } finally {
    stop = true;
    await load;
    await stopServe(s);
  }
  // The store is lost; the backup goes back in its place.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  const t1 = performance.now();
  copyFileSync(out, path);
  const restoreMs = performance.now() - t1;
  const after = evaluation(bin, db, contract);
  return {
    store: 'SQLite',
    method: '`accord backup` (online, during ingest) → copy back',
    contacts,
    backupBytes: statSync(out).size,
    backupMs,
    restoreMs,
    ingestedDuring,
    digestBefore: sha(before),
    digestAfter: sha(after),
    identical: before === after,
    integrity: integrityCheck(db),
  };
}

/** PostgreSQL: pg_dump -Fc of the store's schema, the schema dropped, pg_restore. */
export async function pgDumpRestore(bin: string, dir: string, contacts = 3000): Promise<BackupFigures> {
  const schema = `accord_rel_${process.pid}_${randomBytes(4).toString('hex')}`;
  const db = pgSchemaUrl(schema);
  const dump = join(dir, `${schema}.dump`);
  try {
    const contract = seed(bin, db, dir, contacts);
    const before = evaluation(bin, db, contract);
    const t0 = performance.now();
    execFileSync('pg_dump', ['--dbname', PG_URL, '--format', 'custom', '--schema', schema, '--file', dump]);
    const backupMs = performance.now() - t0;
    await dropPgSchema(schema);
    const t1 = performance.now();
    execFileSync('pg_restore', ['--dbname', PG_URL, '--exit-on-error', dump]);
    const restoreMs = performance.now() - t1;
    const after = evaluation(bin, db, contract);
    return {
      store: 'PostgreSQL',
      method: '`pg_dump -Fc -n SCHEMA` → schema dropped → `pg_restore`',
      contacts,
      backupBytes: statSync(dump).size,
      backupMs,
      restoreMs,
      ingestedDuring: 0,
      digestBefore: sha(before),
      digestAfter: sha(after),
      identical: before === after,
      integrity: 'n/a',
    };
  } finally {
    await dropPgSchema(schema);
    rmSync(dump, { force: true });
  }
}

/** Whether pg_dump and pg_restore are on the PATH. */
export function pgToolsPresent(): boolean {
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'pipe' });
    execFileSync('pg_restore', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
