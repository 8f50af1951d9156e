/**
 * Period close and disputes (contract.md, Closing and disputes) on SQLite and PostgreSQL: both parties agree
 * to the same figures, a closed period never changes, late data shows as an adjustment in the next open
 * period, and a contact excluded by both parties leaves every population.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore, withRawDb } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

const AS_OF = '2026-11-10T09:00:00+01:00';

describe.each(DIALECTS)('period close and disputes on $name', (d) => {
  const t = useStore(d);

  it('closes a period when both parties agree to the same figures, and keeps them', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const partner = w.tokens['partner-admin-a'];
    const path = '/api/v1/contracts/acme-a/periods/2026-10/close';
    const reviewed = await call(
      w.app,
      'GET',
      `/api/v1/contracts/acme-a/evaluations/2026-10?asOf=${encodeURIComponent(AS_OF)}`,
      {
        token: admin,
      },
    );
    const inputDigest: string = reviewed.body.inputDigest;
    expect(reviewed.body.statement.payable).toBe('90000.00');

    expectProblem(
      await call(w.app, 'POST', path, {
        token: admin,
        json: { asOf: AS_OF, inputDigest: `sha256:${'0'.repeat(64)}` },
      }),
      409,
    );
    expectProblem(
      await call(w.app, 'POST', path, { token: admin, json: { asOf: '2027-01-01T00:00:00Z', inputDigest } }),
      422,
    );
    expectProblem(
      await call(w.app, 'POST', '/api/v1/contracts/acme-a/periods/2026-11/close', {
        token: admin,
        json: { asOf: AS_OF, inputDigest },
      }),
      409,
    );
    expectProblem(
      await call(w.app, 'POST', path, {
        token: w.tokens['client-viewer'],
        json: { asOf: AS_OF, inputDigest },
      }),
      403,
    );
    expectProblem(await call(w.app, 'GET', path, { token: admin }), 404);

    const proposed = await call(w.app, 'POST', path, { token: admin, json: { asOf: AS_OF, inputDigest } });
    expect(proposed.status, proposed.text).toBe(200);
    expect(proposed.body).toMatchObject({ status: 'proposed', inputDigest, agreements: { partner: null } });
    expectProblem(await call(w.app, 'POST', path, { token: admin, json: { asOf: AS_OF, inputDigest } }), 409);
    const closed = await call(w.app, 'POST', path, { token: partner, json: { asOf: AS_OF, inputDigest } });
    expect(closed.body).toMatchObject({ status: 'closed', statement: { payable: '90000.00' } });
    expect(closed.body.closedAt).not.toBeNull();
    expectProblem(
      await call(w.app, 'POST', path, { token: partner, json: { asOf: AS_OF, inputDigest } }),
      409,
    );

    // Late data for October: eight good calls make both metrics met when recomputed.
    const late = [
      'id,channel,direction,language,created_at,answered_at,first_time_right',
      ...Array.from(
        { length: 8 },
        (_, i) => `L-${i},phone,inbound,nl,2026-10-20T09:00:00+02:00,2026-10-20T09:00:05+02:00,true`,
      ),
    ].join('\n');
    expect(
      (
        await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
          token: partner,
          body: late,
          contentType: 'text/csv',
        })
      ).status,
    ).toBe(200);

    // The closed period answers with the figures agreed, whenever asked.
    const after = await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', {
      token: w.tokens.finance,
    });
    expect(after.body.inputDigest).toBe(inputDigest);
    expect(after.body.statement.payable).toBe('90000.00');
    expect(after.body.closed).toMatchObject({ status: 'closed' });
    const { closed: _, ...agreed } = after.body;
    expect(agreed).toEqual(reviewed.body);

    // The difference shows in the next open period.
    const november = await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-11', {
      token: w.tokens.finance,
    });
    expect(november.body.adjustments).toEqual([
      {
        period: '2026-10',
        closedPayable: '90000.00',
        recomputedPayable: '100000.00',
        settled: '0.00',
        amount: '10000.00',
      },
    ]);
    expect(november.body.statement).toMatchObject({
      payable: '100000.00',
      adjustments: '10000.00',
      payableAfterAdjustments: '110000.00',
    });

    // The trend keeps the agreed figures for the closed month.
    const trend = await call(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=2026-10&to=2026-11', {
      token: w.tokens.finance,
    });
    expect(trend.body.periods[0].statement.payable).toBe('90000.00');
    expect(trend.body.periods[0].verdicts['phone-service-level']).toBe('missed');
    // …and shows the open month's statement as its own document does, adjustment and net included.
    expect(trend.body.periods[1].statement).toEqual(november.body.statement);

    // The database itself refuses to change a closed period.
    await withRawDb(t.url, async (db) => {
      await expect(sql`update period_closes set document = '{}'`.execute(db)).rejects.toThrow(/immutable/);
      await expect(sql`delete from period_closes`.execute(db)).rejects.toThrow(/immutable/);
    });

    const audit = await call(w.app, 'GET', '/api/v1/audit?action=period.closed', { token: admin });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0].details).toMatchObject({
      period: '2026-10',
      side: 'partner',
      inputDigest,
      payable: '90000.00',
    });
  });

  it('a newer proposal replaces one the other side has not agreed to', async () => {
    const w = await buildWorld(t.store);
    const path = '/api/v1/contracts/acme-a/periods/2026-10/close';
    const digestAt = async (asOf: string) =>
      (
        await call(
          w.app,
          'GET',
          `/api/v1/contracts/acme-a/evaluations/2026-10?asOf=${encodeURIComponent(asOf)}`,
          { token: w.tokens['client-admin'] },
        )
      ).body.inputDigest as string;
    const a = '2026-11-02T09:00:00Z';
    const b = '2026-11-03T09:00:00Z';
    await call(w.app, 'POST', path, {
      token: w.tokens['client-admin'],
      json: { asOf: a, inputDigest: await digestAt(a) },
    });
    const other = await call(w.app, 'POST', path, {
      token: w.tokens['partner-admin-a'],
      json: { asOf: b, inputDigest: await digestAt(b) },
    });
    expect(other.body).toMatchObject({ status: 'proposed', agreements: { client: null } });
    const done = await call(w.app, 'POST', path, {
      token: w.tokens['client-admin'],
      json: { asOf: b, inputDigest: await digestAt(b) },
    });
    expect(done.body.status).toBe('closed');
  });

  it('excludes a disputed contact from every population once both parties agree', async () => {
    const w = await buildWorld(t.store);
    const disputes = '/api/v1/contracts/acme-a/disputes';
    expectProblem(
      await call(w.app, 'POST', disputes, {
        token: w.tokens['partner-admin-a'],
        json: { contact: 'B-1', reason: 'test' },
      }),
      404,
    );
    expectProblem(
      await call(w.app, 'POST', disputes, {
        token: w.tokens['partner-admin-a'],
        json: { contact: 'A-3', reason: 'bogus' },
      }),
      400,
    );
    const raised = await call(w.app, 'POST', disputes, {
      token: w.tokens['partner-admin-a'],
      json: { contact: 'A-3', reason: 'test', note: "test call by the partner's QA team" },
    });
    expect(raised.status, raised.text).toBe(201);
    expect(raised.body).toMatchObject({
      source: 'a-genesys',
      contact: 'A-3',
      status: 'proposed',
      raised: { side: 'partner' },
    });
    expectProblem(
      await call(w.app, 'POST', disputes, {
        token: w.tokens['client-admin'],
        json: { contact: 'A-3', reason: 'spam' },
      }),
      409,
    );
    const decision = `${disputes}/${raised.body.id}/decision`;
    // Not yet agreed: the contact still counts.
    let sl = (
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', {
        token: w.tokens['client-admin'],
      })
    ).body.metrics[0];
    expect(sl).toMatchObject({ numerator: 3, denominator: 4 });
    expectProblem(
      await call(w.app, 'POST', decision, { token: w.tokens['partner-admin-a'], json: { agree: true } }),
      409,
    );
    expectProblem(
      await call(w.app, 'POST', decision, { token: w.tokens['partner-admin-b'], json: { agree: true } }),
      404,
    );
    const agreed = await call(w.app, 'POST', decision, {
      token: w.tokens['client-admin'],
      json: { agree: true },
    });
    expect(agreed.body.status).toBe('agreed');
    expectProblem(
      await call(w.app, 'POST', decision, { token: w.tokens['client-admin'], json: { agree: false } }),
      409,
    );

    sl = (
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', {
        token: w.tokens['client-admin'],
      })
    ).body.metrics[0];
    expect(sl).toMatchObject({ id: 'phone-service-level', numerator: 3, denominator: 3, met: true });
    const breaches = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/first-time-right',
      {
        token: w.tokens['partner-viewer-a'],
      },
    );
    expect(breaches.body.rows[0].breaches).toEqual([]);
    const list = await call(w.app, 'GET', `${disputes}?status=agreed`, { token: w.tokens.finance });
    expect(list.body.disputes).toHaveLength(1);
    expect(list.body.disputes[0]).toMatchObject({
      reason: 'test',
      note: "test call by the partner's QA team",
    });
    const audit = await call(w.app, 'GET', '/api/v1/audit?action=dispute.agreed', {
      token: w.tokens['partner-admin-a'],
    });
    expect(audit.body.entries[0].details).toMatchObject({ contact: 'A-3', reason: 'test', side: 'client' });
  });
});
