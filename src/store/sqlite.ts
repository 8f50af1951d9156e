/** A SQLite connection with the store's settings: the store's own, and the record writer thread's. */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export function openSqliteDatabase(path: string): Database.Database {
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
  return sqlite;
}

/**
 * Whether a server should write its SQLite record batches on a thread of their own (openStore's
 * `writerThread`): when the machine has 4 cores or more. Measured on 2 cores busy with other work (B4,
 * bench/RESULTS.md): the thread cost about 1.8 ms more CPU per 500-contact request (10.1 against 8.3 ms;
 * handing batches and answers between threads, two connections to one file) and gave no steady gain in
 * throughput, since the event loop, the writer, the load and the rest of the machine shared the 2 cores.
 * With cores to spare the statements and commits run beside the event loop instead of stalling it.
 */
export function writerThreadByDefault(): boolean {
  return availableParallelism() >= 4;
}
