/**
 * Events of one contact at the same instant: the data does not say which came first, and the store reads
 * them by key (contact, instant, status), so `accord evaluate --data` puts them in that order too: files and
 * store give the same resolution clock, on SQLite and PostgreSQL.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

const CONTRACT = `contract: event-ties
version: 1
effective_from: 2026-10-01
client: C
partner: P
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: 1000.00
period: month
calendars:
  always: { hours: 24/7 }
metrics:
  - { id: resolution, kind: resolution_time, clock: { calendar: always, pause_when: [pending_customer] }, threshold: 3h, target: 100% }
`;

const FILES = {
  'contract.yaml': CONTRACT,
  'contacts.csv': [
    'id,channel,created_at,first_response_at,resolved_at',
    'r1,email,2026-10-07T08:00:00Z,2026-10-07T08:30:00Z,2026-10-07T13:00:00Z',
    '',
  ].join('\n'),
  // At 09:00 the file lists pending_customer, then open. In the store's order (by status name) open comes
  // first and the contact waits for the customer from 09:00 to 13:00: 1 h on the clock. In the file's
  // order it would have been open all along: 5 h.
  'status_events.csv': [
    'contact_id,status,at',
    'r1,open,2026-10-07T08:00:00Z',
    'r1,pending_customer,2026-10-07T09:00:00Z',
    'r1,open,2026-10-07T09:00:00Z',
    'r1,solved,2026-10-07T13:00:00Z',
    '',
  ].join('\n'),
};

const evaluate = (dir: string) => [
  'evaluate',
  '--contract',
  join(dir, 'contract.yaml'),
  '--period',
  '2026-10',
  '--as-of',
  '2026-11-05T00:00:00Z',
  '--json',
];

interface Doc {
  metrics: { id: string; numerator: number | null; denominator: number | null; met: boolean | null }[];
}

describe('events at one instant', () => {
  let dir: string;
  let fromFiles: Doc;

  beforeAll(async () => {
    process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
    dir = tempFiles(FILES);
    const r = await runCli([
      ...evaluate(dir),
      '--data',
      `contacts=${join(dir, 'contacts.csv')}`,
      `status_events=${join(dir, 'status_events.csv')}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    fromFiles = JSON.parse(r.stdout) as Doc;
  });

  it('are read from files in the store’s order: 1 h on the clock, met', () => {
    expect(fromFiles.metrics[0]).toMatchObject({ id: 'resolution', numerator: 1, denominator: 1, met: true });
  });

  describe.each(DIALECTS)('and the store on $name agrees', (dialect) => {
    let location: TestStoreLocation;
    beforeAll(async () => {
      if (!dialect.missing) location = await freshLocation(dialect.name);
    });
    afterAll(async () => {
      if (!dialect.missing) await location.drop();
    });

    it('with the same figures', async (ctx) => {
      requireDialect(dialect, ctx);
      for (const f of ['contacts.csv', 'status_events.csv']) {
        const r = await runCli(['ingest', join(dir, f), '--db', location.url, '--json']);
        expect(r.code, r.stderr).toBe(0);
      }
      const r = await runCli([...evaluate(dir), '--db', location.url]);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as Doc).metrics).toEqual(fromFiles.metrics);
    });
  });
});
