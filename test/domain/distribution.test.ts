/**
 * The answers behind a survey metric by score (the dashboard's CSAT and NPS distributions) are the answers
 * the evaluation counts: the latest per contact, in the period and the population, of the metric's survey
 * kind; their counts add up to the metric's denominator.
 */
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../src/domain/contract/types.js';
import { EvaluationData } from '../../src/domain/evaluation/columns.js';
import { isSurveyMetric, scoreDistribution } from '../../src/domain/kpis/distribution.js';
import { parsePeriod } from '../../src/domain/period.js';
import { AS_OF, call, data, run, survey, withBase } from '../support/evaluation.js';

const c = withBase(`metrics:
  - id: csat
    kind: mean_score
    measure: csat
    target: 8.0
  - id: nps
    kind: nps
    target: 30
  - id: calls
    kind: service_level
    threshold: 30s
    target: 80%
`);
const metric = (id: string) => c.metrics.find((m) => m.id === id) as Metric;

const contacts = [1, 2, 3, 4, 5].map((n) => call(`C-${n}`, `2026-10-0${n}T10:00:00+02:00`, 10));
const surveys = [
  survey('C-1', 'csat', 5, '2026-10-01T11:00:00+02:00'),
  survey('C-2', 'csat', 4, '2026-10-02T11:00:00+02:00'),
  survey('C-3', 'csat', 4, '2026-10-03T11:00:00+02:00'),
  // A later answer of the same contact replaces the earlier one.
  survey('C-4', 'csat', 1, '2026-10-04T11:00:00+02:00'),
  survey('C-4', 'csat', 2, '2026-10-04T12:00:00+02:00'),
  // Another scale.
  survey('C-5', 'csat', 9, '2026-10-05T11:00:00+02:00', [1, 10]),
  // Answered in November: not October's.
  survey('C-5', 'nps', 10, '2026-11-02T11:00:00+02:00'),
  survey('C-1', 'nps', 10, '2026-10-01T11:00:00+02:00'),
  survey('C-2', 'nps', 6, '2026-10-02T11:00:00+02:00'),
];

describe('scoreDistribution', () => {
  const set = data({ contacts, surveys });
  const period = parsePeriod('2026-10', c.timezone)!;
  const asOf = Date.parse(AS_OF);

  it('counts the answers the evaluation counts, by score and scale', () => {
    const csat = scoreDistribution(c, metric('csat'), EvaluationData.fromDataSet(set), period, asOf);
    expect(csat).toEqual([
      { score: 2, scaleMin: 1, scaleMax: 5, count: 1 },
      { score: 4, scaleMin: 1, scaleMax: 5, count: 2 },
      { score: 5, scaleMin: 1, scaleMax: 5, count: 1 },
      { score: 9, scaleMin: 1, scaleMax: 10, count: 1 },
    ]);
    const nps = scoreDistribution(c, metric('nps'), EvaluationData.fromDataSet(set), period, asOf);
    expect(nps).toEqual([
      { score: 6, scaleMin: 0, scaleMax: 10, count: 1 },
      { score: 10, scaleMin: 0, scaleMax: 10, count: 1 },
    ]);
    const doc = run(c, '2026-10', set);
    for (const [id, counts] of [
      ['csat', csat],
      ['nps', nps],
    ] as const) {
      const row = doc.result.rows.find((r) => r.id === id)!;
      expect(
        counts.reduce((s, x) => s + x.count, 0),
        id,
      ).toBe(row.denominator);
    }
  });

  it('is for survey metrics only', () => {
    expect(['csat', 'nps', 'calls'].map((id) => isSurveyMetric(metric(id)))).toEqual([true, true, false]);
  });
});
