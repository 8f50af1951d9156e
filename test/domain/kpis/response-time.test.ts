import { describe, expect, it } from 'vitest';
import { contact, data, run, withBase } from '../../support/evaluation.js';

const metric = withBase(`metrics:
  - { id: reply, kind: response_time, threshold: 24h, target: 90% }
`);

describe('response time: first replies within the threshold, real time without a calendar', () => {
  const cases = [
    // id, contact, counted, met
    ['fast', { created: '2026-11-05T10:00:00Z', firstResponseAt: '2026-11-05T12:00:00Z' }, true, true],
    ['slow', { created: '2026-11-05T10:00:00Z', firstResponseAt: '2026-11-07T10:00:00Z' }, true, false],
    ['edge', { created: '2026-11-05T10:00:00Z', firstResponseAt: '2026-11-06T10:00:00Z' }, true, true],
    ['solved', { created: '2026-11-05T10:00:00Z', resolvedAt: '2026-11-05T20:00:00Z' }, true, true],
    ['open-late', { created: '2026-11-20T12:00:00+01:00' }, true, false],
    ['open-in-time', { created: '2026-11-27T12:00:00+01:00' }, false, null],
    // A chat waits in a queue: response time counts written contacts only (kpis.md), even without population.
    [
      'abandoned-chat',
      { channel: 'chat', created: '2026-11-05T10:00:00Z', abandonedAt: '2026-11-05T10:01:00Z' },
      false,
      null,
    ],
    [
      'answered-call',
      { channel: 'phone', created: '2026-11-05T10:00:00Z', answeredAt: '2026-11-05T10:00:20Z' },
      false,
      null,
    ],
    [
      'abandoned-message',
      { channel: 'messaging', created: '2026-11-05T10:00:00Z', abandonedAt: '2026-11-05T10:01:00Z' },
      false,
      null,
    ],
  ] as const;

  it.each(cases)('%s: counted %s, met %s', (id, fields, counted, met) => {
    const c = contact(id, { channel: 'email', ...fields });
    const row = run(metric, '2026-11', data({ contacts: [c] })).result.rows[0]!;
    expect(row.denominator).toBe(counted ? 1 : 0);
    if (counted) expect(row.numerator).toBe(met ? 1 : 0);
    expect(row.breaches).toEqual(counted && !met ? [id] : []);
  });

  it('all together: met / counted', () => {
    const contacts = cases.map(([id, fields]) => contact(id, { channel: 'email', ...fields }));
    const row = run(metric, '2026-11', data({ contacts })).result.rows[0]!;
    expect(row).toMatchObject({ numerator: 3, denominator: 5, met: false });
    expect(row.breaches).toEqual(['open-late', 'slow']);
  });
});
