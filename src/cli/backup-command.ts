/**
 * `accord backup --out FILE`: an online backup of a SQLite store (the server may keep running and writing),
 * a single file that `accord … --db sqlite:FILE` opens as it is. PostgreSQL: pg_dump (docs/deployment.md).
 */
import type { Command } from 'commander';
import { backupStore, refuseBackupOf } from '../services/backup.service.js';
import { resolveStoreUrl } from '../store/index.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

export function registerBackupCommand(program: Command, io: Io): void {
  program
    .command('backup')
    .description('copy a SQLite store while it is in use into one file (PostgreSQL: pg_dump)')
    .requiredOption('--out <file>', 'the backup file to write (never overwritten)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print {"file", "bytes", "integrity"}')
    .addHelpText(
      'after',
      '\nExamples:\n  npx accord backup --db sqlite:data/accord.db --out backups/accord-2026-12-07.db\n' +
        '  restore: stop the server, copy the file back in place of the store (docs/deployment.md)',
    )
    .action(async (opts: { out: string; db?: string; json?: boolean }) => {
      // Before opening: opening a PostgreSQL URL would create (and migrate) its schema.
      refuseBackupOf(resolveStoreUrl(opts.db));
      await withStore(opts.db, async (store) => {
        const result = await backupStore(store, opts.out);
        if (opts.json) printJson(io, result);
        else
          io.out(
            `backed up ${store.description} to ${result.file} (${result.bytes.toLocaleString('en-US')} bytes, integrity ${result.integrity})`,
          );
      });
    });
}
