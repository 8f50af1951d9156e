/**
 * The one place that starts a headless Chromium: PDF reports print through it, and the dashboard's browser
 * tests drive it. playwright-core's own browser download does not work on these machines, so it drives
 * Debian's `chromium` (`.ci/run` installs it when missing), or the binary `ACCORD_CHROMIUM` names.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium binary to drive, or undefined when this machine has none. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.ACCORD_CHROMIUM;
  if (named) return existsSync(named) ? named : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this machine's
// closed network refuses many at a time; --no-sandbox because CI runs as root.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface HeadlessChromium {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** A headless Chromium; playwright gives it a fresh, private profile and removes it on close. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<HeadlessChromium> {
  const executablePath = chromiumPath(env);
  if (executablePath === undefined) {
    throw new Error(
      'no Chromium found: install Debian\'s "chromium" package (apt-get install chromium) or set ACCORD_CHROMIUM',
    );
  }
  // Loaded on first use: playwright-core takes about a second to import, which every CLI command would pay.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: FLAGS });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
