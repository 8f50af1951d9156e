/** `accord alerts list|ack`: the operator reads a contract's alerts and acknowledges one, once. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertId } from '../../src/domain/monitor/escalation.js';
import { raiseAlerts } from '../../src/services/alerts.service.js';
import { openStore } from '../../src/store/index.js';
import { contractText } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { freshLocation, type TestStoreLocation } from '../support/stores.js';

let location: TestStoreLocation;
const db = () => ['--db', location.url];
let id = '';

beforeAll(async () => {
  location = await freshLocation('sqlite');
  const dir = tempFiles({ 'contract.yaml': contractText('acme-alerts') });
  expect((await runCli(['contract', 'import', join(dir, 'contract.yaml'), ...db()])).code).toBe(0);
  const store = await openStore(location.url);
  try {
    const org = (await store.tenancy.organisations())[0]!;
    const contract = (await store.contracts.contract(org.id, 'acme-alerts'))!;
    id = alertId('acme-alerts', null, 'period:2026-11', 1, 'at_risk');
    await raiseAlerts(
      store,
      contract,
      [
        {
          id,
          organisationId: org.id,
          contract: 'acme-alerts',
          kind: 'at_risk',
          level: 1,
          who: ['partner team lead'],
          metric: null,
          contact: null,
          period: '2026-11',
          dueAt: '2026-11-15T12:00:00.000Z',
          deadline: null,
          raisedAt: '2026-11-15T12:00:00.000Z',
          acknowledgeBy: '2026-11-15T12:30:00.000Z',
        },
      ],
      Date.parse('2026-11-15T12:00:00Z'),
    );
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await location.drop();
});

describe('accord alerts', () => {
  it('lists the open alerts, acknowledges one, and lists it as acknowledged', async () => {
    const open = await runCli(['alerts', 'list', 'acme-alerts', '--state', 'open', ...db(), '--json']);
    expect(open.code, open.stderr).toBe(0);
    expect(JSON.parse(open.stdout).alerts).toEqual([
      expect.objectContaining({ id, kind: 'at_risk', state: 'open' }),
    ]);
    const text = await runCli(['alerts', 'list', 'acme-alerts', ...db()]);
    expect(text.stdout).toContain(`${id}  open`);
    const ack = await runCli(['alerts', 'ack', id, ...db(), '--json']);
    expect(ack.code, ack.stderr).toBe(0);
    expect(JSON.parse(ack.stdout)).toMatchObject({ id, state: 'acknowledged' });
    const none = await runCli(['alerts', 'list', 'acme-alerts', '--state', 'open', ...db()]);
    expect(none.stdout.trim()).toBe('no open alerts for acme-alerts');
    const unknown = await runCli(['alerts', 'ack', '0'.repeat(32), ...db()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/not found/);
  });

  it('has help for monitor and alerts', async () => {
    for (const args of [
      ['monitor', '--help'],
      ['alerts', 'list', '--help'],
      ['alerts', 'ack', '--help'],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: accord/);
    }
  });
});
