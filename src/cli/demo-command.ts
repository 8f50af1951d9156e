/**
 * `accord demo`: synthetic months of contact-centre data for the example contract, written as CSV files
 * (one per kind of record) that `accord ingest` reads (docs/demo-data.md). Without `--start` the months
 * end with the current month, read from the CLI's clock; the generator itself never reads the time.
 * Progress goes to stderr, the result to stdout (one JSON document with `--json`).
 */
import type { Command } from 'commander';
import {
  addMonths,
  DEMO_DEFAULTS,
  type DemoOptions,
  demoOptionProblems,
  monthLabel,
  parseMonth,
} from '../demo/plan.js';
import type { DemoProgress } from '../demo/sink.js';
import { type DemoFiles, writeDemoFiles } from '../demo/write-files.js';
import { isoFromDayNumber, localDayOf } from '../domain/time/zone.js';
import { InputError, UsageError } from './errors.js';
import { type Io, printJson } from './output.js';

export const DEFAULT_DEMO_DIR = 'data/demo';

interface DemoCommandOptions {
  months: string;
  contactsPerMonth: string;
  seed: string;
  start?: string;
  out: string;
  json?: boolean;
}

const WHOLE = /^\d+$/;
const SIGNED = /^-?\d+$/;

function whole(text: string, option: string, example: string): number {
  const t = text.trim().replaceAll('_', '');
  const v = Number(t);
  if (!WHOLE.test(t) || !Number.isSafeInteger(v))
    throw new UsageError(`${option}: "${text}" is not a whole number (${example})`);
  return v;
}

/** The first of `months` months that end with the month in which `nowMs` falls, in `zone`. */
export function defaultStart(nowMs: number, months: number, zone: string): string {
  const today = isoFromDayNumber(localDayOf(zone, nowMs));
  const first = addMonths(Number(today.slice(0, 4)), Number(today.slice(5, 7)), -(months - 1));
  return monthLabel(first.year, first.month);
}

const thousands = (n: number) => n.toLocaleString('en-US');

export function registerDemoCommands(program: Command, io: Io, now: () => number = Date.now): void {
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
    .option('--out <dir>', 'folder for the CSV files', DEFAULT_DEMO_DIR)
    .option('--json', 'print {"dir", "start", "months", "seed", "files", "counts"}')
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
        throw new UsageError(`--seed: "${opts.seed}" is not a whole number (e.g. --seed 42)`);
      if (opts.start !== undefined && parseMonth(opts.start) === undefined)
        throw new UsageError(`--start: "${opts.start}" is not a month (YYYY-MM, e.g. --start 2026-09)`);
      const timezone = DEMO_DEFAULTS.timezone;
      const options: DemoOptions = {
        start: opts.start?.trim() ?? defaultStart(now(), Math.max(1, months), timezone),
        months,
        contactsPerMonth,
        seed,
        timezone,
      };
      const problems = demoOptionProblems(options);
      if (problems.length > 0) throw new UsageError(problems.map((p) => `--${optionName(p)}`).join('; '));

      const started = performance.now();
      let month = '';
      const progress = (p: DemoProgress) => {
        if (p.month === month) return;
        month = p.month;
        io.err(`accord demo: generating ${p.month} (${p.monthIndex + 1}/${p.months}) …`);
      };
      let result: DemoFiles;
      try {
        result = await writeDemoFiles(options, opts.out, progress);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === undefined) throw e;
        throw new InputError(`${opts.out}: cannot write the demo files (${(e as Error).message})`);
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
          counts: result.counts,
        });
        return;
      }
      const width = Math.max(...result.files.map((f) => f.path.length));
      io.out(
        [
          `Demo data for ${options.start}${months > 1 ? ` to ${end}` : ''} (seed ${seed}) written to ${result.dir}:`,
          ...result.files.map((f) => `  ${f.path.padEnd(width)}  ${thousands(f.rows).padStart(11)} rows`),
        ].join('\n'),
      );
    });
}

/** `contactsPerMonth: …` → `contacts-per-month: …` (the problems name the options' fields). */
function optionName(problem: string): string {
  return problem.replace(/^contactsPerMonth/, 'contacts-per-month');
}
