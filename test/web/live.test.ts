/**
 * Issue 16 in the browser over a real `accord serve` and its demo store: the live page's alerts (raised
 * through the alerts service on the server's own store, as the monitor raises them) with their countdowns,
 * escalation state and the Acknowledge button of the administrators (a viewer sees none); the page a
 * mail's signed acknowledge link opens (a GET shows the alert and changes nothing, the button
 * acknowledges); and the period page's report downloads (the PDF's bytes). Each page is checked with
 * axe-core and photographed into test/artifacts/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertMessage } from '../../src/domain/monitor/alert.js';
import { alertId } from '../../src/domain/monitor/escalation.js';
import { ackPagePath, ackSecret, ackToken } from '../../src/services/ack-link.js';
import { escalateAlert, raiseAlerts } from '../../src/services/alerts.service.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  ARTIFACTS,
  apiAs,
  axeViolations,
  type Browser,
  browserMissing,
  DEMO_USER,
  type DemoServer,
  openBrowser,
  screenshot,
  startDemoServer,
  viewportShot,
} from './support.js';

const missing = browserMissing();
if (missing !== undefined) console.warn(missing);

const VIEWER = { email: 'cas@acme.example', password: 'a viewer’s long password', name: 'Cas' };

async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(
    violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

describe.skipIf(missing !== undefined)('live alerts, the acknowledge link and report downloads', () => {
  let server: DemoServer;
  let browser: Browser;
  let store: Store;
  let contract: { organisationId: string; partnerId: string; id: string };
  const errors: string[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();

  /** An alert of the demo contract about one contact, as the monitor words it. */
  function alertOf(
    key: string,
    kind: AlertMessage['kind'],
    level: number,
    deadline: number,
    acknowledgeBy: number | null,
  ): AlertMessage {
    const metric = key.startsWith('E') ? 'email-first-response' : 'phone-service-level';
    return {
      id: alertId(contract.id, metric, `web:${key}`, level, kind),
      organisationId: contract.organisationId,
      contract: contract.id,
      kind,
      level,
      who: level === 1 ? ['partner team lead'] : ['partner account manager', 'client vendor manager'],
      metric,
      contact: {
        source: 'demo-genesys',
        key,
        channel: key.startsWith('E') ? 'email' : 'phone',
        createdAt: iso(deadline - 20 * 60_000),
      },
      period: null,
      dueAt: iso(Math.min(deadline, Date.now())),
      deadline: iso(deadline),
      raisedAt: iso(Date.now() - 60_000),
      acknowledgeBy: acknowledgeBy === null ? null : iso(acknowledgeBy),
    };
  }

  async function raise(...messages: AlertMessage[]): Promise<void> {
    expect(await raiseAlerts(store, contract, messages, Date.now())).toHaveLength(messages.length);
  }

  async function signedIn(
    path: string,
    user = DEMO_USER,
    viewport: 'laptop' | 'tablet' = 'laptop',
  ): Promise<Page> {
    const p = await browser.page(viewport);
    p.on(
      'console',
      (m) => m.type() === 'error' && !/status of (401|404)/.test(m.text()) && errors.push(m.text()),
    );
    await p.goto(`${server.url}${path}`);
    await p.getByLabel(/e-mail/i).fill(user.email);
    await p.getByLabel(/password/i).fill(user.password);
    await p.getByRole('button', { name: /sign in/i }).click();
    await p.getByRole('button', { name: /sign out/i }).waitFor();
    return p;
  }

  beforeAll(async () => {
    server = await startDemoServer({ contactsPerMonth: 3000 });
    browser = await openBrowser();
    // The server's own store: alerts raised here are what the monitor inside `accord serve` would raise.
    store = await openStore(server.storeUrl);
    contract = (await apiAs(server, `/api/v1/contracts/${server.contract}`)) as typeof contract;
  }, 300_000);

  afterAll(async () => {
    await store?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the open alerts with countdowns and escalation, and an administrator acknowledges one', async () => {
    const now = Date.now();
    const breached = alertOf('P-1001', 'breached', 1, now - 2 * 60_000, now + 28 * 60_000);
    const atRisk = alertOf('E-2002', 'at_risk', 1, now + 45 * 60_000, now + 25 * 60_000);
    const first = alertOf('P-3003', 'at_risk', 1, now + 5 * 60_000, now - 60_000);
    const second: AlertMessage = {
      ...alertOf('P-3003', 'escalated', 2, now + 5 * 60_000, now + 2 * 3_600_000),
      id: alertId(contract.id, 'phone-service-level', `web:P-3003:from:${first.id}`, 2, 'escalated'),
    };
    await raise(breached, atRisk, first);
    expect(await escalateAlert(store, contract, first, second, now)).toBeDefined();

    const p = await signedIn(`/contracts/${server.contract}/live`);
    const feed = p.locator('section.alerts');
    await feed.getByRole('heading', { name: 'Alerts' }).waitFor();
    const row = (m: AlertMessage) => feed.locator(`table.open-alerts tr[data-alert="${m.id}"]`);
    await row(breached).waitFor();
    // The breached contact's deadline has passed; the one at risk still has its time to run.
    expect(await row(breached).textContent()).toMatch(/Breached|breached/);
    expect(await row(breached).locator('.countdown').first().textContent()).toMatch(/^\d+ min( \d+ s)? ago$/);
    expect(await row(atRisk).locator('.countdown').first().textContent()).toMatch(/^in \d+ min/);
    expect(await row(atRisk).textContent()).toContain('partner team lead');
    expect(await row(first).textContent()).toContain('Escalated: escalated to level 2');
    expect(await row(second).textContent()).toContain('partner account manager, client vendor manager');
    // The countdowns move while the page is open.
    const before = await row(atRisk).locator('.countdown').first().textContent();
    await expect
      .poll(() => row(atRisk).locator('.countdown').first().textContent(), { timeout: 10_000 })
      .not.toBe(before);
    // Most urgent first, by the earlier of deadline and acknowledge-by: the breached contact (2 min ago),
    // the escalated alert (1 min ago), the contact at risk (25 min to acknowledge), the level 2 (5 min).
    // (The monitor inside `accord serve` raises alerts of its own about the demo's running month.)
    const ours = [breached.id, first.id, second.id, atRisk.id];
    const order = await feed
      .locator('table.open-alerts tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert')));
    expect(order.filter((id) => id !== null && ours.includes(id))).toEqual(ours);
    await expectAccessible(p);
    await screenshot(p, 'live-alerts');
    await feed.screenshot({ path: join(ARTIFACTS, 'docs-live-alerts.png') });

    await row(breached).getByRole('button', { name: 'Acknowledge' }).click();
    const recent = feed.locator('table.recent-alerts');
    await recent.locator(`tr[data-alert="${breached.id}"]`).waitFor();
    expect(await recent.locator(`tr[data-alert="${breached.id}"]`).textContent()).toMatch(
      /Acknowledged by user:/,
    );
    const stored = await store.alerts.get(breached.id);
    expect(stored?.state).toBe('acknowledged');
    expect(stored?.acknowledgedBy).toMatch(/^user:/);
    expect(await row(breached).count()).toBe(0);
    await screenshot(p, 'live-alerts-acknowledged');
    await p.context().close();
  }, 180_000);

  it('shows a viewer the alerts without an Acknowledge button, on a tablet without sideways scrolling', async () => {
    const admin = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }),
    });
    const cookie = (admin.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = ((await admin.json()) as { csrfToken: string }).csrfToken;
    const created = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ ...VIEWER, role: 'client-viewer' }),
    });
    expect(created.status, await created.text()).toBe(201);
    const now = Date.now();
    const open = alertOf('P-4004', 'at_risk', 1, now + 10 * 60_000, now + 30 * 60_000);
    await raise(open);
    const p = await signedIn(`/contracts/${server.contract}/live`, VIEWER, 'tablet');
    const feed = p.locator('section.alerts');
    await feed.locator(`tr[data-alert="${open.id}"]`).waitFor();
    expect(await feed.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await feed.textContent()).toContain('Administrators of the client or the partner acknowledge');
    await expectAccessible(p);
    await screenshot(p, 'live-alerts-viewer-tablet');
    expect(await p.evaluate('document.documentElement.scrollWidth > window.innerWidth')).toBe(false);
    // In German: the feed's words and the monitor's name of the kind.
    await p.goto(`${server.url}/contracts/${server.contract}/live?lang=de`);
    await feed.getByRole('heading', { name: 'Meldungen' }).waitFor();
    const row = feed.locator(`tr[data-alert="${open.id}"]`);
    expect(await row.textContent()).toContain('gefährdet');
    expect(await row.textContent()).toContain('eskaliert auf Stufe 2, wenn niemand bestätigt');
    await p.context().close();
  }, 120_000);

  it('opens the acknowledge link of a mail: showing changes nothing, the button acknowledges, a forged link is refused', async () => {
    const now = Date.now();
    const m = alertOf('P-5005', 'breached', 1, now - 60_000, now + 29 * 60_000);
    await raise(m);
    const token = ackToken(m.id, await ackSecret(store), now + 3_600_000);
    // Not signed in, in Dutch: the link is its own credential.
    const p = await browser.page();
    p.on('console', (c) => c.type() === 'error' && !/status of 401/.test(c.text()) && errors.push(c.text()));
    await p.goto(`${server.url}${ackPagePath(server.contract)}?token=${token}&lang=nl`);
    await p.getByRole('heading', { name: 'Melding bevestigen' }).waitFor();
    await p.getByText('demo-genesys/P-5005').waitFor();
    expect(await p.locator('html').getAttribute('lang')).toBe('nl');
    expect(await p.locator('main').textContent()).toContain('overschreden');
    expect((await store.alerts.get(m.id))?.state).toBe('open');
    await expectAccessible(p);
    await screenshot(p, 'acknowledge-link');
    await viewportShot(p, 'acknowledge-link');

    await p.getByRole('button', { name: 'Bevestigen' }).click();
    await p.getByText('Bevestigd. De escalatie stopt.').waitFor();
    const stored = await store.alerts.get(m.id);
    expect(stored?.state).toBe('acknowledged');
    expect(stored?.acknowledgedBy).toBe('link:mail');
    await screenshot(p, 'acknowledge-link-done');
    // Opened again: acknowledged already, no button.
    await p.reload();
    await p.getByText('Deze melding was al bevestigd.').waitFor();
    expect(await p.getByRole('button', { name: 'Bevestigen' }).count()).toBe(0);

    await p.goto(
      `${server.url}${ackPagePath(server.contract)}?token=${ackToken(m.id, 'forged', now + 60_000)}&lang=en`,
    );
    await p.getByText('This acknowledge link is not valid.').waitFor();
    const old = ackToken(m.id, await ackSecret(store), now - 1000);
    await p.goto(`${server.url}${ackPagePath(server.contract)}?token=${old}&lang=en`);
    await p.getByText('This acknowledge link has expired: acknowledge the alert in Accord.').waitFor();
    await expectAccessible(p);
    await p.context().close();
  }, 120_000);

  it('downloads the period’s report in the page’s language: the PDF is a PDF', async () => {
    const p = await signedIn(`/contracts/${server.contract}/periods/${server.month}`);
    const section = p.locator('section.report-downloads');
    await section.getByRole('heading', { name: 'Report' }).waitFor({ timeout: 60_000 });
    for (const format of ['pdf', 'xlsx', 'html', 'csv'])
      expect(await section.locator(`a[data-format="${format}"]`).getAttribute('href')).toBe(
        `/api/v1/contracts/${server.contract}/reports/${server.month}?format=${format}&lang=en`,
      );
    await expectAccessible(p);
    await section.screenshot({ path: join(ARTIFACTS, 'docs-report-downloads.png') });
    const [download] = await Promise.all([
      p.waitForEvent('download', { timeout: 150_000 }),
      section.getByRole('link', { name: 'Download as PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    // In German the links ask for the German report.
    await p.goto(`${server.url}/contracts/${server.contract}/periods/${server.month}?lang=de`);
    await section.getByRole('heading', { name: 'Bericht' }).waitFor({ timeout: 60_000 });
    expect(await section.getByRole('link', { name: 'Als PDF herunterladen' }).getAttribute('href')).toContain(
      'lang=de',
    );
    await p.context().close();
    expect(errors).toEqual([]);
  }, 240_000);
});
