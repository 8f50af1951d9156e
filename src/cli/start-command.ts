/**
 * `accord start` (what `npm start` runs): the quickest way to see Accord work. With an empty store it
 * creates the demo (three months of synthetic data and the demo contract, whose partner owns the demo's
 * sources) and stores it; a store that holds data is used as it is. Then it says what it judges (which
 * contract, which period, from which store) and the headline of the figures, exactly as the API shows that
 * evaluation, and serves the HTTP API (`accord serve`) with that contract in force, until stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { addMonths, MONTH_ROLES, monthLabel } from '../demo/plan.js';
import { DEMO_SOURCES } from '../demo/sources.js';
import { formatContractError } from '../domain/contract/check.js';
import type { Contract } from '../domain/contract/types.js';
import { parsePeriod } from '../domain/period.js';
import { formatInstant } from '../domain/time/instant.js';
import { checkContractText } from '../ingest/contract-text.js';
import { importContract } from '../services/contracts.service.js';
import { headlineOf, judgeForStart, type StartJudgement } from '../services/start.service.js';
import { operatorActor } from './contract-import-command.js';
import { DEFAULT_DEMO_DIR, type RunCommand } from './demo-command.js';
import { InputError } from './errors.js';
import type { Io } from './output.js';
import { portOf } from './serve-command.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

interface StartOptions {
  db?: string;
  port: string;
  serve: boolean;
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** Why a metric is not judged, in words. */
const REASONS: Readonly<Record<string, string>> = {
  volume_band: "volume above the forecast's band",
  no_data: 'no data',
  minimum_sample: 'too few records',
};

export function registerStartCommand(
  program: Command,
  io: Io,
  run: RunCommand,
  now: () => number = Date.now,
): void {
  program
    .command('start')
    .description(
      'set up the demo when the store is empty, say what it judges and how it came out, then serve the API',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option('--port <port>', 'port of the HTTP API', process.env.PORT ?? '8080')
    .option('--no-serve', 'only set up and show the evaluation, do not start the server')
    .action(async (opts: StartOptions) => {
      portOf(opts.port);
      const dbArgs = opts.db === undefined ? [] : ['--db', opts.db];
      const counts = await withStore(opts.db, (store) => store.records.count());
      const demoContract = join(DEFAULT_DEMO_DIR, 'contract.yaml');
      if (counts.contacts === 0) {
        io.err('accord start: the store is empty; creating the demo (3 months, 50,000 contacts a month) …');
        const code = await run(['demo', ...dbArgs], io);
        if (code !== 0) throw new InputError(`the demo could not be created (accord demo exited ${code})`);
      } else {
        io.err(
          `accord start: the store holds ${thousands(counts.contacts)} contacts; using them (no new demo)`,
        );
      }
      // The demo's contract when its files are here, else what the store holds.
      const file = existsSync(demoContract) ? demoContract : undefined;
      const versions = file === undefined ? undefined : [readContract(file)];
      const at = now();
      const { judged, description } = await withStore(opts.db, async (store) => {
        if (file !== undefined) {
          // The demo's partner owns the demo's sources (those no other partner owns), so that the API and
          // this evaluation read its records also in a store filled by `accord ingest` of the demo files.
          const owners = await store.tenancy.ownersOf(DEMO_SOURCES);
          const free = DEMO_SOURCES.filter((s) => !owners.has(s));
          await importContract(store, readFileSync(file, 'utf8'), file, operatorActor(), at, free);
        }
        return { judged: await judgeForStart(store, versions, at), description: store.description };
      });
      if (judged === undefined) {
        io.out(
          [
            `The store ${description} holds ${thousands(counts.contacts)} contacts but no contract, so there is nothing to judge yet.`,
            '',
            'Next:',
            `  npx accord contract import FILE --source SOURCE…${dbArgs.map((a) => ` ${a}`).join('')}   # your contract; its partner owns your records' sources`,
            `  npx accord status${dbArgs.map((a) => ` ${a}`).join('')}`,
            '',
          ].join('\n'),
        );
      } else {
        io.out(summary(judged, description, file, dbArgs));
      }
      if (!opts.serve) return;
      // The API, with the judged contract in force (docs/api.md). Runs until Ctrl-C.
      const contractArgs = file === undefined ? [] : ['--contract', file];
      const served = await run(['serve', '--port', opts.port, ...contractArgs, ...dbArgs], io);
      if (served !== 0) throw new InputError(`the server stopped (accord serve exited ${served})`);
    });
}

function readContract(file: string): Contract {
  const r = checkContractText(readFileSync(file, 'utf8'), file);
  if (!r.ok) throw new InputError(`${file}: the contract is not valid`, r.errors.map(formatContractError));
  return r.contract;
}

/** What was judged, its headline, and what to try next. */
function summary(
  judged: StartJudgement,
  description: string,
  file: string | undefined,
  dbArgs: readonly string[],
): string {
  const doc = judged.document;
  const c = judged.versions.find((v) => v.version === doc.version) ?? judged.versions.at(-1)!;
  const h = headlineOf(doc);
  const which = judged.ended
    ? `${doc.period}, its last period that has ended`
    : `${doc.period}, its first period (not ended yet: the figures are provisional)`;
  const db = dbArgs.map((a) => ` ${a}`).join('');
  const contractArg = file ?? 'FILE';
  const lines = [
    '',
    `Judged: contract ${doc.contract} v${doc.version} between ${c.client} and ${c.partner}${file === undefined ? ' (stored)' : ` (${file})`}`,
    `        period ${which}`,
    `        records from the store ${description}, as of ${doc.asOf}; the API shows the same evaluation`,
    '',
    `  ${h.metrics} metrics: ${h.met} met, ${h.missed.length} missed, ${h.notJudged.length} not judged`,
  ];
  if (h.missed.length > 0) lines.push(`  missed: ${h.missed.join(', ')}`);
  if (h.notJudged.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const n of h.notJudged) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.id]);
    for (const [reason, ids] of byReason)
      lines.push(`  not judged (${REASONS[reason] ?? reason}): ${ids.join(', ')}`);
  }
  if (h.statement !== null)
    lines.push(
      `  fee ${h.statement.fee}, credits ${h.statement.credits}, payable ${h.statement.payable} ${h.currency ?? ''}`.trimEnd(),
    );
  for (const w of h.unowned) lines.push(`  warning: ${w}`);
  if (h.warnings > h.unowned.length)
    lines.push(`  ${h.warnings - h.unowned.length} data warning(s); --json lists them`);
  // The demo's campaign month (by its default roles): a peak above the forecast's band excuses the phone
  // targets. Shown once it has begun and when it is not the month judged above; while it runs, judged as of
  // its end (the demo holds the whole month already), so that the peak is in the figures.
  const first = judged.versions[0]!.effectiveFrom;
  const m = addMonths(Number(first.slice(0, 4)), Number(first.slice(5, 7)), MONTH_ROLES.indexOf('campaign'));
  const campaign = parsePeriod(monthLabel(m.year, m.month), c.timezone)!;
  const asOf = Date.parse(doc.asOf);
  const campaignHint =
    file === undefined || c.period !== 'month' || campaign.name === doc.period || campaign.start > asOf
      ? []
      : [
          `  npx accord evaluate --contract ${file} --period ${campaign.name}${campaign.end > asOf ? ` --as-of ${formatInstant(campaign.end, c.timezone)}` : ''}${db}   # the campaign month: its peak excuses the phone targets`,
        ];
  const next = [
    `  npx accord evaluate --contract ${contractArg} --period ${doc.period}${db}   # every metric${file === undefined ? ' (FILE: the contract file)' : ''}`,
    ...campaignHint,
    ...(file === undefined
      ? []
      : [
          `  npx accord contract explain ${file} --lang nl`,
          `  npx accord volume --period ${doc.period} --contract ${file}${db}`,
        ]),
    '  npx accord staffing --volume 100 --interval 30m --aht 180s --target 80/20',
    `  npx accord status${db}`,
  ];
  lines.push('', 'Try next:', ...next, '');
  return lines.join('\n');
}
