/**
 * Issue 16, "Done when": in headless Chromium over a real `accord serve` of the demo, the overview and the
 * period page show the API's figures for the demo's last full month (compared with the API's JSON), the
 * drill-down leads to a breached contact and disputes it, the pages switch to Dutch and German (`?lang=`,
 * the page's lang attribute, numbers per locale), and axe-core finds no serious violation on any of them.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  axeViolations,
  type Browser,
  browserMissing,
  type DemoServer,
  openBrowser,
  screenshot,
  signIn,
  startDemoServer,
  viewportShot,
} from './support.js';

const missing = browserMissing();
if (missing !== undefined) console.warn(missing);

interface Row {
  id: string;
  split: Record<string, string> | null;
  value: number | null;
  breaches?: string[];
}
interface Doc {
  metrics: Row[];
  verdicts: Record<string, string>;
  statement: { payable: string; credits: string } | null;
}

/** `114240.00` as the English page writes it: `114,240.00`. */
const english = (amount: string) =>
  Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function noSeriousViolations(page: Page, where: string): Promise<void> {
  const v = await axeViolations(page);
  expect(
    v.map((x) => `${x.id} (${x.impact}): ${x.help} at ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    where,
  ).toEqual([]);
}

describe.skipIf(missing !== undefined)('the dashboard over the demo', { timeout: 120_000 }, () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await openBrowser();
    page = await browser.page();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the overview: a tile per metric of the running period and the last periods', async () => {
    await signIn(page, server, `/contracts/${server.contract}`);
    await page.locator('.tile').first().waitFor({ timeout: 60_000 });
    const trend = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/trend?from=${server.month}&to=${server.month}`,
    )) as {
      periods: Doc[];
    };
    const ids = new Set(trend.periods[0]!.metrics.map((r) => r.id));
    expect(await page.locator('.tile').count()).toBe(ids.size);
    await page
      .getByRole('link', {
        name: /November|December|January|February|March|April|May|June|July|August|September|October/,
      })
      .first()
      .waitFor();
    await screenshot(page, 'overview');
    await viewportShot(page, 'overview');
    await noSeriousViolations(page, 'overview');
  });

  it("shows the API's figures for the demo's last full month on the period page", async () => {
    const doc = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/evaluations/${server.month}`,
    )) as Doc;
    await page.goto(`${server.url}/contracts/${server.contract}/periods/${server.month}`);
    await page.locator('table.metrics').waitFor({ timeout: 60_000 });
    for (const id of Object.keys(doc.verdicts)) {
      const head =
        doc.metrics.find((r) => r.id === id && r.split === null) ?? doc.metrics.find((r) => r.id === id)!;
      const row = page.locator(`tr.metric-head[data-metric="${id}"]`);
      expect(await row.locator('td.value').getAttribute('data-value'), id).toBe(String(head.value ?? ''));
      const badge = (await row.locator('.badge').textContent()) ?? '';
      expect(badge, id).toContain(
        doc.verdicts[id] === 'met' ? 'Met' : doc.verdicts[id] === 'missed' ? 'Missed' : 'Not judged',
      );
      const splits = doc.metrics.filter((r) => r.id === id && r.split !== null).length;
      expect(await page.locator(`tr.metric-split[data-metric="${id}"]`).count(), id).toBe(splits);
    }
    // Service level per interval of the day: the intervals add up to the metric's pooled figures.
    await page
      .locator('section[aria-labelledby="intervals-title"]')
      .getByRole('button', { name: 'Show the chart' })
      .click();
    await page.locator('section[aria-labelledby="intervals-title"] figure').waitFor({ timeout: 60_000 });
    const slRow = doc.metrics.find((r) => r.id === 'phone-service-level' && r.split === null) as Row & {
      numerator: number;
      denominator: number;
    };
    const intervals = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/evaluations/${server.month}/intervals/phone-service-level`,
    )) as { intervals: { numerator: number; denominator: number }[] };
    const total = (k: 'numerator' | 'denominator') => intervals.intervals.reduce((s, i) => s + i[k], 0);
    expect([total('numerator'), total('denominator')]).toEqual([slRow.numerator, slRow.denominator]);
    // CSAT answers by score: as many as the metric counts.
    await page
      .locator('section[aria-labelledby="scores-title"]')
      .getByRole('button', { name: 'Show the chart' })
      .click();
    await page.locator('section[aria-labelledby="scores-title"] figure').waitFor({ timeout: 60_000 });
    const csat = doc.metrics.find((r) => r.id === 'csat' && r.split === null) as Row & {
      denominator: number;
    };
    const scores = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/evaluations/${server.month}/distribution/csat`,
    )) as { scores: { count: number }[] };
    expect(scores.scores.reduce((s, x) => s + x.count, 0)).toBe(csat.denominator);
    const statement = page.locator('.statement').first();
    expect(await statement.textContent()).toContain(english(doc.statement!.payable));
    expect(await statement.textContent()).toContain(english(doc.statement!.credits));
    await screenshot(page, 'period');
    await viewportShot(page, 'period');
    await noSeriousViolations(page, 'period');
  });

  it('drills down from a missed metric to the contacts behind it and disputes one', async () => {
    const doc = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/evaluations/${server.month}`,
    )) as Doc;
    const missed = Object.keys(doc.verdicts).find((id) => {
      if (doc.verdicts[id] !== 'missed') return false;
      return true;
    });
    expect(missed, 'the demo month misses a metric').toBeDefined();
    await page.locator(`tr.metric-head[data-metric="${missed}"] th a`).click();
    await page.locator('table.contacts').waitFor({ timeout: 60_000 });
    const breaches = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/evaluations/${server.month}/breaches/${missed}`,
    )) as { rows: Row[] };
    const first = (await page.locator('table.contacts tbody th code').first().textContent()) ?? '';
    const all = breaches.rows.flatMap((r) => r.breaches ?? []);
    expect(all).toContain(first);
    // The contacts are paged by the API (offset/limit over the kept list): in descending order the first
    // shown is the last of the selected row's whole list.
    const selected = await page
      .locator('section[aria-labelledby="rows-title"] tbody tr')
      .evaluateAll((trs) => trs.findIndex((tr) => tr.getAttribute('aria-current') === 'true'));
    const whole = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/evaluations/${server.month}/breaches/${missed}?limit=10000`,
    )) as { rows: { breaches: string[]; breachCount: number }[] };
    const ids = whole.rows[selected]!.breaches;
    expect(whole.rows[selected]!.breachCount).toBe(ids.length);
    await page.getByRole('combobox', { name: /Sort/ }).selectOption('desc');
    await page
      .locator('table.contacts tbody th code')
      .first()
      .filter({ hasText: ids[ids.length - 1]! })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('combobox', { name: /Sort/ }).selectOption('asc');
    await page.locator('table.contacts tbody th code').first().filter({ hasText: first }).waitFor();
    // Why it counts: the contact's reading on the metric's clock, as the API gives it.
    const timeline = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/contacts/${first}?metric=${missed}`,
    )) as { reading: { within: boolean | null } | null };
    const why = page.locator(`tr[data-contact="${first}"] td.why`);
    await why.filter({ hasNotText: '…' }).waitFor();
    if (timeline.reading !== null) {
      expect(timeline.reading.within).not.toBe(true);
      expect(await why.textContent()).toMatch(/over the threshold|still open|does not count/);
    }
    await page.getByRole('button', { name: `Timeline ${first}` }).click();
    await page.locator('.timeline').waitFor();
    await screenshot(page, 'drill-down');
    await viewportShot(page, 'drill-down');
    await noSeriousViolations(page, 'drill-down');

    await page.getByRole('button', { name: `Dispute ${first}` }).click();
    const form = page.getByRole('form', { name: `Dispute contact ${first}` });
    await form.getByLabel('Reason').selectOption('test');
    await form.getByLabel('Note (optional)').fill('a test call of the partner');
    await form.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('status').filter({ hasText: first }).waitFor();
    const disputes = (await apiAs(server, `/api/v1/contracts/${server.contract}/disputes`)) as {
      disputes: { contact: string; reason: string; status: string }[];
    };
    expect(disputes.disputes).toContainEqual(
      expect.objectContaining({ contact: first, reason: 'test', status: 'proposed' }),
    );
  });

  it('switches to Dutch and German with ?lang=, sets the lang attribute and formats numbers per locale', async () => {
    const doc = (await apiAs(
      server,
      `/api/v1/contracts/${server.contract}/evaluations/${server.month}`,
    )) as Doc;
    for (const [lang, heading] of [
      ['nl', 'Resultaten over'],
      ['de', 'Ergebnisse für'],
    ] as const) {
      await page.goto(`${server.url}/contracts/${server.contract}/periods/${server.month}?lang=${lang}`);
      await page.locator('table.metrics').waitFor({ timeout: 60_000 });
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('h1').textContent()).toContain(heading);
      // Dutch and German write 114.240,00.
      const payable = english(doc.statement!.payable)
        .replaceAll(',', '_')
        .replace('.', ',')
        .replaceAll('_', '.');
      expect(await page.locator('.statement').first().textContent()).toContain(payable);
      await screenshot(page, `period-${lang}`);
      await viewportShot(page, `period-${lang}`);
      await noSeriousViolations(page, `period ${lang}`);
    }
    // Remembered for the user: a fresh sign-in in another browser opens in German.
    const other = await browser.page();
    await other.goto(`${server.url}/`);
    await other.getByLabel('E-mail address').waitFor();
    await other.getByLabel('E-mail address').fill('vera@acme.example');
    await other.getByLabel('Password').fill('a long enough password');
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('button', { name: 'Abmelden' }).waitFor();
    expect(await other.getAttribute('html', 'lang')).toBe('de');
    await other.context().close();
  });

  it('is usable on a tablet', async () => {
    const tablet = await browser.page('tablet');
    await signIn(tablet, server, `/contracts/${server.contract}/periods/${server.month}`);
    await tablet.locator('table.metrics').waitFor({ timeout: 60_000 });
    await screenshot(tablet, 'period-tablet');
    const overflow = await tablet.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);
    await tablet.context().close();
  });
});
