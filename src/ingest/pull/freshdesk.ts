/**
 * Freshdesk's API v2 as documented: tickets changed since a time, with their `stats`, oldest first
 * (`updated_since`, `include=stats`, `order_by=updated_at`, `order_type=asc`, pages of 100 named by the
 * `Link: <…>; rel="next"` header), and satisfaction ratings (`created_since`). Freshdesk stops paging at
 * page 300, so a long backlog is walked in slices: the next slice starts at the last ticket's
 * `updated_at`. Credentials: `ACCORD_FRESHDESK_URL` (https://acme.freshdesk.com) and
 * `ACCORD_FRESHDESK_API_KEY`.
 */
import { type Endpoint, itemsOf, type SystemAccess, sameOrigin } from './endpoint.js';
import type { PullRequest, PullResponse } from './http.js';
import { latestTime, requireEnv, trimBase } from './systems-env.js';

const LAST_PAGE = 300;

export function freshdeskAccess(env: NodeJS.ProcessEnv): SystemAccess {
  const baseUrl = trimBase(requireEnv(env, 'ACCORD_FRESHDESK_URL', 'https://acme.freshdesk.com'));
  const key = requireEnv(env, 'ACCORD_FRESHDESK_API_KEY', 'the API key from your profile settings');
  const basic = Buffer.from(`${key}:X`).toString('base64');
  return { baseUrl, headers: async () => ({ authorization: `Basic ${basic}` }) };
}

/** The `rel="next"` target of a Link header (RFC 8288), or undefined. */
export function nextLink(headers: Headers): string | undefined {
  const link = headers.get('link');
  if (link === null) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (m) return m[1];
  }
  return undefined;
}

function pageOf(url: string): number {
  return Number(new URL(url).searchParams.get('page') ?? '1');
}

function sliced(
  baseUrl: string,
  name: string,
  listPath: (sinceIso: string) => string,
  timeFields: readonly string[],
): Endpoint {
  const first = (since: number): PullRequest => ({
    url: `${baseUrl}${listPath(new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z'))}`,
  });
  return {
    name,
    first,
    step(res: PullResponse, req: PullRequest) {
      const items = itemsOf(res, '', req.url);
      const next = nextLink(res.headers);
      const newest = latestTime(items, timeFields);
      if (next !== undefined && pageOf(next) <= LAST_PAGE)
        return { next: { url: sameOrigin(next, baseUrl) }, more: true };
      if (next !== undefined && newest !== undefined) return { next: first(newest), more: true };
      return { next: newest === undefined ? req : first(newest), more: false };
    },
  };
}

export function freshdeskEndpoints(baseUrl: string): Endpoint[] {
  return [
    sliced(
      baseUrl,
      'tickets',
      (since) =>
        `/api/v2/tickets?updated_since=${since}&include=stats&order_by=updated_at&order_type=asc&per_page=100&page=1`,
      ['updated_at'],
    ),
    sliced(
      baseUrl,
      'satisfaction_ratings',
      (since) => `/api/v2/surveys/satisfaction_ratings?created_since=${since}&per_page=100&page=1`,
      ['updated_at', 'created_at'],
    ),
  ];
}
