/**
 * The read side of `accord ingest`: one file → batches of records encoded for the store's database
 * (store/encode.ts), with the errors, counts and bytes read so far. A large file is read in a worker
 * thread, so that reading, checking, pseudonymising and encoding (about half the work of an import) run
 * beside the database writes on the main thread instead of taking turns with them; a small file is read
 * on the main thread (a worker costs some 30 ms to start). Both ways run the same code and give the same
 * batches.
 *
 * The worker stays at most a few batches ahead of the writes, so memory stays flat however large the
 * file. The pseudonymisation key stays with the main thread, which loads (or creates) it on first use as
 * before; a worker that meets its first personal value asks for it and waits (Atomics.wait) for the
 * answer.
 */
import {
  isMainThread,
  MessageChannel,
  type MessagePort,
  parentPort,
  receiveMessageOnPort,
  Worker,
  workerData,
} from 'node:worker_threads';
import type { RecordKind, RecordKinds } from '../domain/records.js';
import { BatchEncoder, BufferPool, type EncodedBatch, transferables } from '../store/encode.js';
import type { Dialect } from '../store/index.js';
import { workerScript } from '../store/worker-script.js';
import { directContacts } from './direct-contacts.js';
import { PersonalData, type PersonalPolicy } from './personal.js';
import { Pseudonymiser, type Pseudonyms } from './pseudonym.js';
import { type InputFormat, type RecordError, type RecordSink, readRecordsInto } from './read-records.js';

export interface IngestBatch {
  /** The records to store, or undefined when only validating (no dialect). */
  readonly batch: EncodedBatch | undefined;
  /** Call once the batch is written: its buffers go back to the reader for the next batches. */
  readonly release?: () => void;
  readonly errors: RecordError[];
  /** Records read so far in this file, good and bad, nested ones included. */
  readonly read: number;
  /** Records of this batch that were rejected. */
  readonly rejected: number;
  /** Bytes of the file read so far. */
  readonly bytes: number;
}

export interface IngestFileOptions {
  /** The file, or the name errors give an input held in memory (`body`). */
  readonly file: string;
  /** The input's bytes, when it is not read from `file`. */
  readonly bytes?: Uint8Array;
  /** Rows already parsed (a JSON array), when the input is neither a file nor bytes. */
  readonly rows?: readonly unknown[];
  readonly format: InputFormat;
  readonly kind: RecordKind | undefined;
  /** The source name for rows without a `source` value. */
  readonly source: string;
  /** Encode for this database; undefined to validate only. */
  readonly dialect: Dialect | undefined;
  /** Records per batch (one transaction each). */
  readonly batchSize: number;
  /** File size in bytes: large files are read in a worker thread. */
  readonly size: number;
  /** False to read every line the general way (tests compare both ways); default true. */
  readonly direct?: boolean;
  /**
   * Why the caller may not store records of a source (an API partner and the sources it owns), or null
   * when it may; undefined lets every source through. A refused record is a rejected row.
   */
  readonly refuseSource?: (source: string) => string | null;
  /** Whether a survey's free-text comment of this source is kept (data.md); undefined keeps none. */
  readonly keepComments?: (source: string) => boolean;
  /** Personal columns declared beyond the patterns, and the phone region (personal.ts); plain data. */
  readonly personal?: PersonalPolicy;
  readonly warn: (message: string) => void;
}

/** The comment policy that keeps every comment: it crosses to a worker thread as a flag. */
export const KEEP_EVERY_COMMENT = (_source: string): boolean => true;
/** The comment policy that keeps none, the default. */
export const DROP_EVERY_COMMENT = (_source: string): boolean => false;

/**
 * The one pseudonymiser, made on first use (loading or creating the key then); throws (PseudonymKeyError)
 * when there is no key to be had.
 */
export type PseudonymiserLoader = () => Pseudonyms;

/** Files from this size on are read in a worker thread. */
const WORKER_MIN_BYTES = 4 << 20;
/** Batches a worker may have sent ahead of the writes. */
const WORKER_AHEAD = 3;
const WORKER_TAG = 'accord-ingest-worker';

function worthAWorker(size: number): boolean {
  const mode = process.env.ACCORD_INGEST_WORKER;
  if (mode === 'never') return false;
  return mode === 'always' || size >= WORKER_MIN_BYTES;
}

/**
 * Reads one input into batches, in a worker thread when it is a large file whose policies can cross to
 * one (no source refusal, every comment kept or none).
 */
export function ingestBatches(
  opts: IngestFileOptions,
  pseudonymiser: PseudonymiserLoader,
): AsyncGenerator<IngestBatch> {
  const crossable =
    opts.bytes === undefined &&
    opts.rows === undefined &&
    opts.refuseSource === undefined &&
    (opts.keepComments === undefined ||
      opts.keepComments === KEEP_EVERY_COMMENT ||
      opts.keepComments === DROP_EVERY_COMMENT);
  const script = crossable && worthAWorker(opts.size) ? workerScript(import.meta.url) : undefined;
  return script !== undefined ? inWorker(opts, pseudonymiser, script) : readBatches(opts, pseudonymiser);
}

type ReadOptions = Pick<
  IngestFileOptions,
  | 'file'
  | 'bytes'
  | 'rows'
  | 'format'
  | 'kind'
  | 'source'
  | 'dialect'
  | 'batchSize'
  | 'direct'
  | 'refuseSource'
  | 'keepComments'
  | 'personal'
> & {
  readonly warn: (message: string) => void;
};

/**
 * Buffers of written batches, for the next batches read on this thread: an API server reads a body per
 * request, and would otherwise allocate (and zero) a megabyte or two for each.
 */
const MAIN_THREAD_POOL = new BufferPool();

/**
 * The batches of one file, read here. Each record is encoded as soon as it is read, so that nothing but
 * the encoded batch outlives its row; a batch ends with the chunk of the file (about 1 MB) that fills it.
 */
async function* readBatches(
  opts: ReadOptions,
  pseudonymiser: PseudonymiserLoader,
  pool = MAIN_THREAD_POOL,
): AsyncGenerator<IngestBatch> {
  // Rows in memory (a request's JSON array) are all there is: no room for more is made.
  const capacity = opts.rows === undefined ? opts.batchSize : Math.min(opts.batchSize, opts.rows.length);
  const encoder = opts.dialect === undefined ? undefined : new BatchEncoder(opts.dialect, capacity, pool);
  const take = (): Pick<IngestBatch, 'batch' | 'release'> => {
    const batch = encoder?.take();
    return batch === undefined ? { batch } : { batch, release: () => pool.put(transferables(batch)) };
  };
  let errors: RecordError[] = [];
  let rejected = 0;
  const refuse = opts.refuseSource;
  const keep = opts.keepComments ?? DROP_EVERY_COMMENT;
  // Refusals arise while a chunk is read, the chunk's other errors after it: they are merged by line.
  let refusals: RecordError[] = [];
  const emit: RecordSink = (kind, line, record) => {
    const why = refuse?.(record.source) ?? null;
    if (why !== null) {
      rejected++;
      refusals.push({ file: opts.file, line, field: 'source', message: why });
      return;
    }
    if (encoder === undefined) return;
    if (kind === 'surveys') {
      const survey = record as RecordKinds['surveys'];
      if (survey.comment !== null && !keep(survey.source)) {
        encoder.add(kind, { ...survey, comment: null });
        return;
      }
    }
    encoder.add(kind, record);
  };
  // The key is loaded (or created) on the first personal value only.
  const pseudonymise = (value: string) => pseudonymiser().hash(value);
  const personal = new PersonalData(opts.personal);
  // Lines of contacts go the direct way when records are encoded (direct-contacts.ts).
  const direct =
    encoder === undefined || opts.direct === false
      ? undefined
      : (kind: RecordKind, header: readonly string[], separator: number) =>
          kind === 'contacts'
            ? directContacts(
                header,
                separator,
                opts.source,
                pseudonymiser,
                encoder.rows('contacts'),
                refuse,
                personal,
              )
            : undefined;
  let read = 0;
  let bytes = 0;
  const reports = readRecordsInto(
    {
      file: opts.file,
      ...(opts.bytes === undefined ? {} : { bytes: opts.bytes }),
      ...(opts.rows === undefined ? {} : { rows: opts.rows }),
      format: opts.format,
      kind: opts.kind,
      context: { source: opts.source, pseudonymise, personal },
      warn: opts.warn,
      ...(direct === undefined ? {} : { direct }),
    },
    emit,
  );
  for await (const report of reports) {
    read = report.read;
    bytes = report.bytes;
    rejected += report.rejected;
    if (refusals.length === 0) for (const e of report.errors) errors.push(e);
    else {
      // Array.prototype.sort is stable: errors of one line keep their order.
      for (const e of [...report.errors, ...refusals].sort((a, b) => a.line - b.line)) errors.push(e);
      refusals = [];
    }
    if (encoder === undefined || encoder.size >= opts.batchSize) {
      yield { ...take(), errors, read, rejected, bytes };
      errors = [];
      rejected = 0;
    }
  }
  yield { ...take(), errors, read, rejected, bytes };
}

// --- The worker thread ---------------------------------------------------------------------------------

interface WorkerInput {
  readonly tag: typeof WORKER_TAG;
  readonly options: ReadOptions;
  /** Int32Array over it: [0] turns 1 when the main thread has answered a key request. */
  readonly keySignal: SharedArrayBuffer;
  readonly keyPort: MessagePort;
  /** The comment policy as a flag (KEEP_EVERY_COMMENT or not). */
  readonly keepComments: boolean;
}

type WorkerMessage =
  | { readonly type: 'batch'; readonly value: IngestBatch }
  | { readonly type: 'warn'; readonly message: string }
  | { readonly type: 'key' }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string; readonly name: string; readonly stack?: string }
  // Not sent by the worker: its thread ended (after `done`, or because it failed).
  | { readonly type: 'exit'; readonly code: number };

type MainMessage =
  /** A batch was taken: the worker may read one more ahead. */
  | { readonly type: 'ack' }
  /** The buffers of a written batch, for the next ones. */
  | { readonly type: 'recycle'; readonly buffers: ArrayBuffer[] };

type KeyAnswer = { readonly key: Uint8Array } | { readonly error: true };

/** Thrown in the worker when the main thread could not provide the key (it reports why). */
class NoKey extends Error {}

async function runWorker(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  let credits = WORKER_AHEAD;
  let wake: (() => void) | undefined;
  const pool = new BufferPool();
  port.on('message', (m: MainMessage) => {
    if (m.type === 'recycle') {
      pool.put(m.buffers);
      return;
    }
    credits++;
    wake?.();
    wake = undefined;
  });
  const signal = new Int32Array(input.keySignal);
  let p: Pseudonymiser | undefined;
  const pseudonymiser = () => (p ??= new Pseudonymiser(key()));
  const key = (): Buffer => {
    port.postMessage({ type: 'key' } satisfies WorkerMessage);
    let answer: { message: KeyAnswer } | undefined;
    for (;;) {
      Atomics.wait(signal, 0, 0, 1000);
      answer = receiveMessageOnPort(input.keyPort) as { message: KeyAnswer } | undefined;
      if (answer !== undefined) break;
    }
    if ('error' in answer.message) throw new NoKey();
    return Buffer.from(answer.message.key);
  };
  const options = {
    ...input.options,
    keepComments: input.keepComments ? KEEP_EVERY_COMMENT : DROP_EVERY_COMMENT,
    warn: (message: string) => port.postMessage({ type: 'warn', message } satisfies WorkerMessage),
  };
  try {
    for await (const { release: _, ...value } of readBatches(options, pseudonymiser, pool)) {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      // The buffers move to the main thread without a copy, and come back with `recycle`.
      const transfer = value.batch === undefined ? [] : transferables(value.batch);
      port.postMessage({ type: 'batch', value } satisfies WorkerMessage, transfer);
    }
    port.postMessage({ type: 'done' } satisfies WorkerMessage);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    port.postMessage({
      type: 'error',
      message: error.message,
      name: error.name,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
    } satisfies WorkerMessage);
  }
  port.close();
  input.keyPort.close();
}

if (!isMainThread && (workerData as Partial<WorkerInput> | null)?.tag === WORKER_TAG) {
  void runWorker(workerData as WorkerInput);
}

/** The batches of one file, read in a worker thread. */
async function* inWorker(
  opts: IngestFileOptions,
  pseudonymiser: PseudonymiserLoader,
  loader: { readonly script: string; readonly eval: boolean },
): AsyncGenerator<IngestBatch> {
  const keySignal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const input: WorkerInput = {
    tag: WORKER_TAG,
    options: {
      file: opts.file,
      format: opts.format,
      kind: opts.kind,
      source: opts.source,
      dialect: opts.dialect,
      batchSize: opts.batchSize,
      ...(opts.direct === undefined ? {} : { direct: opts.direct }),
      ...(opts.personal === undefined ? {} : { personal: opts.personal }),
      warn: () => undefined,
    },
    keySignal,
    keyPort: port2,
    keepComments: opts.keepComments === KEEP_EVERY_COMMENT,
  };
  // Functions do not cross to a thread; the worker posts its warnings instead.
  const { warn: _, ...options } = input.options;
  const worker = new Worker(loader.script, {
    eval: loader.eval,
    workerData: { ...input, options },
    transferList: [port2],
  });
  const queue: WorkerMessage[] = [];
  let failure: Error | undefined;
  let keyError: unknown;
  let notify: (() => void) | undefined;
  const push = (m: WorkerMessage) => {
    queue.push(m);
    notify?.();
    notify = undefined;
  };
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'key') {
      try {
        const bytes = pseudonymiser().key;
        if (bytes === undefined)
          throw new Error('the pseudonymiser cannot share its key with a worker thread');
        port1.postMessage({ key: new Uint8Array(bytes) } satisfies KeyAnswer);
      } catch (e) {
        keyError = e;
        port1.postMessage({ error: true } satisfies KeyAnswer);
      }
      const signal = new Int32Array(keySignal);
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    } else push(m);
  });
  worker.on('error', (e) => {
    failure ??= e;
  });
  worker.on('exit', (code) => push({ type: 'exit', code }));
  try {
    for (;;) {
      const m = queue.shift();
      if (m === undefined) {
        await new Promise<void>((resolve) => (notify = resolve));
        continue;
      }
      if (m.type === 'warn') opts.warn(m.message);
      else if (m.type === 'batch') {
        worker.postMessage({ type: 'ack' } satisfies MainMessage);
        const batch = m.value.batch;
        const release =
          batch === undefined
            ? undefined
            : () => {
                const buffers = transferables(batch);
                try {
                  worker.postMessage({ type: 'recycle', buffers } satisfies MainMessage, buffers);
                } catch {
                  // The worker is gone (its file is done): the buffers are simply dropped.
                }
              };
        yield release === undefined ? m.value : { ...m.value, release };
      } else if (m.type === 'error') {
        if (keyError !== undefined) throw keyError;
        const e = new Error(m.message);
        e.name = m.name;
        if (m.stack !== undefined) e.stack = m.stack;
        throw e;
      } else if (m.type === 'done') {
        return;
      } else if (m.type === 'exit') {
        throw failure ?? new Error(`the ingest worker for ${opts.file} stopped (exit code ${m.code})`);
      }
    }
  } finally {
    port1.close();
    await worker.terminate();
  }
}
