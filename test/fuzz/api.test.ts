/**
 * Fuzzing the API (docs/reliability.md, Fuzzing): generated requests over every operation of the OpenAPI
 * document of createApp, in-process, as every kind of caller (each role of the organisation, partner A's
 * and B's roles, another organisation's admin, a session cookie with and without its CSRF token, no
 * credentials). Path and query values come from real ids and names mixed with generated text; bodies from
 * the operation's own fields with generated values, or generated JSON, CSV and NDJSON. Every answer is
 * below 500, an error answer is problem+json, and no case takes longer than CASE_LIMIT_MS.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorld, type CallOptions, call, contractText, type World } from '../api/support.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { Meter, params, TEST_TIMEOUT_MS } from './budget.js';

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly { name: string; in: 'path' | 'query' }[];
  readonly bodyTypes: readonly string[];
  readonly fields: readonly string[];
}

async function operations(w: World): Promise<Operation[]> {
  const doc = (await call(w.app, 'GET', '/api/v1/openapi.json')).body as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { name: string; in: 'path' | 'query' }[];
          requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
        }
      >
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      bodyTypes: Object.keys(op.requestBody?.content ?? {}),
      fields: Object.keys(op.requestBody?.content['application/json']?.schema?.properties ?? {}),
    })),
  );
}

const noise = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'aZ09-_./%:+ ?#&=\'"\\<>{}[]é\u0000'), maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('', ' ', '..', '%00', '%2e%2e%2f', 'null', 'undefined', '-0', '1e308', 'NaN', 'Infinity'),
);

/** Values that mean something to a parameter or field of that name. */
function meaningful(w: World): Record<string, fc.Arbitrary<unknown>> {
  const period = fc.constantFrom(
    '2026-10',
    '2026-Q4',
    '2026-W42',
    '2026-11',
    '0000-01',
    '9999-Q4',
    '2026-13',
    '2026',
  );
  const instant = fc.constantFrom(
    '2026-11-01T00:00:00Z',
    '2026-10-15T12:00:00+02:00',
    '9999-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
  );
  const id = (...real: string[]) => fc.constantFrom(...real);
  return {
    partnerId: id(w.partnerA, w.partnerB, 'par_nobody'),
    partner: id(w.partnerA, w.partnerB, 'par_nobody'),
    contractId: id('acme-a', 'acme-b', 'nope'),
    version: fc.oneof(
      fc.integer({ min: -2, max: 5 }).map(String),
      fc.constantFrom('99999999999999999999', '1.5'),
    ),
    period,
    from: fc.oneof(period, fc.integer({ min: -1, max: 5 }).map(String)),
    to: fc.oneof(period, fc.integer({ min: -1, max: 5 }).map(String)),
    asOf: instant,
    metric: id('phone-service-level', 'first-time-right', 'nope'),
    userId: id('usr_nobody', 'x'),
    tokenId: id('tok_nobody', 'x'),
    disputeId: id('dsp_nobody', '1'),
    kind: fc.constantFrom(
      'contacts',
      'status_events',
      'surveys',
      'qa_evaluations',
      'outages',
      'forecasts',
      'x',
    ),
    source: id('a-genesys', 'a-zendesk', 'b-main', 'new-source'),
    strict: fc.constantFrom('true', 'false', '1'),
    status: fc.constantFrom('open', 'decided', 'x'),
    limit: fc.integer({ min: -5, max: 100_000 }).map(String),
    afterId: fc.integer({ min: -5, max: 1000 }).map(String),
    volume: fc.constantFrom('0', '1', '100', '10000000', '1e9', '-5'),
    interval: fc.constantFrom('1s', '15m', '30m', '1h', '0s', '1000d'),
    aht: fc.constantFrom('180s', '86400s', '0s', '1s'),
    target: fc.constantFrom('80/20', '100/0', '0/0', '80%', '101/20'),
    patience: fc.constantFrom('60s', '0s', '1d'),
    shrinkage: fc.constantFrom('30%', '100%', '-1%'),
    maxOccupancy: fc.constantFrom('85%', '0%', '100%'),
    agents: fc.constantFrom('1', '50', '100000', '0'),
    model: fc.constantFrom('erlang-c', 'erlang-a', 'x'),
    text: fc.oneof(
      fc.constantFrom(
        contractText('acme-a'),
        contractText('acme-a', { version: 2, effectiveFrom: '2027-01-01' }),
      ),
      fc.constantFrom(contractText(`fz-${process.pid}`)),
      noise,
    ),
    email: fc.constantFrom('vera@acme.example', 'new@alpha.example', 'not-an-email', 'a@b'),
    password: fc.constantFrom('a long enough password', 'short', 'wrong password!'),
    role: fc.constantFrom(
      'client-admin',
      'client-viewer',
      'finance',
      'partner-admin',
      'partner-viewer',
      'root',
    ),
    digest: fc.constantFrom(`sha256:${'0'.repeat(64)}`, 'x'),
    contact: id('A-1', 'B-1', 'nope'),
    agree: fc.boolean(),
    inputDigest: fc.constantFrom(`sha256:${'0'.repeat(64)}`, 'x'),
  };
}

function fieldValue(name: string, known: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const own = known[name];
  const any = fc.oneof(noise, fc.jsonValue({ maxDepth: 2 }));
  return own === undefined ? any : fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: any });
}

const CSV_BODY = fc
  .tuple(
    fc.constantFrom(
      'id,channel,direction,created_at,answered_at',
      'id,source,channel,direction,created_at,email,mobile,notes',
      'contact_id,status,at',
      'x',
    ),
    fc.array(
      fc.array(
        fc.oneof(
          noise,
          fc.constantFrom('F-1', 'phone', 'inbound', '2026-10-12T09:00:00+02:00', 'a-genesys', 'b-main', '"'),
        ),
        { maxLength: 8 },
      ),
      { maxLength: 5 },
    ),
  )
  .map(([h, rows]) => [h, ...rows.map((r) => r.join(','))].join('\n'));

const NDJSON_BODY = fc
  .array(
    fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            type: fc.constantFrom('contact', 'status_event', 'x'),
            id: fc.constantFrom('F-2', 'A-1'),
            source: fc.constantFrom('a-genesys', 'b-main', 'x'),
            channel: fc.constantFrom('phone', 'email'),
            direction: fc.constant('inbound'),
            created_at: fc.constantFrom('2026-10-12T09:00:00+02:00', 'x'),
            events: fc.array(fc.record({ status: noise, at: noise }), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      noise,
    ),
    { maxLength: 4 },
  )
  .map((lines) => lines.join('\n'));

type Caller =
  | { kind: 'token'; who: keyof World['tokens'] }
  | { kind: 'session'; csrf: boolean }
  | { kind: 'none' };

function requestFor(w: World, op: Operation, known: Record<string, fc.Arbitrary<unknown>>) {
  const path = fc.record(
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => [
          p.name,
          fc.oneof({ weight: 4, arbitrary: known[p.name] ?? noise }, { weight: 1, arbitrary: noise }),
        ]),
    ),
  );
  const query = fc.dictionary(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom('x', ...op.parameters.filter((p) => p.in === 'query').map((p) => p.name)),
      },
      { weight: 1, arbitrary: noise },
    ),
    fc.oneof(fc.string({ maxLength: 0 }), noise, ...Object.values(known).map((a) => a.map(String))),
    { maxKeys: 5 },
  );
  const jsonFields = fc
    .record(Object.fromEntries(op.fields.map((f) => [f, fieldValue(f, known)])), { requiredKeys: [] })
    .map((v) => JSON.stringify(v));
  const body: fc.Arbitrary<{ body?: string; contentType?: string }> =
    op.method === 'GET'
      ? fc.constant({})
      : op.bodyTypes.length === 0
        ? fc.oneof(
            fc.constant({}),
            noise.map((b) => ({ body: b, contentType: 'application/json' })),
          )
        : fc.oneof(
            { weight: 4, arbitrary: jsonFields.map((b) => ({ body: b, contentType: 'application/json' })) },
            {
              weight: 1,
              arbitrary: fc
                .jsonValue({ maxDepth: 3 })
                .map((v) => ({ body: JSON.stringify(v), contentType: 'application/json' })),
            },
            { weight: 2, arbitrary: CSV_BODY.map((b) => ({ body: b, contentType: 'text/csv' })) },
            {
              weight: 2,
              arbitrary: NDJSON_BODY.map((b) => ({ body: b, contentType: 'application/x-ndjson' })),
            },
            {
              weight: 1,
              arbitrary: fc
                .tuple(
                  noise,
                  fc.constantFrom(
                    'application/json',
                    'text/plain',
                    'application/xml',
                    '',
                    'text/csv; charset=latin1',
                  ),
                )
                .map(([b, t]) => ({ body: b, contentType: t })),
            },
          );
  const caller: fc.Arbitrary<Caller> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .constantFrom(...(Object.keys(w.tokens) as (keyof World['tokens'])[]))
        .map((who) => ({ kind: 'token' as const, who })),
    },
    { weight: 1, arbitrary: fc.boolean().map((csrf) => ({ kind: 'session' as const, csrf })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
  return fc.record({ path, query, body, caller });
}

function url(op: Operation, path: Record<string, unknown>, query: Record<string, string>): string {
  const p = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path[name] ?? 'x')));
  const q = new URLSearchParams(query).toString();
  return q === '' ? p : `${p}?${q}`;
}

function credentials(w: World, caller: Caller): CallOptions {
  if (caller.kind === 'token') return { token: w.tokens[caller.who] };
  if (caller.kind === 'session')
    return {
      headers: { cookie: w.session.cookie, ...(caller.csrf ? { 'x-csrf-token': w.session.csrf } : {}) },
    };
  return {};
}

describe('fuzzing the API', () => {
  const t = useStore(DIALECTS[0]!);

  it(
    'answers generated requests on every operation, as every caller, below 500 and in time',
    async () => {
      const w = await buildWorld(t.store);
      const ops = await operations(w);
      expect(ops.length).toBeGreaterThan(30);
      const known = meaningful(w);
      const meter = new Meter('API requests');
      const seen = new Map<string, number>();
      const sample = fc
        .constantFrom(...ops)
        .chain((op) => fc.tuple(fc.constant(op), requestFor(w, op, known)));
      await fc.assert(
        fc.asyncProperty(sample, async ([op, req]) => {
          const target = url(op, req.path, req.query);
          const r = await meter.timeAsync(() =>
            call(w.app, op.method, target, { ...credentials(w, req.caller), ...req.body }),
          );
          const key = String(r.status);
          seen.set(key, (seen.get(key) ?? 0) + 1);
          expect(r.status, `${op.method} ${target}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
          if (r.status >= 400)
            expect(r.headers.get('content-type'), `${op.method} ${target}`).toContain(
              'application/problem+json',
            );
        }),
        params(250),
      );
      meter.report();
      if (process.env.FUZZ_REPORT !== undefined || process.env.FUZZ_RUNS !== undefined)
        process.stderr.write(`fuzz API statuses: ${JSON.stringify(Object.fromEntries([...seen].sort()))}\n`);
    },
    TEST_TIMEOUT_MS,
  );
});
