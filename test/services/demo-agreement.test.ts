/**
 * Issue 12, "Done when": the demo as `npm start` stores it (`accord demo`: the files, the store, the demo
 * contract whose partner owns the demo's sources), the set-up the server prints (the first client-admin
 * through `POST /api/v1/setup`, signed in by the session cookie), and then the API's evaluation of the
 * demo's last full month is byte for byte `accord evaluate --db --json` of it, with real figures — on SQLite
 * and PostgreSQL. (evaluation-agreement.test.ts holds the same promise for a hand-made store.)
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { ensureSetupToken } from '../../src/services/setup.service.js';
import { periodToShow } from '../../src/services/start.service.js';
import { openStore } from '../../src/store/index.js';
import { call, testPseudonymise } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { contract as readContract } from '../support/evaluation.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

const AS_OF = '2026-12-05T09:00:00+01:00';

describe.each(DIALECTS)('the demo on $name: the API and accord evaluate --db agree', (dialect) => {
  let location: TestStoreLocation;
  let dir: string;

  beforeAll(async () => {
    if (dialect.missing) return;
    location = await freshLocation(dialect.name);
    dir = tempFiles({});
    // What `accord start` runs on an empty store (smaller): the files, stored, and the demo contract.
    const demo = await runCli([
      'demo',
      '--months',
      '3',
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
  }, 300_000);

  afterAll(async () => {
    if (!dialect.missing) await location.drop();
  });

  it('gives the same document for the last full month, with non-zero figures', async (ctx) => {
    requireDialect(dialect, ctx);
    const file = join(dir, 'contract.yaml');
    const { period, ended } = periodToShow([readContract(readFileSync(file, 'utf8'))], Date.parse(AS_OF));
    expect({ period: period.name, ended }).toEqual({ period: '2026-11', ended: true });

    const cli = await runCli([
      'evaluate',
      '--contract',
      file,
      '--period',
      period.name,
      '--as-of',
      AS_OF,
      '--db',
      location.url,
      '--json',
    ]);
    expect(cli.code, cli.stderr).toBe(0);

    const store = await openStore(location.url);
    try {
      // The set-up the server prints: a one-time token, then the first client-admin of the client.
      const now = Date.parse(AS_OF);
      const setupToken = await ensureSetupToken(store, now);
      const app = createApp({ store, now: () => now, pseudonymise: testPseudonymise });
      const setup = await call(app, 'POST', '/api/v1/setup', {
        json: {
          token: setupToken,
          organisation: 'ACME B.V.',
          name: 'Your Name',
          email: 'you@example.com',
          password: 'at least 12 characters',
        },
      });
      expect(setup.status, setup.text).toBe(201);
      const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect(cookie).toMatch(/^__Host-accord_session=/);
      const api = await call(
        app,
        'GET',
        `/api/v1/contracts/acme-customer-service/evaluations/${period.name}?asOf=${encodeURIComponent(AS_OF)}`,
        { headers: { cookie } },
      );
      expect(api.status, api.text).toBe(200);
      expect(api.text).toBe(cli.stdout.trimEnd());

      // Real figures: every metric has data, money is computed, nothing lies outside the partner's sources.
      const doc = JSON.parse(api.text) as {
        metrics: { id: string; denominator: number | null; reason: string | null }[];
        statement: { payable: string } | null;
        warnings: { code: string }[];
      };
      expect(doc.metrics.filter((m) => m.reason === 'no_data')).toEqual([]);
      const phone = doc.metrics.find((m) => m.id === 'phone-abandonment')!;
      expect(phone.denominator).toBeGreaterThan(2000);
      expect(doc.statement?.payable).toMatch(/^\d+\.\d\d$/);
      expect(doc.warnings.filter((w) => w.code === 'unowned_source')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
