/**
 * The bulk write path: batches of records upserted on (source, key), each batch whole in one transaction
 * (batches handed in at the same time, by concurrent API requests, share one: group commit), each record
 * counted as inserted, updated (its digest changed) or unchanged.
 *
 * Records are applied in order, as if one at a time: a key that occurs twice in a batch is first inserted
 * and then updated (or unchanged when the second copy is identical), so the later row wins.
 *
 * This path talks to the drivers directly: Kysely would compile every statement again for every record,
 * which costs more than the database work. SQLite runs prepared statements per record inside a
 * `BEGIN IMMEDIATE` transaction; PostgreSQL COPYs each batch into a temporary staging table and merges it
 * with one `INSERT … SELECT … ON CONFLICT … DO UPDATE`, measured faster than multi-row `INSERT … VALUES`
 * and than `INSERT … SELECT FROM unnest($1, $2, …)` with array parameters (docs/data-and-store.md).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RecordKind, RecordKinds } from '../domain/records.js';
import {
  copyRounds,
  type EncodedBatch,
  encodedColumns,
  encodeRecords,
  forEachSqliteRow,
  type PostgresKindRows,
} from './encode.js';
import {
  addMarkedDays,
  postgresBlocksBefore,
  postgresDeleteBlocks,
  sqliteBlocksBefore,
  sqliteDeleteBlocks,
  type TouchedDays,
} from './period-blocks.js';
import {
  type AuditEntry,
  type AuditEntryInput,
  auditRepository,
  type ScopedAuditInput,
} from './repositories/audit.repository.js';
import {
  BUMP_RECORD_CHANGES,
  BUMP_SOURCE_CHANGES,
  BUMP_SOURCES_PG,
} from './repositories/results.repository.js';
import type { StoreSchema } from './schema.js';
import { openSqliteDatabase } from './sqlite.js';
import { TABLES, type TableSpec } from './tables.js';
import { workerScript } from './worker-script.js';

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A record to store, of any kind (ReadRecord from the ingest readers fits). */
export interface StoredRecord {
  readonly kind: RecordKind;
  readonly record: RecordKinds[RecordKind];
}

export interface RecordWriter {
  write(records: readonly StoredRecord[]): Promise<WriteCounts>;
  /** A batch encoded where it was read (encode.ts), in one transaction. */
  writeEncoded(batch: EncodedBatch): Promise<WriteCounts>;
  /** Finishes the writes handed in and lets go of what the writer holds (its thread). */
  close?(): Promise<void>;
}

export const emptyCounts = (): WriteCounts => ({ inserted: 0, updated: 0, unchanged: 0 });

/** Whether a write inserted or changed a record (and so raises the data watermark). */
const changed = (c: WriteCounts) => c.inserted + c.updated > 0;

export function addCounts(into: WriteCounts, add: WriteCounts): WriteCounts {
  into.inserted += add.inserted;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  return into;
}

const quote = (name: string) => `"${name}"`;

function spec(kind: RecordKind): TableSpec<RecordKind> {
  return TABLES[kind] as unknown as TableSpec<RecordKind>;
}

/** The SET list of an upsert: every content column, the digest and the revision. */
function updateSet(s: TableSpec<RecordKind>, alias: string): string {
  return [
    `"digest" = excluded."digest"`,
    `"revision" = ${alias}."revision" + 1`,
    ...s.columns.map((c) => `${quote(c.name)} = excluded.${quote(c.name)}`),
  ].join(', ');
}

interface SqliteStatements {
  /** `insert … on conflict do nothing`: one change when the key is new. */
  readonly insert: BetterSqlite3.Statement;
  /** `update … where digest differs`: one change when the content changed. */
  readonly update: BetterSqlite3.Statement;
  /** `insert … on conflict do update … where digest differs returning revision`. */
  readonly upsert: BetterSqlite3.Statement;
  /** Whether the last batch of this kind held mostly known keys (a re-import). */
  mostlyKnown: boolean;
}

/** A batch waiting for the next group commit, and who to tell. */
interface PendingBatch {
  readonly batch: EncodedBatch;
  readonly resolve: (counts: WriteCounts) => void;
  readonly reject: (error: unknown) => void;
}

/** Records at most in one group commit: bounds the time a transaction holds the write lock. */
const GROUP_RECORDS = 20_000;

/**
 * Group commit, for both databases: the batches handed in while the event loop was busy (concurrent API
 * requests) are written in one transaction (`all`), each still whole and counted on its own, and every one
 * of them is acknowledged only after that transaction committed. A commit's cost is mostly the index pages
 * it dirties, which many small batches share: measured on SQLite 16 µs a row for the commit of 500 rows
 * against 4.5 µs for 4,000 (docs/data-and-store.md, B4); on PostgreSQL a group is one COPY (or a merge
 * per batch) and one durable commit. When the group fails, each batch is tried again alone (`one`), so
 * that only a batch that fails by itself is refused and the others are stored as if never grouped.
 */
class GroupCommit {
  private pending: PendingBatch[] = [];
  private scheduled = false;

  constructor(
    private readonly all: (batches: readonly EncodedBatch[]) => WriteCounts[] | Promise<WriteCounts[]>,
    private readonly one: (batch: EncodedBatch) => WriteCounts | Promise<WriteCounts>,
  ) {}

  enqueue(batch: EncodedBatch): Promise<WriteCounts> {
    return new Promise((resolve, reject) => {
      this.pending.push({ batch, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.drain());
      }
    });
  }

  /** The first pending batches, up to GROUP_RECORDS records (at least one batch), taken off the queue. */
  private take(): PendingBatch[] {
    let records = 0;
    let n = 0;
    const pending = this.pending;
    while (n < pending.length && (n === 0 || records + pending[n]!.batch.count <= GROUP_RECORDS))
      records += pending[n++]!.batch.count;
    return pending.splice(0, n);
  }

  private drain(): void {
    this.scheduled = false;
    const group = this.take();
    if (this.pending.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
    void this.settle(group);
  }

  /** On SQLite (synchronous `all` and `one`) the whole group is written before this returns. */
  private async settle(group: readonly PendingBatch[]): Promise<void> {
    if (group.length > 1) {
      let counts: WriteCounts[] | undefined;
      try {
        counts = await this.all(group.map((p) => p.batch));
      } catch {
        // Rolled back as a whole: each batch alone below.
      }
      if (counts !== undefined) {
        for (const [i, p] of group.entries()) p.resolve(counts[i]!);
        return;
      }
    }
    await Promise.all(
      group.map(async (p) => {
        try {
          p.resolve(await this.one(p.batch));
        } catch (e) {
          p.reject(e);
        }
      }),
    );
  }
}

/**
 * The sources of the batches that changed something, sorted (the order in which their watermark rows are
 * locked). A batch that changed a row in one source raises the counters of all its sources: a source whose
 * rows all came in unchanged may be refreshed once for nothing, never missed.
 */
function changedSources(batches: readonly EncodedBatch[], counts: readonly WriteCounts[]): string[] {
  const out = new Set<string>();
  for (const [i, b] of batches.entries())
    if (counts[i] !== undefined && changed(counts[i]))
      for (const rows of b.kinds) for (const source of rows.sources) out.add(source);
  return [...out].sort();
}

/**
 * The days whose blocks a write changed: those its rows' earlier versions and contacts were on (`before`,
 * read before the write), and those the rows of every batch that changed something name. A batch that
 * changed one row counts with all its rows: a block may be built again for nothing, never kept stale.
 */
function touchedBy(
  before: TouchedDays,
  batches: readonly EncodedBatch[],
  counts: readonly WriteCounts[],
): TouchedDays {
  for (const [i, b] of batches.entries())
    if (counts[i] !== undefined && changed(counts[i])) addMarkedDays(before, b.kinds);
  return before;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

export class SqliteRecordWriter implements RecordWriter {
  private readonly statements = new Map<RecordKind, SqliteStatements>();
  private readonly run: (batch: EncodedBatch) => WriteCounts;
  private readonly group: GroupCommit;

  constructor(private readonly db: BetterSqlite3.Database) {
    // The data watermark rises, last in the transaction, when a batch changed anything (migration 0006).
    // Prepared at the first change: the writer is made before the migrations have run, and a store opened
    // without them (`migrate: false`) may not have the table, nor any kept result to mark out of date.
    let bump: BetterSqlite3.Statement | undefined;
    let bumpSource: BetterSqlite3.Statement | undefined;
    const hasTable = db.prepare(
      `select 1 from sqlite_master where type = 'table' and name = 'record_changes'`,
    );
    // The period blocks of the days a batch changes go in the same transaction, after the watermark
    // (period-blocks.ts); what they are is read before the rows change.
    const marked = (batches: readonly EncodedBatch[]) => {
      const blocks = sqliteBlocksBefore(
        db,
        batches.flatMap((b) => b.kinds),
      );
      const counts = batches.map((b) => this.apply(b));
      if (!counts.some(changed)) return counts;
      if (bump === undefined && hasTable.get() !== undefined) {
        bump = db.prepare(BUMP_RECORD_CHANGES);
        bumpSource = db.prepare(BUMP_SOURCE_CHANGES);
      }
      bump?.run();
      for (const source of changedSources(batches, counts)) bumpSource?.run(source);
      if (blocks !== null) sqliteDeleteBlocks(db, touchedBy(blocks, batches, counts));
      return counts;
    };
    const tx = db.transaction((batch: EncodedBatch) => marked([batch])[0]!);
    this.run = (batch) => tx.immediate(batch);
    const group = db.transaction((batches: readonly EncodedBatch[]) => marked(batches));
    this.group = new GroupCommit((batches) => group.immediate(batches), this.run);
  }

  private statement(kind: RecordKind): SqliteStatements {
    let stmts = this.statements.get(kind);
    if (stmts === undefined) {
      const s = spec(kind);
      const table = quote(s.table);
      // Parameters of every statement: the encoded row (source, key, content columns, digest).
      const columns = encodedColumns(kind);
      const insert = `insert into ${table} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
      const set = [
        ...s.columns.map((c) => `${quote(c.name)} = ?`),
        '"digest" = ?',
        '"revision" = "revision" + 1',
      ];
      stmts = {
        insert: this.db.prepare(`${insert} on conflict ("source", "key") do nothing`),
        // Parameters: content columns, digest, source, key, digest.
        update: this.db.prepare(
          `update ${table} set ${set.join(', ')} where "source" = ? and "key" = ? and "digest" <> ?`,
        ),
        upsert: this.db
          .prepare(
            `${insert} on conflict ("source", "key") do update set ${updateSet(s, table)} ` +
              `where ${table}."digest" <> excluded."digest" returning "revision"`,
          )
          .pluck(),
        mostlyKnown: false,
      };
      this.statements.set(kind, stmts);
    }
    return stmts;
  }

  /**
   * New keys take one cheap `insert … do nothing` and only known keys a second statement; once a batch
   * shows mostly known keys (a re-import), one upsert per record is cheaper and is used instead. Both
   * give the same result; measured on 200k contacts: 1.3 s against 2.1 s CPU for a first import, 1.1 s
   * against 1.5 s for a repeated one. Parameters are spread into `run` rather than passed as an array:
   * better-sqlite3 binds arguments faster than array elements (measured 250 against 350 ms for 200k rows
   * of 23 values).
   */
  private apply(batch: EncodedBatch): WriteCounts {
    if (batch.dialect !== 'sqlite') throw new Error('a batch encoded for PostgreSQL cannot go to SQLite');
    const counts = emptyCounts();
    for (const rows of batch.kinds) {
      const stmts = this.statement(rows.kind);
      let seen = 0;
      forEachSqliteRow(rows, (params) => {
        if (stmts.mostlyKnown) {
          const revision = stmts.upsert.get(...params) as number | undefined;
          if (revision === undefined) counts.unchanged++;
          else if (revision === 1) counts.inserted++;
          else counts.updated++;
          if (revision !== 1) seen++;
        } else if (stmts.insert.run(...params).changes === 1) {
          counts.inserted++;
        } else {
          seen++;
          const digest = params[params.length - 1];
          if (stmts.update.run(...params.slice(2), params[0], params[1], digest).changes === 1)
            counts.updated++;
          else counts.unchanged++;
        }
      });
      stmts.mostlyKnown = seen * 2 > rows.count;
    }
    return counts;
  }

  async write(records: readonly StoredRecord[]): Promise<WriteCounts> {
    return records.length === 0 ? emptyCounts() : this.run(encodeRecords('sqlite', records));
  }

  async writeEncoded(batch: EncodedBatch): Promise<WriteCounts> {
    if (batch.count === 0) return emptyCounts();
    if (batch.dialect !== 'sqlite') throw new Error('a batch encoded for PostgreSQL cannot go to SQLite');
    return this.group.enqueue(batch);
  }
}

// --- SQLite on a thread of its own --------------------------------------------------------------------

const WRITER_TAG = 'accord-sqlite-writer';

type WriterRequest =
  | { readonly id: number; readonly batch: EncodedBatch }
  | { readonly id: number; readonly audit: AuditEntryInput | ScopedAuditInput; readonly scoped: boolean };

type WriterAnswer =
  | { readonly id: number; readonly value: WriteCounts | AuditEntry }
  | {
      readonly id: number;
      readonly error: { readonly message: string; readonly name: string; readonly code?: unknown };
    };

/**
 * The SQLite writer on a thread of its own (openStore's `writerThread`), with a connection of its own to
 * the same file: the batches go to it (copied, a few hundred kB for 5,000 contacts, then moved without
 * another copy), it writes them with SqliteRecordWriter, group commit included, and each write is answered
 * after its transaction committed, as on the main thread. Reads and other writes stay on the store's own
 * connection; SQLite's write lock and busy timeout order the two writers. Measured for B4 (API ingest,
 * bench/RESULTS.md): the statements and commits, about half of the server's work per request, then run
 * beside the requests' reading and encoding.
 */
export class SqliteThreadWriter implements RecordWriter {
  private readonly waiting = new Map<
    number,
    { readonly resolve: (value: never) => void; readonly reject: (e: unknown) => void }
  >();
  private next = 0;
  private stopped: Error | undefined;
  private readonly exited: Promise<void>;
  private drained: (() => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (a: WriterAnswer) => {
      const w = this.waiting.get(a.id);
      if (w === undefined) return;
      this.waiting.delete(a.id);
      if ('value' in a) w.resolve(a.value as never);
      else w.reject(Object.assign(new Error(a.error.message), { name: a.error.name, code: a.error.code }));
      this.idle();
    });
    worker.on('error', (e) => this.stop(e));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.stop(new Error(`the SQLite writer thread stopped (exit code ${code})`));
        resolve();
      }),
    );
    // Only pending writes keep the process alive.
    worker.unref();
  }

  /** The writer for the SQLite file at `path`, or undefined when no thread can load this module. */
  static start(path: string): SqliteThreadWriter | undefined {
    const loader = workerScript(import.meta.url);
    if (loader === undefined) return undefined;
    const worker = new Worker(loader.script, {
      eval: loader.eval,
      workerData: { tag: WRITER_TAG, path },
    });
    return new SqliteThreadWriter(worker);
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
    this.idle();
  }

  private idle(): void {
    if (this.waiting.size > 0) return;
    this.worker.unref();
    this.drained?.();
    this.drained = undefined;
  }

  async write(records: readonly StoredRecord[]): Promise<WriteCounts> {
    return records.length === 0 ? emptyCounts() : this.writeEncoded(encodeRecords('sqlite', records));
  }

  writeEncoded(batch: EncodedBatch): Promise<WriteCounts> {
    if (batch.count === 0) return Promise.resolve(emptyCounts());
    if (batch.dialect !== 'sqlite')
      return Promise.reject(new Error('a batch encoded for PostgreSQL cannot go to SQLite'));
    // The encoder's arrays may be views on larger pooled buffers, which the caller reuses once written:
    // the thread gets copies of just the rows, moved to it.
    const kinds = batch.kinds.map((k) => ({ ...k, text: k.text.slice(), cells: k.cells.slice() }));
    return this.request(
      { id: ++this.next, batch: { ...batch, kinds } },
      kinds.flatMap((k) => [k.text.buffer as ArrayBuffer, k.cells.buffer as ArrayBuffer]),
    );
  }

  /**
   * An audit entry appended on the writer's connection, in a transaction of its own after the batches
   * handed in before it: on the store's own connection the append would wait for the writer's lock, and
   * SQLite waits for a lock by sleeping, which would stop every request of the server meanwhile.
   */
  appendAudit(entry: AuditEntryInput): Promise<AuditEntry> {
    return this.request({ id: ++this.next, audit: entry, scoped: false }, []);
  }

  appendScopedAudit(entry: ScopedAuditInput): Promise<AuditEntry> {
    return this.request({ id: ++this.next, audit: entry, scoped: true }, []);
  }

  private request<T>(request: WriterRequest, transfer: ArrayBuffer[]): Promise<T> {
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(request.id, { resolve: resolve as (value: never) => void, reject });
      this.worker.ref();
      this.worker.postMessage(request, transfer);
    });
  }

  /** Waits for the writes handed in, then ends the thread (its connection closes with it). */
  async close(): Promise<void> {
    if (this.waiting.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    if (this.stopped === undefined) {
      this.worker.ref();
      this.worker.postMessage('close');
    }
    await this.exited;
  }
}

/**
 * The writer thread: the batches that arrived while it was busy are handed to the group commit together,
 * then the audit entries that arrived are appended, one transaction each, and so on; an audit append
 * (through Kysely, asynchronous) never has a transaction open while batches are written.
 */
function runWriterThread(path: string): void {
  const port = parentPort!;
  const db = openSqliteDatabase(path);
  const writer = new SqliteRecordWriter(db);
  const audit = auditRepository(
    new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: db }) }),
    'sqlite',
  );
  let queue: WriterRequest[] = [];
  let closing = false;
  let running = false;
  const answer = (id: number, work: Promise<WriteCounts | AuditEntry>) =>
    work.then(
      (value) => port.postMessage({ id, value } satisfies WriterAnswer),
      (e: unknown) => {
        const error = e instanceof Error ? e : new Error(String(e));
        port.postMessage({
          id,
          error: { message: error.message, name: error.name, code: (error as { code?: unknown }).code },
        } satisfies WriterAnswer);
      },
    );
  const pump = async () => {
    running = true;
    while (queue.length > 0) {
      const taken = queue;
      queue = [];
      const batches: Promise<void>[] = [];
      for (const m of taken) if ('batch' in m) batches.push(answer(m.id, writer.writeEncoded(m.batch)));
      await Promise.all(batches);
      // Handed in together, the entries are appended in one transaction (the repository groups them).
      const entries: Promise<void>[] = [];
      for (const m of taken) {
        if ('audit' in m)
          entries.push(
            answer(m.id, m.scoped ? audit.appendScoped(m.audit as ScopedAuditInput) : audit.append(m.audit)),
          );
      }
      await Promise.all(entries);
    }
    running = false;
    if (closing) {
      db.close();
      port.close();
    }
  };
  port.on('message', (m: WriterRequest | 'close') => {
    if (m === 'close') {
      closing = true;
      if (!running) void pump();
      return;
    }
    queue.push(m);
    if (!running) {
      // The requests that arrive in this turn of the event loop are taken together.
      running = true;
      setImmediate(() => void pump());
    }
  });
}

if (!isMainThread && (workerData as { tag?: unknown } | null)?.tag === WRITER_TAG) {
  runWriterThread((workerData as { path: string }).path);
}

function pgMergeSql(s: TableSpec<RecordKind>, staging: string, columns: string): string {
  return (
    `with w as (insert into ${quote(s.table)} as t (${columns}) select ${columns} from ${staging} ` +
    `on conflict ("source", "key") do update set ${updateSet(s, 't')} ` +
    `where t."digest" <> excluded."digest" returning t."revision") ` +
    `select count(*) filter (where "revision" = 1)::int as inserted, count(*)::int as changed from w`
  );
}

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505';

async function copyInto(client: pg.PoolClient, sql: string, text: Uint8Array): Promise<void> {
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  await pipeline(Readable.from([bytes]), client.query(copyFrom(sql)));
}

export class PostgresRecordWriter implements RecordWriter {
  /** Connections that already have their staging tables (temporary tables live per connection). */
  private readonly staged = new WeakMap<pg.PoolClient, Set<RecordKind>>();
  /** Per kind: false once a batch met a known key; true again when a merge found only new keys. */
  private readonly direct = new Map<RecordKind, boolean>();

  constructor(private readonly pool: pg.Pool) {}

  private async staging(client: pg.PoolClient, kind: RecordKind): Promise<string> {
    const name = `accord_staging_${kind}`;
    let kinds = this.staged.get(client);
    if (kinds === undefined) {
      kinds = new Set();
      this.staged.set(client, kinds);
    }
    if (!kinds.has(kind)) {
      await client.query(
        `create temporary table if not exists ${name} (like ${quote(spec(kind).table)} including defaults) ` +
          'on commit delete rows',
      );
      kinds.add(kind);
    }
    return name;
  }

  async write(records: readonly StoredRecord[]): Promise<WriteCounts> {
    return records.length === 0 ? emptyCounts() : this.writeEncoded(encodeRecords('postgres', records));
  }

  private readonly group = new GroupCommit(
    (batches) => this.inTransaction((client) => this.marked(client, batches)),
    async (batch) => (await this.inTransaction((client) => this.marked(client, [batch])))[0]!,
  );

  /**
   * The batches applied, and the data watermark raised when they changed anything (migration 0006): last in
   * the transaction, so that its row lock is held only until the commit that follows.
   */
  private async marked(client: pg.PoolClient, batches: readonly EncodedBatch[]): Promise<WriteCounts[]> {
    const kinds = batches.flatMap((b) => b.kinds);
    let blocks = await postgresBlocksBefore(client, kinds);
    const counts = await this.apply(client, batches, async () => {
      blocks = await postgresBlocksBefore(client, kinds);
    });
    if (!counts.some(changed)) return counts;
    // A store opened without its migrations (`migrate: false`) may not have the table yet.
    if (!this.watermarked) {
      const r = await client.query(`select to_regclass('record_changes') is not null as present`);
      this.watermarked = (r.rows[0] as { present?: boolean } | undefined)?.present === true;
    }
    if (this.watermarked) {
      await client.query(BUMP_RECORD_CHANGES);
      await client.query(BUMP_SOURCES_PG, [changedSources(batches, counts)]);
    }
    if (blocks !== null) await postgresDeleteBlocks(client, touchedBy(blocks, batches, counts));
    return counts;
  }

  /** Whether the store has the data watermark's table (migration 0006); checked until it has. */
  private watermarked = false;

  /**
   * Group commit (GroupCommit): the batches of concurrent requests share one transaction on one pool
   * connection; a failing group is tried again batch by batch, each on a connection of its own.
   */
  async writeEncoded(batch: EncodedBatch): Promise<WriteCounts> {
    if (batch.count === 0) return emptyCounts();
    if (batch.dialect !== 'postgres') throw new Error('a batch encoded for SQLite cannot go to PostgreSQL');
    return this.group.enqueue(batch);
  }

  private async inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      // A staging table created in the rolled-back transaction is gone again.
      this.staged.delete(client);
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * Batches whose keys are all new (a first import) are COPYed straight into their tables, one COPY per
   * kind for all of them: the unique index refuses the whole COPY at the first known (or repeated) key,
   * and the transaction then starts again and goes the general way, batch after batch: COPY into a
   * staging table and one merge per round (copyRounds). A COPY that succeeds inserted every row, which is
   * what the merges would have done, at about half the cost. After a refusal the next batches take the
   * general way straight away, until one of them shows only new keys again.
   */
  private async apply(
    client: pg.PoolClient,
    batches: readonly EncodedBatch[],
    /** Called when the transaction was started again (what it did before is gone). */
    restarted: () => Promise<void>,
  ): Promise<WriteCounts[]> {
    const byKind = new Map<RecordKind, Uint8Array[]>();
    for (const batch of batches)
      for (const rows of batch.kinds as readonly PostgresKindRows[]) {
        const texts = byKind.get(rows.kind) ?? [];
        texts.push(rows.text);
        byKind.set(rows.kind, texts);
      }
    if ([...byKind.keys()].every((kind) => this.direct.get(kind) !== false)) {
      let refused: RecordKind | undefined;
      try {
        for (const [kind, texts] of byKind) {
          refused = kind;
          const columns = encodedColumns(kind).map(quote).join(', ');
          await copyInto(client, `copy ${quote(spec(kind).table)} (${columns}) from stdin`, concat(texts));
        }
        return batches.map((b) => ({ inserted: b.count, updated: 0, unchanged: 0 }));
      } catch (e) {
        if ((e as { code?: unknown }).code !== UNIQUE_VIOLATION) throw e;
        // Nothing else done in this transaction yet: start it again, without a savepoint (whose
        // subtransaction would also cost the server something on every row).
        await client.query('rollback');
        await client.query('begin');
        await restarted();
        this.direct.set(refused!, false);
      }
    }
    const used = new Set<RecordKind>();
    let allNew = true;
    const all: WriteCounts[] = [];
    for (const batch of batches) {
      const counts = emptyCounts();
      for (const rows of batch.kinds as readonly PostgresKindRows[]) {
        const s = spec(rows.kind);
        const columns = encodedColumns(rows.kind).map(quote).join(', ');
        const staging = await this.staging(client, rows.kind);
        for (const round of copyRounds(rows)) {
          if (used.has(rows.kind)) await client.query(`truncate ${staging}`);
          used.add(rows.kind);
          await copyInto(client, `copy ${staging} (${columns}) from stdin`, round.text);
          const res = await client.query<{ inserted: number; changed: number }>(
            pgMergeSql(s, staging, columns),
          );
          const row = res.rows[0] ?? { inserted: 0, changed: 0 };
          counts.inserted += row.inserted;
          counts.updated += row.changed - row.inserted;
          counts.unchanged += round.count - row.changed;
          if (row.inserted !== round.count) allNew = false;
        }
      }
      all.push(counts);
    }
    // Only new keys, each once: the next batches may well be new too (an import that went on after a re-run).
    if (allNew) for (const kind of byKind.keys()) this.direct.set(kind, true);
    return all;
  }
}
