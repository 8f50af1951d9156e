/**
 * The alerts of the API: the feed lists what the monitor raised, acknowledging is audited once, and the
 * signed link of a mail acknowledges exactly its alert until it expires (and a GET of it acknowledges nothing);
 * the page the mail's link opens is the dashboard's (its browser test: test/web/live.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import type { AlertMessage } from '../../src/domain/monitor/alert.js';
import { alertId } from '../../src/domain/monitor/escalation.js';
import { ackPagePath, ackSecret, ackToken } from '../../src/services/ack-link.js';
import { raiseAlerts } from '../../src/services/alerts.service.js';
import { tempFiles } from '../support/cli.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, NOW, testPseudonymise, type World } from './support.js';

/** The dashboard's page, as `npm run build` writes it (its router draws the acknowledge page). */
const INDEX =
  '<!doctype html><html><head><title>Accord</title></head><body><div id="root"></div></body></html>';

function message(w: World, subject: string): AlertMessage {
  return {
    id: alertId('acme-a', 'phone-sl', subject, 1, 'breached'),
    organisationId: w.organisationId,
    contract: 'acme-a',
    kind: 'breached',
    level: 1,
    who: ['partner team lead'],
    metric: 'phone-sl',
    contact: { source: 'a-genesys', key: 'A-1', channel: 'phone', createdAt: '2026-11-15T11:59:00.000Z' },
    period: null,
    dueAt: '2026-11-15T11:59:30.001Z',
    deadline: '2026-11-15T11:59:30.000Z',
    raisedAt: '2026-11-15T11:59:30.010Z',
    acknowledgeBy: '2026-11-15T12:29:30.010Z',
  };
}

async function raised(w: World, subject: string): Promise<AlertMessage> {
  const contract = (await w.store.contracts.contract(w.organisationId, 'acme-a'))!;
  const [m] = await raiseAlerts(w.store, contract, [message(w, subject)], NOW);
  return m!;
}

describe.each(DIALECTS)('alerts through the API on $name', (d) => {
  const t = useStore(d);

  it('lists a contract’s alerts and acknowledges one once', async () => {
    const w = await buildWorld(t.store);
    const m = await raised(w, 'one');
    const again = await raiseAlerts(
      w.store,
      (await w.store.contracts.contract(w.organisationId, 'acme-a'))!,
      [m],
      NOW,
    );
    expect(again).toEqual([]);
    const feed = await call(w.app, 'GET', '/api/v1/contracts/acme-a/alerts?state=open', {
      token: w.tokens['partner-viewer-a'],
    });
    expect(feed.status, feed.text).toBe(200);
    expect(feed.body.alerts).toEqual([
      expect.objectContaining({
        id: m.id,
        kind: 'breached',
        level: 1,
        state: 'open',
        open: true,
        deadline: m.deadline,
      }),
    ]);
    const path = `/api/v1/contracts/acme-a/alerts/${m.id}/acknowledge`;
    const ack = await call(w.app, 'POST', path, { token: w.tokens['partner-admin-a'] });
    expect(ack.status, ack.text).toBe(200);
    expect(ack.body).toMatchObject({
      state: 'acknowledged',
      open: false,
      acknowledgedAt: new Date(NOW).toISOString(),
    });
    const twice = await call(w.app, 'POST', path, { token: w.tokens['client-admin'] });
    expect(twice.body.acknowledgedBy).toBe(ack.body.acknowledgedBy);
    const open = await call(w.app, 'GET', '/api/v1/contracts/acme-a/alerts?state=open', {
      token: w.tokens['client-admin'],
    });
    expect(open.body.alerts).toEqual([]);
    const audit = await w.store.audit.list({ limit: 1000 });
    expect(audit.filter((e) => e.action === 'alert.raised')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'alert.acknowledged')).toHaveLength(1);
    const unknown = await call(
      w.app,
      'POST',
      `/api/v1/contracts/acme-a/alerts/${'0'.repeat(32)}/acknowledge`,
      {
        token: w.tokens['client-admin'],
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('the signed link: GET shows and acknowledges nothing, POST acknowledges; a forged or expired link is refused', async () => {
    const w = await buildWorld(t.store);
    const m = await raised(w, 'link');
    const secret = await ackSecret(w.store);
    const token = ackToken(m.id, secret, NOW + 60_000);
    const shown = await call(w.app, 'GET', `/api/v1/alerts/acknowledge?token=${token}`);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body).toMatchObject({ id: m.id, state: 'open' });
    const forged = ackToken(m.id, 'another secret', NOW + 60_000);
    expect((await call(w.app, 'POST', `/api/v1/alerts/acknowledge?token=${forged}`)).status).toBe(401);
    const expired = ackToken(m.id, secret, NOW - 1);
    expect((await call(w.app, 'POST', `/api/v1/alerts/acknowledge?token=${expired}`)).status).toBe(401);
    expect((await w.store.alerts.get(m.id))?.state).toBe('open');
    const acked = await call(w.app, 'POST', `/api/v1/alerts/acknowledge?token=${token}`);
    expect(acked.status, acked.text).toBe(200);
    expect(acked.body).toMatchObject({ id: m.id, state: 'acknowledged', acknowledgedBy: 'link:mail' });
  });

  it('the mail link opens the dashboard, not a page of the server: a GET serves the app and acknowledges nothing, a POST there acknowledges nothing either', async () => {
    const w = await buildWorld(t.store);
    const m = await raised(w, 'page');
    const token = ackToken(m.id, await ackSecret(w.store), NOW + 60_000);
    const app = createApp({
      store: w.store,
      now: () => NOW,
      pseudonymise: testPseudonymise,
      webDir: tempFiles({ 'index.html': INDEX }),
    });
    const path = `${ackPagePath('acme-a')}?token=${token}`;
    const shown = await call(app, 'GET', path, { headers: { 'accept-language': 'nl-NL,nl;q=0.9' } });
    expect(shown.status, shown.text).toBe(200);
    expect(shown.text).toBe(INDEX);
    expect((await call(app, 'POST', path)).status).toBe(404);
    expect((await w.store.alerts.get(m.id))?.state).toBe('open');
  });
});
