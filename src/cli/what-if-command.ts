/**
 * `accord contract what-if FILE [--periods N] [--closed] [--as-of ISO] [--db URL] [--json]`: a new version of
 * a stored contract, as a file, replayed over the last ended (or closed) periods beside the signed versions
 * (services/what-if.service.ts; the API's `GET …/versions/{n}/what-if` gives the same document).
 */
import type { Command } from 'commander';
import { checkContractText } from '../ingest/contract-text.js';
import { findContract } from '../services/contracts.service.js';
import { asOfOf } from '../services/evaluation.service.js';
import { MAX_WHAT_IF_PERIODS, type WhatIfDocument, whatIf } from '../services/what-if.service.js';
import { invalidContract } from './contract-command.js';
import { InputError } from './errors.js';
import { readText } from './files.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

interface WhatIfOptions {
  periods: string;
  closed?: boolean;
  asOf?: string;
  organisation?: string;
  db?: string;
  json?: boolean;
}

function periodsOf(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_WHAT_IF_PERIODS)
    throw new InputError(`--periods: "${text}" is not a number of periods from 1 to ${MAX_WHAT_IF_PERIODS}`);
  return n;
}

const signed = (amount: string) => (amount.startsWith('-') ? amount : `+${amount}`);

/** One line per period and a total: payable as it is, as it would be, and the difference. */
export function whatIfLines(doc: WhatIfDocument): string[] {
  const v = doc.proposed.version;
  const head = `${doc.contract}: version ${v} replayed from ${doc.proposed.replayedFrom} beside version ${doc.inForce.version} (as of ${doc.asOf})`;
  const rows = doc.periods.map((p) => {
    const now = p.current.statement?.payable ?? '–';
    const then = p.proposed.statement?.payable ?? '–';
    const changes = p.changedVerdicts.map(
      (id) => `${id} ${p.current.verdicts[id] ?? 'absent'} → ${p.proposed.verdicts[id] ?? 'absent'}`,
    );
    const diff = p.difference === null ? '' : `  ${signed(p.difference.payable)}`;
    return [
      `  ${p.period}  payable ${now} → ${then}${diff}${p.closed === null ? '' : `  (closed at ${p.closed.payable ?? '?'})`}`,
      ...changes.map((c) => `           ${c}`),
    ];
  });
  const t = doc.totals;
  return [
    head,
    ...rows.flat(),
    `  total    payable ${t.current.payable} → ${t.proposed.payable}  ${signed(t.difference.payable)} (credits ${signed(t.difference.credits)}, earn-back ${signed(t.difference.earnBack)}, bonus ${signed(t.difference.bonus)})`,
  ];
}

export function registerWhatIfCommand(contract: Command, io: Io, now: () => number = Date.now): void {
  contract
    .command('what-if')
    .description(
      'replay a new version of a stored contract over the last ended (or closed) periods beside the signed versions: verdicts and money side by side',
    )
    .argument('<file>', 'the new version (YAML or JSON) of a contract in the store')
    .option('--periods <n>', `how many periods, the latest first (1 to ${MAX_WHAT_IF_PERIODS})`, '3')
    .option('--closed', 'the last periods both parties closed, instead of the last ended ones')
    .option('--as-of <iso>', 'judge at this instant (default: now)')
    .option('--organisation <id or name>', 'the client organisation, when several have this contract id')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print the what-if document of GET …/versions/{n}/what-if')
    .addHelpText('after', '\nExample:\n  npx accord contract what-if contract-v2.yaml --periods 3')
    .action(async (file: string, opts: WhatIfOptions) => {
      const periods = periodsOf(opts.periods);
      const at = asOfOf(opts.asOf, now(), '--as-of');
      const r = checkContractText(readText(file), file);
      if (!r.ok) throw invalidContract(file, r.errors);
      const doc = await withStore(opts.db, async (store) =>
        whatIf(
          store,
          await findContract(store, r.contract.id, opts.organisation),
          { contract: r.contract, status: 'file', digest: r.digest },
          { periods, closed: opts.closed === true },
          at,
        ),
      );
      if (opts.json) printJson(io, doc);
      else io.out(whatIfLines(doc).join('\n'));
    });
}
