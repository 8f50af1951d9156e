import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/domain/records.js';
import { call, contact, data, run, withBase } from '../../support/evaluation.js';

const metric = (abandoned: string) =>
  withBase(`metrics:
  - { id: ab, kind: abandonment_rate, population: { channel: phone }, abandoned: ${abandoned}, target: 11% }
`);

function calls(): Contact[] {
  const out: Contact[] = [];
  for (let i = 0; i < 17; i++)
    out.push(call(`ok${i}`, `2026-10-05T09:${String(i).padStart(2, '0')}:00Z`, 10));
  out.push(call('short', '2026-10-05T10:00:00Z', 2, 'abandoned'));
  out.push(call('gone1', '2026-10-05T10:01:00Z', 30, 'abandoned'));
  out.push(call('gone2', '2026-10-05T10:02:00Z', 90, 'abandoned'));
  // Not counted: outbound, and still in the queue at asOf.
  out.push(call('out', '2026-10-05T10:03:00Z', 2, 'abandoned', { direction: 'outbound' }));
  out.push(contact('queued', { created: '2026-10-31T23:59:00+01:00' }));
  return out;
}

describe('abandonment rate: abandons over answered and abandoned inbound contacts, lower is better', () => {
  it.each([
    // abandoned, abandons, contacts, met
    ['{ short: 5s }', 2, 19, true], // the 2 s abandon leaves numerator and denominator
    ['{ short: 1s }', 3, 20, false],
    ['{}', 3, 20, false],
  ] as const)('%s → %i / %i', (abandoned, numerator, denominator, met) => {
    const e = run(metric(abandoned), '2026-10', data({ contacts: calls() }));
    const row = e.result.rows[0]!;
    expect(row).toMatchObject({ numerator, denominator, met, judged: true });
    // Lower is better: the abandons are the contacts against it.
    expect(row.breaches).toEqual(['gone1', 'gone2', 'short'].slice(0, numerator));
  });
});
