/**
 * `accord contract what-if FILE`: a new version of a stored contract, as a file, replayed over the last
 * ended periods beside the signed version, with the same figures as the API's what-if.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractText } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { freshLocation, type TestStoreLocation } from '../support/stores.js';

// October: 2 of 4 calls within 30 s (50%); November: 3 of 4 (75%).
const CONTACTS = [
  'id,channel,created_at,answered_at,first_time_right',
  'O1,phone,2026-10-05T08:00:00Z,2026-10-05T08:00:10Z,true',
  'O2,phone,2026-10-06T08:00:00Z,2026-10-06T08:01:10Z,true',
  'O3,phone,2026-10-07T08:00:00Z,2026-10-07T08:00:10Z,true',
  'O4,phone,2026-10-08T08:00:00Z,2026-10-08T08:01:10Z,true',
  'N1,phone,2026-11-05T08:00:00Z,2026-11-05T08:00:10Z,true',
  'N2,phone,2026-11-06T08:00:00Z,2026-11-06T08:05:00Z,true',
  'N3,phone,2026-11-07T08:00:00Z,2026-11-07T08:00:05Z,true',
  'N4,phone,2026-11-08T08:00:00Z,2026-11-08T08:00:05Z,true',
].join('\n');
const AS_OF = '2026-12-02T09:00:00+01:00';

let location: TestStoreLocation;
let dir: string;
const db = () => ['--db', location.url];

beforeAll(async () => {
  process.env.ACCORD_PSEUDONYM_KEY ??= 'what-if-cli-key';
  location = await freshLocation('sqlite');
  dir = tempFiles({
    'v1.yaml': contractText('acme-wi'),
    'v2.yaml': contractText('acme-wi', { version: 2, effectiveFrom: '2027-01-01', target: '70%' }),
    'bad.yaml': contractText('acme-wi', { version: 2, target: 'seventy' }),
    'contacts.csv': CONTACTS,
  });
  expect((await runCli(['contract', 'import', join(dir, 'v1.yaml'), ...db()])).code).toBe(0);
  expect((await runCli(['ingest', join(dir, 'contacts.csv'), ...db()])).code).toBe(0);
});

afterAll(async () => {
  await location.drop();
});

describe('accord contract what-if', () => {
  it('prints each period judged both ways, and the totals', async () => {
    const args = ['contract', 'what-if', join(dir, 'v2.yaml'), '--periods', '2', '--as-of', AS_OF, ...db()];
    const json = await runCli([...args, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.periods.map((p: { period: string }) => p.period)).toEqual(['2026-10', '2026-11']);
    // 70% instead of 80%: November (75%) is met; October (50%) is missed either way.
    expect(doc.periods.map((p: { changedVerdicts: string[] }) => p.changedVerdicts)).toEqual([
      [],
      ['phone-service-level'],
    ]);
    expect(doc.totals.difference.payable).toBe('5000.00');
    expect(doc.proposed).toMatchObject({ version: 2, status: 'file', replayedFrom: '2026-10-01' });

    const text = await runCli(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('acme-wi: version 2 replayed from 2026-10-01 beside version 1');
    expect(text.stdout).toMatch(/2026-11 {2}payable 95000\.00 → 100000\.00 {2}\+5000\.00/);
    expect(text.stdout).toContain('phone-service-level missed → met');
  });

  it('refuses a file that does not validate, a bad count and no closed period', async () => {
    const bad = await runCli(['contract', 'what-if', join(dir, 'bad.yaml'), ...db()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+: metrics\[0\]\.target/);
    const many = await runCli(['contract', 'what-if', join(dir, 'v2.yaml'), '--periods', '13', ...db()]);
    expect(many.code).toBe(1);
    expect(many.stderr).toContain('--periods: "13"');
    const closed = await runCli(['contract', 'what-if', join(dir, 'v2.yaml'), '--closed', ...db()]);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('has no closed period to replay');
  });
});
