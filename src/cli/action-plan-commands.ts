/**
 * Evaluations, action plans and report schedules from the command line, on the same services as the API
 * (docs/action-plans.md). Writes act for one party (`--side client|partner`); the audit log names them.
 *
 *   accord actions list CONTRACT [--period P]
 *   accord actions add CONTRACT --side S --what TEXT --owner client|partner [--person N] [--due D] [--metric M] [--period P]
 *   accord actions update CONTRACT ACTION --side S [--what T] [--owner O] [--person N] [--due D] [--status S] [--metric M]
 *   accord notes set CONTRACT PERIOD --side S --text TEXT
 *   accord schedule list CONTRACT
 *   accord schedule set CONTRACT week|month|quarter --side S [--weekday D | --working-day N] [--time HH:MM] [--lang L] [--enable | --disable]
 */
import { type Command, Option } from 'commander';
import {
  ACTION_STATUSES,
  type ActionJson,
  type ActionPlanView,
  actionJson,
  actionPlanOf,
  addAction,
  noteJson,
  setNotes,
  updateAction,
} from '../services/action-plans.service.js';
import { operatorPrincipal, signedVersions } from '../services/contracts.service.js';
import { listSchedules, type ScheduleJson, setSchedule } from '../services/schedules.service.js';
import type { ActionItem, ContractRecord, Store } from '../store/index.js';
import { type StoreOptions, sideOption, withCommon, withContract } from './closing-commands.js';
import { UsageError } from './errors.js';
import { type Io, printJson } from './output.js';
import { cliActor } from './store-options.js';

type Side = 'client' | 'partner';
const ownerOption = (mandatory: boolean) => {
  const o = new Option('--owner <party>', 'the party that owns the action').choices(['client', 'partner']);
  return mandatory ? o.makeOptionMandatory() : o;
};

function actionLine(a: ActionJson): string {
  const flags = [
    a.required ? 'required' : '',
    a.overdue ? 'OVERDUE' : '',
    a.carried ? `carried from ${a.period}` : '',
  ]
    .filter((f) => f !== '')
    .join(', ');
  const owner = `${a.owner.side}${a.owner.person === null ? '' : ` (${a.owner.person})`}`;
  return `${a.id}  ${a.status.padEnd(11)}  due ${a.dueDate ?? '—'}  ${owner}${a.metric === null ? '' : `  [${a.metric}]`}  ${a.what}${flags === '' ? '' : `  (${flags})`}`;
}

function planText(v: ActionPlanView): string {
  const lines = [
    `${v.contract}${v.period === null ? '' : ` ${v.period}`}: ${v.actions.length} action${v.actions.length === 1 ? '' : 's'}`,
  ];
  for (const a of v.actions) lines.push(`  ${actionLine(a)}`);
  for (const n of v.notes)
    lines.push(
      `notes ${n.period} (${n.updated.at} by ${n.updated.by}):`,
      ...n.text.split('\n').map((l) => `  ${l}`),
    );
  return lines.join('\n');
}

async function shown(
  store: Store,
  contract: ContractRecord,
  item: ActionItem,
  at: number,
): Promise<ActionJson> {
  const versions = await signedVersions(store, contract);
  return actionJson(item, versions[versions.length - 1]!.timezone, at);
}

function scheduleLine(s: ScheduleJson): string {
  const when = s.weekday !== null ? `every ${s.weekday}` : `working day ${s.workingDay}`;
  const next = s.nextRun === null ? 'no next run' : `next ${s.nextRun.at} for ${s.nextRun.period}`;
  return `${s.period.padEnd(7)}  ${when} ${s.time} ${s.timezone}  ${s.lang}  ${s.enabled ? 'on' : 'off'} (${s.source})  ${next}`;
}

function registerActions(program: Command, io: Io, now: () => number): void {
  const actions = program
    .command('actions')
    .description('action plans: actions carried from period to period until closed');
  withCommon(
    actions
      .command('list')
      .description("a period's actions (its own and those carried until closed) and notes, or every action")
      .argument('<contract>', 'contract id')
      .option('--period <period>', '2026-10, 2026-Q4, 2026-W53'),
  ).action(async (id: string, opts: StoreOptions & { period?: string }) => {
    const view = await withContract(id, opts, (store, contract) =>
      actionPlanOf(store, contract, opts.period, now()),
    );
    if (opts.json) printJson(io, view);
    else io.out(planText(view));
  });
  withCommon(
    actions
      .command('add')
      .description('add an action')
      .argument('<contract>', 'contract id')
      .addOption(sideOption())
      .requiredOption('--what <text>', 'what is to be done')
      .addOption(ownerOption(true))
      .option('--person <name>', 'who owns it at that party')
      .option('--due <date>', 'due date, YYYY-MM-DD')
      .option('--metric <id>', 'the metric it is about')
      .option('--period <period>', 'the period it is opened for (default: the judgement period running now)'),
  ).action(
    async (
      id: string,
      opts: StoreOptions & {
        side: Side;
        what: string;
        owner: Side;
        person?: string;
        due?: string;
        metric?: string;
        period?: string;
      },
    ) => {
      const at = now();
      const a = await withContract(id, opts, async (store, contract) =>
        shown(
          store,
          contract,
          await addAction(
            store,
            operatorPrincipal(contract, opts.side, cliActor()),
            contract,
            {
              what: opts.what,
              ownerSide: opts.owner,
              ownerPerson: opts.person,
              dueDate: opts.due,
              metric: opts.metric,
              period: opts.period,
            },
            at,
          ),
          at,
        ),
      );
      if (opts.json) printJson(io, a);
      else io.out(actionLine(a));
    },
  );
  withCommon(
    actions
      .command('update')
      .description('change an action: done or cancelled closes it')
      .argument('<contract>', 'contract id')
      .argument('<action>', 'action id (act_…)')
      .addOption(sideOption())
      .option('--what <text>', 'what is to be done')
      .addOption(ownerOption(false))
      .option('--person <name>', 'who owns it at that party ("" clears it)')
      .option('--due <date>', 'due date, YYYY-MM-DD ("" clears it)')
      .addOption(new Option('--status <status>', 'its status').choices(ACTION_STATUSES))
      .option('--metric <id>', 'the metric it is about ("" clears it)'),
  ).action(
    async (
      id: string,
      actionId: string,
      opts: StoreOptions & {
        side: Side;
        what?: string;
        owner?: Side;
        person?: string;
        due?: string;
        status?: string;
        metric?: string;
      },
    ) => {
      const clear = (v: string | undefined) => (v === '' ? null : v);
      if (
        [opts.what, opts.owner, opts.person, opts.due, opts.status, opts.metric].every((v) => v === undefined)
      )
        throw new UsageError(
          'nothing to change: give --what, --owner, --person, --due, --status or --metric',
        );
      const at = now();
      const a = await withContract(id, opts, async (store, contract) =>
        shown(
          store,
          contract,
          await updateAction(
            store,
            operatorPrincipal(contract, opts.side, cliActor()),
            contract,
            actionId,
            {
              what: opts.what,
              ownerSide: opts.owner,
              ownerPerson: clear(opts.person),
              dueDate: clear(opts.due),
              status: opts.status,
              metric: clear(opts.metric),
            },
            at,
          ),
          at,
        ),
      );
      if (opts.json) printJson(io, a);
      else io.out(actionLine(a));
    },
  );
}

function registerNotes(program: Command, io: Io, now: () => number): void {
  const notes = program.command('notes').description("a period's evaluation notes");
  withCommon(
    notes
      .command('set')
      .description('write the notes of a period ("" removes them)')
      .argument('<contract>', 'contract id')
      .argument('<period>', '2026-10, 2026-Q4, 2026-W53')
      .addOption(sideOption())
      .requiredOption('--text <text>', 'the notes'),
  ).action(async (id: string, period: string, opts: StoreOptions & { side: Side; text: string }) => {
    const note = await withContract(id, opts, (store, contract) =>
      setNotes(store, operatorPrincipal(contract, opts.side, cliActor()), contract, period, opts.text, now()),
    );
    const out = note === null ? { period: period.toUpperCase(), text: '', updated: null } : noteJson(note);
    if (opts.json) printJson(io, out);
    else io.out(note === null ? `notes of ${out.period} removed` : `notes of ${out.period} set`);
  });
}

function registerSchedules(program: Command, io: Io, now: () => number): void {
  const schedule = program.command('schedule').description('when reports are mailed (docs/action-plans.md)');
  withCommon(
    schedule
      .command('list')
      .description("a contract's report schedules with their next runs")
      .argument('<contract>', 'contract id'),
  ).action(async (id: string, opts: StoreOptions) => {
    const list = await withContract(id, opts, (store, contract) => listSchedules(store, contract, now()));
    if (opts.json) printJson(io, { schedules: list });
    else io.out(list.length === 0 ? 'no schedules' : list.map(scheduleLine).join('\n'));
  });
  withCommon(
    schedule
      .command('set')
      .description('set (or switch off) the schedule of a report period')
      .argument('<contract>', 'contract id')
      .argument('<kind>', 'week, month or quarter')
      .addOption(sideOption())
      .addOption(
        new Option('--weekday <day>', 'weekly: the day it runs').choices([
          'mon',
          'tue',
          'wed',
          'thu',
          'fri',
          'sat',
          'sun',
        ]),
      )
      .option('--working-day <n>', 'monthly or quarterly: the n-th working day of the contract calendar')
      .option('--time <HH:MM>', "local time in the contract's zone")
      .addOption(new Option('--lang <lang>', 'language of the report').choices(['en', 'nl', 'de']))
      .option('--enable', 'switch it on')
      .option('--disable', 'switch it off'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  npx accord schedule set acme month --side client --working-day 2 --time 08:00\n  npx accord schedule set acme week --side partner --weekday mon --time 07:30 --lang nl',
    )
    .action(
      async (
        id: string,
        kind: string,
        opts: StoreOptions & {
          side: Side;
          weekday?: string;
          workingDay?: string;
          time?: string;
          lang?: string;
          enable?: boolean;
          disable?: boolean;
        },
      ) => {
        if (opts.enable && opts.disable) throw new UsageError('--enable and --disable: give one');
        let workingDay: number | undefined;
        if (opts.workingDay !== undefined) {
          workingDay = Number(opts.workingDay);
          if (!/^\d{1,2}$/.test(opts.workingDay))
            throw new UsageError(`--working-day: "${opts.workingDay}" is not a whole number`);
        }
        const s = await withContract(id, opts, (store, contract) =>
          setSchedule(
            store,
            operatorPrincipal(contract, opts.side, cliActor()),
            contract,
            {
              period: kind,
              weekday: opts.weekday,
              workingDay,
              time: opts.time,
              lang: opts.lang,
              enabled: opts.enable ? true : opts.disable ? false : undefined,
            },
            now(),
          ),
        );
        if (opts.json) printJson(io, s);
        else io.out(scheduleLine(s));
      },
    );
}

export function registerActionPlanCommands(program: Command, io: Io, now: () => number = Date.now): void {
  registerActions(program, io, now);
  registerNotes(program, io, now);
  registerSchedules(program, io, now);
}
