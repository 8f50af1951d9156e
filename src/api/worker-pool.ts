/**
 * A bounded pool of worker threads for the heavy work of requests (docs/deployment.md, Workers): each
 * thread opens the store once (read-only use, no migration) and runs one job at a time, so a long
 * evaluation never holds up the event loop that answers everyone else. A job is cancelled — its thread
 * terminated and replaced — when the client goes away, when it runs past the time limit, or when the pool
 * closes (SIGTERM). Jobs beyond the threads wait in a bounded queue; beyond that the answer is 503.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openStore, type Store } from '../store/index.js';
import {
  type ErrorData,
  errorData,
  errorFromData,
  type JobKind,
  type Jobs,
  runJob,
  type WorkRunner,
} from './jobs.js';
import { ApiError } from './problem.js';

const WORKER_TAG = 'accord-work-pool';

export interface WorkPoolOptions {
  /** The store URL every thread opens (the server's own). */
  readonly storeUrl: string;
  /** Threads (default: ACCORD_WORKERS, else 2). */
  readonly size?: number;
  /** Jobs that may wait for a thread (default: 4 per thread). */
  readonly queue?: number;
  /** A job running longer is stopped: 503 (default: ACCORD_WORK_TIMEOUT_MS, else 5 minutes). */
  readonly timeoutMs?: number;
  /** The heap of one thread (default: ACCORD_WORKER_MEMORY_MB, else 2048). */
  readonly memoryMb?: number;
}

export interface WorkPool {
  readonly size: number;
  readonly run: WorkRunner;
  /** Stops every thread; running and waiting jobs fail with 503. */
  close(): Promise<void>;
}

interface WorkerInput {
  readonly tag: typeof WORKER_TAG;
  readonly storeUrl: string;
}

type ToWorker = { readonly id: number; readonly kind: JobKind; readonly input: unknown };
type FromWorker =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ErrorData };

/** The built JavaScript directly; the TypeScript sources (tests) through tsx registered in the thread. */
function workerScript(): { readonly script: string; readonly eval: boolean } {
  if (import.meta.url.endsWith('.js')) return { script: fileURLToPath(import.meta.url), eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  return {
    script:
      `import(${JSON.stringify(tsx)}).then((api) => { api.register(); ` +
      `return import(${JSON.stringify(import.meta.url)}); });`,
    eval: true,
  };
}

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || !/^\d+$/.test(v) || Number(v) <= 0) return undefined;
  return Number(v);
}

/** Threads by default: two (one long evaluation does not queue every other), at most the cores there are. */
export function defaultPoolSize(): number {
  return envNumber('ACCORD_WORKERS') ?? Math.max(1, Math.min(2, availableParallelism()));
}

const busy = () =>
  new ApiError(
    503,
    'busy',
    'the server is busy with other evaluations: retry shortly',
    {},
    { 'retry-after': '5' },
  );
const stopping = () =>
  new ApiError(503, 'stopping', 'the server is stopping: retry shortly', {}, { 'retry-after': '5' });

interface Task {
  readonly id: number;
  readonly kind: JobKind;
  readonly input: unknown;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly signal: AbortSignal | undefined;
  onAbort?: () => void;
  timer?: NodeJS.Timeout;
}

export function createWorkPool(options: WorkPoolOptions): WorkPool {
  const size = options.size ?? defaultPoolSize();
  const queueMax = options.queue ?? 4 * size;
  const timeoutMs = options.timeoutMs ?? envNumber('ACCORD_WORK_TIMEOUT_MS') ?? 5 * 60_000;
  const memoryMb = options.memoryMb ?? envNumber('ACCORD_WORKER_MEMORY_MB') ?? 2048;
  const loader = workerScript();
  const idle: Worker[] = [];
  const running = new Map<Worker, Task>();
  const waiting: Task[] = [];
  let threads = 0;
  let nextId = 1;
  let closed = false;

  const settle = (task: Task) => {
    if (task.timer !== undefined) clearTimeout(task.timer);
    if (task.onAbort !== undefined) task.signal?.removeEventListener('abort', task.onAbort);
  };

  /** Stops a thread whatever it is doing; a new one is started when a job needs it. */
  const kill = (worker: Worker) => {
    running.delete(worker);
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
    threads--;
    worker.removeAllListeners();
    worker.on('error', () => undefined);
    void worker.terminate();
  };

  const spawn = (): Worker => {
    const input: WorkerInput = { tag: WORKER_TAG, storeUrl: options.storeUrl };
    const worker = new Worker(loader.script, {
      eval: loader.eval,
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });
    threads++;
    worker.unref();
    worker.on('message', (m: FromWorker) => {
      const task = running.get(worker);
      if (task === undefined || task.id !== m.id) return;
      running.delete(worker);
      settle(task);
      if (m.ok) task.resolve(m.value);
      else task.reject(errorFromData(m.error));
      worker.unref(); // an idle thread keeps no process alive
      idle.push(worker);
      pump();
    });
    const fail = (e: Error) => {
      const task = running.get(worker);
      kill(worker);
      if (task !== undefined) {
        settle(task);
        const code = (e as { code?: string }).code;
        task.reject(
          code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ApiError(
                503,
                'too_large',
                `this request needs more than ${memoryMb} MB: ask for less at a time`,
              )
            : e,
        );
      }
      pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (running.has(worker) || idle.includes(worker))
        fail(new Error(`a worker thread stopped (exit ${code})`));
    });
    return worker;
  };

  const start = (worker: Worker, task: Task) => {
    running.set(worker, task);
    worker.ref(); // a job keeps the process alive until it answers
    if (timeoutMs > 0)
      task.timer = setTimeout(() => {
        kill(worker);
        settle(task);
        task.reject(
          new ApiError(
            503,
            'timeout',
            `the request took longer than ${Math.round(timeoutMs / 1000)} s and was stopped: ask for less at a time`,
          ),
        );
        pump();
      }, timeoutMs);
    worker.postMessage({ id: task.id, kind: task.kind, input: task.input } satisfies ToWorker);
  };

  function pump(): void {
    while (waiting.length > 0 && !closed) {
      const worker = idle.pop() ?? (threads < size ? spawn() : undefined);
      if (worker === undefined) return;
      start(worker, waiting.shift()!);
    }
  }

  const run = (<K extends JobKind>(kind: K, input: Jobs[K]['input'], signal?: AbortSignal) =>
    new Promise<Jobs[K]['output']>((resolve, reject) => {
      if (closed) return reject(stopping());
      if (signal?.aborted) return reject(new ApiError(499, 'cancelled', 'the client went away'));
      if (waiting.length >= queueMax) return reject(busy());
      const task: Task = {
        id: nextId++,
        kind,
        input,
        resolve: resolve as (v: unknown) => void,
        reject,
        signal,
      };
      if (signal !== undefined) {
        task.onAbort = () => {
          settle(task);
          const at = waiting.indexOf(task);
          if (at >= 0) waiting.splice(at, 1);
          for (const [worker, t] of running) if (t === task) kill(worker);
          reject(new ApiError(499, 'cancelled', 'the client went away'));
          pump();
        };
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      waiting.push(task);
      pump();
    })) as WorkRunner;

  return {
    size,
    run,
    async close() {
      closed = true;
      for (const task of waiting.splice(0)) {
        settle(task);
        task.reject(stopping());
      }
      const all = [...idle, ...running.keys()];
      for (const [, task] of running) {
        settle(task);
        task.reject(stopping());
      }
      running.clear();
      idle.length = 0;
      await Promise.all(
        all.map((w) => {
          w.removeAllListeners();
          w.on('error', () => undefined);
          return w.terminate();
        }),
      );
      threads = 0;
    },
  };
}

/** The thread's side: one store, one job at a time. */
function serveJobs(input: WorkerInput): void {
  const port = parentPort!;
  let store: Promise<Store> | undefined;
  const storeOf = () => (store ??= openStore(input.storeUrl, { migrate: false }));
  port.on('message', (m: ToWorker) => {
    runJob(storeOf, m.kind, m.input as never).then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies FromWorker),
      (e: unknown) => port.postMessage({ id: m.id, ok: false, error: errorData(e) } satisfies FromWorker),
    );
  });
}

if (!isMainThread && (workerData as Partial<WorkerInput> | null)?.tag === WORKER_TAG) {
  serveJobs(workerData as WorkerInput);
}
