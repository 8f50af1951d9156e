/**
 * Issue 13.6: finance reads no contact ids — not in an evaluation's warnings, not in a contract's disputes
 * (docs/api.md, Roles) — and every answer carries the security headers (docs/deployment.md).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, NOW, testPseudonymise } from './support.js';

describe.each(DIALECTS)('what finance reads on $name', (d) => {
  const t = useStore(d);

  it('sees warnings and disputes without contact ids; other roles see them', async () => {
    const w = await buildWorld(t.store);
    const queued = [
      'id,channel,direction,language,created_at,answered_at,first_time_right',
      'A-9,phone,inbound,nl,2026-10-09T09:00:00+02:00,,true',
    ].join('\n');
    const i = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: queued,
      contentType: 'text/csv',
    });
    expect(i.status, i.text).toBe(200);
    const raised = await call(w.app, 'POST', '/api/v1/contracts/acme-a/disputes', {
      token: w.tokens['partner-admin-a'],
      json: { contact: 'A-3', reason: 'test', note: 'test call by A-3 from the QA team' },
    });
    expect(raised.status, raised.text).toBe(201);

    const evaluation = '/api/v1/contracts/acme-a/evaluations/2026-10?asOf=2026-11-01T00:00:00Z';
    const viewer = await call(w.app, 'GET', evaluation, { token: w.tokens['client-viewer'] });
    expect(viewer.body.warnings).toContainEqual(
      expect.objectContaining({ code: 'queued_without_outcome', contact: 'A-9' }),
    );
    const finance = await call(w.app, 'GET', evaluation, { token: w.tokens.finance });
    expect(finance.status, finance.text).toBe(200);
    expect(finance.body.warnings.length).toBe(viewer.body.warnings.length);
    expect(finance.body.warnings.every((x: { contact: unknown }) => x.contact === null)).toBe(true);
    expect(finance.text).not.toContain('A-9');
    expect(finance.body.statement).toEqual(viewer.body.statement);

    const disputes = '/api/v1/contracts/acme-a/disputes';
    const seen = await call(w.app, 'GET', disputes, { token: w.tokens['client-viewer'] });
    expect(seen.body.disputes[0]).toMatchObject({
      contact: 'A-3',
      note: 'test call by A-3 from the QA team',
    });
    const redacted = await call(w.app, 'GET', disputes, { token: w.tokens.finance });
    expect(redacted.status, redacted.text).toBe(200);
    expect(redacted.body.disputes[0]).toMatchObject({
      contact: null,
      note: 'test call by [contact] from the QA team',
      reason: 'test',
      status: 'proposed',
    });
    expect(redacted.text).not.toContain('A-3');
  });
});

describe('security headers', () => {
  const t = useStore(DIALECTS[0]!);

  it('are on every answer, success or problem; HSTS only when configured', async () => {
    const app = createApp({ store: t.store, now: () => NOW, pseudonymise: testPseudonymise });
    for (const path of ['/healthz', '/api/v1/openapi.json', '/api/v1/contracts', '/nope']) {
      const r = await call(app, 'GET', path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('strict-transport-security'), path).toBeNull();
    }
    const tls = createApp({ store: t.store, now: () => NOW, pseudonymise: testPseudonymise, hsts: true });
    const r = await call(tls, 'GET', '/healthz');
    expect(r.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
