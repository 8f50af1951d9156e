/**
 * Issue 16, points 6–8 in the browser over a real `accord serve` and its demo store: the contract page (in
 * plain words, a draft's errors by line, saving and signing a version, the what-if of the draft beside the
 * version in force, with the API's figures), closing a period by both parties, disputing a contact, the
 * staffing what-if, and the live page's outlook of the running period. Each page is checked with axe-core
 * and photographed into test/artifacts/.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
} from './support.js';

const missing = browserMissing();
if (missing !== undefined) console.warn(missing);

const PARTNER_USER = { email: 'pim@partner.example', password: 'another long password', name: 'Pim' };

/** A signed-in API caller (cookie and CSRF token) for the writes a test prepares. */
async function sessionOf(server: DemoServer, user: { email: string; password: string }) {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  expect(r.status, await r.clone().text()).toBe(200);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
  return async (method: string, path: string, json: unknown) => {
    const w = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    return { status: w.status, body: (await w.json()) as Record<string, unknown> };
  };
}

async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(
    violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

describe.skipIf(missing !== undefined)('contract, close, staffing and live pages', () => {
  let server: DemoServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startDemoServer({ contactsPerMonth: 3000 });
    browser = await openBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function page(
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

  it('shows the contract in plain words, a draft with its errors by line, and replays the draft beside the version in force', async () => {
    const c = server.contract;
    const p = await page(`/contracts/${c}/versions`);
    await p.getByRole('heading', { name: `Contract: ${c}` }).waitFor();
    const explanation = (await apiAs(server, `/api/v1/contracts/${c}/versions/1/explanation?lang=en`)) as {
      text: string;
    };
    await p.locator('pre.plain-words').waitFor();
    expect(await p.locator('pre.plain-words').textContent()).toBe(explanation.text);

    // A new version 2 starts from version 1's text; a wrong target is kept as a draft with its line.
    const editor = p.getByLabel('Text of version 2 (YAML)');
    await expect.poll(() => editor.inputValue(), { timeout: 20_000 }).toMatch(/^version: 2/m);
    const v1 = await editor.inputValue();
    const next = v1
      .replace(/^effective_from: [0-9-]+/m, `effective_from: ${new Date().getUTCFullYear() + 1}-01-01`)
      .replace(/target: 80%/, 'target: 99%');
    await editor.fill(next.replace('target: 99%', 'target: ninety-nine'));
    await p.getByRole('button', { name: 'Save draft' }).click();
    const alert = p.locator('#draft-errors');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Line \d+, metrics\[0\]\.target/);
    await alert.getByRole('button').first().click();
    await screenshot(p, 'contract-draft-errors');
    await p
      .locator('section[aria-labelledby="editor"]')
      .screenshot({ path: join(ARTIFACTS, 'contract-editor.png') });
    await expectAccessible(p);
    const selected = await editor.evaluate((el) => {
      const area = el as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return area.value.slice(area.selectionStart, area.selectionEnd);
    });
    expect(selected).toContain('ninety-nine');

    await editor.fill(next);
    await p.getByRole('button', { name: 'Save draft' }).click();
    await p.getByText('Version 2 saved: Validated, awaiting signatures.').waitFor();
    expect(await p.locator('#draft-errors').count()).toBe(0);

    // The client signs version 2 for its side.
    await p.getByRole('button', { name: 'Sign as client 2' }).click();
    await p.getByText('Version 2 signed.').waitFor();

    // What changed, as the contract writes it.
    await p.locator('ul.changes').getByText('metrics[id=phone-service-level].target: 80% → 99%').waitFor();

    // The what-if of version 2 over the last three ended months, beside version 1: the API's figures.
    await p.getByRole('button', { name: 'Replay' }).click();
    const table = p.locator('table.what-if-table');
    await table.waitFor({ timeout: 60_000 });
    const doc = (await apiAs(server, `/api/v1/contracts/${c}/versions/2/what-if?periods=3&basis=ended`)) as {
      periods: { period: string; changedVerdicts: string[] }[];
      totals: {
        current: { payable: string };
        proposed: { payable: string };
        difference: { payable: string };
      };
    };
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBe(doc.periods.length);
    expect(await table.locator('tbody th').allTextContents()).toEqual(doc.periods.map((x) => x.period));
    const euros = (amount: string) =>
      `€${Number(amount).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const foot = await table.locator('tfoot').textContent();
    expect(foot).toContain(euros(doc.totals.current.payable).replace('€', ''));
    expect(foot).toContain(euros(doc.totals.proposed.payable).replace('€', ''));
    expect(doc.periods.some((x) => x.changedVerdicts.includes('phone-service-level'))).toBe(true);
    await p.locator('details.period-details').first().locator('summary').click();
    await screenshot(p, 'contract-what-if');
    await p
      .locator('section[aria-labelledby="what-if"]')
      .screenshot({ path: join(ARTIFACTS, 'contract-what-if-section.png') });
    await expectAccessible(p);

    // The same page in Dutch and German.
    await p.goto(`${server.url}/contracts/${c}/versions?lang=nl`);
    await p.getByRole('heading', { name: 'In gewone woorden' }).waitFor();
    await p.getByRole('button', { name: 'Afspelen' }).waitFor();
    await p.goto(`${server.url}/contracts/${c}/versions?lang=de`);
    await p.getByRole('heading', { name: 'In einfachen Worten' }).waitFor();
    await p.locator('pre.plain-words').waitFor();
    expect(await p.locator('pre.plain-words').textContent()).toContain('Kennzahlen');
    await p.locator('ul.changes').waitFor();
    await expect.poll(() => p.getByLabel('Text der Version 3 (YAML)').inputValue()).toMatch(/^version: 3/m);
    await screenshot(p, 'contract-versions-de');
    await p.goto(`${server.url}/contracts/${c}/versions?lang=en`);
    await p.getByRole('heading', { name: 'In plain words' }).waitFor();
    await p.context().close();
  }, 180_000);

  it('closes a period once the client and the partner agree, and takes a dispute through to a decision', async () => {
    const c = server.contract;
    const admin = await sessionOf(server, DEMO_USER);
    const contract = (await apiAs(server, `/api/v1/contracts/${c}`)) as { partnerId: string };
    const created = await admin('POST', '/api/v1/users', {
      ...PARTNER_USER,
      role: 'partner-admin',
      partner: contract.partnerId,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const client = await page(`/contracts/${c}/closing`);
    await client.getByRole('heading', { name: `Period close and disputes: ${c}` }).waitFor();
    // A link may name the period; the latest ended one is the default.
    const earlier = await client.getByLabel('Period', { exact: true }).evaluate((el) => {
      const options = (el as unknown as { options: { value: string }[] }).options;
      return options[1]?.value;
    });
    if (earlier !== undefined) {
      await client.goto(`${server.url}/contracts/${c}/closing?period=${earlier}`);
      await expect.poll(() => client.getByLabel('Period', { exact: true }).inputValue()).toBe(earlier);
      await client.goto(`${server.url}/contracts/${c}/closing`);
    }
    expect(await client.getByLabel('Period', { exact: true }).inputValue()).toBe(server.month);
    await client.getByText('Nobody has proposed to close this period yet.').waitFor({ timeout: 60_000 });
    await client.getByRole('button', { name: 'Agree to close on these figures' }).click();
    await client.getByText('Proposed: waiting for the other party').waitFor();
    expect(await client.getByRole('button', { name: 'Agree to close on these figures' }).isDisabled()).toBe(
      true,
    );

    const partner = await page(`/contracts/${c}/closing`, PARTNER_USER);
    await partner.getByText('Proposed: waiting for the other party').waitFor({ timeout: 60_000 });
    await partner.getByRole('button', { name: 'Agree to close on these figures' }).click();
    await partner.getByText(/^Closed on .*: these figures hold for good\.$/).waitFor();
    const close = (await apiAs(server, `/api/v1/contracts/${c}/periods/${server.month}/close`)) as {
      status: string;
    };
    expect(close.status).toBe('closed');

    // The partner disputes a contact behind a figure; the client agrees, and it is excluded.
    const breaches = (await apiAs(
      server,
      `/api/v1/contracts/${c}/evaluations/${server.month}/breaches/phone-service-level`,
    )) as { rows: { split: unknown; breaches: string[] }[] };
    const contact = breaches.rows.find((r) => r.split === null)?.breaches[0];
    expect(contact).toBeDefined();
    await partner.getByLabel('Contact id').fill(contact!);
    await partner.getByLabel('Reason').selectOption('test');
    await partner.getByLabel('Note').fill('a test call of our QA team');
    await partner.getByRole('button', { name: 'Raise dispute' }).click();
    await partner.getByRole('cell', { name: /a test call of our QA team/ }).waitFor();
    await screenshot(partner, 'closing-partner');
    await expectAccessible(partner);

    await client.reload();
    await client.getByRole('button', { name: 'Agree: exclude it' }).click();
    await client.getByText('Agreed: excluded').waitFor();
    await client.getByText(/^Closed on /).waitFor({ timeout: 60_000 });
    await screenshot(client, 'closing-client');
    await expectAccessible(client);
    await client.context().close();
    await partner.context().close();
  }, 180_000);

  it('answers the staffing what-if with the API figures', async () => {
    const p = await page(`/contracts/${server.contract}/staffing`);
    await p.getByRole('heading', { name: 'Staffing what-if' }).waitFor();
    await p.getByText(/Target and threshold from the contract/).waitFor();
    await p.getByLabel('Forecast contacts per interval').fill('150');
    await p.getByLabel('Uplift (%)').fill('20');
    await p.getByLabel('Agents on the phones (optional)').fill('30');
    await p.getByRole('button', { name: 'Compute' }).click();
    const table = p.locator('table.staffing-table');
    await table.waitFor();
    const target = await p.getByLabel('Service level target (%)').inputValue();
    const within = await p.getByLabel('Answered within (seconds)').inputValue();
    const api = (await apiAs(
      server,
      `/api/v1/staffing?volume=180&interval=30m&aht=300s&target=${target}/${within}&shrinkage=30%25`,
    )) as { agents: number; scheduled: number };
    const required = await table.locator('tbody tr').first().locator('td').allTextContents();
    expect(required[1]).toBe(String(api.agents));
    expect(await table.locator('thead th').count()).toBe(3);
    await screenshot(p, 'staffing');
    await expectAccessible(p);
    await p.context().close();
  }, 180_000);

  it('is usable on a tablet', async () => {
    const p = await page(`/contracts/${server.contract}/versions`, DEMO_USER, 'tablet');
    const headings: Record<string, RegExp> = {
      versions: /^Contract: /,
      closing: /^Period close and disputes: /,
      staffing: /^Staffing what-if$/,
      live: /^Live: /,
    };
    for (const [path, heading] of Object.entries(headings)) {
      await p.goto(`${server.url}/contracts/${server.contract}/${path}`);
      await p.getByRole('heading', { level: 1, name: heading }).waitFor();
      await p.locator('.loading').first().waitFor({ state: 'detached', timeout: 60_000 });
      const overflow = await p.evaluate('document.documentElement.scrollWidth > window.innerWidth');
      expect(overflow, path).toBe(false);
    }
    await screenshot(p, 'contract-versions-tablet');
    await p.context().close();
  }, 180_000);

  it('shows the running period’s outlook: what is at risk and what must still happen', async () => {
    const p = await page(`/contracts/${server.contract}/live`);
    const heading = p.getByRole('heading', { name: `Live: ${server.contract}` });
    await heading.waitFor();
    const running = await p.getByText(/^Running period /).textContent();
    const period = running!.replace('Running period ', '');
    await p.getByRole('heading', { name: 'At risk' }).waitFor({ timeout: 60_000 });
    const doc = (await apiAs(server, `/api/v1/contracts/${server.contract}/evaluations/${period}`)) as {
      provisional: boolean;
      metrics: { id: string; split: unknown; outlook?: { attainable: boolean } | null }[];
    };
    expect(doc.provisional).toBe(true);
    const pooled = doc.metrics.filter((r) => r.split === null);
    const risky = pooled.filter((r) => r.outlook != null && !r.outlook.attainable);
    const onTrack = pooled.filter((r) => r.outlook?.attainable === true);
    const atRisk = p.locator('section[aria-labelledby="at-risk"]');
    if (risky.length === 0) await atRisk.getByText('Nothing is at risk.').waitFor();
    else expect(await atRisk.locator('tbody tr').count()).toBe(risky.length);
    const track = p.locator('section[aria-labelledby="on-track"]');
    expect(await track.locator('tbody tr').count()).toBe(onTrack.length);
    if (onTrack.length > 0)
      expect(await track.textContent()).toMatch(/contacts still expected must meet it|may fail it/);
    await screenshot(p, 'live');
    await expectAccessible(p);
    await p.context().close();
    expect(errors).toEqual([]);
  });
});
