import { describe, expect, it } from 'vitest';
import { call, contact, data, run, withBase } from '../../support/evaluation.js';

const metric = (measure: string, target: string) =>
  withBase(`metrics:
  - { id: avg, kind: average, measure: ${measure}, population: { channel: phone }, target: ${target} }
`);

const contacts = [
  call('a', '2026-10-05T09:00:00Z', 10, 'answered', { handleSeconds: 100 }),
  call('b', '2026-10-05T09:01:00Z', 40, 'answered', { handleSeconds: 300 }),
  call('c', '2026-10-05T09:02:00Z', 60, 'abandoned'),
  // Outbound: no queue to wait in, but a handling time.
  call('d', '2026-10-05T09:03:00Z', 5, 'answered', { direction: 'outbound', handleSeconds: 200 }),
  // Answered only after asOf: still waiting then.
  contact('e', { created: '2026-10-31T10:00:00Z', answeredAt: '2026-11-29T10:00:00Z' }),
];

describe('average: the mean duration per contact, lower is better', () => {
  it.each([
    // measure, target, sum of seconds, contacts, met, contacts against it (own duration above the target)
    ['speed_of_answer', '20s', 50, 2, false, ['b']],
    ['wait', '45s', 110, 3, true, ['c']],
    ['handle_time', '240s', 600, 3, true, ['b']],
  ] as const)('%s against %s: %i s over %i contacts', (measure, target, sum, count, met, against) => {
    const e = run(metric(measure, target), '2026-10', data({ contacts }));
    const row = e.result.rows.find((r) => r.id === 'avg')!;
    expect(row).toMatchObject({ numerator: sum, denominator: count, met, judged: true });
    expect(Number(row.value!.num) / Number(row.value!.den)).toBeCloseTo(sum / count, 9);
    expect(row.breaches).toEqual(against);
  });
});
