/**
 * Period close and disputes from the command line, on the same service as the API (contract.md, Closing
 * and disputes). The operator acts for one party (`--side client|partner`); the audit log names them.
 *
 *   accord period show CONTRACT PERIOD
 *   accord period close CONTRACT PERIOD --side client --as-of ISO --input-digest sha256:…
 *   accord dispute list CONTRACT [--status proposed|agreed|rejected]
 *   accord dispute raise CONTRACT CONTACT --side client --reason spam|test|duplicate|other [--source S] [--note …]
 *   accord dispute decide CONTRACT DISPUTE --side partner (--agree | --reject)
 */
import { type Command, Option } from 'commander';
import {
  agreeToClose,
  closeJson,
  type DisputeReason,
  decideDispute,
  disputeJson,
  getClose,
  listDisputes,
  raiseDispute,
} from '../services/closing.service.js';
import { findContract, operatorPrincipal } from '../services/contracts.service.js';
import { asOfOf } from '../services/evaluation.service.js';
import type { Dispute, Store } from '../store/index.js';
import { UsageError } from './errors.js';
import { type Io, printJson } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

export interface StoreOptions {
  db?: string;
  organisation?: string;
  json?: boolean;
}

type Side = 'client' | 'partner';

export const sideOption = () =>
  new Option('--side <side>', 'the party you act for').choices(['client', 'partner']).makeOptionMandatory();

export function withCommon(cmd: Command): Command {
  return cmd
    .option('--organisation <id or name>', 'the client organisation, when several have this contract id')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print the result as one JSON document');
}

export async function withContract<T>(
  id: string,
  opts: StoreOptions,
  fn: (store: Store, contract: Awaited<ReturnType<typeof findContract>>) => Promise<T>,
): Promise<T> {
  return withStore(opts.db, async (store) => fn(store, await findContract(store, id, opts.organisation)));
}

function closeLines(c: ReturnType<typeof closeJson>): string {
  const who = (a: { at: string; by: string } | null) => (a === null ? 'not yet' : `${a.at} by ${a.by}`);
  return [
    `${c.contract} ${c.period}: ${c.status}${c.closedAt === null ? '' : ` at ${c.closedAt}`}`,
    `  figures as of ${c.asOf}, input ${c.inputDigest}`,
    `  client agreed: ${who(c.agreements.client)}`,
    `  partner agreed: ${who(c.agreements.partner)}`,
    ...(c.statement === null ? [] : [`  payable ${c.statement.payable ?? '?'}`]),
  ].join('\n');
}

function disputeLine(d: ReturnType<typeof disputeJson>): string {
  return `${d.id}  ${d.status.padEnd(8)}  ${d.source}/${d.contact}  ${d.reason}${d.note === null ? '' : ` (${d.note})`}  raised by the ${d.raised.side} ${d.raised.at}`;
}

function registerPeriodCommands(program: Command, io: Io, now: () => number): void {
  const period = program.command('period').description('close a judgement period with the other party');
  withCommon(
    period
      .command('show')
      .description('the close of a period: proposed by one party, or closed by both')
      .argument('<contract>', 'contract id')
      .argument('<period>', '2026-10, 2026-Q4, 2026-W53'),
  ).action(async (id: string, name: string, opts: StoreOptions) => {
    const c = closeJson(await withContract(id, opts, (store, contract) => getClose(store, contract, name)));
    if (opts.json) printJson(io, c);
    else io.out(closeLines(c));
  });
  withCommon(
    period
      .command('close')
      .description("agree to close a period on the figures reviewed (the evaluation's asOf and inputDigest)")
      .argument('<contract>', 'contract id')
      .argument('<period>', '2026-10, 2026-Q4, 2026-W53')
      .addOption(sideOption())
      .requiredOption('--as-of <iso>', 'the asOf of the evaluation you reviewed')
      .requiredOption('--input-digest <digest>', 'the inputDigest of the evaluation you reviewed (sha256:…)'),
  )
    .addHelpText(
      'after',
      '\nReview the figures first: npx accord evaluate --contract FILE --period P --as-of ISO --json prints asOf and inputDigest.',
    )
    .action(
      async (
        id: string,
        name: string,
        opts: StoreOptions & { side: Side; asOf: string; inputDigest: string },
      ) => {
        const at = now();
        const asOf = asOfOf(opts.asOf, at, '--as-of');
        const { close } = await withContract(id, opts, (store, contract) =>
          agreeToClose(
            store,
            operatorPrincipal(contract, opts.side, cliActor()),
            contract,
            { period: name, asOf, asOfText: opts.asOf, inputDigest: opts.inputDigest },
            at,
          ),
        );
        const c = closeJson(close);
        if (opts.json) printJson(io, c);
        else io.out(closeLines(c));
      },
    );
}

function registerDisputeCommands(program: Command, io: Io, now: () => number): void {
  const dispute = program
    .command('dispute')
    .description("dispute a contact's inclusion; the other party decides");
  withCommon(
    dispute
      .command('list')
      .description('the disputed contacts of a contract, oldest first')
      .argument('<contract>', 'contract id')
      .addOption(new Option('--status <status>', 'only these').choices(['proposed', 'agreed', 'rejected'])),
  ).action(async (id: string, opts: StoreOptions & { status?: Dispute['status'] }) => {
    const list = await withContract(id, opts, (store, contract) =>
      listDisputes(store, contract, opts.status),
    );
    const out = list.map(disputeJson);
    if (opts.json) printJson(io, { disputes: out });
    else io.out(out.length === 0 ? 'no disputes' : out.map(disputeLine).join('\n'));
  });
  withCommon(
    dispute
      .command('raise')
      .description('ask the other party to exclude a contact from every population')
      .argument('<contract>', 'contract id')
      .argument('<contact>', "the contact's id in its source")
      .addOption(sideOption())
      .addOption(
        new Option('--reason <reason>', 'why it should not count')
          .choices(['spam', 'test', 'duplicate', 'other'])
          .makeOptionMandatory(),
      )
      .option('--source <name>', "needed when two of the partner's sources hold the id")
      .option('--note <text>', 'a note for the other party'),
  ).action(
    async (
      id: string,
      contact: string,
      opts: StoreOptions & { side: Side; reason: DisputeReason; source?: string; note?: string },
    ) => {
      const d = await withContract(id, opts, (store, contract) =>
        raiseDispute(
          store,
          operatorPrincipal(contract, opts.side, cliActor()),
          contract,
          { contact, source: opts.source, reason: opts.reason, note: opts.note },
          now(),
        ),
      );
      if (opts.json) printJson(io, disputeJson(d));
      else io.out(disputeLine(disputeJson(d)));
    },
  );
  withCommon(
    dispute
      .command('decide')
      .description('agree (the contact leaves every population) or reject a dispute of the other party')
      .argument('<contract>', 'contract id')
      .argument('<dispute>', 'dispute id (dsp_…)')
      .addOption(sideOption())
      .option('--agree', 'agree: the contact leaves every population')
      .option('--reject', 'reject: the contact keeps counting'),
  ).action(
    async (
      id: string,
      disputeId: string,
      opts: StoreOptions & { side: Side; agree?: boolean; reject?: boolean },
    ) => {
      if (opts.agree === opts.reject) throw new UsageError('choose one of --agree and --reject');
      const d = await withContract(id, opts, (store, contract) =>
        decideDispute(
          store,
          operatorPrincipal(contract, opts.side, cliActor()),
          contract,
          disputeId,
          opts.agree === true,
          now(),
        ),
      );
      if (opts.json) printJson(io, disputeJson(d));
      else io.out(disputeLine(disputeJson(d)));
    },
  );
}

export function registerClosingCommands(program: Command, io: Io, now: () => number = Date.now): void {
  registerPeriodCommands(program, io, now);
  registerDisputeCommands(program, io, now);
}
