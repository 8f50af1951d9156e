/**
 * When a scheduled report runs (docs/action-plans.md, Schedules): "every Monday 08:00 for the past week",
 * "the second working day of the month, 08:00, for the past month". A run always reports the period of its
 * kind before the one its run day lies in, so a run on any day of a week reports the week before.
 *
 * Wall time is read in the contract's zone with Temporal's `compatible` rule (`localToEpoch`): a run at
 * 02:30 on the day clocks spring forward runs at 03:30, one on the day they fall back runs at the first
 * 02:30. Working days are the days on which the contract's calendar opens (holidays, extra dates and
 * special closed days are not working days); without a calendar, Monday to Friday.
 */
import type { CalendarDefinition } from '../calendar/definition.js';
import { compileTimeline } from '../calendar/open-time.js';
import type { PeriodKind } from '../contract/types.js';
import { type Period, periodContainingDay } from '../period.js';
import { localDayOf, localToEpoch, weekdayOf } from '../time/zone.js';

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** A schedule: which period it reports, on which day and at which local time it runs. */
export type ScheduleRule =
  | {
      /** Runs every week on `weekday` and reports the week before. */
      readonly every: 'week';
      readonly weekday: WeekdayName;
      /** Minutes after local midnight. */
      readonly minute: number;
    }
  | {
      /** Runs on the `workingDay`-th working day of each month or quarter and reports the one before. */
      readonly every: 'month' | 'quarter';
      readonly workingDay: number;
      readonly minute: number;
    };

export interface ScheduledRun {
  /** Epoch ms of the run. */
  readonly at: number;
  /** The period the run reports. */
  readonly period: Period;
}

/** The highest working day a schedule may name: every month has at least this many in any calendar open weekly. */
export const MAX_WORKING_DAY = 15;
/** A calendar closed for this many days after a period starts has no such working day: look no further. */
const SEARCH_DAYS = 120;
/** Periods searched ahead before giving up (a calendar that never opens). */
const SEARCH_PERIODS = 6;

/** True when the calendar opens on the local day (any open time starting that day). */
export function isWorkingDay(calendar: CalendarDefinition | null, day: number): boolean {
  if (calendar === null) return weekdayOf(day) < 5;
  const t = compileTimeline(calendar, day, day);
  const dayStart = localToEpoch(calendar.timezone, day, 0);
  const dayEnd = localToEpoch(calendar.timezone, day + 1, 0);
  for (let i = 0; i < t.starts.length; i++) {
    const s = t.starts[i]!;
    if (s >= dayStart && s < dayEnd) return true;
  }
  return false;
}

/** The `n`-th working day (1-based) on or after `firstDay`, within `limitDay` (exclusive); undefined if none. */
export function nthWorkingDay(
  calendar: CalendarDefinition | null,
  firstDay: number,
  n: number,
  limitDay: number,
): number | undefined {
  let count = 0;
  for (let day = firstDay; day < limitDay && day < firstDay + SEARCH_DAYS; day++) {
    if (isWorkingDay(calendar, day) && ++count === n) return day;
  }
  return undefined;
}

function previousPeriod(kind: PeriodKind, runDay: number, zone: string): Period {
  const current = periodContainingDay(kind, runDay, zone);
  return periodContainingDay(kind, current.firstDay - 1, zone);
}

function weeklyRun(
  rule: Extract<ScheduleRule, { every: 'week' }>,
  zone: string,
  after: number,
): ScheduledRun {
  const target = WEEKDAY_NAMES.indexOf(rule.weekday);
  // The first candidate day is the local day of `after` minus one: a late wall time on the day before can
  // still lie after `after` only in theory, but starting a day early costs nothing and misses nothing.
  for (let day = localDayOf(zone, after) - 1; ; day++) {
    if (weekdayOf(day) !== target) continue;
    const at = localToEpoch(zone, day, rule.minute);
    if (at > after) return { at, period: previousPeriod('week', day, zone) };
  }
}

function periodicRun(
  rule: Extract<ScheduleRule, { every: 'month' | 'quarter' }>,
  calendar: CalendarDefinition | null,
  zone: string,
  after: number,
): ScheduledRun | undefined {
  let period = periodContainingDay(rule.every, localDayOf(zone, after) - 1, zone);
  for (let i = 0; i < SEARCH_PERIODS; i++) {
    const day = nthWorkingDay(calendar, period.firstDay, rule.workingDay, period.endDay);
    if (day !== undefined) {
      const at = localToEpoch(zone, day, rule.minute);
      if (at > after) return { at, period: previousPeriod(rule.every, day, zone) };
    }
    period = periodContainingDay(rule.every, period.endDay, zone);
  }
  return undefined;
}

/**
 * The first run strictly after `after` (epoch ms), in `zone`, with working days by `calendar` (null:
 * Monday to Friday). Undefined only when the calendar has no such working day in the next periods (a
 * calendar that never opens, or a month with fewer working days than the rule names).
 */
export function nextRun(
  rule: ScheduleRule,
  calendar: CalendarDefinition | null,
  zone: string,
  after: number,
): ScheduledRun | undefined {
  return rule.every === 'week' ? weeklyRun(rule, zone, after) : periodicRun(rule, calendar, zone, after);
}

/** The default rule of a report period (contract `report:`): Monday 08:00, the 2nd working day 08:00. */
export function defaultRule(kind: PeriodKind): ScheduleRule {
  return kind === 'week'
    ? { every: 'week', weekday: 'mon', minute: 8 * 60 }
    : { every: kind, workingDay: 2, minute: 8 * 60 };
}

/** `08:00` → 480; undefined when not a time of day HH:MM. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export function formatTimeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
