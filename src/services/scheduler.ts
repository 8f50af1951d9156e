/**
 * The scheduler inside `accord serve` (docs/action-plans.md, Schedules): one timer set for the next
 * instant something is due — a scheduled report or an action becoming overdue — not polling. When it
 * fires it sends the due reports and raises the overdue alerts, then sets the timer again. A change of a
 * schedule or an action through this process pokes it to plan again; a change made by another instance
 * is seen at the latest after REPLAN_MS. Sending twice is prevented by the store (schedules.service.ts),
 * not by the timer, so several instances may run one each.
 */

import type { Store } from '../store/index.js';
import { type AlertSink, nextOverdueAt, raiseOverdueActions } from './action-plans.service.js';
import { nextScheduledAt, type ReportDelivery, type RunOutcome, runDueReports } from './schedules.service.js';

/** The longest the timer waits before planning again (another instance's changes, new contracts). */
export const REPLAN_MS = 6 * 3_600_000;
/** After a failed round (the store unreachable, the outbox refusing), the next waits at least this long. */
export const RETRY_AFTER_FAILURE_MS = 60_000;
/** setTimeout holds at most 2^31-1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

export interface SchedulerOptions {
  readonly store: Store;
  readonly now: () => number;
  /** Sends scheduled reports; without it (no SMTP server configured) no report run is due or recorded. */
  readonly deliver?: ReportDelivery | undefined;
  readonly raise?: AlertSink;
  /** Names this process in the run records. */
  readonly instance: string;
  readonly onRound?: (outcomes: readonly RunOutcome[], alerts: number) => void;
  readonly onError?: (e: unknown) => void;
}

export interface Scheduler {
  /** Plan again now (a schedule or an action changed). */
  poke(): void;
  /** The instant the timer is set for, or undefined while a round runs. */
  readonly nextAt: number | undefined;
  /** Waits for the round in progress, if any. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { store, now } = options;
  let timer: NodeJS.Timeout | undefined;
  let nextAt: number | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let failed = false;

  async function plan(): Promise<void> {
    const t = now();
    const reports = options.deliver === undefined ? undefined : await nextScheduledAt(store, t);
    const candidates = [reports, await nextOverdueAt(store, t), t + REPLAN_MS];
    const due = Math.min(...candidates.filter((c): c is number => c !== undefined));
    // Something still due after a failed round would fire again at once: wait a while instead.
    const at = failed ? Math.max(due, t + RETRY_AFTER_FAILURE_MS) : due;
    if (stopped) return;
    nextAt = at;
    clearTimeout(timer);
    timer = setTimeout(fire, Math.min(Math.max(at - now(), 0), MAX_TIMER_MS));
    timer.unref?.();
  }

  async function round(): Promise<void> {
    const t = now();
    const outcomes =
      options.deliver === undefined ? [] : await runDueReports(store, t, options.deliver, options.instance);
    const alerts = await raiseOverdueActions(store, t, options.raise);
    options.onRound?.(outcomes, alerts.length);
  }

  function fire(): void {
    nextAt = undefined;
    running = running
      .then(round)
      .then(
        () => {
          failed = false;
        },
        (e: unknown) => {
          failed = true;
          options.onError?.(e);
        },
      )
      .then(() => plan())
      .catch((e: unknown) => {
        // Not even the plan could be made (the store unreachable): try again later rather than never.
        options.onError?.(e);
        if (stopped) return;
        nextAt = now() + RETRY_AFTER_FAILURE_MS;
        timer = setTimeout(fire, RETRY_AFTER_FAILURE_MS);
        timer.unref?.();
      });
  }

  fire();
  return {
    poke: () => {
      if (stopped) return;
      clearTimeout(timer);
      fire();
    },
    get nextAt() {
      return nextAt;
    },
    idle: () => running,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
