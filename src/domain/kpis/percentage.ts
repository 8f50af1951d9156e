/**
 * What the kinds whose value is a share of records (a percentage) have in common: a record counts in the
 * denominator, a hit also in the numerator, and the value is hits / count.
 */
import type { SplitTallies, Tally } from '../evaluation/samples.js';
import { ratio } from '../rational.js';
import { type Figures, NO_DATA } from './definition.js';

function count(t: Tally, hit: boolean, against: boolean, key: number): void {
  t.count++;
  if (hit) t.hits++;
  if (against) t.breach(key);
}

/**
 * Adds a record (by key) to the pooled tally and to its split value's (`own`). A hit counts in the numerator;
 * the record counts against the result when it is no hit — for lower-is-better shares (abandonment) when it
 * is one: pass `against`.
 */
export function addToShare(
  t: SplitTallies,
  own: Tally | null,
  hit: boolean,
  key: number,
  against = !hit,
): void {
  count(t.pooled, hit, against, key);
  if (own) count(own, hit, against, key);
}

/** hits / count, with both printed. */
export function shareFigures(t: Tally): Figures {
  return t.count === 0 ? NO_DATA : { value: ratio(t.hits, t.count), numerator: t.hits, denominator: t.count };
}

/**
 * A clock against its threshold: whether it met it, or null while it still runs inside it (not counted yet).
 * `stopped`: the clock stopped at or before asOf; else it ran until asOf.
 */
export function metThreshold(stopped: boolean, elapsedMs: number, thresholdMs: number): boolean | null {
  const within = elapsedMs <= thresholdMs;
  if (!stopped) return within ? null : false;
  return within;
}
