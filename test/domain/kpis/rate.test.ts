import { describe, expect, it } from 'vitest';
import type { QaEvaluation } from '../../../src/domain/records.js';
import { instantOrThrow } from '../../../src/domain/time/instant.js';
import { call, data, run, withBase } from '../../support/evaluation.js';

const metric = (measure: string) =>
  withBase(`metrics:
  - { id: r, kind: rate, measure: ${measure}, target: 60% }
`);

const contacts = [
  call('a', '2026-10-05T09:00:00Z', 10, 'answered', { firstTimeRight: true, attributes: { remote: 'true' } }),
  call('b', '2026-10-05T09:01:00Z', 10, 'answered', {
    firstTimeRight: false,
    attributes: { remote: 'FALSE ' },
  }),
  call('c', '2026-10-05T09:02:00Z', 10, 'answered', { attributes: { remote: '' } }),
  call('d', '2026-10-05T09:03:00Z', 10, 'answered', { firstTimeRight: true, attributes: { remote: 'yes' } }),
];

function qa(contactId: string, scriptCompliant: boolean | null, toneOfVoiceOk: boolean | null): QaEvaluation {
  return {
    source: 'default',
    contactId,
    evaluatedAt: instantOrThrow('2026-10-06T10:00:00Z', 'test'),
    score: null,
    scriptCompliant,
    toneOfVoiceOk,
    evaluator: null,
    attributes: {},
  };
}

const qaEvaluations = [qa('a', true, null), qa('b', false, true), qa('c', null, true)];

describe('rate: yes over known answers; an unknown answer counts neither way', () => {
  it.each([
    // measure, yes, known, met, against, judged on the contact volume
    ['first_time_right', 2, 3, true, ['b'], true],
    ['remote', 1, 2, false, ['b'], true], // a custom attribute: true/false in any case, `yes` is unknown
    ['qa_script_compliant', 1, 2, false, ['b'], false],
    ['tone_of_voice_ok', 2, 2, true, [], false],
  ] as const)('%s → %i / %i', (measure, numerator, denominator, met, against, onContacts) => {
    const row = run(metric(measure), '2026-10', data({ contacts, qa_evaluations: qaEvaluations })).result
      .rows[0]!;
    expect(row).toMatchObject({ numerator, denominator, met });
    expect(row.breaches).toEqual(against);
    // Only a measure of the contacts takes part in the forecast volume band.
    expect(row.volume !== null).toBe(onContacts);
  });
});
