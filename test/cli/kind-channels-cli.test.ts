/**
 * Each kind counts its own channels (kpis.md): queue kinds phone and chat, response time the written
 * channels, handle time and rates any; a population narrows within them. A split by segment resolves a
 * segment as a population does (a contract segment wins over the `segment` column). The same figures from
 * the files and from the store, on SQLite and PostgreSQL.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

const fixtures = join(import.meta.dirname, '../fixtures/kind-channels');
const contacts = join(fixtures, 'contacts.csv');
const base = [
  'evaluate',
  '--contract',
  join(fixtures, 'contract.yaml'),
  '--period',
  '2026-11',
  '--as-of',
  '2026-12-05T00:00+01:00',
  '--json',
];

interface Row {
  id: string;
  split: Record<string, string | null> | null;
  numerator: number;
  denominator: number;
  met: boolean | null;
}

const figures = (doc: { metrics: Row[] }) =>
  doc.metrics.map((r) => [r.id, r.split, r.numerator, r.denominator, r.met]);

const EXPECTED = [
  // e1, e2 (e-mail) and m1 (messaging): the calls and chats are no response time breaches.
  ['de-response', null, 3, 3, true],
  // c1 and c2 only: no e-mail breaches, no warnings for e-mails without an answer.
  ['de-service-level', null, 2, 2, true],
  ['de-abandonment', null, 0, 2, true],
  // (10 s + 20 s) / 2: the message answered after 5 minutes waited in no queue.
  ['de-asa', null, 30, 2, true],
  // Handle time is every contact's: (100 + 200 + 300 + 400 + 500) / 5 = 300 s.
  ['de-handle', null, 1500, 5, true],
  // e2 is premium by the contract's definition; e1's column says premium, but the definition does not.
  ['premium-ftr', null, 0, 1, false],
  ['ftr-by-segment', { segment: 'gold' }, 1, 1, true],
  ['ftr-by-segment', { segment: 'premium' }, 0, 1, false],
  ['ftr-by-segment', { segment: null }, 1, 1, true],
  ['ftr-by-segment', null, 2, 3, null],
];

describe('kind channels and segment splits from the files', () => {
  it('counts each kind on its own channels, the split rows as the population', async () => {
    process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
    const r = await runCli([...base, '--data', contacts]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(figures(doc)).toEqual(EXPECTED);
    expect(doc.warnings).toEqual([]);
  });
});

const locations: TestStoreLocation[] = [];
afterAll(async () => {
  for (const l of locations) await l.drop();
});

describe.each(DIALECTS)('kind channels and segment splits from the store on $name', (d) => {
  it('gives the same rows as the files', async (ctx) => {
    requireDialect(d, ctx);
    process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
    const location = await freshLocation(d.name);
    locations.push(location);
    expect((await runCli(['ingest', contacts, '--db', location.url, '--json'])).code).toBe(0);
    const r = await runCli([...base, '--db', location.url]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(figures(doc)).toEqual(EXPECTED);
    expect(doc.warnings).toEqual([]);
  });
});
