/**
 * Why one contact counts against a timed metric (the dashboard's drill-down): the clock of the metric run
 * over that contact exactly as its kind runs it in an evaluation (ContactTimer, the same stops and pauses),
 * with the pauses spelled out. Service level, response time and resolution time; other kinds have no clock.
 */
import { BusinessClock } from '../clock.js';
import type { Contract, Metric, MetricOf } from '../contract/types.js';
import { EvaluationData } from '../evaluation/columns.js';
import {
  type ElapsedClock,
  realTime,
  resolutionStop,
  responseStop,
  statusMask,
  statusPauses,
} from '../evaluation/contact-clock.js';
import { DataIndex } from '../evaluation/data-index.js';
import { exclusionWindows } from '../evaluation/evaluate.js';
import { type Contact, emptyDataSet, type StatusEvent } from '../records.js';
import { ContactTimer } from './contact-timer.js';
import type { MetricContext } from './definition.js';
import { metThreshold } from './percentage.js';
import { abandonedInQueue, QueueExit } from './queue.js';
import { exitJudge } from './service-level.js';

type Timed = MetricOf<'service_level'> | MetricOf<'response_time'> | MetricOf<'resolution_time'>;

/** What stopped the clock, or `open`: not stopped at asOf. */
export type ClockStop =
  | 'answered'
  | 'abandoned'
  | 'first_response'
  | 'resolved'
  | 'open'
  | 'abandoned_in_queue';

export interface ContactReading {
  readonly metric: string;
  readonly kind: Timed['kind'];
  /** When the clock started (the contact's creation). */
  readonly start: number;
  /** When it stopped, or null while open at asOf. */
  readonly stop: number | null;
  readonly stoppedBy: ClockStop;
  /** Time on the metric's clock (its calendar, less its pauses) from start to stop or asOf. */
  readonly elapsedMs: number;
  readonly thresholdMs: number;
  /** Status intervals the clock paused in (and the gaps of reopenings), as [from, to] pairs. */
  readonly pauses: readonly (readonly [number, number])[];
  /**
   * Whether the contact meets the metric as its kind judges it (an abandon may count as a failure within the
   * threshold); null when it does not count (still open within the threshold, a short abandon, an abandon
   * in the queue).
   */
  readonly within: boolean | null;
}

export function isTimed(m: Metric): m is Timed {
  return m.kind === 'service_level' || m.kind === 'response_time' || m.kind === 'resolution_time';
}

/** The reading of one contact (with its status history) for a timed metric of a contract version at asOf. */
export function contactReading(
  contract: Contract,
  metric: Timed,
  contact: Contact,
  events: readonly StatusEvent[],
  asOf: number,
): ContactReading {
  const set = emptyDataSet();
  set.contacts.push(contact);
  set.status_events.push(...events.filter((e) => e.contactId === contact.id && e.source === contact.source));
  const data = EvaluationData.fromDataSet(set);
  const index = DataIndex.of(data);
  const year = new Date(contact.createdAt).getUTCFullYear();
  const years = { from: year - 1, to: Math.max(year, new Date(asOf).getUTCFullYear()) + 1 };
  const clockFor = (name: string | null): ElapsedClock => {
    const cal = name === null ? undefined : contract.calendars[name];
    return cal === undefined ? realTime : new BusinessClock(cal, years);
  };
  const exclusionPauses = exclusionWindows(contract);
  // The part of an evaluation's context that a contact's clock reads.
  const ctx = { data, index, clockFor, exclusionPauses } as unknown as MetricContext;
  const timer = new ContactTimer(ctx, metric.clock);
  const c = data.contacts;
  const i = 0;
  const reopenGaps = metric.kind === 'resolution_time' && metric.clock.resolution === 'final';
  let stop: number | null;
  let stoppedBy: ClockStop;
  if (metric.kind === 'service_level') {
    const exit = new QueueExit(c, asOf);
    const left = exit.left(i);
    stop = left ? exit.at : null;
    stoppedBy = left ? (exit.answered ? 'answered' : 'abandoned') : 'open';
  } else if (abandonedInQueue(c, i)) {
    stop = contact.abandonedAt;
    stoppedBy = 'abandoned_in_queue';
  } else if (metric.kind === 'response_time') {
    stop = responseStop(c, i, asOf);
    stoppedBy = stop === null ? 'open' : stop === contact.firstResponseAt ? 'first_response' : 'resolved';
  } else {
    stop = resolutionStop(c, i, timer.events(i), asOf, metric.clock.resolution);
    stoppedBy = stop === null ? 'open' : 'resolved';
  }
  const until = stop ?? asOf;
  // Service level never pauses on a status (its clock has no pause_when); the others pause until the stop.
  const elapsedMs =
    metric.kind === 'service_level'
      ? timer.elapsed(i, until, asOf)
      : timer.elapsed(i, until, until, reopenGaps);
  const flat: number[] = [];
  statusPauses(flat, timer.events(i), statusMask(metric.clock.pauseWhen), until, reopenGaps);
  const pauses: [number, number][] = [];
  for (let k = 0; k + 1 < flat.length; k += 2) pauses.push([flat[k]!, flat[k + 1]!]);
  let within: boolean | null;
  if (stoppedBy === 'abandoned_in_queue') within = null;
  else if (metric.kind === 'service_level')
    within = stop === null ? null : exitJudge(metric)(stoppedBy === 'answered', elapsedMs);
  else within = metThreshold(stop !== null, elapsedMs, metric.thresholdMs);
  return {
    metric: metric.id,
    kind: metric.kind,
    start: contact.createdAt,
    stop,
    stoppedBy,
    elapsedMs,
    thresholdMs: metric.thresholdMs,
    pauses,
    within,
  };
}
