/**
 * How a worker thread loads a module of ours: the built JavaScript directly; the TypeScript sources (tests,
 * `node --import tsx`) through a script that first registers tsx in the new thread. Undefined when neither
 * works (the caller then does the work on its own thread).
 */
import { fileURLToPath } from 'node:url';

export interface WorkerScript {
  readonly script: string;
  /** Whether `script` is code (new Worker(…, { eval: true })) rather than a file. */
  readonly eval: boolean;
}

/** The script that loads the module at `moduleUrl` (its `import.meta.url`) in a worker thread. */
export function workerScript(moduleUrl: string): WorkerScript | undefined {
  if (moduleUrl.endsWith('.js')) return { script: fileURLToPath(moduleUrl), eval: false };
  try {
    const tsx = import.meta.resolve('tsx/esm/api');
    const script =
      `import(${JSON.stringify(tsx)}).then((api) => { api.register(); ` +
      `return import(${JSON.stringify(moduleUrl)}); });`;
    return { script, eval: true };
  } catch {
    return undefined;
  }
}
