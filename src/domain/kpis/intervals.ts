/**
 * A share metric (service level, response or resolution time, abandonment, rates) per interval of the day:
 * the period's contacts grouped by the local time of day they were created at, each group tallied by the
 * metric kind's own tally (the same visit, clock, judgement and population as the evaluation), so that the
 * groups add up to the metric's pooled numerator and denominator. The dashboard's "service level per
 * interval of the day" chart.
 */
import { BusinessClock } from '../clock.js';
import type { Contract, Metric } from '../contract/types.js';
import type { EvaluationData } from '../evaluation/columns.js';
import { type ElapsedClock, realTime } from '../evaluation/contact-clock.js';
import { DataIndex } from '../evaluation/data-index.js';
import { exclusionWindows } from '../evaluation/evaluate.js';
import type { Period } from '../period.js';
import { localDayOf, localToEpoch } from '../time/zone.js';
import type { MetricContext } from './definition.js';
import { kpiOf } from './index.js';

export interface IntervalFigure {
  /** Local start of the interval, `HH:MM`. */
  readonly start: string;
  readonly numerator: number;
  readonly denominator: number;
}

/** Whether a metric can be shown per interval: a share of the contacts of the period. */
export function perIntervalKind(metric: Metric): boolean {
  const kind = kpiOf(metric);
  return kind.rules.shareOfRecords && kind.onContacts(metric);
}

/** The local minute of the day of an instant (DST days included). */
function localMinute(zone: string, ms: number): number {
  const day = localDayOf(zone, ms);
  let m = Math.floor((ms - localToEpoch(zone, day, 0)) / 60_000);
  if (localToEpoch(zone, day, m) > ms) m -= 60;
  else if (m + 60 < 1440 && localToEpoch(zone, day, m + 60) <= ms) m += 60;
  return Math.max(0, Math.min(1439, m));
}

export function perIntervalOfDay(
  contract: Contract,
  metric: Metric,
  data: EvaluationData,
  period: Period,
  asOf: number,
  minutes = 30,
): IntervalFigure[] {
  const index = DataIndex.of(data);
  const years = {
    from: new Date(period.start).getUTCFullYear() - 1,
    to: new Date(Math.max(period.end, asOf)).getUTCFullYear() + 1,
  };
  const clocks = new Map<string, BusinessClock>();
  const clockFor = (name: string | null): ElapsedClock => {
    const cal = name === null ? undefined : contract.calendars[name];
    if (cal === undefined) return realTime;
    let clock = clocks.get(name!);
    if (!clock) clocks.set(name!, (clock = new BusinessClock(cal, years)));
    return clock;
  };
  const exclusionPauses = exclusionWindows(contract);
  const excludedAt = (t: number) => {
    for (let i = 0; i < exclusionPauses.length; i += 2)
      if (t >= exclusionPauses[i]! && t < exclusionPauses[i + 1]!) return true;
    return false;
  };
  const contacts = index.contactsCreated(period.start, Math.min(period.end, asOf + 1));
  // What a contact kind's tally reads of an evaluation's context.
  const ctx = {
    contract,
    period,
    asOf,
    index,
    data,
    contacts,
    excludedAt,
    surveys: [],
    exclusionPauses,
    clockFor,
    warn: () => undefined,
  } as unknown as MetricContext;
  const kind = kpiOf(metric);
  const buckets = Math.ceil(1440 / minutes);
  const runs = Array.from({ length: buckets }, () => kind.tally(ctx, metric as never));
  const { order } = index;
  const { createdAt, channel } = data.contacts;
  for (let p = contacts.lo; p < contacts.hi; p++) {
    const i = order[p]!;
    const at = createdAt.get(i);
    if (exclusionPauses.length > 0 && excludedAt(at)) continue;
    const run = runs[Math.floor(localMinute(contract.timezone, at) / minutes)]!;
    if ((run.channels & (1 << channel[i]!)) !== 0) run.visit?.(i);
  }
  return runs.map((r, b) => {
    const m = b * minutes;
    const pooled = r.tallies.pooled;
    return {
      start: `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
      numerator: pooled.hits,
      denominator: pooled.count,
    };
  });
}
