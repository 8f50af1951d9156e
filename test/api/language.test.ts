/**
 * The dashboard's language is remembered per user (interfaces.md, Dashboard): a signed-in user's choice
 * comes back on GET /api/v1/session and at the next sign-in; a token has none. SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

describe.each(DIALECTS)('the language of a user on $name', (d) => {
  const t = useStore(d);

  it('is null until chosen, then kept across sessions; only valid languages; not for tokens', async () => {
    const w = await buildWorld(t.store);
    const login = async () => {
      const r = await call(w.app, 'POST', '/api/v1/session', {
        json: { email: 'vera@acme.example', password: 'a long enough password' },
      });
      expect(r.status, r.text).toBe(200);
      return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, body: r.body };
    };
    const first = await login();
    expect(first.body.lang).toBeNull();
    const headers = { cookie: first.cookie, 'x-csrf-token': first.body.csrfToken as string };
    // Without the CSRF token a session may not write.
    expectProblem(
      await call(w.app, 'PUT', '/api/v1/session/language', {
        headers: { cookie: first.cookie },
        json: { lang: 'de' },
      }),
      403,
    );
    expectProblem(
      await call(w.app, 'PUT', '/api/v1/session/language', { headers, json: { lang: 'fr' } }),
      400,
    );
    const put = await call(w.app, 'PUT', '/api/v1/session/language', { headers, json: { lang: 'nl' } });
    expect(put.status, put.text).toBe(204);
    expect((await call(w.app, 'GET', '/api/v1/session', { headers })).body.lang).toBe('nl');
    expect((await login()).body.lang).toBe('nl');
    const token = await call(w.app, 'PUT', '/api/v1/session/language', {
      token: w.tokens['client-viewer'],
      json: { lang: 'de' },
    });
    expectProblem(token, 400);
    expect(
      (await call(w.app, 'GET', '/api/v1/session', { token: w.tokens['client-viewer'] })).body.lang,
    ).toBeNull();
  });
});
