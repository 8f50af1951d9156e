/**
 * The alerts of the API: the feed lists what the monitor raised, acknowledging is audited once, and the
 * signed link of a mail acknowledges exactly its alert until it expires (and a GET of it acknowledges nothing).
 */
import { describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../src/domain/monitor/alert.js';
import { alertId } from '../../src/domain/monitor/escalation.js';
import { ackSecret, ackToken } from '../../src/services/ack-link.js';
import { raiseAlerts } from '../../src/services/alerts.service.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, NOW, type World } from './support.js';

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

  it('the page of the mail link: GET shows a button and acknowledges nothing, its POST acknowledges; in the reader’s language', async () => {
    const w = await buildWorld(t.store);
    const m = await raised(w, 'page');
    const token = ackToken(m.id, await ackSecret(w.store), NOW + 60_000);
    const shown = await call(w.app, 'GET', `/contracts/acme-a/alerts/acknowledge?token=${token}`, {
      headers: { 'accept-language': 'nl-NL,nl;q=0.9' },
    });
    expect(shown.status, shown.text).toBe(200);
    expect(shown.headers.get('content-type')).toContain('text/html');
    expect(shown.text).toContain('<form method="post" action="/contracts/acme-a/alerts/acknowledge?token=');
    expect(shown.text).toContain('Bevestigen');
    expect((await w.store.alerts.get(m.id))?.state).toBe('open');
    const done = await call(w.app, 'POST', `/contracts/acme-a/alerts/acknowledge?token=${token}`);
    expect(done.status, done.text).toBe(200);
    expect(done.text).toContain('Acknowledged.');
    expect((await w.store.alerts.get(m.id))?.state).toBe('acknowledged');
    const forged = await call(
      w.app,
      'GET',
      `/contracts/acme-a/alerts/acknowledge?token=${ackToken(m.id, 'nope', NOW + 60_000)}`,
    );
    expect(forged.status).toBe(401);
    expect(forged.text).toContain('not valid');
    expect(forged.text).not.toContain(m.id);
  });
});
