/**
 * `accord report`: one period's report as HTML, PDF, XLSX or CSV (interfaces.md, docs/reports.md). The
 * records are read exactly as `accord evaluate` reads them — `--data` files through its loader, else the
 * store through `operatorPeriodDocument` — and the report is built from that evaluation's documents.
 */
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { LANGS, type Lang } from '../domain/contract/types.js';
import { parseInstant } from '../domain/time/instant.js';
import { parseDataArgument, readSurveyComments } from '../ingest/load-data.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../reports/index.js';
import { periodOf, refuseNotStarted } from '../services/evaluation.service.js';
import {
  commentRange,
  keepsComments,
  operatorReport,
  reportOfEvaluation,
} from '../services/report.service.js';
import { InputError, UsageError } from './errors.js';
import { evaluateDataFiles, loadContractFiles } from './evaluate-command.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

interface ReportOptions {
  contract: string[];
  period: string;
  format: ReportFormat;
  out: string;
  asOf?: string;
  data: string[];
  db?: string;
  lang: Lang;
  json?: boolean;
}

async function modelFromFiles(opts: ReportOptions, now: () => number) {
  // The document `accord evaluate --data --json` prints (rejected rows among the warnings), with the
  // records behind every row.
  const { versions, output, evaluation, asOf, data, digest } = await evaluateDataFiles(
    { ...opts, breaches: [], allBreaches: true },
    now,
  );
  const comments = keepsComments(versions, output.version)
    ? await readSurveyComments(
        opts.data.map(parseDataArgument).flatMap(({ file, kind }) => (kind ? [{ file, kind }] : [])),
        commentRange(evaluation.result.period, asOf),
      )
    : undefined;
  return reportOfEvaluation(evaluation, versions, asOf, output, comments, {
    asOf,
    data,
    dataDigest: digest,
  });
}

async function modelFromStore(opts: ReportOptions, now: () => number) {
  const versions = loadContractFiles(opts.contract);
  let asOf = now();
  if (opts.asOf !== undefined) {
    const r = parseInstant(opts.asOf);
    if (!r.ok) throw new InputError(`--as-of: "${opts.asOf}" ${r.reason}`);
    asOf = r.ms;
  }
  const period = periodOf(versions, opts.period, '--period');
  refuseNotStarted(versions, period, asOf);
  return withStore(opts.db, (store) => operatorReport(store, versions, period, asOf));
}

function write(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`--out: cannot write ${path} (${code ?? (e as Error).message})`);
  }
}

export function registerReportCommand(program: Command, io: Io, now: () => number = Date.now): void {
  program
    .command('report')
    .description(
      'one period of a contract as a report: every metric, its trend, volume, quality and the statement',
    )
    .requiredOption(
      '--contract <file...>',
      'contract files, one per version: --contract v1.yaml v2.yaml (or the flag repeated)',
    )
    .requiredOption('--period <period>', 'the period to report: 2026-10, 2026-Q4, 2026-W53')
    .addOption(
      new Option('--format <format>', 'the file format').choices([...REPORT_FORMATS]).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'the file to write')
    .option('--as-of <iso>', 'judge open contacts at this instant (default: now)')
    .option(
      '--data <file...>',
      'read records from these files instead of the store (contacts.csv, KIND=FILE): --data a.csv b.csv',
      [],
    )
    .option('--db <url>', `without --data, read the records from the store: ${DB_OPTION_HELP}`)
    .addOption(new Option('--lang <lang>', 'language of the report').choices([...LANGS]).default('en'))
    .option('--json', 'print what was written as one JSON document')
    .addHelpText(
      'after',
      '\nExample:\n  npx accord report --contract examples/contract.yaml --period 2026-10 --format pdf --out october.pdf --data data/demo/*.csv',
    )
    .action(async (opts: ReportOptions) => {
      if (opts.contract.length === 0)
        throw new UsageError("required option '--contract <file...>' not specified");
      if (opts.data.length > 0 && opts.db !== undefined)
        throw new UsageError('choose one source of records: --data FILE… or --db URL');
      const model = opts.data.length > 0 ? await modelFromFiles(opts, now) : await modelFromStore(opts, now);
      const report = await renderReport(model, opts.format, opts.lang);
      write(opts.out, report.bytes);
      const summary = {
        out: opts.out,
        format: opts.format,
        lang: opts.lang,
        bytes: report.bytes.length,
        contract: model.contract.id,
        version: model.contract.version,
        period: model.period.name,
        provisional: model.period.provisional,
        asOf: model.asOf,
        contractDigest: model.contractDigest,
        inputDigest: model.inputDigest,
      };
      if (opts.json) printJson(io, summary);
      else io.out(`accord report: wrote ${opts.out} (${opts.format}, ${report.bytes.length} bytes)`);
    });
}
