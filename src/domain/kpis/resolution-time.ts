/**
 * Resolution time (kpis.md): the share of contacts resolved within the threshold on the metric's clock —
 * at the final resolution, the time between a resolution and its reopening paused, or at the first
 * (`clock: { resolution: first }`). A contact still open past its threshold at asOf is a breach; one still
 * inside it is not counted yet.
 */
import type { MetricOf } from '../contract/types.js';
import type { ContactColumns } from '../evaluation/columns.js';
import { resolutionStop } from '../evaluation/contact-clock.js';
import { ContactTimer, timedRules } from './contact-timer.js';
import { CONTACT_KEYS, type KpiKind, type MetricContext, type MetricRun } from './definition.js';
import { addToShare, metThreshold, shareFigures } from './percentage.js';
import { abandonedInQueue } from './queue.js';
import { startRun } from './run.js';

export const WORDING = { explain: 'kpi.resolution_time.explain' } as const;

/** Whether the contact's own fields say it was reopened. */
function reopened(c: ContactColumns, i: number): boolean {
  const first = c.firstResolvedAt.get(i);
  return c.reopenCount.get(i) > 0 || (!Number.isNaN(first) && first !== c.resolvedAt.get(i));
}

function tally(ctx: MetricContext, m: MetricOf<'resolution_time'>): MetricRun {
  const {
    run: r,
    t,
    inPopulation,
    split,
  } = startRun(ctx, m, [
    {
      code: 'reopen_without_status_events',
      message: `${m.id}: reopened contact without status events; its clock runs from created_at to resolved_at`,
    },
  ]);
  const { data, asOf } = ctx;
  const c = data.contacts;
  const timer = new ContactTimer(ctx, m.clock);
  const which = m.clock.resolution;
  const final = which === 'final';
  const pending = r.pending;
  const visit = (i: number) => {
    if (!inPopulation(i)) return;
    t.pooled.volume++;
    if (abandonedInQueue(c, i)) return;
    const ev = timer.events(i);
    const stop = resolutionStop(c, i, ev, asOf, which);
    // Without a status history the gaps between resolution and reopening cannot be paused: say so.
    if (final && ev.to === ev.from && reopened(c, i)) pending.push(0, c.key[i]!);
    const until = stop ?? asOf;
    const met = metThreshold(stop !== null, timer.elapsed(i, until, until, final), m.thresholdMs);
    if (met !== null) addToShare(t, split(i), met, c.key[i]!);
  };
  return { ...r, visit };
}

export const resolutionTime: KpiKind<'resolution_time'> = {
  kind: 'resolution_time',
  rules: timedRules({
    may: [...CONTACT_KEYS, 'clock'],
    targetExample: '90%',
    thresholdExample: '24h',
    clock: { pauses: true, resolution: true },
  }),
  build: (base, target, f) => ({
    ...base,
    kind: 'resolution_time',
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
    stop: (data, m, asOf) => {
      const c = data.contacts;
      return (i, ev) =>
        abandonedInQueue(c, i) ? undefined : resolutionStop(c, i, ev, asOf, m.clock.resolution);
    },
    reopenGaps: (m) => m.clock.resolution === 'final',
  },
};
