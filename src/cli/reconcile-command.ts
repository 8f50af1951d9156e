/**
 * `accord reconcile --format zendesk|freshdesk --contract FILE FILE…`: where the source's own SLA verdicts
 * (Zendesk's breach events, Freshdesk's escalation flags) and Accord's differ, contact by contact, and why
 * (services/reconcile.service.ts). Differences are findings, not errors: exit 0 when the files could be
 * read, 1 when they could not.
 */
import { type Command, Option } from 'commander';
import { LANGS, type Lang } from '../domain/contract/types.js';
import { CONNECTOR_FORMATS, type ConnectorFormat } from '../ingest/connectors/connector.js';
import { formatRecordError } from '../ingest/read-records.js';
import { asOfOf } from '../services/evaluation.service.js';
import { reconcile, reconcileText } from '../services/reconcile.service.js';
import { loadContractFiles } from './evaluate-command.js';
import { type Io, printJson } from './output.js';

interface ReconcileOptions {
  format: ConnectorFormat;
  contract: string[];
  period?: string[];
  asOf?: string;
  lang: Lang;
  json?: boolean;
}

// No default list: commander then reports a missing --contract itself.
const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerReconcileCommand(program: Command, io: Io): void {
  program
    .command('reconcile')
    .description(
      "where a source's own SLA verdicts and Accord's differ, per contact, and why (docs/connectors.md)",
    )
    .argument('<files...>', "the source's export files or API pages, as for npx accord ingest --format")
    .addOption(
      new Option('--format <format>', 'the source system').choices(CONNECTOR_FORMATS).makeOptionMandatory(),
    )
    .requiredOption('--contract <file>', 'contract file (repeat for several versions)', collect)
    .option(
      '--period <period>',
      'a period to compare (repeatable; default: the periods of the contacts)',
      collect,
    )
    .option('--as-of <instant>', 'judge as at this instant (default: now)')
    .addOption(new Option('--lang <lang>', 'language of the reasons').choices(LANGS).default('en'))
    .option('--json', 'print the report as one JSON document')
    .addHelpText(
      'after',
      '\nExample:\n  npx accord reconcile --format zendesk --contract examples/contract.yaml pages/*.json',
    )
    .action(async (files: string[], opts: ReconcileOptions) => {
      const versions = loadContractFiles(opts.contract);
      const doc = await reconcile({
        format: opts.format,
        files,
        versions,
        asOf: asOfOf(opts.asOf, Date.now(), '--as-of'),
        ...(opts.period === undefined ? {} : { periods: opts.period }),
        lang: opts.lang,
      });
      if (opts.json) printJson(io, doc);
      else {
        for (const line of reconcileText(doc, opts.lang)) io.out(line);
        if (doc.errors.length > 0) io.err(doc.errors.slice(0, 20).map(formatRecordError).join('\n'));
      }
    });
}
