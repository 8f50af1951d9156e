import { describe, expect, it } from 'vitest';
import type { QaEvaluation } from '../../../src/domain/records.js';
import { instantOrThrow } from '../../../src/domain/time/instant.js';
import { call, data, runJson, withBase } from '../../support/evaluation.js';

const metric = (measure: string, target: string) =>
  withBase(`metrics:
  - { id: mean, kind: mean_score, measure: ${measure}, target: ${target} }
`);

function qa(contactId: string, score: number | null): QaEvaluation {
  return {
    source: 'default',
    contactId,
    evaluatedAt: instantOrThrow('2026-10-06T10:00:00Z', 'test'),
    score,
    scriptCompliant: null,
    toneOfVoiceOk: null,
    evaluator: null,
    attributes: {},
  };
}

const contacts = [
  call('a', '2026-10-05T09:00:00Z', 10, 'answered', { attributes: { effort: '3' } }),
  call('b', '2026-10-05T09:01:00Z', 10, 'answered', { attributes: { effort: '4.5' } }),
  call('c', '2026-10-05T09:02:00Z', 10, 'answered', { attributes: { effort: 'n/a' } }),
  call('d', '2026-10-05T09:03:00Z', 10),
];

describe('mean score: the exact mean of the known scores', () => {
  it.each([
    // measure, target, sum, answers, met
    ['qa_score', '85', 170, 2, true], // (80 + 90) / 2; an evaluation without a score is no answer
    ['effort', '4', 7.5, 2, false], // a numeric attribute; `n/a` and a missing one are no answers
  ] as const)('%s → %d / %i', (measure, target, numerator, denominator, met) => {
    const doc = runJson(
      metric(measure, target),
      '2026-10',
      data({ contacts, qa_evaluations: [qa('a', 80), qa('b', 90), qa('c', null)] }),
    );
    expect(doc.metrics[0]).toMatchObject({ numerator, denominator, value: numerator / denominator, met });
  });
});
