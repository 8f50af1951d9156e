/**
 * What a request may ask for, checked before any work (docs/api.md, Bounds). An evaluation's cost grows
 * with the history it replays (version 1's `effective_from` to the period), the calendar years its clocks
 * compile (up to `asOf`) and the periods a trend lists; a staffing answer's with the traffic. Inputs beyond
 * what a vendor manager could mean are refused here, as `invalid` (400: the value itself is out of range)
 * or `unprocessable` (422: the period lies outside the contract's life or horizon).
 */
import type { Contract } from '../domain/contract/types.js';
import { versionInForce } from '../domain/evaluation/evaluate.js';
import { nextPeriod, type Period } from '../domain/period.js';
import { dayNumberFromIso, isoFromDayNumber } from '../domain/time/zone.js';
import { invalid, unprocessable } from './errors.js';
import { periodOf } from './evaluation.service.js';

const DAY_MS = 86_400_000;

/** `asOf` may lie at most this far after now: clocks of both parties may differ, not by more. */
export const AS_OF_MARGIN_MS = DAY_MS;
/** `asOf` may lie this far after the end of the period asked for (late surveys and QA come in within it). */
export const AFTER_PERIOD_MS = 366 * DAY_MS;
/** A period may start at most this far after now (a planning horizon; one that starts after asOf has nothing to judge). */
export const PERIOD_HORIZON_MS = 366 * DAY_MS;
/** The longest history one evaluation replays: from version 1's `effective_from` to the period. */
export const MAX_HISTORY_YEARS = 50;
/** The most periods one trend request lists. */
export const MAX_TREND_PERIODS = 60;

/** Staffing: the largest offered traffic (Erlang) and the longest duration of any input. */
export const MAX_TRAFFIC_ERLANGS = 100_000;
export const MAX_STAFFING_SECONDS = 86_400;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * `asOf` no later than a day after now, or a year after the end of the period asked for, whichever is
 * later: the figures as they stand, or as they stand once the period has ended and its late records (a
 * survey answered weeks later) have come in, as `accord evaluate --as-of` gives them. Beyond that nothing
 * changes but the cost, which grows with the calendar years up to `asOf`.
 */
export function checkAsOf(asOf: number, now: number, path: string, periodEnd: number = now): void {
  const latest = Math.max(now + AS_OF_MARGIN_MS, periodEnd + AFTER_PERIOD_MS);
  if (asOf > latest)
    throw invalid(
      `${path}: ${iso(asOf)} lies more than a day after now (${iso(now)}) and more than a year after the end of the period (${iso(periodEnd)}): an evaluation is judged at an instant that has come or within a year of the period's end`,
      [{ path, message: 'lies more than a day after now and a year after the end of the period' }],
    );
}

/**
 * A period's name before it is read: its year from the year before the contract's first version to the
 * year of the horizon. Reading a name converts its local midnights to instants, which for years far from
 * today costs seconds in the time-zone rules; this check costs nothing.
 */
export function checkPeriodName(
  versions: readonly Contract[],
  name: string,
  now: number,
  path: string,
): void {
  const m = /^(\d{4})-/.exec(name);
  if (m === null) return; // not a period at all: the reader says so
  const year = Number(m[1]);
  const first = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
  const firstYear = Number(first?.effectiveFrom.slice(0, 4) ?? year);
  const horizon = new Date(now + PERIOD_HORIZON_MS);
  if (year > horizon.getUTCFullYear())
    throw unprocessable(
      `${path}: ${name} lies more than a year ahead (after ${iso(horizon.getTime()).slice(0, 10)}): it is not evaluated`,
      [{ path, message: 'lies more than a year ahead' }],
    );
  if (year < firstYear - 1)
    throw unprocessable(
      `${path}: ${name} lies before the life of contract "${first?.id ?? '?'}" (its first version starts ${first?.effectiveFrom ?? '?'})`,
      [{ path, message: 'lies before the life of the contract' }],
    );
}

/** A period name read (periodOf) once its year is within bounds, then checked as a period. */
export function boundedPeriod(
  versions: readonly Contract[],
  name: string,
  now: number,
  path: string,
): Period {
  checkPeriodName(versions, name, now, path);
  const period = periodOf(versions, name, path);
  checkPeriod(versions, period, now, path);
  return period;
}

/**
 * A period an evaluation may judge: within the life of the signed versions (a version in force on its first
 * day), starting within the horizon, and with a history of at most MAX_HISTORY_YEARS to replay.
 */
export function checkPeriod(versions: readonly Contract[], period: Period, now: number, path: string): void {
  const day = isoFromDayNumber(period.firstDay);
  if (period.start > now + PERIOD_HORIZON_MS)
    throw unprocessable(
      `${path}: ${period.name} lies more than a year ahead (after ${iso(now + PERIOD_HORIZON_MS).slice(0, 10)}): it is not evaluated`,
      [{ path, message: 'starts more than a year ahead' }],
    );
  if (versionInForce(versions, day) === undefined) {
    const first = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    throw unprocessable(
      `${path}: no signed version of contract "${first?.id ?? '?'}" is in force on ${day} (the contract's life starts ${first?.effectiveFrom ?? '?'})`,
      [{ path, message: 'lies outside the life of the contract' }],
    );
  }
  const firstDay = Math.min(...versions.map((v) => dayNumberFromIso(v.effectiveFrom)));
  if (period.firstDay - firstDay > MAX_HISTORY_YEARS * 366)
    throw unprocessable(
      `${path}: ${period.name} lies more than ${MAX_HISTORY_YEARS} years after the contract's first version (${isoFromDayNumber(firstDay)})`,
      [{ path, message: `more than ${MAX_HISTORY_YEARS} years of history` }],
    );
}

/**
 * A run of periods for a trend: `to` within the horizon and at most `max` periods from `from` to `to`,
 * counted without listing more than `max + 1` of them.
 */
export function checkTrend(
  from: Period,
  to: Period,
  zone: string,
  now: number,
  max: number = MAX_TREND_PERIODS,
): void {
  if (to.start > now + PERIOD_HORIZON_MS)
    throw unprocessable(
      `to: ${to.name} lies more than a year ahead (after ${iso(now + PERIOD_HORIZON_MS).slice(0, 10)}): it is not evaluated`,
      [{ path: 'to', message: 'starts more than a year ahead' }],
    );
  // A period is at least 7 days: more days than that for `max` periods is too many, without counting.
  let count = Math.floor((to.firstDay - from.firstDay) / 7) + 1 > max ? max + 1 : 1;
  for (let p = from; count <= max && p.firstDay < to.firstDay; count++) p = nextPeriod(p, zone);
  if (count > max)
    throw invalid(
      `from: more than ${max} periods from ${from.name} to ${to.name}; at most ${max} at a time`,
      [{ path: 'from', message: `at most ${max} periods at a time` }],
    );
}

export interface StaffingLoad {
  readonly volume: number;
  readonly intervalSeconds: number;
  readonly ahtSeconds: number;
  readonly thresholdSeconds: number;
  readonly patienceSeconds?: number | undefined;
}

/**
 * A staffing question a contact centre could ask: every duration at most a day, and at most
 * MAX_TRAFFIC_ERLANGS of offered traffic (the work grows with it).
 */
export function checkStaffingLoad(load: StaffingLoad, path = 'query'): void {
  const durations: [string, number | undefined][] = [
    ['interval', load.intervalSeconds],
    ['aht', load.ahtSeconds],
    ['target', load.thresholdSeconds],
    ['patience', load.patienceSeconds],
  ];
  for (const [name, seconds] of durations)
    if (seconds !== undefined && !(seconds <= MAX_STAFFING_SECONDS))
      throw invalid(`${path}.${name}: ${seconds} seconds is longer than a day (${MAX_STAFFING_SECONDS} s)`, [
        { path: `${path}.${name}`, message: 'is longer than a day' },
      ]);
  const erlangs = (load.volume * load.ahtSeconds) / load.intervalSeconds;
  if (!(erlangs <= MAX_TRAFFIC_ERLANGS))
    throw invalid(
      `${path}.volume: ${load.volume} contacts of ${load.ahtSeconds} s in ${load.intervalSeconds} s is ${Math.round(erlangs)} Erlang of traffic; at most ${MAX_TRAFFIC_ERLANGS} (volume × aht / interval)`,
      [{ path: `${path}.volume`, message: `more than ${MAX_TRAFFIC_ERLANGS} Erlang of traffic` }],
    );
}
