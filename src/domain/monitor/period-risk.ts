/**
 * Period risk (issue 15, point 2): from an evaluation of the running period (its outlook, outlook.ts) which
 * metrics are forecast to miss their target this period, with the figures that show why; and from the
 * judged history before it, how many periods in a row each metric missed.
 *
 * Forecast to miss: the target cannot be reached any more, or the rest of the period must do better than
 * the period so far (keeping up the pace so far misses the target).
 */
import type { Metric } from '../contract/types.js';
import type { Evaluation } from '../evaluation/evaluate.js';
import type { MetricRow } from '../evaluation/types.js';
import { toNumber } from '../rational.js';
import type { PeriodRisk } from './alert.js';

export interface MetricPeriodRisk {
  readonly metric: Metric;
  readonly risk: PeriodRisk;
}

const pooled = (rows: readonly MetricRow[], id: string) => rows.find((r) => r.id === id && r.split === null);

/** The metrics of the running period forecast to miss their target, with their figures. */
export function periodRisks(e: Evaluation): MetricPeriodRisk[] {
  const { result } = e;
  if (!result.provisional) return [];
  const out: MetricPeriodRisk[] = [];
  for (const metric of result.contract.metrics) {
    const row = pooled(result.rows, metric.id);
    const outlook = row?.outlook;
    if (!row || !outlook || row.value === null) continue;
    const value = toNumber(row.value);
    const target = toNumber(row.target);
    const r = outlook.expectedRemaining;
    const higher = metric.direction === 'higher';
    const atRisk =
      !outlook.attainable || (higher ? outlook.requiredShare > value : value > outlook.requiredShare);
    if (!atRisk) continue;
    const needed = !outlook.attainable
      ? null
      : higher
        ? Math.ceil(outlook.requiredShare * r - 1e-9)
        : r - Math.floor(outlook.requiredShare * r + 1e-9);
    out.push({
      metric,
      risk: {
        period: result.period.name,
        value,
        target,
        needed,
        remaining: r,
        ...('thresholdMs' in metric ? { thresholdMs: metric.thresholdMs } : {}),
      },
    });
  }
  return out;
}

/** A metric that missed the last `periods` judged periods in a row, the last of them `lastPeriod`. */
export interface MissedStreak {
  readonly metric: Metric;
  readonly periods: number;
  readonly lastPeriod: string;
}

/**
 * Per metric of the running period's contract, its streak of missed judged periods just before it. An
 * unjudged period neither advances nor breaks it (contract.md, Streaks: `missed_periods` too); the streak's
 * last period is its last missed one, so that an unjudged month after it does not raise it again.
 */
export function missedStreaks(e: Evaluation): MissedStreak[] {
  const ended = e.history.filter((h) => !h.provisional && h.period.name !== e.result.period.name);
  const out: MissedStreak[] = [];
  for (const metric of e.result.contract.metrics) {
    let periods = 0;
    let lastPeriod: string | undefined;
    for (let i = ended.length - 1; i >= 0; i--) {
      const verdict = ended[i]!.verdicts[metric.id];
      if (verdict === 'met') break;
      if (verdict !== 'missed') continue;
      periods++;
      lastPeriod ??= ended[i]!.period.name;
    }
    if (lastPeriod !== undefined) out.push({ metric, periods, lastPeriod });
  }
  return out;
}
