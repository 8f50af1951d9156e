/**
 * B4, API ingest (benchmarks.md): HTTP POST of batches of 500 contacts (a JSON array) to `POST
 * /api/v1/ingest` over several keep-alive connections for a bounded time, against a bare route of the same
 * framework that parses the same JSON and answers 204. Both servers run in child processes
 * (bench/b4-server.ts), the load comes from this one.
 *
 * - Peak: records per second acknowledged by each, closed loop with 8 connections.
 * - Latency: p50/p99 in an open loop at 80% of Accord's peak (a request every 1/rate seconds, whatever the
 *   answers do).
 * - Nothing acknowledged lost: under load the Accord process is killed with SIGKILL; afterwards every record
 *   of every acknowledged batch (of all phases) must be in the store.
 *
 * On SQLite (a file in a temporary folder) and, when reachable, PostgreSQL (ACCORD_TEST_PG or
 * postgres://postgres@127.0.0.1:5432/test, in a schema of its own, dropped afterwards).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore } from '../src/store/index.js';
import { BATCH, template } from './b4-setup.js';
import { postgresProblem } from './child.js';
import { type BenchContext, type Benchmark, type BenchOutcome, fmtInt, fmtNum, table } from './harness.js';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), 'b4-server.ts');
const CONNECTIONS = 8;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;
const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Server {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
}

async function startServer(args: readonly string[]): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ACCORD_LOG_LEVEL: 'silent' },
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`b4-server ${args[0]} exited with ${code}`)));
  });
  const { url, token } = JSON.parse(first) as { url: string; token: string };
  return { url, token, child };
}

function stop(s: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill(signal);
  });
}

interface LoadResult {
  readonly acked: string[];
  readonly latencies: number[];
  readonly seconds: number;
  readonly failures: number;
}

let batchNo = 0;
const nextPrefix = (run: string) => `${run}${(++batchNo).toString(36)}`;

async function post(s: Server, body: string): Promise<Response> {
  return fetch(s.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(s.token === '' ? {} : { authorization: `Bearer ${s.token}` }),
    },
    body,
  });
}

/** CPU time (user + system, all threads) of a child process so far, in ms; NaN where /proc is missing. */
function cpuMs(child: ChildProcess): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CONNECTIONS workers, each posting the next batch as soon as the previous is answered. */
async function closedLoop(
  s: Server,
  tpl: string,
  seconds: number,
  run: string,
  onStart?: () => void,
): Promise<LoadResult> {
  const acked: string[] = [];
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  onStart?.();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const prefix = nextPrefix(run);
        const t0 = performance.now();
        try {
          const res = await post(s, tpl.replaceAll('@@', prefix));
          await res.arrayBuffer();
          if (res.ok) {
            latencies.push(performance.now() - t0);
            acked.push(prefix);
          } else failures++;
        } catch {
          failures++;
          if (s.child.exitCode !== null || s.child.signalCode !== null) return;
        }
      }
    }),
  );
  return { acked, latencies, seconds: (performance.now() - started) / 1000, failures };
}

/** One request every 1/rate seconds for `seconds`, not waiting for answers. */
async function openLoop(
  s: Server,
  tpl: string,
  rate: number,
  seconds: number,
  run: string,
): Promise<LoadResult> {
  const acked: string[] = [];
  const latencies: number[] = [];
  let failures = 0;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  const n = Math.max(1, Math.floor(rate * seconds));
  for (let i = 0; i < n; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const prefix = nextPrefix(run);
    const body = tpl.replaceAll('@@', prefix);
    const t0 = performance.now();
    inflight.push(
      post(s, body)
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.ok) {
            latencies.push(performance.now() - t0);
            acked.push(prefix);
          } else failures++;
        })
        .catch(() => void failures++),
    );
  }
  await Promise.all(inflight);
  return { acked, latencies, seconds: (performance.now() - started) / 1000, failures };
}

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Row {
  readonly store: string;
  readonly bare: number;
  readonly accord: number;
  /** CPU ms of the server process per request during the peak loop (clock ticks of 10 ms). */
  readonly bareCpu: number;
  readonly accordCpu: number;
  readonly load: number;
  readonly p50: number;
  readonly p99: number;
  readonly rate: number;
  readonly acked: number;
  readonly lost: number;
  readonly failures: number;
}

async function measure(ctx: BenchContext, name: string, url: string, seconds: number): Promise<Row> {
  const tpl = template();
  const bare = await startServer(['bare']);
  let bareRate: number;
  let bareCpu: number;
  try {
    await closedLoop(bare, tpl, 1, 'w');
    const cpu0 = cpuMs(bare.child);
    const r = await closedLoop(bare, tpl, seconds, 'b');
    bareCpu = (cpuMs(bare.child) - cpu0) / r.acked.length;
    bareRate = (r.acked.length * BATCH) / r.seconds;
  } finally {
    await stop(bare);
  }
  ctx.log(`B4 ${name}: bare route ${fmtInt(bareRate)} records/s`);

  const acked: string[] = [];
  let failures = 0;
  let accord = await startServer(['accord', url]);
  let peak: number;
  let accordCpu: number;
  let latency: LoadResult;
  try {
    const warm = await closedLoop(accord, tpl, 1, 'w');
    acked.push(...warm.acked);
    const cpu0 = cpuMs(accord.child);
    const r = await closedLoop(accord, tpl, seconds, 'p');
    accordCpu = (cpuMs(accord.child) - cpu0) / r.acked.length;
    acked.push(...r.acked);
    failures += r.failures;
    peak = (r.acked.length * BATCH) / r.seconds;
    ctx.log(`B4 ${name}: Accord ${fmtInt(peak)} records/s; open loop at 80% …`);
    latency = await openLoop(accord, tpl, (0.8 * peak) / BATCH, seconds, 'o');
    acked.push(...latency.acked);
    failures += latency.failures;
    // Crash under load: everything acknowledged before must survive.
    const crash = await closedLoop(accord, tpl, 3, 'k', () => {
      setTimeout(() => void stop(accord, 'SIGKILL'), 1500);
    });
    acked.push(...crash.acked);
    ctx.log(`B4 ${name}: killed under load after ${crash.acked.length} acknowledged batches`);
  } finally {
    await stop(accord, 'SIGKILL');
  }
  // A restarted server is not needed to check: read the store directly.
  const store = await openStore(url);
  let lost = 0;
  try {
    const keys = new Set(await store.records.keys('contacts'));
    for (const prefix of acked) for (let i = 0; i < BATCH; i++) if (!keys.has(`${prefix}-${i}`)) lost++;
  } finally {
    await store.close();
  }
  accord = undefined as unknown as Server;
  return {
    store: name,
    bare: bareRate,
    accord: peak,
    bareCpu,
    accordCpu,
    load: loadavg()[0]!,
    p50: quantile(latency.latencies, 0.5),
    p99: quantile(latency.latencies, 0.99),
    rate: 0.8 * peak,
    acked: acked.length * BATCH,
    lost,
    failures,
  };
}

export const b4: Benchmark = {
  id: 'B4',
  title: 'API ingest',
  async run(ctx: BenchContext): Promise<BenchOutcome> {
    const seconds = ctx.quick ? 3 : 10;
    const rows: Row[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'accord-b4-'));
    try {
      rows.push(await measure(ctx, 'SQLite', `sqlite:${join(dir, 'b4.db')}`, seconds));
      if ((await postgresProblem(PG_URL)) === undefined) {
        const schema = `accord_b4_${randomBytes(4).toString('hex')}`;
        try {
          rows.push(
            await measure(
              ctx,
              'PostgreSQL',
              `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`,
              seconds,
            ),
          );
        } finally {
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
        }
      } else ctx.log(`B4: PostgreSQL not reachable at ${PG_URL}; SQLite only`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const correct = rows.every((r) => r.lost === 0 && r.acked > 0);
    const verdict = (r: Row) => {
      const ratio = r.accord / r.bare;
      const okRatio = ratio >= TARGET_RATIO;
      const okP99 = r.p99 <= TARGET_P99_MS;
      return `${okRatio && okP99 ? 'met' : `**missed** (${[okRatio ? '' : 'throughput', okP99 ? '' : 'p99'].filter(Boolean).join(', ')})`}`;
    };
    const markdown = [
      `## B4 — API ingest${ctx.quick ? ' (QUICK)' : ''}`,
      '',
      `HTTP POST of JSON batches of ${BATCH} contacts to \`/api/v1/ingest\` (partner-admin token, pseudonymised ` +
        `customer field), ${CONNECTIONS} keep-alive connections for ${seconds} s, against a bare Hono route on ` +
        '@hono/node-server that parses the same JSON and answers 204. Servers in child processes; load from ' +
        "the benchmark process. Latency in an open loop at 80% of Accord's peak. Then the server is killed " +
        'with SIGKILL under load and the store is checked for every record of every acknowledged batch.',
      '',
      table(
        [
          'store',
          'bare route (records/s)',
          'Accord (records/s)',
          'ratio (target ≥ 0.5)',
          'p50 / p99 at 80% (ms, target p99 ≤ 50)',
          'server CPU per request, bare / Accord (ms)',
          'load average',
          'acknowledged records',
          'lost',
          'verdict',
        ],
        rows.map((r) => [
          r.store,
          fmtInt(r.bare),
          fmtInt(r.accord),
          fmtNum(r.accord / r.bare),
          `${fmtNum(r.p50)} / ${fmtNum(r.p99)}`,
          `${fmtNum(r.bareCpu)} / ${fmtNum(r.accordCpu)}`,
          fmtNum(r.load),
          fmtInt(r.acked),
          r.lost === 0 ? '0' : `**${fmtInt(r.lost)} (FAIL)**`,
          verdict(r),
        ]),
      ),
      '',
      "Acknowledged means committed: the API answers after the batch's transaction has committed (SQLite WAL " +
        'with synchronous=NORMAL survives a process crash; PostgreSQL commits durably).',
      '',
      'Cores: the bare route uses one thread; Accord its event loop and, on SQLite on a machine of 4 cores or ' +
        "more, a writer thread (statements and commits; not on this machine's 2); on PostgreSQL the database server's own processes do the inserts (their CPU is not in " +
        'the server CPU column). Server CPU per request is that of the server process during the peak loop, ' +
        "all its threads; the load generator runs in the benchmark's process. On a machine whose cores are " +
        'busy with other work (load average above 2) the throughput ratio tends to the ratio of CPU per request.',
    ].join('\n');
    return { markdown, correct };
  },
};
