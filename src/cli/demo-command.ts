/**
 * `accord demo`: synthetic months of contact-centre data for the example contract, written as CSV files
 * (one per kind of record) that `accord ingest` reads (docs/demo-data.md). Without `--start` the months
 * end with the current month, read from the CLI's clock; the generator itself never reads the time.
 * Progress goes to stderr, the result to stdout (one JSON document with `--json`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { NATIVE_DEMO_FORMATS, type NativeDemoFormat } from '../demo/native/index.js';
import { NATIVE_DEMO_WRITERS } from '../demo/native/telephony.js';
import {
  addMonths,
  DEMO_DEFAULTS,
  type DemoOptions,
  demoOptionProblems,
  monthLabel,
  parseMonth,
} from '../demo/plan.js';
import type { DemoProgress } from '../demo/sink.js';
import { DEMO_SOURCES } from '../demo/sources.js';
import { type DemoFiles, writeDemoFiles } from '../demo/write-files.js';
import { isoFromDayNumber, localDayOf } from '../domain/time/zone.js';
import { importContract } from '../services/contracts.service.js';
import { importSentence, operatorActor } from './contract-import-command.js';
import { demoContractText, readExampleContract } from './demo-contract.js';
import { runNativeDemo } from './demo-native.js';
import { InputError } from './errors.js';
import { type Io, printJson } from './output.js';
import { checkStoreUrl, DB_OPTION_HELP, withStore } from './store-options.js';

export const DEFAULT_DEMO_DIR = 'data/demo';

interface DemoCommandOptions {
  months: string;
  contactsPerMonth: string;
  seed: string;
  start?: string;
  out: string;
  db?: string;
  ingest: boolean;
  json?: boolean;
  format?: string;
}

/**
 * The systems whose native export the demo can be written as (`--format`): the helpdesks' pages
 * (native/index.ts, contacts with their status events and surveys) and the telephony systems' exports
 * (native/telephony.ts, calls and chats).
 */
const NATIVE_FORMATS: readonly string[] = [...NATIVE_DEMO_FORMATS, ...Object.keys(NATIVE_DEMO_WRITERS)];

const isHelpdesk = (format: string): format is NativeDemoFormat =>
  (NATIVE_DEMO_FORMATS as readonly string[]).includes(format);

/** The telephony writer of the format, made in the demo's folder. */
function telephonyWriterOf(format: string | undefined, dir: string) {
  return format === undefined
    ? undefined
    : NATIVE_DEMO_WRITERS[format as keyof typeof NATIVE_DEMO_WRITERS]?.(dir);
}

/** Runs another accord command (injected by main, so that this module does not import it). */
export type RunCommand = (argv: readonly string[], io: Io) => Promise<number>;

/** Collects what a command prints. */
function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

const WHOLE = /^\d+$/;
const SIGNED = /^-?\d+$/;

function whole(text: string, option: string, example: string): number {
  const t = text.trim().replaceAll('_', '');
  const v = Number(t);
  if (!WHOLE.test(t) || !Number.isSafeInteger(v))
    throw new InputError(`${option}: "${text}" is not a whole number (${example})`);
  return v;
}

/** The first of `months` months that end with the month in which `nowMs` falls, in `zone`. */
export function defaultStart(nowMs: number, months: number, zone: string): string {
  const today = isoFromDayNumber(localDayOf(zone, nowMs));
  const first = addMonths(Number(today.slice(0, 4)), Number(today.slice(5, 7)), -(months - 1));
  return monthLabel(first.year, first.month);
}

const thousands = (n: number) => n.toLocaleString('en-US');

export function registerDemoCommands(
  program: Command,
  io: Io,
  now: () => number = Date.now,
  run?: RunCommand,
): void {
  program
    .command('demo')
    .description(
      'write synthetic months of demo data (contacts, status events, surveys, QA, forecasts …) as CSV',
    )
    .option('--months <n>', 'number of months', String(DEMO_DEFAULTS.months))
    .option(
      '--contacts-per-month <n>',
      'contacts created in each month',
      String(DEMO_DEFAULTS.contactsPerMonth),
    )
    .option('--seed <n>', 'random seed; the same seed gives byte-identical files', String(DEMO_DEFAULTS.seed))
    .option('--start <YYYY-MM>', 'first month (default: the months ending with the current one)')
    .option('--out <dir>', 'folder for the CSV files and the demo contract', DEFAULT_DEMO_DIR)
    .option('--db <url>', `${DB_OPTION_HELP}; the demo data is ingested there`)
    .option('--no-ingest', 'only write the files, store nothing')
    .option('--json', 'print {"dir", "start", "months", "seed", "files", "counts"}')
    .addOption(
      new Option(
        '--format <system>',
        'write the records that system holds as its own export, the rest as CSV (docs/connectors.md)',
      ).choices(NATIVE_FORMATS),
    )
    .action(async (opts: DemoCommandOptions) => {
      const months = whole(opts.months, '--months', 'e.g. --months 3');
      const contactsPerMonth = whole(
        opts.contactsPerMonth,
        '--contacts-per-month',
        'e.g. --contacts-per-month 50000',
      );
      const seedText = opts.seed.trim();
      const seed = Number(seedText);
      if (!SIGNED.test(seedText) || !Number.isSafeInteger(seed))
        throw new InputError(`--seed: "${opts.seed}" is not a whole number (e.g. --seed 42)`);
      if (opts.start !== undefined && parseMonth(opts.start) === undefined)
        throw new InputError(`--start: "${opts.start}" is not a month (YYYY-MM, e.g. --start 2026-09)`);
      const timezone = DEMO_DEFAULTS.timezone;
      const options: DemoOptions = {
        start: opts.start?.trim() ?? defaultStart(now(), Math.max(1, months), timezone),
        months,
        contactsPerMonth,
        seed,
        timezone,
      };
      const problems = demoOptionProblems(options);
      if (problems.length > 0) throw new InputError(problems.map((p) => `--${optionName(p)}`).join('; '));
      // A store it cannot open is found before minutes of generating files for it.
      if (opts.ingest) checkStoreUrl(opts.db);
      if (opts.format !== undefined && isHelpdesk(opts.format)) {
        const r = { format: opts.format, options, out: opts.out, db: opts.db, ingest: opts.ingest };
        return runNativeDemo({ ...r, json: opts.json === true, now, run }, io);
      }

      const started = performance.now();
      let month = '';
      const progress = (p: DemoProgress) => {
        if (p.month === month) return;
        month = p.month;
        io.err(`accord demo: generating ${p.month} (${p.monthIndex + 1}/${p.months}) …`);
      };
      let result: DemoFiles;
      try {
        mkdirSync(opts.out, { recursive: true });
        result = await writeDemoFiles(options, opts.out, progress, telephonyWriterOf(opts.format, opts.out));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === undefined) throw e;
        throw new InputError(`${opts.out}: cannot write the demo files (${(e as Error).message})`);
      }
      // The second demo month is the one that misses targets: the most to look at.
      const second = addMonths(
        Number(options.start.slice(0, 4)),
        Number(options.start.slice(5, 7)),
        Math.min(1, months - 1),
      );
      const showcase = monthLabel(second.year, second.month);
      const contractPath = join(result.dir, 'contract.yaml');
      writeFileSync(contractPath, demoContractText(readExampleContract(), options.start));
      let ingest: Record<string, unknown> | undefined;
      if (opts.ingest && run) {
        io.err('accord demo: ingesting into the store …');
        const sub = capture();
        const args = ['ingest', ...result.files.map((f) => f.path), '--json'];
        if (opts.db !== undefined) args.push('--db', opts.db);
        const code = await run(args, sub);
        for (const line of sub.stderr) io.err(line);
        if (code !== 0) throw new InputError(`storing the demo data failed (accord ingest exited ${code})`);
        ingest = JSON.parse(sub.stdout.join('')) as Record<string, unknown>;
        if (result.native !== undefined) {
          const nativeSub = capture();
          const nativeArgs = [
            'ingest',
            '--format',
            result.native.format,
            ...result.native.files.map((f) => f.path),
            '--json',
          ];
          if (opts.db !== undefined) nativeArgs.push('--db', opts.db);
          const nativeCode = await run(nativeArgs, nativeSub);
          for (const line of nativeSub.stderr) io.err(line);
          if (nativeCode !== 0)
            throw new InputError(
              `storing the demo's ${result.native.format} files failed (accord ingest exited ${nativeCode})`,
            );
          const n = JSON.parse(nativeSub.stdout.join('')) as Record<string, number>;
          for (const key of ['read', 'inserted', 'updated', 'unchanged', 'rejected'])
            ingest[key] = Number(ingest[key] ?? 0) + Number(n[key] ?? 0);
        }
        // The demo's partner owns the systems its records come from, so the API and the dashboard see them.
        const text = readFileSync(contractPath, 'utf8');
        const sources = [
          ...new Set([...DEMO_SOURCES, ...(result.native === undefined ? [] : [result.native.format])]),
        ].sort();
        const imported = await withStore(opts.db, (store) =>
          importContract(store, text, contractPath, operatorActor(), now(), sources),
        );
        io.err(`accord demo: ${importSentence(imported)}; its partner owns ${sources.join(', ')}`);
      }
      const seconds = (performance.now() - started) / 1000;
      const last = addMonths(
        Number(options.start.slice(0, 4)),
        Number(options.start.slice(5, 7)),
        months - 1,
      );
      const end = monthLabel(last.year, last.month);
      io.err(`accord demo: done in ${seconds.toFixed(1)} s`);
      if (opts.json) {
        printJson(io, {
          dir: result.dir,
          start: options.start,
          end,
          months,
          contactsPerMonth,
          seed,
          files: result.files,
          // The same keys as the helpdesk formats' run: the system, and its files to import with --format.
          ...(result.native === undefined
            ? {}
            : { format: result.native.format, pages: result.native.files.map((f) => f.path) }),
          counts: result.counts,
          contract: contractPath,
          ingest: ingest ?? null,
          dashboard: ingest ? dashboardAddress() : null,
        });
        return;
      }
      const db = opts.db === undefined ? '' : ` --db ${opts.db}`;
      const width = Math.max(...result.files.map((f) => f.path.length));
      io.out(
        [
          `Demo data for ${options.start}${months > 1 ? ` to ${end}` : ''} (seed ${seed}) written to ${result.dir}:`,
          ...result.files.map((f) => `  ${f.path.padEnd(width)}  ${thousands(f.rows).padStart(11)} rows`),
          ...(result.native === undefined
            ? []
            : [
                `  and ${result.native.files.length} ${result.native.format} files (${thousands(result.native.files.reduce((n, f) => n + f.records, 0))} records): npx accord ingest --format ${result.native.format} …`,
              ]),
          `  ${contractPath.padEnd(width)}  the demo contract (examples/contract.yaml, in force from ${options.start})`,
          '',
          ingest
            ? `Stored: ${thousands(Number(ingest.inserted))} inserted, ${thousands(Number(ingest.updated))} updated, ${thousands(Number(ingest.unchanged))} unchanged.`
            : 'Nothing stored (--no-ingest).',
          '',
          'Next:',
          ...(ingest
            ? [`  npx accord evaluate --contract ${contractPath} --period ${showcase}${db}`]
            : result.native !== undefined
              ? [
                  // A system's own files are read by its connector into a store, not by --data.
                  `  npx accord ingest ${result.files.map((f) => f.path).join(' ')}${db}`,
                  `  npx accord ingest --format ${result.native.format} ${shellList(result.native.files.map((f) => f.path))}${db}`,
                  `  npx accord evaluate --contract ${contractPath} --period ${showcase}${db}`,
                ]
              : [
                  `  npx accord evaluate --contract ${contractPath} --period ${showcase} ${result.files.map((f) => `--data ${f.path}`).join(' ')}`,
                ]),
          `  npx accord contract explain ${contractPath}`,
          `  npx accord status${db}`,
          ...(ingest
            ? [
                '',
                // The spec's promise: the demo says where the dashboard is (serve's defaults).
                `Dashboard: npx accord serve${db}, then open ${dashboardAddress()}`,
              ]
            : []),
        ].join('\n'),
      );
    });
}

/** Where `accord serve` answers with its defaults (PORT and ACCORD_HOST as serve reads them). */
function dashboardAddress(): string {
  const host = process.env.ACCORD_HOST ?? '127.0.0.1';
  const port = process.env.PORT ?? '8080';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/** Paths for a command line: a few as they are, many as the glob of their common beginning. */
function shellList(paths: readonly string[]): string {
  if (paths.length <= 4) return paths.join(' ');
  let common = paths[0] ?? '';
  for (const p of paths) while (!p.startsWith(common)) common = common.slice(0, -1);
  return `${common}*`;
}

/** `contactsPerMonth: …` → `contacts-per-month: …` (the problems name the options' fields). */
function optionName(problem: string): string {
  return problem.replace(/^contactsPerMonth/, 'contacts-per-month');
}
