/**
 * Tallies of one metric result while records stream past: counts for ratio kinds, sums for means, and the
 * records that count against it. One tally per split value plus one pooled.
 *
 * The records against a result are kept as record keys (integers of the data's key table) and turned into
 * sorted ids only when someone reads them (`--breaches`, drill-down): a month of a million contacts has
 * hundreds of thousands of them, and most evaluations never print one.
 */
import { add, fromInt, type Rational, ratio, times, ZERO } from '../rational.js';

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
  /** Keys of the records that count against the result. */
  private keys = new Int32Array(0);
  private keyCount = 0;
  /** Other ids against the result (incidents, outages). */
  readonly texts: string[] = [];
  /** Counts per distinct value of a mean (see `addValue`). */
  private valueCounts: number[] | null = null;

  /** A record (by key) counts against the result. */
  breach(key: number): void {
    if (this.keyCount === this.keys.length) {
      const grown = new Int32Array(Math.max(16, this.keys.length * 2));
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.keyCount++] = key;
  }

  addSum(value: Rational): void {
    this.sum = add(this.sum, value);
  }

  /** Adds the value with this id to the sum; `settleSums` turns the counts into the exact sum. */
  addValue(id: number): void {
    const counts = (this.valueCounts ??= []);
    while (counts.length <= id) counts.push(0);
    counts[id]!++;
  }

  /** Adds every counted value to `sum`, exactly (the sum of rationals does not depend on the order). */
  settleSums(values: readonly Rational[]): void {
    const counts = this.valueCounts;
    if (!counts) return;
    for (let id = 0; id < counts.length; id++) {
      const n = counts[id]!;
      if (n > 0) this.sum = add(this.sum, times(values[id]!, fromInt(n)));
    }
    this.valueCounts = null;
  }

  /** The ids against the result, sorted. */
  breachIds(idOf: (key: number) => string): string[] {
    const out = new Array<string>(this.keyCount + this.texts.length);
    for (let k = 0; k < this.keyCount; k++) out[k] = idOf(this.keys[k]!);
    for (let k = 0; k < this.texts.length; k++) out[this.keyCount + k] = this.texts[k]!;
    return out.sort();
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

  /** Every tally, the pooled one last. */
  all(): Tally[] {
    return [...[...this.byKey.values()].map((e) => e.tally), this.pooled];
  }
}

export function intRational(n: number): Rational {
  return Number.isInteger(n) ? fromInt(n) : ratio(Math.round(n * 1e6), 1e6);
}
