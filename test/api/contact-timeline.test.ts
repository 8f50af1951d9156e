/**
 * The drill-down's contact (GET …/contacts/{contactId}): the contact's times and status history from the
 * contract partner's data only, and its reading on a timed metric's clock, which agrees with the
 * evaluation's verdict on the same contact (it is the breach list's reason). SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

describe.each(DIALECTS)('a contact of the drill-down on $name', (d) => {
  const t = useStore(d);

  it('reads the clock as the evaluation does: A-3 waited 2 min over 30 s, A-1 10 s', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['client-viewer'];
    const breaches = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level',
      {
        token,
      },
    );
    expect(breaches.status, breaches.text).toBe(200);
    const against = breaches.body.rows.flatMap((r: { breaches: string[] }) => r.breaches) as string[];
    expect(against).toContain('A-3');
    expect(against).not.toContain('A-1');

    const a3 = await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/A-3?metric=phone-service-level', {
      token,
    });
    expect(a3.status, a3.text).toBe(200);
    expect(a3.body.contact).toMatchObject({
      id: 'A-3',
      channel: 'phone',
      createdAt: '2026-10-07T09:00:00+02:00',
    });
    expect(a3.body.contact).not.toHaveProperty('customer');
    expect(a3.body.reading).toEqual({
      metric: 'phone-service-level',
      kind: 'service_level',
      start: '2026-10-07T09:00:00+02:00',
      stop: '2026-10-07T09:02:00+02:00',
      stoppedBy: 'answered',
      elapsedMs: 120_000,
      thresholdMs: 30_000,
      pauses: [],
      within: false,
    });
    const a1 = await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/A-1?metric=phone-service-level', {
      token,
    });
    expect(a1.body.reading).toMatchObject({ elapsedMs: 10_000, within: true });
    // Without a metric: the timeline only; a metric without a clock: no reading.
    const plain = await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/A-1', { token });
    expect(plain.body.reading).toBeNull();
    const untimed = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/contacts/A-1?metric=first-time-right',
      {
        token,
      },
    );
    expect(untimed.body.reading).toBeNull();
  });

  it("finds only the contract partner's contacts, and names what it does not know", async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['client-admin'];
    // B-1 is partner B's: not in contract acme-a's data.
    expectProblem(await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/B-1', { token }), 404);
    expectProblem(await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/NOPE-1', { token }), 404);
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/A-1?metric=no-such-metric', { token }),
      404,
    );
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/A-1?metric=a%20b', { token }),
      400,
    );
  });
});

describe.each(DIALECTS)('a metric per interval of the day on $name', (d) => {
  const t = useStore(d);

  it('adds up to the evaluation: A-1..A-4 were created at 09:00 local, A-3 waited too long', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-viewer-a'];
    const doc = await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', { token });
    const pooled = doc.body.metrics.find(
      (r: { id: string; split: unknown }) => r.id === 'phone-service-level',
    );
    const r = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/intervals/phone-service-level',
      {
        token,
      },
    );
    expect(r.status, r.text).toBe(200);
    expect(r.body.minutes).toBe(30);
    expect(r.body.intervals).toHaveLength(48);
    const filled = r.body.intervals.filter((i: { denominator: number }) => i.denominator > 0);
    expect(filled).toEqual([{ start: '09:00', numerator: 3, denominator: 4 }]);
    const sum = (k: 'numerator' | 'denominator') =>
      r.body.intervals.reduce((s: number, i: Record<string, number>) => s + i[k]!, 0);
    expect({ numerator: sum('numerator'), denominator: sum('denominator') }).toEqual({
      numerator: pooled.numerator,
      denominator: pooled.denominator,
    });
    const hourly = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/intervals/phone-service-level?minutes=60',
      { token },
    );
    expect(hourly.body.intervals).toHaveLength(24);
    // Not a metric of the contract, not a number of minutes we offer.
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10/intervals/no-such', { token }),
      404,
    );
    expectProblem(
      await call(
        w.app,
        'GET',
        '/api/v1/contracts/acme-a/evaluations/2026-10/intervals/phone-service-level?minutes=7',
        {
          token,
        },
      ),
      400,
    );
  });
});
