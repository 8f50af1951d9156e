/** What the pull systems share: their settings from the environment, and the newest time in a page. */
import { PullError } from './http.js';

/** A setting the sync cannot go without, with an example in the message when it is missing. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string, example: string): string {
  const v = env[name];
  if (v === undefined || v.trim() === '')
    throw new PullError(`${name} is not set (e.g. ${name}=${example})`, name, null);
  return v.trim();
}

export function trimBase(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PullError(`"${url}" is not a URL`, url, null);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new PullError(`"${url}" is not an http(s) URL`, url, null);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** The newest of the named time fields over a page's items (ISO text or epoch seconds), epoch ms. */
export function latestTime(items: readonly unknown[], fields: readonly string[]): number | undefined {
  let newest: number | undefined;
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    for (const f of fields) {
      const v = (item as Record<string, unknown>)[f];
      const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : Number.NaN;
      if (!Number.isNaN(ms) && (newest === undefined || ms > newest)) newest = ms;
      if (!Number.isNaN(ms)) break;
    }
  }
  return newest;
}
