/**
 * The live monitor in process on both stores: contacts arrive through the ingest service (its post-commit
 * hook), alerts are raised from the one timer at the at-risk point and the breach, escalated when not
 * acknowledged, once each, also when a monitor starts again after what fell due.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../src/domain/monitor/alert.js';
import { Pseudonymiser } from '../../src/ingest/pseudonym.js';
import { Monitor } from '../../src/monitor/monitor.js';
import { acknowledgeAlertAsOperator, listAlerts } from '../../src/services/alerts.service.js';
import { importContract, operatorPrincipal } from '../../src/services/contracts.service.js';
import { ingest } from '../../src/services/ingest.service.js';
import type { Store } from '../../src/store/index.js';
import { DIALECTS, useStore } from '../support/stores.js';

const pseudonymiser = new Pseudonymiser(Buffer.from('test-key'));

/** A chat service level of `threshold` on a 24/7 calendar, at risk at 50%, two escalation levels. */
function contractText(threshold: string, acknowledgeWithin: string): string {
  return `contract: live
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
  - { id: chat-sl, kind: service_level, population: { channel: [chat] }, threshold: ${threshold}, target: 80%, at_risk_at: 50%, clock: { calendar: always } }
escalation:
  - { level: 1, who: [partner team lead], when: at_risk, acknowledge_within: ${acknowledgeWithin} }
  - { level: 2, who: [client vendor manager], when: breached, acknowledge_within: 1h }
`;
}

async function chat(store: Store, id: string, createdAt: number, answeredAt: number | null = null) {
  const row: Record<string, unknown> = {
    type: 'contact',
    id,
    channel: 'chat',
    direction: 'inbound',
    created_at: new Date(createdAt).toISOString(),
  };
  if (answeredAt !== null) row.answered_at = new Date(answeredAt).toISOString();
  await ingest([{ name: 'body', rows: [row] }], {
    store,
    pseudonymiser: () => pseudonymiser,
    sources: { defaultSource: 'default' },
    strict: false,
    audit: { actor: 'test', subject: 'test', details: {} },
  });
}

async function until(test: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('the live monitor on $name', (d) => {
  const fixture = useStore(d);
  const monitors: Monitor[] = [];
  afterEach(async () => {
    for (const m of monitors.splice(0)) await m.stop();
  });

  async function started(raised: AlertMessage[], store = fixture.store): Promise<Monitor> {
    const m = new Monitor({ store, onRaised: (alerts) => raised.push(...alerts), periodCheckMs: 0 });
    monitors.push(m);
    await m.start();
    return m;
  }

  it('an unanswered chat: at risk to level 1, escalated and breached to level 2, each once, in time', async () => {
    const { store } = fixture;
    await importContract(store, contractText('4s', '2s'), 'live.yaml', 'test', Date.now());
    const raised: AlertMessage[] = [];
    await started(raised);
    const created = Date.now();
    await chat(store, 'c1', created);
    await until(() => raised.some((a) => a.kind === 'breached'));
    await until(() => raised.some((a) => a.kind === 'escalated'));
    const byKind = (k: string) => raised.filter((a) => a.kind === k);
    expect(byKind('at_risk')).toHaveLength(1);
    expect(byKind('at_risk')[0]).toMatchObject({
      level: 1,
      who: ['partner team lead'],
      dueAt: new Date(created + 2000).toISOString(),
    });
    const breach = byKind('breached')[0]!;
    expect(breach).toMatchObject({
      level: 2,
      who: ['client vendor manager'],
      deadline: new Date(created + 4000).toISOString(),
    });
    // Raised after the breach instant, and (on an idle machine within ms) not long after it.
    expect(Date.parse(breach.raisedAt)).toBeGreaterThan(created + 4000);
    expect(byKind('escalated')[0]).toMatchObject({ level: 2 });
    await sleep(1500);
    expect(raised).toHaveLength(3);
    const contract = (await store.contracts.contracts((await store.tenancy.organisations())[0]!.id))[0]!;
    const feed = await listAlerts(store, operatorPrincipal(contract, 'client', 'test'), 'live');
    expect(feed.map((a) => [a.kind, a.state]).sort()).toEqual([
      ['at_risk', 'escalated'],
      ['breached', 'open'],
      ['escalated', 'open'],
    ]);
    const audit = await store.audit.list({ limit: 100 });
    expect(audit.filter((e) => e.action === 'alert.raised')).toHaveLength(2);
    expect(audit.filter((e) => e.action === 'alert.escalated')).toHaveLength(1);
  }, 40_000);

  it('an answered chat raises nothing', async () => {
    const { store } = fixture;
    await importContract(store, contractText('3s', '1h'), 'live.yaml', 'test', Date.now());
    const raised: AlertMessage[] = [];
    await started(raised);
    const created = Date.now();
    await chat(store, 'c1', created);
    await until(() => Date.now() > created + 600);
    await chat(store, 'c1', created, created + 500);
    await sleep(4500);
    expect(raised).toEqual([]);
  }, 30_000);

  it('acknowledging stops the escalation; the breach still goes to its own level', async () => {
    const { store } = fixture;
    await importContract(store, contractText('4s', '2s'), 'live.yaml', 'test', Date.now());
    const raised: AlertMessage[] = [];
    await started(raised);
    await chat(store, 'c1', Date.now());
    await until(() => raised.some((a) => a.kind === 'at_risk'));
    const atRisk = raised.find((a) => a.kind === 'at_risk')!;
    const acked = await acknowledgeAlertAsOperator(store, atRisk.id, 'test:ack', Date.now());
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'test:ack' });
    await until(() => raised.some((a) => a.kind === 'breached'));
    await sleep(1000);
    expect(raised.map((a) => a.kind).sort()).toEqual(['at_risk', 'breached']);
    const audit = await store.audit.list({ limit: 100 });
    expect(audit.filter((e) => e.action === 'alert.acknowledged')).toHaveLength(1);
  }, 30_000);

  it('a metric forecast to miss its running period: one at-risk alert with the figures, however often judged', async () => {
    const { store } = fixture;
    await importContract(store, contractText('30s', '1h'), 'live.yaml', 'test', Date.now());
    // Earlier this period: 10 chats, 6 answered far too late.
    const start = Date.now() - 15 * 60_000;
    for (let i = 0; i < 10; i++)
      await chat(store, `p${i}`, start + i * 60_000, start + i * 60_000 + (i < 6 ? 120_000 : 5_000));
    const raised: AlertMessage[] = [];
    const m = new Monitor({ store, onRaised: (alerts) => raised.push(...alerts), periodCheckMs: 300 });
    monitors.push(m);
    await m.start();
    await until(() => raised.length > 0);
    await sleep(1500);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kind: 'at_risk', level: 1, metric: 'chat-sl', contact: null });
    expect(raised[0]!.periodRisk).toMatchObject({ value: 0.4, target: 0.8, thresholdMs: 30_000 });
    expect(raised[0]!.period).toMatch(/^\d{4}-\d{2}$/);
  }, 30_000);

  it('started again, it raises what fell due meanwhile, once, and nothing it raised before', async () => {
    const { store } = fixture;
    await importContract(store, contractText('3s', '1h'), 'live.yaml', 'test', Date.now());
    const first: AlertMessage[] = [];
    const m1 = await started(first);
    const created = Date.now();
    await chat(store, 'c1', created);
    await until(() => first.length === 1);
    await m1.stop();
    monitors.splice(monitors.indexOf(m1), 1);
    await until(() => Date.now() > created + 3500);
    const second: AlertMessage[] = [];
    await started(second);
    await until(() => second.length === 1);
    expect(second[0]).toMatchObject({ kind: 'breached' });
    const third: AlertMessage[] = [];
    const m3 = new Monitor({ store, onRaised: (a) => third.push(...a), periodCheckMs: 0 });
    monitors.push(m3);
    // Two monitors on one store: the second waits for the lead on PostgreSQL; either way nothing is raised twice.
    void m3.start();
    await sleep(1500);
    expect(third).toEqual([]);
    const org = (await store.tenancy.organisations())[0]!;
    expect(await store.alerts.list(org.id, 'live')).toHaveLength(2);
  }, 40_000);
});
