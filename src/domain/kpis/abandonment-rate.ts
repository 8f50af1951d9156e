/**
 * Abandonment rate (kpis.md): the share of inbound contacts that left the queue without an answer, lower is
 * better. Abandons shorter than `abandoned.short` (real time, outside exclusions) are not counted at all;
 * every other abandon counts, so `abandoned.count` does not apply.
 */
import type { MetricOf } from '../contract/types.js';
import { readPercentTarget } from '../contract/values.js';
import { realTime } from '../evaluation/contact-clock.js';
import { CONTACT_KEYS, type KpiKind, type MetricContext, type MetricRun } from './definition.js';
import { addToShare, shareFigures } from './percentage.js';
import { inboundCode, QueueExit } from './queue.js';
import { startRun } from './run.js';

export const WORDING = { explain: 'kpi.abandonment_rate.explain' } as const;

function tally(ctx: MetricContext, m: MetricOf<'abandonment_rate'>): MetricRun {
  const { run: r, t, inPopulation, split } = startRun(ctx, m);
  const { data } = ctx;
  const { direction, createdAt, key } = data.contacts;
  const inbound = inboundCode(data);
  const exit = new QueueExit(data.contacts, ctx.asOf);
  const shortMs = m.abandoned.shortMs;
  const exclusions = ctx.exclusionPauses;
  const visit = (i: number) => {
    if (direction[i] !== inbound || !inPopulation(i)) return;
    t.pooled.volume++;
    if (!exit.left(i)) return;
    const abandoned = !exit.answered;
    if (abandoned && realTime.elapsed(createdAt.get(i), exit.at, exclusions) < shortMs) return;
    // Lower is better: an abandon is both the numerator and a record against the result.
    addToShare(t, split(i), abandoned, key[i]!, abandoned);
  };
  return { ...r, visit };
}

export const abandonmentRate: KpiKind<'abandonment_rate'> = {
  kind: 'abandonment_rate',
  rules: {
    needs: [],
    may: [...CONTACT_KEYS, 'abandoned'],
    direction: 'lower',
    targetUnit: 'percent',
    shareOfRecords: true,
    readTarget: readPercentTarget,
    targetExample: '5%',
    abandonedCountRefused: 'it counts every abandon that is not short',
    defaultMinimumSample: 1,
  },
  build: (base, target, f) => ({
    ...base,
    kind: 'abandonment_rate',
    target,
    abandoned: { shortMs: f.abandoned.shortMs },
  }),
  tally,
  figures: shareFigures,
  onContacts: () => true,
  records: () => 'contacts',
  wording: WORDING,
};
