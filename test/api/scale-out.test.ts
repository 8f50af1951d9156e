/**
 * Two server instances on one database (docs/deployment.md): each with its own store connection, nothing
 * shared in memory. A session, a login lock-out, a revoked token and a signature made on one instance hold
 * on the other at once.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { openStore } from '../../src/store/index.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, contractText, expectProblem, NOW, testPseudonymise } from './support.js';

/**
 * Runs requests at the same time on PostgreSQL. Two SQLite connections in one process cannot: SQLite's busy
 * wait blocks the only thread, so the other connection can never finish (separate processes can).
 */
async function together<T>(dialect: string, tasks: (() => Promise<T>)[]): Promise<T[]> {
  if (dialect === 'postgres') return Promise.all(tasks.map((f) => f()));
  const out: T[] = [];
  for (const f of tasks) out.push(await f());
  return out;
}

describe.each(DIALECTS)('two instances on one $name database', (d) => {
  const t = useStore(d);

  it('share sessions, rate limits, tokens and contract state through the database alone', async () => {
    const w = await buildWorld(t.store);
    const otherStore = await openStore(t.url);
    try {
      const one = w.app;
      const two = createApp({ store: otherStore, now: () => NOW, pseudonymise: testPseudonymise });

      // A session started on one works on two, and logging out on two ends it on one.
      const login = await call(one, 'POST', '/api/v1/session', {
        json: { email: 'vera@acme.example', password: 'a long enough password' },
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const csrf: string = login.body.csrfToken;
      expect((await call(two, 'GET', '/api/v1/contracts/acme-a', { headers: { cookie } })).status).toBe(200);
      expect(
        (await call(two, 'DELETE', '/api/v1/session', { headers: { cookie, 'x-csrf-token': csrf } })).status,
      ).toBe(204);
      expectProblem(await call(one, 'GET', '/api/v1/session', { headers: { cookie } }), 401);

      // Failed logins count across instances.
      for (let i = 0; i < 5; i++) {
        const app = i % 2 === 0 ? one : two;
        expectProblem(
          await call(app, 'POST', '/api/v1/session', {
            json: { email: 'vera@acme.example', password: `no-${i}` },
          }),
          401,
        );
      }
      expectProblem(
        await call(one, 'POST', '/api/v1/session', {
          json: { email: 'vera@acme.example', password: 'a long enough password' },
        }),
        429,
      );

      // A token revoked on one is refused by two at once.
      const created = await call(one, 'POST', '/api/v1/tokens', {
        token: w.tokens['client-admin'],
        json: { role: 'finance' },
      });
      expect((await call(two, 'GET', '/api/v1/contracts', { token: created.body.token })).status).toBe(200);
      await call(two, 'DELETE', `/api/v1/tokens/${created.body.id}`, { token: w.tokens['client-admin'] });
      expectProblem(await call(one, 'GET', '/api/v1/contracts', { token: created.body.token }), 401);

      // A version saved on one, signed on both at the same time by the two parties: signed once, by both.
      const v2 = await call(one, 'PUT', '/api/v1/contracts/acme-a/versions/2', {
        token: w.tokens['client-admin'],
        json: { text: contractText('acme-a', { version: 2, effectiveFrom: '2026-12-01' }) },
      });
      const digest: string = v2.body.digest;
      const [client, partner] = await together(d.name, [
        () =>
          call(one, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
            token: w.tokens['client-admin'],
            json: { digest },
          }),
        () =>
          call(two, 'POST', '/api/v1/contracts/acme-a/versions/2/signatures', {
            token: w.tokens['partner-admin-a'],
            json: { digest },
          }),
      ]);
      expect([client?.status, partner?.status]).toEqual([200, 200]);
      const read = await call(two, 'GET', '/api/v1/contracts/acme-a/versions/2', {
        token: w.tokens['client-viewer'],
      });
      expect(read.body.status).toBe('signed');
      expect(read.body.signatures.client).not.toBeNull();
      expect(read.body.signatures.partner).not.toBeNull();

      // Ingest through both at once: every acknowledged record is stored, and the audit chain holds.
      const batch = (prefix: string) =>
        `id,channel,direction,created_at\n${Array.from({ length: 50 }, (_, i) => `${prefix}-${i},phone,inbound,2026-10-20T09:00:00+02:00`).join('\n')}\n`;
      const results = await together(
        d.name,
        ['P', 'Q', 'R', 'S'].map(
          (p, i) => () =>
            call(i % 2 === 0 ? one : two, 'POST', '/api/v1/ingest?kind=contacts', {
              token: w.tokens['partner-admin-a'],
              body: batch(p),
              contentType: 'text/csv',
            }),
        ),
      );
      expect(results.map((r) => r.body.inserted)).toEqual([50, 50, 50, 50]);
      const data = await otherStore.records.readPeriodData(
        {
          from: 0,
          to: Number.MAX_SAFE_INTEGER,
        },
        { sources: ['a-genesys'] },
      );
      expect(data.contacts.length).toBe(4 + 200);
      expect(await t.store.audit.verify()).toMatchObject({ ok: true });
    } finally {
      await otherStore.close();
    }
  });
});
