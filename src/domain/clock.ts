/**
 * The SLA clock: business time between instants, and the deadline a target of business time reaches
 * (calendar-and-clock.md). Instants are epoch milliseconds. Pauses are a flat list of real-time
 * intervals `[from0, to0, from1, to1, …]`; they may overlap and come in any order.
 *
 * A clock compiles its calendar for whole local years around the instants it is asked about and grows the
 * range when a question falls outside, so each answer is two binary searches over the open intervals.
 */
import type { CalendarDefinition } from './calendar/definition.js';
import { compileTimeline, type OpenTimeline } from './calendar/open-time.js';
import { dayNumber } from './time/zone.js';

/** How far a deadline may lie beyond its start before the calendar counts as never open. */
const MAX_SEARCH_YEARS = 25;
const DAY = 86_400_000;
const EMPTY: OpenTimeline = {
  rangeStart: Number.POSITIVE_INFINITY,
  rangeEnd: Number.NEGATIVE_INFINITY,
  starts: new Float64Array(0),
  ends: new Float64Array(0),
  cumBefore: new Float64Array(0),
  cumEnd: new Float64Array(0),
  holidayDates: [],
};

/** First index i in [lo, n) with arr[i] > x (upper bound). */
function upperBound(arr: Float64Array, x: number, lo: number): number {
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index i in [lo, n) with arr[i] >= x (lower bound). */
function lowerBound(arr: Float64Array, x: number, lo: number): number {
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorts and merges pauses; returns the input itself when it is already sorted and disjoint. */
export function normalisePauses(pauses: ArrayLike<number>): ArrayLike<number> {
  let ordered = true;
  for (let i = 0; i + 1 < pauses.length; i += 2) {
    if (!(pauses[i]! < pauses[i + 1]!) || (i >= 2 && pauses[i]! <= pauses[i - 1]!)) {
      ordered = false;
      break;
    }
  }
  if (ordered) return pauses;
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < pauses.length; i += 2) {
    if (pauses[i]! < pauses[i + 1]!) pairs.push([pauses[i]!, pauses[i + 1]!]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    const last = out.length - 1;
    if (last > 0 && s <= out[last]!) out[last] = Math.max(out[last]!, e);
    else out.push(s, e);
  }
  return out;
}

export class BusinessClock {
  private tl: OpenTimeline;
  private firstYear: number;
  private lastYear: number;

  /** `years` pre-compiles a range (benchmarks, evaluations); otherwise the first question sets it. */
  constructor(
    readonly calendar: CalendarDefinition,
    years?: { from: number; to: number },
  ) {
    this.firstYear = years?.from ?? Number.POSITIVE_INFINITY;
    this.lastYear = years?.to ?? Number.NEGATIVE_INFINITY;
    this.tl = years ? this.compile() : EMPTY;
  }

  /** The compiled open intervals (for inspection, reports and tests). */
  get timeline(): OpenTimeline {
    return this.tl;
  }

  private compile(): OpenTimeline {
    return compileTimeline(this.calendar, dayNumber(this.firstYear, 1, 1), dayNumber(this.lastYear, 12, 31));
  }

  /** Grows the compiled range to whole years covering [from, to]. */
  private cover(from: number, to: number): void {
    // Two days of margin cover any zone offset between UTC and local dates.
    const fromYear = new Date(from - 2 * DAY).getUTCFullYear();
    const toYear = new Date(to + 2 * DAY).getUTCFullYear();
    if (fromYear < this.firstYear || toYear > this.lastYear) {
      this.firstYear = Math.min(this.firstYear, fromYear);
      this.lastYear = Math.max(this.lastYear, toYear);
      this.tl = this.compile();
    }
  }

  /** Open time in [rangeStart, t). */
  private openBefore(t: number): number {
    const { starts, ends, cumBefore } = this.tl;
    const i = upperBound(starts, t, 0) - 1;
    if (i < 0) return 0;
    return cumBefore[i]! + Math.min(t, ends[i]!) - starts[i]!;
  }

  /** Business ms of open time in [from, to), ignoring pauses; 0 when to <= from. */
  private openBetween(from: number, to: number): number {
    if (!(to > from)) return 0;
    if (from < this.tl.rangeStart || to > this.tl.rangeEnd) this.cover(from, to);
    return this.openBefore(to) - this.openBefore(from);
  }

  /** Business ms in [from, to): open time outside every pause. */
  elapsed(from: number, to: number, pauses?: ArrayLike<number>): number {
    let total = this.openBetween(from, to);
    if (pauses === undefined || pauses.length === 0 || total === 0) return total;
    const p = normalisePauses(pauses);
    for (let i = 0; i + 1 < p.length; i += 2) {
      const s = Math.max(p[i]!, from);
      const e = Math.min(p[i + 1]!, to);
      if (s < e) total -= this.openBetween(s, e);
    }
    return total;
  }

  /** The earliest instant at or after `start` with `target` ms of open time since `start`, ignoring pauses. */
  private deadlineOpen(start: number, target: number): number {
    if (start < this.tl.rangeStart || start >= this.tl.rangeEnd) this.cover(start, start);
    const limit = start + MAX_SEARCH_YEARS * 366 * DAY;
    for (;;) {
      const { starts, ends, cumBefore, cumEnd, rangeEnd } = this.tl;
      const j = upperBound(ends, start, 0); // the interval containing start, or the next one
      if (j < ends.length) {
        const from = Math.max(start, starts[j]!);
        const goal = cumBefore[j]! + (from - starts[j]!) + target;
        const k = lowerBound(cumEnd, goal, j);
        if (k < cumEnd.length) return starts[k]! + (goal - cumBefore[k]!);
      }
      if (rangeEnd > limit) throw new RangeError('the calendar has no open time left to reach the deadline');
      // Not reached within the compiled range: grow it by the target's span in real time (at least a year).
      this.cover(start, Math.max(rangeEnd + 366 * DAY, start + target * 4));
    }
  }

  /**
   * The earliest instant t with elapsed(start, t, pauses) = target. A start in closed or paused time waits
   * for the next open, unpaused instant; a target running out at a closing time gives that closing instant.
   */
  deadline(start: number, target: number, pauses?: ArrayLike<number>): number {
    if (pauses === undefined || pauses.length === 0) return this.deadlineOpen(start, target);
    const p = normalisePauses(pauses);
    let remaining = target;
    let cursor = start;
    for (let i = 0; i + 1 < p.length; i += 2) {
      const from = p[i]!;
      const to = p[i + 1]!;
      if (to <= cursor) continue;
      if (from > cursor) {
        const d = this.deadlineOpen(cursor, remaining);
        // At the very start of a pause the clock is already paused, so a zero target looks further.
        if (d < from || (d === from && remaining > 0)) return d;
        remaining -= this.openBetween(cursor, from);
      }
      cursor = to;
    }
    return this.deadlineOpen(cursor, remaining);
  }
}
