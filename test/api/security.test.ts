/**
 * Security beyond the authorisation matrix (docs/reliability.md, Security): sessions expire and end at
 * sign-out, revoking a token or removing a user takes effect on the next request, sign-in is rate limited
 * per account and per address, and the logs of a full flow at debug level hold no secret and no personal
 * value: no token, password, session or CSRF token, e-mail address or phone number.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { DEFAULT_LIMITS } from '../../src/api/context.js';
import { ensureSetupToken } from '../../src/services/setup.service.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, contractText, expectProblem, NOW, testPseudonymise } from './support.js';

describe.each(DIALECTS)('security on $name', (d) => {
  const t = useStore(d);

  it('ends a session when it expires and at sign-out, and nowhere else', async () => {
    let now = NOW;
    const w = await buildWorld(t.store, { now: () => now });
    const login = async () => {
      const r = await call(w.app, 'POST', '/api/v1/session', {
        json: { email: 'vera@acme.example', password: 'a long enough password' },
      });
      expect(r.status, r.text).toBe(200);
      return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: r.body.csrfToken as string };
    };
    const a = await login();
    const b = await login();
    const me = (cookie: string) => call(w.app, 'GET', '/api/v1/session', { headers: { cookie } });
    // Just before the end of its lifetime the session holds; just after, it is gone.
    now = NOW + DEFAULT_LIMITS.sessionMs - 60_000;
    expect((await me(a.cookie)).status).toBe(200);
    now = NOW + DEFAULT_LIMITS.sessionMs + 1;
    expectProblem(await me(a.cookie), 401);
    expectProblem(await me(w.session.cookie), 401);
    // Signing out ends that session at once and no other.
    now = NOW;
    const c = await login();
    const out = await call(w.app, 'DELETE', '/api/v1/session', {
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrf },
    });
    expect(out.status).toBe(204);
    expectProblem(await me(b.cookie), 401);
    expect((await me(c.cookie)).status).toBe(200);
    // A signed-out session cannot sign out again or write.
    expectProblem(
      await call(w.app, 'POST', '/api/v1/tokens', {
        headers: { cookie: b.cookie, 'x-csrf-token': b.csrf },
        json: { role: 'client-viewer' },
      }),
      401,
    );
  });

  it('refuses a revoked token and a removed user on the very next request', async () => {
    const w = await buildWorld(t.store);
    const admin = w.tokens['client-admin'];
    const issued = await call(w.app, 'POST', '/api/v1/tokens', {
      token: admin,
      json: { role: 'client-viewer' },
    });
    expect(issued.status).toBe(201);
    expect((await call(w.app, 'GET', '/api/v1/contracts', { token: issued.body.token })).status).toBe(200);
    expect((await call(w.app, 'DELETE', `/api/v1/tokens/${issued.body.id}`, { token: admin })).status).toBe(
      204,
    );
    expectProblem(await call(w.app, 'GET', '/api/v1/contracts', { token: issued.body.token }), 401);

    const user = await call(w.app, 'POST', '/api/v1/users', {
      token: admin,
      json: {
        email: 'leaver@acme.example',
        name: 'Leaver',
        password: 'leaver password 1',
        role: 'client-viewer',
      },
    });
    expect(user.status, user.text).toBe(201);
    const login = await call(w.app, 'POST', '/api/v1/session', {
      json: { email: 'leaver@acme.example', password: 'leaver password 1' },
    });
    expect(login.status, login.text).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await call(w.app, 'GET', '/api/v1/contracts', { headers: { cookie } })).status).toBe(200);
    expect((await call(w.app, 'DELETE', `/api/v1/users/${user.body.id}`, { token: admin })).status).toBe(204);
    expectProblem(await call(w.app, 'GET', '/api/v1/contracts', { headers: { cookie } }), 401);
    expectProblem(
      await call(w.app, 'POST', '/api/v1/session', {
        json: { email: 'leaver@acme.example', password: 'leaver password 1' },
      }),
      401,
    );
  });

  it('limits failed sign-ins per address across accounts, and lets them through again after the window', async () => {
    let now = NOW;
    const w = await buildWorld(t.store);
    // A second app on the same store, with a smaller per-address limit (each failed try costs a hash).
    const perAddress = 12;
    const app = createApp({
      store: w.store,
      now: () => now,
      pseudonymise: testPseudonymise,
      limits: { loginFailuresPerAddress: perAddress },
    });
    expect(perAddress).toBeLessThan(DEFAULT_LIMITS.loginFailuresPerAddress);
    let refused = 0;
    for (let i = 0; i < perAddress + 5; i++) {
      const r = await call(app, 'POST', '/api/v1/session', {
        json: { email: `guess-${i % 4}@acme.example`, password: `guess number ${i}` },
      });
      if (r.status === 429) refused++;
      else expectProblem(r, 401);
    }
    expect(refused).toBeGreaterThanOrEqual(5);
    const locked = await call(app, 'POST', '/api/v1/session', {
      json: { email: 'vera@acme.example', password: 'a long enough password' },
    });
    expectProblem(locked, 429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    now = NOW + DEFAULT_LIMITS.loginWindowMs + 1000;
    const again = await call(app, 'POST', '/api/v1/session', {
      json: { email: 'vera@acme.example', password: 'a long enough password' },
    });
    expect(again.status, again.text).toBe(200);
  });

  it('writes no secret and no personal value to the logs of a full flow at debug level', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const w = await buildWorld(t.store, { logger });
    const app = w.app;
    const secrets: string[] = [
      ...Object.values(w.tokens),
      w.session.cookie.split('=')[1]!,
      w.session.csrf,
      'a long enough password',
      'vera@acme.example',
    ];
    // Sign-in: a wrong password, then the right one.
    expectProblem(
      await call(app, 'POST', '/api/v1/session', {
        json: { email: 'vera@acme.example', password: 'wrong secret password 42' },
      }),
      401,
    );
    secrets.push('wrong secret password 42');
    const ok = await call(app, 'POST', '/api/v1/session', {
      json: { email: 'vera@acme.example', password: 'a long enough password' },
    });
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    secrets.push(cookie.split('=')[1]!, ok.body.csrfToken);
    // A user with personal details, a token, records with planted personal values in known and unknown
    // columns and in free text, a bad token, a contract, an evaluation, a dispute; then sign-out.
    const user = await call(app, 'POST', '/api/v1/users', {
      token: w.tokens['client-admin'],
      json: {
        email: 'planted.user@privacy.example',
        name: 'Planted User',
        password: 'planted user password',
        role: 'finance',
      },
    });
    expect(user.status, user.text).toBe(201);
    secrets.push('planted.user@privacy.example', 'planted user password');
    const token = await call(app, 'POST', '/api/v1/tokens', {
      token: w.tokens['client-admin'],
      json: { role: 'client-viewer', label: 'log test' },
    });
    secrets.push(token.body.token);
    const csv = [
      'id,channel,direction,created_at,answered_at,customer,email,mobile,notes',
      'L-1,phone,inbound,2026-10-09T09:00:00+02:00,2026-10-09T09:00:10+02:00,cust-991,planted.customer@privacy.example,+31 6 98765432,call back on 0612345678 or planted.notes@privacy.example',
      'L-2,phone,inbound,not a time,,cust-992,second.customer@privacy.example,+49 151 23456789,',
    ].join('\n');
    const ingest = await call(app, 'POST', '/api/v1/ingest?kind=contacts', {
      token: w.tokens['partner-admin-a'],
      body: csv,
      contentType: 'text/csv',
    });
    expect(ingest.status).toBeLessThan(500);
    secrets.push(
      'planted.customer@privacy.example',
      'planted.notes@privacy.example',
      'second.customer@privacy.example',
      '98765432',
      '612345678',
      '23456789',
      'cust-991',
      'cust-992',
    );
    expectProblem(
      await call(app, 'GET', '/api/v1/contracts', { token: 'acc_planted-bogus-token-value' }),
      401,
    );
    secrets.push('acc_planted-bogus-token-value');
    expect(
      (
        await call(app, 'POST', '/api/v1/contracts', {
          token: w.tokens['client-admin'],
          json: { partner: w.partnerA, text: contractText('log-test') },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call(app, 'GET', '/api/v1/contracts/acme-a/evaluations/2026-10', { token: w.tokens.finance }))
        .status,
    ).toBe(200);
    const dispute = await call(app, 'POST', '/api/v1/contracts/acme-a/disputes', {
      token: w.tokens['client-admin'],
      json: { contact: 'A-3', reason: 'planted.dispute@privacy.example asked for it' },
    });
    expect(dispute.status).toBeLessThan(500);
    expect(
      (
        await call(app, 'DELETE', '/api/v1/session', {
          headers: { cookie, 'x-csrf-token': ok.body.csrfToken },
        })
      ).status,
    ).toBe(204);

    const log = lines.join('');
    // The flow was logged: every request, and the failed sign-in.
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('"event":"login_failed"');
    for (const s of secrets) expect(log.includes(s), `the logs hold ${s}`).toBe(false);
    // Nor anything that looks like an e-mail address or a token of ours.
    expect(log.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? []).toEqual([]);
    expect(log.match(/\bacc_[A-Za-z0-9_-]{8,}/g) ?? []).toEqual([]);
  });

  it('never logs the set-up token', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _e, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const app = createApp({ store: t.store, now: () => NOW, pseudonymise: testPseudonymise, logger });
    const setup = await ensureSetupToken(t.store, NOW);
    const r = await call(app, 'POST', '/api/v1/setup', {
      json: {
        token: setup,
        organisation: 'X B.V.',
        name: 'X',
        email: 'x@x.example',
        password: 'x long password',
      },
    });
    expect(r.status, r.text).toBe(201);
    expect(lines.join('')).not.toContain(setup);
  });
});
