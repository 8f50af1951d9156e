/**
 * What the benches that run the CLI as a whole share (B2, B3, B7): a runner that reports the process's peak
 * memory (VmHWM) and CPU time (all threads) on stderr when it exits, `runChild`, which times a child and
 * reads that report back, the digest that keys cached demo data, and whether PostgreSQL answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type Dirent, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

const USAGE_TAG = 'ACCORD-BENCH-USAGE';

export interface ChildResult {
  readonly wallMs: number;
  /** User + system CPU of the child, all threads (NaN when unknown). */
  readonly cpuMs: number;
  /** Peak resident memory (NaN when unknown). */
  readonly peakBytes: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Writes the runner into `dir`: `node RUNNER MAIN ARGS…` runs the built CLI's main() and reports usage. */
export function writeUsageRunner(dir: string): string {
  const path = join(dir, 'run-accord.mjs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path,
    `// Written by bench/child.ts: runs the built CLI and reports the process's resource usage.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [main, ...args] = process.argv.slice(2);
process.on('exit', () => {
  const u = process.resourceUsage();
  let hwm = u.maxRSS;
  try { hwm = Number(/VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}
  writeSync(2, '\\n${USAGE_TAG} ' + JSON.stringify({ peakKb: hwm, userUs: u.userCPUTime, systemUs: u.systemCPUTime }) + '\\n');
});
const { main: run } = await import(pathToFileURL(main).href);
process.exitCode = await run(args);
`,
  );
  return path;
}

/**
 * Runs `command` in the repository's root and times it; CPU and peak memory come from the runner's report
 * (`cpuOf` reads them another way, e.g. from bash's `times`, for children that are not the runner).
 */
export function runChild(
  command: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly cpuOf?: (stderr: string) => number } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        cwd: ROOT,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      reject(e);
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const usage = new RegExp(`${USAGE_TAG} (\\{.*\\})`).exec(stderr);
      let cpuMs = options.cpuOf?.(stderr) ?? Number.NaN;
      let peakBytes = Number.NaN;
      if (usage) {
        const u = JSON.parse(usage[1]!) as { peakKb: number; userUs: number; systemUs: number };
        cpuMs = (u.userUs + u.systemUs) / 1000;
        peakBytes = u.peakKb * 1024;
      }
      resolve({ wallMs, cpuMs, peakBytes, code, stdout, stderr });
    });
  });
}

/** Digest of the demo generator's sources: data cached by a bench is generated again when they change. */
export function demoGeneratorDigest(): string {
  const h = createHash('sha256');
  // Every file below src/demo, folders too (src/demo/native holds the systems' own formats).
  const files = (readdirSync(join(ROOT, 'src', 'demo'), { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
  for (const f of files) {
    h.update(`${f.slice(ROOT.length)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

/** Undefined when PostgreSQL at `url` answers, else why not (its side of a bench is then left out). */
export async function postgresProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops a schema a bench made in the PostgreSQL at `url`, with everything in it. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
