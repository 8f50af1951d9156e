/**
 * One answer, one place: the CLI (`accord evaluate --db --json`) and the API
 * (`GET …/evaluations/{period}`) evaluate the same store through the same service and print byte-identical
 * documents — for a month with surveys answered after their contact's month (contract.md: a survey belongs
 * to the period of its answer), on SQLite and PostgreSQL.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { issueToken } from '../../src/services/accounts.service.js';
import { openStore } from '../../src/store/index.js';
import { call, testPseudonymise } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

const PERIOD = '2026-11';
const AS_OF = '2026-12-05T09:00:00+01:00';

/** Surveys of `surveys.csv` answered in `month` for contacts created before it. */
function lateSurveys(dir: string, month: string): number {
  const created = new Map<string, string>();
  const contacts = readFileSync(join(dir, 'contacts.csv'), 'utf8').split('\n');
  const head = contacts[0]!.split(',');
  const [id, source, at] = ['id', 'source', 'created_at'].map((c) => head.indexOf(c));
  for (const line of contacts.slice(1)) {
    const cells = line.split(',');
    if (cells.length > 1) created.set(`${cells[source!]}/${cells[id!]}`, cells[at!]!.slice(0, 7));
  }
  const surveys = readFileSync(join(dir, 'surveys.csv'), 'utf8').split('\n');
  const sh = surveys[0]!.split(',');
  const [cid, ssource, answered] = ['contact_id', 'source', 'answered_at'].map((c) => sh.indexOf(c));
  let n = 0;
  for (const line of surveys.slice(1)) {
    const cells = line.split(',');
    if (cells.length < 2 || cells[answered!]!.slice(0, 7) !== month) continue;
    const contactMonth = created.get(`${cells[ssource!]}/${cells[cid!]}`);
    if (contactMonth !== undefined && contactMonth < month) n++;
  }
  return n;
}

describe.each(DIALECTS)('evaluation from the store on $name: CLI and API agree', (dialect) => {
  const { name, missing } = dialect;
  let location: TestStoreLocation;
  let dir: string;

  beforeAll(async () => {
    if (missing) return;
    location = await freshLocation(name);
    dir = tempFiles({});
    const demo = await runCli([
      'demo',
      '--no-ingest',
      '--months',
      '2',
      '--start',
      '2026-10',
      '--contacts-per-month',
      '4000',
      '--out',
      dir,
      '--db',
      location.url,
    ]);
    expect(demo.code, demo.stderr).toBe(0);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(dir, f));
    const ingested = await runCli(['ingest', ...files, '--db', location.url]);
    expect(ingested.code, ingested.stderr).toBe(0);
    // In force from November: October's contacts lie before the contract, but their surveys answered in
    // November count in November (a survey belongs to the period of its answer).
    // CSAT split by language needs each survey's contact, October's included.
    const contract = readFileSync(join(dir, 'contract.yaml'), 'utf8')
      .replace(/^effective_from: .*$/m, 'effective_from: 2026-11-01')
      .replace(/( {4}measure: csat .*\n)/, '$1    split: [language]\n');
    writeFileSync(join(dir, 'contract.yaml'), contract);
    const imported = await runCli([
      'contract',
      'import',
      join(dir, 'contract.yaml'),
      '--source',
      'genesys',
      'partner',
      'wfm',
      'zendesk',
      '--db',
      location.url,
    ]);
    expect(imported.code, imported.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    if (!missing) await location.drop();
  });

  it('gives byte-identical evaluation JSON', async (ctx) => {
    requireDialect(dialect, ctx);
    expect(lateSurveys(dir, PERIOD)).toBeGreaterThan(0);
    const cli = await runCli([
      'evaluate',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      PERIOD,
      '--as-of',
      AS_OF,
      '--db',
      location.url,
      '--json',
    ]);
    expect(cli.code, cli.stderr).toBe(0);

    const store = await openStore(location.url);
    try {
      // The demo's partner owns the sources the demo's records come from.
      const [organisation] = await store.tenancy.organisations();
      const [partner] = await store.tenancy.partners(organisation!.id);
      expect(partner!.sources).toEqual(expect.arrayContaining(['genesys', 'partner', 'wfm', 'zendesk']));
      const doc = JSON.parse(cli.stdout) as { contract: string; inputDigest: string; metrics: unknown[] };
      const { token } = await issueToken(store, {
        role: 'client-viewer',
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
        `/api/v1/contracts/${doc.contract}/evaluations/${PERIOD}?asOf=${encodeURIComponent(AS_OF)}`,
        { token },
      );
      expect(api.status, api.text).toBe(200);
      expect(JSON.parse(api.text)).toEqual(doc);
      expect(api.text).toBe(cli.stdout.trimEnd());
      expect(doc.metrics.length).toBeGreaterThan(10);

      // And both have the figures of the files themselves (surveys by the period of their answer).
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.csv'))
        .map((f) => join(dir, f));
      const fromFiles = await runCli([
        'evaluate',
        '--contract',
        join(dir, 'contract.yaml'),
        '--period',
        PERIOD,
        '--as-of',
        AS_OF,
        '--data',
        ...files,
        '--json',
      ]);
      expect(fromFiles.code, fromFiles.stderr).toBe(0);
      const reference = JSON.parse(fromFiles.stdout) as Record<string, unknown>;
      const stored = doc as unknown as Record<string, unknown>;
      for (const key of ['metrics', 'verdicts', 'credits', 'earnBack', 'bonus', 'acceptance', 'statement'])
        expect(stored[key], key).toEqual(reference[key]);
    } finally {
      await store.close();
    }
  });
});
