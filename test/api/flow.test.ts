/**
 * The API in-process (app.request), on SQLite and PostgreSQL: first start, sessions, contracts from draft
 * to signed, ingest, evaluations from the store, drill-down, trend, audit, health and metrics.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/domain/evaluation/evaluate.js';
import { evaluationJson } from '../../src/domain/evaluation/json.js';
import { nodeSha256 } from '../../src/ingest/sha256.js';
import { DIALECTS, useStore, withRawDb } from '../support/stores.js';
import { buildWorld, call, contractText, expectProblem, NOW } from './support.js';

describe.each(DIALECTS)('API on $name', (d) => {
  const t = useStore(d);

  it('answers health, metrics and the OpenAPI document', async () => {
    const w = await buildWorld(t.store);
    const h = await call(w.app, 'GET', '/healthz');
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ status: 'ok', store: d.name });
    const doc = await call(w.app, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.0.3');
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/contracts/{contractId}/evaluations/{period}');
    expect(doc.body.components.schemas.Problem).toBeDefined();
    const m = await call(w.app, 'GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect(m.text).toMatch(
      /accord_http_requests_total\{method="POST",route="\/api\/v1\/contracts",status="201"\} 2/,
    );
    expect(m.text).toMatch(/accord_ingest_records_total\{outcome="inserted"\} 6/);
    expect(m.text).toContain('accord_evaluation_duration_seconds_count');
  });

  it('names the route that answered in the request metrics, also beside the dashboard', async () => {
    const web = mkdtempSync(join(tmpdir(), 'accord-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Accord</title>');
    try {
      const w = await buildWorld(t.store, { webDir: web });
      expect((await call(w.app, 'GET', '/api/v1/openapi.json')).status).toBe(200);
      expect((await call(w.app, 'GET', '/contracts/acme/live')).status).toBe(200);
      expect((await call(w.app, 'GET', '/api/v1/nothing-here')).status).toBe(404);
      const m = await call(w.app, 'GET', '/metrics');
      expect(m.text).toMatch(
        /accord_http_requests_total\{method="GET",route="\/api\/v1\/openapi.json",status="200"\} 1/,
      );
      expect(m.text).toMatch(/accord_http_requests_total\{method="GET",route="dashboard",status="200"\} 1/);
      expect(m.text).toMatch(/accord_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    } finally {
      rmSync(web, { recursive: true, force: true });
    }
  });

  it('sets up once, then signs in with a session, a CSRF token and rate limiting', async () => {
    const w = await buildWorld(t.store);
    // Set-up is done: a second attempt is refused.
    const again = await call(w.app, 'POST', '/api/v1/setup', {
      json: {
        token: 'setup_x',
        organisation: 'X',
        name: 'X',
        email: 'x@x.example',
        password: 'another long password',
      },
    });
    expectProblem(again, 409);

    const bad = await call(w.app, 'POST', '/api/v1/session', {
      json: { email: 'vera@acme.example', password: 'wrong password!' },
    });
    expectProblem(bad, 401);
    const ok = await call(w.app, 'POST', '/api/v1/session', {
      json: { email: 'Vera@ACME.example', password: 'a long enough password' },
    });
    expect(ok.status, ok.text).toBe(200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^__Host-accord_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0]!;
    const csrf: string = ok.body.csrfToken;

    const me = await call(w.app, 'GET', '/api/v1/session', { headers: { cookie } });
    expect(me.body).toMatchObject({ kind: 'user', role: 'client-admin', csrfToken: csrf });
    // A cookie-authenticated write without the CSRF token is refused; with it, it works.
    const noCsrf = await call(w.app, 'POST', '/api/v1/tokens', {
      headers: { cookie },
      json: { role: 'client-viewer' },
    });
    expectProblem(noCsrf, 403);
    expect(noCsrf.body.detail).toMatch(/CSRF/);
    const withCsrf = await call(w.app, 'POST', '/api/v1/tokens', {
      headers: { cookie, 'x-csrf-token': csrf },
      json: { role: 'client-viewer' },
    });
    expect(withCsrf.status).toBe(201);
    // Logout ends the session everywhere (it lives in the database).
    expect(
      (await call(w.app, 'DELETE', '/api/v1/session', { headers: { cookie, 'x-csrf-token': csrf } })).status,
    ).toBe(204);
    expectProblem(await call(w.app, 'GET', '/api/v1/session', { headers: { cookie } }), 401);

    // Five failures in a row lock the account for the window, even with the right password afterwards.
    for (let i = 0; i < 5; i++)
      expectProblem(
        await call(w.app, 'POST', '/api/v1/session', {
          json: { email: 'vera@acme.example', password: `nope-${i}` },
        }),
        401,
      );
    const locked = await call(w.app, 'POST', '/api/v1/session', {
      json: { email: 'vera@acme.example', password: 'a long enough password' },
    });
    expectProblem(locked, 429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('takes a contract from draft to validated to signed, and keeps signed versions immutable', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    // A draft that does not validate: kept, with path and line.
    const broken = contractText('acme-a', { version: 2, effectiveFrom: '2026-12-01' }).replace(
      'threshold: 30s',
      'threshold: 30 sec',
    );
    const draft = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
      token: admin,
      json: { text: broken },
    });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.errors[0]).toMatchObject({ path: 'metrics[0].threshold', line: 14 });
    const signDraft = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
      token: admin,
      json: { digest: `sha256:${'0'.repeat(64)}` },
    });
    expectProblem(signDraft, 409);

    // Fixed: validated, with a digest.
    const text2 = contractText('acme-a', { version: 2, effectiveFrom: '2026-12-01', target: '85%' });
    const valid = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
      token: admin,
      json: { text: text2 },
    });
    expect(valid.status).toBe(200);
    expect(valid.body.status).toBe('validated');
    const digest: string = valid.body.digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    // The diff, key by key over the canonical form.
    const diff = await call(w.app, 'GET', '/api/v1/contracts/acme-a/diff?from=1&to=2', {
      token: w.tokens['partner-viewer-a'],
    });
    expect(diff.status, diff.text).toBe(200);
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'effective_from',
          op: 'changed',
          from: '2026-10-01',
          to: '2026-12-01',
        }),
        expect.objectContaining({ path: 'version', op: 'changed', from: 1, to: 2 }),
        {
          path: 'metrics[id=phone-service-level].target',
          op: 'changed',
          from: '80%',
          to: '85%',
          text: 'metrics[id=phone-service-level].target: 80% → 85%',
        },
      ]),
    );

    // Signing needs the digest as reviewed; each side signs once; both make it signed.
    expectProblem(
      await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
        token: admin,
        json: { digest: `sha256:${'1'.repeat(64)}` },
      }),
      409,
    );
    const client = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
      token: admin,
      json: { digest },
    });
    expect(client.body.status).toBe('validated');
    expect(client.body.signatures.client).not.toBeNull();
    expectProblem(
      await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
        token: admin,
        json: { digest },
      }),
      409,
    );
    // Partly signed: the text can no longer change.
    expectProblem(
      await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
        token: admin,
        json: { text: text2 },
      }),
      409,
    );
    const partner = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
      token: w.tokens['partner-admin-a'],
      json: { digest },
    });
    expect(partner.body.status).toBe('signed');

    // Immutable, also in the database itself.
    const put = await call(w.app, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
      token: admin,
      json: { text: text2 },
    });
    expectProblem(put, 409);
    await expect(
      withRawDb(t.url, (db) => db.updateTable('contract_versions').set({ text: 'x' }).execute()),
    ).rejects.toThrow(/immutable/);

    const contract = await call(w.app, 'GET', '/api/v1/contracts/acme-a', { token: w.tokens.finance });
    expect(contract.body.inForce).toBe(1); // November 2026: version 2 starts in December
    expect(contract.body.versions.map((v: { status: string }) => v.status)).toEqual(['signed', 'signed']);

    // A new version from a valid text; its number comes from the text.
    const v3 = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions', {
      token: admin,
      json: { text: contractText('acme-a', { version: 3, effectiveFrom: '2027-01-01' }) },
    });
    expect(v3.status, v3.text).toBe(201);
    const wrongId = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions', {
      token: admin,
      json: { text: contractText('acme-b', { version: 4 }) },
    });
    expectProblem(wrongId, 422);
    expect(wrongId.body.errors[0]).toMatchObject({ path: 'contract', line: 1 });

    // Every change and signature is in the audit log, with who and the digest.
    const audit = await call(w.app, 'GET', '/api/v1/audit?action=contract.version.signed', { token: admin });
    const signed = audit.body.entries.filter(
      (e: { details: { contract: string; version: number } }) =>
        e.details.contract === 'acme-a' && e.details.version === 2,
    );
    expect(
      signed.map((e: { actor: string; details: { side: string; digest: string } }) => [
        e.details.side,
        e.details.digest,
      ]),
    ).toEqual([
      ['client', digest],
      ['partner', digest],
    ]);
    expect(signed[0].actor).toMatch(/^token:tok_/);
    expect(await t.store.audit.verify()).toMatchObject({ ok: true });
  });

  it('refuses a contract text that does not validate, with path and line', async () => {
    const w = await buildWorld(t.store);
    const r = await call(w.app, 'POST', '/api/v1/contracts', {
      token: w.tokens['client-admin'],
      json: { partner: w.partnerA, text: contractText('acme-c').replace('target: 80%', 'target: 0.8') },
    });
    expectProblem(r, 422);
    expect(r.body.errors[0]).toMatchObject({ path: 'metrics[0].target', line: 15 });
    expect(r.body.detail).toMatch(/metrics\[0\]\.target/);
    const yamlError = await call(w.app, 'POST', '/api/v1/contracts', {
      token: w.tokens['client-admin'],
      json: { partner: w.partnerA, text: 'contract: [unclosed' },
    });
    expectProblem(yamlError, 422);
  });

  it("ingests JSON, NDJSON and CSV with the summary of accord ingest, within the partner's sources", async () => {
    const w = await buildWorld(t.store);
    const a = w.tokens['partner-admin-a'];
    const json = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: a,
      json: [
        {
          id: 'A-10',
          channel: 'phone',
          direction: 'inbound',
          created_at: '2026-10-09T09:00:00+02:00',
          answered_at: '2026-10-09T09:00:05+02:00',
        },
        { id: 'A-11', channel: 'phone', direction: 'inbound', created_at: 'yesterday' },
        {
          id: 'A-12',
          source: 'b-main',
          channel: 'phone',
          direction: 'inbound',
          created_at: '2026-10-09T09:00:00+02:00',
        },
        {
          id: 'A-13',
          source: 'a-zendesk',
          channel: 'email',
          direction: 'inbound',
          created_at: '2026-10-09T09:00:00+02:00',
        },
      ],
    });
    expect(json.status, json.text).toBe(200);
    expect(json.body).toMatchObject({ read: 4, inserted: 2, updated: 0, unchanged: 0, rejected: 2 });
    expect(json.body.errors).toEqual([
      expect.objectContaining({ file: 'body', line: 2, field: 'created_at' }),
      expect.objectContaining({
        file: 'body',
        line: 3,
        field: 'source',
        message: expect.stringMatching(/not a source of partner/),
      }),
    ]);

    const ndjson = await call(w.app, 'POST', '/api/v1/ingest', {
      token: a,
      contentType: 'application/x-ndjson',
      body: [
        JSON.stringify({
          type: 'contact',
          id: 'A-20',
          channel: 'chat',
          direction: 'inbound',
          created_at: '2026-10-10T09:00:00+02:00',
          surveys: [
            { kind: 'csat', score: 4, scale_min: 1, scale_max: 5, answered_at: '2026-10-10T10:00:00+02:00' },
          ],
        }),
        JSON.stringify({
          type: 'contact',
          id: 'A-10',
          channel: 'phone',
          direction: 'inbound',
          created_at: '2026-10-09T09:00:00+02:00',
          answered_at: '2026-10-09T09:00:05+02:00',
        }),
      ].join('\n'),
    });
    expect(ndjson.status, ndjson.text).toBe(200);
    expect(ndjson.body).toMatchObject({ read: 3, inserted: 2, unchanged: 1, rejected: 0, errors: [] });

    // Nothing storable: 422, with the summary.
    const bad = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: a,
      contentType: 'text/csv',
      body: 'id,channel,direction,created_at\nX,phone,inbound,not a date\n',
    });
    expectProblem(bad, 422);
    expect(bad.body).toMatchObject({ read: 1, rejected: 1 });
    // Strict: one bad row refuses the whole batch.
    const strict = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts&strict=true', {
      token: a,
      contentType: 'text/csv',
      body: 'id,channel,direction,created_at\nS-1,phone,inbound,2026-10-09T09:00:00+02:00\nS-2,phone,inbound,nope\n',
    });
    expectProblem(strict, 422);
    expect(
      (
        await t.store.records.readPeriodData(
          { from: 0, to: Number.MAX_SAFE_INTEGER },
          { sources: ['a-genesys'] },
        )
      ).contacts.map((c) => c.id),
    ).not.toContain('S-1');
    // A partner may not name another partner's source.
    expectProblem(
      await call(w.app, 'POST', '/api/v1/ingest?kind=contacts&source=b-main', {
        token: a,
        contentType: 'text/csv',
        body: 'id\nx\n',
      }),
      403,
    );
    // A client admin names the partner when there are several.
    expectProblem(
      await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
        token: w.tokens['client-admin'],
        contentType: 'text/csv',
        body: 'id\nx\n',
      }),
      400,
    );
    const audit = await call(w.app, 'GET', '/api/v1/audit?action=ingest', { token: a });
    expect(audit.body.entries.length).toBeGreaterThanOrEqual(4);
    expect(audit.body.entries.every((e: { partnerId: string }) => e.partnerId === w.partnerA)).toBe(true);
  });

  it("evaluates from the store with only the contract partner's records, as evaluate does", async () => {
    const w = await buildWorld(t.store);
    const r = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10?asOf=2026-11-15T12:00:00Z',
      {
        token: w.tokens['partner-viewer-a'],
      },
    );
    expect(r.status, r.text).toBe(200);
    const sl = r.body.metrics.find((m: { id: string }) => m.id === 'phone-service-level');
    // answered within 30 s, A-3 not; partner B's slow calls are not counted.
    expect(sl).toMatchObject({ numerator: 3, denominator: 4, value: 0.75, met: false });
    expect(r.body.verdicts).toEqual({ 'phone-service-level': 'missed', 'first-time-right': 'missed' });
    expect(r.body.statement).toEqual({
      fee: '100000.00',
      credits: '10000.00',
      earnBack: '0.00',
      bonus: '0.00',
      payable: '90000.00',
    });

    // The same document as the domain gives on the partner's records alone.
    const versions = (await t.store.contracts.signedVersions(w.organisationId, 'acme-a')).map((v) =>
      JSON.parse(v.canonical!),
    );
    const october = { from: Date.parse('2026-09-30T22:00:00Z'), to: Date.parse('2026-10-31T23:00:00Z') };
    const sources = ['a-genesys', 'a-zendesk'];
    const data = await t.store.records.readPeriodData(october, { sources });
    const asOf = Date.parse('2026-11-15T12:00:00Z');
    const doc = (input: Parameters<typeof evaluate>[0]) =>
      JSON.parse(JSON.stringify(evaluationJson(evaluate(input), { asOf })));
    // The records as objects give the same figures; the store's inputDigest is over the rows' stored
    // digests (docs/evaluation.md), which the period reader gives with the columns.
    const columns = await t.store.records.readPeriodColumns(october, { sources });
    const expected = doc({ versions, period: '2026-10', asOf, data, sha256: nodeSha256 });
    expect({ ...r.body, inputDigest: null }).toEqual({ ...expected, inputDigest: null });
    expect(r.body).toEqual(
      doc({
        versions,
        period: '2026-10',
        asOf,
        data: columns.data,
        dataDigest: columns.digest,
        sha256: nodeSha256,
      }),
    );

    // Drill-down: the contact behind the miss.
    const breaches = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level',
      {
        token: w.tokens['partner-admin-a'],
      },
    );
    expect(breaches.status, breaches.text).toBe(200);
    expect(breaches.body.rows[0].breaches).toEqual(['A-3']);
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/no-such-metric', {
        token: w.tokens['client-admin'],
      }),
      404,
    );

    // Trend over months and over weeks.
    const trend = await call(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=2026-09&to=2026-11', {
      token: w.tokens.finance,
    });
    expect(trend.status, trend.text).toBe(200);
    expect(trend.body.periods.map((p: { period: string }) => p.period)).toEqual(['2026-10', '2026-11']);
    expect(trend.body.periods[0].verdicts['phone-service-level']).toBe('missed');
    expect(trend.body.periods[1].verdicts['phone-service-level']).toBe('unjudged');
    const weeks = await call(w.app, 'GET', '/api/v1/contracts/acme-a/trend?from=2026-W41&to=2026-W42', {
      token: w.tokens.finance,
    });
    expect(weeks.status, weeks.text).toBe(200);
    expect(
      weeks.body.periods.map((p: { period: string; statement: unknown }) => [p.period, p.statement]),
    ).toEqual([
      ['2026-W41', null],
      ['2026-W42', null],
    ]);

    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-13', { token: w.tokens.finance }),
      400,
    );
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10?asOf=tomorrow', {
        token: w.tokens.finance,
      }),
      400,
    );
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-09', { token: w.tokens.finance }),
      422,
    );
  });

  it('uses the clock it is given', () => {
    expect(new Date(NOW).toISOString()).toBe('2026-11-15T12:00:00.000Z');
  });
});
