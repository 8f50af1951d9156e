/**
 * Tallies of one metric result while records stream past: counts for ratio kinds, sums for means, and the
 * ids that count against it. One tally per split value plus one pooled.
 */
import { add, fromInt, type Rational, ratio, ZERO } from '../rational.js';

export class Tally {
  /** Ratio kinds: records meeting the measure; NPS: promoters − detractors; compliance: the count. */
  hits = 0;
  /** Records counted (the denominator; answers for means). */
  count = 0;
  /** Sum of a numeric measure (mean_score, average), exact. */
  sum: Rational = ZERO;
  /** Sum in integer ms for durations (average kinds); kept apart to stay fast. */
  sumMs = 0;
  /** Contacts (volume band) in the population, before records are left out for other reasons. */
  volume = 0;
  readonly breaches: string[] = [];

  addSum(value: Rational): void {
    this.sum = add(this.sum, value);
  }
}

/** A tally per split key, plus the pooled one. */
export class SplitTallies {
  readonly pooled = new Tally();
  readonly byKey = new Map<string, { values: (string | null)[]; tally: Tally }>();

  constructor(private readonly dimensions: number) {}

  /** The tallies a record with these split values adds to: its split value's and the pooled one. */
  get(values: (string | null)[]): Tally {
    if (this.dimensions === 0) return this.pooled;
    const key =
      values.length === 1 ? String(values[0]) + (values[0] === null ? '\u0000' : '') : JSON.stringify(values);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { values, tally: new Tally() };
      this.byKey.set(key, entry);
    }
    return entry.tally;
  }
}

export function intRational(n: number): Rational {
  return Number.isInteger(n) ? fromInt(n) : ratio(Math.round(n * 1e6), 1e6);
}
