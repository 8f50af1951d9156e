/**
 * A contract diff in the contract's own words, and the warning for a version that judges past periods again
 * (issue 12.10), over the API on SQLite and PostgreSQL. The tests' clock is 2026-11-15; version 1 of
 * `acme-a` is signed and in force from 2026-10-01.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, contractText } from './support.js';

describe.each(DIALECTS)('contract diff and sign-off on $name', (d) => {
  const t = useStore(d);

  it('shows targets, durations and money as written, and warns when a version reaches back', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const text = contractText('acme-a', { version: 2, effectiveFrom: '2026-11-01', target: '85%' })
      .replace('threshold: 30s', 'threshold: 45s')
      .replace('monthly_fee: 100000.00', 'monthly_fee: 99500.50')
      .replace('at_risk: 10%', 'at_risk: 12.5%');
    const saved = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
      token: admin,
      json: { text },
    });
    expect(saved.body.status, saved.text).toBe('validated');

    const diff = await call(w.app, 'GET', '/api/v1/contracts/acme-a/diff?from=1&to=2', { token: admin });
    expect(diff.status, diff.text).toBe(200);
    expect(diff.body.changes.map((c: { text: string }) => c.text)).toEqual([
      'credits.at_risk: 10% → 12.5%',
      'effective_from: 2026-10-01 → 2026-11-01',
      'metrics[id=phone-service-level].target: 80% → 85%',
      'metrics[id=phone-service-level].threshold: 30s → 45s',
      'monthly_fee: 100000.00 → 99500.50',
      'version: 1 → 2',
    ]);
    expect(diff.text).not.toMatch(/ppm|800000|Cents|Ms"/);
    const warning =
      'version 2 takes effect on 2026-11-01, before today (2026-11-15): once both parties have signed it, periods from 2026-11-01 that version 1 judged already are judged again under version 2';
    expect(diff.body.warnings).toEqual([{ code: 'retroactive', message: warning }]);
    // The other way round it is the same later version that reaches back.
    const back = await call(w.app, 'GET', '/api/v1/contracts/acme-a/diff?from=2&to=1', { token: admin });
    expect(back.body.warnings).toEqual([{ code: 'retroactive', message: warning }]);

    const digest: string = saved.body.digest;
    const client = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
      token: admin,
      json: { digest },
    });
    expect(client.body.warnings).toEqual([{ code: 'retroactive', message: warning }]);
    const partner = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
      token: w.tokens['partner-admin-a'],
      json: { digest },
    });
    expect(partner.body.status).toBe('signed');
    expect(partner.body.warnings).toEqual([
      {
        code: 'retroactive',
        message:
          'version 2 takes effect on 2026-11-01, before 2026-11-15, the day both parties signed it: periods from 2026-11-01 that version 1 judged already are judged again under version 2',
      },
    ]);
  });

  it('says nothing for a version that starts after the day it is signed', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const text = contractText('acme-a', { version: 2, effectiveFrom: '2026-12-01' });
    const saved = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
      token: admin,
      json: { text },
    });
    const diff = await call(w.app, 'GET', '/api/v1/contracts/acme-a/diff?from=1&to=2', { token: admin });
    expect(diff.body.warnings).toEqual([]);
    const signed = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
      token: admin,
      json: { digest: saved.body.digest },
    });
    expect(signed.body.warnings).toEqual([]);
  });
});
