/**
 * The live monitor with its delivery worker, as `accord serve` and `accord monitor` run them: every alert
 * raised wakes the worker, which sends what the outbox holds (mail, webhooks; docs/delivery.md).
 */
import type { AlertMessage } from '../domain/monitor/alert.js';
import { createDeliveryWorker } from '../notify/alert-sender.js';
import type { Store } from '../store/index.js';
import { Monitor, type MonitorOptions } from './monitor.js';

export interface LiveMonitor {
  readonly monitor: Monitor;
  stop(): Promise<void>;
}

export interface LiveMonitorOptions extends Omit<MonitorOptions, 'store' | 'onRaised'> {
  readonly onRaised?: (alerts: readonly AlertMessage[], at: number) => void;
}

/** Starts the monitor and the delivery worker on `store`; `stop` ends both (the store stays open). */
export async function startLiveMonitor(store: Store, options: LiveMonitorOptions = {}): Promise<LiveMonitor> {
  const log = options.log;
  const worker = createDeliveryWorker(store, {
    ...(options.now === undefined ? {} : { now: options.now }),
    onError: (e) => log?.(`delivery: ${(e as Error).message}`),
  });
  void worker.start();
  const monitor = new Monitor({
    ...options,
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
