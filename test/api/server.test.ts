/**
 * Over a real port: the app on a socket (set-up, cookie session, ingest, evaluation), `accord serve` with
 * `--contract` and its one-time set-up token, and `accord token create|list|revoke`. SQLite and PostgreSQL.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { startServer } from '../../src/api/server.js';
import { registerServeCommand } from '../../src/cli/serve-command.js';
import { ensureSetupToken } from '../../src/services/setup.service.js';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { CONTACTS_A, call, contractText, NOW, testPseudonymise } from './support.js';

describe.each(DIALECTS)('over a real port on $name', (d) => {
  const t = useStore(d);

  it('serves set-up, a cookie session, ingest and an evaluation over HTTP', async () => {
    const app = createApp({ store: t.store, now: () => NOW, pseudonymise: testPseudonymise });
    const server = await startServer(app, { port: 0, host: '127.0.0.1' });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok', store: d.name });

      const setupToken = await ensureSetupToken(t.store, NOW);
      const setup = await fetch(`${server.url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token: setupToken,
          organisation: 'ACME B.V.',
          name: 'Vera',
          email: 'vera@acme.example',
          password: 'a long enough password',
        }),
      });
      expect(setup.status).toBe(201);
      const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
      const { session } = (await setup.json()) as { session: { csrfToken: string } };
      const write = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const partner = (await (
        await write('/api/v1/partners', { name: 'Alpha Contact B.V.', defaultSource: 'a-genesys' })
      ).json()) as {
        id: string;
      };
      const created = await write('/api/v1/contracts', { partner: partner.id, text: contractText('acme-a') });
      expect(created.status).toBe(201);
      const digest = ((await created.json()) as { versions: { digest: string }[] }).versions[0]!.digest;
      expect((await write('/api/v1/contracts/acme-a/versions/1/signatures', { digest })).status).toBe(200);
      const tokenRes = await write('/api/v1/tokens', { role: 'partner-admin', partner: partner.id });
      const partnerToken = ((await tokenRes.json()) as { token: string }).token;
      const partnerSign = await fetch(`${server.url}/api/v1/contracts/acme-a/versions/1/signatures`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partnerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ digest }),
      });
      expect(((await partnerSign.json()) as { status: string }).status).toBe('signed');

      const ingest = await fetch(`${server.url}/api/v1/ingest?kind=contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partnerToken}`, 'content-type': 'text/csv' },
        body: CONTACTS_A,
      });
      expect(ingest.status).toBe(200);
      expect(await ingest.json()).toMatchObject({ read: 4, inserted: 4, rejected: 0 });

      const evaluation = await fetch(`${server.url}/api/v1/contracts/acme-a/evaluations/2026-10`, {
        headers: { cookie },
      });
      expect(evaluation.status).toBe(200);
      const doc = (await evaluation.json()) as { verdicts: Record<string, string>; asOf: string };
      expect(doc.verdicts['phone-service-level']).toBe('missed');
      expect(doc.asOf).toBe('2026-11-15T13:00:00+01:00');

      const missing = await fetch(`${server.url}/api/v1/contracts/acme-a`);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain('route="/api/v1/ingest",status="200"');
    } finally {
      await server.close();
    }
  });

  it('runs `accord serve --contract`: imports the contract, prints a set-up token, stops on a signal', async () => {
    const logLevel = process.env.ACCORD_LOG_LEVEL;
    process.env.ACCORD_LOG_LEVEL = 'silent';
    const dir = tempFiles({ 'contract.yaml': contractText('acme-a', { partner: 'Alpha Contact B.V.' }) });
    const lines: string[] = [];
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
    const abort = new AbortController();
    let url = '';
    let serving: Promise<unknown> = Promise.resolve();
    const listening = new Promise<void>((resolve) => {
      const program = new Command('accord').exitOverride();
      registerServeCommand(program, io, {
        signal: abort.signal,
        now: () => NOW,
        onListening: (u) => {
          url = u;
          resolve();
        },
      });
      serving = program.parseAsync(
        ['serve', '--port', '0', '--db', t.url, '--contract', join(dir, 'contract.yaml')],
        {
          from: 'user',
        },
      );
      serving.catch(() => resolve());
    });
    await listening;
    try {
      const text = lines.join('\n');
      expect(text).toMatch(/contract acme-a version 1 imported and activated \(sha256:[0-9a-f]{64}\)/);
      expect(text).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      const token = /^\s+(setup_[A-Za-z0-9_-]+)$/m.exec(text)?.[1];
      expect(token).toBeDefined();
      const setup = await fetch(`${url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          name: 'Op',
          email: 'op@acme.example',
          password: 'a long enough password',
        }),
      });
      expect(setup.status).toBe(201);
      const body = (await setup.json()) as { organisation: { name: string } };
      expect(body.organisation.name).toBe('ACME B.V.');
      const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
      const contract = (await (
        await fetch(`${url}/api/v1/contracts/acme-a`, { headers: { cookie } })
      ).json()) as {
        inForce: number;
        versions: { status: string; signatures: { client: { by: string } } }[];
      };
      expect(contract.inForce).toBe(1);
      expect(contract.versions[0]!.status).toBe('signed');
      expect(contract.versions[0]!.signatures.client.by).toMatch(/^operator:/);
      // The token is used up.
      const again = await fetch(`${url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          name: 'Op',
          email: 'op2@acme.example',
          password: 'a long enough password',
        }),
      });
      expect(again.status).toBe(409);
      const audit = await t.store.audit.listScoped({
        organisationId: (await t.store.tenancy.organisations())[0]!.id,
        action: 'contract.imported',
        limit: 10,
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toMatch(/^operator:/);
    } finally {
      abort.abort();
      await serving;
    }
    if (logLevel === undefined) delete process.env.ACCORD_LOG_LEVEL;
    else process.env.ACCORD_LOG_LEVEL = logLevel;
    // Importing the same file again changes nothing.
    const second = new Command('accord').exitOverride();
    const lines2: string[] = [];
    registerServeCommand(
      second,
      { out: (s) => lines2.push(s), err: (s) => lines2.push(s) },
      {
        signal: AbortSignal.abort(),
        now: () => NOW,
      },
    );
    await second.parseAsync(
      ['serve', '--port', '0', '--db', t.url, '--contract', join(dir, 'contract.yaml')],
      { from: 'user' },
    );
    expect(lines2.join('\n')).toMatch(/is active already/);
    expect(lines2.join('\n')).not.toMatch(/setup_/);
  });

  it('creates, lists and revokes tokens with `accord token`', async () => {
    const created = await runCli([
      'token',
      'create',
      '--role',
      'client-admin',
      '--new-org',
      'ACME B.V.',
      '--db',
      t.url,
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const doc = JSON.parse(created.stdout) as { token: string; id: string; organisation: string };
    expect(doc.token).toMatch(/^acc_/);
    const app = createApp({ store: t.store, now: () => NOW, pseudonymise: testPseudonymise });
    const me = await call(app, 'GET', '/api/v1/organisation', { token: doc.token });
    expect(me.body).toMatchObject({ id: doc.organisation, name: 'ACME B.V.' });

    const partner = await call(app, 'POST', '/api/v1/partners', {
      token: doc.token,
      json: { name: 'Alpha', defaultSource: 'alpha' },
    });
    const partnerToken = await runCli([
      'token',
      'create',
      '--role',
      'partner-viewer',
      '--partner',
      partner.body.id,
      '--db',
      t.url,
    ]);
    expect(partnerToken.code, partnerToken.stderr).toBe(0);
    expect(partnerToken.stdout.trim()).toMatch(/^acc_/);
    const badRole = await runCli(['token', 'create', '--role', 'emperor', '--db', t.url]);
    expect(badRole.code).toBe(2);

    const list = await runCli(['token', 'list', '--db', t.url, '--json']);
    const tokens = (JSON.parse(list.stdout) as { tokens: { id: string; role: string }[] }).tokens;
    expect(tokens.map((x) => x.role).sort()).toEqual(['client-admin', 'partner-viewer']);
    expect(list.stdout).not.toContain(doc.token);

    const revoked = await runCli(['token', 'revoke', doc.id, '--db', t.url]);
    expect(revoked.code).toBe(0);
    expect((await call(app, 'GET', '/api/v1/organisation', { token: doc.token })).status).toBe(401);
  });

  it('refuses a contract file that does not validate, naming file, path and line', async () => {
    const dir = tempFiles({ 'bad.yaml': contractText('acme-a').replace('target: 80%', 'target: 0.8') });
    const file = join(dir, 'bad.yaml');
    const r = await runCli(['serve', '--port', '0', '--db', t.url, '--contract', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:15: metrics[0].target`);
  });
});
