/**
 * Service level (kpis.md): the share of inbound contacts answered within the threshold, on the metric's
 * clock. Abandons shorter than `abandoned.short` leave numerator and denominator; the others count as
 * `abandoned.count` says (a failure by default).
 */
import type { MetricOf } from '../contract/types.js';
import { ContactTimer, timedRules } from './contact-timer.js';
import { CONTACT_KEYS, type KpiKind, type MetricContext, type MetricRun } from './definition.js';
import { addToShare, shareFigures } from './percentage.js';
import { inboundCode, QueueExit } from './queue.js';
import { startRun } from './run.js';

type ServiceLevel = MetricOf<'service_level'>;

export const WORDING = { explain: 'kpi.service_level.explain' } as const;

/**
 * How a contact that left the queue after `wait` ms counts: a hit, a miss, or null when it does not count
 * at all. One judge per metric, its rules read once.
 */
export function exitJudge(m: ServiceLevel): (answered: boolean, wait: number) => boolean | null {
  const threshold = m.thresholdMs;
  const { shortMs, count } = m.abandoned;
  return (answered, wait) => {
    const within = wait <= threshold;
    if (answered) return within;
    if (wait < shortMs) return null; // short abandons leave numerator and denominator
    switch (count) {
      case 'as_failure':
        return false;
      case 'ignore':
        return null;
      case 'within_threshold_success':
        return within;
      case 'exclude_within_threshold':
        return within ? null : false;
    }
  };
}

function tally(ctx: MetricContext, m: ServiceLevel): MetricRun {
  const {
    run: r,
    t,
    inPopulation,
    split,
  } = startRun(ctx, m, [
    {
      code: 'queued_without_outcome',
      message: `${m.id}: neither answered_at nor abandoned_at at as_of; left out`,
    },
  ]);
  const { data, asOf } = ctx;
  const { direction, key } = data.contacts;
  const inbound = inboundCode(data);
  const exit = new QueueExit(data.contacts, asOf);
  const judge = exitJudge(m);
  const timer = new ContactTimer(ctx, m.clock);
  const pending = r.pending;
  const visit = (i: number) => {
    if (direction[i] !== inbound || !inPopulation(i)) return;
    t.pooled.volume++;
    if (!exit.left(i)) {
      pending.push(0, key[i]!);
      return;
    }
    const hit = judge(exit.answered, timer.elapsed(i, exit.at, asOf));
    if (hit !== null) addToShare(t, split(i), hit, key[i]!);
  };
  return { ...r, visit };
}

export const serviceLevel: KpiKind<'service_level'> = {
  kind: 'service_level',
  rules: timedRules({
    may: [...CONTACT_KEYS, 'abandoned', 'clock'],
    targetExample: '80%',
    thresholdExample: '30s',
    clock: { pauses: false, resolution: false },
  }),
  build: (base, target, f) => ({
    ...base,
    kind: 'service_level',
    target,
    thresholdMs: f.thresholdMs,
    abandoned: f.abandoned,
    clock: f.clock,
  }),
  tally,
  figures: shareFigures,
  onContacts: () => true,
  records: () => 'contacts',
  wording: WORDING,
  live: {
    stop: (data, _m, asOf) => {
      const { direction } = data.contacts;
      const inbound = inboundCode(data);
      const exit = new QueueExit(data.contacts, asOf);
      return (i) => (direction[i] !== inbound ? undefined : exit.left(i) ? exit.at : null);
    },
    reopenGaps: () => false,
  },
};
