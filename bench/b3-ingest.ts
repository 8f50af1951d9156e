/**
 * B3, ingest (benchmarks.md): `accord ingest` of one demo month of 1,000,000 contacts (contacts.csv) into a
 * fresh SQLite file and into a fresh PostgreSQL schema, against the databases' own bulk loaders on the same
 * CSV, in the same run, into a table of the same columns with the same unique index:
 *
 * - SQLite: the `sqlite3` command-line shell's `.import` into a table with the CSV's columns (typed where
 *   SQLite can type them), a unique index on (source, id) and the index on (created_at, source, id), in a
 *   file with the store's settings (16 KiB pages, WAL, synchronous=NORMAL, 64 MiB cache, checkpoint every
 *   4000 pages);
 * - PostgreSQL: `COPY … FROM` (psql's `\copy`, which streams the file to the server) into a table with the
 *   CSV's columns typed (instants as timestamptz, which the server parses and checks), primary key
 *   (source, id) in collation "C" and the index on (created_at, source, id).
 *
 * Accord runs as users run it: the built CLI (compiled from src/ into bench/out/b3/dist) in a child process,
 * `accord ingest contacts.csv --db … --json`, into a store created (migrated) beforehand, with validation,
 * pseudonymisation (HMAC-SHA-256 of `customer`), digests and the upsert semantics included. Timings are
 * wall times from spawning the process to its exit, in interleaved rounds; the reference loaders do their
 * work in one thread (sqlite3) or in the server (COPY), so wall time is what is comparable. The child's
 * CPU time (user + system, all its threads) and peak RSS come from the child itself.
 *
 * Memory: the peak RSS of the same command on the 1M file and on a file of about 1 GB (5.5 million
 * contacts), which must be about the same (flat in file size).
 *
 * Correctness: every run's summary says every row was read and inserted, and every store holds as many
 * rows as the reference loader's table; after the warm-up run the stored values are compared with the
 * reference's (distinct customers, answered contacts, per-channel counts, and on PostgreSQL the sum of the
 * creation instants in epoch milliseconds, which checks the instant parsing against the server's).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CsvFileWriter, CsvRows, DEMO_CONTACT_ATTRIBUTES, generateDemo } from '../src/demo/index.js';
import { openStore } from '../src/store/index.js';
import {
  type ChildResult,
  demoGeneratorDigest,
  postgresProblem,
  runChild,
  writeUsageRunner,
} from './child.js';
import {
  type BenchContext,
  type Benchmark,
  type BenchOutcome,
  fmtInt,
  fmtNum,
  roundRatio,
  type Stats,
  table,
} from './harness.js';

const SEED = 42;
const ZONE = 'Europe/Amsterdam';
const MONTH = '2026-10';
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const OUT = join(ROOT, 'bench', 'out', 'b3');
const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const TARGET_RATIO = 1.5;
/** Peak RSS on the large file may exceed the 1M file's by at most this factor to count as flat. */
const FLAT_TOLERANCE = 1.25;
/** The pseudonymisation key of the child processes (a bench key, not a secret). */
const KEY = 'b3-benchmark-key-not-a-secret';

const SIZES = {
  full: { n: 1_000_000, big: 5_500_000 },
  quick: { n: 100_000, big: 500_000 },
};

/** The CSV's columns as the reference tables declare them (SQLite, PostgreSQL). */
const REF_COLUMNS: readonly [name: string, sqlite: string, postgres: string][] = [
  ['id', 'text not null', 'text collate "C" not null'],
  ['source', 'text not null', 'text collate "C" not null'],
  ['channel', 'text not null', 'text not null'],
  ['direction', 'text', 'text'],
  ['language', 'text', 'text'],
  ['queue', 'text', 'text'],
  ['segment', 'text', 'text'],
  ['priority', 'text', 'text'],
  ['category', 'text', 'text'],
  ['created_at', 'text not null', 'timestamptz not null'],
  ['answered_at', 'text', 'timestamptz'],
  ['abandoned_at', 'text', 'timestamptz'],
  ['first_response_at', 'text', 'timestamptz'],
  ['resolved_at', 'text', 'timestamptz'],
  ['first_resolved_at', 'text', 'timestamptz'],
  ['reopen_count', 'integer', 'integer'],
  ['handle_seconds', 'real', 'double precision'],
  ['first_time_right', 'text', 'boolean'],
  ['agent', 'text', 'text'],
  ['customer', 'text', 'text'],
  ['customer_tier', 'text', 'text'],
];

/** The store's SQLite settings (store.ts), for the reference file. */
const SQLITE_FILE_PRAGMAS = ['page_size = 16384', 'journal_mode = WAL'];
const SQLITE_SESSION_PRAGMAS = [
  'synchronous = NORMAL',
  'cache_size = -65536',
  'wal_autocheckpoint = 4000',
  'temp_store = MEMORY',
];

// --- data ---------------------------------------------------------------------------------------------------

interface ContactsFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  /** Milliseconds the generation took, or null when the file came from the cache. */
  readonly generatedMs: number | null;
}

/**
 * contacts.csv of the demo month with n contacts (the demo generator, seed fixed, contacts only: the rows
 * are those of `writeDemoFiles`' contacts.csv), generated once into the temp folder and reused.
 */
async function contactsFile(ctx: BenchContext, n: number): Promise<ContactsFile> {
  const dir = join(os.tmpdir(), 'accord-b3');
  const path = join(dir, `contacts-${n}-seed${SEED}.csv`);
  const marker = `${path}.json`;
  const digest = demoGeneratorDigest();
  if (existsSync(marker) && existsSync(path)) {
    try {
      const saved = JSON.parse(readFileSync(marker, 'utf8')) as { generator: string; rows: number };
      if (saved.generator === digest) {
        ctx.log(`B3: reusing ${path}`);
        return { path, rows: saved.rows, bytes: statSync(path).size, generatedMs: null };
      }
    } catch {
      // Generate again.
    }
  }
  ctx.log(`B3: generating ${fmtInt(n)} contacts (seed ${SEED}) into ${path}`);
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const rows = new CsvRows(ZONE, { contacts: DEMO_CONTACT_ATTRIBUTES, qa_evaluations: [] });
  const partial = `${path}.${process.pid}.partial`;
  const writer = new CsvFileWriter(partial, rows.columns('contacts'));
  const none = () => undefined;
  try {
    await generateDemo(
      { start: MONTH, months: 1, contactsPerMonth: n, seed: SEED, timezone: ZONE },
      {
        contacts: (r) => writer.line(rows.contacts(r)),
        status_events: none,
        surveys: none,
        qa_evaluations: none,
        outages: none,
        incidents: none,
        privacy_incidents: none,
        forecasts: none,
      },
    );
  } finally {
    writer.close();
  }
  renameSync(partial, path);
  const generatedMs = performance.now() - t0;
  writeFileSync(marker, JSON.stringify({ generator: digest, rows: writer.rows }));
  return { path, rows: writer.rows, bytes: statSync(path).size, generatedMs };
}

// --- the built CLI in a child process -------------------------------------------------------------------------

/** Compiles src/ into bench/out/b3/dist (what `npm run build` makes of it) and returns its cli/main.js. */
function buildCli(ctx: BenchContext): string {
  const outDir = join(OUT, 'dist');
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  ctx.log('B3: compiling the CLI into bench/out/b3/dist');
  rmSync(outDir, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const main = join(outDir, 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`B3: the build made no ${main}: ${r.stdout}${r.stderr}`);
  if (r.status !== 0)
    ctx.log(`B3: note: tsc reported errors (the JavaScript was emitted): ${r.stdout.split('\n')[0] ?? ''}`);
  return main;
}

/** bash's `times` after `echo B3-TIMES`: the shell's own user and system time, then those of its children. */
function bashChildrenCpu(stderr: string): number {
  const times = /B3-TIMES\n.*\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(stderr);
  return times
    ? (Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4])) * 1000
    : Number.NaN;
}

interface Summary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

// --- stores --------------------------------------------------------------------------------------------------

interface Side {
  readonly name: string;
  /** Creates an empty store or table (not timed). */
  prepare(): Promise<void>;
  /** The timed load; resolves to the row count stored (checked) and the child's figures. */
  load(): Promise<ChildResult>;
  /** Rows stored now. */
  count(): Promise<number>;
  drop(): Promise<void>;
}

function sqliteScript(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

function sqliteRefCreate(path: string): void {
  const columns = REF_COLUMNS.map(([name, type]) => `"${name}" ${type}`).join(', ');
  const db = new Database(path);
  try {
    for (const p of SQLITE_FILE_PRAGMAS) db.pragma(p);
    db.exec(`create table contacts (${columns})`);
    db.exec('create unique index contacts_source_id on contacts (source, id)');
    db.exec('create index contacts_created_at_source_id on contacts (created_at, source, id)');
  } finally {
    db.close();
  }
}

async function pgQuery<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function commandExists(command: string): boolean {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;
}

interface Sides {
  readonly oursSqlite: Side;
  readonly refSqlite: Side | undefined;
  readonly oursPg: Side | undefined;
  readonly refPg: Side | undefined;
  readonly oursSqlitePath: () => string;
  readonly refSqlitePath: () => string;
  readonly oursPgSchema: string;
  readonly refPgSchema: string;
  readonly psql: boolean;
}

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ACCORD_PSEUDONYM_KEY: KEY, ACCORD_DB: '', ACCORD_INGEST_WORKER: '' };
}

function makeSides(
  file: ContactsFile,
  main: string,
  runner: string,
  work: string,
  pgOk: boolean,
  sqlite3: boolean,
  psql: boolean,
): Sides {
  const oursPath = join(work, 'accord.db');
  const refPath = join(work, 'reference.db');
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const oursSchema = `b3_ours_${tag}`;
  const refSchema = `b3_ref_${tag}`;
  const removeSqlite = (path: string) => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
  };
  const sqliteCount = async (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return (db.prepare('select count(*) as n from contacts').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const oursUrlPg = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${oursSchema}`;
  const oursSqlite: Side = {
    name: 'accord ingest → SQLite',
    prepare: async () => {
      removeSqlite(oursPath);
      const store = await openStore(`sqlite:${oursPath}`);
      await store.close();
    },
    load: () =>
      runChild(
        process.execPath,
        [runner, main, 'ingest', file.path, '--db', `sqlite:${oursPath}`, '--json'],
        { env: childEnv() },
      ),
    count: () => sqliteCount(oursPath),
    drop: async () => removeSqlite(oursPath),
  };
  const refSqlite: Side | undefined = sqlite3
    ? {
        name: 'sqlite3 .import',
        prepare: async () => {
          removeSqlite(refPath);
          sqliteRefCreate(refPath);
          writeFileSync(
            join(work, 'import.sql'),
            sqliteScript([
              ...SQLITE_SESSION_PRAGMAS.map((p) => `pragma ${p};`),
              `.import --csv --skip 1 '${file.path.replaceAll("'", "''")}' contacts`,
            ]),
          );
        },
        load: () =>
          runChild(
            'bash',
            [
              '-c',
              'sqlite3 -bail "$0" < "$1" || exit $?; echo B3-TIMES >&2; times >&2',
              refPath,
              join(work, 'import.sql'),
            ],
            { cpuOf: bashChildrenCpu },
          ),
        count: () => sqliteCount(refPath),
        drop: async () => removeSqlite(refPath),
      }
    : undefined;
  const oursPg: Side | undefined = pgOk
    ? {
        name: 'accord ingest → PostgreSQL',
        prepare: async () => {
          await pgQuery(`drop schema if exists "${oursSchema}" cascade`);
          const store = await openStore(oursUrlPg);
          await store.close();
        },
        load: () =>
          runChild(process.execPath, [runner, main, 'ingest', file.path, '--db', oursUrlPg, '--json'], {
            env: childEnv(),
          }),
        count: async () =>
          Number((await pgQuery<{ n: string }>(`select count(*) as n from "${oursSchema}".contacts`))[0]!.n),
        drop: async () => void (await pgQuery(`drop schema if exists "${oursSchema}" cascade`)),
      }
    : undefined;
  const refTable = `"${refSchema}".contacts`;
  const refPg: Side | undefined = pgOk
    ? {
        name: psql ? 'COPY FROM (psql \\copy)' : 'COPY FROM (pg-copy-streams)',
        prepare: async () => {
          const columns = REF_COLUMNS.map(([name, , type]) => `"${name}" ${type}`).join(', ');
          await pgQuery(
            `drop schema if exists "${refSchema}" cascade; create schema "${refSchema}"; ` +
              `create table ${refTable} (${columns}, primary key (source, id)); ` +
              `create index on ${refTable} (created_at, source, id)`,
          );
        },
        load: async () => {
          if (psql)
            return runChild(
              'bash',
              [
                '-c',
                'psql -X -q -v ON_ERROR_STOP=1 "$0" -c "$1" || exit $?; echo B3-TIMES >&2; times >&2',
                PG_URL,
                `\\copy ${refTable} from '${file.path.replaceAll("'", "''")}' with (format csv, header true)`,
              ],
              { cpuOf: bashChildrenCpu },
            );
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          try {
            await pipeline(
              createReadStream(file.path, { highWaterMark: 1 << 20 }),
              client.query(copyFrom(`copy ${refTable} from stdin with (format csv, header true)`)),
            );
          } finally {
            await client.end();
          }
          const c = process.cpuUsage(c0);
          return {
            wallMs: performance.now() - t0,
            cpuMs: (c.user + c.system) / 1000,
            peakBytes: Number.NaN,
            code: 0,
            stdout: '',
            stderr: '',
          };
        },
        count: async () =>
          Number((await pgQuery<{ n: string }>(`select count(*) as n from ${refTable}`))[0]!.n),
        drop: async () => void (await pgQuery(`drop schema if exists "${refSchema}" cascade`)),
      }
    : undefined;
  return {
    oursSqlite,
    refSqlite,
    oursPg,
    refPg,
    oursSqlitePath: () => oursPath,
    refSqlitePath: () => refPath,
    oursPgSchema: oursSchema,
    refPgSchema: refSchema,
    psql,
  };
}

// --- correctness of the stored values ----------------------------------------------------------------------

/** Compares what Accord stored with what the reference loader stored; returns the differences found. */
function compareSqlite(ours: string, ref: string): string[] {
  const a = new Database(ours, { readonly: true });
  const b = new Database(ref, { readonly: true });
  try {
    const q = <T>(db: Database.Database, sql: string) => db.prepare(sql).get() as T;
    const problems: string[] = [];
    const pairs: [string, string, string][] = [
      ['rows', 'select count(*) as v from contacts', 'select count(*) as v from contacts'],
      [
        'distinct customers',
        'select count(distinct customer) as v from contacts',
        "select count(distinct nullif(customer, '')) as v from contacts",
      ],
      [
        'answered contacts',
        'select count(answered_at) as v from contacts',
        "select count(nullif(answered_at, '')) as v from contacts",
      ],
      [
        'first-time-right contacts',
        'select count(*) as v from contacts where first_time_right = 1',
        "select count(*) as v from contacts where first_time_right = 'true'",
      ],
      [
        'per channel',
        "select group_concat(channel || ':' || n, ',') as v from (select channel, count(*) as n from contacts group by channel order by channel)",
        "select group_concat(channel || ':' || n, ',') as v from (select channel, count(*) as n from contacts group by channel order by channel)",
      ],
      [
        'sum of handle_seconds',
        'select sum(handle_seconds) as v from contacts',
        'select sum(handle_seconds) as v from contacts',
      ],
    ];
    for (const [what, sa, sb] of pairs) {
      const va = q<{ v: unknown }>(a, sa).v;
      const vb = q<{ v: unknown }>(b, sb).v;
      if (va !== vb) problems.push(`SQLite ${what}: Accord ${String(va)}, sqlite3 ${String(vb)}`);
    }
    return problems;
  } finally {
    a.close();
    b.close();
  }
}

async function comparePostgres(ours: string, ref: string): Promise<string[]> {
  const pairs: [string, string, string][] = [
    [
      'rows',
      `select count(*)::text as v from "${ours}".contacts`,
      `select count(*)::text as v from "${ref}".contacts`,
    ],
    [
      'sum of created_at (epoch ms)',
      `select sum(created_at)::text as v from "${ours}".contacts`,
      `select sum((extract(epoch from created_at) * 1000)::bigint)::text as v from "${ref}".contacts`,
    ],
    [
      'sum of resolved_at (epoch ms)',
      `select sum(resolved_at)::text as v from "${ours}".contacts`,
      `select sum((extract(epoch from resolved_at) * 1000)::bigint)::text as v from "${ref}".contacts`,
    ],
    [
      'distinct customers',
      `select count(distinct customer)::text as v from "${ours}".contacts`,
      `select count(distinct customer)::text as v from "${ref}".contacts`,
    ],
    [
      'first-time-right contacts',
      `select count(*) filter (where first_time_right)::text as v from "${ours}".contacts`,
      `select count(*) filter (where first_time_right)::text as v from "${ref}".contacts`,
    ],
    [
      'per channel',
      `select string_agg(channel || ':' || n, ',' order by channel) as v from (select channel, count(*) as n from "${ours}".contacts group by channel) s`,
      `select string_agg(channel || ':' || n, ',' order by channel) as v from (select channel, count(*) as n from "${ref}".contacts group by channel) s`,
    ],
  ];
  const problems: string[] = [];
  for (const [what, sa, sb] of pairs) {
    const va = (await pgQuery<{ v: string | null }>(sa))[0]?.v;
    const vb = (await pgQuery<{ v: string | null }>(sb))[0]?.v;
    if (va !== vb) problems.push(`PostgreSQL ${what}: Accord ${String(va)}, COPY ${String(vb)}`);
  }
  return problems;
}

// --- timing ---------------------------------------------------------------------------------------------------

interface SideTiming {
  readonly side: Side;
  readonly wall: Stats;
  readonly cpu: Stats;
  readonly peak: Stats;
}

function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, samples };
}

/**
 * One load: prepare (not timed), run, check the summary and the row count, drop. Returns the child's
 * figures; a wrong answer goes into `problems`.
 */
async function oneLoad(side: Side, rows: number, problems: string[]): Promise<ChildResult> {
  await side.prepare();
  try {
    const r = await side.load();
    await checkLoad(side, r, rows, problems);
    return r;
  } finally {
    await side.drop();
  }
}

/** A load's exit code, summary (Accord: every row read and inserted) and stored row count. */
async function checkLoad(side: Side, r: ChildResult, rows: number, problems: string[]): Promise<boolean> {
  if (r.code !== 0) {
    problems.push(`${side.name}: exit ${r.code}: ${r.stderr.slice(0, 400)}`);
    return false;
  }
  if (r.stdout.trim().startsWith('{')) {
    const s = JSON.parse(r.stdout) as Summary;
    if (s.read !== rows || s.inserted !== rows || s.rejected !== 0 || s.updated !== 0 || s.unchanged !== 0)
      problems.push(`${side.name}: summary ${JSON.stringify(s)}, expected ${rows} read and inserted`);
  }
  const stored = await side.count();
  if (stored !== rows) problems.push(`${side.name}: ${stored} rows stored, the file has ${rows}`);
  return stored === rows;
}

/** Interleaved rounds over the sides: a warm-up load each, then `runs` rounds in rotating order. */
async function timeSides(
  ctx: BenchContext,
  sides: readonly Side[],
  rows: number,
  problems: string[],
  warmUp: () => Promise<void>,
): Promise<SideTiming[]> {
  ctx.log(`B3: warm-up and value checks (${sides.map((s) => s.name).join('; ')})`);
  await warmUp();
  const wall = sides.map((): number[] => []);
  const cpu = sides.map((): number[] => []);
  const peak = sides.map((): number[] => []);
  for (let r = 0; r < ctx.runs; r++) {
    for (let k = 0; k < sides.length; k++) {
      const j = (k + r) % sides.length;
      const res = await oneLoad(sides[j]!, rows, problems);
      wall[j]!.push(res.wallMs);
      cpu[j]!.push(res.cpuMs);
      peak[j]!.push(res.peakBytes);
    }
    ctx.log(
      `B3: round ${r + 1}/${ctx.runs}: ${sides.map((s, j) => `${s.name} ${fmtNum(wall[j]![r]! / 1000)} s`).join(', ')}`,
    );
  }
  return sides.map((side, j) => ({
    side,
    wall: stats(wall[j]!),
    cpu: stats(cpu[j]!),
    peak: stats(peak[j]!),
  }));
}

// --- the benchmark --------------------------------------------------------------------------------------------

const mb = (bytes: number) => (Number.isFinite(bytes) ? `${fmtInt(bytes / 2 ** 20)} MiB` : '—');
const secs = (ms: number) => fmtNum(ms / 1000);
const secRange = (s: Stats) => `${secs(s.median)} (${secs(s.min)}–${secs(s.max)})`;
const ratioText = (r: { median: number; min: number; max: number }) =>
  `${r.median.toFixed(2)}x (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

async function runB3(ctx: BenchContext): Promise<BenchOutcome> {
  const size = ctx.quick ? SIZES.quick : SIZES.full;
  const problems: string[] = [];
  const file = await contactsFile(ctx, size.n);
  const main = buildCli(ctx);
  const runner = writeUsageRunner(OUT);
  const work = mkdtempSync(join(os.tmpdir(), 'accord-b3-run-'));
  const pgProblem = await postgresProblem(PG_URL);
  const sqlite3 = commandExists('sqlite3');
  const psql = commandExists('psql');
  if (pgProblem !== undefined)
    ctx.log(`B3: PostgreSQL not reachable at ${PG_URL} (${pgProblem}); SQLite only`);
  const sides = makeSides(file, main, runner, work, pgProblem === undefined, sqlite3, psql);
  const sqliteVersion = sqlite3
    ? spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0]
    : '—';
  const betterSqliteVersion = (() => {
    const db = new Database(':memory:');
    try {
      return (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    } finally {
      db.close();
    }
  })();
  let pgVersion = '—';
  if (pgProblem === undefined)
    pgVersion = (await pgQuery<{ v: string }>("select current_setting('server_version') as v"))[0]?.v ?? '—';

  try {
    // The fixed cost of a run: `accord ingest` of a file with the header only.
    const headerOnly = join(work, 'contacts-header.csv');
    writeFileSync(headerOnly, `${readFileSync(file.path, 'utf8').slice(0, 400).split('\n')[0]}\n`);

    const timed: Side[] = [sides.oursSqlite];
    if (sides.refSqlite) timed.push(sides.refSqlite);
    if (sides.oursPg) timed.push(sides.oursPg);
    if (sides.refPg) timed.push(sides.refPg);

    const valueProblems: string[] = [];
    const warmUp = async () => {
      // Accord and the reference loaded side by side once, their stored values compared.
      if (sides.refSqlite) {
        await sides.oursSqlite.prepare();
        await sides.refSqlite.prepare();
        const a = await checkLoad(sides.oursSqlite, await sides.oursSqlite.load(), file.rows, problems);
        const b = await checkLoad(sides.refSqlite, await sides.refSqlite.load(), file.rows, problems);
        if (a && b) valueProblems.push(...compareSqlite(sides.oursSqlitePath(), sides.refSqlitePath()));
        await sides.oursSqlite.drop();
        await sides.refSqlite.drop();
      } else await oneLoad(sides.oursSqlite, file.rows, problems);
      if (sides.oursPg && sides.refPg) {
        await sides.oursPg.prepare();
        await sides.refPg.prepare();
        const a = await checkLoad(sides.oursPg, await sides.oursPg.load(), file.rows, problems);
        const b = await checkLoad(sides.refPg, await sides.refPg.load(), file.rows, problems);
        if (a && b) valueProblems.push(...(await comparePostgres(sides.oursPgSchema, sides.refPgSchema)));
        await sides.oursPg.drop();
        await sides.refPg.drop();
      }
    };
    const load = { before: os.loadavg()[0]!, after: 0 };
    const timings = await timeSides(ctx, timed, file.rows, problems, warmUp);
    load.after = os.loadavg()[0]!;
    problems.push(...valueProblems);
    const byName = (side: Side | undefined) => timings.find((t) => t.side === side);

    // Fixed cost: the same command on a header-only file.
    const fixed: number[] = [];
    for (let r = 0; r < Math.min(ctx.runs, 5); r++) {
      await sides.oursSqlite.prepare();
      const res = await runChild(
        process.execPath,
        [runner, main, 'ingest', headerOnly, '--db', `sqlite:${sides.oursSqlitePath()}`, '--json'],
        { env: childEnv() },
      );
      fixed.push(res.wallMs);
      await sides.oursSqlite.drop();
    }

    // Memory on a file of about 1 GB.
    const big = await contactsFile(ctx, size.big);
    const bigRuns: { name: string; res: ChildResult }[] = [];
    for (const side of [sides.oursSqlite, sides.oursPg]) {
      if (side === undefined) continue;
      ctx.log(
        `B3: ${side.name} on ${fmtInt(big.rows)} contacts (${mb(big.bytes)}), once, for its peak memory`,
      );
      const bigSide: Side = {
        ...side,
        load: () => {
          const url =
            side === sides.oursSqlite
              ? `sqlite:${sides.oursSqlitePath()}`
              : `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${sides.oursPgSchema}`;
          return runChild(process.execPath, [runner, main, 'ingest', big.path, '--db', url, '--json'], {
            env: childEnv(),
          });
        },
      };
      bigRuns.push({ name: side.name, res: await oneLoad(bigSide, big.rows, problems) });
    }

    // --- verdicts and the section ---------------------------------------------------------------------------
    const oursS = byName(sides.oursSqlite)!;
    const refS = byName(sides.refSqlite);
    const oursP = byName(sides.oursPg);
    const refP = byName(sides.refPg);
    const ratioS = refS ? roundRatio(oursS.wall, 1, refS.wall, 1) : undefined;
    const ratioP = oursP && refP ? roundRatio(oursP.wall, 1, refP.wall, 1) : undefined;
    const cpuRatioS = refS ? roundRatio(oursS.cpu, 1, refS.cpu, 1) : undefined;
    const peak1m = Math.max(oursS.peak.max, oursP?.peak.max ?? 0);
    const peakBig = Math.max(...bigRuns.map((b) => b.res.peakBytes));
    const flat = peakBig <= peak1m * FLAT_TOLERANCE;
    const correct = problems.length === 0;
    const met = (r: { median: number } | undefined) =>
      r === undefined ? 'not measured' : r.median <= TARGET_RATIO ? 'met' : '**missed**';

    const md: string[] = [];
    md.push(`## B3 — ingest${ctx.quick ? ' (QUICK size: not the reference figures)' : ''}`);
    md.push('');
    md.push(
      `Run ${new Date().toISOString()}; contacts.csv of the demo month ${MONTH} (seed ${SEED}, ${ZONE}): ` +
        `${fmtInt(file.rows)} contacts, ${mb(file.bytes)}` +
        (file.generatedMs === null ? ' (cached)' : `, generated in ${secs(file.generatedMs)} s`) +
        `. Every figure is the median of ${ctx.runs} interleaved rounds after a warm-up round, with (min–max): ` +
        'wall time from spawning the process to its exit, because the reference loaders work in one thread ' +
        '(sqlite3) or in the database server (COPY), where CPU time of the client says little. Ratios are taken ' +
        'within each round (Accord / reference) and their median given. The machine is shared: other work ran ' +
        'at the same time and slows every side.',
    );
    md.push('');
    md.push(
      `**Correctness: ${correct ? 'PASS' : 'FAIL'}** — every run read and inserted all ${fmtInt(file.rows)} rows ` +
        'and every store holds as many rows as the reference table; after the warm-up round the stored values ' +
        "agree with the reference loaders' (distinct customers, answered and first-time-right contacts, counts " +
        'per channel, sum of handle_seconds; on PostgreSQL also the sums of created_at and resolved_at in epoch ms ' +
        "against the server's own timestamptz parsing).",
    );
    for (const p of problems.slice(0, 10)) md.push(`- ${p}`);
    md.push('');
    md.push(
      `**Targets (≤ ${TARGET_RATIO}x the database's own loader):** SQLite ${ratioS ? ratioText(ratioS) : '—'}: ` +
        `${met(ratioS)}; PostgreSQL ${ratioP ? ratioText(ratioP) : '—'}: ${met(ratioP)}. ` +
        `Memory: peak RSS ${mb(peak1m)} on ${fmtInt(file.rows)} contacts, ${mb(peakBig)} on ${fmtInt(big.rows)} ` +
        `(${mb(big.bytes)}): ${flat ? 'flat' : '**not flat**'}.`,
    );
    md.push('');
    const rowsOf = (
      t: SideTiming | undefined,
      ratio: { median: number; min: number; max: number } | undefined,
    ) =>
      t === undefined
        ? []
        : [
            [
              t.side.name,
              secRange(t.wall),
              Number.isFinite(t.cpu.median) ? secRange(t.cpu) : '—',
              Number.isFinite(t.peak.median) ? mb(t.peak.median) : '—',
              fmtInt((file.rows / t.wall.median) * 1000),
              ratio === undefined ? 'reference' : ratioText(ratio),
            ],
          ];
    md.push(
      table(
        [
          '',
          'wall s, median (min–max)',
          'CPU s of the process',
          'peak RSS',
          'rows/s (wall)',
          'Accord / reference, per round',
        ],
        [
          ...rowsOf(oursS, ratioS),
          ...rowsOf(refS, undefined),
          ...rowsOf(oursP, ratioP),
          ...rowsOf(refP, undefined),
        ],
      ),
    );
    md.push('');
    md.push(
      `- Load average (1 min) of the machine around the timed rounds: ${load.before.toFixed(2)} before, ` +
        `${load.after.toFixed(2)} after (2 cores). Accord runs on two threads (reading and encoding in a worker, ` +
        "writing on the main thread); sqlite3 on one, COPY in the server process. With a core to spare Accord's " +
        'wall time is about that of its busier thread; when other work keeps the cores busy it approaches its CPU ' +
        'time, and the wall ratio approaches the ratio of CPU times' +
        (cpuRatioS
          ? ` (SQLite: Accord's process / sqlite3's, per round: ${ratioText(cpuRatioS)}; on PostgreSQL the ` +
            "server's CPU time is not measured here, it is about the same for Accord's COPY and the CSV COPY)."
          : '.'),
    );
    md.push(
      `- Fixed cost of \`accord ingest\` (Node start, loading the CLI, opening the store; a header-only file): ` +
        `${secRange(stats(fixed))} s wall, included in Accord's figures above. sqlite3 and psql start in a few ms.`,
    );
    md.push(
      `- Peak memory on ${fmtInt(big.rows)} contacts (${mb(big.bytes)}` +
        (big.generatedMs === null ? ', cached' : `, generated once in ${secs(big.generatedMs)} s`) +
        '): ' +
        bigRuns
          .map(
            (b) =>
              `${b.name} ${mb(b.res.peakBytes)} in ${secs(b.res.wallMs)} s wall, ${secs(b.res.cpuMs)} s CPU ` +
              `(${fmtInt((big.rows / b.res.wallMs) * 1000)} rows/s)`,
          )
          .join('; ') +
        `; against ${mb(peak1m)} on ${fmtInt(file.rows)} contacts.` +
        (ctx.quick
          ? " (QUICK sizes: SQLite's page cache (64 MiB) and the heaps are still filling at these sizes, so the " +
            'memory verdict means little here.)'
          : ''),
    );
    md.push('');
    md.push('What each side does:');
    md.push('');
    md.push(
      `- **Accord** (the CLI built from src/, Node ${process.version}, better-sqlite3 with SQLite ${betterSqliteVersion}): ` +
        '`accord ingest contacts.csv --db URL --json` into a store migrated beforehand (empty tables). It reads ' +
        'and checks every value (instants with offsets, enumerations, numbers, the order of instants, UTF-8), ' +
        'pseudonymises `customer` (HMAC-SHA-256), keeps `customer_tier` as an attribute (JSON), computes each ' +
        "row's digest and upserts on (source, key) in transactions of 5,000 rows: on SQLite `INSERT … ON " +
        'CONFLICT DO NOTHING` per row, on PostgreSQL a COPY per batch straight into the table (the unique index ' +
        'checks that every key is new; otherwise a staging table and a merge). A worker thread reads, checks and ' +
        "encodes while the main thread writes. Table: the store's `contacts` (source, key, 20 typed columns, " +
        'digest, revision; primary key (source, key), index (created_at, source, key)).',
    );
    if (sides.refSqlite)
      md.push(
        `- **sqlite3 .import** (sqlite3 ${sqliteVersion}): \`.import --csv --skip 1\` in one transaction into a ` +
          "table with the CSV's 21 columns (text, integer, real; instants stay ISO text, which SQLite cannot " +
          'type), a unique index on (source, id) and an index on (created_at, source, id), in a file with the ' +
          "store's settings (page_size 16384, WAL, synchronous NORMAL, cache 64 MiB, wal_autocheckpoint 4000). " +
          'No validation, no pseudonymisation.',
      );
    else md.push('- sqlite3 was not found: no SQLite reference.');
    if (sides.refPg)
      md.push(
        `- **COPY FROM** (PostgreSQL ${pgVersion}, ${sides.psql ? 'psql `\\copy`, which streams the file to the server' : 'pg-copy-streams from this process'}): ` +
          "`COPY … FROM … WITH (FORMAT csv, HEADER true)` in one transaction into a table with the CSV's columns " +
          'typed (text, timestamptz, integer, double precision, boolean; the server parses and checks them), ' +
          'primary key (source, id) in collation "C" and an index on (created_at, source, id). No ' +
          'pseudonymisation. The server runs on the same machine and shares its two cores with the client.',
      );
    else md.push(`- PostgreSQL was not reachable (${pgProblem ?? 'unknown'}): no PostgreSQL figures.`);
    return { markdown: md.join('\n'), correct };
  } finally {
    await sides.oursPg?.drop().catch(() => undefined);
    await sides.refPg?.drop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

export const b3: Benchmark = { id: 'B3', title: 'ingest', run: runB3 };
