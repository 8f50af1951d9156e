/**
 * Issue 13.1: every input is bounded by what it can mean before any work is done (docs/api.md, Bounds).
 * Each of these requests once ran for seconds to hours (asOf in the year 9999, a period in 9999, a trend
 * over eight thousand years, a staffing question of 10^12 Erlang); now each is refused at once.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

/** Generous: the refusals take milliseconds; before the bounds they took seconds to minutes. */
const QUICK_MS = 4000;

async function timedCall(...args: Parameters<typeof call>) {
  const started = performance.now();
  const r = await call(...args);
  return { r, ms: performance.now() - started };
}

describe.each(DIALECTS)('bounds of evaluation requests on $name', (d) => {
  const t = useStore(d);

  it('refuses an asOf far in the future, a period beyond the horizon or before the contract, and a trend over millennia', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['client-viewer'];

    const future = await timedCall(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10?asOf=9999-12-31T23:59:59Z',
      { token },
    );
    expectProblem(future.r, 400);
    expect(future.r.body.detail).toMatch(
      /^query\.asOf: 9999-12-31T23:59:59\.000Z lies more than a day after now \(2026-11-15T12:00:00\.000Z\) and more than a year after the end of the period/,
    );
    expect(future.ms).toBeLessThan(QUICK_MS);

    const breaches = await timedCall(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level?asOf=9999-12-31T23:59:59Z',
      { token },
    );
    expectProblem(breaches.r, 400);

    const far = await timedCall(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/9999-Q4', { token });
    expectProblem(far.r, 422);
    expect(far.r.body.detail).toMatch(/^path\.period: 9999-Q4 lies more than a year ahead/);
    expect(far.ms).toBeLessThan(QUICK_MS);

    const before = await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-09', { token });
    expectProblem(before, 422);
    expect(before.body.detail).toContain('is in force on 2026-09-01');
    const ancient = await timedCall(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/1800-01', { token });
    expectProblem(ancient.r, 422);
    expect(ancient.r.body.detail).toContain('lies before the life of contract "acme-a"');
    expect(ancient.ms).toBeLessThan(QUICK_MS);

    const trend = await timedCall(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=0001-W01&to=9999-W52', {
      token,
    });
    expectProblem(trend.r, 422);
    expect(trend.ms).toBeLessThan(QUICK_MS);
    const long = await timedCall(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=2025-W01&to=2026-W52', {
      token,
    });
    expectProblem(long.r, 400);
    expect(long.r.body.detail).toBe(
      'from: more than 60 periods from 2025-W01 to 2026-W52; at most 60 at a time',
    );
    expect(long.ms).toBeLessThan(QUICK_MS);

    // Within the bounds everything still answers, an asOf up to a day ahead included.
    const ok = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10?asOf=2026-11-16T11:00:00Z',
      { token },
    );
    expect(ok.status, ok.text).toBe(200);
    // A period may be judged as it stands up to a year after its end (late surveys), as the CLI would.
    const atEnd = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-11?asOf=2026-12-01T12:00:00Z',
      { token },
    );
    expect(atEnd.status, atEnd.text).toBe(200);
    const afterEnd = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-11?asOf=2027-11-30T00:00:00Z',
      { token },
    );
    expect(afterEnd.status, afterEnd.text).toBe(200);
    const yearAfterEnd = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-11?asOf=2027-12-02T00:00:00Z',
      { token },
    );
    expectProblem(yearAfterEnd, 400);
    expect(yearAfterEnd.body.detail).toContain(
      'more than a year after the end of the period (2026-11-30T23:00:00.000Z)',
    );
    const trendOk = await call(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=2026-10&to=2026-11', {
      token,
    });
    expect(trendOk.status, trendOk.text).toBe(200);
    expect(trendOk.body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-10', '2026-11']);
  });
});

describe('bounds of staffing requests', () => {
  const t = useStore(DIALECTS[0]!);

  it('refuses more than 100,000 Erlang of traffic and durations over a day', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-viewer-a'];
    // 10^6 Erlang: computed (a million agents) before the bound; the issue's 8.64 × 10^11 ran for hours.
    const traffic = await call(
      w.app,
      'GET',
      '/api/v1/staffing?volume=1000000&interval=1s&aht=1s&target=80/20',
      {
        token,
      },
    );
    expectProblem(traffic, 400);
    expect(traffic.body.detail).toBe(
      'query.volume: 1000000 contacts of 1 s in 1 s is 1000000 Erlang of traffic; at most 100000 (volume × aht / interval)',
    );
    const issue = await call(
      w.app,
      'GET',
      '/api/v1/staffing?volume=10000000&interval=1s&aht=86400s&target=80/20',
      { token },
    );
    expectProblem(issue, 400);
    const aht = await call(w.app, 'GET', '/api/v1/staffing?volume=1&interval=24h&aht=48h&target=80/20', {
      token,
    });
    expectProblem(aht, 400);
    expect(aht.body.detail).toBe('query.aht: 172800 seconds is longer than a day (86400 s)');
    const threshold = await call(w.app, 'GET', '/api/v1/staffing?volume=1&aht=60s&target=80/100000', {
      token,
    });
    expectProblem(threshold, 400);
    const fine = await call(w.app, 'GET', '/api/v1/staffing?volume=100000&interval=1m&aht=1m&target=80/20', {
      token,
    });
    expect(fine.status, fine.text).toBe(200);
  });
});
