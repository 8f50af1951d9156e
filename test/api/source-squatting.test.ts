/**
 * Issue 13.2: records stored under a source name that no partner owned (the operator's `accord ingest`)
 * cannot be taken over by whoever claims the name through the API; only the operator gives such a name to
 * a partner (`accord contract import FILE --source NAME`), and once owned a name stays with its partner.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, CONTACTS_A, call, contractText, expectProblem } from './support.js';

describe.each(DIALECTS)('source names on $name', (d) => {
  const t = useStore(d);

  it('refuses to let any organisation claim a name that holds records without an owner', async () => {
    const w = await buildWorld(t.store);
    const dir = tempFiles({
      'contacts.csv': CONTACTS_A,
      'acme-b.yaml': contractText('acme-b', { partner: 'Beta Calls B.V.' }),
    });
    const ingested = await runCli(['ingest', join(dir, 'contacts.csv'), '--source', 'crm-x', '--db', t.url]);
    expect(ingested.code, ingested.stderr).toBe(0);

    // Another organisation: neither a new partner nor another source name may take it.
    const squat = await call(w.app, 'POST', '/api/v1/partners', {
      token: w.tokens['other-org-admin'],
      json: { name: 'Squatter B.V.', defaultSource: 'crm-x' },
    });
    expectProblem(squat, 409);
    expect(squat.body.detail).toBe(
      'source "crm-x" already holds records stored without an owner: only the operator can give it to a partner (npx accord contract import FILE --source crm-x)',
    );
    const other = await call(w.app, 'POST', '/api/v1/partners', {
      token: w.tokens['other-org-admin'],
      json: { name: 'Other Partner B.V.', defaultSource: 'o-main' },
    });
    expect(other.status, other.text).toBe(201);
    expectProblem(
      await call(w.app, 'POST', `/api/v1/partners/${other.body.id}/sources`, {
        token: w.tokens['other-org-admin'],
        json: { source: 'crm-x' },
      }),
      409,
    );
    // Nor the organisation's own admin: who the records are for is the operator's to say.
    expectProblem(
      await call(w.app, 'POST', `/api/v1/partners/${w.partnerB}/sources`, {
        token: w.tokens['client-admin'],
        json: { source: 'crm-x' },
      }),
      409,
    );
    // A name without records is still free to claim.
    const free = await call(w.app, 'POST', `/api/v1/partners/${w.partnerB}/sources`, {
      token: w.tokens['client-admin'],
      json: { source: 'b-fresh' },
    });
    expect(free.status, free.text).toBe(200);
    expect(free.body.sources).toContain('b-fresh');

    // The operator gives the name to partner B; from then on it is B's for good.
    const assigned = await runCli([
      'contract',
      'import',
      join(dir, 'acme-b.yaml'),
      '--source',
      'crm-x',
      '--db',
      t.url,
    ]);
    expect(assigned.code, assigned.stderr).toBe(0);
    expect((await t.store.tenancy.ownersOf(['crm-x'])).get('crm-x')).toBe(w.partnerB);
    const taken = await call(w.app, 'POST', `/api/v1/partners/${other.body.id}/sources`, {
      token: w.tokens['other-org-admin'],
      json: { source: 'crm-x' },
    });
    expectProblem(taken, 409);
    expect(taken.body.detail).toBe('source "crm-x" already belongs to another partner');
  });
});
