/**
 * Judgement and report periods (contract.md, Periods): `2026-10` (month), `2026-Q4` (quarter), `2026-W53`
 * (ISO week-year), calendar periods in the contract's time zone. A period is the half-open real-time
 * interval [start, end) between two local midnights.
 */
import { dayNumber, isoFromDayNumber, localToEpoch, weekdayOf } from './time/zone.js';

export type PeriodKind = 'week' | 'month' | 'quarter';

export interface Period {
  readonly kind: PeriodKind;
  readonly name: string;
  /** Local calendar days [firstDay, endDay) as day numbers. */
  readonly firstDay: number;
  readonly endDay: number;
  /** Epoch ms of local midnight at the start and at the end (exclusive). */
  readonly start: number;
  readonly end: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Monday of ISO week 1 of an ISO week-year: the week with the year's first Thursday. */
function isoWeekOneMonday(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - weekdayOf(jan4);
}

export function isoWeeksInYear(year: number): number {
  return (isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / 7;
}

function dateParts(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The local days of a named period, or undefined when the name is not a period. */
function daysOf(name: string): { kind: PeriodKind; firstDay: number; endDay: number } | undefined {
  let m = /^(\d{4})-(\d{2})$/.exec(name);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12) return undefined;
    return { kind: 'month', firstDay: dayNumber(year, month, 1), endDay: dayNumber(year, month + 1, 1) };
  }
  m = /^(\d{4})-Q([1-4])$/i.exec(name);
  if (m) {
    const year = Number(m[1]);
    const q = Number(m[2]);
    return {
      kind: 'quarter',
      firstDay: dayNumber(year, 3 * q - 2, 1),
      endDay: dayNumber(year, 3 * q + 1, 1),
    };
  }
  m = /^(\d{4})-W(\d{2})$/i.exec(name);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (week < 1 || week > isoWeeksInYear(year)) return undefined;
    const firstDay = isoWeekOneMonday(year) + (week - 1) * 7;
    return { kind: 'week', firstDay, endDay: firstDay + 7 };
  }
  return undefined;
}

function build(kind: PeriodKind, name: string, firstDay: number, endDay: number, zone: string): Period {
  return {
    kind,
    name,
    firstDay,
    endDay,
    start: localToEpoch(zone, firstDay, 0),
    end: localToEpoch(zone, endDay, 0),
  };
}

/** `2026-10` → the period in the zone; undefined when the text names no period (2026-13, 2025-W53). */
export function parsePeriod(name: string, zone: string): Period | undefined {
  const days = daysOf(name);
  if (!days) return undefined;
  return build(days.kind, name.toUpperCase(), days.firstDay, days.endDay, zone);
}

/** The period of a kind that contains a local day. */
export function periodContainingDay(kind: PeriodKind, day: number, zone: string): Period {
  const { year, month } = dateParts(day);
  if (kind === 'month')
    return build(
      kind,
      `${pad(year, 4)}-${pad(month)}`,
      dayNumber(year, month, 1),
      dayNumber(year, month + 1, 1),
      zone,
    );
  if (kind === 'quarter') {
    const q = Math.floor((month - 1) / 3) + 1;
    return build(
      kind,
      `${pad(year, 4)}-Q${q}`,
      dayNumber(year, 3 * q - 2, 1),
      dayNumber(year, 3 * q + 1, 1),
      zone,
    );
  }
  const monday = day - weekdayOf(day);
  // The ISO week-year is the year of the week's Thursday.
  const weekYear = dateParts(monday + 3).year;
  const week = (monday - isoWeekOneMonday(weekYear)) / 7 + 1;
  return build(kind, `${pad(weekYear, 4)}-W${pad(week)}`, monday, monday + 7, zone);
}

export function nextPeriod(p: Period, zone: string): Period {
  return periodContainingDay(p.kind, p.endDay, zone);
}

/** Periods of a kind from the one containing `fromDay` up to and including `last`. */
export function periodsUpTo(kind: PeriodKind, fromDay: number, last: Period, zone: string): Period[] {
  const out: Period[] = [];
  for (let p = periodContainingDay(kind, fromDay, zone); p.firstDay <= last.firstDay; p = nextPeriod(p, zone))
    out.push(p);
  return out;
}

/** True when a date (`YYYY-MM-DD`) is the first day of a period of the kind. */
export function isPeriodStart(kind: PeriodKind, date: string): boolean {
  const day = dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
  return periodContainingDay(kind, day, 'UTC').firstDay === day;
}

/** True when a date is the last day of a period of the kind. */
export function isPeriodEnd(kind: PeriodKind, date: string): boolean {
  const day = dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
  return periodContainingDay(kind, day, 'UTC').endDay === day + 1;
}

export { isoFromDayNumber };
