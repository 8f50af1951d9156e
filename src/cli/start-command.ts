/**
 * `accord start` (what `npm start` runs): the quickest way to see Accord work. With an empty store it
 * creates the demo (three months of synthetic data and the demo contract) and stores it; then it judges
 * the demo month that misses its targets, shows the result, and serves the HTTP API with the demo
 * contract in force (`accord serve`), until stopped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatContractError } from '../domain/contract/check.js';
import { checkContractText } from '../ingest/contract-text.js';
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

export function registerStartCommand(program: Command, io: Io, run: RunCommand): void {
  program
    .command('start')
    .description('set up the demo when the store is empty, then show an evaluation of it')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--port <port>', 'port of the HTTP API', process.env.PORT ?? '8080')
    .option('--no-serve', 'only set up and show the demo, do not start the server')
    .action(async (opts: StartOptions) => {
      portOf(opts.port);
      const dbArgs = opts.db === undefined ? [] : ['--db', opts.db];
      const counts = await withStore(opts.db, (store) => store.records.count());
      const demoContract = join(DEFAULT_DEMO_DIR, 'contract.yaml');
      if (counts.contacts === 0 || !existsSync(demoContract)) {
        io.err('accord start: the store is empty; creating the demo (3 months, 50,000 contacts a month) …');
        const code = await run(['demo', ...dbArgs], io);
        if (code !== 0) throw new InputError(`the demo could not be created (accord demo exited ${code})`);
      } else {
        io.err(
          `accord start: the store holds ${counts.contacts.toLocaleString('en-US')} contacts; using them`,
        );
      }
      const files = readdirSync(DEFAULT_DEMO_DIR)
        .filter((f) => f.endsWith('.csv'))
        .sort();
      const data = files.flatMap((f) => ['--data', join(DEFAULT_DEMO_DIR, f)]);
      const period = showcasePeriod(demoContract);
      io.out(`\nThe demo month ${period}, judged against ${demoContract}:\n`);
      const code = await run(['evaluate', '--contract', demoContract, '--period', period, ...data], io);
      if (code !== 0) throw new InputError(`the evaluation failed (accord evaluate exited ${code})`);
      io.out(
        [
          '',
          'Try next:',
          `  npx accord contract explain ${demoContract} --lang nl`,
          `  npx accord evaluate --contract ${demoContract} --period ${period} ${data.join(' ')} --json`,
          `  npx accord volume --period ${period} --contract ${demoContract}`,
          '  npx accord staffing --volume 100 --interval 30m --aht 180s --target 80/20',
          '  npx accord status',
          '',
        ].join('\n'),
      );
      if (!opts.serve) return;
      // The API, with the demo contract imported and in force (docs/api.md). Runs until Ctrl-C.
      const served = await run(['serve', '--port', opts.port, '--contract', demoContract, ...dbArgs], io);
      if (served !== 0) throw new InputError(`the server stopped (accord serve exited ${served})`);
    });
}

/** The second month of the demo (the one that misses targets): the month after the contract starts. */
function showcasePeriod(contractFile: string): string {
  const r = checkContractText(readFileSync(contractFile, 'utf8'), contractFile);
  if (!r.ok)
    throw new InputError(
      `${contractFile}: the demo contract is not valid`,
      r.errors.map(formatContractError),
    );
  const [year, month] = [
    Number(r.contract.effectiveFrom.slice(0, 4)),
    Number(r.contract.effectiveFrom.slice(5, 7)),
  ];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}
