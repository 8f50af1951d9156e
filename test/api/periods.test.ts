/**
 * Running and future periods through the API (contract.md, Running and future periods), on SQLite and
 * PostgreSQL: a period not ended by asOf is provisional in the evaluation and the trend; a period that
 * starts after asOf is refused with 409.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

describe.each(DIALECTS)('running and future periods on $name', (d) => {
  const t = useStore(d);

  it('marks a running period provisional and refuses one that has not started (409)', async () => {
    const w = await buildWorld(t.store); // now: 2026-11-15T12:00:00Z
    const token = w.tokens['client-admin'];
    const get = (path: string) => call(w.app, 'GET', `/api/v1/contracts/acme-a${path}`, { token });

    const october = await get('/evaluations/2026-10');
    expect(october.status, october.text).toBe(200);
    expect(october.body.provisional).toBe(false);
    expect(Object.keys(october.body).slice(4, 7)).toEqual(['asOf', 'provisional', 'inputDigest']);

    const november = await get('/evaluations/2026-11');
    expect(november.status, november.text).toBe(200);
    expect(november.body.provisional).toBe(true);
    expect(
      (await get(`/evaluations/2026-11?asOf=${encodeURIComponent('2026-12-01T00:00:00+01:00')}`)).body
        .provisional,
    ).toBe(false);

    const december = await get('/evaluations/2026-12');
    expectProblem(december, 409);
    expect(december.body.detail).toContain('2026-12');
    expect(december.body.detail).toContain('after the as-of instant');
    expectProblem(await get('/evaluations/2026-12/breaches/phone-service-level'), 409);

    const trend = await get('/trend?from=2026-10&to=2026-11');
    expect(trend.status, trend.text).toBe(200);
    expect(
      trend.body.periods.map((p: { period: string; provisional: boolean }) => [p.period, p.provisional]),
    ).toEqual([
      ['2026-10', false],
      ['2026-11', true],
    ]);
  });
});
