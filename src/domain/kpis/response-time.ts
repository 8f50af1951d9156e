/**
 * Response time (kpis.md): the share of contacts whose first reply (or, without one, the resolution) came
 * within the threshold on the metric's clock. A contact still waiting past its threshold at asOf is a
 * breach; one still inside it is not counted yet.
 */
import type { MetricOf } from '../contract/types.js';
import { readPercentTarget } from '../contract/values.js';
import { responseStop } from '../evaluation/contact-clock.js';
import { channelMask, contactFilter } from '../evaluation/population.js';
import { ContactTimer } from './contact-timer.js';
import { CONTACT_KEYS, type KpiKind, type MetricContext, type MetricRun } from './definition.js';
import { addToShare, metThreshold, shareFigures } from './percentage.js';
import { abandonedInQueue } from './queue.js';
import { newRun, splitter } from './run.js';

export const WORDING = { explain: 'kpi.response_time.explain' } as const;

function tally(ctx: MetricContext, m: MetricOf<'response_time'>): MetricRun {
  const r = newRun(m);
  const { data, asOf } = ctx;
  const c = data.contacts;
  const inPopulation = contactFilter(data, m.population, ctx.contract);
  const t = r.tallies;
  const split = splitter(ctx, m, t);
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
  return { ...r, visit, channels: channelMask(data, m.population) };
}

export const responseTime: KpiKind<'response_time'> = {
  kind: 'response_time',
  rules: {
    needs: ['threshold'],
    may: [...CONTACT_KEYS, 'clock'],
    direction: 'higher',
    targetUnit: 'percent',
    shareOfRecords: true,
    readTarget: readPercentTarget,
    targetExample: '90%',
    thresholdExample: '24h',
    clock: { pauses: true, resolution: false },
    defaultMinimumSample: 1,
  },
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
};
