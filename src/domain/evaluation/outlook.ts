/**
 * The running period (issue: "Running period"): for a period not yet over at asOf, how many contacts are
 * still expected — from the forecast, or from the pace so far — and what share of them must meet the
 * threshold for the result to reach its target. The basis of at-risk alerts.
 */
import type { Metric } from '../contract/types.js';
import { rulesOf } from '../kpis/index.js';
import type { Period } from '../period.js';
import { add, compare, fromInt, over, type Rational, ratio, times, toNumber, ZERO } from '../rational.js';
import type { MetricRow, Outlook } from './types.js';

export type { Outlook } from './types.js';

/** Remaining expected contacts of a row, scaled from the metric's whole population to the row's share. */
export function remainingFor(
  row: Pick<MetricRow, 'denominator'>,
  pooledDenominator: number,
  remainingForecast: number | null,
  period: Period,
  asOf: number,
): { remaining: number; basis: Outlook['basis'] } | null {
  if (asOf >= period.end || asOf <= period.start || row.denominator === null) return null;
  if (remainingForecast !== null) {
    const share = pooledDenominator > 0 ? row.denominator / pooledDenominator : 1;
    return { remaining: Math.round(remainingForecast * share), basis: 'forecast' };
  }
  const elapsed = (asOf - period.start) / (period.end - period.start);
  return { remaining: Math.round((row.denominator / elapsed) * (1 - elapsed)), basis: 'pace' };
}

export function outlookOf(
  metric: Metric,
  row: Pick<MetricRow, 'numerator' | 'denominator' | 'target'>,
  remaining: { remaining: number; basis: Outlook['basis'] },
): Outlook | null {
  if (!rulesOf(metric.kind).shareOfRecords || row.numerator === null || row.denominator === null) return null;
  const n = row.numerator;
  const d = row.denominator;
  const r = remaining.remaining;
  const total = d + r;
  if (total === 0) return null;
  // Higher is better: need (n + x) / (d + r) >= target → x >= target × (d + r) − n.
  // Lower is better: need (n + x) / (d + r) <= target → x <= target × (d + r) − n.
  // The share x / r stays exact until the one conversion at the end (0.95, not 0.9500000000000002).
  const bound: Rational = times(row.target, fromInt(total));
  const x = add(bound, fromInt(-n));
  const share = (fallback: number) => (r === 0 ? fallback : toNumber(clampToUnit(over(x, fromInt(r)))));
  if (metric.direction === 'higher') {
    const attainable = compare(ratio(n + r, 1), bound) >= 0;
    return {
      expectedRemaining: r,
      basis: remaining.basis,
      requiredShare: share(attainable ? 0 : 1),
      attainable,
    };
  }
  const attainable = compare(ratio(n, 1), bound) <= 0;
  return { expectedRemaining: r, basis: remaining.basis, requiredShare: share(0), attainable };
}

function clampToUnit(v: Rational): Rational {
  if (compare(v, ZERO) < 0) return ZERO;
  return compare(v, ONE) > 0 ? ONE : v;
}

const ONE = fromInt(1);
