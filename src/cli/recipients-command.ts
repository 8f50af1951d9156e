/**
 * Who receives a contract's alerts, and the alert deliveries, from the command line (docs/delivery.md), on
 * the same services as the API. The operator acts for one party (`--side`, default client).
 *
 *   accord recipients set CONTRACT WHO [--email ADDR]... [--webhook URL]... [--lang en|nl|de] [--side client|partner]
 *   accord recipients list CONTRACT [--who WHO]
 *   accord deliveries list [--state pending|sent|dead] [--contract C] [--limit N]
 *   accord deliveries retry DELIVERY
 */
import { type Command, Option } from 'commander';
import {
  deliveryJson,
  listDeliveriesAsOperator,
  retryDeliveryAsOperator,
} from '../services/alert-delivery.service.js';
import { findContract, operatorPrincipal } from '../services/contracts.service.js';
import { ServiceError } from '../services/errors.js';
import { listRecipients, recipientsJson, setRecipients } from '../services/recipients.service.js';
import type { DeliveryState } from '../store/index.js';
import { UsageError } from './errors.js';
import { type Io, printJson } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

interface StoreOptions {
  db?: string;
  organisation?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function withCommon(cmd: Command): Command {
  return cmd.option('--db <url>', DB_OPTION_HELP).option('--json', 'print the result as one JSON document');
}

type Groups = ReturnType<typeof recipientsJson>['recipients'];

function groupLines(groups: Groups): string {
  if (groups.length === 0) return 'no recipients';
  return groups
    .map((g) =>
      [
        `${g.who} (${g.side}, ${g.language})`,
        ...g.emails.map((e) => `  e-mail   ${e}`),
        ...g.webhooks.map((w) => `  webhook  ${w}`),
        ...(g.emails.length + g.webhooks.length === 0 ? ['  (none)'] : []),
      ].join('\n'),
    )
    .join('\n');
}

function registerRecipientCommands(program: Command, io: Io, now: () => number): void {
  const recipients = program.command('recipients').description("who receives a contract's alerts");
  withCommon(
    recipients
      .command('set')
      .description(
        "replace your side's e-mail addresses and webhooks of an escalation name (none: remove them)",
      )
      .argument('<contract>', 'contract id')
      .argument('<who>', 'a name of the contract\'s escalation, e.g. "partner team lead"')
      .option('--email <addr>', 'an e-mail address (repeat for more)', collect, [])
      .option(
        '--webhook <url>',
        'a webhook URL, http(s); #format=json|slack|teams|messagecard to choose the payload (repeat for more)',
        collect,
        [],
      )
      .addOption(
        new Option('--lang <lang>', 'the language of their alerts').choices(['en', 'nl', 'de']).default('en'),
      )
      .addOption(
        new Option('--side <side>', 'the party you act for').choices(['client', 'partner']).default('client'),
      )
      .option('--organisation <id or name>', 'the client organisation, when several have this contract id'),
  ).action(
    async (
      id: string,
      who: string,
      opts: StoreOptions & { email: string[]; webhook: string[]; lang: string; side: 'client' | 'partner' },
    ) => {
      const result = await withStore(opts.db, async (store) => {
        const contract = await findContract(store, id, opts.organisation);
        return setRecipients(
          store,
          operatorPrincipal(contract, opts.side, cliActor()),
          contract,
          who,
          { emails: opts.email, webhooks: opts.webhook, language: opts.lang },
          now(),
          { emails: '--email', webhooks: '--webhook', language: '--lang' },
        );
      });
      const doc = { ...recipientsJson(id, result.entries, true), warnings: result.warnings };
      if (opts.json) printJson(io, doc);
      else {
        io.out(
          result.entries.length === 0
            ? `${result.who} (${result.side}): no recipients`
            : groupLines(doc.recipients),
        );
        for (const w of result.warnings) io.err(`warning: ${w}`);
      }
    },
  );
  withCommon(
    recipients
      .command('list')
      .description("the recipients of a contract's alerts, both sides")
      .argument('<contract>', 'contract id')
      .option('--who <name>', 'only this escalation name')
      .option('--organisation <id or name>', 'the client organisation, when several have this contract id'),
  ).action(async (id: string, opts: StoreOptions & { who?: string }) => {
    const doc = await withStore(opts.db, async (store) => {
      const contract = await findContract(store, id, opts.organisation);
      return recipientsJson(contract.id, await listRecipients(store, contract, opts.who), true);
    });
    if (opts.json) printJson(io, doc);
    else io.out(groupLines(doc.recipients));
  });
}

/** Several organisations holding the contract id is fine for a list: it shows them all. */
function rethrowUnlessAmbiguous(e: unknown): void {
  if (e instanceof ServiceError && e.kind === 'invalid') return;
  throw e;
}

function deliveryLine(d: ReturnType<typeof deliveryJson>): string {
  return `${d.id}  ${d.state.padEnd(7)}  ${d.contract}  ${d.kind} L${d.level}  ${d.channel} ${d.target}  attempts ${d.attempts}${d.lastError === null ? '' : `  last error: ${d.lastError}`}`;
}

function registerDeliveryCommands(program: Command, io: Io, now: () => number): void {
  const deliveries = program
    .command('deliveries')
    .description('alert deliveries by e-mail and webhook: the dead letters, and sending one again');
  withCommon(
    deliveries
      .command('list')
      .description('deliveries, newest first (--state dead: every attempt failed)')
      .addOption(new Option('--state <state>', 'only these').choices(['pending', 'sent', 'dead']))
      .option('--contract <id>', 'only this contract')
      .option('--limit <n>', 'at most this many (1-500, default 100)'),
  ).action(async (opts: StoreOptions & { state?: DeliveryState; contract?: string; limit?: string }) => {
    let limit: number | undefined;
    if (opts.limit !== undefined) {
      limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new UsageError(
          `--limit must be a whole number from 1 to 500, not "${opts.limit.slice(0, 20)}"`,
        );
    }
    const list = await withStore(opts.db, async (store) => {
      // a contract that is not in the store is a mistake, not an empty list
      if (opts.contract !== undefined) await findContract(store, opts.contract).catch(rethrowUnlessAmbiguous);
      return listDeliveriesAsOperator(store, { state: opts.state, contract: opts.contract, limit });
    });
    const out = list.map((d) => deliveryJson(d, true));
    if (opts.json) printJson(io, { deliveries: out });
    else io.out(out.length === 0 ? 'no deliveries' : out.map(deliveryLine).join('\n'));
  });
  withCommon(
    deliveries
      .command('retry')
      .description(
        'send a dead delivery again: pending now, its attempts from zero (a running worker takes it within a minute)',
      )
      .argument('<delivery>', 'delivery id (dlv_…)'),
  ).action(async (id: string, opts: StoreOptions) => {
    const d = await withStore(opts.db, (store) => retryDeliveryAsOperator(store, id, cliActor(), now()));
    if (opts.json) printJson(io, deliveryJson(d, true));
    else io.out(deliveryLine(deliveryJson(d, true)));
  });
}

export function registerAlertDeliveryCommands(program: Command, io: Io, now: () => number = Date.now): void {
  registerRecipientCommands(program, io, now);
  registerDeliveryCommands(program, io, now);
}
