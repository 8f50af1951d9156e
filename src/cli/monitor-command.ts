/**
 * `accord monitor [--db URL]`: the live monitor alone, a worker process (docs/monitor.md) — running clocks,
 * escalation and the delivery of alerts (mail through ACCORD_SMTP_URL from ACCORD_MAIL_FROM, webhooks) —
 * until SIGINT or SIGTERM, which finish the work in hand and exit 0. Several on one PostgreSQL: one works,
 * the others wait for the lead.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { startLiveMonitor } from '../monitor/live.js';
import { startScheduledWork } from '../notify/scheduled-work.js';
import type { Io } from './output.js';
import { DB_OPTION_HELP, openCliStore } from './store-options.js';

/** Resolves at the first SIGINT or SIGTERM; keeps the process alive until then (the monitor's timers do not). */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    const alive = setInterval(() => undefined, 2 ** 30);
    const stop = () => {
      clearInterval(alive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerMonitorCommand(program: Command, io: Io): void {
  program
    .command('monitor')
    .description(
      'run the live monitor alone until stopped: clocks, escalation, alert mails and webhooks, scheduled reports (ACCORD_SMTP_URL, ACCORD_MAIL_FROM)',
    )
    .option('--db <url>', DB_OPTION_HELP)
    .addHelpText(
      'after',
      '\n`npx accord serve` runs the monitor in-process unless --no-monitor.\n\nExamples:\n  npx accord monitor\n  ACCORD_SMTP_URL=smtp://mail:25 npx accord monitor --db postgres://accord@db/accord',
    )
    .action(async (opts: { db?: string }) => {
      const store = await openCliStore(opts.db);
      try {
        const stopped = untilStopped();
        const live = await startLiveMonitor(store, { log: (line) => io.err(`accord monitor: ${line}`) });
        // Scheduled reports and overdue actions too (docs/action-plans.md): beside a `serve`, each run is
        // claimed once in the store, so the two never send the same report twice.
        const logger = pino(
          { level: process.env.ACCORD_LOG_LEVEL ?? 'info', base: { service: 'accord-monitor' } },
          pino.destination(2),
        );
        const work = startScheduledWork(store, Date.now, logger);
        io.err(`accord monitor: watching ${store.description}`);
        await stopped;
        io.err('accord monitor: stopping');
        await live.stop();
        await work.stop();
      } finally {
        await store.close();
      }
    });
}
