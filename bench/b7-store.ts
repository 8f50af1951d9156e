/**
 * B7, store path (benchmarks.md): the demo month of B2 (1,000,000 contacts with their status events,
 * surveys and QA evaluations; `writeDemoFiles`, seed 42) ingested into SQLite and into PostgreSQL, then
 * evaluated with `accord evaluate --db` from each, against `accord evaluate --data` on the same files in the
 * same rounds: wall time, CPU time (all threads) and peak memory (VmHWM) of each child process, and the
 * figures of the three documents compared (metrics, verdicts, credits, statement).
 *
 * Each round runs the three sides once, in an order that rotates from round to round, after a warm-up round
 * (also the first open of each store, which migrates it). The stores are filled with the built CLI
 * (`bin/accord.js`: run `npm run build` first) and are not timed. PostgreSQL comes from ACCORD_BENCH_PG
 * (default postgres://postgres@127.0.0.1:5432/test), in a schema of its own that is dropped afterwards; when
 * it cannot be reached its side is left out and the section says so.
 *
 * Then, on the same SQLite store, the API (bench/b7-api.ts): the first and repeated requests of the period's
 * evaluation through the built `accord serve`, and requests while 1,000 contacts per second arrive.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoFiles } from '../src/demo/index.js';
import { type ApiOutcome, measureApi } from './b7-api.js';
import {
  demoGeneratorDigest,
  dropPostgresSchema,
  postgresProblem,
  runChild,
  writeUsageRunner,
} from './child.js';
import type { BenchContext, Benchmark, BenchOutcome } from './harness.js';
import { fmtInt, fmtNum, table } from './harness.js';

const SEED = 42;
const ZONE = 'Europe/Amsterdam';
const MONTH = '2026-10';
const AS_OF = '2026-11-28T09:00:00+01:00';
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CONTRACT = join(ROOT, 'examples', 'contract.yaml');
const BIN = join(ROOT, 'bin', 'accord.js');
const OUT = join(os.tmpdir(), 'accord-b7');
const TARGET_RATIO = 1.5;
const TARGET_PEAK_MB = 300;
const PG_URL = process.env.ACCORD_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The figures that must agree across the paths (the digests differ by definition: bytes vs rows). */
const COMPARED = ['metrics', 'verdicts', 'credits', 'earnBack', 'bonus', 'acceptance', 'statement'] as const;

export interface DemoFiles {
  readonly dir: string;
  readonly files: readonly string[];
  readonly bytes: number;
}

/** The demo month of n contacts, generated once into the temp folder (B2's cache when it has it). */
export async function demoMonth(ctx: BenchContext, n: number): Promise<DemoFiles> {
  const digest = demoGeneratorDigest();
  for (const base of [join(os.tmpdir(), 'accord-b2'), OUT]) {
    const dir = join(base, `contacts-${n}-seed${SEED}`);
    try {
      const saved = JSON.parse(readFileSync(join(dir, '.complete'), 'utf8')) as {
        generator?: string;
        files: { path: string }[];
      };
      if (saved.generator === digest && saved.files.every((f) => existsSync(f.path))) {
        ctx.log(`B7: reusing ${dir}`);
        const files = saved.files.map((f) => f.path);
        return { dir, files, bytes: files.reduce((s, f) => s + statSync(f).size, 0) };
      }
    } catch {
      // Not there: generate below.
    }
  }
  const dir = join(OUT, `contacts-${n}-seed${SEED}`);
  ctx.log(`B7: generating the demo month with ${fmtInt(n)} contacts (seed ${SEED}) into ${dir}`);
  mkdirSync(dir, { recursive: true });
  const r = await writeDemoFiles(
    { start: MONTH, months: 1, contactsPerMonth: n, seed: SEED, timezone: ZONE },
    dir,
  );
  const saved = r.files.map((f) => ({ kind: f.kind, path: f.path, rows: f.rows }));
  writeFileSync(join(dir, '.complete'), JSON.stringify({ generator: digest, files: saved }));
  const files = saved.map((f) => f.path);
  return { dir, files, bytes: files.reduce((s, f) => s + statSync(f).size, 0) };
}

interface Side {
  readonly name: string;
  readonly args: readonly string[];
  readonly wall: number[];
  readonly cpu: number[];
  readonly peak: number[];
  document: Record<string, unknown> | null;
  /** The warm-up round's figures. */
  first: { wall: number; cpu: number; peak: number } | null;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const secs = (ms: number) => (ms / 1000).toFixed(2);
const range = (xs: readonly number[], f: (x: number) => string) =>
  `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;

async function runB7(ctx: BenchContext): Promise<BenchOutcome> {
  const n = ctx.quick ? 100_000 : 1_000_000;
  const rounds = Math.max(1, Math.min(ctx.runs, ctx.quick ? 3 : 3));
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('B7: run `npm run build` first');
  const load0 = os.loadavg();
  const month = await demoMonth(ctx, n);
  const runner = writeUsageRunner(OUT);
  const main = join(ROOT, 'dist', 'cli', 'main.js');
  const evaluate = ['evaluate', '--contract', CONTRACT, '--period', MONTH, '--as-of', AS_OF, '--json'];

  // The stores (not timed).
  const sqliteDir = join(OUT, `store-${process.pid}`);
  mkdirSync(sqliteDir, { recursive: true });
  const sqliteUrl = `sqlite:${join(sqliteDir, 'accord.db')}`;
  const pgMissing = await postgresProblem(PG_URL);
  const schema = `accord_b7_${process.pid}`;
  const pgUrl = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
  const ingestMs: Record<string, number> = {};
  const sides: Side[] = [
    {
      name: '`accord evaluate --data` (files)',
      args: [...evaluate, ...month.files.flatMap((f) => ['--data', f])],
    },
    { name: '`accord evaluate --db` (SQLite)', args: [...evaluate, '--db', sqliteUrl] },
    ...(pgMissing === undefined
      ? [{ name: '`accord evaluate --db` (PostgreSQL)', args: [...evaluate, '--db', pgUrl] }]
      : []),
  ].map((s) => ({ ...s, wall: [], cpu: [], peak: [], document: null, first: null }));
  const env = { ACCORD_PSEUDONYM_KEY: 'accord-b7' };
  Object.assign(process.env, env);
  let api: ApiOutcome | undefined;
  try {
    for (const [label, url] of [
      ['SQLite', sqliteUrl],
      ...(pgMissing === undefined ? [['PostgreSQL', pgUrl]] : []),
    ] as const) {
      ctx.log(`B7: ingesting the month into ${label}`);
      const t0 = performance.now();
      const r = await runChild(process.execPath, [BIN, 'ingest', ...month.files, '--db', url, '--json']);
      if (r.code !== 0) throw new Error(`B7: ingest into ${label} failed: ${r.stderr}`);
      ingestMs[label] = performance.now() - t0;
    }

    // A warm-up round (which also migrates each store once), then timed rounds in rotating order.
    for (let round = -1; round < rounds; round++) {
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(k + Math.max(round, 0)) % sides.length]!;
        const r = await runChild(process.execPath, [runner, main, ...side.args]);
        if (r.code !== 0) throw new Error(`B7: ${side.name} failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
        side.document ??= JSON.parse(r.stdout) as Record<string, unknown>;
        if (round < 0) {
          // The first read of a store after the ingest builds and saves its period blocks.
          side.first = { wall: r.wallMs, cpu: r.cpuMs, peak: r.peakBytes };
          continue;
        }
        side.wall.push(r.wallMs);
        side.cpu.push(r.cpuMs);
        side.peak.push(r.peakBytes);
        ctx.log(
          `B7: ${side.name}: ${secs(r.wallMs)} s wall, ${secs(r.cpuMs)} s CPU, ${fmtInt(r.peakBytes / 2 ** 20)} MB`,
        );
      }
    }

    // Through the API, on the SQLite store (last: its arrivals add contacts to the store).
    api = await measureApi(ctx, {
      bin: BIN,
      db: sqliteUrl,
      contract: CONTRACT,
      period: MONTH,
      env,
      filesWallMs: median(sides[0]!.wall),
      targetRatio: TARGET_RATIO,
      compared: COMPARED,
    });
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
    if (pgMissing === undefined) await dropPostgresSchema(PG_URL, schema).catch(() => undefined);
  }
  const load1 = os.loadavg();

  // The same figures on every path.
  const reference = sides[0]!.document!;
  const mismatches = sides
    .slice(1)
    .flatMap((s) =>
      COMPARED.filter((k) => JSON.stringify(s.document![k]) !== JSON.stringify(reference[k])).map(
        (k) => `${s.name}: ${k}`,
      ),
    );
  const correct = mismatches.length === 0;

  const files = sides[0]!;
  const rows = sides.map((s) => {
    const ratios = s.wall.map((w, r) => w / files.wall[r]!);
    const cpuRatios = s.cpu.map((c, r) => c / files.cpu[r]!);
    const peakMb = Math.max(...s.peak) / 2 ** 20;
    const ok = s === files || (median(ratios) <= TARGET_RATIO && peakMb <= TARGET_PEAK_MB);
    return [
      s.name,
      range(s.wall, secs),
      range(s.cpu, secs),
      fmtInt(peakMb),
      s === files ? '1 (reference)' : range(ratios, fmtNum),
      s === files ? '—' : range(cpuRatios, fmtNum),
      s === files ? '—' : ok ? 'met' : '**missed**',
    ];
  });
  const md: string[] = [];
  md.push(`## B7 — store path${ctx.quick ? ' (QUICK size: not the reference figures)' : ''}`);
  md.push('');
  md.push(
    `Run ${new Date().toISOString()}; the demo month ${MONTH} (\`writeDemoFiles\`, seed ${SEED}, ${ZONE}) with ` +
      `${fmtInt(n)} contacts, ${fmtNum(month.bytes / 2 ** 20)} MB of CSV, the demo contract ` +
      `(examples/contract.yaml), \`--as-of ${AS_OF}\`. Ingested (not timed) into SQLite in ` +
      `${secs(ingestMs.SQLite ?? Number.NaN)} s` +
      (pgMissing === undefined
        ? ` and into PostgreSQL in ${secs(ingestMs.PostgreSQL ?? Number.NaN)} s.`
        : `; PostgreSQL left out: ${pgMissing}.`) +
      ` ${rounds} timed rounds after a warm-up round, each running every side once as a child process ` +
      `(order rotating); median (min–max). Load average (1, 5, 15 min) ${load0.map((x) => x.toFixed(1)).join(', ')} ` +
      `at the start and ${load1.map((x) => x.toFixed(1)).join(', ')} at the end, on ${os.cpus().length} cores.`,
  );
  md.push('');
  md.push(
    table(
      [
        'path',
        'wall s',
        'CPU s (all threads)',
        'peak MB',
        'wall / files (per round)',
        'CPU / files',
        `target (<= ${TARGET_RATIO}x wall, <= ${TARGET_PEAK_MB} MB)`,
      ],
      rows,
    ),
  );
  md.push('');
  md.push(
    correct
      ? `Figures (${COMPARED.join(', ')}) identical on every path. The \`inputDigest\`s differ by definition ` +
          '(the files path digests the files\u2019 bytes, the store path the rows\u2019 stored digests; ' +
          'docs/evaluation.md); SQLite and PostgreSQL give the same one' +
          (sides.length > 2 && sides[1]!.document!.inputDigest === sides[2]!.document!.inputDigest
            ? ' (checked).'
            : ' — NOT here: FAIL.')
      : `FAIL: figures differ: ${mismatches.join('; ')}.`,
  );
  md.push('');
  md.push(
    'The first evaluation of each store after its ingest (the warm-up round, not in the table) reads the ' +
      'rows and builds and saves the period blocks of the month (docs/data-and-store.md, Period blocks); ' +
      'every evaluation after it decodes the blocks: ' +
      sides
        .slice(1)
        .map(
          (s) =>
            `${s.name} ${secs(s.first!.wall)} s wall, ${secs(s.first!.cpu)} s CPU, ` +
            `${fmtInt(s.first!.peak / 2 ** 20)} MB (${fmtNum(s.first!.wall / files.first!.wall)}x the files path's warm-up)`,
        )
        .join('; ') +
      '.',
  );
  md.push('');
  md.push(
    'The files path hashes the bytes on a second thread while it reads; the store path decodes one period ' +
      'block per day and kind (contacts, their status events, surveys) and reads the other kinds as rows ' +
      '(SQLite: raw rows through `iterate()`; PostgreSQL: a cursor fetched 5,000 rows at a time). On a shared ' +
      'machine the wall time counts the time each process waited for a core: read the per-round ratios.',
  );
  md.push('');
  md.push(...api!.lines);
  const digestsAgree =
    sides.length < 3 || sides[1]!.document!.inputDigest === sides[2]!.document!.inputDigest;
  return { markdown: md.join('\n'), correct: correct && digestsAgree && api!.correct };
}

export const b7: Benchmark = { id: 'B7', title: 'store path', run: runB7 };
