/**
 * The real `accord serve` binary in a child process, set up for API ingest the way a user would: `accord
 * token create --new-org … --role client-admin`, `accord serve --port 0`, `POST /api/v1/partners`. Used by
 * the reliability proofs (bench/reliability.ts) and their tests (test/reliability/), which pass the binary of
 * their own build; the script passes `bin/accord.js` (dist/ from `npm run build`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Served {
  /** `http://127.0.0.1:PORT`. */
  readonly base: string;
  /** `…/api/v1/ingest?kind=contacts&partner=…`. */
  readonly ingestUrl: string;
  readonly token: string;
  readonly partnerId: string;
  readonly child: ChildProcess;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
}

export interface ServeOptions {
  /** Path of `bin/accord.js`. */
  readonly bin: string;
  /** Store URL (`sqlite:PATH`, `postgres://…?schema=…`). */
  readonly db: string;
  readonly env?: Readonly<Record<string, string>>;
}

function env(o: ServeOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ACCORD_LOG_LEVEL: 'silent',
    ACCORD_PSEUDONYM_KEY: process.env.ACCORD_PSEUDONYM_KEY ?? 'reliability-proof-key',
    ...o.env,
  };
}

/** Runs the binary to completion: `accord …args`. */
export function accord(
  o: ServeOptions,
  args: readonly string[],
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [o.bin, ...args], { encoding: 'utf8', env: env(o) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `accord serve --port 0 --db …` and waits for its "listening on" line. */
export async function startServe(
  o: ServeOptions,
  tenant?: { token: string; partnerId: string },
): Promise<Served> {
  let setup = tenant;
  if (setup === undefined) {
    const created = accord(o, [
      'token',
      'create',
      '--new-org',
      'Reliability client',
      '--role',
      'client-admin',
      '--db',
      o.db,
      '--json',
    ]);
    if (created.code !== 0) throw new Error(`accord token create failed: ${created.stderr}`);
    setup = { token: (JSON.parse(created.stdout) as { token: string }).token, partnerId: '' };
  }
  const child = spawn(process.execPath, [o.bin, 'serve', '--port', '0', '--db', o.db], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: env(o),
  });
  let err = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`accord serve stopped (${code ?? signal}): ${err}`)),
    );
  });
  let partnerId = setup.partnerId;
  if (partnerId === '') {
    const res = await fetch(`${base}/api/v1/partners`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.token}` },
      body: JSON.stringify({ name: 'Reliability partner', defaultSource: `rel-${child.pid}-${Date.now()}` }),
    });
    const body = (await res.json()) as { id?: string };
    if (!res.ok || body.id === undefined)
      throw new Error(`POST /partners answered ${res.status}: ${JSON.stringify(body)}`);
    partnerId = body.id;
  }
  return {
    base,
    ingestUrl: `${base}/api/v1/ingest?kind=contacts&partner=${partnerId}`,
    token: setup.token,
    partnerId,
    child,
    stderr: () => err,
  };
}

/** Stops the server with `signal` and waits until it has exited. */
export function stopServe(s: Served, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill(signal);
  });
}

/** Resident set size of a process in bytes (Linux /proc), or NaN once it has gone. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? Number.NaN : Number(m[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

/** A JSON array of `size` contacts whose ids are `${prefix}-${i}`. */
export function contactsBatch(prefix: string, size: number): string {
  const records = [];
  for (let i = 0; i < size; i++) {
    const day = 1 + (i % 28);
    const created = `2026-10-${String(day).padStart(2, '0')}T${String(8 + (i % 12)).padStart(2, '0')}:00:00+02:00`;
    records.push({
      id: `${prefix}-${i}`,
      channel: i % 5 === 0 ? 'chat' : 'phone',
      direction: 'inbound',
      language: i % 3 === 0 ? 'en' : 'nl',
      queue: 'general',
      created_at: created,
      answered_at: created.replace(':00:00+', ':00:20+'),
      first_time_right: i % 7 !== 0,
      customer: `+31 6 ${String(10000000 + i)}`,
    });
  }
  return JSON.stringify(records);
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly ms: number;
}

/** POSTs one batch to the server's ingest; a network failure is status 0. */
export async function postBatch(s: Served, body: string): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(s.ingestUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      text,
      ms: performance.now() - t0,
    };
  } catch (e) {
    return { status: 0, contentType: '', text: (e as Error).message, ms: performance.now() - t0 };
  }
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
