/**
 * Online backup of a SQLite store (SQLite's backup API through better-sqlite3): a consistent copy of the
 * database taken while the server keeps reading and writing, checked with `integrity_check` before it is
 * reported. PostgreSQL is backed up with its own tools (pg_dump / pg_restore, docs/deployment.md).
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  /** SQLite's integrity_check of the copy: `ok`. */
  readonly integrity: string;
}

/** The output exists already: a backup never overwrites a file. */
export class BackupTargetExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} exists already: a backup never overwrites a file`);
    this.name = 'BackupTargetExistsError';
  }
}

/** The store's database has no online backup of Accord's own (PostgreSQL: pg_dump). */
export class BackupUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupUnsupportedError';
  }
}

export async function backupSqlite(sqlite: Database.Database, file: string): Promise<BackupResult> {
  if (existsSync(file)) throw new BackupTargetExistsError(file);
  // After the first step, the rest in one step: a write in between restarts the copy, one step cannot be
  // interrupted (WAL readers do not block the writers meanwhile).
  await sqlite.backup(file, { progress: () => 1_000_000_000 });
  const copy = new Database(file, { fileMustExist: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    // One file, no -wal beside it: the copy is ready to be moved anywhere.
    copy.pragma('journal_mode = DELETE');
    return { file, bytes: statSync(file).size, integrity };
  } finally {
    copy.close();
  }
}
