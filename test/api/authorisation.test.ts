/**
 * The authorisation matrix: every route × every caller (each role of the organisation, partner roles of
 * partner A and of partner B, an admin, a viewer and a partner admin of another organisation, and no
 * credentials at all), plus revoked or unknown tokens. Operators act through the CLI on the store, not
 * through the API, so they have no column. Resources are partner
 * A's: partner B and the other organisation must get 403 or 404 and never any of A's data. The test fails
 * when a route exists that the matrix does not list.
 */
import { describe, expect, it } from 'vitest';
import { alertId } from '../../src/domain/monitor/escalation.js';
import { raiseAlerts } from '../../src/services/alerts.service.js';
import { alertMessage } from '../support/alerts.js';
import { DIALECTS, useStore } from '../support/stores.js';
import {
  buildWorld,
  type CallOptions,
  call,
  contractText,
  expectProblem,
  NOW,
  type RoleName,
  type World,
} from './support.js';

/** Callers besides the World's roles: no credentials, and more roles of the other organisation. */
type Extra = 'anonymous' | 'other-org-viewer' | 'other-org-partner-admin';
type Who = RoleName | Extra;
const ROLES: readonly RoleName[] = [
  'client-admin',
  'client-viewer',
  'finance',
  'partner-admin-a',
  'partner-viewer-a',
  'partner-admin-b',
  'partner-viewer-b',
  'other-org-admin',
];
const WHO: readonly Who[] = [...ROLES, 'other-org-viewer', 'other-org-partner-admin', 'anonymous'];
/** Callers who must never see anything of partner A. */
const OUTSIDERS: ReadonlySet<Who> = new Set([
  'partner-admin-b',
  'partner-viewer-b',
  'other-org-admin',
  'other-org-viewer',
  'other-org-partner-admin',
  'anonymous',
]);

type Expect = Record<Who, number>;

/**
 * The other organisation's viewer and partner admin answer as the organisation's own viewer and partner B's
 * admin do, where those are refused by role (403); where they would be admitted, they find nothing of A
 * (404, as the other organisation's admin) or their own organisation's (lists, the staffing calculator).
 * Without credentials every route of the matrix is 401.
 */
function complete(e: Record<RoleName, number>): Expect {
  const outsider = (sibling: number) =>
    sibling === 403 ? 403 : e['other-org-admin'] === 404 ? 404 : sibling;
  return {
    ...e,
    'other-org-viewer': outsider(e['client-viewer']),
    'other-org-partner-admin': outsider(e['partner-admin-b']),
    anonymous: 401,
  };
}
const every = (status: number): Expect =>
  complete(Object.fromEntries(ROLES.map((w) => [w, status])) as Record<RoleName, number>);
const with_ = (base: number, overrides: Partial<Record<RoleName, number>>): Expect =>
  complete({ ...every(base), ...overrides });

/** Partner A's resource, readable by every role that may see A. */
const READ_A = with_(200, { 'partner-admin-b': 404, 'partner-viewer-b': 404, 'other-org-admin': 404 });
/** Only the client admin writes; the other organisation does not find A's resource. */
const CLIENT_ADMIN_WRITES_A = (ok: number): Expect =>
  with_(403, { 'client-admin': ok, 'other-org-admin': 404 });
/** Admins write for partner A: the client admin and A's admin; B's admin and the other organisation find nothing. */
const ADMINS_FOR_A = (ok: number): Expect =>
  with_(403, { 'client-admin': ok, 'partner-admin-a': ok, 'partner-admin-b': 404, 'other-org-admin': 404 });

interface Case {
  readonly method: string;
  /** The route template as in the OpenAPI document. */
  readonly route: string;
  readonly expect: Expect;
  /** The request for one caller; may create what a destructive call consumes. */
  readonly request: (w: World, who: Who) => Promise<{ path: string; options?: CallOptions }>;
}

let counter = 0;
const unique = () => `${process.pid}-${++counter}`;

const csv = (id: string) =>
  `id,channel,direction,created_at\n${id},phone,inbound,2026-10-12T09:00:00+02:00\n`;

async function freshVersion(w: World): Promise<{ version: number; digest: string }> {
  const versions = await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions', {
    token: w.tokens['client-admin'],
  });
  const version = Math.max(...versions.body.versions.map((v: { version: number }) => v.version)) + 1;
  const r = await call(w.app, 'PUT', `/api/v1/contracts/acme-a/versions/${version}`, {
    token: w.tokens['client-admin'],
    json: { text: contractText('acme-a', { version, effectiveFrom: '2027-01-01' }) },
  });
  expect(r.status, r.text).toBe(201);
  return { version, digest: r.body.digest };
}

async function freshUser(w: World): Promise<string> {
  const r = await call(w.app, 'POST', '/api/v1/users', {
    token: w.tokens['client-admin'],
    json: {
      email: `target-${unique()}@alpha.example`,
      name: 'Target',
      password: 'target password 1',
      role: 'partner-viewer',
      partner: w.partnerA,
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.body.id;
}

async function freshToken(w: World): Promise<string> {
  const r = await call(w.app, 'POST', '/api/v1/tokens', {
    token: w.tokens['client-admin'],
    json: { role: 'partner-viewer', partner: w.partnerA },
  });
  expect(r.status, r.text).toBe(201);
  return r.body.id;
}

/** A distinct instant after October 2026 for each close proposal: different figures, never closing. */
let closeSecond = 0;
const nextAsOf = () => new Date(Date.parse('2026-11-01T00:00:00Z') + ++closeSecond * 1000).toISOString();

async function closeBody(w: World): Promise<{ asOf: string; inputDigest: string }> {
  const asOf = nextAsOf();
  const r = await call(w.app, 'GET', `/api/v1/contracts/acme-a/evaluations/2026-10?asOf=${asOf}`, {
    token: w.tokens['client-admin'],
  });
  expect(r.status, r.text).toBe(200);
  return { asOf, inputDigest: r.body.inputDigest };
}

async function freshContact(w: World): Promise<string> {
  const id = `D-${unique()}`;
  const r = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
    token: w.tokens['partner-admin-a'],
    body: csv(id),
    contentType: 'text/csv',
  });
  expect(r.status, r.text).toBe(200);
  return id;
}

/** An alert on partner A's contract, as the monitor raises it. */
async function freshAlert(w: World): Promise<string> {
  const contract = (await w.store.contracts.contract(w.organisationId, 'acme-a'))!;
  const [alert] = await raiseAlerts(
    w.store,
    contract,
    [
      {
        id: alertId('acme-a', null, `test:${unique()}`, 1, 'at_risk'),
        organisationId: w.organisationId,
        contract: 'acme-a',
        kind: 'at_risk',
        level: 1,
        who: ['partner team lead'],
        metric: null,
        contact: null,
        period: '2026-10',
        dueAt: '2026-10-12T09:00:00.000Z',
        deadline: null,
        raisedAt: '2026-10-12T09:00:00.000Z',
        acknowledgeBy: null,
      },
    ],
    Date.parse('2026-10-12T09:00:00Z'),
  );
  return alert!.id;
}

/** A dead delivery of an alert of partner A's contract, for the retry route. */
async function deadDelivery(w: World): Promise<string> {
  const who = `lead-${unique()}`;
  await w.store.recipients.replace(
    { organisationId: w.organisationId, contractId: 'acme-a', who, side: 'partner' },
    [{ channel: 'webhook', target: `https://example.invalid/${unique()}`, language: 'en' }],
    NOW,
    'test',
  );
  await w.store.deliveries.enqueue(
    alertMessage({
      id: `alert-${unique()}`,
      organisationId: w.organisationId,
      contract: 'acme-a',
      who: [who],
    }),
    NOW,
  );
  const [d] = await w.store.deliveries.list({ organisationId: w.organisationId, state: 'pending', limit: 1 });
  expect(await w.store.deliveries.claim(d!.id, 0, NOW, NOW + 1)).toBe(true);
  await w.store.deliveries.markFailed(d!.id, 'answered 500', null);
  return d!.id;
}

const CASES: readonly Case[] = [
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/alerts',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/alerts' }),
  },
  {
    method: 'POST',
    route: '/api/v1/contracts/{contractId}/alerts/{alertId}/acknowledge',
    expect: ADMINS_FOR_A(200),
    request: async (w) => ({ path: `/api/v1/contracts/acme-a/alerts/${await freshAlert(w)}/acknowledge` }),
  },
  {
    method: 'GET',
    route: '/api/v1/session',
    expect: every(200),
    request: async () => ({ path: '/api/v1/session' }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/session',
    expect: every(204),
    request: async () => ({ path: '/api/v1/session' }),
  },
  {
    // Tokens have no language to remember (a user's session does: test/api/language.test.ts).
    method: 'PUT',
    route: '/api/v1/session/language',
    expect: every(400),
    request: async () => ({ path: '/api/v1/session/language', options: { json: { lang: 'nl' } } }),
  },
  {
    method: 'GET',
    route: '/api/v1/organisation',
    expect: every(200),
    request: async () => ({ path: '/api/v1/organisation' }),
  },
  {
    method: 'GET',
    route: '/api/v1/partners',
    expect: every(200),
    request: async () => ({ path: '/api/v1/partners' }),
  },
  {
    method: 'POST',
    route: '/api/v1/partners',
    expect: with_(403, { 'client-admin': 201, 'other-org-admin': 201 }),
    request: async () => ({
      path: '/api/v1/partners',
      options: { json: { name: 'Gamma', defaultSource: `g-${unique()}` } },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/partners/{partnerId}',
    expect: READ_A,
    request: async (w) => ({ path: `/api/v1/partners/${w.partnerA}` }),
  },
  {
    method: 'POST',
    route: '/api/v1/partners/{partnerId}/sources',
    expect: CLIENT_ADMIN_WRITES_A(200),
    request: async (w) => ({
      path: `/api/v1/partners/${w.partnerA}/sources`,
      options: { json: { source: `a-${unique()}` } },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/users',
    expect: with_(403, {
      'client-admin': 200,
      'partner-admin-a': 200,
      'partner-admin-b': 200,
      'other-org-admin': 200,
    }),
    request: async () => ({ path: '/api/v1/users' }),
  },
  {
    method: 'POST',
    route: '/api/v1/users',
    expect: ADMINS_FOR_A(201),
    request: async (w) => ({
      path: '/api/v1/users',
      options: {
        json: {
          email: `u-${unique()}@alpha.example`,
          name: 'New',
          password: 'new user password',
          role: 'partner-viewer',
          partner: w.partnerA,
        },
      },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/users/{userId}',
    expect: ADMINS_FOR_A(204),
    request: async (w) => ({ path: `/api/v1/users/${await freshUser(w)}` }),
  },
  {
    method: 'GET',
    route: '/api/v1/tokens',
    expect: with_(403, {
      'client-admin': 200,
      'partner-admin-a': 200,
      'partner-admin-b': 200,
      'other-org-admin': 200,
    }),
    request: async () => ({ path: '/api/v1/tokens' }),
  },
  {
    method: 'POST',
    route: '/api/v1/tokens',
    expect: ADMINS_FOR_A(201),
    request: async (w) => ({
      path: '/api/v1/tokens',
      options: { json: { role: 'partner-viewer', partner: w.partnerA } },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/tokens/{tokenId}',
    expect: ADMINS_FOR_A(204),
    request: async (w) => ({ path: `/api/v1/tokens/${await freshToken(w)}` }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts',
    expect: every(200),
    request: async () => ({ path: '/api/v1/contracts' }),
  },
  {
    method: 'POST',
    route: '/api/v1/contracts',
    expect: CLIENT_ADMIN_WRITES_A(201),
    request: async (w) => ({
      path: '/api/v1/contracts',
      options: { json: { partner: w.partnerA, text: contractText(`new-${unique()}`) } },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/versions',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/versions' }),
  },
  {
    method: 'POST',
    route: '/api/v1/contracts/{contractId}/versions',
    expect: CLIENT_ADMIN_WRITES_A(201),
    request: async (w) => {
      const versions = await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions', {
        token: w.tokens['client-admin'],
      });
      const version = Math.max(...versions.body.versions.map((v: { version: number }) => v.version)) + 1;
      return {
        path: '/api/v1/contracts/acme-a/versions',
        options: { json: { text: contractText('acme-a', { version, effectiveFrom: '2027-01-01' }) } },
      };
    },
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/versions/{version}',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/versions/1' }),
  },
  {
    method: 'PUT',
    route: '/api/v1/contracts/{contractId}/versions/{version}',
    expect: CLIENT_ADMIN_WRITES_A(201),
    request: async (w) => {
      const versions = await call(w.app, 'GET', '/api/v1/contracts/acme-a/versions', {
        token: w.tokens['client-admin'],
      });
      const version = Math.max(...versions.body.versions.map((v: { version: number }) => v.version)) + 1;
      return {
        path: `/api/v1/contracts/acme-a/versions/${version}`,
        options: { json: { text: contractText('acme-a', { version, effectiveFrom: '2027-01-01' }) } },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/v1/contracts/{contractId}/versions/{version}/signatures',
    expect: ADMINS_FOR_A(200),
    request: async (w) => {
      const { version, digest } = await freshVersion(w);
      return {
        path: `/api/v1/contracts/acme-a/versions/${version}/signatures`,
        options: { json: { digest } },
      };
    },
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/diff',
    expect: READ_A,
    request: async (w) => {
      await freshVersion(w);
      return { path: '/api/v1/contracts/acme-a/diff?from=1&to=2' };
    },
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/versions/{version}/explanation',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/versions/1/explanation?lang=nl' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/versions/{version}/what-if',
    expect: READ_A,
    request: async (w) => {
      const { version } = await freshVersion(w);
      return { path: `/api/v1/contracts/acme-a/versions/${version}/what-if?periods=1` };
    },
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/evaluations/{period}',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/evaluations/2026-10' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/evaluations/{period}/breaches/{metric}',
    expect: complete({ ...READ_A, finance: 403 }),
    request: async () => ({
      path: '/api/v1/contracts/acme-a/evaluations/2026-10/breaches/phone-service-level',
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/evaluations/{period}/intervals/{metric}',
    expect: READ_A,
    request: async () => ({
      path: '/api/v1/contracts/acme-a/evaluations/2026-10/intervals/phone-service-level',
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/evaluations/{period}/distribution/{metric}',
    // The world's contract has no survey metric: a 400 that names it, for whoever may read A's results.
    expect: with_(400, { 'partner-admin-b': 404, 'partner-viewer-b': 404, 'other-org-admin': 404 }),
    request: async () => ({
      path: '/api/v1/contracts/acme-a/evaluations/2026-10/distribution/first-time-right',
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/contacts/{contactId}',
    expect: complete({ ...READ_A, finance: 403 }),
    // A-1 is in A_DATA: a refusal (401, 403, 404) must not name it back, not even in the problem's instance.
    request: async () => ({ path: '/api/v1/contracts/acme-a/contacts/A-1?metric=phone-service-level' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/trend',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/trend?from=2026-10&to=2026-11' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/reports/{period}',
    expect: READ_A,
    // CSV: the same model and rules as PDF without a browser per call (the formats: test/reports/).
    request: async () => ({ path: '/api/v1/contracts/acme-a/reports/2026-10?format=csv' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/periods/{period}/close',
    expect: READ_A,
    request: async (w) => {
      const r = await call(w.app, 'POST', '/api/v1/contracts/acme-a/periods/2026-10/close', {
        token: w.tokens['client-admin'],
        json: await closeBody(w),
      });
      expect(r.status, r.text).toBe(200);
      return { path: '/api/v1/contracts/acme-a/periods/2026-10/close' };
    },
  },
  {
    method: 'POST',
    route: '/api/v1/contracts/{contractId}/periods/{period}/close',
    expect: ADMINS_FOR_A(200),
    request: async (w) => ({
      path: '/api/v1/contracts/acme-a/periods/2026-10/close',
      options: { json: await closeBody(w) },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/disputes',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/disputes' }),
  },
  {
    method: 'POST',
    route: '/api/v1/contracts/{contractId}/disputes',
    expect: ADMINS_FOR_A(201),
    request: async (w) => ({
      path: '/api/v1/contracts/acme-a/disputes',
      options: { json: { contact: await freshContact(w), reason: 'test' } },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/contracts/{contractId}/disputes/{disputeId}/decision',
    expect: ADMINS_FOR_A(200),
    request: async (w, who) => {
      // Raised by the other side than the one deciding.
      const raiser =
        who === 'partner-admin-a' || who === 'partner-admin-b' ? 'client-admin' : 'partner-admin-a';
      const r = await call(w.app, 'POST', '/api/v1/contracts/acme-a/disputes', {
        token: w.tokens[raiser],
        json: { contact: await freshContact(w), reason: 'duplicate' },
      });
      expect(r.status, r.text).toBe(201);
      return {
        path: `/api/v1/contracts/acme-a/disputes/${r.body.id}/decision`,
        options: { json: { agree: true } },
      };
    },
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/action-plan',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/action-plan?period=2026-10' }),
  },
  {
    method: 'POST',
    route: '/api/v1/contracts/{contractId}/actions',
    expect: ADMINS_FOR_A(201),
    request: async () => ({
      path: '/api/v1/contracts/acme-a/actions',
      options: {
        json: { what: `Coach the late shift ${unique()}`, owner: 'partner', dueDate: '2026-11-30' },
      },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/contracts/{contractId}/actions/{actionId}',
    expect: ADMINS_FOR_A(200),
    request: async (w) => {
      const r = await call(w.app, 'POST', '/api/v1/contracts/acme-a/actions', {
        token: w.tokens['client-admin'],
        json: { what: `Review the IVR ${unique()}`, owner: 'client' },
      });
      expect(r.status, r.text).toBe(201);
      return {
        path: `/api/v1/contracts/acme-a/actions/${r.body.id}`,
        options: { json: { status: 'in_progress' } },
      };
    },
  },
  {
    method: 'PUT',
    route: '/api/v1/contracts/{contractId}/periods/{period}/notes',
    expect: ADMINS_FOR_A(200),
    request: async () => ({
      path: '/api/v1/contracts/acme-a/periods/2026-10/notes',
      options: { json: { text: `Evaluated together ${unique()}` } },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/schedules',
    expect: READ_A,
    request: async () => ({ path: '/api/v1/contracts/acme-a/schedules' }),
  },
  {
    method: 'PUT',
    route: '/api/v1/contracts/{contractId}/schedules/{kind}',
    expect: ADMINS_FOR_A(200),
    request: async () => ({
      path: '/api/v1/contracts/acme-a/schedules/month',
      options: { json: { workingDay: 3, time: '07:30' } },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/ingest',
    expect: ADMINS_FOR_A(200),
    request: async (w) => ({
      path: `/api/v1/ingest?kind=contacts&partner=${w.partnerA}`,
      options: { body: csv(`M-${unique()}`), contentType: 'text/csv' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/privacy/erasures',
    // Organisation-wide: the other organisation's admin erases within its own organisation (finds nothing).
    expect: with_(403, { 'client-admin': 200, 'other-org-admin': 200 }),
    request: async () => ({
      path: '/api/v1/privacy/erasures',
      options: { json: { customer: `nobody-${unique()}@example.org` } },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/audit',
    expect: with_(403, {
      'client-admin': 200,
      'partner-admin-a': 200,
      'partner-admin-b': 200,
      'other-org-admin': 200,
    }),
    request: async () => ({ path: '/api/v1/audit?limit=1000' }),
  },
  {
    method: 'GET',
    route: '/api/v1/staffing',
    expect: every(200),
    request: async () => ({ path: '/api/v1/staffing?volume=100&interval=30m&aht=180s&target=80/20' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/recipients',
    expect: ADMINS_FOR_A(200),
    request: async () => ({ path: '/api/v1/contracts/acme-a/recipients' }),
  },
  {
    method: 'GET',
    route: '/api/v1/contracts/{contractId}/recipients/{who}',
    expect: ADMINS_FOR_A(200),
    request: async () => ({ path: '/api/v1/contracts/acme-a/recipients/partner%20team%20lead' }),
  },
  {
    method: 'PUT',
    route: '/api/v1/contracts/{contractId}/recipients/{who}',
    expect: ADMINS_FOR_A(200),
    request: async () => ({
      path: '/api/v1/contracts/acme-a/recipients/partner%20team%20lead',
      options: { json: { emails: [`lead-${unique()}@alpha.example`], language: 'nl' } },
    }),
  },
  {
    method: 'GET',
    route: '/api/v1/deliveries',
    expect: with_(403, {
      'client-admin': 200,
      'partner-admin-a': 200,
      'partner-admin-b': 200,
      'other-org-admin': 200,
    }),
    request: async () => ({ path: '/api/v1/deliveries?state=dead' }),
  },
  {
    method: 'POST',
    route: '/api/v1/deliveries/{deliveryId}/retry',
    expect: ADMINS_FOR_A(200),
    request: async (w) => ({ path: `/api/v1/deliveries/${await deadDelivery(w)}/retry` }),
  },
];

/** Routes anyone may call: health, metrics, the OpenAPI document, set-up and login. */
// Webhooks authenticate by the pushing system's signature (test/api/webhooks.test.ts), not by role.
const PUBLIC = new Set([
  'POST /api/v1/setup',
  'POST /api/v1/session',
  'POST /api/v1/webhooks/{system}/{source}',
  // The signed acknowledge link is its own credential (test/api/alerts.test.ts).
  'GET /api/v1/alerts/acknowledge',
  'POST /api/v1/alerts/acknowledge',
]);

/** Things of partner A that no one outside A's tenant may ever see. */
const A_DATA = ['Alpha Contact', 'a-genesys', 'a-zendesk', 'A-1', 'A-3'];

function expectNoDataOfA(text: string): void {
  for (const s of A_DATA) expect(text, `leaks ${s}`).not.toContain(s);
}

/** Tokens for every caller: the World's, and a viewer and a partner admin of the other organisation. */
async function callerTokens(w: World): Promise<Record<Who, string | undefined>> {
  const otherAdmin = w.tokens['other-org-admin'];
  const p = await call(w.app, 'POST', '/api/v1/partners', {
    token: otherAdmin,
    json: { name: 'Other Partner', defaultSource: `o-${unique()}` },
  });
  expect(p.status, p.text).toBe(201);
  const issue = async (json: object) => {
    const r = await call(w.app, 'POST', '/api/v1/tokens', { token: otherAdmin, json });
    expect(r.status, r.text).toBe(201);
    return r.body.token as string;
  };
  return {
    ...w.tokens,
    'other-org-viewer': await issue({ role: 'client-viewer' }),
    'other-org-partner-admin': await issue({ role: 'partner-admin', partner: p.body.id }),
    anonymous: undefined,
  };
}

describe.each(DIALECTS)('authorisation matrix on $name', (d) => {
  const t = useStore(d);

  it('covers every route of the OpenAPI document', async () => {
    const w = await buildWorld(t.store);
    const doc = (await call(w.app, 'GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const tested = new Set([...CASES.map((c) => `${c.method} ${c.route}`), ...PUBLIC]);
    expect(documented.filter((r) => !tested.has(r))).toEqual([]);
    expect([...tested].filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('answers every route × role as the matrix says, and never with data of another tenant', async () => {
    const w = await buildWorld(t.store);
    const tokens = await callerTokens(w);
    const failures: string[] = [];
    const outsiders: string[] = [];
    for (const c of CASES) {
      for (const who of WHO) {
        const { path, options } = await c.request(w, who);
        const token = tokens[who];
        const r = await call(w.app, c.method, path, {
          ...options,
          ...(token === undefined ? {} : { token }),
        });
        if (r.status !== c.expect[who])
          failures.push(
            `${c.method} ${c.route} as ${who}: ${r.status} (want ${c.expect[who]}) ${r.text.slice(0, 200)}`,
          );
        if (r.status >= 400) {
          expect(r.headers.get('content-type'), `${c.method} ${path} as ${who}`).toContain(
            'application/problem+json',
          );
          expectNoDataOfA(r.text);
        }
        // Partner B and the other organisation never see A's data, even where they may list.
        if (OUTSIDERS.has(who)) {
          expectNoDataOfA(r.text);
          if (r.status < 400) expect(r.text).not.toContain('acme-a');
          outsiders.push(r.text);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(CASES.length * WHO.length).toBeGreaterThanOrEqual(33 * 11);
    // Nor any digest of A's contract versions.
    const digests = (await t.store.contracts.versions(w.organisationId, 'acme-a')).flatMap(
      (v) => v.digest ?? [],
    );
    expect(digests.length).toBeGreaterThan(3);
    for (const text of outsiders) for (const digest of digests) expect(text).not.toContain(digest);
  });

  it('answers 401 without credentials, with unknown, malformed or revoked tokens, and after logout', async () => {
    const w = await buildWorld(t.store);
    const revoked = await call(w.app, 'POST', '/api/v1/tokens', {
      token: w.tokens['client-admin'],
      json: { role: 'client-viewer' },
    });
    await call(w.app, 'DELETE', `/api/v1/tokens/${revoked.body.id}`, { token: w.tokens['client-admin'] });
    const credentials: (CallOptions | undefined)[] = [
      undefined,
      { token: 'acc_not-a-real-token' },
      { headers: { authorization: 'Basic dXNlcjpwYXNz' } },
      { headers: { authorization: "Bearer '; DROP TABLE api_tokens;--" } },
      { token: revoked.body.token },
      { headers: { cookie: '__Host-accord_session=ses_forged' } },
    ];
    for (const c of CASES) {
      for (const cred of credentials) {
        const { path, options } = await c.request(w, 'client-admin');
        const r = await call(w.app, c.method, path, { ...options, ...cred });
        expectProblem(r, 401);
        expectNoDataOfA(r.text);
        if (cred === undefined) expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
  });

  it("lets partner B neither read nor write partner A's data, whatever it tries", async () => {
    const w = await buildWorld(t.store);
    const b = w.tokens['partner-admin-b'];
    // Rows that claim A's sources are rejected, one error each; nothing of A changes.
    const rows = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: b,
      contentType: 'text/csv',
      body: 'id,source,channel,direction,created_at\nA-1,a-genesys,email,inbound,2026-10-05T09:00:00+02:00\nA-3,a-zendesk,email,inbound,2026-10-05T09:00:00+02:00\n',
    });
    expectProblem(rows, 422);
    expect(rows.body.errors.map((e: { field: string }) => e.field)).toEqual(['source', 'source']);
    const a = await t.store.records.readPeriodData(
      {
        from: 0,
        to: Number.MAX_SAFE_INTEGER,
      },
      { sources: ['a-genesys'] },
    );
    expect(a.contacts.find((c) => c.id === 'A-1')?.channel).toBe('phone');
    // Naming A's partner or A's source.
    expectProblem(
      await call(w.app, 'POST', `/api/v1/ingest?kind=contacts&partner=${w.partnerA}`, {
        token: b,
        contentType: 'text/csv',
        body: csv('x'),
      }),
      404,
    );
    expectProblem(
      await call(w.app, 'POST', '/api/v1/ingest?kind=contacts&source=a-genesys', {
        token: b,
        contentType: 'text/csv',
        body: csv('x'),
      }),
      403,
    );
    // Listing shows only B's own.
    const contracts = await call(w.app, 'GET', '/api/v1/contracts', { token: w.tokens['partner-viewer-b'] });
    expect(contracts.body.contracts.map((c: { id: string }) => c.id)).toEqual(['acme-b']);
    const partners = await call(w.app, 'GET', '/api/v1/partners', { token: w.tokens['partner-viewer-b'] });
    expect(partners.body.partners.map((p: { id: string }) => p.id)).toEqual([w.partnerB]);
    // B's evaluation counts only B's records.
    const ev = await call(w.app, 'GET', '/api/v1/contracts/acme-b/evaluations/2026-10', { token: b });
    expect(ev.body.metrics.find((m: { id: string }) => m.id === 'phone-service-level')).toMatchObject({
      denominator: 2,
      numerator: 0,
    });
    // A partner admin cannot hand out client roles, nor tokens for another partner.
    expectProblem(
      await call(w.app, 'POST', '/api/v1/tokens', { token: b, json: { role: 'client-admin' } }),
      403,
    );
    expectProblem(
      await call(w.app, 'POST', '/api/v1/tokens', {
        token: b,
        json: { role: 'partner-admin', partner: w.partnerA },
      }),
      404,
    );
    const own = await call(w.app, 'POST', '/api/v1/tokens', { token: b, json: { role: 'partner-viewer' } });
    expect(own.status).toBe(201);
    expect(own.body.partnerId).toBe(w.partnerB);
    // The other organisation does not even find a contract with the same id.
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a', { token: w.tokens['other-org-admin'] }),
      404,
    );
  });

  it('names the route, not the ids of its path, in the instance of a refusal; other problems keep the path', async () => {
    const w = await buildWorld(t.store);
    const path = '/api/v1/contracts/acme-a/contacts/A-1?metric=phone-service-level';
    const template = '/api/v1/contracts/{contractId}/contacts/{contactId}';
    const refused = [
      await call(w.app, 'GET', path, { token: w.tokens.finance }),
      await call(w.app, 'GET', path, { token: w.tokens['partner-admin-b'] }),
      await call(w.app, 'GET', path),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 404, 401]);
    for (const r of refused) expect(r.body.instance).toBe(template);
    const invalid = await call(w.app, 'GET', '/api/v1/contracts/acme-a/contacts/A-1?metric=a%20b', {
      token: w.tokens['client-admin'],
    });
    expect(invalid.status, invalid.text).toBe(400);
    expect(invalid.body.instance).toBe('/api/v1/contracts/acme-a/contacts/A-1');
  });
});
