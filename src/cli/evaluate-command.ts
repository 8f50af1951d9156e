/** `accord evaluate`: judge one period, with the history it needs (interfaces.md). */
import type { Command } from 'commander';
import { formatContractError } from '../domain/contract/check.js';
import type { Contract, MetricKind } from '../domain/contract/types.js';
import { EvaluationError, evaluate } from '../domain/evaluation/evaluate.js';
import { evaluationJson } from '../domain/evaluation/json.js';
import { fieldsUsed } from '../domain/evaluation/population.js';
import { isPercentageKind } from '../domain/kpis/index.js';
import { parseInstant } from '../domain/time/instant.js';
import { checkContractText } from '../ingest/contract-text.js';
import { loadDataFiles, parseDataArgument } from '../ingest/load-data.js';
import { nodeSha256 } from '../ingest/sha256.js';
import { type PeriodDocument, periodDocument, storedContract } from '../services/closing.service.js';
import { evaluateFromStore, evaluationDocument, periodOf } from '../services/evaluation.service.js';
import { InputError, UsageError } from './errors.js';
import { readText } from './files.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function loadContractFile(path: string): Contract {
  const r = checkContractText(readText(path), path);
  if (!r.ok) throw new InputError(`${path}: invalid contract`, r.errors.map(formatContractError));
  return r.contract;
}

interface EvaluateOptions {
  contract: string[];
  period: string;
  asOf?: string;
  data: string[];
  db?: string;
  json?: boolean;
  breaches: string[];
}

/** A value as people read it: percentages for percentage kinds, seconds for averages, plain otherwise. */
function display(value: number | null, kind: string): string {
  if (value === null) return '—';
  if (isPercentageKind(kind as MetricKind)) return `${(value * 100).toFixed(1)}%`;
  if (kind === 'average') return `${value.toFixed(1)} s`;
  if (kind === 'compliance') return String(value);
  return value.toFixed(2);
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
 * through the evaluation service the API uses. When the store holds the contract, its scope applies as in
 * the API (its partner's sources, without the contacts both parties agreed to exclude), so both give the
 * same document; otherwise every source counts.
 */
export async function evaluateStore(
  opts: Pick<EvaluateOptions, 'contract' | 'period' | 'asOf' | 'db' | 'breaches'>,
  now: () => number = Date.now,
) {
  const versions = opts.contract.map(loadContractFile);
  const asOf = asOfOf(opts.asOf, now);
  const period = periodOf(versions, opts.period, '--period');
  const doc: PeriodDocument = await withStore(opts.db, async (store) => {
    const stored = await storedContract(store, versions[0]!.id);
    if (stored !== undefined) return periodDocument(store, stored, versions, period, asOf, opts.breaches);
    const [e] = await evaluateFromStore(store, versions, [period], asOf);
    return evaluationDocument(e!, { asOf, breaches: opts.breaches });
  });
  return { versions, doc, output: doc };
}

export async function evaluateDataFiles(
  opts: Pick<EvaluateOptions, 'contract' | 'period' | 'asOf' | 'data' | 'breaches'>,
  now: () => number = Date.now,
) {
  const versions = opts.contract.map(loadContractFile);
  const asOf = asOfOf(opts.asOf, now);
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
  const doc = evaluationJson(evaluation, { asOf, breaches: opts.breaches });
  const rejected = errors.map((e) => ({
    code: 'rejected_row',
    contact: null,
    message: `${e.file}:${e.line} ${e.field ?? ''}${e.field ? ': ' : ''}${e.message}`,
  }));
  const output = { ...doc, warnings: [...rejected, ...doc.warnings] };
  return { versions, doc, output };
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
    .addHelpText(
      'after',
      '\nExample:\n  npx accord evaluate --contract examples/contract.yaml --period 2026-10 --data data/demo/contacts.csv --json',
    )
    .action(async (opts: EvaluateOptions) => {
      if (opts.data.length > 0 && opts.db !== undefined) {
        throw new UsageError('choose one source of records: --data FILE… or --db URL');
      }
      const { versions, doc, output } =
        opts.data.length > 0 ? await evaluateDataFiles(opts, now) : await evaluateStore(opts, now);
      if (opts.json) {
        printJson(io, output);
        return;
      }
      if ('closed' in doc && doc.closed !== undefined)
        io.err(`accord evaluate: ${doc.period} is closed: these are the figures both parties agreed to`);
      const judgedBy = versions.find((v) => v.version === doc.version) ?? versions[versions.length - 1]!;
      const kinds = new Map(judgedBy.metrics.map((m) => [m.id, m.kind]));
      const lines = [`${doc.contract} v${doc.version} — period ${doc.period}, as of ${doc.asOf}`, ''];
      for (const m of doc.metrics) {
        const split = m.split
          ? ` [${Object.entries(m.split)
              .map(([k, v]) => `${k}=${v ?? '?'}`)
              .join(', ')}]`
          : '';
        const kind = kinds.get(m.id) ?? 'rate';
        const status = m.judged ? (m.met ? 'met' : 'MISSED') : `not judged (${m.reason})`;
        lines.push(
          `  ${(m.id + split).padEnd(44)} ${display(m.value, kind).padStart(9)}  target ${display(m.target, kind).padStart(7)}  ${status}`,
        );
      }
      if (doc.statement) {
        lines.push(
          '',
          `  fee ${doc.statement.fee}  credits −${doc.statement.credits}  earn-back +${doc.statement.earnBack}  bonus +${doc.statement.bonus}  payable ${doc.statement.payable} ${doc.credits?.currency ?? ''}`,
        );
        for (const l of doc.credits?.lines ?? [])
          lines.push(`    credit ${l.metric}: ${l.amount} (${l.rule})`);
      }
      if (output.warnings.length > 0)
        lines.push('', `  ${output.warnings.length} data warning(s); --json lists them`);
      io.out(lines.join('\n'));
    });
}
