/**
 * Alert delivery end to end on a real store: the outbox drained by the DeliveryWorker into a real local
 * SMTP server (smtp-server) and a real local HTTP receiver. Slack's and Teams' host names resolve to the
 * local receiver through the webhook sender's name lookup, never the internet.
 */
import type { LookupFunction } from 'node:net';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../src/domain/monitor/alert.js';
import { createDeliveryWorker } from '../../src/notify/alert-sender.js';
import { ackSecret, verifyAck } from '../../src/services/ack-link.js';
import type { DeliveryWorker } from '../../src/services/alert-delivery.service.js';
import { importContract } from '../../src/services/contracts.service.js';
import type { Store } from '../../src/store/index.js';
import { contractText } from '../api/support.js';
import { alertMessage } from '../support/alerts.js';
import {
  eventually,
  type MailReceiver,
  startMailReceiver,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/receivers.js';
import { DIALECTS, useStore, withRawDb } from '../support/stores.js';

const LOCAL_NAMES = new Set([
  'hooks.slack.com',
  'acme.webhook.office.com',
  'prod-07.westeurope.logic.azure.com',
]);
const lookup: LookupFunction = (hostname, options, callback) => {
  if (!LOCAL_NAMES.has(hostname)) {
    callback(Object.assign(new Error(`${hostname} is not resolved in tests`), { code: 'ENOTFOUND' }), '', 4);
    return;
  }
  if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

const PUBLIC_URL = 'http://accord.test';

describe.each(DIALECTS)('alert delivery on $name', (d) => {
  const t = useStore(d);
  let smtp: MailReceiver;
  let hooks: WebhookReceiver;
  const workers: DeliveryWorker[] = [];
  let orgId = '';

  beforeEach(async (ctx) => {
    if (d.missing !== undefined) return ctx.skip();
    smtp = await startMailReceiver();
    hooks = await startWebhookReceiver();
    const imported = await importContract(t.store, contractText('c1'), 'c1.yaml', 'test', Date.now());
    orgId = imported.organisationId;
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await smtp?.close();
    await hooks?.close();
  });

  function worker(
    over: { maxAttempts?: number; leaseMs?: number; onError?: (e: unknown) => void } = {},
  ): DeliveryWorker {
    const w = createDeliveryWorker(t.store, {
      settings: {
        publicUrl: PUBLIC_URL,
        mail: { smtpUrl: smtp.url, from: 'Accord <alerts@accord.test>', timeoutMs: 10_000 },
        webhook: { lookup, timeoutMs: 10_000, allowPrivate: true },
      },
      baseDelayMs: 20,
      maxDelayMs: 200,
      random: () => 0.5,
      ...over,
    });
    workers.push(w);
    return w;
  }

  const message = (over: Partial<AlertMessage> = {}) =>
    alertMessage({ organisationId: orgId, raisedAt: '2026-10-05T09:02:35Z', ...over });

  async function setRecipients(
    store: Store,
    emails: string[],
    webhooks: string[],
    language: 'en' | 'nl' | 'de',
  ) {
    await store.recipients.replace(
      { organisationId: orgId, contractId: 'c1', who: 'partner team lead', side: 'partner' },
      [
        ...emails.map((target) => ({ channel: 'email' as const, target, language })),
        ...webhooks.map((target) => ({ channel: 'webhook' as const, target, language })),
      ],
      1,
      'user:bo',
    );
  }

  const stateOf = async (store: Store, id: string) => (await store.deliveries.get(id))?.state;

  it('mails in the recipient language with both parts, links and a verifiable ack link, and posts every webhook shape once', async () => {
    const p = hooks.port;
    await setRecipients(
      t.store,
      ['bo@partner.example'],
      [
        `http://127.0.0.1:${p}/generic`,
        `http://hooks.slack.com:${p}/services/T0/B0/x`,
        `http://acme.webhook.office.com:${p}/webhookb2/x`,
        `http://prod-07.westeurope.logic.azure.com:${p}/workflows/abc`,
        `http://127.0.0.1:${p}/forced#format=slack`,
      ],
      'nl',
    );
    // the contract's phone metric: its figures count calls
    const m = message({
      metric: 'phone-service-level',
      metricName: 'Phone service level',
      contact: { source: 'web', key: '42', channel: 'phone', createdAt: '2026-10-05T09:00:00Z' },
      periodRisk: {
        period: '2026-10',
        value: 0.785,
        target: 0.8,
        needed: 82,
        remaining: 140,
        thresholdMs: 30_000,
      },
    });
    const w = worker();
    await w.start();
    expect(await t.store.transaction((tx) => tx.deliveries.enqueue(m))).toBe(6);
    w.wake();
    await eventually(
      () => smtp.mails.length === 1 && hooks.requests.length === 5,
      'one mail and five webhooks',
    );

    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['bo@partner.example']);
    expect(mail.from).toBe('alerts@accord.test');
    const text = mail.parts.get('text/plain')!;
    const html = mail.parts.get('text/html')!;
    expect(text).toContain('Contact phone web/42 heeft de termijn van Phone service level overschreden.');
    // 09:00:30 UTC is 11:00:30 in Amsterdam (CEST); raised 2 min 5 s after the deadline
    expect(text).toContain('5 oktober 2026 11:00:30 (Europe/Amsterdam), 2 min 5 s te laat');
    expect(text).toContain(
      '82 van de volgende 140 gesprekken moeten binnen 30 s beantwoord worden om 80% te halen (tot nu toe 78,5%).',
    );
    expect(text).toContain(`Live-overzicht: ${PUBLIC_URL}/contracts/c1/live`);
    expect(text).toContain(
      `De norm deze periode: ${PUBLIC_URL}/contracts/c1/periods/2026-10/metrics/phone-service-level`,
    );
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(`href="${PUBLIC_URL}/contracts/c1/live"`);
    expect(html).toContain('heeft de termijn van Phone service level overschreden.');
    expect(mail.headers.get('subject')).toContain('Overschreden');
    const [dv] = (await t.store.deliveries.list({ organisationId: orgId, limit: 10 })).filter(
      (x) => x.channel === 'email',
    );
    expect(mail.headers.get('message-id')).toBe(`<${dv!.id}.alert@accord.test>`);

    const ackUrl = /Bevestigen: (\S+)/.exec(text)?.[1];
    expect(ackUrl).toBeDefined();
    expect(html).toContain(`href="${ackUrl}"`);
    const token = new URL(ackUrl!).searchParams.get('token')!;
    const verified = verifyAck(token, await ackSecret(t.store), Date.parse('2026-10-05T10:00:00Z'));
    expect(verified).toEqual({ ok: true, alertId: m.id, expiresAt: Date.parse(m.raisedAt) + 7 * 86_400_000 });

    const byPath = new Map(hooks.requests.map((r) => [r.path, r]));
    const generic = byPath.get('/generic')!.body;
    expect(generic.type).toBe('accord.alert');
    expect(generic.alert).toEqual(m);
    expect(generic.links).toEqual({
      live: `${PUBLIC_URL}/contracts/c1/live`,
      metric: `${PUBLIC_URL}/contracts/c1/periods/2026-10/metrics/phone-service-level`,
      acknowledge: ackUrl,
    });
    const slack = byPath.get('/services/T0/B0/x')!;
    expect(slack.host).toBe(`hooks.slack.com:${p}`);
    expect(typeof slack.body.text).toBe('string');
    expect(slack.body.blocks.map((b: { type: string }) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(slack.body.blocks[4].elements[0].url).toBe(ackUrl);
    const card = byPath.get('/webhookb2/x')!.body;
    expect(card['@type']).toBe('MessageCard');
    expect(card.potentialAction[0].targets[0].uri).toBe(ackUrl);
    const adaptive = byPath.get('/workflows/abc')!.body;
    expect(adaptive.type).toBe('message');
    expect(adaptive.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(adaptive.attachments[0].content.type).toBe('AdaptiveCard');
    expect(adaptive.attachments[0].content.actions[0].url).toBe(ackUrl);
    // the fragment chose Slack's shape for a host that is not Slack's, and was not sent
    expect(byPath.get('/forced')!.body.blocks).toBeDefined();
    expect(byPath.get('/generic')!.headers['idempotency-key']).toMatch(/^dlv_/);

    // the same alert raised again (a restart of the monitor, a second instance): nothing is sent twice
    expect(await t.store.transaction((tx) => tx.deliveries.enqueue(m))).toBe(0);
    w.wake();
    await w.idle();
    expect(smtp.mails).toHaveLength(1);
    expect(hooks.requests).toHaveLength(5);
  });

  it('retries a receiver that fails twice, then marks the delivery sent after the third attempt', async () => {
    await setRecipients(t.store, [], [`http://127.0.0.1:${hooks.port}/flaky`], 'en');
    hooks.failNext(2);
    const w = worker({ maxAttempts: 5 });
    await w.start();
    await t.store.transaction((tx) => tx.deliveries.enqueue(message()));
    w.wake();
    const [dv] = await t.store.deliveries.list({ organisationId: orgId, limit: 10 });
    await eventually(async () => (await stateOf(t.store, dv!.id)) === 'sent', 'the delivery sent');
    const sent = await t.store.deliveries.get(dv!.id);
    expect(sent?.attempts).toBe(3);
    expect(hooks.requests).toHaveLength(1);
  });

  it('moves a delivery to the dead letters after N attempts, with its last error and an audit entry', async () => {
    await setRecipients(t.store, [], [`http://127.0.0.1:${hooks.port}/down`], 'en');
    hooks.failAlways();
    const w = worker({ maxAttempts: 3 });
    await w.start();
    await t.store.transaction((tx) => tx.deliveries.enqueue(message()));
    w.wake();
    const [dv] = await t.store.deliveries.list({ organisationId: orgId, limit: 10 });
    await eventually(async () => (await stateOf(t.store, dv!.id)) === 'dead', 'the delivery dead');
    const dead = await t.store.deliveries.get(dv!.id);
    expect(dead?.attempts).toBe(3);
    expect(dead?.lastError).toContain('answered 500: receiver is down');
    expect(
      (await t.store.deliveries.list({ state: 'dead', organisationId: orgId, limit: 10 })).map((x) => x.id),
    ).toEqual([dv!.id]);
    const audit = await t.store.audit.list({ action: 'delivery.dead' });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ delivery: dv!.id, alert: dv!.alertId, attempts: 3 });
    // no address in the audit log
    expect(JSON.stringify(audit[0])).not.toContain('127.0.0.1');
  });

  it('a restarted worker does not resend what was sent, and sends what a dead worker had claimed once its lease ran out', async () => {
    await setRecipients(t.store, ['ann@partner.example'], [`http://127.0.0.1:${hooks.port}/once`], 'de');
    const first = worker();
    await first.start();
    await t.store.transaction((tx) => tx.deliveries.enqueue(message()));
    first.wake();
    await eventually(() => smtp.mails.length === 1 && hooks.requests.length === 1, 'the first sends');
    await first.idle();
    await first.stop();

    const second = worker();
    await second.start();
    await second.idle();
    expect(smtp.mails).toHaveLength(1);
    expect(hooks.requests).toHaveLength(1);
    expect(smtp.mails[0]!.parts.get('text/plain')).toContain(
      'hat die Frist von Chat service level überschritten',
    );

    // a worker that claimed a delivery and died before sending: its lease runs out, then it goes once
    const other = message({ id: 'alert:c1:chat_sl:web/43:1:breached' });
    await t.store.transaction((tx) => tx.deliveries.enqueue(other));
    const pending = (
      await t.store.deliveries.list({ state: 'pending', organisationId: orgId, limit: 10 })
    )[0]!;
    const now = Date.now();
    for (const x of await t.store.deliveries.list({ state: 'pending', organisationId: orgId, limit: 10 }))
      expect(await t.store.deliveries.claim(x.id, 0, now, now + 300)).toBe(true);
    second.wake();
    await eventually(
      () => smtp.mails.length === 2 && hooks.requests.length === 2,
      'the claimed ones after the lease',
    );
    await second.idle();
    const after = await t.store.deliveries.get(pending.id);
    expect([after?.state, after?.attempts]).toEqual(['sent', 2]);
  });
  it('recovers by itself from a store that failed, without another wake', async () => {
    await setRecipients(t.store, [], [`http://127.0.0.1:${hooks.port}/after-outage`], 'en');
    await t.store.transaction((tx) => tx.deliveries.enqueue(message()));
    const rename = (from: string, to: string) =>
      withRawDb(t.url, (db) => sql.raw(`alter table ${from} rename to ${to}`).execute(db));
    await rename('alert_deliveries', 'alert_deliveries_away');
    const errors: unknown[] = [];
    const w = worker({ onError: (e) => errors.push(e) });
    await w.start();
    expect(errors.length).toBeGreaterThan(0);
    await rename('alert_deliveries_away', 'alert_deliveries');
    await eventually(() => hooks.requests.length === 1, 'the delivery after the store came back');
  });
});
