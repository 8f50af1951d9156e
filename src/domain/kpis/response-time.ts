/**
 * Response time (kpis.md): the share of contacts whose first reply (or, without one, the resolution) came
 * within the threshold on the metric's clock. A contact still waiting past its threshold at asOf is a
 * breach; one still inside it is not counted yet.
 */
import type { MetricOf } from '../contract/types.js';
import { responseStop } from '../evaluation/contact-clock.js';
import { ContactTimer, timedRules } from './contact-timer.js';
import { CONTACT_KEYS, type KpiKind, type MetricContext, type MetricRun } from './definition.js';
import { addToShare, metThreshold, shareFigures } from './percentage.js';
import { abandonedInQueue } from './queue.js';
import { startRun } from './run.js';

export const WORDING = { explain: 'kpi.response_time.explain' } as const;

function tally(ctx: MetricContext, m: MetricOf<'response_time'>): MetricRun {
  const { run: r, t, inPopulation, split } = startRun(ctx, m);
  const { data, asOf } = ctx;
  const c = data.contacts;
  const timer = new ContactTimer(ctx, m.clock);
  const visit = (i: number) => {
    if (!inPopulation(i)) return;
    t.pooled.volume++;
    if (abandonedInQueue(c, i)) return;
    const stop = responseStop(c, i, asOf);
    const until = stop ?? asOf;
    const met = metThreshold(stop !== null, timer.elapsed(i, until, until), m.thresholdMs);
    if (met !== null) addToShare(t, split(i), met, c.key[i]!);
  };
  return { ...r, visit };
}

export const responseTime: KpiKind<'response_time'> = {
  kind: 'response_time',
  rules: timedRules({
    may: [...CONTACT_KEYS, 'clock'],
    targetExample: '90%',
    thresholdExample: '24h',
    clock: { pauses: true, resolution: false },
  }),
  build: (base, target, f) => ({
    ...base,
    kind: 'response_time',
    target,
    thresholdMs: f.thresholdMs,
    clock: f.clock,
  }),
  tally,
  figures: shareFigures,
  onContacts: () => true,
  records: () => 'contacts',
  wording: WORDING,
  live: {
    stop: (data, _m, asOf) => {
      const c = data.contacts;
      return (i) => (abandonedInQueue(c, i) ? undefined : responseStop(c, i, asOf));
    },
    reopenGaps: () => false,
  },
};
