/**
 * `accord token create` for a partner role (issue 12.10): with one partner in the organisation it is that
 * partner's token; with none or several the error says so in one line, naming the choices. SQLite and
 * PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { call, NOW, testPseudonymise } from '../api/support.js';
import { runCli } from '../support/cli.js';
import { DIALECTS, useStore } from '../support/stores.js';

describe.each(DIALECTS)('accord token create --role partner-… on $name', (d) => {
  const t = useStore(d);

  it('takes the only partner, and names the partners when there are several', async () => {
    const admin = await runCli([
      ...['token', 'create', '--role', 'client-admin', '--new-org', 'ACME B.V.'],
      ...['--db', t.url, '--json'],
    ]);
    expect(admin.code, admin.stderr).toBe(0);
    const { token } = JSON.parse(admin.stdout) as { token: string };
    const app = createApp({ store: t.store, now: () => NOW, pseudonymise: testPseudonymise });
    const partner = async (name: string, source: string) =>
      (await call(app, 'POST', '/api/v1/partners', { token, json: { name, defaultSource: source } }))
        .body as {
        id: string;
      };

    const none = await runCli(['token', 'create', '--role', 'partner-admin', '--db', t.url]);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe(
      'accord: --partner: a partner-admin token needs a partner, and ACME B.V. has none yet (POST /api/v1/partners adds one)',
    );

    const alpha = await partner('Alpha Contact B.V.', 'alpha');
    const only = await runCli(['token', 'create', '--role', 'partner-admin', '--db', t.url, '--json']);
    expect(only.code, only.stderr).toBe(0);
    const doc = JSON.parse(only.stdout) as { token: string; role: string; partner: string };
    expect(doc).toMatchObject({ role: 'partner-admin', partner: alpha.id });
    const me = await call(app, 'GET', '/api/v1/partners', { token: doc.token });
    expect(me.status).toBe(200);
    const text = await runCli(['token', 'create', '--role', 'partner-viewer', '--db', t.url]);
    expect(text.stderr).toContain(`partner ${alpha.id}, the only one`);

    const beta = await partner('Beta Services', 'beta');
    const several = await runCli(['token', 'create', '--role', 'partner-viewer', '--db', t.url]);
    expect(several.code).toBe(1);
    expect(several.stderr.trim()).toBe(
      `accord: --partner: a partner-viewer token needs a partner; name one of ${[
        `${alpha.id} (Alpha Contact B.V.)`,
        `${beta.id} (Beta Services)`,
      ].join(', ')}`,
    );
  });
});
