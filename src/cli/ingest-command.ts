/**
 * `accord ingest FILE...` (interfaces.md, data.md "Bad input"): normalised CSV/NDJSON into the store, one
 * transaction per batch, every bad row reported with file, line, field and reason.
 *
 * Exit codes: 0 every record stored; 3 some rejected, the rest stored; 1 nothing could be stored (no file
 * readable, every record bad) or `--strict` refused; 2 usage.
 */
import { statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { RECORD_KINDS, type RecordKind } from '../domain/records.js';
import { ingestBatches, type KeyLoader } from '../ingest/ingest-batches.js';
import { loadPseudonymKey, PseudonymKeyError } from '../ingest/pseudonym.js';
import {
  formatFromFileName,
  type InputFormat,
  kindFromFileName,
  type RecordError,
} from '../ingest/read-records.js';
import { addCounts, type EncodedBatch, emptyCounts, type Store, type WriteCounts } from '../store/index.js';
import { InputError, ReportedError, UsageError } from './errors.js';
import { type Io, printJson, processIo } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

/** Connector formats of interfaces.md that arrive with a later issue. */
export const CONNECTOR_FORMATS = [
  'zendesk',
  'freshdesk',
  'genesys',
  'connect',
  'asterisk',
  'intercom',
] as const;

/**
 * The source name of rows without a `source` column. Not the file name: partners re-send corrected or
 * cumulative exports under new names (`contacts-2026-10-v2.csv`), and those must update the records they
 * already sent, not add a second copy of each.
 */
export const DEFAULT_SOURCE = 'default';

/** Records per transaction. */
export const INGEST_BATCH = 5000;
/** Errors kept for the summary; the rest are counted (`errorsOmitted`). */
const MAX_ERRORS = 10_000;
/** Errors printed without --json. */
const SHOWN_ERRORS = 20;

export interface IngestSummary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RecordError[];
  errorsOmitted?: number;
  warnings: string[];
}

interface IngestOptions {
  format?: string;
  kind?: RecordKind;
  source?: string;
  strict?: boolean;
  db?: string;
  json?: boolean;
}

interface FilePlan {
  readonly file: string;
  /** Why the file cannot be read at all, or undefined. */
  readonly unreadable: string | undefined;
  readonly format: InputFormat | undefined;
  readonly kind: RecordKind | undefined;
  readonly size: number;
}

/** `contacts.csv:1042 created_at: "05-10-2026 08:14" has no offset` */
export function formatRecordError(e: RecordError): string {
  const where = e.line > 0 ? `${e.file}:${e.line}` : `${e.file}:`;
  return e.field === null ? `${where} ${e.message}` : `${where} ${e.field}: ${e.message}`;
}

function formatOption(value: string | undefined): InputFormat | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'csv' || v === 'ndjson') return v;
  if ((CONNECTOR_FORMATS as readonly string[]).includes(v)) {
    throw new UsageError(
      `--format ${v}: the ${v} connector is not supported yet; export normalised CSV or NDJSON (data.md) for now`,
    );
  }
  throw new UsageError(`--format: "${value}" is not a format (csv, ndjson)`);
}

class Progress {
  private last = 0;
  private readonly started = Date.now();
  private shown = false;

  constructor(
    private readonly enabled: boolean,
    private readonly totalBytes: number,
  ) {}

  update(file: string, read: number, bytesDone: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.round(read / seconds);
    const pct = this.totalBytes > 0 ? Math.min(100, (100 * bytesDone) / this.totalBytes).toFixed(1) : '?';
    process.stderr.write(`\r\x1b[K${file}: ${read} records, ${rate}/s, ${pct}%`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}

interface PassResult {
  read: number;
  rejected: number;
  errors: RecordError[];
  errorCount: number;
  counts: WriteCounts;
}

/** Reads every file; stores the good records when `store` is given (validation only otherwise). */
async function runPass(
  plans: readonly FilePlan[],
  opts: IngestOptions,
  key: KeyLoader,
  warn: (message: string) => void,
  store: Store | undefined,
  progress: Progress,
): Promise<PassResult> {
  const result: PassResult = { read: 0, rejected: 0, errors: [], errorCount: 0, counts: emptyCounts() };
  const addError = (e: RecordError) => {
    result.errorCount++;
    if (result.errors.length < MAX_ERRORS) result.errors.push(e);
  };
  // One batch may be in flight while the next is read. The next is read in a worker thread for a large
  // file, so reading goes on even while SQLite writes synchronously on this thread.
  let inflight: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    if (inflight !== undefined) await inflight;
    inflight = undefined;
    if (failure !== undefined) throw new StoreWriteError(failure.error);
  };
  const flush = async (batch: EncodedBatch, release: (() => void) | undefined) => {
    if (store === undefined) return;
    await settle();
    inflight = store.records.writeEncoded(batch).then(
      (counts) => {
        addCounts(result.counts, counts);
        // Written: the batch's buffers may be reused for the next ones.
        release?.();
      },
      (error: unknown) => void (failure = { error }),
    );
  };
  let bytesBefore = 0;
  let readBefore = 0;
  for (const plan of plans) {
    if (plan.unreadable !== undefined) {
      addError({ file: plan.file, line: 0, field: null, message: plan.unreadable });
      continue;
    }
    if (plan.format === undefined) {
      addError({
        file: plan.file,
        line: 0,
        field: null,
        message: 'cannot tell the format from the file name: pass --format csv or --format ndjson',
      });
      continue;
    }
    let fileRead = 0;
    const batches = ingestBatches(
      {
        file: plan.file,
        format: plan.format,
        kind: plan.kind,
        source: opts.source ?? DEFAULT_SOURCE,
        dialect: store?.dialect,
        batchSize: INGEST_BATCH,
        size: plan.size,
        warn,
      },
      key,
    );
    for await (const batch of batches) {
      fileRead = batch.read;
      result.rejected += batch.rejected;
      for (const e of batch.errors) addError(e);
      if (batch.batch !== undefined && batch.batch.count > 0) await flush(batch.batch, batch.release);
      progress.update(plan.file, readBefore + fileRead, bytesBefore + batch.bytes);
    }
    result.read += fileRead;
    readBefore += fileRead;
    bytesBefore += plan.size;
  }
  await settle();
  return result;
}

/** Storing a batch failed (the database went away, a disk filled up); batches committed before stay. */
class StoreWriteError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'StoreWriteError';
  }
}

function plan(files: readonly string[], opts: IngestOptions): FilePlan[] {
  const format = formatOption(opts.format);
  return files.map((file) => {
    let size = 0;
    let unreadable: string | undefined;
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) unreadable = 'cannot be read (is a directory)';
      size = stat.size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      unreadable = `cannot be read (${code === 'ENOENT' ? 'no such file' : (e as Error).message})`;
    }
    const kind = opts.kind ?? kindFromFileName(file);
    return { file, unreadable, format: format ?? formatFromFileName(file), kind, size };
  });
}

function printSummary(io: Io, summary: IngestSummary, json: boolean, refused: boolean): void {
  if (json) {
    printJson(io, summary);
    return;
  }
  const stored = summary.inserted + summary.updated + summary.unchanged;
  if (refused) {
    io.out(
      `--strict: nothing stored; ${summary.rejected} of ${summary.read} records are bad` +
        (summary.errors.length > 0
          ? ` (${summary.errors.length + (summary.errorsOmitted ?? 0)} errors)`
          : ''),
    );
  } else {
    io.out(
      `read ${summary.read} records: ${summary.inserted} inserted, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.rejected} rejected (${stored} stored)`,
    );
  }
  const total = summary.errors.length + (summary.errorsOmitted ?? 0);
  if (total > 0) {
    io.err(summary.errors.slice(0, SHOWN_ERRORS).map(formatRecordError).join('\n'));
    if (total > SHOWN_ERRORS) io.err(`… and ${total - SHOWN_ERRORS} more errors (--json lists them)`);
  }
}

export function registerIngestCommand(program: Command, io: Io): void {
  program
    .command('ingest')
    .description('read normalised CSV or NDJSON files into the store (data.md); re-running a file is safe')
    .argument('<files...>', 'files; the kind of records comes from the name (contacts.csv, surveys.ndjson …)')
    .option('--format <format>', 'csv or ndjson (default: from the extension)')
    .addOption(new Option('--kind <kind>', 'the kind of records in every file').choices(RECORD_KINDS))
    .option('--source <name>', `source name for rows without a source column (default: "${DEFAULT_SOURCE}")`)
    .option('--strict', 'check every file first and store nothing when any record is bad')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print the summary as one JSON document')
    .action(async (files: string[], opts: IngestOptions) => {
      if (opts.source !== undefined && opts.source.trim() === '')
        throw new InputError('--source: name is empty');
      const plans = plan(files, opts);
      const json = opts.json === true;
      const warnings: string[] = [];
      const warn = (message: string) => {
        warnings.push(message);
        io.err(`accord: ${message}`);
      };
      // Loaded (or created) on first use only, so that files without personal data never touch the key.
      let keyBytes: Buffer | undefined;
      const key = () => (keyBytes ??= loadPseudonymKey({ create: true, warn }).key);
      const tty = io === processIo && process.stderr.isTTY === true;
      const totalBytes = plans.reduce((sum, p) => sum + p.size, 0);

      const exitCode = await withStore(opts.db, async (store) => {
        const pass = async (target: Store | undefined, warnings: (message: string) => void) => {
          const progress = new Progress(tty, totalBytes);
          try {
            return await runPass(plans, opts, key, warnings, target, progress);
          } finally {
            progress.done();
          }
        };
        let result: PassResult;
        let refused = false;
        try {
          if (opts.strict) {
            // Validate everything first; store only when every record is good.
            result = await pass(undefined, warn);
            if (result.errorCount > 0) refused = true;
            else result = await pass(store, () => undefined);
          } else {
            result = await pass(store, warn);
          }
        } catch (e) {
          if (e instanceof PseudonymKeyError) throw new InputError(e.message);
          if (e instanceof StoreWriteError) {
            throw new InputError(`storing in ${store.description} failed: ${e.message}`, [
              'the batches stored before the failure are kept; run the same command again to complete the import',
            ]);
          }
          throw e;
        }
        const summary: IngestSummary = {
          read: result.read,
          inserted: result.counts.inserted,
          updated: result.counts.updated,
          unchanged: result.counts.unchanged,
          rejected: result.rejected,
          errors: result.errors,
          warnings,
        };
        if (result.errorCount > result.errors.length)
          summary.errorsOmitted = result.errorCount - result.errors.length;
        const stored = summary.inserted + summary.updated + summary.unchanged;
        await store.audit.append({
          at: Date.now(),
          actor: cliActor(),
          action: 'ingest',
          subject: files.join(' '),
          details: {
            files,
            source: opts.source ?? null,
            strict: opts.strict === true,
            refused,
            read: summary.read,
            inserted: summary.inserted,
            updated: summary.updated,
            unchanged: summary.unchanged,
            rejected: summary.rejected,
            errors: result.errorCount,
          },
        });
        printSummary(io, summary, json, refused);
        if (refused) return 1;
        if (result.errorCount === 0) return 0;
        return stored > 0 ? 3 : 1;
      });
      if (exitCode !== 0) throw new ReportedError(exitCode);
    });
}
