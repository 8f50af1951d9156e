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

/** First index i in [lo, hi) with arr[i] > x (upper bound). */
function upperBound(arr: Float64Array, x: number, lo: number, hi = arr.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index i in [lo, hi) with arr[i] >= x (lower bound). */
function lowerBound(arr: Float64Array, x: number, lo: number, hi = arr.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Upper bound searched from a hint by galloping (1, 2, 4 … steps, then a binary search in the bracket):
 * the answers a clock looks for after its first one lie a few intervals further on.
 */
function gallopUpper(arr: Float64Array, x: number, lo: number): number {
  const n = arr.length;
  if (lo >= n || arr[lo]! > x) return lo;
  let prev = lo;
  let step = 1;
  let probe = lo + 1;
  while (probe < n && arr[probe]! <= x) {
    prev = probe;
    step <<= 1;
    probe = lo + step;
  }
  return upperBound(arr, x, prev + 1, Math.min(probe, n));
}

/** Lower bound from a hint by galloping. */
function gallopLower(arr: Float64Array, x: number, lo: number): number {
  const n = arr.length;
  if (lo >= n || arr[lo]! >= x) return lo;
  let prev = lo;
  let step = 1;
  let probe = lo + 1;
  while (probe < n && arr[probe]! < x) {
    prev = probe;
    step <<= 1;
    probe = lo + step;
  }
  return lowerBound(arr, x, prev + 1, Math.min(probe, n));
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

  /** Makes sure the compiled range covers [from, to]. */
  private ensure(from: number, to: number): void {
    if (from < this.tl.rangeStart || to > this.tl.rangeEnd) this.cover(from, to);
  }

  /** B(t): open time in [rangeStart, t), given j = the first interval whose end is after t. */
  private openBeforeAt(t: number, j: number): number {
    const { starts, cumBefore, cumEnd } = this.tl;
    if (j < starts.length && starts[j]! <= t) return cumBefore[j]! + (t - starts[j]!);
    return j > 0 ? cumEnd[j - 1]! : 0;
  }

  /** Business ms in [from, to): open time outside every pause. */
  elapsed(from: number, to: number, pauses?: ArrayLike<number>): number {
    if (!(to > from)) return 0;
    this.ensure(from, to);
    const ends = this.tl.ends;
    let j = upperBound(ends, from, 0);
    const bFrom = this.openBeforeAt(from, j);
    const jTo = gallopUpper(ends, to, j);
    let total = this.openBeforeAt(to, jTo) - bFrom;
    if (pauses === undefined || pauses.length === 0 || total === 0) return total;
    const p = normalisePauses(pauses);
    for (let i = 0; i + 1 < p.length; i += 2) {
      const a = Math.max(p[i]!, from);
      const b = Math.min(p[i + 1]!, to);
      if (!(a < b)) {
        if (p[i]! >= to) break;
        continue;
      }
      j = gallopUpper(ends, a, j);
      const bA = this.openBeforeAt(a, j);
      j = gallopUpper(ends, b, j);
      total -= this.openBeforeAt(b, j) - bA;
    }
    return total;
  }

  /**
   * The earliest instant t with elapsed(start, t, pauses) = target. A start in closed or paused time waits
   * for the next open, unpaused instant; a target running out at a closing time gives that closing instant.
   *
   * Works in cumulative open time B(t): the goal is B(start) + target, and every pause the clock passes
   * moves the goal on by the open time it hides.
   */
  deadline(start: number, target: number, pauses?: ArrayLike<number>): number {
    const p = pauses === undefined || pauses.length === 0 ? undefined : normalisePauses(pauses);
    const lastPauseEnd = p ? p[p.length - 1]! : start;
    this.ensure(start, Math.max(start, lastPauseEnd));
    const limit = start + MAX_SEARCH_YEARS * 366 * DAY;
    for (;;) {
      const d = this.deadlineInRange(start, target, p);
      if (!Number.isNaN(d)) return d;
      const rangeEnd = this.tl.rangeEnd;
      if (rangeEnd > limit) throw new RangeError('the calendar has no open time left to reach the deadline');
      // Not reached within the compiled range: grow it (at least a year, or by the target's span).
      this.cover(start, Math.max(rangeEnd + 366 * DAY, start + target * 4, lastPauseEnd));
    }
  }

  /** The deadline within the compiled range, or NaN when it lies beyond it. */
  private deadlineInRange(start: number, target: number, p: ArrayLike<number> | undefined): number {
    const { starts, ends, cumBefore, cumEnd } = this.tl;
    let j = upperBound(ends, start, 0);
    let cursor = start;
    let bCursor = this.openBeforeAt(start, j);
    let goal = bCursor + target;
    if (p) {
      for (let i = 0; i + 1 < p.length; i += 2) {
        const a = p[i]!;
        const b = p[i + 1]!;
        if (b <= cursor) continue;
        let bA = bCursor;
        if (a > cursor) {
          const jA = gallopUpper(ends, a, j);
          bA = this.openBeforeAt(a, jA);
          // Reached before the pause; at its very first instant only if time was still to run (a zero
          // target looks for an unpaused instant).
          if (goal < bA || (goal === bA && goal > bCursor)) break;
          j = jA;
        }
        const jB = gallopUpper(ends, b, j);
        const bB = this.openBeforeAt(b, jB);
        goal += bB - bA;
        cursor = b;
        bCursor = bB;
        j = jB;
      }
    }
    // The interval containing the cursor or the next one; the deadline is never before the cursor.
    j = gallopUpper(ends, cursor, j);
    if (j >= ends.length) return Number.NaN;
    const k = gallopLower(cumEnd, goal, j);
    if (k >= cumEnd.length) return Number.NaN;
    return starts[k]! + (goal - cumBefore[k]!);
  }
}
