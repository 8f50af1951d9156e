/**
 * How a pull connector walks one endpoint of a system's API: the first request from a start time, and from
 * each answer the next request. The cursor stored between runs IS the next request (URL and body), so a
 * sync resumes exactly where its last committed page left it, and at the end of the stream it is the
 * request that asks for what changed since.
 */
import { PullError, type PullRequest, type PullResponse, urlForMessages } from './http.js';

export interface Step {
  /** The request to make next, now or on the next run. */
  readonly next: PullRequest;
  /** false: caught up; `next` is where the next run starts. */
  readonly more: boolean;
}

export interface Endpoint {
  /** The endpoint's name in cursors, messages and docs (`incremental_tickets`). */
  readonly name: string;
  /** The first request of a sync that has no cursor yet: everything changed since `since` (epoch ms). */
  first(since: number): PullRequest;
  /** From an answer, the next request. */
  step(res: PullResponse, req: PullRequest): Step;
}

/** How a system is reached: its base URL and credentials, from the environment. */
export interface SystemAccess {
  readonly baseUrl: string;
  /** The authentication headers, obtained (and refreshed) as the system requires. */
  headers(): Promise<Record<string, string>>;
}

/** A cursor as stored: the next request, serialised. */
export function cursorText(req: PullRequest): string {
  return JSON.stringify({ url: req.url, method: req.method ?? 'GET', body: req.body ?? null });
}

export function cursorRequest(text: string): PullRequest {
  const c = JSON.parse(text) as { url: string; method: 'GET' | 'POST'; body: unknown };
  return { url: c.url, method: c.method, ...(c.body === null ? {} : { body: c.body }) };
}

/**
 * A next-page URL that an answer names must stay on the system's own origin: the credentials go with it,
 * and a page is not allowed to send them elsewhere.
 */
export function sameOrigin(next: string, baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(next, baseUrl);
  } catch {
    throw new PullError(`the answer names a next page that is not a URL`, urlForMessages(baseUrl), null);
  }
  if (u.origin !== new URL(baseUrl).origin)
    throw new PullError(
      `the answer names a next page on another host (${u.origin}); not followed`,
      urlForMessages(baseUrl),
      null,
    );
  return u.toString();
}

/** The named array of an answer, or a PullError naming what the answer holds instead. */
export function itemsOf(res: PullResponse, key: string, url: string): readonly unknown[] {
  const json = res.json;
  const items = key === '' ? json : (json as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(items))
    throw new PullError(`the answer has no "${key || 'array'}" list`, urlForMessages(url), res.status);
  return items;
}

export const epochSeconds = (ms: number) => Math.floor(ms / 1000);
