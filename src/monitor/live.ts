/**
 * The live monitor with its delivery worker, as `accord serve` and `accord monitor` run them: every alert
 * raised wakes the worker, which sends what the outbox holds (mail, webhooks; docs/delivery.md).
 */
import type { AlertMessage } from '../domain/monitor/alert.js';
import { createDeliveryWorker, type NotifierSettings } from '../notify/alert-sender.js';
import type { Store } from '../store/index.js';
import { Monitor, type MonitorOptions } from './monitor.js';

export interface LiveMonitor {
  readonly monitor: Monitor;
  stop(): Promise<void>;
}

export interface LiveMonitorOptions extends Omit<MonitorOptions, 'store' | 'onRaised'> {
  readonly onRaised?: (alerts: readonly AlertMessage[], at: number) => void;
  /** Default: from the environment (ACCORD_SMTP_URL, ACCORD_MAIL_FROM, ACCORD_PUBLIC_URL). */
  readonly notifier?: NotifierSettings;
}

/** Starts the monitor and the delivery worker on `store`; `stop` ends both (the store stays open). */
export async function startLiveMonitor(store: Store, options: LiveMonitorOptions = {}): Promise<LiveMonitor> {
  const { log, notifier, ...monitorOptions } = options;
  const worker = createDeliveryWorker(store, {
    ...(notifier === undefined ? {} : { settings: notifier }),
    ...(options.now === undefined ? {} : { now: options.now }),
    onError: (e) => log?.(`delivery: ${(e as Error).message}`),
  });
  void worker.start();
  const monitor = new Monitor({
    ...monitorOptions,
    ...(log === undefined ? {} : { log }),
    store,
    onRaised: (alerts, at) => {
      worker.wake();
      options.onRaised?.(alerts, at);
    },
  });
  await monitor.start();
  return {
    monitor,
    stop: async () => {
      await monitor.stop();
      await worker.stop();
    },
  };
}
