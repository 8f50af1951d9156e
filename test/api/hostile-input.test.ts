/**
 * Hostile input (issue 13, point 5 and 6): deeply nested JSON, a YAML alias bomb, duplicate JSON keys and
 * numbers beyond 2^53 get a clear 4xx or a rejected record, never a 500.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

const DEEP = 100_000;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const contact = (extra: string) =>
  `{"id":"D1","channel":"phone","created_at":"2026-10-05T08:00:00Z"${extra}}`;

const ALIAS_BOMB = [
  'contract: bomb',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '',
].join('\n');

describe.each(DIALECTS)('hostile input on $name', (d) => {
  const t = useStore(d);

  it('JSON nested 100,000 deep is a 4xx (JSON body) or a rejected record (NDJSON), never a 500', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-admin-a'];
    for (const [n, nested] of [deepArray, deepObject].entries()) {
      const json = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
        token,
        body: `[${contact(`,"x":${nested}`)}]`,
        contentType: 'application/json',
      });
      expect(json.status, json.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(json.status, json.text.slice(0, 300)).toBeLessThan(500);
      expect(json.text).toMatch(/nested more than \d+ deep/);
      const ndjson = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
        token,
        body: `${contact(`,"x":${nested}`)}\n${contact('').replace('D1', `D2-${n}`)}\n`,
        contentType: 'application/x-ndjson',
      });
      expect(ndjson.status, ndjson.text.slice(0, 300)).toBe(200);
      expect(ndjson.body).toMatchObject({ read: 2, inserted: 1, rejected: 1 });
      expect(ndjson.body.errors[0].message).toMatch(/nested more than \d+ deep/);
    }
  });

  it('duplicate keys in a JSON record are refused, in a JSON body and in NDJSON', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-admin-a'];
    const dup = '{"id":"U1","channel":"phone","created_at":"2026-10-05T08:00:00Z","channel":"chat"}';
    const json = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token,
      body: `[${dup}]`,
      contentType: 'application/json',
    });
    expect(json.status, json.text).toBeGreaterThanOrEqual(400);
    expect(json.status, json.text).toBeLessThan(500);
    expect(json.text).toContain('duplicate key \\"channel\\"');
    const ndjson = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token,
      body: `${dup}\n`,
      contentType: 'application/x-ndjson',
    });
    expect(ndjson.status, ndjson.text).toBe(422);
    expect(ndjson.body.errors).toEqual([
      {
        file: 'body',
        line: 1,
        field: 'channel',
        message: 'duplicate key "channel": a key may appear only once',
      },
    ]);
  });

  it('CSV: a stray quote, a missing required column and a misspelt column, as accord ingest reports them', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-admin-a'];
    const rows = Array.from(
      { length: 20 },
      (_, i) => `S${i},phone,${i === 2 || i === 12 ? '"x' : 'x'},2026-10-05T08:00:00Z`,
    );
    const stray = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token,
      body: ['id,channel,queue,created_at', ...rows].join('\n'),
      contentType: 'text/csv',
    });
    expect(stray.status, stray.text).toBe(200);
    expect(stray.body).toMatchObject({ read: 20, inserted: 18, rejected: 2 });
    expect(stray.body.errors.map((e: { line: number }) => e.line)).toEqual([4, 14]);
    const missing = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token,
      body: 'id,created_at\nM1,2026-10-05T08:00:00Z\nM2,2026-10-05T08:00:00Z\n',
      contentType: 'text/csv',
    });
    expect(missing.status, missing.text).toBe(422);
    expect(missing.body.summary ?? missing.body).toMatchObject({ read: 2, rejected: 2 });
    expect(JSON.stringify(missing.body)).toContain('the required column channel is missing');
    const misspelt = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token,
      body: 'id,channel,created_at,answerd_at\nN1,phone,2026-10-05T08:00:00Z,2026-10-05T08:00:09Z\n',
      contentType: 'text/csv',
    });
    expect(misspelt.status, misspelt.text).toBe(200);
    expect(misspelt.body.warnings).toEqual([
      'body: column answerd_at: did you mean answered_at? (kept as an attribute, not read as answered_at)',
    ]);
  });

  it('a YAML alias bomb is one clear 4xx on the contract routes', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const created = await call(w.app, 'POST', '/api/v1/contracts', {
      token: admin,
      json: { partner: w.partnerA, text: ALIAS_BOMB },
    });
    expectProblem(created, 422);
    expect(created.text).toMatch(/aliases/);
    const version = await call(w.app, 'POST', '/api/v1/contracts/acme-a/versions', {
      token: admin,
      json: { text: ALIAS_BOMB },
    });
    expectProblem(version, 422);
    expect(version.text).toMatch(/aliases/);
  });
});
