/**
 * Bad input gets a clear 4xx problem, never a 500: malformed JSON, wrong types, wrong media types, bodies
 * over the limit, unknown routes, and injection-shaped strings in ids, names, queries and records (which are
 * either refused or stored verbatim: every query is parameterised).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, contractText, expectProblem, testPseudonymise } from './support.js';

const INJECTION = "'; DROP TABLE contacts;--";

describe.each(DIALECTS)('bad input on $name', (d) => {
  const t = useStore(d);

  it('answers malformed JSON, wrong types and wrong media types with 400/415 naming the path', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    for (const path of [
      '/api/v1/partners',
      '/api/v1/users',
      '/api/v1/tokens',
      '/api/v1/contracts',
      '/api/v1/session',
      '/api/v1/setup',
    ]) {
      const r = await call(w.app, 'POST', path, {
        token: admin,
        body: '{"name": "x",',
        contentType: 'application/json',
      });
      expectProblem(r, 400);
      expect(r.body.detail).toMatch(/not valid JSON/);
    }
    const types = await call(w.app, 'POST', '/api/v1/users', {
      token: admin,
      json: { email: 42, name: ['x'], password: 'short', role: 'emperor' },
    });
    expectProblem(types, 400);
    expect(types.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.email',
      'body.name',
      'body.password',
      'body.role',
    ]);
    expect(types.body.detail).toMatch(/^body\.\w+: .+ \(and 3 more\)$/);
    const notObject = await call(w.app, 'POST', '/api/v1/partners', { token: admin, json: [1, 2, 3] });
    expectProblem(notObject, 400);
    const wrongMedia = await call(w.app, 'POST', '/api/v1/partners', {
      token: admin,
      body: 'name=x',
      contentType: 'text/plain',
    });
    expectProblem(wrongMedia, 415);
    const noMedia = await call(w.app, 'POST', '/api/v1/partners', {
      token: admin,
      body: '{"name":"x"}',
      headers: { 'content-type': '' },
    });
    expect([400, 415]).toContain(noMedia.status);
    const ingestMedia = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: '<xml/>',
      contentType: 'application/xml',
    });
    expectProblem(ingestMedia, 415);
    const csvWithoutKind = await call(w.app, 'POST', '/api/v1/ingest', {
      token: w.tokens['partner-admin-a'],
      body: 'id\n1\n',
      contentType: 'text/csv',
    });
    expectProblem(csvWithoutKind, 400);
    expect(csvWithoutKind.body.detail).toMatch(/query\.kind/);
    const badQuery = await call(w.app, 'GET', '/api/v1/audit?limit=lots&afterId=-1', { token: admin });
    expectProblem(badQuery, 400);
    expect(badQuery.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.afterId',
      'query.limit',
    ]);
    const repeated = await call(
      w.app,
      'GET',
      '/api/v1/contracts/acme-a/trend?from=2026-10&from=2026-11&to=2026-11',
      { token: admin },
    );
    expectProblem(repeated, 400);
    const version = await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions/one', { token: admin });
    expectProblem(version, 400);
    expect(version.body.errors[0].path).toBe('path.version');
  });

  it('refuses bodies over the limit with 413', async () => {
    const w = await buildWorld(t.store);
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000), defaultSource: 'big' });
    const r = await call(w.app, 'POST', '/api/v1/partners', {
      token: w.tokens['client-admin'],
      body: big,
      contentType: 'application/json',
    });
    expectProblem(r, 413);
    const small = createApp({
      store: t.store,
      limits: { ingestBytes: 1000 },
      pseudonymise: testPseudonymise,
    });
    const csv = `id,channel,direction,created_at\n${'X,phone,inbound,2026-10-05T09:00:00+02:00\n'.repeat(100)}`;
    const ingest = await call(small, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: csv,
      contentType: 'text/csv',
    });
    expectProblem(ingest, 413);
    expect(ingest.body.detail).toMatch(/larger than 1000 bytes/);
    // Without Content-Length (a stream), the limit holds too.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100)));
        controller.close();
      },
    });
    const res = await small.request('/api/v1/ingest?kind=contacts', {
      method: 'POST',
      headers: { authorization: `Bearer ${w.tokens['partner-admin-a']}`, 'content-type': 'text/csv' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('answers unknown routes and methods with a 404 problem', async () => {
    const w = await buildWorld(t.store);
    for (const [method, path] of [
      ['GET', '/api/v1/nothing'],
      ['GET', '/'],
      ['PATCH', '/api/v1/contracts'],
      ['GET', '/api/v2/contracts'],
      ['GET', '/api/v1/contracts/acme-a/evaluations'],
    ] as const) {
      const r = await call(w.app, method, path, { token: w.tokens['client-admin'] });
      expectProblem(r, 404);
      expect(r.body.detail).toContain(path);
    }
  });

  it('refuses or stores verbatim injection-shaped strings, and the tables stay', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const enc = encodeURIComponent(INJECTION);
    // In ids: not an id.
    for (const path of [
      `/api/v1/contracts/${enc}`,
      `/api/v1/partners/${enc}`,
      `/api/v1/contracts/acme-a/evaluations/${enc}`,
      `/api/v1/contracts/acme-a/evaluations/2026-10/breaches/${enc}`,
      `/api/v1/contracts/acme-a/trend?from=${enc}&to=2026-10`,
      `/api/v1/contracts/acme-a/evaluations/2026-10?asOf=${enc}`,
      `/api/v1/audit?action=${enc}`,
    ]) {
      const r = await call(w.app, 'GET', path, { token: admin });
      expectProblem(r, 400);
    }
    for (const [method, path] of [
      ['DELETE', `/api/v1/users/${enc}`],
      ['DELETE', `/api/v1/tokens/${enc}`],
    ] as const)
      expectProblem(await call(w.app, method, path, { token: admin }), 400);
    expectProblem(
      await call(w.app, 'POST', `/api/v1/ingest?kind=contacts&source=${enc}`, {
        token: w.tokens['partner-admin-a'],
        body: 'id\n',
        contentType: 'text/csv',
      }),
      400,
    );
    expectProblem(
      await call(w.app, 'POST', '/api/v1/partners', {
        token: admin,
        json: { name: 'P', defaultSource: INJECTION },
      }),
      400,
    );
    // In a contract id inside the text: the contract check names it.
    const text = contractText('x').replace('contract: x', `contract: "${INJECTION}"`);
    const contract = await call(w.app, 'POST', '/api/v1/contracts', {
      token: admin,
      json: { partner: w.partnerA, text },
    });
    expectProblem(contract, 422);
    expect(contract.body.errors[0]).toMatchObject({ path: 'contract', line: 1 });
    // In names and records: stored as they are.
    const partner = await call(w.app, 'POST', '/api/v1/partners', {
      token: admin,
      json: { name: INJECTION, defaultSource: 'inj-source' },
    });
    expect(partner.status).toBe(201);
    expect(partner.body.name).toBe(INJECTION);
    const user = await call(w.app, 'POST', '/api/v1/users', {
      token: admin,
      json: {
        email: "o'brien--@acme.example",
        name: INJECTION,
        password: 'a long enough password',
        role: 'client-viewer',
      },
    });
    expect(user.status, user.text).toBe(201);
    const login = await call(w.app, 'POST', '/api/v1/session', {
      json: { email: "o'brien--@acme.example", password: 'a long enough password' },
    });
    expect(login.status).toBe(200);
    const loginInjection = await call(w.app, 'POST', '/api/v1/session', {
      json: { email: `x${INJECTION}@a.b`, password: INJECTION },
    });
    expectProblem(loginInjection, 400);
    const ingest = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      json: [
        {
          id: INJECTION,
          channel: 'phone',
          direction: 'inbound',
          created_at: '2026-10-20T09:00:00+02:00',
          queue: INJECTION,
        },
      ],
    });
    expect(ingest.status, ingest.text).toBe(200);
    expect(ingest.body.inserted).toBe(1);
    const data = await t.store.records.readPeriodData(
      {
        from: 0,
        to: Number.MAX_SAFE_INTEGER,
      },
      { sources: ['a-genesys'] },
    );
    expect(data.contacts.find((c) => c.id === INJECTION)?.queue).toBe(INJECTION);
    expect((await t.store.records.count()).contacts).toBe(7);
  });

  it('never answers 500 to odd bodies on any route', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const doc = (await call(w.app, 'GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const bodies = [
      'null',
      '[]',
      '"text"',
      '123',
      '{}',
      '{"a":{"b":{"c":{"d":[[[[[]]]]]}}}}',
      JSON.stringify({
        name: '\u0000\u0001',
        text: 'contract: \u0000',
        email: 'a@b',
        partner: '..',
        role: null,
      }),
      JSON.stringify({ text: 'a: [\n'.repeat(2000) }),
      JSON.stringify({ token: 'x', organisation: '😀', name: 'é', email: 'é@é', password: 'p'.repeat(300) }),
      '\uFEFF{"name":"bom"}',
    ];
    const fill = (path: string) =>
      path
        .replace('{contractId}', 'acme-a')
        .replace('{partnerId}', w.partnerA)
        .replace('{version}', '1')
        .replace('{period}', '2026-10')
        .replace('{metric}', 'phone-service-level')
        .replace('{userId}', 'usr_nobody')
        .replace('{tokenId}', 'tok_nobody');
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        if (method === 'get') continue;
        for (const body of bodies) {
          const r = await call(w.app, method.toUpperCase(), fill(path), {
            token: admin,
            body,
            contentType: 'application/json',
          });
          expect(r.status, `${method} ${path} ${body.slice(0, 40)}: ${r.text.slice(0, 200)}`).toBeLessThan(
            500,
          );
          if (r.status >= 400) expect(r.headers.get('content-type')).toContain('application/problem+json');
        }
      }
    }
  });
});
