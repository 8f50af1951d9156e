/**
 * Issue 15's "done when", end to end with a real SMTP server (smtp-server) and a real HTTP receiver:
 *
 * - in process: a 30 s chat threshold on a 24/7 calendar, level 1 at_risk, level 2 breached. An unanswered
 *   chat brings level 1 its at-risk mail and webhook, then level 2 the breach mail (raised within 1 s of the
 *   breach instant), each once; an answered chat brings nothing; an acknowledged alert does not escalate; one
 *   not acknowledged in time goes to level 2;
 * - `accord monitor` as a child process (from the sources): killed with SIGKILL after a breach mail and
 *   started again, it sends nothing twice; killed before a deadline and started again after it, it still
 *   sends the breach, once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../src/domain/monitor/alert.js';
import { Pseudonymiser } from '../../src/ingest/pseudonym.js';
import { type LiveMonitor, startLiveMonitor } from '../../src/monitor/live.js';
import { notifierSettingsFromEnv } from '../../src/notify/alert-sender.js';
import { acknowledgeAlertAsOperator } from '../../src/services/alerts.service.js';
import { importContract, operatorPrincipal } from '../../src/services/contracts.service.js';
import { ingest } from '../../src/services/ingest.service.js';
import { setRecipients } from '../../src/services/recipients.service.js';
import type { Store } from '../../src/store/index.js';
import {
  type MailReceiver,
  startMailReceiver,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../support/receivers.js';
import { DIALECTS, useStore } from '../support/stores.js';

const repo = resolve(import.meta.dirname, '../..');
const pseudonymiser = new Pseudonymiser(Buffer.from('test-key'));

function contractText(threshold: string, acknowledgeWithin: string): string {
  return `contract: chat-desk
version: 1
effective_from: 2026-01-01
client: Client B.V.
partner: Partner B.V.
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: 1000.00
period: month
calendars:
  always: { hours: 24/7 }
metrics:
  - { id: chat-sl, kind: service_level, population: { channel: [chat] }, threshold: ${threshold}, target: 80%, clock: { calendar: always } }
escalation:
  - { level: 1, who: [partner team lead], when: at_risk, acknowledge_within: ${acknowledgeWithin} }
  - { level: 2, who: [client vendor manager], when: breached, acknowledge_within: 1h }
`;
}

const LEAD = 'lead@partner.example';
const MANAGER = 'manager@client.example';

async function setUp(store: Store, text: string, hook: WebhookReceiver): Promise<void> {
  await importContract(store, text, 'chat-desk.yaml', 'test', Date.now());
  const org = (await store.tenancy.organisations())[0]!;
  const contract = (await store.contracts.contract(org.id, 'chat-desk'))!;
  await setRecipients(
    store,
    operatorPrincipal(contract, 'partner', 'test'),
    contract,
    'partner team lead',
    {
      emails: [LEAD],
      webhooks: [`http://127.0.0.1:${hook.port}/hook`],
    },
    Date.now(),
  );
  await setRecipients(
    store,
    operatorPrincipal(contract, 'client', 'test'),
    contract,
    'client vendor manager',
    {
      emails: [MANAGER],
      webhooks: [],
    },
    Date.now(),
  );
}

async function chat(store: Store, id: string, createdAt: number, answeredAt?: number): Promise<void> {
  const row: Record<string, unknown> = {
    type: 'contact',
    id,
    channel: 'chat',
    direction: 'inbound',
    created_at: new Date(createdAt).toISOString(),
  };
  if (answeredAt !== undefined) row.answered_at = new Date(answeredAt).toISOString();
  const r = await ingest([{ name: 'body', rows: [row] }], {
    store,
    pseudonymiser: () => pseudonymiser,
    sources: { defaultSource: 'default' },
    strict: false,
    audit: { actor: 'test', subject: 'test', details: {} },
  });
  expect(r.summary.rejected).toBe(0);
}

async function until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mails to `to` about contact `id` (the text part names it as source/id). */
const mailsAbout = (mail: MailReceiver, to: string, id: string) =>
  mail.mails.filter((m) => m.to.includes(to) && (m.parts.get('text/plain') ?? '').includes(`default/${id}`));
const hooksAbout = (hook: WebhookReceiver, id: string) =>
  hook.requests.filter((r) => JSON.stringify(r.body).includes(`"${id}"`));

describe.each(DIALECTS)('the live monitor end to end on $name', (d) => {
  const fixture = useStore(d);
  let mail: MailReceiver | undefined;
  let hook: WebhookReceiver | undefined;
  let live: LiveMonitor | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    await live?.stop();
    live = undefined;
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await mail?.close();
    await hook?.close();
  });

  it('30 s chat threshold: at-risk mail and webhook to level 1, breach mail to level 2 within 1 s, once each; answered: nothing; acknowledged: no escalation; not acknowledged: escalated', async () => {
    const { store } = fixture;
    mail = await startMailReceiver();
    hook = await startWebhookReceiver();
    // Level 1 acknowledges within 8 s: the at-risk point is at 24 s, so c1's escalation falls at 32 s.
    await setUp(store, contractText('30s', '8s'), hook);
    const raised: AlertMessage[] = [];
    live = await startLiveMonitor(store, {
      notifier: notifierSettingsFromEnv({
        ACCORD_SMTP_URL: mail.url,
        ACCORD_WEBHOOK_ALLOW_PRIVATE: 'true',
        ACCORD_MAIL_FROM: 'Accord <accord@test.example>',
      }),
      onRaised: (alerts) => raised.push(...alerts),
      periodCheckMs: 0,
    });
    const t0 = Date.now();
    await chat(store, 'c1', t0);
    await chat(store, 'c2', t0);
    await chat(store, 'c3', t0);
    await sleep(3000);
    await chat(store, 'c3', t0, t0 + 2000);
    await until(() => mailsAbout(mail!, LEAD, 'c2').length === 1, 40_000, 'the at-risk mail of c2');
    const atRisk2 = raised.find((a) => a.kind === 'at_risk' && a.contact?.key === 'c2')!;
    await acknowledgeAlertAsOperator(store, atRisk2.id, 'test:lead', Date.now());
    await until(
      () => mailsAbout(mail!, MANAGER, 'c1').length === 2,
      40_000,
      'breach and escalation mails of c1',
    );
    await until(() => mailsAbout(mail!, MANAGER, 'c2').length === 1, 10_000, 'the breach mail of c2');
    await until(
      () => hooksAbout(hook!, 'c1').length === 1 && hooksAbout(hook!, 'c2').length === 1,
      10_000,
      'webhooks',
    );
    await sleep(2000);

    expect(mailsAbout(mail, LEAD, 'c1')).toHaveLength(1);
    expect(mailsAbout(mail, LEAD, 'c2')).toHaveLength(1);
    expect(hooksAbout(hook, 'c1')).toHaveLength(1);
    expect(hooksAbout(hook, 'c2')).toHaveLength(1);
    // c1: breached and escalated to level 2; c2: acknowledged in time, only its breach.
    expect(mailsAbout(mail, MANAGER, 'c1')).toHaveLength(2);
    expect(mailsAbout(mail, MANAGER, 'c2')).toHaveLength(1);
    expect(mail.mails.filter((m) => (m.parts.get('text/plain') ?? '').includes('default/c3'))).toEqual([]);
    expect(raised.filter((a) => a.contact?.key === 'c3')).toEqual([]);
    const kinds = (id: string) =>
      raised
        .filter((a) => a.contact?.key === id)
        .map((a) => `${a.kind}:${a.level}`)
        .sort();
    expect(kinds('c1')).toEqual(['at_risk:1', 'breached:2', 'escalated:2']);
    expect(kinds('c2')).toEqual(['at_risk:1', 'breached:2']);
    for (const a of raised.filter((x) => x.kind === 'breached')) {
      // The breach instant is the first millisecond past the 30 s deadline.
      const late = Date.parse(a.raisedAt) - (t0 + 30_001);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(1000);
    }
  }, 90_000);

  function startMonitorProcess(url: string, smtp: string): ChildProcess {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repo, 'test/support/accord-source.ts'), 'monitor', '--db', url],
      {
        cwd: repo,
        env: {
          ...process.env,
          ACCORD_SMTP_URL: smtp,
          ACCORD_MAIL_FROM: 'Accord <accord@test.example>',
          ACCORD_WEBHOOK_ALLOW_PRIVATE: 'true',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    children.push(child);
    return child;
  }

  async function watching(child: ChildProcess): Promise<void> {
    let text = '';
    await new Promise<void>((resolveStarted, reject) => {
      const timer = setTimeout(() => reject(new Error(`accord monitor did not start: ${text}`)), 60_000);
      child.stderr!.on('data', (b: Buffer) => {
        text += b.toString();
        if (text.includes('watching')) {
          clearTimeout(timer);
          resolveStarted();
        }
      });
      child.on('exit', (code) => reject(new Error(`accord monitor exited ${code}: ${text}`)));
    });
  }

  const killed = (child: ChildProcess) =>
    new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGKILL');
    });

  it('accord monitor killed with SIGKILL after a breach mail sends nothing twice; one that was not running when a deadline passed sends that breach once when started', async () => {
    const { store, url } = fixture;
    mail = await startMailReceiver();
    hook = await startWebhookReceiver();
    await setUp(store, contractText('6s', '1h'), hook);
    const first = startMonitorProcess(url, mail.url);
    await watching(first);
    // Ingested by this process: the monitor hears of it through the store's data watermark.
    const t1 = Date.now();
    await chat(store, 'k1', t1);
    await until(() => mailsAbout(mail!, MANAGER, 'k1').length === 1, 30_000, 'the breach mail of k1');
    await killed(first);
    // k2 arrives while no monitor runs, and passes its deadline (6 s) before one starts again.
    const t2 = Date.now();
    await chat(store, 'k2', t2);
    await until(() => Date.now() > t2 + 6500, 10_000, "past k2's deadline");
    const second = startMonitorProcess(url, mail.url);
    await watching(second);
    await until(() => mailsAbout(mail!, MANAGER, 'k2').length === 1, 30_000, 'the breach mail of k2');
    await sleep(3000);
    expect(mailsAbout(mail, LEAD, 'k1')).toHaveLength(1);
    expect(mailsAbout(mail, MANAGER, 'k1')).toHaveLength(1);
    expect(mailsAbout(mail, LEAD, 'k2')).toHaveLength(1);
    expect(mailsAbout(mail, MANAGER, 'k2')).toHaveLength(1);
    expect(hooksAbout(hook, 'k1')).toHaveLength(1);
    expect(hooksAbout(hook, 'k2')).toHaveLength(1);
  }, 180_000);
});
