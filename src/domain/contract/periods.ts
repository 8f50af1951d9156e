/**
 * Judgement periods as calendar dates (contract.md, "Periods" and "Versions"): a week runs Monday to Sunday
 * (ISO), a month from the 1st, a quarter from 1 January, 1 April, 1 July or 1 October. A contract version
 * starts on the first day of a period and may end on the last day of one.
 */
import { daysInMonth } from '../time/instant.js';
import { dayNumberFromIso, isoFromDayNumber, weekdayOf } from '../time/zone.js';
import type { PeriodKind } from './types.js';

/** The first day of the period of `kind` that contains `date` (`YYYY-MM-DD`). */
export function periodStartOf(date: string, kind: PeriodKind): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'week') {
    const day = dayNumberFromIso(date);
    return isoFromDayNumber(day - weekdayOf(day));
  }
  const first = kind === 'month' ? month : month - ((month - 1) % 3);
  return `${String(year).padStart(4, '0')}-${String(first).padStart(2, '0')}-01`;
}

/** The last day of the period of `kind` that contains `date`. */
export function periodEndOf(date: string, kind: PeriodKind): string {
  if (kind === 'week') return isoFromDayNumber(dayNumberFromIso(periodStartOf(date, kind)) + 6);
  const start = periodStartOf(date, kind);
  const year = Number(start.slice(0, 4));
  const last = Number(start.slice(5, 7)) + (kind === 'quarter' ? 2 : 0);
  return `${start.slice(0, 5)}${String(last).padStart(2, '0')}-${daysInMonth(year, last)}`;
}

export function isPeriodStart(date: string, kind: PeriodKind): boolean {
  return periodStartOf(date, kind) === date;
}

export function isPeriodEnd(date: string, kind: PeriodKind): boolean {
  return periodEndOf(date, kind) === date;
}

/** The first day of the next period. */
export function nextPeriodStart(date: string, kind: PeriodKind): string {
  return isoFromDayNumber(dayNumberFromIso(periodEndOf(date, kind)) + 1);
}

/** The last day of the previous period. */
export function previousPeriodEnd(date: string, kind: PeriodKind): string {
  return isoFromDayNumber(dayNumberFromIso(periodStartOf(date, kind)) - 1);
}
