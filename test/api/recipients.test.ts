/**
 * Alert recipients and deliveries through the API: each side manages its own entries of a name and reads
 * both; bad addresses and URLs are refused with the field named; the dead letters are the caller's tenant's,
 * and only a dead delivery is retried.
 */
import { describe, expect, it } from 'vitest';
import { alertMessage } from '../support/alerts.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem, NOW, type World } from './support.js';

const PATH = '/api/v1/contracts/acme-a/recipients';
const LEAD = `${PATH}/partner%20team%20lead`;

async function dead(w: World, contract: string, id: string): Promise<string> {
  await w.store.recipients.replace(
    { organisationId: w.organisationId, contractId: contract, who: 'lead', side: 'client' },
    [{ channel: 'email', target: `lead@${contract}.example`, language: 'en' }],
    NOW,
    'test',
  );
  await w.store.deliveries.enqueue(
    alertMessage({ id, organisationId: w.organisationId, contract, who: ['lead'] }),
    NOW,
  );
  const d = (
    await w.store.deliveries.list({ organisationId: w.organisationId, contractId: contract, limit: 10 })
  ).find((x) => x.alertId === id)!;
  expect(await w.store.deliveries.claim(d.id, 0, NOW, NOW + 1)).toBe(true);
  await w.store.deliveries.markFailed(d.id, '550 mailbox unavailable', null);
  return d.id;
}

describe.each(DIALECTS)('alert recipients and deliveries through the API on $name', (d) => {
  const t = useStore(d);

  it("lets each side replace its own entries of a name, never the other side's, and reads both", async () => {
    const w = await buildWorld(t.store);
    const client = await call(w.app, 'PUT', LEAD, {
      token: w.tokens['client-admin'],
      json: { emails: ['Vera@ACME.example', 'vera@acme.example'], language: 'nl' },
    });
    expect(client.status, client.text).toBe(200);
    expect(client.body.recipients).toEqual([
      expect.objectContaining({ who: 'partner team lead', side: 'client', language: 'nl', webhooks: [] }),
    ]);
    // the signed contract names no escalation: a warning, not a refusal
    expect(client.body.warnings[0]).toContain(
      'no escalation level of contract "acme-a" names "partner team lead"',
    );

    const partner = await call(w.app, 'PUT', LEAD, {
      token: w.tokens['partner-admin-a'],
      json: {
        emails: ['lead@alpha.example'],
        webhooks: ['https://hooks.slack.com/services/T0/B0/x', 'https://example.com/hook#format=teams'],
        language: 'de',
      },
    });
    expect(partner.status, partner.text).toBe(200);
    // a Slack or Teams URL's path is its secret: the API shows it masked, to both sides
    expect(partner.body.recipients[0].webhooks).toEqual([
      'https://example.com/hook/…hook#format=teams',
      'https://hooks.slack.com/services/…B0/x',
    ]);
    const seen = await call(w.app, 'GET', LEAD, { token: w.tokens['client-admin'] });
    expect(seen.text).not.toContain('T0/B0');
    expect(await t.store.recipients.list(w.organisationId, 'acme-a', 'partner team lead')).toContainEqual(
      expect.objectContaining({ target: 'https://hooks.slack.com/services/T0/B0/x' }),
    );
    // the partner's empty list removes the partner's entries only
    const cleared = await call(w.app, 'PUT', LEAD, { token: w.tokens['partner-admin-a'], json: {} });
    expect(cleared.status, cleared.text).toBe(200);
    const again = await call(w.app, 'PUT', LEAD, {
      token: w.tokens['partner-admin-a'],
      json: { emails: ['lead@alpha.example'], language: 'de' },
    });
    expect(again.status).toBe(200);

    const list = await call(w.app, 'GET', PATH, { token: w.tokens['partner-admin-a'] });
    expect(list.status, list.text).toBe(200);
    expect(
      list.body.recipients.map((r: { side: string; emails: string[]; language: string }) => [
        r.side,
        r.emails,
        r.language,
      ]),
    ).toEqual([
      ['client', ['vera@acme.example'], 'nl'],
      ['partner', ['lead@alpha.example'], 'de'],
    ]);
    const one = await call(w.app, 'GET', LEAD, { token: w.tokens['client-admin'] });
    expect(one.body.recipients).toHaveLength(2);
    const none = await call(w.app, 'GET', `${PATH}/nobody`, { token: w.tokens['client-admin'] });
    expect(none.body.recipients).toEqual([]);
    const audit = await t.store.audit.list({ action: 'recipients.set' });
    expect(audit.length).toBe(4);
    expect(JSON.stringify(audit)).not.toContain('alpha.example');
  });

  it('refuses bad addresses, URLs, languages and counts, naming the field', async () => {
    const w = await buildWorld(t.store);
    const put = (json: unknown) => call(w.app, 'PUT', LEAD, { token: w.tokens['client-admin'], json });
    const cases: [unknown, string][] = [
      [{ emails: ['not an address'] }, 'body.emails[0]'],
      [{ emails: ['a@b.example', 'x@y.example\r\nBcc: z@evil.example'] }, 'body.emails[1]'],
      [{ webhooks: ['ftp://example.com/hook'] }, 'body.webhooks[0]'],
      [{ webhooks: ['javascript:alert(1)'] }, 'body.webhooks[0]'],
      [{ webhooks: ['https://example.com/hook#anything'] }, 'body.webhooks[0]'],
      [{ webhooks: ['http://169.254.169.254/latest/meta-data'] }, 'body.webhooks[0]'],
      [{ webhooks: [`https://example.com/${'x'.repeat(2100)}`] }, 'body.webhooks[0]'],
      [{ language: 'fr' }, 'body.language'],
      [{ emails: Array.from({ length: 21 }, (_, i) => `p${i}@x.example`) }, 'body.emails'],
    ];
    for (const [json, path] of cases) {
      const r = await put(json);
      expectProblem(r, 400);
      expect(
        r.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(json).slice(0, 80),
      ).toContain(path);
    }
    const tooLong = await call(w.app, 'PUT', `${PATH}/${'w'.repeat(101)}`, {
      token: w.tokens['client-admin'],
      json: {},
    });
    expectProblem(tooLong, 400);
    expect((await call(w.app, 'GET', PATH, { token: w.tokens['client-admin'] })).body.recipients).toEqual([]);
  });

  it("lists the dead letters of the caller's tenant only and retries a dead delivery once", async () => {
    const w = await buildWorld(t.store);
    const a = await dead(w, 'acme-a', 'alert-a');
    const b = await dead(w, 'acme-b', 'alert-b');
    const ids = async (token: string) =>
      (await call(w.app, 'GET', '/api/v1/deliveries?state=dead', { token })).body.deliveries.map(
        (x: { id: string }) => x.id,
      );
    expect((await ids(w.tokens['client-admin'])).sort()).toEqual([a, b].sort());
    expect(await ids(w.tokens['partner-admin-a'])).toEqual([a]);
    expect(await ids(w.tokens['partner-admin-b'])).toEqual([b]);
    expect(await ids(w.tokens['other-org-admin'])).toEqual([]);
    const listed = await call(w.app, 'GET', '/api/v1/deliveries?state=dead&contract=acme-a', {
      token: w.tokens['client-admin'],
    });
    expect(listed.body.deliveries[0]).toMatchObject({
      id: a,
      state: 'dead',
      attempts: 1,
      lastError: '550 mailbox unavailable',
      channel: 'email',
      target: 'lead@acme-a.example',
    });

    expectProblem(
      await call(w.app, 'POST', `/api/v1/deliveries/${a}/retry`, { token: w.tokens['partner-admin-b'] }),
      404,
    );
    const retried = await call(w.app, 'POST', `/api/v1/deliveries/${a}/retry`, {
      token: w.tokens['partner-admin-a'],
    });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toMatchObject({
      id: a,
      state: 'pending',
      attempts: 0,
      lastError: '550 mailbox unavailable',
    });
    expectProblem(
      await call(w.app, 'POST', `/api/v1/deliveries/${a}/retry`, { token: w.tokens['client-admin'] }),
      409,
    );
    expectProblem(
      await call(w.app, 'POST', '/api/v1/deliveries/dlv_000000000000000000000000/retry', {
        token: w.tokens['client-admin'],
      }),
      404,
    );
    expect((await t.store.audit.list({ action: 'delivery.retried' })).length).toBe(1);
  });
});
