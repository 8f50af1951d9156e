/**
 * The scheduled work of a long-running Accord process (`accord serve`, and `accord monitor` where it runs):
 * scheduled reports mailed with ACCORD_SMTP_URL (notify's settings) and overdue actions raised into the
 * delivery outbox, on one timer (services/scheduler.ts; docs/action-plans.md). One call, so that every
 * process that runs it runs it the same way.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { type Scheduler, startScheduler } from '../services/scheduler.js';
import type { Store } from '../store/index.js';
import { notifierSettingsFromEnv } from './alert-sender.js';
import { reportMailer } from './report-mail.js';

export interface ScheduledWork {
  readonly scheduler: Scheduler;
  stop(): Promise<void>;
}

export function startScheduledWork(
  store: Store,
  now: () => number,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): ScheduledWork {
  const notifier = notifierSettingsFromEnv(env);
  const mailer =
    notifier.mail === null
      ? undefined
      : reportMailer(store, notifier.mail, { now, publicUrl: notifier.publicUrl });
  const scheduler = startScheduler({
    store,
    now,
    deliver: mailer?.deliver,
    raise: async (tx, alert) => {
      await tx.deliveries.enqueue(alert);
    },
    instance: `${hostname()}:${process.pid}`,
    onRound: (outcomes, alerts) => {
      for (const o of outcomes)
        if (o.status !== 'skipped') logger.info({ event: 'scheduled_report', ...o }, 'scheduled report');
      if (alerts > 0) logger.info({ event: 'action_overdue', alerts }, 'overdue actions alerted');
    },
    onError: (e) =>
      logger.error(
        { event: 'scheduler', err: e instanceof Error ? e.message : String(e) },
        'scheduler round failed',
      ),
  });
  return {
    scheduler,
    stop: async () => {
      await scheduler.stop().catch(() => undefined);
      mailer?.close();
    },
  };
}
