/**
 * A deliberately simple SLA clock for property tests: it lists each day's open spans with its own time
 * zone arithmetic (Intl, not Temporal), removes holidays, closures and pauses by plain interval
 * subtraction, and walks the result linearly. Obvious rather than fast, so that it can judge the fast clock;
 * only the zone offsets are tabulated once per zone, so that it costs a property test little.
 */
import type { CalendarDefinition } from '../../src/domain/calendar/definition.js';
import { closedHolidayDates } from '../../src/domain/calendar/holidays.js';

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset at an instant, asked of Intl (slow: a few microseconds a call). */
function intlOffsetAt(zone: string, ms: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return local - Math.floor(ms / 1000) * 1000;
}

/**
 * A zone's offsets over a range as a list of changes, found by sampling Intl every few hours and bisecting
 * each change to the millisecond. Real zones change their offset at most a few times a year, never twice
 * within the sampling step, so the list is exact; asking Intl once per question made the property test
 * spend its time in formatToParts.
 */
interface OffsetTable {
  readonly from: number;
  readonly to: number;
  readonly first: number;
  /** Instants at which the offset changes, ascending, and the offset from each one on. */
  readonly at: number[];
  readonly offset: number[];
}

const SAMPLE_STEP = 6 * 3_600_000;
const tables = new Map<string, OffsetTable>();

function buildTable(zone: string, from: number, to: number): OffsetTable {
  const at: number[] = [];
  const offset: number[] = [];
  const first = intlOffsetAt(zone, from);
  let t = from;
  let o = first;
  while (t < to) {
    const next = Math.min(t + SAMPLE_STEP, to);
    const o2 = intlOffsetAt(zone, next);
    if (o2 !== o) {
      // The first millisecond with the new offset lies in (t, next].
      let lo = t;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (intlOffsetAt(zone, mid) === o) lo = mid;
        else hi = mid;
      }
      at.push(hi);
      offset.push(o2);
    }
    t = next;
    o = o2;
  }
  return { from, to, first, at, offset };
}

function offsetAt(zone: string, ms: number): number {
  let table = tables.get(zone);
  if (!table || ms < table.from || ms >= table.to) {
    const from = Math.min(table?.from ?? ms, ms) - 400 * DAY;
    const to = Math.max(table?.to ?? ms, ms) + 400 * DAY;
    table = buildTable(zone, from, to);
    tables.set(zone, table);
  }
  let result = table.first;
  for (let i = 0; i < table.at.length && table.at[i]! <= ms; i++) result = table.offset[i]!;
  return result;
}

/** Wall-clock time → instant with the `compatible` rule: gaps move forward, repeats take the first. */
export function referenceLocalToEpoch(
  zone: string,
  y: number,
  mo: number,
  d: number,
  minute: number,
): number {
  const wall = Date.UTC(y, mo - 1, d) + minute * 60_000;
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  const candidates = [...new Set([before, after])]
    .map((o) => wall - o)
    .filter((t) => offsetAt(zone, t) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before; // in a gap: read with the offset from before the switch, which lands after it
}

type Iv = [number, number];

function subtract(open: Iv[], closed: Iv[]): Iv[] {
  let out = open;
  for (const [cs, ce] of closed) {
    const next: Iv[] = [];
    for (const [s, e] of out) {
      if (ce <= s || cs >= e) next.push([s, e]);
      else {
        if (s < cs) next.push([s, cs]);
        if (ce < e) next.push([ce, e]);
      }
    }
    out = next;
  }
  return out;
}

function merge(list: Iv[]): Iv[] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const out: Iv[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export class ReferenceClock {
  private readonly open: Iv[];

  /** Builds open time for the UTC days [fromMs - 3 days, toMs + 3 days]. */
  constructor(cal: CalendarDefinition, fromMs: number, toMs: number) {
    const zone = cal.timezone;
    const spans: Iv[] = [];
    const closed: Iv[] = [];
    const holidays = new Set<string>(cal.holidays.dates);
    const firstYear = new Date(fromMs).getUTCFullYear() - 1;
    const lastYear = new Date(toMs).getUTCFullYear() + 1;
    if (cal.holidays.country) {
      for (let y = firstYear; y <= lastYear; y++) {
        for (const d of closedHolidayDates(cal.holidays.country, cal.holidays.types, y)) holidays.add(d);
      }
    }
    for (let t = fromMs - 3 * DAY; t <= toMs + 3 * DAY; t += DAY) {
      const date = new Date(t).toISOString().slice(0, 10);
      const [y, mo, d] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
      const weekday = (new Date(t).getUTCDay() + 6) % 7;
      const special = cal.special[date];
      const daySpans = special ?? cal.week[weekday] ?? [];
      for (const s of daySpans) {
        const a = referenceLocalToEpoch(zone, y, mo, d, s.start);
        const b = referenceLocalToEpoch(zone, y, mo, d, s.end);
        if (a < b) spans.push([a, b]);
      }
      if (holidays.has(date) && !special) {
        closed.push([referenceLocalToEpoch(zone, y, mo, d, 0), referenceLocalToEpoch(zone, y, mo, d, 1440)]);
      }
    }
    for (const c of cal.closures) {
      const at = (s: string) =>
        referenceLocalToEpoch(
          zone,
          Number(s.slice(0, 4)),
          Number(s.slice(5, 7)),
          Number(s.slice(8, 10)),
          Number(s.slice(11, 13)) * 60 + Number(s.slice(14, 16)),
        );
      closed.push([at(c.from), at(c.to)]);
    }
    this.open = subtract(merge(spans), closed);
  }

  private effective(pauses: readonly number[]): Iv[] {
    const p: Iv[] = [];
    for (let i = 0; i + 1 < pauses.length; i += 2) p.push([pauses[i]!, pauses[i + 1]!]);
    return merge(subtract(this.open, p));
  }

  elapsed(from: number, to: number, pauses: readonly number[] = []): number {
    let total = 0;
    for (const [s, e] of this.effective(pauses)) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
    return total;
  }

  deadline(start: number, target: number, pauses: readonly number[] = []): number {
    let rest = target;
    for (const [s, e] of this.effective(pauses)) {
      if (e <= start) continue;
      const from = Math.max(s, start);
      if (e - from >= rest) return from + rest;
      rest -= e - from;
    }
    return Number.NaN;
  }
}
