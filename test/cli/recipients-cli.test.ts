/**
 * `accord recipients set|list` and `accord deliveries list|retry`: the operator sets one side's recipients
 * of an escalation name and handles the dead letters, on the same services as the API, on SQLite and
 * PostgreSQL.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { contractText } from '../api/support.js';
import { alertMessage } from '../support/alerts.js';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

describe.each(DIALECTS)('accord recipients and deliveries on $name', (d) => {
  let location: TestStoreLocation | undefined;
  const db = () => ['--db', location!.url];

  beforeEach(async (ctx) => {
    requireDialect(d, ctx);
    location = await freshLocation(d.name);
    const dir = tempFiles({ 'contract.yaml': contractText('c1') });
    const r = await runCli(['contract', 'import', join(dir, 'contract.yaml'), ...db()]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterEach(async () => {
    await location?.drop();
    location = undefined;
  });

  it('sets one side of a name, lists both sides, and refuses bad input with exit 1 and one line', async () => {
    const set = await runCli([
      'recipients',
      'set',
      'c1',
      'partner team lead',
      '--email',
      'Lead@Partner.example',
      '--email',
      'second@partner.example',
      '--webhook',
      'https://hooks.slack.com/services/T0/B0/x',
      '--lang',
      'nl',
      '--side',
      'partner',
      ...db(),
      '--json',
    ]);
    expect(set.code, set.stderr).toBe(0);
    const doc = JSON.parse(set.stdout);
    expect(doc.recipients).toEqual([
      expect.objectContaining({
        who: 'partner team lead',
        side: 'partner',
        emails: ['lead@partner.example', 'second@partner.example'],
        webhooks: ['https://hooks.slack.com/services/T0/B0/x'],
        language: 'nl',
      }),
    ]);
    expect(doc.warnings).toHaveLength(1);
    const client = await runCli([
      'recipients',
      'set',
      'c1',
      'partner team lead',
      '--email',
      'vera@acme.example',
      ...db(),
    ]);
    expect(client.code, client.stderr).toBe(0);
    expect(client.stdout).toContain('partner team lead (client, en)');
    expect(client.stderr).toContain('warning: no escalation level');

    const list = await runCli(['recipients', 'list', 'c1', ...db(), '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).recipients.map((g: { side: string }) => g.side)).toEqual([
      'client',
      'partner',
    ]);

    const bad = await runCli(['recipients', 'set', 'c1', 'lead', '--webhook', 'ftp://x.example/h', ...db()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--webhook[0]');
    const lang = await runCli(['recipients', 'set', 'c1', 'lead', '--lang', 'fr', ...db()]);
    expect(lang.code).toBe(2);
    const missing = await runCli(['recipients', 'set', 'nope', 'lead', ...db()]);
    expect(missing.code).toBe(1);
  });

  it('lists the dead letters and retries one', async () => {
    const store = await openStore(location!.url);
    let id = '';
    try {
      const [org] = await store.tenancy.organisations();
      await store.recipients.replace(
        { organisationId: org!.id, contractId: 'c1', who: 'partner team lead', side: 'partner' },
        [{ channel: 'email', target: 'lead@partner.example', language: 'en' }],
        1,
        'test',
      );
      await store.deliveries.enqueue(alertMessage({ organisationId: org!.id }), 1000);
      const [dv] = await store.deliveries.due(1000, 1);
      id = dv!.id;
      await store.deliveries.claim(id, 0, 1000, 2000);
      await store.deliveries.markFailed(id, '550 no such user', null);
    } finally {
      await store.close();
    }
    const dead = await runCli(['deliveries', 'list', '--state', 'dead', ...db(), '--json']);
    expect(dead.code, dead.stderr).toBe(0);
    expect(
      JSON.parse(dead.stdout).deliveries.map((x: { id: string; lastError: string }) => [x.id, x.lastError]),
    ).toEqual([[id, '550 no such user']]);
    const retry = await runCli(['deliveries', 'retry', id, ...db(), '--json']);
    expect(retry.code, retry.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ id, state: 'pending', attempts: 0 });
    const again = await runCli(['deliveries', 'retry', id, ...db()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not dead');
    expect((await runCli(['deliveries', 'list', '--limit', '0', ...db()])).code).toBe(2);
  });
});
