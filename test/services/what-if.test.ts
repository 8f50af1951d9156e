/**
 * The what-if service on SQLite and PostgreSQL: replaying the version in force changes nothing, the
 * replay's versions put the subject in force from the first period replayed, and the replay reads the same
 * records as the evaluation (agreed exclusions left out).
 */
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../src/domain/contract/types.js';
import { findContract, signedVersions } from '../../src/services/contracts.service.js';
import { replayVersions, whatIf, whatIfOfVersion } from '../../src/services/what-if.service.js';
import { buildWorld, call, NOW } from '../api/support.js';
import { DIALECTS, useStore } from '../support/stores.js';

describe('replayVersions', () => {
  const v = (version: number, effectiveFrom: string, effectiveTo: string | null = null) =>
    ({ id: 'c', version, effectiveFrom, effectiveTo }) as unknown as Contract;

  it('puts the subject in force from the day given, above every signed version', () => {
    const out = replayVersions(
      [v(1, '2026-01-01'), v(2, '2026-06-01')],
      v(3, '2027-01-01', '2027-12-31'),
      '2026-09-01',
    );
    expect(out.map((c) => [c.version, c.effectiveFrom, c.effectiveTo])).toEqual([
      [1, '2026-01-01', null],
      [2, '2026-06-01', null],
      [3, '2026-09-01', null],
    ]);
  });

  it('numbers a stale draft above a version signed after it was written', () => {
    const out = replayVersions([v(1, '2026-01-01'), v(4, '2026-06-01')], v(3, '2027-01-01'), '2026-09-01');
    expect(out.at(-1)).toMatchObject({ version: 5, effectiveFrom: '2026-09-01' });
  });

  it('replaces a signed version replayed as its own subject', () => {
    const out = replayVersions([v(1, '2026-01-01'), v(2, '2026-06-01')], v(2, '2026-06-01'), '2026-09-01');
    expect(out.map((c) => c.version)).toEqual([1, 2]);
  });
});

describe.each(DIALECTS)('what-if service on $name', (d) => {
  const t = useStore(d);

  it('replaying the version in force gives the same figures and no difference', async () => {
    await buildWorld(t.store);
    const contract = await findContract(t.store, 'acme-a');
    const doc = await whatIfOfVersion(t.store, contract, 1, { periods: 3, closed: false }, NOW);
    expect(doc.periods).toHaveLength(1);
    const [october] = doc.periods;
    expect(october!.proposed.verdicts).toEqual(october!.current.verdicts);
    expect(october!.proposed.metrics).toEqual(october!.current.metrics);
    expect(october!.changedVerdicts).toEqual([]);
    expect(Object.values(doc.totals.difference)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00']);
    expect(doc.totals.current.payable).toBe('90000.00');
  });

  it('leaves out the contacts both parties excluded, as the evaluation does', async () => {
    const w = await buildWorld(t.store);
    const raised = await call(w.app, 'POST', '/api/v1/contracts/acme-a/disputes', {
      token: w.tokens['partner-admin-a'],
      json: { contact: 'A-3', reason: 'test' },
    });
    await call(w.app, 'POST', `/api/v1/contracts/acme-a/disputes/${raised.body.id}/decision`, {
      token: w.tokens['client-admin'],
      json: { agree: true },
    });
    const contract = await findContract(t.store, 'acme-a');
    const [signed] = await signedVersions(t.store, contract);
    const subject = {
      contract: { ...signed!, version: 2 } as Contract,
      status: 'validated',
      digest: 'sha256:test',
    };
    const doc = await whatIf(t.store, contract, subject, { periods: 1, closed: false }, NOW);
    const sl = doc.periods[0]!.proposed.metrics.find((m) => m.id === 'phone-service-level');
    expect(sl).toMatchObject({ numerator: 3, denominator: 3, met: true });
  });
});
