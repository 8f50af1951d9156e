/** `accord evaluate`: judge one period, with the history it needs (interfaces.md). */
import { type Command, Option } from 'commander';
import { formatContractError } from '../domain/contract/check.js';
import { type Contract, LANGS, type Lang } from '../domain/contract/types.js';
import { firstVersionClash } from '../domain/contract/versions.js';
import { DataIndex, type ReplacedRows } from '../domain/evaluation/data-index.js';
import { EvaluationError, evaluate, versionInForce } from '../domain/evaluation/evaluate.js';
import { evaluationJson } from '../domain/evaluation/json.js';
import { fieldsUsed } from '../domain/evaluation/population.js';
import type { DataWarning } from '../domain/evaluation/types.js';
import { RECORD_KEY_FIELDS } from '../domain/record-keys.js';
import { RECORD_KINDS } from '../domain/records.js';
import { parseInstant } from '../domain/time/instant.js';
import { isoFromDayNumber } from '../domain/time/zone.js';
import { checkContractText } from '../ingest/contract-text.js';
import { loadDataFiles, parseDataArgument } from '../ingest/load-data.js';
import { nodeSha256 } from '../ingest/sha256.js';
import { LOCALES } from '../locales/index.js';
import { operatorPeriodDocument, type PeriodDocument } from '../services/closing.service.js';
import { periodOf, refuseNotStarted, requireMetrics } from '../services/evaluation.service.js';
import { InputError, UsageError } from './errors.js';
import { evaluationText } from './evaluate-text.js';
import { readText } from './files.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function loadContractFile(path: string): Contract {
  return readContractFile(path).contract;
}

function readContractFile(path: string): { contract: Contract; digest: string } {
  const r = checkContractText(readText(path), path);
  if (!r.ok) throw new InputError(`${path}: invalid contract`, r.errors.map(formatContractError));
  return r;
}

/**
 * The versions of `--contract` files: two files of the same version with different contents are refused,
 * as `contract import` refuses them (the domain's one check); the same text twice counts once.
 */
export function loadContractFiles(paths: readonly string[]): Contract[] {
  const read = paths.map((path) => ({ path, ...readContractFile(path) }));
  const clash = firstVersionClash(
    read.map((r) => ({
      label: r.path,
      contract: r.contract.id,
      version: r.contract.version,
      digest: r.digest,
    })),
  );
  if (clash) throw new InputError(clash);
  const byDigest = new Map(read.map((r) => [r.digest, r.contract]));
  return [...byDigest.values()];
}

interface EvaluateOptions {
  contract: string[];
  period: string;
  asOf?: string;
  data: string[];
  db?: string;
  json?: boolean;
  breaches: string[];
  lang: Lang;
}

/**
 * `accord evaluate --data`: reads the contracts and the files, evaluates, and returns the JSON document as
 * printed (rejected rows first among the warnings). The benchmarks call it to time the command's own path.
 */
function asOfOf(text: string | undefined, now: () => number): number {
  if (text === undefined) return now();
  const r = parseInstant(text);
  if (!r.ok) throw new InputError(`--as-of: "${text}" ${r.reason}`);
  return r.ms;
}

function run(input: Parameters<typeof evaluate>[0]): ReturnType<typeof evaluate> {
  try {
    return evaluate(input);
  } catch (e) {
    if (e instanceof EvaluationError) throw new InputError(e.message);
    throw e;
  }
}

/**
 * `accord evaluate` without `--data`: the records come from the store (`--db`, ACCORD_DB or the default)
 * through the evaluation service the API uses (`operatorPeriodDocument`): the contract's partner's
 * sources only, as in the API, so both give the same document.
 */
export async function evaluateStore(
  opts: Pick<EvaluateOptions, 'contract' | 'period' | 'asOf' | 'db' | 'breaches'>,
  now: () => number = Date.now,
) {
  const versions = loadContractFiles(opts.contract);
  const asOf = asOfOf(opts.asOf, now);
  const period = periodOf(versions, opts.period, '--period');
  refuseNotStarted(versions, period, asOf);
  requireMetrics(versions, period, opts.breaches);
  const doc: PeriodDocument = await withStore(opts.db, (store) =>
    operatorPeriodDocument(store, versions, period, asOf, opts.breaches),
  );
  return { versions, doc, output: doc };
}

/**
 * One `replaced_rows` warning per kind of which rows repeat the source and key of an earlier row (in the
 * files in the order given): the later row counts, as `accord ingest` of the same files updates the stored
 * record (docs/evaluation.md).
 */
export function replacedRowWarnings(replaced: ReplacedRows): DataWarning[] {
  return RECORD_KINDS.filter((kind) => replaced[kind] > 0).map((kind) => {
    const n = replaced[kind];
    return {
      code: 'replaced_rows',
      contact: null,
      message: `${kind}: ${n} row${n === 1 ? ' repeats' : 's repeat'} the (${RECORD_KEY_FIELDS[kind].join(', ')}) of an earlier row: the later row counts, as the store keeps it after npx accord ingest`,
    };
  });
}

export async function evaluateDataFiles(
  opts: Pick<EvaluateOptions, 'contract' | 'period' | 'asOf' | 'data' | 'breaches'> & {
    /** List the records behind every metric's rows (a report's drill-down). */
    allBreaches?: boolean;
  },
  now: () => number = Date.now,
) {
  const versions = loadContractFiles(opts.contract);
  const asOf = asOfOf(opts.asOf, now);
  // Refused before the files are read: a period that has not started, a metric the period does not judge.
  const period = periodOf(versions, opts.period, '--period');
  refuseNotStarted(versions, period, asOf);
  requireMetrics(versions, period, opts.breaches);
  const breaches = opts.allBreaches
    ? (versionInForce(versions, isoFromDayNumber(period.firstDay))?.metrics.map((m) => m.id) ?? [])
    : opts.breaches;
  const files = opts.data.map((arg) => {
    const { file, kind } = parseDataArgument(arg);
    if (!kind)
      throw new InputError(
        `--data: cannot tell the kind of records in "${file}": name it contacts.csv, surveys.csv … or write KIND=${file}`,
      );
    return { file, kind };
  });
  // Only the contact fields the contracts read are kept in memory.
  const { data, errors, digest } = await loadDataFiles(files, { fields: fieldsUsed(versions) });
  const fatal = errors.filter((e) => e.line === 0);
  if (fatal.length > 0)
    throw new InputError(
      'cannot read the data',
      fatal.map((e) => `${e.file}: ${e.message}`),
    );
  const evaluation = run({
    versions,
    period: opts.period,
    asOf,
    data,
    dataDigest: digest,
    sha256: nodeSha256,
  });
  const doc = evaluationJson(evaluation, { asOf, breaches });
  const rejected = errors.map((e) => ({
    code: 'rejected_row',
    contact: null,
    message: `${e.file}:${e.line} ${e.field ?? ''}${e.field ? ': ' : ''}${e.message}`,
  }));
  const output = {
    ...doc,
    warnings: [...rejected, ...replacedRowWarnings(DataIndex.of(data).replaced), ...doc.warnings],
  };
  return { versions, doc, output, evaluation, asOf, data, digest };
}

export function registerEvaluateCommand(program: Command, io: Io, now: () => number = Date.now): void {
  program
    .command('evaluate')
    .description('judge one period of a contract: every metric, verdicts, credits, bonus and the statement')
    .requiredOption(
      '--contract <file...>',
      'contract files, one per version: --contract v1.yaml v2.yaml (or the flag repeated)',
    )
    .requiredOption('--period <period>', 'the period to judge: 2026-10, 2026-Q4, 2026-W53')
    .option('--as-of <iso>', 'judge open contacts at this instant (default: now)')
    .option(
      '--data <file...>',
      'read records from these files instead of the store (contacts.csv, KIND=FILE): --data a.csv b.csv',
      [],
    )
    .option('--db <url>', `without --data, read the records from the store: ${DB_OPTION_HELP}`)
    .option('--breaches <metric>', 'list the records that count against this metric; repeatable', collect, [])
    .option('--json', 'print the evaluation as one JSON document')
    .addOption(new Option('--lang <lang>', 'language of the text output').choices([...LANGS]).default('en'))
    .addHelpText(
      'after',
      '\nExample:\n  npx accord evaluate --contract examples/contract.yaml --period 2026-10 --data data/demo/contacts.csv --json',
    )
    .action(async (opts: EvaluateOptions) => {
      // The option's default ([]) satisfies commander's check of a required option.
      if (opts.contract.length === 0)
        throw new UsageError("required option '--contract <file...>' not specified");
      if (opts.data.length > 0 && opts.db !== undefined) {
        throw new UsageError('choose one source of records: --data FILE… or --db URL');
      }
      const { versions, doc, output } =
        opts.data.length > 0 ? await evaluateDataFiles(opts, now) : await evaluateStore(opts, now);
      // Records that no partner owns are in no figure, and rows that replaced earlier ones change figures:
      // the text output says so in full, not only counted.
      if (!opts.json)
        for (const w of output.warnings)
          if (w.code === 'unowned_source' || w.code === 'replaced_rows')
            io.err(`accord evaluate: warning: ${w.message}`);
      if (opts.json) {
        printJson(io, output);
        return;
      }
      if ('closed' in doc && doc.closed !== undefined)
        io.err(`accord evaluate: ${LOCALES[opts.lang].evaluation.closed(doc.period)}`);
      io.out(evaluationText({ ...doc, warnings: output.warnings }, versions, opts.lang));
    });
}
