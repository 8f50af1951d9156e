/**
 * A calendar compiled for a range of local days into sorted, disjoint open intervals of real time
 * (epoch ms) with the cumulative open time before each one. Every clock question then becomes a binary
 * search (calendar-and-clock.md, Speed).
 */
import { dayNumberFromIso, isoFromDayNumber, localToEpoch, weekdayOf } from '../time/zone.js';
import type { CalendarDefinition, Span } from './definition.js';
import { closedHolidayDates } from './holidays.js';

export interface OpenTimeline {
  /** Real-time range the timeline covers: local midnight of the first day to that after the last. */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** Open ms in [rangeStart, starts[i]). */
  readonly cumBefore: Float64Array;
  /** Open ms in [rangeStart, ends[i]). */
  readonly cumEnd: Float64Array;
  /** Holiday dates that closed a day of this range, for digests and explanations. */
  readonly holidayDates: readonly string[];
}

type Interval = [number, number];

function yearOf(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}

/** Closed whole days (holidays and extra dates) in the range, minus dates with special hours. */
function closedDays(cal: CalendarDefinition, firstDay: number, lastDay: number): string[] {
  const dates = new Set<string>(cal.holidays.dates);
  if (cal.holidays.country !== null) {
    for (let y = yearOf(firstDay); y <= yearOf(lastDay); y++) {
      for (const d of closedHolidayDates(cal.holidays.country, cal.holidays.types, y)) dates.add(d);
    }
  }
  const first = isoFromDayNumber(firstDay);
  const last = isoFromDayNumber(lastDay);
  return [...dates].filter((d) => d >= first && d <= last && !(d in cal.special)).sort();
}

function spansOn(cal: CalendarDefinition, day: number): readonly Span[] {
  return cal.special[isoFromDayNumber(day)] ?? cal.week[weekdayOf(day)] ?? [];
}

function localWindow(zone: string, text: string): number {
  return localToEpoch(
    zone,
    dayNumberFromIso(text.slice(0, 10)),
    Number(text.slice(11, 13)) * 60 + Number(text.slice(14, 16)),
  );
}

/** Sorts and merges touching or overlapping intervals. */
function union(list: Interval[]): Interval[] {
  list.sort((a, b) => a[0] - b[0]);
  const out: Interval[] = [];
  for (const iv of list) {
    const last = out[out.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push([iv[0], iv[1]]);
  }
  return out;
}

/** `open` minus `closed`, both sorted and disjoint. */
function subtract(open: Interval[], closed: Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [s0, e] of open) {
    let s = s0;
    while (j < closed.length && closed[j]![1] <= s) j++;
    let k = j;
    while (k < closed.length && closed[k]![0] < e) {
      const [cs, ce] = closed[k]!;
      if (cs > s) out.push([s, cs]);
      s = Math.max(s, ce);
      k++;
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

/** Compiles the calendar for local days [firstDay, lastDay] (day numbers, inclusive). */
export function compileTimeline(cal: CalendarDefinition, firstDay: number, lastDay: number): OpenTimeline {
  const zone = cal.timezone;
  const rangeStart = localToEpoch(zone, firstDay, 0);
  const rangeEnd = localToEpoch(zone, lastDay + 1, 0);
  const holidays = closedDays(cal, firstDay - 1, lastDay);

  const open: Interval[] = [];
  const plain24x7 = cal.alwaysOpen && Object.keys(cal.special).length === 0;
  if (plain24x7) {
    open.push([rangeStart, rangeEnd]);
  } else {
    // A span belongs to the day it starts on, so the day before the range may reach into it.
    for (let day = firstDay - 1; day <= lastDay; day++) {
      for (const span of spansOn(cal, day)) {
        const s = localToEpoch(zone, day, span.start);
        const e = localToEpoch(zone, day, span.end);
        if (s < e) open.push([s, e]); // a span emptied by a DST gap is dropped
      }
    }
  }
  const closed: Interval[] = holidays.map((d) => {
    const day = dayNumberFromIso(d);
    return [localToEpoch(zone, day, 0), localToEpoch(zone, day + 1, 0)];
  });
  for (const c of cal.closures) closed.push([localWindow(zone, c.from), localWindow(zone, c.to)]);
  closed.push([Number.NEGATIVE_INFINITY, rangeStart], [rangeEnd, Number.POSITIVE_INFINITY]);

  const intervals = subtract(union(open), union(closed.filter(([s, e]) => s < e)));
  const n = intervals.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const cumBefore = new Float64Array(n);
  const cumEnd = new Float64Array(n);
  let cum = 0;
  intervals.forEach(([s, e], i) => {
    starts[i] = s;
    ends[i] = e;
    cumBefore[i] = cum;
    cum += e - s;
    cumEnd[i] = cum;
  });
  return {
    rangeStart,
    rangeEnd,
    starts,
    ends,
    cumBefore,
    cumEnd,
    holidayDates: holidays.filter((d) => d >= isoFromDayNumber(firstDay)),
  };
}
