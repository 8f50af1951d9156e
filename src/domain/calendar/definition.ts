/**
 * The business calendar as calendar-and-clock.md defines it: weekly spans, public holidays, extra closed
 * dates, special days and closures, all in one IANA zone. `parseCalendar` turns the YAML/JSON value into
 * a validated, normalised `CalendarDefinition`, or into issues that name the key and the value.
 */
import { z } from 'zod';
import { type Issue, type IssuePath, quote } from '../issues.js';
import { daysInMonth } from '../time/instant.js';
import { isTimeZone } from '../time/zone.js';
import { holidayTypes, isHolidayRegion } from './holidays.js';

/** Minutes after local midnight of the day the span starts on; `end` > 1440 crosses midnight. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface LocalWindow {
  /** Local date-time `YYYY-MM-DDTHH:MM` in the calendar's zone. */
  readonly from: string;
  readonly to: string;
  readonly reason: string | null;
}

export interface CalendarDefinition {
  readonly timezone: string;
  /** `hours: 24/7`. */
  readonly alwaysOpen: boolean;
  /** Spans per weekday, Monday first; empty when closed. With `alwaysOpen` every day is 00:00-24:00. */
  readonly week: readonly (readonly Span[])[];
  readonly holidays: {
    /** `NL`, `DE-BY`; null when the calendar has no country holidays. */
    readonly country: string | null;
    readonly types: readonly string[];
    /** Extra whole days closed, `YYYY-MM-DD`, sorted. */
    readonly dates: readonly string[];
  };
  /** Other spans on one date (empty = closed that day); wins over a holiday on the same date. */
  readonly special: Readonly<Record<string, readonly Span[]>>;
  readonly closures: readonly LocalWindow[];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const SPAN = /^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$/;

const spansValue = z.union([z.string(), z.array(z.string())]);
const dateKey = z.union([z.string(), z.date()]);

/** The shape of a calendar before its values are read; strict, so that a misspelt key is an error. */
export const calendarInputSchema = z.strictObject({
  timezone: z.string().optional(),
  hours: z.union([z.string(), z.record(z.string(), spansValue)]),
  holidays: z
    .strictObject({
      country: z.string().optional(),
      types: z.array(z.string()).optional(),
      dates: z.array(dateKey).optional(),
    })
    .optional(),
  special: z.record(z.string(), spansValue).optional(),
  closures: z
    .array(
      z.strictObject({
        from: z.string(),
        to: z.string(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
});

export type CalendarInput = z.infer<typeof calendarInputSchema>;

export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= daysInMonth(Number(m[1]), month);
}

export function isLocalDateTime(text: string): boolean {
  const m = LOCAL_DATE_TIME.exec(text);
  return m !== null && isIsoDate(text.slice(0, 10)) && Number(m[4]) <= 23 && Number(m[5]) <= 59;
}

function asDateText(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString().slice(0, 10);
}

/** `"08:00-12:00,13:00-17:00"` → spans; `closed` → []. */
export function parseSpans(value: string | readonly string[], path: IssuePath, issues: Issue[]): Span[] {
  const parts = typeof value === 'string' ? value.split(',') : value.flatMap((v) => v.split(','));
  const text = typeof value === 'string' ? value : value.join(',');
  if (parts.length === 1 && parts[0]?.trim().toLowerCase() === 'closed') return [];
  const spans: Span[] = [];
  for (const raw of parts) {
    const m = SPAN.exec(raw.trim());
    if (!m) {
      issues.push({ path, message: `${quote(text)} is not a list of spans like "08:00-17:00" or "closed"` });
      return [];
    }
    const [sh, sm, eh, em] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    if (sh > 23 || sm > 59 || eh > 24 || em > 59 || (eh === 24 && em !== 0)) {
      issues.push({ path, message: `${quote(raw.trim())} has a time of day that does not exist` });
      return [];
    }
    const start = sh * 60 + sm;
    let end = eh * 60 + em;
    if (end === start) {
      issues.push({ path, message: `${quote(raw.trim())} ends when it starts` });
      return [];
    }
    if (end < start) end += 1440; // crosses midnight: belongs to the day on which it starts
    spans.push({ start, end });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1]!;
    const cur = spans[i]!;
    if (cur.start < prev.end) {
      issues.push({ path, message: `${quote(text)} has overlapping spans` });
      return [];
    }
  }
  return spans;
}

/** `mon-fri`, `sat-sun`, `mon,wed`, `mon-wed,fri` → weekday indexes (Monday 0). */
function parseDayKey(key: string): number[] | undefined {
  const days: number[] = [];
  for (const part of key.toLowerCase().split(',')) {
    const range = part.trim().split('-');
    const from = WEEKDAYS.indexOf(range[0]?.trim() as (typeof WEEKDAYS)[number]);
    const to = range.length === 2 ? WEEKDAYS.indexOf(range[1]?.trim() as (typeof WEEKDAYS)[number]) : from;
    if (from < 0 || to < 0 || range.length > 2) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === to) break;
    }
  }
  return days;
}

function parseWeek(hours: Record<string, string | string[]>, issues: Issue[]): Span[][] {
  const week: Span[][] = WEEKDAYS.map(() => []);
  const givenBy: (string | undefined)[] = WEEKDAYS.map(() => undefined);
  for (const [key, value] of Object.entries(hours)) {
    const path = ['hours', key];
    const days = parseDayKey(key);
    if (!days) {
      issues.push({
        path,
        message: `${quote(key)} is not a day or range of days (mon…sun, mon-fri, mon,wed)`,
      });
      continue;
    }
    const spans = parseSpans(value, path, issues);
    for (const d of days) {
      if (givenBy[d] !== undefined) {
        issues.push({ path, message: `${WEEKDAYS[d]} is already given by ${quote(givenBy[d])}` });
        continue;
      }
      givenBy[d] = key;
      week[d] = spans;
    }
  }
  // A span crossing midnight must not run into the next day's first span.
  week.forEach((spans, d) => {
    const last = spans[spans.length - 1];
    const next = week[(d + 1) % 7]?.[0];
    if (last && next && last.end > 1440 && last.end - 1440 > next.start) {
      issues.push({
        path: ['hours', givenBy[d] ?? WEEKDAYS[d]!],
        message: `${WEEKDAYS[d]}'s span past midnight overlaps ${WEEKDAYS[(d + 1) % 7]}'s hours`,
      });
    }
  });
  return week;
}

export interface ParseCalendarOptions {
  /** The contract's zone, for a calendar inside a contract without `timezone`. */
  readonly defaultTimezone?: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** Validates a calendar value (already read from YAML/JSON); issues carry paths relative to the calendar. */
export function parseCalendar(
  input: unknown,
  options: ParseCalendarOptions = {},
): ParseResult<CalendarDefinition> {
  const shaped = calendarInputSchema.safeParse(input);
  if (!shaped.success) {
    return { ok: false, issues: shaped.error.issues.map((i) => zodIssue(i, input)) };
  }
  const raw = shaped.data;
  const issues: Issue[] = [];

  const timezone = raw.timezone ?? options.defaultTimezone;
  if (timezone === undefined)
    issues.push({ path: ['timezone'], message: 'is required (an IANA name such as Europe/Amsterdam)' });
  else if (!isTimeZone(timezone))
    issues.push({ path: ['timezone'], message: `${quote(timezone)} is not an IANA time zone` });

  let alwaysOpen = false;
  let week: Span[][] = WEEKDAYS.map(() => []);
  if (typeof raw.hours === 'string') {
    if (raw.hours.replace(/\s/g, '') === '24/7') alwaysOpen = true;
    else
      issues.push({
        path: ['hours'],
        message: `${quote(raw.hours)} is neither "24/7" nor a map of days to spans`,
      });
  } else {
    week = parseWeek(raw.hours, issues);
  }
  if (alwaysOpen) week = WEEKDAYS.map(() => [{ start: 0, end: 1440 }]);

  const country = raw.holidays?.country ?? null;
  if (country !== null && !isHolidayRegion(country)) {
    issues.push({
      path: ['holidays', 'country'],
      message: `${quote(country)} is not a known country or region (NL, DE-BY, US)`,
    });
  }
  const types = raw.holidays?.types ?? ['public'];
  types.forEach((t, i) => {
    if (!holidayTypes.includes(t)) {
      issues.push({
        path: ['holidays', 'types', i],
        message: `${quote(t)} is not a holiday type (${holidayTypes.join(', ')})`,
      });
    }
  });
  const dates = (raw.holidays?.dates ?? []).map(asDateText);
  dates.forEach((d, i) => {
    if (!isIsoDate(d))
      issues.push({ path: ['holidays', 'dates', i], message: `${quote(d)} is not a date (YYYY-MM-DD)` });
  });

  const special: Record<string, Span[]> = {};
  for (const [date, value] of Object.entries(raw.special ?? {})) {
    const path = ['special', date];
    if (!isIsoDate(date)) {
      issues.push({ path, message: `${quote(date)} is not a date (YYYY-MM-DD)` });
      continue;
    }
    special[date] = parseSpans(value, path, issues);
  }

  const closures = (raw.closures ?? []).map((c, i) => {
    for (const key of ['from', 'to'] as const) {
      if (!isLocalDateTime(c[key])) {
        issues.push({
          path: ['closures', i, key],
          message: `${quote(c[key])} is not a local date-time (YYYY-MM-DDTHH:MM)`,
        });
      }
    }
    if (isLocalDateTime(c.from) && isLocalDateTime(c.to) && c.to <= c.from) {
      issues.push({
        path: ['closures', i, 'to'],
        message: `${quote(c.to)} is not after from ${quote(c.from)}`,
      });
    }
    return { from: c.from, to: c.to, reason: c.reason ?? null };
  });

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      timezone: timezone!,
      alwaysOpen,
      week,
      holidays: { country, types: [...new Set(types)].sort(), dates: [...new Set(dates)].sort() },
      special: Object.fromEntries(Object.entries(special).sort(([a], [b]) => a.localeCompare(b))),
      closures,
    },
  };
}

/** Turns a zod issue into ours, naming the offending value. */
export function zodIssue(issue: z.core.$ZodIssue, input: unknown): Issue {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return {
      path: [...path, ...(keys.length === 1 ? [keys[0]!] : [])],
      message: `is not a known key${keys.length > 1 ? `s: ${keys.join(', ')}` : ''}`,
    };
  }
  const value = valueAt(input, path);
  if (value === undefined) return { path, message: 'is required' };
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    return { path, message: `${quote(value)} is not ${describeExpected(issue)}` };
  }
  return { path, message: `${quote(value)}: ${issue.message}` };
}

function describeExpected(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const e = issue.expected;
    if (e === 'object' || e === 'record') return 'a map of keys to values';
    if (e === 'array') return 'a list';
    return `a ${e}`;
  }
  return 'of an accepted form';
}

export function valueAt(input: unknown, path: IssuePath): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
