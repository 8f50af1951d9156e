/**
 * The dashboard's browser tests: the app built from `web/` as it is now (into this run's own build, beside
 * the `accord` binary the run compiled, where `accord serve` looks for it), a real `accord serve` over a
 * demo store, and Debian's Chromium driven through src/browser/chromium.ts. Screenshots go to
 * test/artifacts/ (git-ignored). Under CI=true a missing Chromium fails; elsewhere the tests skip, saying so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumPath, type HeadlessChromium, launchChromium } from '../../src/browser/chromium.js';
import { BIN, runCli, tempFiles } from '../support/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test/artifacts');

/** The demo's user, created through the one-time set-up token the server prints. */
export const DEMO_USER = { email: 'vera@acme.example', password: 'a long enough password', name: 'Vera' };

/** Why the browser tests cannot run here, or undefined when they can. Under CI=true: never a reason. */
export function browserMissing(): string | undefined {
  if (chromiumPath() !== undefined) return undefined;
  if (process.env.CI === 'true') throw new Error('CI=true and no Chromium: the dashboard tests must run');
  return 'no Chromium on this machine (apt-get install chromium, or ACCORD_CHROMIUM): dashboard tests skipped';
}

/**
 * Builds the dashboard once per test run into `<build>/dist/web` (`accord serve` of the run's binary serves
 * `../web` of its `dist/`); test files in parallel wait for the first one's build.
 */
export function buildWeb(): string {
  const out = join(dirname(BIN), '../dist/web');
  const lock = `${out}.lock`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (existsSync(join(out, 'index.html')) && !existsSync(lock)) return out;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building it; a lock older than the deadline is from a run that died.
      if (Date.now() > deadline) throw new Error(`the dashboard build at ${out} never finished`);
      if (Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      spawnSync('sleep', ['0.5']);
    }
  }
  try {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'web', '--outDir', out, '--logLevel', 'error'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`the dashboard build failed:\n${r.stdout}${r.stderr}`);
    return out;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface DemoServer {
  readonly url: string;
  readonly dir: string;
  readonly storeUrl: string;
  /** The contract of the demo. */
  readonly contract: string;
  /** The demo's last full month (`2026-11`): ended, with data. */
  readonly month: string;
  /** The one-time set-up token the server printed (already used unless `setUp: false`). */
  readonly setupToken: string;
  /** What the server wrote on stderr. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A demo store (3 months of synthetic data up to the running month, the demo contract in force) and
 * `accord serve` over it on a free port, with the first client-admin set up as the server says.
 */
export async function startDemoServer(
  options: { contactsPerMonth?: number; setUp?: boolean } = {},
): Promise<DemoServer> {
  buildWeb();
  const dir = tempFiles({});
  const storeUrl = `sqlite:${join(dir, 'accord.db')}`;
  const now = new Date();
  const month = (back: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
  const demo = await runCli([
    'demo',
    '--months',
    '3',
    '--start',
    month(2),
    '--contacts-per-month',
    String(options.contactsPerMonth ?? 6000),
    '--out',
    join(dir, 'files'),
    '--db',
    storeUrl,
  ]);
  if (demo.code !== 0) throw new Error(`accord demo failed:\n${demo.stderr}`);
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', storeUrl], {
    cwd: dir,
    env: { ...process.env, ACCORD_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const { url, setupToken } = await listening(child);
  if (options.setUp !== false) {
    const setup = await fetch(`${url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: setupToken, organisation: 'ACME B.V.', ...DEMO_USER }),
    });
    if (setup.status !== 201) throw new Error(`set-up failed: ${setup.status} ${await setup.text()}`);
  }
  return {
    url,
    dir,
    storeUrl,
    contract: 'acme-customer-service',
    month: month(1),
    setupToken,
    output: () => stderr,
    stop: () => stopChild(child),
  };
}

function listening(child: ChildProcess): Promise<{ url: string; setupToken: string }> {
  return new Promise((done, fail) => {
    let err = '';
    const timer = setTimeout(() => fail(new Error(`accord serve did not start:\n${err}`)), 60_000);
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const url = /listening on (http:\/\/\S+)/.exec(err)?.[1];
      const token = /set-up token:\n\s+(\S+)/.exec(err)?.[1];
      if (url !== undefined && token !== undefined && err.includes('the dashboard is at')) {
        clearTimeout(timer);
        done({ url, setupToken: token });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`accord serve exited ${code}:\n${err}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** A JSON answer of the API as the signed-in demo user (for comparing a page with the API). */
export async function apiAs(server: DemoServer, path: string): Promise<unknown> {
  const login = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

export interface Browser {
  readonly chromium: HeadlessChromium;
  /** A fresh page (own cookies) at a laptop (1366×900) or tablet (820×1180) viewport. */
  page(viewport?: 'laptop' | 'tablet'): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const chromium = await launchChromium();
  return {
    chromium,
    async page(viewport = 'laptop') {
      const size = viewport === 'laptop' ? { width: 1366, height: 900 } : { width: 820, height: 1180 };
      const context = await chromium.browser.newContext({ viewport: size, locale: 'en-GB' });
      return context.newPage();
    },
    close: () => chromium.close(),
  };
}

/** Signs in through the form, as a person would, on `path`. */
export async function signIn(page: Page, server: DemoServer, path = '/'): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.getByLabel(/e-mail/i).fill(DEMO_USER.email);
  await page.getByLabel(/password/i).fill(DEMO_USER.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  // The page then speaks the user's remembered language: wait for the frame, not for a word.
  await page.locator('header.topbar').waitFor({ timeout: 60_000 });
}

/** A full-page screenshot in test/artifacts/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The visible part of the page only (smaller), for docs/images: test/artifacts/docs-NAME.png. */
export async function viewportShot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `docs-${name}.png`);
  await page.screenshot({ path });
  return path;
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(AXE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return r.violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
