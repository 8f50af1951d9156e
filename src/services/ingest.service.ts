/**
 * The ingest use case (data.md "Bad input", interfaces.md `ingest --json`): inputs of normalised records →
 * committed batches, with one summary, one `--strict` rule, one error cap and one write path, for
 * `accord ingest`, `POST /api/v1/ingest` and, later, the connectors.
 *
 * - Each input is a file, bytes in memory (a request's CSV or NDJSON body) or rows already parsed (a JSON
 *   array); the readers of src/ingest turn it into batches encoded for the store (ingest-batches.ts).
 * - Every bad row becomes an error with file, line, field and reason; good rows are stored, one
 *   transaction per batch. `strict` reads everything first and stores nothing when any row is bad.
 * - The caller says what it may store: the source of rows without one and, for an API partner, which
 *   sources it owns (`SourcePolicy`); and whether survey comments of a source are kept (`keepComments`,
 *   data.md "Personal data": dropped unless the contract allows them).
 * - The outcome is recorded in the audit log. The answer comes after every batch has committed:
 *   acknowledged means stored.
 */
import { statSync } from 'node:fs';
import type { RecordKind } from '../domain/records.js';
import type { ConnectorFormat, MappedInput } from '../ingest/connectors/connector.js';
import { relocateError } from '../ingest/connectors/connector.js';
import { loadConnectorFiles, mapConnectorFiles } from '../ingest/connectors/read-files.js';
import { DROP_EVERY_COMMENT, ingestBatches, type PseudonymiserLoader } from '../ingest/ingest-batches.js';
import type { PersonalPolicy } from '../ingest/personal.js';
import {
  formatFromFileName,
  type InputFormat,
  kindFromFileName,
  type RecordError,
} from '../ingest/read-records.js';
import type { AuditScope } from '../store/index.js';
import { addCounts, type EncodedBatch, emptyCounts, type Store, type WriteCounts } from '../store/index.js';
import { forbidden, ServiceError, unprocessable } from './errors.js';

/** Records per transaction. */
export const INGEST_BATCH = 5000;
/** Errors kept for the summary; the rest are counted (`errorsOmitted`). */
export const MAX_ERRORS = 10_000;

/**
 * The source name of rows without a `source` column. Not the file name: partners re-send corrected or
 * cumulative exports under new names (`contacts-2026-10-v2.csv`), and those must update the records they
 * already sent, not add a second copy of each.
 */
export const DEFAULT_SOURCE = 'default';

/** The summary of `accord ingest --json` and of `POST /api/v1/ingest` (interfaces.md). */
export interface IngestSummary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RecordError[];
  /** Errors beyond MAX_ERRORS, counted but not listed. */
  errorsOmitted?: number;
  warnings: string[];
}

export interface IngestInput {
  /** The file to read, or the name that errors give an input held in memory (`body`). */
  readonly name: string;
  /** The input's bytes, when it is not the file `name`. */
  readonly bytes?: Uint8Array;
  /** Rows already parsed (a JSON array); `line` in errors is the position in it, from 1. */
  readonly rows?: readonly unknown[];
  /** Default: from the file name (rows: NDJSON). */
  readonly format?: InputFormat;
  /** Default: from the file name, or each NDJSON record's `type`. */
  readonly kind?: RecordKind;
  /**
   * Rows a connector mapped from a system's files (connectors/connector.ts): they take the NDJSON way,
   * and their problems are reported against the native file, line and JSON path they came from.
   */
  readonly mapped?: MappedInput;
}

/**
 * The files of a connector import as one input of the pipeline: read within the bounds, recognised by
 * their content, mapped onto normalised rows (src/ingest/connectors/).
 */
export function connectorInput(format: ConnectorFormat, files: readonly string[]): IngestInput {
  return { name: files.join(' '), mapped: mapConnectorFiles(format, loadConnectorFiles(files)) };
}

/** Which sources the caller may write. */
export interface SourcePolicy {
  /** The source of rows without one. */
  readonly defaultSource: string;
  /** Why records of this source may not be stored by the caller, or null; undefined: any source. */
  readonly refuse?: (source: string) => string | null;
}

export interface IngestOptions {
  readonly store: Store;
  /** The one pseudonymiser, made (and its key loaded) on the first personal value. */
  readonly pseudonymiser: PseudonymiserLoader;
  readonly sources: SourcePolicy;
  /** Whether survey comments of a source are kept; default: none are. */
  readonly keepComments?: (source: string) => boolean;
  /** More personal columns and the phone region (the contracts' `data:`, `--personal`, `--region`). */
  readonly personal?: PersonalPolicy;
  /** Read everything first; store nothing when any row is bad. */
  readonly strict: boolean;
  /** Each warning as it arises (an unused column); they are in the summary too. */
  readonly warn?: (message: string) => void;
  /** Progress after each batch: the input, records read and bytes done of all inputs, and their total. */
  readonly progress?: (name: string, read: number, bytesDone: number, totalBytes: number) => void;
  /** Who did it, for the audit log; `details` are added to the counts. */
  readonly audit: {
    /** When (epoch ms); default now. */
    readonly at?: number;
    readonly actor: string;
    readonly subject: string;
    readonly details: Readonly<Record<string, unknown>>;
    /** The tenant scope of an API caller. */
    readonly scope?: AuditScope;
  };
}

export interface IngestOutcome {
  readonly summary: IngestSummary;
  /** Nothing stored: `strict` refused, or nothing could be stored because of errors. */
  readonly refused: boolean;
  /** Whether `strict` refused (as opposed to every record being bad). */
  readonly strictRefused: boolean;
  readonly stored: number;
  /** Errors in all, listed or not. */
  readonly errorCount: number;
}

interface InputPlan extends IngestInput {
  /** Why the input cannot be read at all, or undefined. */
  readonly unreadable: string | undefined;
  readonly size: number;
}

interface PassResult {
  read: number;
  rejected: number;
  errors: RecordError[];
  errorCount: number;
  counts: WriteCounts;
}

/** Stores the inputs' records; throws a ServiceError when the caller may not or the store fails. */
export async function ingest(inputs: readonly IngestInput[], options: IngestOptions): Promise<IngestOutcome> {
  const { store } = options;
  const refusal = options.sources.refuse?.(options.sources.defaultSource) ?? null;
  if (refusal !== null) throw forbidden(refusal);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.warn?.(message);
  };
  const plans = inputs.map(planInput);
  let result: PassResult;
  let strictRefused = false;
  if (options.strict) {
    result = await runPass(plans, options, warn, undefined);
    if (result.errorCount > 0) strictRefused = true;
    else result = await runPass(plans, options, () => undefined, store);
  } else {
    result = await runPass(plans, options, warn, store);
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
  const refused = strictRefused || (stored === 0 && result.errorCount > 0);
  const entry = {
    at: options.audit.at ?? Date.now(),
    actor: options.audit.actor,
    action: 'ingest',
    subject: options.audit.subject,
    details: {
      ...options.audit.details,
      strict: options.strict,
      refused,
      read: summary.read,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      errors: result.errorCount,
    },
  };
  const scope = options.audit.scope;
  if (scope === undefined) await store.audit.append(entry);
  else await store.audit.appendScoped({ ...entry, scope });
  return { summary, refused, strictRefused, stored, errorCount: result.errorCount };
}

/** The problem to answer when nothing was stored (the API's 422), with the summary in it. */
export function nothingStored(outcome: IngestOutcome): ServiceError {
  const { summary } = outcome;
  const first = summary.errors[0];
  return unprocessable(
    `nothing stored: ${summary.rejected} of ${summary.read} records are bad${
      first === undefined
        ? ''
        : ` (first: line ${first.line}${first.field === null ? '' : ` ${first.field}`}: ${first.message})`
    }`,
    [],
    { ...summary },
  );
}

/** Storing a batch failed (the database went away, a disk filled up); batches committed before stay. */
export class StoreWriteError extends ServiceError {
  constructor(
    store: Store,
    readonly reason: unknown,
  ) {
    super(
      'unprocessable',
      `storing in ${store.description} failed: ${reason instanceof Error ? reason.message : String(reason)}`,
      [
        {
          path: 'store',
          message:
            'the batches stored before the failure are kept; send the same input again to complete the import',
        },
      ],
    );
    this.name = 'StoreWriteError';
  }
}

function planInput(input: IngestInput): InputPlan {
  if (input.mapped !== undefined) return { ...input, format: 'ndjson', unreadable: undefined, size: 0 };
  if (input.rows !== undefined) return { ...input, format: 'ndjson', unreadable: undefined, size: 0 };
  const format = input.format ?? formatFromFileName(input.name);
  const kind = input.kind ?? kindFromFileName(input.name);
  const base = {
    ...input,
    ...(format === undefined ? {} : { format }),
    ...(kind === undefined ? {} : { kind }),
  };
  if (input.bytes !== undefined) return { ...base, unreadable: undefined, size: input.bytes.byteLength };
  let size = 0;
  let unreadable: string | undefined;
  try {
    const stat = statSync(input.name);
    if (stat.isDirectory()) unreadable = 'cannot be read (is a directory)';
    size = stat.size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    unreadable = `cannot be read (${code === 'ENOENT' ? 'no such file' : (e as Error).message})`;
  }
  return { ...base, unreadable, size };
}

/** Reads every input; stores the good records when `store` is given (validation only otherwise). */
async function runPass(
  plans: readonly InputPlan[],
  options: IngestOptions,
  warn: (message: string) => void,
  store: Store | undefined,
): Promise<PassResult> {
  const result: PassResult = { read: 0, rejected: 0, errors: [], errorCount: 0, counts: emptyCounts() };
  const addError = (e: RecordError) => {
    result.errorCount++;
    if (result.errors.length < MAX_ERRORS) result.errors.push(e);
  };
  // One batch may be in flight while the next is read. A large file's next batch is read in a worker
  // thread, so reading goes on even while SQLite writes synchronously on this thread.
  let inflight: Promise<void> | undefined;
  let failure: { error: unknown } | undefined;
  const settle = async () => {
    if (inflight !== undefined) await inflight;
    inflight = undefined;
    if (failure !== undefined) throw new StoreWriteError(options.store, failure.error);
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
  const totalBytes = plans.reduce((sum, p) => sum + p.size, 0);
  let bytesBefore = 0;
  for (const plan of plans) {
    const mapped = plan.mapped;
    if (mapped !== undefined) {
      // What the connector could not map is read and rejected; an input without rows ends here (the
      // pipeline would call it empty).
      result.read += mapped.rejected;
      result.rejected += mapped.rejected;
      for (const e of mapped.errors) addError(e);
      for (const note of mapped.notes ?? []) warn(note);
      if (mapped.rows.length === 0) {
        if (mapped.errors.length === 0)
          addError({ file: plan.name, line: 0, field: null, message: 'holds no records' });
        continue;
      }
    }
    if (plan.unreadable !== undefined) {
      addError({ file: plan.name, line: 0, field: null, message: plan.unreadable });
      continue;
    }
    if (plan.format === undefined) {
      addError({
        file: plan.name,
        line: 0,
        field: null,
        message: 'cannot tell the format from the file name: pass --format csv or --format ndjson',
      });
      continue;
    }
    let fileRead = 0;
    const batches = ingestBatches(
      {
        file: plan.name,
        ...(plan.bytes === undefined ? {} : { bytes: plan.bytes }),
        ...(plan.rows === undefined ? {} : { rows: plan.rows }),
        ...(mapped === undefined ? {} : { rows: mapped.rows.map((m) => m.row) }),
        format: plan.format,
        kind: plan.kind,
        source: options.sources.defaultSource,
        dialect: store?.dialect,
        batchSize: INGEST_BATCH,
        size: plan.size,
        ...(options.sources.refuse === undefined ? {} : { refuseSource: options.sources.refuse }),
        keepComments: options.keepComments ?? DROP_EVERY_COMMENT,
        ...(options.personal === undefined ? {} : { personal: options.personal }),
        warn,
      },
      options.pseudonymiser,
    );
    for await (const batch of batches) {
      fileRead = batch.read;
      result.rejected += batch.rejected;
      for (const e of batch.errors) addError(mapped === undefined ? e : relocateError(mapped.rows, e));
      if (batch.batch !== undefined && batch.batch.count > 0) await flush(batch.batch, batch.release);
      options.progress?.(plan.name, result.read + fileRead, bytesBefore + batch.bytes, totalBytes);
    }
    result.read += fileRead;
    bytesBefore += plan.size;
  }
  await settle();
  return result;
}
