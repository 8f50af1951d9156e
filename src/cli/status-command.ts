/**
 * `accord status`: how many records of each kind the store holds, and which sources hold records that no
 * partner owns (once the store knows a partner): no contract's evaluation reads those.
 */
import type { Command } from 'commander';
import { RECORD_KINDS } from '../domain/records.js';
import {
  partnerCount,
  recordsText,
  unownedSourceAdvice,
  unownedSources,
} from '../services/tenancy.service.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

export function registerStatusCommand(program: Command, io: Io): void {
  program
    .command('status')
    .description('the number of records of each kind in the store, and sources that no partner owns')
    .option('--db <url>', DB_OPTION_HELP)
    .option(
      '--json',
      'print {"contacts": …, "status_events": …, …, "unownedSources": [{"source", "records": {…}}]}',
    )
    .action(async (opts: { db?: string; json?: boolean }) => {
      await withStore(opts.db, async (store) => {
        const counts = await store.records.count();
        // Without any partner, nothing is owned yet and every source counts (`accord evaluate --db`).
        const unowned = (await partnerCount(store)) === 0 ? [] : await unownedSources(store);
        if (opts.json) {
          printJson(io, { ...counts, unownedSources: unowned });
          return;
        }
        const width = Math.max(...RECORD_KINDS.map((k) => k.length));
        const lines = [
          `store ${store.description}`,
          ...RECORD_KINDS.map((k) => `  ${k.padEnd(width)}  ${counts[k]}`),
        ];
        if (unowned.length > 0)
          lines.push(
            '',
            `warning: ${unowned.length === 1 ? 'a source' : `${unowned.length} sources`} that no partner owns: no contract's evaluation reads their records`,
            ...unowned.map(
              (u) => `  ${u.source}: ${recordsText(u.records)}; ${unownedSourceAdvice(u.source)}`,
            ),
          );
        io.out(lines.join('\n'));
      });
    });
}
