/**
 * Availability (kpis.md): (scheduled open time − outage time within it) / scheduled open time, of the
 * calendar the metric names, from the period's start to its end or asOf. An outage counts for the channels
 * of the population (every outage without a channel, and every outage when the population names none).
 */
import type { MetricOf } from '../contract/types.js';
import { readPercentTarget } from '../contract/values.js';
import { channelsOf } from '../evaluation/population.js';
import type { Tally } from '../evaluation/samples.js';
import type { Issue } from '../issues.js';
import { ratio } from '../rational.js';
import type { Outage } from '../records.js';
import { type Figures, type KpiKind, type MetricContext, type MetricRun, NO_DATA } from './definition.js';
import { newRun } from './run.js';

export const WORDING = { explain: 'kpi.availability.explain' } as const;

/** Merged [from, to) intervals. */
function union(intervals: [number, number][]): [number, number][] {
  intervals.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of intervals) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The outages of the metric's channels, clipped to [from, to) and merged. */
function downIntervals(outages: readonly Outage[], from: number, to: number): [number, number][] {
  return union(
    outages
      .map((o) => [Math.max(o.from, from), Math.min(o.to, to)] as [number, number])
      .filter(([s, e]) => s < e),
  );
}

function tally(ctx: MetricContext, m: MetricOf<'availability'>): MetricRun {
  const r = newRun(m);
  const pooled = r.tallies.pooled;
  const run = () => {
    const clock = ctx.clockFor(m.calendar);
    const from = ctx.period.start;
    const to = Math.min(ctx.period.end, ctx.asOf);
    if (!(to > from)) return;
    // Scheduled open time is the calendar's (hours, holidays, special days, closures): exclusions are not in it.
    const open = clock.elapsed(from, to);
    const channels = channelsOf(m.population);
    const hit = ctx.index.outages.filter(
      (o) => o.channel === null || channels === null || channels.includes(o.channel),
    );
    let down = 0;
    for (const [s, e] of downIntervals(hit, from, to)) down += clock.elapsed(s, e);
    // Milliseconds here; the figures print seconds, and the ratio stays exact.
    pooled.count = open;
    pooled.hits = open - down;
    if (down > 0)
      pooled.texts.push(...hit.filter((o) => o.to > from && o.from < to).map((o) => `outage ${o.from}`));
  };
  return { ...r, run };
}

/** Open time up, over open time, in seconds. */
function figures(t: Tally): Figures {
  return t.count === 0
    ? NO_DATA
    : { value: ratio(t.hits, t.count), numerator: t.hits / 1000, denominator: t.count / 1000 };
}

/** Outages have a channel and nothing else to filter on. */
function checkPopulation(raw: Readonly<Record<string, unknown>>, issues: Issue[]): void {
  if (!raw.population || typeof raw.population !== 'object') return;
  for (const field of Object.keys(raw.population)) {
    if (field !== 'channel')
      issues.push({
        path: ['population', field],
        message: 'does not apply: availability filters outages by channel only',
      });
  }
}

export const availability: KpiKind<'availability'> = {
  kind: 'availability',
  rules: {
    needs: ['calendar'],
    may: ['population'],
    direction: 'higher',
    targetUnit: 'percent',
    shareOfRecords: false,
    readTarget: readPercentTarget,
    targetExample: '99.5%',
    defaultMinimumSample: 1,
    // Judged whenever the calendar is open, outages reported or not: like compliance, it alone is no
    // performance to build a streak on (a month without contacts is not a month of met targets).
    check: checkPopulation,
  },
  build: (base, target, f) => ({ ...base, kind: 'availability', target, calendar: f.calendar }),
  tally,
  figures,
  onContacts: () => false,
  records: () => 'contacts',
  wording: WORDING,
};
