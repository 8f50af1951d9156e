/**
 * B6, dashboard (benchmarks.md): the demo month of B2/B7 (1,000,000 contacts; 100,000 with `--quick`;
 * B7's `demoMonth`, reused from its cache) ingested into a SQLite store with the demo contract in force, the
 * built `accord serve` over it (the dashboard from `dist/web`: run `npm run build` first), the first
 * client-admin set up with the one-time token the server prints, and then:
 *
 * - the period summary API (`GET /api/v1/contracts/{id}/evaluations/{month}`, what the period page asks
 *   for) as the signed-in browser asks it, with the session cookie: the first request (nothing kept yet),
 *   then repeated requests: p50 and p99 (targets 100 ms and 300 ms);
 * - the period page in headless Chromium (src/browser/chromium.ts): from navigation to the metrics table on
 *   screen with the figures in it (interactive: the page's script has run and drawn the API's answer),
 *   several loads after a warm-up, median and max (target 1 s); the page's figures checked against the
 *   API's document (else FAIL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../src/browser/chromium.js';
import { DEMO_SOURCES } from '../src/demo/sources.js';
import { quantile } from './accord-serve.js';
import { demoMonth } from './b7-store.js';
import { ROOT, runChild } from './child.js';
import type { BenchContext, Benchmark, BenchOutcome } from './harness.js';
import { fmtInt, table } from './harness.js';

const MONTH = '2026-10';
const CONTRACT = join(ROOT, 'examples', 'contract.yaml');
const BIN = join(ROOT, 'bin', 'accord.js');
const OUT = join(os.tmpdir(), 'accord-b6');
const TARGET_PAGE_MS = 1000;
const TARGET_P50_MS = 100;
const TARGET_P99_MS = 300;
const USER = { email: 'bench@acme.example', password: 'a long enough password', name: 'Bench' };

interface Server {
  readonly url: string;
  readonly setupToken: string;
  readonly child: ChildProcess;
}

function serve(db: string, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...env, ACCORD_LOG_LEVEL: 'silent' },
  });
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const url = /listening on (http:\/\/\S+)/.exec(err)?.[1];
      const token = /set-up token:\n\s+(\S+)/.exec(err)?.[1];
      if (url !== undefined && token !== undefined) resolve({ url, setupToken: token, child });
    });
    child.once('exit', (code) => reject(new Error(`B6: accord serve stopped (${code}): ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function signedIn(s: Server): Promise<string> {
  const r = await fetch(`${s.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: s.setupToken, organisation: 'ACME B.V.', ...USER }),
  });
  if (r.status !== 201) throw new Error(`B6: set-up answered ${r.status}: ${await r.text()}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function timedGet(url: string, cookie: string): Promise<{ ms: number; text: string; result: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`B6: GET ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return { ms: performance.now() - t0, text, result: res.headers.get('accord-result') ?? '(none)' };
}

interface MetricRow {
  id: string;
  split: unknown;
  value: number | null;
}

async function runB6(ctx: BenchContext): Promise<BenchOutcome> {
  const n = ctx.quick ? 100_000 : 1_000_000;
  const repeats = ctx.quick ? 200 : 300;
  const loads = Math.max(5, ctx.runs + 3);
  if (
    !existsSync(join(ROOT, 'dist', 'cli', 'main.js')) ||
    !existsSync(join(ROOT, 'dist', 'web', 'index.html'))
  )
    throw new Error('B6: run `npm run build` first (dist/cli and dist/web)');
  const load0 = os.loadavg();
  const month = await demoMonth(ctx, n);
  const dir = join(OUT, `store-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const db = `sqlite:${join(dir, 'accord.db')}`;
  const env = { ...process.env, ACCORD_PSEUDONYM_KEY: 'accord-b6' };
  let server: Server | undefined;
  const chromium = await launchChromium();
  try {
    ctx.log('B6: ingesting the month into SQLite');
    const t0 = performance.now();
    const ingested = await runChild(process.execPath, [BIN, 'ingest', ...month.files, '--db', db, '--json'], {
      env,
    });
    if (ingested.code !== 0) throw new Error(`B6: ingest failed: ${ingested.stderr}`);
    const ingestMs = performance.now() - t0;
    const imported = await runChild(
      process.execPath,
      [BIN, 'contract', 'import', CONTRACT, '--source', ...DEMO_SOURCES, '--db', db, '--json'],
      { env },
    );
    if (imported.code !== 0) throw new Error(`B6: contract import failed: ${imported.stderr}`);
    const contract = (JSON.parse(imported.stdout) as { contract: string }).contract;
    server = await serve(db, env);
    const cookie = await signedIn(server);
    const api = `${server.url}/api/v1/contracts/${contract}/evaluations/${MONTH}`;

    ctx.log('B6: the first period summary request');
    const first = await timedGet(api, cookie);
    const doc = JSON.parse(first.text) as { metrics: MetricRow[]; verdicts: Record<string, string> };
    ctx.log(`B6: first request ${fmtInt(first.ms)} ms (${first.result}); ${repeats} repeated`);
    const repeated: number[] = [];
    const results = new Map<string, number>();
    for (let i = 0; i < repeats; i++) {
      const r = await timedGet(api, cookie);
      repeated.push(r.ms);
      results.set(r.result, (results.get(r.result) ?? 0) + 1);
    }

    ctx.log(`B6: the period page in headless Chromium, ${loads} loads after a warm-up`);
    const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    // Signed in through the form, as a person does (the session cookie is then the browser's own).
    await page.goto(`${server.url}/`);
    await page.getByLabel('E-mail address').fill(USER.email);
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('header.topbar').waitFor({ timeout: 60_000 });
    const pageUrl = `${server.url}/contracts/${contract}/periods/${MONTH}`;
    const pageMs: number[] = [];
    let mismatches: string[] = [];
    for (let k = -1; k < loads; k++) {
      const t = performance.now();
      await page.goto(pageUrl, { waitUntil: 'commit' });
      await page.locator('table.metrics td.value').first().waitFor({ timeout: 60_000 });
      const ms = performance.now() - t;
      if (k < 0) {
        // The page's figures are the API's.
        const shown = await page.$$eval('tr.metric-head', (rows) =>
          rows.map((r) => [
            r.getAttribute('data-metric'),
            r.querySelector('td.value')?.getAttribute('data-value'),
          ]),
        );
        mismatches = Object.keys(doc.verdicts).filter((id) => {
          const head =
            doc.metrics.find((r) => r.id === id && r.split === null) ?? doc.metrics.find((r) => r.id === id);
          const seen = shown.find(([m]) => m === id)?.[1];
          return seen !== String(head?.value ?? '');
        });
        continue;
      }
      pageMs.push(ms);
    }
    await context.close();
    const load1 = os.loadavg();

    const sorted = [...pageMs].sort((a, b) => a - b);
    const pageMedian = quantile(sorted, 0.5);
    const p50 = quantile(
      [...repeated].sort((a, b) => a - b),
      0.5,
    );
    const p99 = quantile(
      [...repeated].sort((a, b) => a - b),
      0.99,
    );
    const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
    const correct = mismatches.length === 0;
    const md: string[] = [];
    md.push(`## B6 — dashboard${ctx.quick ? ' (QUICK size: not the reference figures)' : ''}`);
    md.push('');
    md.push(
      `Run ${new Date().toISOString()}; the demo month ${MONTH} of B7 (\`writeDemoFiles\`, seed 42) with ${fmtInt(n)} ` +
        `contacts, ingested into SQLite in ${(ingestMs / 1000).toFixed(1)} s (not timed), the demo contract ` +
        'in force, the built `accord serve` with the dashboard, signed in as the first client-admin (session ' +
        `cookie). Load average (1, 5, 15 min) ${load0.map((x) => x.toFixed(1)).join(', ')} at the start and ` +
        `${load1.map((x) => x.toFixed(1)).join(', ')} at the end, on ${os.cpus().length} cores.`,
    );
    md.push('');
    md.push(
      table(
        ['figure', 'measured', 'target', ''],
        [
          [
            'period summary API, first request (nothing kept)',
            `${fmtInt(first.ms)} ms (${first.result})`,
            '—',
            '',
          ],
          [
            `period summary API, ${repeats} repeated requests: p50`,
            `${fmtInt(p50)} ms`,
            `<= ${TARGET_P50_MS} ms`,
            verdict(p50 <= TARGET_P50_MS),
          ],
          [
            'period summary API: p99',
            `${fmtInt(p99)} ms`,
            `<= ${TARGET_P99_MS} ms`,
            verdict(p99 <= TARGET_P99_MS),
          ],
          [
            `period page interactive in headless Chromium, ${loads} loads: median (min–max)`,
            `${fmtInt(pageMedian)} ms (${fmtInt(sorted[0]!)}–${fmtInt(sorted.at(-1)!)})`,
            `<= ${TARGET_PAGE_MS} ms`,
            verdict(pageMedian <= TARGET_PAGE_MS),
          ],
        ],
      ),
    );
    md.push('');
    md.push(
      `Repeated requests answered: ${[...results].map(([k, v]) => `${k} ${fmtInt(v)}`).join(', ')} ` +
        '(`accord-result`: kept results, docs/evaluation.md). "Interactive": from navigation to the metrics ' +
        'table drawn with the API\u2019s figures (index.html, the script, GET /api/v1/session, the contract, ' +
        'its version and the evaluation).',
    );
    md.push('');
    md.push(
      correct
        ? 'The page shows the API\u2019s value for every metric (checked).'
        : `FAIL: the page differs from the API for ${mismatches.join(', ')}.`,
    );
    return { markdown: md.join('\n'), correct };
  } finally {
    if (server) await stop(server.child);
    await chromium.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const b6: Benchmark = { id: 'B6', title: 'dashboard', run: runB6 };
