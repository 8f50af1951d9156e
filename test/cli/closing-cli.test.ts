/**
 * `accord contract import`, `accord period show|close` and `accord dispute list|raise|decide`: the operator
 * acts for one party at a time on the same services as the API.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { issueToken } from '../../src/services/accounts.service.js';
import { openStore } from '../../src/store/index.js';
import { call, contractText, testPseudonymise } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { freshLocation, type TestStoreLocation } from '../support/stores.js';

const AS_OF = '2026-12-02T09:00:00+01:00';
const CONTACTS = [
  'id,channel,created_at,answered_at,first_time_right',
  'O1,phone,2026-10-05T08:00:00Z,2026-10-05T08:00:10Z,true',
  'O2,phone,2026-10-06T08:00:00Z,2026-10-06T08:01:10Z,false',
  'N1,phone,2026-11-05T08:00:00Z,2026-11-05T08:00:10Z,true',
  'N2,phone,2026-11-06T08:00:00Z,2026-11-06T08:05:00Z,true',
  'N3,phone,2026-11-07T08:00:00Z,2026-11-07T08:00:05Z,true',
].join('\n');

let location: TestStoreLocation;
let dir: string;
const db = () => ['--db', location.url];

async function evaluate(period: string): Promise<{
  asOf: string;
  inputDigest: string;
  metrics: { id: string; numerator: number; denominator: number }[];
}> {
  const r = await runCli([
    'evaluate',
    '--contract',
    join(dir, 'contract.yaml'),
    '--period',
    period,
    '--as-of',
    AS_OF,
    ...db(),
    '--json',
  ]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

beforeAll(async () => {
  process.env.ACCORD_PSEUDONYM_KEY ??= 'closing-cli-key';
  location = await freshLocation('sqlite');
  dir = tempFiles({ 'contract.yaml': contractText('acme-cli'), 'contacts.csv': CONTACTS });
  expect((await runCli(['ingest', join(dir, 'contacts.csv'), ...db()])).code).toBe(0);
});

afterAll(async () => {
  await location.drop();
});

describe('accord contract import', () => {
  it('stores and activates a version once; the same file again changes nothing', async () => {
    const first = await runCli(['contract', 'import', join(dir, 'contract.yaml'), ...db(), '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ contract: 'acme-cli', version: 1, outcome: 'imported' });
    const again = await runCli(['contract', 'import', join(dir, 'contract.yaml'), ...db()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('contract acme-cli version 1 is active already');
    const bad = tempFiles({ 'bad.yaml': contractText('acme-cli').replace('target: 80%', 'target: 0.8') });
    const refused = await runCli(['contract', 'import', join(bad, 'bad.yaml'), ...db()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.yaml:\d+: metrics\[0\]\.target: 0\.8 is not a percentage/);
  });
});

describe('accord period close', () => {
  it('closes a period once both parties agreed to the same figures', async () => {
    const october = await evaluate('2026-10');
    const close = (side: string, digest = october.inputDigest) =>
      runCli([
        'period',
        'close',
        'acme-cli',
        '2026-10',
        '--side',
        side,
        '--as-of',
        october.asOf,
        '--input-digest',
        digest,
        ...db(),
        '--json',
      ]);
    const wrong = await close('client', `sha256:${'0'.repeat(64)}`);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('the data changed since they were reviewed');
    const proposed = await close('client');
    expect(proposed.code, proposed.stderr).toBe(0);
    expect(JSON.parse(proposed.stdout)).toMatchObject({ status: 'proposed', agreements: { partner: null } });
    const twice = await close('client');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('the client agreed to these figures already');
    const closed = await close('partner');
    expect(closed.code, closed.stderr).toBe(0);
    expect(JSON.parse(closed.stdout)).toMatchObject({ status: 'closed', inputDigest: october.inputDigest });
    const shown = await runCli(['period', 'show', 'acme-cli', '2026-10', ...db()]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/acme-cli 2026-10: closed at /);
    expect((await runCli(['period', 'show', 'acme-cli', '2026-11', ...db()])).code).toBe(1);
  });

  it('refuses a period still running at the figures reviewed, and an unknown contract', async () => {
    const running = await runCli([
      'period',
      'close',
      'acme-cli',
      '2026-12',
      '--side',
      'client',
      '--as-of',
      AS_OF,
      '--input-digest',
      `sha256:${'0'.repeat(64)}`,
      ...db(),
    ]);
    expect(running.code).toBe(1);
    expect(running.stderr).toContain('was still running');
    const unknown = await runCli(['period', 'show', 'nope', '2026-10', ...db()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('contract "nope" is not in the store');
  });
});

describe('a closed period and its adjustments', () => {
  it('shows the agreed figures of a closed period and the adjustment of late data, as the API does', async () => {
    const late = tempFiles({
      'contacts.csv': [
        'id,channel,created_at,answered_at,first_time_right',
        ...[1, 2, 3, 4, 5].map((i) => `L${i},phone,2026-10-2${i}T08:00:00Z,2026-10-2${i}T08:00:05Z,true`),
      ].join('\n'),
    });
    const closedBefore = await runCli([
      'evaluate',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      '2026-10',
      '--as-of',
      AS_OF,
      ...db(),
      '--json',
    ]);
    expect((await runCli(['ingest', join(late, 'contacts.csv'), ...db()])).code).toBe(0);
    // October is closed: the store's figures moved, the agreed ones did not.
    const closed = await runCli([
      'evaluate',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      '2026-10',
      '--as-of',
      AS_OF,
      ...db(),
      '--json',
    ]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toBe(closedBefore.stdout);
    expect(JSON.parse(closed.stdout).closed).toMatchObject({ status: 'closed' });
    // November carries the difference, in the CLI exactly as in the API.
    const cli = await runCli([
      'evaluate',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      '2026-11',
      '--as-of',
      AS_OF,
      ...db(),
      '--json',
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const doc = JSON.parse(cli.stdout);
    expect(doc.adjustments).toEqual([expect.objectContaining({ period: '2026-10' })]);
    // The text says the net amount too (contract.md: the statement lists the net amount payable).
    const text = await runCli([
      'evaluate',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      '2026-11',
      '--as-of',
      AS_OF,
      ...db(),
    ]);
    expect(text.stdout).toContain(`adjustment for closed period 2026-10: `);
    expect(text.stdout).toContain(`payable after adjustments ${doc.statement.payableAfterAdjustments} `);
    const store = await openStore(location.url);
    try {
      const [organisation] = await store.tenancy.organisations();
      const { token } = await issueToken(store, {
        role: 'finance',
        organisationId: organisation!.id,
        partnerId: null,
        label: null,
        at: 0,
        createdBy: 'test',
      });
      const app = createApp({ store, now: () => Date.parse(AS_OF), pseudonymise: testPseudonymise });
      const api = await call(
        app,
        'GET',
        `/api/v1/contracts/acme-cli/evaluations/2026-11?asOf=${encodeURIComponent(AS_OF)}`,
        { token },
      );
      expect(api.status, api.text).toBe(200);
      expect(api.text).toBe(cli.stdout.trimEnd());
    } finally {
      await store.close();
    }
  });
});

describe('accord dispute', () => {
  it('excludes a contact once the other party agrees, in the CLI evaluation as in the API', async () => {
    const before = (await evaluate('2026-11')).metrics.find((m) => m.id === 'phone-service-level')!;
    expect(before).toMatchObject({ numerator: 2, denominator: 3 });
    const raised = await runCli([
      'dispute',
      'raise',
      'acme-cli',
      'N2',
      '--side',
      'client',
      '--reason',
      'test',
      '--note',
      'a test call',
      ...db(),
      '--json',
    ]);
    expect(raised.code, raised.stderr).toBe(0);
    const dispute = JSON.parse(raised.stdout) as { id: string; status: string; source: string };
    expect(dispute).toMatchObject({ status: 'proposed', source: 'default' });
    const own = await runCli([
      'dispute',
      'decide',
      'acme-cli',
      dispute.id,
      '--side',
      'client',
      '--agree',
      ...db(),
    ]);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('the other party decides it');
    expect(
      (await runCli(['dispute', 'decide', 'acme-cli', dispute.id, '--side', 'partner', ...db()])).code,
    ).toBe(2);
    const agreed = await runCli([
      'dispute',
      'decide',
      'acme-cli',
      dispute.id,
      '--side',
      'partner',
      '--agree',
      ...db(),
      '--json',
    ]);
    expect(agreed.code, agreed.stderr).toBe(0);
    expect(JSON.parse(agreed.stdout)).toMatchObject({ status: 'agreed' });
    const list = await runCli(['dispute', 'list', 'acme-cli', '--status', 'agreed', ...db()]);
    expect(list.stdout).toContain(`${dispute.id}  agreed`);
    const after = (await evaluate('2026-11')).metrics.find((m) => m.id === 'phone-service-level')!;
    expect(after).toMatchObject({ numerator: 2, denominator: 2 });
    const missing = await runCli([
      'dispute',
      'raise',
      'acme-cli',
      'X9',
      '--side',
      'client',
      '--reason',
      'spam',
      ...db(),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('contact "X9" is not in the data of contract "acme-cli"');
  });
});
