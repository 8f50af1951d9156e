/**
 * What an evaluation from the store reads, and what it says about the rest (issue 12, points 4 and 5), on
 * SQLite and PostgreSQL:
 * - `accord evaluate --db` reads exactly the sources of the contract's partner, as the API does, also for a
 *   contract file that is not (yet) in the store, or whose id two organisations use;
 * - records in sources that no partner owns are in no contract's figures: the evaluation (API, CLI JSON and
 *   text) and `accord status` say so.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { issueToken } from '../../src/services/accounts.service.js';
import { openStore } from '../../src/store/index.js';
import { CONTACTS_A, CONTACTS_B, call, contractText, testPseudonymise } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

const PERIOD = '2026-10';
const AS_OF = '2026-11-15T12:00:00Z';

const CONTACTS_C = [
  'id,channel,direction,language,created_at,answered_at,first_time_right',
  'C-1,phone,inbound,nl,2026-10-09T10:00:00+02:00,2026-10-09T10:09:00+02:00,false',
].join('\n');

interface Row {
  id: string;
  denominator: number | null;
  reason: string | null;
}
interface Doc {
  metrics: Row[];
  warnings: { code: string; contact: string | null; message: string }[];
}

const phoneCalls = (doc: Doc) => doc.metrics.find((m) => m.id === 'phone-service-level')!.denominator;

describe.each(DIALECTS)('evaluation scope from the store on $name', (dialect) => {
  let location: TestStoreLocation | undefined;
  afterEach(async () => {
    await location?.drop();
    location = undefined;
  });

  async function cli(args: string[]) {
    return runCli([...args, '--db', location!.url]);
  }
  async function ok(args: string[]) {
    const r = await cli(args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  }
  async function evaluate(file: string): Promise<Doc> {
    const r = await ok(['evaluate', '--contract', file, '--period', PERIOD, '--as-of', AS_OF, '--json']);
    return JSON.parse(r.stdout) as Doc;
  }

  it('accord evaluate --db reads only the sources of the contract’s partner (issue 12.5)', async (ctx) => {
    requireDialect(dialect, ctx);
    location = await freshLocation(dialect.name);
    const files = tempFiles({
      'alpha.yaml': contractText('alpha'),
      'beta.yaml': contractText('beta', { partner: 'Beta Contact B.V.' }),
      // Alpha's next contract, not imported yet: its partner is known by name.
      'alpha-next.yaml': contractText('alpha-next'),
      // A contract for a partner the store does not know, while it holds two partners' records.
      'stranger.yaml': contractText('stranger', { partner: 'Nobody B.V.' }),
      'a.csv': CONTACTS_A,
      'b.csv': CONTACTS_B,
      'c.csv': CONTACTS_C,
    });
    const f = (name: string) => join(files, name);
    await ok(['contract', 'import', f('alpha.yaml'), '--source', 'alpha-src']);
    await ok(['contract', 'import', f('beta.yaml'), '--source', 'beta-src']);
    await ok(['ingest', '--kind', 'contacts', '--source', 'alpha-src', f('a.csv')]);
    await ok(['ingest', '--kind', 'contacts', '--source', 'beta-src', f('b.csv')]);

    // Four calls of Alpha, two of Beta in the same month and channel.
    expect(phoneCalls(await evaluate(f('alpha.yaml')))).toBe(4);
    expect(phoneCalls(await evaluate(f('beta.yaml')))).toBe(2);
    // Not in the store: the partner its `partner:` names, not every source.
    expect(phoneCalls(await evaluate(f('alpha-next.yaml')))).toBe(4);
    // No partner of that name while the store holds two partners' records: refused, not mixed.
    const stranger = await cli(['evaluate', '--contract', f('stranger.yaml'), '--period', PERIOD, '--json']);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain('has no partner called "Nobody B.V."');
    expect(stranger.stderr).toContain('npx accord contract import');

    // The same contract id in another organisation: the one of the file's `client:` counts.
    const other = tempFiles({
      'alpha.yaml': contractText('alpha').replace('client: ACME B.V.', 'client: Other B.V.'),
    });
    await ok(['contract', 'import', join(other, 'alpha.yaml'), '--source', 'other-src']);
    await ok(['ingest', '--kind', 'contacts', '--source', 'other-src', f('c.csv')]);
    expect(phoneCalls(await evaluate(f('alpha.yaml')))).toBe(4);
    expect(phoneCalls(await evaluate(join(other, 'alpha.yaml')))).toBe(1);
  });

  it('says when records lie in sources that no partner owns, until a partner owns them (issue 12.4)', async (ctx) => {
    requireDialect(dialect, ctx);
    location = await freshLocation(dialect.name);
    const files = tempFiles({ 'alpha.yaml': contractText('alpha'), 'a.csv': CONTACTS_A });
    const contract = join(files, 'alpha.yaml');
    await ok(['ingest', '--kind', 'contacts', '--source', 'genesys', join(files, 'a.csv')]);
    // No partner yet: every source counts, nothing to say.
    expect(JSON.parse((await ok(['status', '--json'])).stdout)).toMatchObject({ unownedSources: [] });
    expect(phoneCalls(await evaluate(contract))).toBe(4);

    // The contract's partner owns only its default source: the calls of `genesys` are in no figures.
    await ok(['contract', 'import', contract]);
    const doc = await evaluate(contract);
    expect(phoneCalls(doc)).toBe(0);
    const [warning] = doc.warnings;
    expect(warning).toMatchObject({ code: 'unowned_source', contact: null });
    expect(warning!.message).toContain('the source "genesys" holds 4 contacts');
    expect(warning!.message).toContain('no partner owns it');
    const text = await ok(['evaluate', '--contract', contract, '--period', PERIOD, '--as-of', AS_OF]);
    expect(text.stderr).toContain('accord evaluate: warning: the source "genesys" holds 4 contacts');

    const status = await ok(['status', '--json']);
    expect(JSON.parse(status.stdout).unownedSources).toEqual([
      { source: 'genesys', records: { contacts: 4 } },
    ]);
    const statusText = await ok(['status']);
    expect(statusText.stdout).toContain('a source that no partner owns');
    expect(statusText.stdout).toMatch(/genesys: 4 contacts; give it to the partner that sends it/);

    // The API says the same, in the same document.
    const store = await openStore(location.url);
    try {
      const [organisation] = await store.tenancy.organisations();
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
        `/api/v1/contracts/alpha/evaluations/${PERIOD}?asOf=${encodeURIComponent(AS_OF)}`,
        { token },
      );
      expect(api.status, api.text).toBe(200);
      expect(api.body.warnings).toEqual(doc.warnings);
    } finally {
      await store.close();
    }

    // Once the partner owns the source, its calls count and the warning is gone.
    await ok(['contract', 'import', contract, '--source', 'genesys']);
    const after = await evaluate(contract);
    expect(phoneCalls(after)).toBe(4);
    expect(after.warnings.filter((w) => w.code === 'unowned_source')).toEqual([]);
    expect(JSON.parse((await ok(['status', '--json'])).stdout).unownedSources).toEqual([]);
  });
});
