/** `accord status`: how many records of each kind the store holds. */
import type { Command } from 'commander';
import { RECORD_KINDS } from '../domain/records.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

export function registerStatusCommand(program: Command, io: Io): void {
  program
    .command('status')
    .description('the number of records of each kind in the store')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print {"contacts": …, "status_events": …, …}')
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const counts = await store.records.count();
        if (opts.json) {
          printJson(io, counts);
          return;
        }
        const width = Math.max(...RECORD_KINDS.map((k) => k.length));
        io.out(
          [
            `store ${store.description}`,
            ...RECORD_KINDS.map((k) => `  ${k.padEnd(width)}  ${counts[k]}`),
          ].join('\n'),
        );
      });
    });
}
