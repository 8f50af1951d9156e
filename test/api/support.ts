/**
 * A small world for API tests: one client organisation with two partners (A and B), a signed contract with
 * each, records of each partner, and a token for every role (partner roles for A and for B), plus a second
 * organisation that must never see any of it. Built through the API itself where it can be.
 */
import type { Logger } from 'pino';
import { expect } from 'vitest';
import { type AccordApp, createApp } from '../../src/api/app.js';
import { lazyPseudonymise } from '../../src/ingest/pseudonym.js';
import { issueToken } from '../../src/services/accounts.service.js';
import { newId } from '../../src/services/secrets.js';
import { ensureSetupToken } from '../../src/services/setup.service.js';
import type { Store } from '../../src/store/index.js';

/** Pseudonyms with a fixed test key (no key file, no environment variable). */
export const testPseudonymise = lazyPseudonymise(() => ({
  key: Buffer.from('test-key-for-api-tests', 'utf8'),
  origin: 'tests',
}));

/** The tests' clock: mid-November 2026, so October 2026 is a closed month. */
export const NOW = Date.parse('2026-11-15T12:00:00Z');

export function contractText(
  id: string,
  options: { version?: number; partner?: string; effectiveFrom?: string; target?: string } = {},
): string {
  return [
    `contract: ${id}`,
    `version: ${options.version ?? 1}`,
    `effective_from: ${options.effectiveFrom ?? '2026-10-01'}`,
    'client: ACME B.V.',
    `partner: ${options.partner ?? 'Alpha Contact B.V.'}`,
    'timezone: Europe/Amsterdam',
    'currency: EUR',
    'monthly_fee: 100000.00',
    'period: month',
    'metrics:',
    '  - id: phone-service-level',
    '    kind: service_level',
    '    population: { channel: phone }',
    '    threshold: 30s',
    `    target: ${options.target ?? '80%'}`,
    '  - id: first-time-right',
    '    kind: rate',
    '    measure: first_time_right',
    '    target: 85%',
    'credits:',
    '  at_risk: 10%',
    '  allocation: { phone-service-level: 50%, first-time-right: 50% }',
    '',
  ].join('\n');
}

export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON (problem or document), or the text. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers by path
  body: any;
  text: string;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function call(
  app: AccordApp,
  method: string,
  path: string,
  o: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  let body: string | undefined = o.body;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] ??= 'application/json';
  }
  if (o.contentType !== undefined) headers['content-type'] = o.contentType;
  const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown = text;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Every error answer is problem+json with a detail sentence. */
export function expectProblem(r: Reply, status: number): void {
  expect(r.status, r.text).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body.status).toBe(status);
  expect(typeof r.body.detail).toBe('string');
  expect(r.body.detail.length).toBeGreaterThan(5);
}

export const CONTACTS_A = [
  'id,channel,direction,language,created_at,answered_at,first_time_right',
  'A-1,phone,inbound,nl,2026-10-05T09:00:00+02:00,2026-10-05T09:00:10+02:00,true',
  'A-2,phone,inbound,nl,2026-10-06T09:00:00+02:00,2026-10-06T09:00:20+02:00,true',
  'A-3,phone,inbound,nl,2026-10-07T09:00:00+02:00,2026-10-07T09:02:00+02:00,false',
  'A-4,phone,inbound,nl,2026-10-08T09:00:00+02:00,2026-10-08T09:00:05+02:00,true',
].join('\n');

export const CONTACTS_B = [
  'id,channel,direction,language,created_at,answered_at,first_time_right',
  'B-1,phone,inbound,nl,2026-10-05T10:00:00+02:00,2026-10-05T10:05:00+02:00,false',
  'B-2,phone,inbound,nl,2026-10-06T10:00:00+02:00,2026-10-06T10:06:00+02:00,false',
].join('\n');

export type RoleName =
  | 'client-admin'
  | 'client-viewer'
  | 'finance'
  | 'partner-admin-a'
  | 'partner-viewer-a'
  | 'partner-admin-b'
  | 'partner-viewer-b'
  | 'other-org-admin';

export interface World {
  app: AccordApp;
  store: Store;
  tokens: Record<RoleName, string>;
  organisationId: string;
  partnerA: string;
  partnerB: string;
  otherOrganisationId: string;
  /** The client admin's session: cookie header and CSRF token. */
  session: { cookie: string; csrf: string };
}

export async function buildWorld(
  store: Store,
  options: { now?: () => number; logger?: Logger; webDir?: string } = {},
): Promise<World> {
  const app = createApp({
    store,
    ...(options.webDir === undefined ? {} : { webDir: options.webDir }),
    now: options.now ?? (() => NOW),
    pseudonymise: testPseudonymise,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });

  // First start: the set-up token creates the first client-admin, who gets a session.
  const setup = await ensureSetupToken(store, NOW);
  const r = await call(app, 'POST', '/api/v1/setup', {
    json: {
      token: setup,
      organisation: 'ACME B.V.',
      name: 'Vera Vendor',
      email: 'vera@acme.example',
      password: 'a long enough password',
    },
  });
  expect(r.status, r.text).toBe(201);
  const organisationId: string = r.body.organisation.id;
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const session = { cookie, csrf: r.body.session.csrfToken as string };
  const withSession = (o: CallOptions = {}): CallOptions => ({
    ...o,
    headers: { cookie, 'x-csrf-token': session.csrf, ...o.headers },
  });

  const admin = await call(
    app,
    'POST',
    '/api/v1/tokens',
    withSession({ json: { role: 'client-admin', label: 'tests' } }),
  );
  expect(admin.status, admin.text).toBe(201);
  const adminToken: string = admin.body.token;

  const partner = async (name: string, defaultSource: string, sources: string[]) => {
    const p = await call(app, 'POST', '/api/v1/partners', {
      token: adminToken,
      json: { name, defaultSource, sources },
    });
    expect(p.status, p.text).toBe(201);
    return p.body.id as string;
  };
  const partnerA = await partner('Alpha Contact B.V.', 'a-genesys', ['a-zendesk']);
  const partnerB = await partner('Beta Calls B.V.', 'b-main', []);

  const token = async (role: string, partnerId?: string) => {
    const t = await call(app, 'POST', '/api/v1/tokens', {
      token: adminToken,
      json: { role, ...(partnerId === undefined ? {} : { partner: partnerId }) },
    });
    expect(t.status, t.text).toBe(201);
    return t.body.token as string;
  };

  const otherOrganisationId = newId('org');
  await store.tenancy.createOrganisation({
    id: otherOrganisationId,
    name: 'Other Corp',
    createdAt: NOW,
  });
  const other = await issueToken(store, {
    role: 'client-admin',
    organisationId: otherOrganisationId,
    partnerId: null,
    label: null,
    createdBy: 'test',
    at: NOW,
  });

  const tokens: Record<RoleName, string> = {
    'client-admin': adminToken,
    'client-viewer': await token('client-viewer'),
    finance: await token('finance'),
    'partner-admin-a': await token('partner-admin', partnerA),
    'partner-viewer-a': await token('partner-viewer', partnerA),
    'partner-admin-b': await token('partner-admin', partnerB),
    'partner-viewer-b': await token('partner-viewer', partnerB),
    'other-org-admin': other.token,
  };

  // A signed contract with each partner.
  for (const [id, partnerId, signer, name] of [
    ['acme-a', partnerA, tokens['partner-admin-a'], 'Alpha Contact B.V.'],
    ['acme-b', partnerB, tokens['partner-admin-b'], 'Beta Calls B.V.'],
  ] as const) {
    const created = await call(app, 'POST', '/api/v1/contracts', {
      token: adminToken,
      json: { partner: partnerId, text: contractText(id, { partner: name }) },
    });
    expect(created.status, created.text).toBe(201);
    const digest: string = created.body.versions[0].digest;
    for (const t of [adminToken, signer]) {
      const s = await call(app, 'POST', `/api/v1/contracts/${id}/versions/1/signatures`, {
        token: t,
        json: { digest },
      });
      expect(s.status, s.text).toBe(200);
    }
  }

  // Each partner's records, through the API.
  for (const [t, csv] of [
    [tokens['partner-admin-a'], CONTACTS_A],
    [tokens['partner-admin-b'], CONTACTS_B],
  ] as const) {
    const i = await call(app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: t,
      body: csv,
      contentType: 'text/csv',
    });
    expect(i.status, i.text).toBe(200);
  }

  return { app, store, tokens, organisationId, partnerA, partnerB, otherOrganisationId, session };
}
