/**
 * Issue 16: signing in with the labelled form over a real `accord serve` (session cookie, CSRF token from
 * the session route), the app's files with their cache headers and the security headers, signing out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  type Browser,
  browserMissing,
  DEMO_USER,
  type DemoServer,
  openBrowser,
  screenshot,
  signIn,
  startDemoServer,
} from './support.js';

const missing = browserMissing();
if (missing !== undefined) console.warn(missing);

describe.skipIf(missing !== undefined)('sign-in', { timeout: 120_000 }, () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startDemoServer({ setUp: false });
    browser = await openBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves the app at / and the bookmarked addresses, never over the API, with cache and security headers', async () => {
    const page = await fetch(`${server.url}/contracts/${server.contract}/periods/${server.month}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset, html).toBeDefined();
    const js = await fetch(`${server.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toContain('javascript');
    const api = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const traversal = await fetch(`${server.url}/assets/..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(404);
  });

  it('tells how to set up and sign in, and sets up the first administrator in the browser', async () => {
    // What `npm start` ends with (accord serve's last lines).
    const out = server.output();
    expect(out).toContain(`open ${server.url}/setup, paste the token`);
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      `accord serve: the dashboard is at ${server.url}/ — sign in with your e-mail address and password once set up`,
    );
    const page = await browser.page();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /set up the first administrator/i }).click();
    await page.getByLabel('Set-up token').fill(server.setupToken);
    await page.getByLabel('Organisation').fill('ACME B.V.');
    await page.getByLabel('Your name').fill(DEMO_USER.name);
    await page.getByLabel('E-mail address').fill(DEMO_USER.email);
    await page.getByLabel(/^Password/).fill(DEMO_USER.password);
    await screenshot(page, 'setup');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('link', { name: server.contract }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail address').waitFor();
    await page.context().close();
  });

  it('signs in with the labelled fields, refuses a wrong password, and signs out', async () => {
    const page = await browser.page();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/`);
    await page.getByLabel('E-mail address').fill(DEMO_USER.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not right');
    await screenshot(page, 'sign-in');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Password').fill(DEMO_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('link', { name: server.contract }).waitFor();
    await screenshot(page, 'contracts');
    expect(await axeViolations(page)).toEqual([]);

    // The session survives a reload (the cookie), and sign-out ends it.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail address').waitFor();
    await page.reload();
    await page.getByLabel('E-mail address').waitFor();
    // The first look at the session, before signing in, is a 401 by design.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('is usable on a tablet', async () => {
    const page = await browser.page('tablet');
    await signIn(page, server);
    await page.getByRole('link', { name: server.contract }).waitFor();
    // Keyboard first: the first Tab reaches the skip link, which moves the focus to the page's content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    const overflow = await page.evaluate('document.documentElement.scrollWidth > window.innerWidth');
    expect(overflow).toBe(false);
    await page.context().close();
  });
});
