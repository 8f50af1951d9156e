/**
 * The what-if of a version not yet in force (replayed over the last ended or closed periods beside the
 * signed versions) and a version in plain words, through the API on SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { explainContract } from '../../src/domain/contract/explain.js';
import type { Contract } from '../../src/domain/contract/types.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, contractText, expectProblem, type World } from './support.js';

/** A version 2 of acme-a that asks 70% of calls within 30 s instead of 80%, from 2027. */
async function draftV2(w: World, target = '70%') {
  const r = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
    token: w.tokens['client-admin'],
    json: { text: contractText('acme-a', { version: 2, effectiveFrom: '2027-01-01', target }) },
  });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

/** Both parties close October 2026 on the figures as they stand. */
async function closeOctober(w: World) {
  const asOf = '2026-11-10T09:00:00Z';
  const reviewed = await call(w.app, 'GET', `/api/v1/contracts/acme-a/evaluations/2026-10?asOf=${asOf}`, {
    token: w.tokens['client-admin'],
  });
  for (const token of [w.tokens['client-admin'], w.tokens['partner-admin-a']]) {
    const r = await call(w.app, 'POST', '/api/v1/contracts/acme-a/periods/2026-10/close', {
      token,
      json: { asOf, inputDigest: reviewed.body.inputDigest },
    });
    expect(r.status, r.text).toBe(200);
  }
}

/** Calls of partner A in a month: `good` answered within 10 s, `slow` after two minutes. */
function calls(month: string, good: number, slow: number): string {
  const rows = ['id,channel,direction,language,created_at,answered_at,first_time_right'];
  for (let i = 0; i < good + slow; i++) {
    const day = String(2 + i).padStart(2, '0');
    const answered = i < good ? '09:00:10' : '09:02:00';
    rows.push(
      `H-${month}-${i},phone,inbound,nl,${month}-${day}T09:00:00+02:00,${month}-${day}T${answered}+02:00,true`,
    );
  }
  return rows.join('\n');
}

describe.each(DIALECTS)('what-if on $name', (d) => {
  const t = useStore(d);

  it('replays a draft over the last ended period beside the version in force', async () => {
    const w = await buildWorld(t.store);
    const draft = await draftV2(w);
    const r = await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/2/what-if?periods=3', {
      token: w.tokens.finance,
    });
    expect(r.status, r.text).toBe(200);
    // Only October has ended under a signed version (version 1 starts 2026-10-01; now is 2026-11-15).
    expect(r.body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-10']);
    expect(r.body).toMatchObject({
      contract: 'acme-a',
      basis: 'ended',
      inForce: { version: 1 },
      proposed: { version: 2, status: 'validated', digest: draft.digest, replayedFrom: '2026-10-01' },
    });
    const [october] = r.body.periods;
    // 3 of 4 calls within 30 s: 75% misses 80% but meets 70%; first-time-right (75% of 85%) misses both ways.
    expect(october.current.verdicts).toEqual({
      'phone-service-level': 'missed',
      'first-time-right': 'missed',
    });
    expect(october.proposed.verdicts).toEqual({ 'phone-service-level': 'met', 'first-time-right': 'missed' });
    expect(october.current.statement).toMatchObject({ credits: '10000.00', payable: '90000.00' });
    expect(october.proposed.statement).toMatchObject({ credits: '5000.00', payable: '95000.00' });
    expect(october.proposed.version).toBe(2);
    expect(october.proposed.contractDigest).toBe(draft.digest);
    expect(october.changedVerdicts).toEqual(['phone-service-level']);
    expect(october.difference).toMatchObject({ credits: '-5000.00', payable: '5000.00', fee: '0.00' });
    expect(october.closed).toBeNull();
    expect(r.body.totals).toMatchObject({
      current: { payable: '90000.00' },
      proposed: { payable: '95000.00' },
      difference: { payable: '5000.00', credits: '-5000.00' },
    });
    // The figures of the version in force are those of its evaluation.
    const evaluation = await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', {
      token: w.tokens.finance,
    });
    expect(october.current.statement).toEqual(evaluation.body.statement);
    expect(october.current.metrics.map((m: { value: number }) => m.value)).toEqual(
      evaluation.body.metrics.map((m: { value: number }) => m.value),
    );
  });

  it('replays the last closed periods and names what both parties agreed to', async () => {
    const w = await buildWorld(t.store);
    await draftV2(w, '75%');
    const path = '/api/v1/contracts/acme-a/versions/2/what-if?basis=closed';
    expectProblem(await call(w.app, 'GET', path, { token: w.tokens['partner-viewer-a'] }), 409);
    await closeOctober(w);
    const r = await call(w.app, 'GET', path, { token: w.tokens['partner-viewer-a'] });
    expect(r.status, r.text).toBe(200);
    expect(r.body.basis).toBe('closed');
    expect(r.body.periods).toHaveLength(1);
    expect(r.body.periods[0]).toMatchObject({
      period: '2026-10',
      closed: { payable: '90000.00' },
      proposed: { statement: { payable: '95000.00' } },
    });
  });

  it('replays several periods, each with the version as it would have judged it', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const text = (version: number, target: string, from: string) =>
      contractText('acme-h', { version, effectiveFrom: from, target });
    const created = await call(w.app, 'POST', '/api/v1/contracts', {
      token: admin,
      json: { partner: w.partnerA, text: text(1, '80%', '2026-08-01') },
    });
    expect(created.status, created.text).toBe(201);
    for (const token of [admin, w.tokens['partner-admin-a']]) {
      const s = await call(w.app, 'POST', '/api/v1/contracts/acme-h/versions/1/signatures', {
        token,
        json: { digest: created.body.versions[0].digest },
      });
      expect(s.status, s.text).toBe(200);
    }
    // August: 9 of 10 within 30 s (met either way); September: 6 of 10 (missed at 80%, met at 60%).
    for (const csv of [calls('2026-08', 9, 1), calls('2026-09', 6, 4)]) {
      const i = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
        token: w.tokens['partner-admin-a'],
        body: csv,
        contentType: 'text/csv',
      });
      expect(i.status, i.text).toBe(200);
    }
    const put = await call(w.app, 'PUT', '/api/v1/contracts/acme-h/versions/2', {
      token: admin,
      json: { text: text(2, '60%', '2027-01-01') },
    });
    expect(put.status, put.text).toBe(201);

    const two = await call(w.app, 'GET', '/api/v1/contracts/acme-h/versions/2/what-if?periods=2', {
      token: admin,
    });
    expect(two.status, two.text).toBe(200);
    expect(two.body.proposed.replayedFrom).toBe('2026-09-01');
    expect(two.body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-09', '2026-10']);
    const all = await call(w.app, 'GET', '/api/v1/contracts/acme-h/versions/2/what-if?periods=12', {
      token: admin,
    });
    // No period before the contract's first version is replayed.
    expect(all.body.periods.map((p: { period: string }) => p.period)).toEqual([
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    const verdicts = all.body.periods.map(
      (p: { current: { verdicts: object }; proposed: { verdicts: object } }) => [
        (p.current.verdicts as Record<string, string>)['phone-service-level'],
        (p.proposed.verdicts as Record<string, string>)['phone-service-level'],
      ],
    );
    expect(verdicts).toEqual([
      ['met', 'met'],
      ['missed', 'met'],
      ['missed', 'met'],
    ]);
    const sum = (key: 'current' | 'proposed') =>
      all.body.periods
        .map((p: Record<string, { statement: { payable: string } }>) => Number(p[key]!.statement.payable))
        .reduce((a: number, b: number) => a + b, 0);
    expect(Number(all.body.totals.current.payable)).toBe(sum('current'));
    expect(Number(all.body.totals.proposed.payable)).toBe(sum('proposed'));
  });

  it('refuses what it cannot replay, and what the caller may not see', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const bad = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
      token: admin,
      json: { text: contractText('acme-a', { version: 2, target: 'eighty' }) },
    });
    expect(bad.body.status).toBe('draft');
    const refused = await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/2/what-if', { token: admin });
    expectProblem(refused, 409);
    expect(refused.body.errors[0]).toMatchObject({ path: 'metrics[0].target' });
    expect(refused.body.errors[0].line).toBeGreaterThan(10);
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/9/what-if', { token: admin }),
      404,
    );
    const v3 = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/3', {
      token: admin,
      json: {
        text: contractText('acme-a', { version: 3, effectiveFrom: '2027-01-01' }).replace(
          'period: month',
          'period: quarter',
        ),
      },
    });
    expect(v3.body.status, v3.text).toBe('validated');
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/3/what-if', { token: admin }),
      422,
    );
    for (const q of ['periods=0', 'periods=13', 'periods=x', 'basis=open'])
      expectProblem(
        await call(w.app, 'GET', `/api/v1/contracts/acme-a/versions/3/what-if?${q}`, { token: admin }),
        400,
      );
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/3/what-if', {
        token: w.tokens['partner-viewer-b'],
      }),
      404,
    );
  });

  it('puts a version in plain words in English, Dutch and German', async () => {
    const w = await buildWorld(t.store);
    const version = await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/1', {
      token: w.tokens['partner-viewer-a'],
    });
    const texts = new Set<string>();
    for (const lang of ['en', 'nl', 'de'] as const) {
      const r = await call(w.app, 'GET', `/api/v1/contracts/acme-a/versions/1/explanation?lang=${lang}`, {
        token: w.tokens['partner-viewer-a'],
      });
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ contract: 'acme-a', version: 1, lang, digest: version.body.digest });
      // The text of `accord contract explain` for the same contract.
      expect(r.body.text).toBe(
        explainContract(version.body.canonical as Contract, { lang, digest: version.body.digest }),
      );
      expect(r.body.text).toContain('phone-service-level');
      texts.add(r.body.text);
    }
    expect(texts.size).toBe(3);
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/1/explanation?lang=fr', {
        token: w.tokens['partner-viewer-a'],
      }),
      400,
    );
    await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
      token: w.tokens['client-admin'],
      json: { text: 'contract: acme-a\nversion: 2\n' },
    });
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/2/explanation', {
        token: w.tokens['partner-viewer-a'],
      }),
      409,
    );
  });
});
