/**
 * The answers behind a survey metric (CSAT, CES, top box, NPS) by score: the period's latest answer per
 * contact and kind (as the evaluation picks them), grouped by score and scale, each group counted by the
 * metric kind's own tally (population, survey kind, period), so that the counts add up to the metric's
 * denominator. The dashboard's CSAT and NPS distributions.
 */
import type { Contract, Metric } from '../contract/types.js';
import type { EvaluationData } from '../evaluation/columns.js';
import { realTime } from '../evaluation/contact-clock.js';
import { DataIndex } from '../evaluation/data-index.js';
import { exclusionWindows, latestSurveys } from '../evaluation/evaluate.js';
import type { Period } from '../period.js';
import type { MetricContext } from './definition.js';
import { kpiOf } from './index.js';

export interface ScoreCount {
  readonly score: number;
  readonly scaleMin: number;
  readonly scaleMax: number;
  readonly count: number;
}

/** Whether a metric counts survey answers (its distribution can be shown). */
export function isSurveyMetric(metric: Metric): boolean {
  if (metric.kind === 'nps' || metric.kind === 'top_box') return true;
  return metric.kind === 'mean_score' && (metric.measure === 'csat' || metric.measure === 'ces');
}

export function scoreDistribution(
  contract: Contract,
  metric: Metric,
  data: EvaluationData,
  period: Period,
  asOf: number,
): ScoreCount[] {
  const index = DataIndex.of(data);
  const exclusionPauses = exclusionWindows(contract);
  const excludedAt = (t: number) => {
    for (let i = 0; i < exclusionPauses.length; i += 2)
      if (t >= exclusionPauses[i]! && t < exclusionPauses[i + 1]!) return true;
    return false;
  };
  const created = data.contacts.createdAt;
  const excludedKey = (key: number) => {
    if (exclusionPauses.length === 0) return false;
    const c = index.keyContact(key);
    return c >= 0 && excludedAt(created.get(c));
  };
  const surveys = latestSurveys(index, index.surveysAnswered(period.start, period.end), asOf, excludedKey);
  const sv = data.surveys;
  const groups = new Map<string, { score: number; scaleMin: number; scaleMax: number; surveys: number[] }>();
  for (const s of surveys) {
    const key = `${sv.score[s]}|${sv.scaleMin[s]}|${sv.scaleMax[s]}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { score: sv.score[s]!, scaleMin: sv.scaleMin[s]!, scaleMax: sv.scaleMax[s]!, surveys: [] }),
      );
    g.surveys.push(s);
  }
  const kind = kpiOf(metric);
  const out: ScoreCount[] = [];
  for (const g of groups.values()) {
    // What a survey kind's tally reads of an evaluation's context, with only this score's answers.
    const ctx = {
      contract,
      period,
      asOf,
      index,
      data,
      contacts: { lo: 0, hi: 0 },
      excludedAt,
      surveys: g.surveys,
      exclusionPauses,
      clockFor: () => realTime,
      warn: () => undefined,
    } as unknown as MetricContext;
    const run = kind.tally(ctx, metric as never);
    run.run?.();
    const count = run.tallies.pooled.count;
    if (count > 0) out.push({ score: g.score, scaleMin: g.scaleMin, scaleMax: g.scaleMax, count });
  }
  return out.sort((a, b) => a.scaleMax - b.scaleMax || a.score - b.score);
}
