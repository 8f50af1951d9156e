/**
 * Live clocks (issue 15, point 1): for each open contact, per metric that times it, the running clock on
 * the metric's calendar with the pauses of its status history and the contract's exclusions, its at-risk
 * point and its deadline. Pure: the instants come in, the readings go out.
 *
 * Nothing here re-decides a rule of the evaluation: the contacts go into the evaluation's columns, the
 * population is the evaluation's filter (`metricFilter`: the kind's channels and the metric's population),
 * where a clock stops is the kind's own rule (`KpiKind.live`, beside its tally), and the pauses are the
 * evaluation's (`statusPauses`), so that a contact the monitor calls breached is one the evaluation counts
 * as a breach.
 */
import { BusinessClock, normalisePauses } from '../clock.js';
import type { Contract, Metric } from '../contract/types.js';
import { EvaluationData } from '../evaluation/columns.js';
import { type EventRange, statusMask, statusPauses } from '../evaluation/contact-clock.js';
import { DataIndex } from '../evaluation/data-index.js';
import { exclusionWindows } from '../evaluation/evaluate.js';
import { metricFilter } from '../evaluation/population.js';
import type { LiveRules } from '../kpis/definition.js';
import { kpiOf } from '../kpis/index.js';
import { type Contact, emptyDataSet, type StatusEvent } from '../records.js';

/** The at-risk point when a metric does not say (`at_risk_at`). */
export const DEFAULT_AT_RISK_PPM = 800_000;

/** A metric whose contacts have a running clock: service level, response and resolution time. */
export type TimedMetric = Extract<Metric, { readonly thresholdMs: number; readonly clock: unknown }>;

/** The metrics of a contract that the monitor watches, with their live rules. */
export function timedMetrics(contract: Contract): TimedMetric[] {
  return contract.metrics.filter(
    (m): m is TimedMetric => 'thresholdMs' in m && 'clock' in m && kpiOf(m).live !== undefined,
  );
}

/** A deadline-capable clock: a business calendar, or real time for a metric without one. */
export interface DeadlineClock {
  elapsed(from: number, to: number, pauses?: ArrayLike<number>): number;
  deadline(start: number, target: number, pauses?: ArrayLike<number>): number;
}

/** Real time, 24/7, with pauses: the clock of a metric without a calendar. */
export const realTimeClock: DeadlineClock = {
  elapsed(from, to, pauses) {
    if (!(to > from)) return 0;
    let total = to - from;
    if (pauses && pauses.length > 0) {
      const p = normalisePauses(pauses);
      for (let i = 0; i + 1 < p.length; i += 2) {
        const s = Math.max(p[i]!, from);
        const e = Math.min(p[i + 1]!, to);
        if (s < e) total -= e - s;
      }
    }
    return total;
  },
  deadline(start, target, pauses) {
    let cursor = start;
    let left = target;
    if (pauses && pauses.length > 0) {
      const p = normalisePauses(pauses);
      for (let i = 0; i + 1 < p.length; i += 2) {
        const a = p[i]!;
        const b = p[i + 1]!;
        if (b <= cursor) continue;
        if (a > cursor) {
          // Reached before the pause (at its first instant only if time was still to run).
          if (a - cursor > left || (a - cursor === left && left > 0)) break;
          left -= a - cursor;
        }
        cursor = b;
      }
    }
    return cursor + left;
  },
};

/** One clock per calendar of a contract, compiled once and kept (the monitor asks many times). */
export class ContractClocks {
  private readonly clocks = new Map<string, BusinessClock>();
  constructor(private readonly contract: Contract) {}

  of(calendar: string | null): DeadlineClock {
    if (calendar === null) return realTimeClock;
    let clock = this.clocks.get(calendar);
    if (clock === undefined) {
      const definition = this.contract.calendars[calendar];
      if (definition === undefined) return realTimeClock;
      clock = new BusinessClock(definition);
      this.clocks.set(calendar, clock);
    }
    return clock;
  }
}

/** What the monitor knows of a contact's clock under one metric, at asOf. */
export interface ClockReading {
  readonly metric: string;
  /** Index of the contact in the input. */
  readonly contact: number;
  /** `running`; `paused` (in a status the clock pauses in, or an exclusion); `stopped` (answered, replied, resolved). */
  readonly state: 'running' | 'paused' | 'stopped';
  /** Where the clock stopped, when it did. */
  readonly stoppedAt: number | null;
  /** Clock time run from creation to asOf (or to the stop). */
  readonly elapsedMs: number;
  readonly thresholdMs: number;
  /**
   * With the pauses known at asOf and none to come: the instant the at-risk share of the threshold has run,
   * the deadline (the threshold has run: a stop at it still meets it), and the breach (the first instant past
   * it). Null while the clock is paused: it starts again with the status that ends the pause, and the
   * monitor reads the contact again then.
   */
  readonly atRiskAt: number | null;
  readonly deadline: number | null;
  readonly breachAt: number | null;
}

/** A contact's records as the monitor reads them from the store. */
export interface LiveContact {
  readonly contact: Contact;
  readonly events: readonly StatusEvent[];
}

/** The at-risk share of a threshold, in ms: never after the deadline. */
export function atRiskMs(thresholdMs: number, atRiskPpm: number): number {
  return Math.min(thresholdMs, Math.floor((thresholdMs * atRiskPpm) / 1_000_000));
}

function lastStatusAt(ev: EventRange, asOf: number): number {
  let status = -1;
  for (let e = ev.from; e < ev.to; e++) {
    if (ev.at.get(e) > asOf) break;
    status = ev.status[e]!;
  }
  return status;
}

/**
 * The clock readings of `contacts` under every timed metric of `contract` at asOf: one reading per contact
 * and metric whose population holds it (contacts created inside an exclusion window, outbound calls for a
 * service level and contacts abandoned in queue have none).
 */
export function readClocks(
  contract: Contract,
  contacts: readonly LiveContact[],
  asOf: number,
  clocks: ContractClocks = new ContractClocks(contract),
): ClockReading[] {
  const metrics = timedMetrics(contract);
  if (metrics.length === 0 || contacts.length === 0) return [];
  const set = emptyDataSet();
  for (const c of contacts) {
    set.contacts.push(c.contact);
    set.status_events.push(...c.events);
  }
  const data = EvaluationData.fromDataSet(set);
  const index = DataIndex.of(data);
  const exclusions = exclusionWindows(contract);
  const excluded = (t: number) => {
    for (let x = 0; x < exclusions.length; x += 2)
      if (t >= exclusions[x]! && t < exclusions[x + 1]!) return true;
    return false;
  };
  const created = data.contacts.createdAt;
  const readings: ClockReading[] = [];
  const range: EventRange = { at: index.events.at, status: index.events.status, from: 0, to: 0 };
  for (const m of metrics) {
    const rules = kpiOf(m).live as LiveRules<TimedMetric['kind']>;
    const inPopulation = metricFilter(data, m, contract);
    const stopOf = rules.stop(data, m as never, asOf);
    const reopenGaps = rules.reopenGaps(m as never);
    const pauseMask = statusMask(m.clock.pauseWhen);
    const clock = clocks.of(m.clock.calendar);
    const atRisk = atRiskMs(m.thresholdMs, m.atRiskAtPpm ?? DEFAULT_AT_RISK_PPM);
    for (let i = 0; i < data.contacts.length; i++) {
      const from = created.get(i);
      if (excluded(from) || !inPopulation(i)) continue;
      const key = data.contacts.key[i]!;
      range.from = index.events.start[key]!;
      range.to = index.events.start[key + 1]!;
      const stop = stopOf(i, range);
      if (stop === undefined) continue;
      const until = stop ?? asOf;
      const pauses: number[] = [];
      statusPauses(pauses, range, pauseMask, until, reopenGaps);
      for (const x of exclusions) pauses.push(x);
      const elapsedMs = clock.elapsed(from, until, pauses);
      const status = lastStatusAt(range, asOf);
      // While paused on a status the clock waits for the status that ends the pause (the pause found so far
      // runs to asOf); exclusion windows have a known end and are in the pauses already.
      const paused = stop === null && status >= 0 && status < 31 && ((pauseMask >>> status) & 1) === 1;
      const due = paused ? null : dueInstants(clock, from, m.thresholdMs, atRisk, pauses);
      readings.push({
        metric: m.id,
        contact: i,
        state: stop !== null ? 'stopped' : paused ? 'paused' : 'running',
        stoppedAt: stop,
        elapsedMs,
        thresholdMs: m.thresholdMs,
        atRiskAt: due?.atRiskAt ?? null,
        deadline: due?.deadline ?? null,
        breachAt: due?.breachAt ?? null,
      });
    }
  }
  return readings;
}

/** The at-risk point, the deadline and the breach instant of a clock started at `from`. */
export function dueInstants(
  clock: DeadlineClock,
  from: number,
  thresholdMs: number,
  atRiskMsValue: number,
  pauses: readonly number[],
): { atRiskAt: number; deadline: number; breachAt: number } {
  return {
    atRiskAt: clock.deadline(from, atRiskMsValue, pauses),
    deadline: clock.deadline(from, thresholdMs, pauses),
    // A stop at the deadline still meets the threshold; the first instant with more clock time breaches.
    breachAt: clock.deadline(from, thresholdMs + 1, pauses),
  };
}
