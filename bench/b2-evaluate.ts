/**
 * B2, evaluate (benchmarks.md): `accord evaluate --data` on one synthetic month of the demo (1,000,000
 * contacts with their status events, surveys and QA evaluations) with the demo contract, against
 *
 * - the parse floor: the same files read by the same parser (the column reader's byte scanner for contacts,
 *   status events and surveys; the CSV parser of csv-reader.ts for the small files) doing nothing else;
 * - DuckDB (`@duckdb/node-api`, b2-duckdb.ts) computing the calendar-time subset (phone and chat service
 *   level per language, e-mail 24 h first-response attainment, 24/7) from the same contacts.csv, while
 *   Accord evaluates a contract holding only that subset;
 *
 * and measures the peak memory of the built CLI (`bin/accord.js`) in a child process, and the time per
 * contact at 1, 2 and 4 million contacts. Every run checks its answer: the floor's record counts against the
 * generator's, the evaluation's phone and chat service level against DuckDB's, the contact count in the
 * volume figures, and the CLI's output against the in-process one.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateDataFiles, loadContractFile } from '../src/cli/evaluate-command.js';
import { writeDemoFiles } from '../src/demo/index.js';
import { EvaluationData } from '../src/domain/evaluation/columns.js';
import { fieldsUsed } from '../src/domain/evaluation/population.js';
import type { RecordKind } from '../src/domain/records.js';
import { parseInstant } from '../src/domain/time/instant.js';
import {
  COLUMNAR_KINDS,
  type ColumnarKind,
  readColumnarCsv,
  scanCsvOnly,
} from '../src/ingest/columnar-reader.js';
import { readCsvRecords } from '../src/ingest/csv-reader.js';
import { transientPseudonym } from '../src/ingest/load-data.js';
import { readRecordFile } from '../src/ingest/read-records.js';
import { DuckSubset, type SubsetRow } from './b2-duckdb.js';
import { demoGeneratorDigest } from './child.js';
import {
  type BenchContext,
  type Benchmark,
  type BenchOutcome,
  fmtInt,
  fmtNum,
  fmtRange,
  roundRatio,
  type Stats,
  type Timing,
  table,
} from './harness.js';

const SEED = 42;
const ZONE = 'Europe/Amsterdam';
const MONTH = '2026-10';
const AS_OF = '2026-11-28T09:00:00+01:00';
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CONTRACT = join(ROOT, 'examples', 'contract.yaml');
const BIN = join(ROOT, 'bin', 'accord.js');
const TARGET_RATIO = 1.5;
const TARGET_PEAK_MB = 300;
/** Time per contact may grow by at most this factor from the smallest to the largest size. */
const LINEAR_TOLERANCE = 1.25;

/** The calendar-time subset of the demo contract: nothing that needs a business calendar. */
const SUBSET_CONTRACT = `# B2: the calendar-time subset of examples/contract.yaml (no business calendar: every clock runs 24/7).
contract: b2-calendar-time-subset
version: 1
effective_from: 2026-10-01
client: ACME B.V.
partner: Example Contact Services B.V.
timezone: ${ZONE}
currency: EUR
monthly_fee: 120000.00
period: month
metrics:
  - id: phone-service-level
    kind: service_level
    population: { channel: phone }
    threshold: 30s
    target: 80%
    abandoned: { short: 5s, count: as_failure }
    split: [language]
  - id: chat-service-level
    kind: service_level
    population: { channel: chat }
    threshold: 30s
    target: 95%
    split: [language]
  - id: email-response-24h
    kind: response_time
    population: { channel: email }
    threshold: 24h
    target: 90%
`;

interface DemoData {
  readonly dir: string;
  readonly n: number;
  readonly files: readonly { kind: RecordKind; path: string; rows: number }[];
  readonly bytes: number;
  readonly generatedMs: number | null;
}

/** The demo month of n contacts (seed fixed), generated once into the temp folder and reused. */
async function demoData(ctx: BenchContext, n: number): Promise<DemoData> {
  const dir = join(os.tmpdir(), 'accord-b2', `contacts-${n}-seed${SEED}`);
  const marker = join(dir, '.complete');
  const digest = demoGeneratorDigest();
  let files: DemoData['files'] | null = null;
  let generatedMs: number | null = null;
  if (existsSync(marker)) {
    try {
      const saved = JSON.parse(readFileSync(marker, 'utf8')) as {
        generator?: string;
        files: DemoData['files'];
      };
      if (saved.generator === digest && saved.files.every((f) => existsSync(f.path))) files = saved.files;
    } catch {
      files = null;
    }
  }
  if (files === null) {
    ctx.log(`B2: generating the demo month with ${fmtInt(n)} contacts (seed ${SEED}) into ${dir}`);
    const t0 = performance.now();
    mkdirSync(dir, { recursive: true });
    const r = await writeDemoFiles(
      { start: MONTH, months: 1, contactsPerMonth: n, seed: SEED, timezone: ZONE },
      dir,
    );
    generatedMs = performance.now() - t0;
    files = r.files.map((f) => ({ kind: f.kind, path: f.path, rows: f.rows }));
    writeFileSync(marker, JSON.stringify({ generator: digest, files }));
  } else ctx.log(`B2: reusing ${dir}`);
  const bytes = files.reduce((sum, f) => sum + statSync(f.path).size, 0);
  return { dir, n, files, bytes, generatedMs };
}

// --- timing of asynchronous work, as harness.timeRounds does for synchronous work -------------------------

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function stats(samples: readonly number[]): Stats {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

/**
 * Times asynchronous work in interleaved rounds (a warm-up run each, then `runs` rounds in rotating order,
 * a GC before each run): CPU time of the process (user + system, worker threads included) and wall time.
 */
async function timeRoundsAsync(runs: number, works: readonly (() => Promise<number>)[]): Promise<Timing[]> {
  const gc = globalThis.gc;
  const checksums: number[] = [];
  for (const work of works) {
    gc?.();
    checksums.push(await work());
  }
  const cpu = works.map((): number[] => []);
  const wall = works.map((): number[] => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < works.length; k++) {
      const j = (k + r) % works.length;
      gc?.();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const sum = await works[j]!();
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      wall[j]!.push(t1 - t0);
      cpu[j]!.push((c1.user + c1.system) / 1000);
      if (!Object.is(sum, checksums[j]))
        throw new Error(`checksum changed between runs: ${checksums[j]} then ${sum}`);
    }
  }
  return works.map((_, j) => ({ ...stats(cpu[j]!), wall: stats(wall[j]!), checksum: checksums[j]! }));
}

// --- the pieces of work -------------------------------------------------------------------------------------

/** The floor: every file through the parser that `evaluate --data` uses for it, records counted, nothing else. */
async function parseFloor(data: DemoData): Promise<number> {
  let records = 0;
  for (const f of data.files) {
    if (COLUMNAR_KINDS.has(f.kind)) {
      records += scanCsvOnly(f.path);
      continue;
    }
    let lines = 0;
    for await (const batch of readCsvRecords(createReadStream(f.path, { highWaterMark: 1 << 20 })))
      lines += batch.length;
    records += Math.max(0, lines - 1); // the header is no record
  }
  return records;
}

/**
 * For comparison: the files read into records as `evaluate --data` reads them (the column reader and
 * readRecordFile, every value converted and checked, the same fields kept), without the input digest and
 * without evaluating anything.
 */
async function readRecords(data: DemoData, fields: ReadonlySet<string>): Promise<number> {
  const d = new EvaluationData();
  const context = { source: 'default', pseudonymise: transientPseudonym };
  let errors = 0;
  for (const f of data.files) {
    if (COLUMNAR_KINDS.has(f.kind)) {
      errors += readColumnarCsv({
        file: f.path,
        kind: f.kind as ColumnarKind,
        data: d,
        context,
        fields,
      }).length;
      continue;
    }
    for await (const batch of readRecordFile({ file: f.path, format: 'csv', kind: f.kind, context })) {
      for (const r of batch.records) d.add(r.kind, r.record, fields);
      errors += batch.errors.length;
    }
  }
  return (
    d.contacts.length +
    d.events.length +
    d.surveys.length +
    d.qa.length +
    d.outages.length +
    d.incidents.length +
    d.privacy.length +
    d.forecasts.length +
    errors * 1e9
  );
}

/**
 * For comparison only: every file through the text CSV parser of src/ingest/csv-reader.ts (UTF-8 decoding,
 * each value a string), which `accord ingest` and, before the column reader, `evaluate --data` used.
 */
async function textParse(data: DemoData): Promise<number> {
  let records = 0;
  for (const f of data.files) {
    let lines = 0;
    for await (const batch of readCsvRecords(createReadStream(f.path, { highWaterMark: 1 << 20 })))
      lines += batch.length;
    records += Math.max(0, lines - 1);
  }
  return records;
}

type Output = Awaited<ReturnType<typeof evaluateDataFiles>>['output'];

async function evaluateFiles(contract: string, files: readonly string[]): Promise<Output> {
  const { output } = await evaluateDataFiles({
    contract: [contract],
    period: MONTH,
    asOf: AS_OF,
    data: [...files],
    breaches: [],
  });
  return output;
}

/** A checksum of an evaluation: its numerators and denominators. */
function checksum(output: Output): number {
  let sum = 0;
  for (const m of output.metrics) sum += (m.numerator ?? 0) + (m.denominator ?? 0) * 3;
  return sum;
}

const INSTANT = (iso: string) => {
  const r = parseInstant(iso);
  if (!r.ok) throw new Error(iso);
  return r.ms;
};
/** October 2026 in Europe/Amsterdam. */
const PERIOD = { from: INSTANT('2026-10-01T00:00:00+02:00'), to: INSTANT('2026-11-01T00:00:00+01:00') };

function subsetQuery(data: DemoData) {
  const contacts = data.files.find((f) => f.kind === 'contacts')!.path;
  return { contactsCsv: contacts, ...PERIOD, asOf: INSTANT(AS_OF) };
}

/** Accord's rows of a metric as DuckDB's rows (language, pooled, numerator, denominator). */
function accordRows(output: Output, metric: string, as = metric): SubsetRow[] {
  return output.metrics
    .filter((m) => m.id === metric)
    .map((m) => ({
      metric: as,
      language: m.split === null ? null : (m.split.language ?? null),
      pooled: m.split === null,
      numerator: m.numerator ?? 0,
      denominator: m.denominator ?? 0,
    }));
}

const rowKey = (r: SubsetRow) => `${r.metric}|${r.pooled ? '*' : (r.language ?? '∅')}`;

/** Differences between two sets of rows (empty when equal). */
function compareRows(accord: readonly SubsetRow[], duck: readonly SubsetRow[]): string[] {
  const a = new Map(accord.map((r) => [rowKey(r), r]));
  const d = new Map(duck.map((r) => [rowKey(r), r]));
  const out: string[] = [];
  for (const [k, r] of a) {
    const o = d.get(k);
    if (!o) out.push(`${k}: Accord ${r.numerator}/${r.denominator}, DuckDB has no row`);
    else if (o.numerator !== r.numerator || o.denominator !== r.denominator)
      out.push(`${k}: Accord ${r.numerator}/${r.denominator}, DuckDB ${o.numerator}/${o.denominator}`);
  }
  for (const k of d.keys())
    if (!a.has(k))
      out.push(`${k}: DuckDB ${d.get(k)!.numerator}/${d.get(k)!.denominator}, Accord has no row`);
  return out;
}

/** DuckDB's rows that a contract's metrics produce: split metrics per language and pooled, others pooled. */
function duckRowsFor(duck: readonly SubsetRow[], metric: string, split: boolean): SubsetRow[] {
  return duck.filter((r) => r.metric === metric && (split || r.pooled));
}

/** What every full evaluation must show: no rejected rows, every contact counted, phone and chat as DuckDB. */
function checkFull(output: Output, data: DemoData, duck: readonly SubsetRow[]): string[] {
  const problems: string[] = [];
  const rejected = output.warnings.filter((w) => w.code === 'rejected_row').length;
  if (rejected > 0) problems.push(`${rejected} rejected rows`);
  const contacts = data.files.find((f) => f.kind === 'contacts')!.rows;
  const ftr = output.metrics.find((m) => m.id === 'first-time-right');
  if (ftr?.volume?.actual !== contacts)
    problems.push(
      `first-time-right counts ${ftr?.volume?.actual} contacts of the period, the file has ${contacts}`,
    );
  problems.push(
    ...compareRows(accordRows(output, 'phone-service-level'), duckRowsFor(duck, 'phone-service-level', true)),
    ...compareRows(
      accordRows(output, 'chat-acceptance', 'chat-service-level'),
      duckRowsFor(duck, 'chat-service-level', false),
    ),
  );
  return problems;
}

// --- the CLI in a child process ----------------------------------------------------------------------------

const PEAK_RSS_MODULE = `data:text/javascript,${encodeURIComponent(
  `import { readFileSync, writeSync } from 'node:fs';
process.on('exit', () => {
  const m = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  writeSync(2, '\\nB2-PEAK-RSS-KB ' + (m ? m[1] : process.resourceUsage().maxRSS) + '\\n');
});`,
)}`;

interface CliRun {
  readonly wallMs: number;
  readonly peakBytes: number;
  readonly output: Output | null;
  readonly error: string | null;
}

/** `node bin/accord.js evaluate … --json` in a child process: wall time, peak RSS (VmHWM) and the output. */
function runCli(contract: string, files: readonly string[]): CliRun {
  const args = [
    '--import',
    PEAK_RSS_MODULE,
    BIN,
    'evaluate',
    '--contract',
    contract,
    '--period',
    MONTH,
    '--as-of',
    AS_OF,
    ...files.flatMap((f) => ['--data', f]),
    '--json',
  ];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, cwd: ROOT });
  const wallMs = performance.now() - t0;
  // Worker threads report too (the module is loaded in them as well): the process's peak is the largest.
  const peaks = [...(r.stderr ?? '').matchAll(/B2-PEAK-RSS-KB (\d+)/g)].map((m) => Number(m[1]));
  if (r.status !== 0)
    return {
      wallMs,
      peakBytes: Number.NaN,
      output: null,
      error: `exit ${r.status}: ${(r.stderr ?? '').slice(0, 500)}`,
    };
  return {
    wallMs,
    peakBytes: peaks.length > 0 ? Math.max(...peaks) * 1024 : Number.NaN,
    output: JSON.parse(r.stdout) as Output,
    error: null,
  };
}

/** Source files of the evaluate path newer than their build in dist/ (the CLI would run old code). */
function staleBuild(): string[] {
  const stale: string[] = [];
  const dirs = ['domain/evaluation', 'ingest', 'cli'];
  for (const d of dirs) {
    const srcDir = join(ROOT, 'src', d);
    for (const f of readdirSync(srcDir)) {
      if (!f.endsWith('.ts')) continue;
      const built = join(ROOT, 'dist', d, f.replace(/\.ts$/, '.js'));
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(srcDir, f)).mtimeMs)
        stale.push(`src/${d}/${f}`);
    }
  }
  return stale;
}

// --- formatting ----------------------------------------------------------------------------------------------

const mb = (bytes: number) => bytes / 1e6;
const fmtMs = (t: Omit<Stats, 'samples'>) => fmtRange({ median: t.median, min: t.min, max: t.max });
const sec = (ms: number) => fmtNum(ms / 1000);
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

interface SizeResult {
  readonly data: DemoData;
  readonly floor: Timing;
  readonly full: Timing;
  /** The text CSV parser over the same files, and the files read into records (main size only). */
  readonly text: Timing | null;
  readonly records: Timing | null;
  readonly ratio: { median: number; min: number; max: number };
  readonly problems: string[];
  readonly peakBytes: number;
}

async function runB2(ctx: BenchContext): Promise<BenchOutcome> {
  const sizes = ctx.quick ? [100_000, 200_000, 400_000] : [1_000_000, 2_000_000, 4_000_000];
  const main = sizes[0]!;
  const runs = ctx.runs;
  const stale = staleBuild();
  if (stale.length > 0)
    ctx.log(
      `B2: WARNING dist/ is older than ${stale.join(', ')}: run npm run build first (the CLI figures use dist/)`,
    );
  const subsetFile = join(os.tmpdir(), 'accord-b2', 'subset-contract.yaml');
  mkdirSync(dirname(subsetFile), { recursive: true });
  writeFileSync(subsetFile, SUBSET_CONTRACT);
  const duck = await DuckSubset.open();
  ctx.log(`B2: DuckDB ${duck.version}, ${duck.threads} threads`);

  const problems: string[] = [];
  const results: SizeResult[] = [];
  let subset: {
    accord: Timing;
    duck: Timing;
    duck1: Timing;
    rows: SubsetRow[];
    accordRowsCount: number;
    diffs: string[];
  } | null = null;
  let cli: CliRun[] = [];

  for (const n of sizes) {
    const data = await demoData(ctx, n);
    const paths = data.files.map((f) => f.path);
    const rowsTotal = data.files.reduce((sum, f) => sum + f.rows, 0);
    const sizeRuns = n === main ? runs : Math.min(runs, 3);
    ctx.log(`B2: ${fmtInt(n)} contacts — DuckDB reference for phone and chat service level`);
    const duckRows = await duck.run(subsetQuery(data));
    ctx.log(`B2: ${fmtInt(n)} contacts — parse floor and full evaluation, interleaved, ${sizeRuns} rounds`);
    const sizeProblems: string[] = [];
    let lastOutput: Output | null = null;
    const fields = fieldsUsed([loadContractFile(CONTRACT)]);
    const [floor, full, text, records] = await timeRoundsAsync(sizeRuns, [
      () => parseFloor(data),
      async () => {
        lastOutput = await evaluateFiles(CONTRACT, paths);
        return checksum(lastOutput);
      },
      ...(n === main ? [() => textParse(data), () => readRecords(data, fields)] : []),
    ]);
    if (floor!.checksum !== rowsTotal)
      sizeProblems.push(`the floor read ${floor!.checksum} records, the generator wrote ${rowsTotal}`);
    if (text !== undefined && text.checksum !== rowsTotal)
      sizeProblems.push(`the text parser read ${text.checksum} records, the generator wrote ${rowsTotal}`);
    if (records !== undefined && records.checksum !== rowsTotal)
      sizeProblems.push(
        `reading into records gave ${records.checksum} records, the generator wrote ${rowsTotal}`,
      );
    sizeProblems.push(...checkFull(lastOutput!, data, duckRows).map((p) => `${fmtInt(n)}: ${p}`));
    lastOutput = null;

    let peakBytes = Number.NaN;
    if (n === main) {
      ctx.log(`B2: ${fmtInt(n)} contacts — the CLI (bin/accord.js) in a child process, 3 runs`);
      const reference = await evaluateFiles(CONTRACT, paths);
      cli = [0, 1, 2].map(() => runCli(CONTRACT, paths));
      for (const c of cli) {
        if (c.error) sizeProblems.push(`CLI: ${c.error}`);
        else if (JSON.stringify(c.output) !== JSON.stringify(reference))
          sizeProblems.push('CLI: its output differs from the in-process evaluation');
      }
      peakBytes = median(cli.map((c) => c.peakBytes));

      ctx.log(
        `B2: ${fmtInt(n)} contacts — subset contract: Accord, DuckDB, DuckDB on 1 thread, ${runs} rounds`,
      );
      const contactsPath = data.files.find((f) => f.kind === 'contacts')!.path;
      const query = subsetQuery(data);
      let accordSubset: Output | null = null;
      let duckSubset: SubsetRow[] = [];
      const duckSingle = await DuckSubset.open();
      await duckSingle.setThreads(1);
      const [accordT, duckT, duck1T] = await timeRoundsAsync(runs, [
        async () => {
          accordSubset = await evaluateFiles(subsetFile, [contactsPath]);
          return checksum(accordSubset);
        },
        async () => {
          duckSubset = await duck.run(query);
          return duckSubset.reduce((s, r) => s + r.numerator + r.denominator * 3, 0);
        },
        async () => (await duckSingle.run(query)).reduce((s, r) => s + r.numerator + r.denominator * 3, 0),
      ]);
      const mine = [
        ...accordRows(accordSubset!, 'phone-service-level'),
        ...accordRows(accordSubset!, 'chat-service-level'),
        ...accordRows(accordSubset!, 'email-response-24h'),
      ];
      const theirs = [
        ...duckRowsFor(duckSubset, 'phone-service-level', true),
        ...duckRowsFor(duckSubset, 'chat-service-level', true),
        ...duckRowsFor(duckSubset, 'email-response-24h', false),
      ];
      const diffs = compareRows(mine, theirs);
      sizeProblems.push(...diffs.map((d) => `subset: ${d}`));
      subset = {
        accord: accordT!,
        duck: duckT!,
        duck1: duck1T!,
        rows: theirs,
        accordRowsCount: mine.length,
        diffs,
      };
    } else {
      ctx.log(`B2: ${fmtInt(n)} contacts — peak memory of the CLI`);
      const c = runCli(CONTRACT, paths);
      if (c.error) sizeProblems.push(`CLI: ${c.error}`);
      peakBytes = c.peakBytes;
    }
    problems.push(...sizeProblems);
    results.push({
      data,
      floor: floor!,
      full: full!,
      text: text ?? null,
      records: records ?? null,
      ratio: roundRatio(full!, 1, floor!, 1),
      problems: sizeProblems,
      peakBytes,
    });
    ctx.log(
      `B2: ${fmtInt(n)} contacts: floor ${sec(floor!.median)} s, evaluation ${sec(full!.median)} s CPU, ` +
        `peak ${fmtNum(mb(peakBytes))} MB${sizeProblems.length > 0 ? `, PROBLEMS: ${sizeProblems.join('; ')}` : ''}`,
    );
  }

  // --- verdicts and markdown -----------------------------------------------------------------------------
  const first = results[0]!;
  const correct = problems.length === 0;
  const perContact = results.map((r) => (r.full.median * 1000) / r.data.n);
  const growth = perContact[perContact.length - 1]! / perContact[0]!;
  const s = subset!;
  const vsDuck = roundRatio(s.duck, 1, s.accord, 1);
  const vsDuckWall = roundRatio(s.duck.wall, 1, s.accord.wall, 1);
  const vsDuck1 = roundRatio(s.duck1, 1, s.accord, 1);
  const cliWall = stats(cli.map((c) => c.wallMs));
  const cliPeak = stats(cli.map((c) => c.peakBytes));

  const md: string[] = [];
  md.push(`## B2 — evaluate${ctx.quick ? ' (QUICK size: not the reference figures)' : ''}`);
  md.push('');
  md.push(
    `Run ${new Date().toISOString()}; the demo month ${MONTH} (\`writeDemoFiles\`, seed ${SEED}, ${ZONE}) with ` +
      `${fmtInt(main)} contacts, ${fmtInt(first.data.files.find((f) => f.kind === 'status_events')!.rows)} status events, ` +
      `${fmtInt(first.data.files.find((f) => f.kind === 'surveys')!.rows)} surveys and ` +
      `${fmtInt(first.data.files.find((f) => f.kind === 'qa_evaluations')!.rows)} QA evaluations ` +
      `(${fmtNum(mb(first.data.bytes))} MB of CSV); contract examples/contract.yaml (every metric kind, phone ` +
      `service level split by language); \`--as-of ${AS_OF}\`. Figures are the median of ${runs} runs after a ` +
      "warm-up run, with (min–max), in CPU time of the benchmark process (user + system, DuckDB's threads " +
      'included); wall-time medians beside them. Pieces that are compared ran in interleaved rounds and each ' +
      'ratio is the median of the per-round ratios.',
  );
  md.push('');
  md.push(
    `**Correctness: ${correct ? 'PASS' : 'FAIL'}** — the floor read as many records as the generator wrote; ` +
      'every evaluation counted every contact of the month (`first-time-right` volume) and rejected no row; its ' +
      'phone service level (per language and pooled) and chat acceptance have the same numerators and ' +
      `denominators as DuckDB's; the CLI printed the same document as the in-process call; on the subset contract ` +
      `all ${s.accordRowsCount} rows of Accord and DuckDB agree.` +
      (correct ? '' : `\n\nProblems:\n${problems.map((p) => `- ${p}`).join('\n')}`),
  );
  md.push('');
  md.push(
    `**Targets:** full evaluation ${fmtNum(first.ratio.median)}x the parse floor (≤ ${TARGET_RATIO}x: ${met(first.ratio.median <= TARGET_RATIO)}` +
      (first.records
        ? `; ${fmtNum(roundRatio(first.full, 1, first.records, 1).median)}x the time to read the files into records, every value converted and checked`
        : '') +
      '); ' +
      `peak memory ${fmtNum(mb(cliPeak.median))} MB (≤ ${TARGET_PEAK_MB} MB: ${met(mb(cliPeak.max) <= TARGET_PEAK_MB)}); ` +
      `time per contact ${fmtNum(growth)}x from ${fmtInt(sizes[0]!)} to ${fmtInt(sizes[sizes.length - 1]!)} contacts ` +
      `(linear within ${LINEAR_TOLERANCE}x: ${met(growth <= LINEAR_TOLERANCE)}); on the subset Accord takes ` +
      `${fmtNum(1 / vsDuckWall.median)}x DuckDB's wall time and ${fmtNum(1 / vsDuck.median)}x its CPU time ` +
      `(faster than DuckDB: ${met(vsDuckWall.median > 1)} on wall time, ${met(vsDuck.median > 1)} on CPU time).`,
  );
  md.push('');
  md.push(`### ${fmtInt(main)} contacts: evaluation against the parse floor`);
  md.push('');
  md.push(
    table(
      ['work', 'CPU s, median (min–max)', 'wall s, median', 'per contact, µs CPU'],
      [
        [
          'parse floor: the same files through the same parsers, nothing else',
          fmtMs({
            median: first.floor.median / 1000,
            min: first.floor.min / 1000,
            max: first.floor.max / 1000,
          }),
          sec(first.floor.wall.median),
          fmtNum((first.floor.median * 1000) / main),
        ],
        [
          'full evaluation (`evaluateDataFiles`: the `accord evaluate --data` path, in process)',
          fmtMs({ median: first.full.median / 1000, min: first.full.min / 1000, max: first.full.max / 1000 }),
          sec(first.full.wall.median),
          fmtNum((first.full.median * 1000) / main),
        ],
        ...(first.records
          ? [
              [
                'for comparison: the files read into records as `evaluate --data` reads them (every value converted and checked), no digest, no evaluation',
                fmtMs({
                  median: first.records.median / 1000,
                  min: first.records.min / 1000,
                  max: first.records.max / 1000,
                }),
                sec(first.records.wall.median),
                fmtNum((first.records.median * 1000) / main),
              ],
            ]
          : []),
        ...(first.text
          ? [
              [
                'for comparison: the text CSV parser of csv-reader.ts over the same files (UTF-8 decoding, a string per value; what `accord ingest` uses)',
                fmtMs({
                  median: first.text.median / 1000,
                  min: first.text.min / 1000,
                  max: first.text.max / 1000,
                }),
                sec(first.text.wall.median),
                fmtNum((first.text.median * 1000) / main),
              ],
            ]
          : []),
        [
          '`node bin/accord.js evaluate … --json` (child process, start-up included; 3 runs)',
          '—',
          sec(cliWall.median),
          '—',
        ],
      ],
    ),
  );
  md.push('');
  md.push(
    `- Ratio full / floor: **${fmtNum(first.ratio.median)}x** (${fmtNum(first.ratio.min)}–${fmtNum(first.ratio.max)} over the rounds)` +
      (first.records
        ? `; full evaluation / reading into records: ${fmtNum(roundRatio(first.full, 1, first.records, 1).median)}x`
        : '') +
      (first.text
        ? `; full evaluation / the text CSV parser alone: ${fmtNum(roundRatio(first.full, 1, first.text, 1).median)}x.`
        : '.'),
  );
  md.push(
    "- The floor is the column reader's byte scanner (`scanCsvOnly` in src/ingest/columnar-reader.ts: every record " +
      'and field boundary found, quotes and line ends handled, no value converted) for contacts, status events and ' +
      'surveys, and the CSV parser of src/ingest/csv-reader.ts for the small files (QA evaluations, forecasts, outages, ' +
      "incidents), which `evaluate --data` reads through `readRecordFile`. Everything beyond it is the evaluation's " +
      'own work: converting and validating every value (instants, codes, numbers; the rows `normalise` would refuse ' +
      "are refused), the SHA-256 input digest over the files' bytes, indexing, every metric, settlement and the JSON.",
  );
  md.push(
    `- Peak memory of the CLI (VmHWM of the child process, ${cli.length} runs): ${fmtNum(mb(cliPeak.median))} MB ` +
      `(${fmtNum(mb(cliPeak.min))}–${fmtNum(mb(cliPeak.max))}); MB = 10^6 bytes.` +
      (stale.length > 0
        ? ` **dist/ was older than the sources (${stale.join(', ')}): run npm run build.**`
        : ''),
  );
  md.push('');
  md.push('### Scaling');
  md.push('');
  md.push(
    table(
      [
        'contacts',
        'CSV MB',
        'floor CPU s',
        'evaluation CPU s, median (min–max)',
        'wall s',
        'µs CPU per contact',
        'evaluation / floor',
        'CLI peak MB',
      ],
      results.map((r) => [
        fmtInt(r.data.n),
        fmtNum(mb(r.data.bytes)),
        sec(r.floor.median),
        fmtMs({ median: r.full.median / 1000, min: r.full.min / 1000, max: r.full.max / 1000 }),
        sec(r.full.wall.median),
        fmtNum((r.full.median * 1000) / r.data.n),
        `${fmtNum(r.ratio.median)}x`,
        fmtNum(mb(r.peakBytes)),
      ]),
    ),
  );
  md.push('');
  md.push(
    `Time per contact grows ${fmtNum(growth)}x from ${fmtInt(sizes[0]!)} to ${fmtInt(sizes[sizes.length - 1]!)} contacts ` +
      `(${results.map((r) => (r.data.n === main ? runs : Math.min(runs, 3))).join(', ')} rounds per size).`,
  );
  md.push('');
  md.push('### Calendar-time subset against DuckDB');
  md.push('');
  md.push(
    'Accord evaluates a contract holding only phone and chat service level per language and e-mail 24 h ' +
      'first-response attainment on a 24/7 clock (the contract is written into the temp folder by ' +
      `bench/b2-evaluate.ts) from contacts.csv alone; DuckDB ${s ? duck.version : ''} computes the same from the same ` +
      'file with `read_csv` and one SQL query (bench/b2-duckdb.ts) in this process, on its default ' +
      `${duck.threads} threads, and once more on 1 thread.`,
  );
  md.push('');
  md.push(
    table(
      [
        '',
        'CPU s, median (min–max)',
        'wall s, median',
        'DuckDB / Accord, CPU (min–max)',
        'DuckDB / Accord, wall',
      ],
      [
        [
          'Accord, `evaluateDataFiles` with the subset contract',
          fmtMs({ median: s.accord.median / 1000, min: s.accord.min / 1000, max: s.accord.max / 1000 }),
          sec(s.accord.wall.median),
          '1',
          '1',
        ],
        [
          `DuckDB, ${duck.threads} threads`,
          fmtMs({ median: s.duck.median / 1000, min: s.duck.min / 1000, max: s.duck.max / 1000 }),
          sec(s.duck.wall.median),
          `${fmtNum(vsDuck.median)} (${fmtNum(vsDuck.min)}–${fmtNum(vsDuck.max)})`,
          fmtNum(vsDuckWall.median),
        ],
        [
          'DuckDB, 1 thread',
          fmtMs({ median: s.duck1.median / 1000, min: s.duck1.min / 1000, max: s.duck1.max / 1000 }),
          sec(s.duck1.wall.median),
          `${fmtNum(vsDuck1.median)} (${fmtNum(vsDuck1.min)}–${fmtNum(vsDuck1.max)})`,
          fmtNum(roundRatio(s.duck1.wall, 1, s.accord.wall, 1).median),
        ],
      ],
    ),
  );
  md.push('');
  md.push(
    `A ratio above 1 means Accord was faster. The rows both computed (${s.accordRowsCount}; numerator / denominator):`,
  );
  md.push('');
  md.push(
    table(
      ['metric', 'language', 'numerator', 'denominator', 'Accord = DuckDB'],
      s.rows.map((r) => [
        r.metric,
        r.pooled ? '(pooled)' : (r.language ?? '(none)'),
        fmtInt(r.numerator),
        fmtInt(r.denominator),
        s.diffs.some((d) => d.startsWith(rowKey(r))) ? '**no**' : 'yes',
      ]),
    ),
  );
  return { markdown: md.join('\n'), correct };
}

export const b2: Benchmark = { id: 'B2', title: 'evaluate', run: runB2 };
