/**
 * `accord alerts list CONTRACT [--state open|acknowledged|all]` and `accord alerts ack ID`: the alerts the
 * live monitor raised, and acknowledging one as the operator (its escalation stops; the audit log names
 * the operator).
 */
import { type Command, Option } from 'commander';
import {
  type AlertFilter,
  type AlertJson,
  acknowledgeAlertAsOperator,
  alertJson,
  statesOf,
} from '../services/alerts.service.js';
import { findContract } from '../services/contracts.service.js';
import { type Io, printJson } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

function alertLine(a: AlertJson): string {
  const about = a.contact === null ? (a.period ?? '') : `${a.contact.source}/${a.contact.key}`;
  const ack = a.acknowledgedAt === null ? '' : `, acknowledged ${a.acknowledgedAt} by ${a.acknowledgedBy}`;
  return `${a.id}  ${a.state.padEnd(12)}  level ${a.level} ${a.kind.padEnd(14)}  ${a.metric ?? '-'}  ${about}  due ${a.dueAt}${ack}`;
}

export function registerAlertsCommands(program: Command, io: Io, now: () => number = Date.now): void {
  const alerts = program.command('alerts').description("the live monitor's alerts");
  alerts
    .command('list')
    .description('the alerts of a contract, newest first')
    .argument('<contract>', 'contract id')
    .addOption(
      new Option('--state <state>', 'only these').choices(['open', 'acknowledged', 'all']).default('all'),
    )
    .option('--organisation <id or name>', 'the client organisation, when several have this contract id')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print {"alerts": [...]}')
    .action(
      async (
        id: string,
        opts: { state: AlertFilter; organisation?: string; db?: string; json?: boolean },
      ) => {
        const list = await withStore(opts.db, async (store) => {
          const contract = await findContract(store, id, opts.organisation);
          const states = statesOf(opts.state);
          const rows = await store.alerts.list(
            contract.organisationId,
            contract.id,
            states === undefined ? {} : { states },
          );
          return rows.map(alertJson);
        });
        if (opts.json) printJson(io, { alerts: list });
        else if (list.length === 0)
          io.out(`no ${opts.state === 'all' ? '' : `${opts.state} `}alerts for ${id}`);
        else for (const a of list) io.out(alertLine(a));
      },
    );
  alerts
    .command('ack')
    .description('acknowledge an alert: its escalation stops (again: no change)')
    .argument('<id>', 'the alert id (npx accord alerts list shows it)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print the alert')
    .action(async (id: string, opts: { db?: string; json?: boolean }) => {
      const a = await withStore(opts.db, (store) => acknowledgeAlertAsOperator(store, id, cliActor(), now()));
      if (opts.json) printJson(io, a);
      else io.out(`alert ${a.id} acknowledged at ${a.acknowledgedAt} by ${a.acknowledgedBy}`);
    });
}
