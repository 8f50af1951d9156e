/**
 * Intercom's REST API as documented: conversations changed since a time, through the search endpoint
 * (`POST /conversations/search`, `updated_at` > since, oldest first, pages named by
 * `pages.next.starting_after`), each with its `statistics` and `conversation_rating`. Credentials:
 * `ACCORD_INTERCOM_TOKEN` (an access token), `ACCORD_INTERCOM_URL` for a regional host (default
 * https://api.intercom.io; https://api.eu.intercom.io, https://api.au.intercom.io).
 */
import { type Endpoint, epochSeconds, itemsOf, type SystemAccess } from './endpoint.js';
import type { PullRequest } from './http.js';
import { latestTime, requireEnv, trimBase } from './systems-env.js';

const VERSION = '2.11';
const PER_PAGE = 150;

export function intercomAccess(env: NodeJS.ProcessEnv): SystemAccess {
  const baseUrl = trimBase(env.ACCORD_INTERCOM_URL?.trim() || 'https://api.intercom.io');
  const token = requireEnv(env, 'ACCORD_INTERCOM_TOKEN', 'an access token from the Developer Hub');
  return {
    baseUrl,
    headers: async () => ({ authorization: `Bearer ${token}`, 'intercom-version': VERSION }),
  };
}

interface SearchBody {
  readonly query: { readonly field: 'updated_at'; readonly operator: '>'; readonly value: number };
  readonly pagination: { readonly per_page: number; readonly starting_after?: string };
  readonly sort: { readonly field: 'updated_at'; readonly order: 'ascending' };
}

export function intercomEndpoints(baseUrl: string): Endpoint[] {
  const search = (afterSeconds: number, startingAfter?: string): PullRequest => {
    const body: SearchBody = {
      query: { field: 'updated_at', operator: '>', value: afterSeconds },
      pagination: {
        per_page: PER_PAGE,
        ...(startingAfter === undefined ? {} : { starting_after: startingAfter }),
      },
      sort: { field: 'updated_at', order: 'ascending' },
    };
    return { url: `${baseUrl}/conversations/search`, method: 'POST', body };
  };
  return [
    {
      name: 'conversations',
      // `>` is strict: one second earlier, so that a conversation changed in the very second is not missed.
      first: (since) => search(epochSeconds(since) - 1),
      step(res, req) {
        const items = itemsOf(res, 'conversations', req.url);
        const pages = ((res.json as Record<string, unknown>).pages ?? {}) as Record<string, unknown>;
        const next = (pages.next ?? null) as { starting_after?: unknown } | null;
        const after = (req.body as SearchBody).query.value;
        if (next !== null && typeof next.starting_after === 'string')
          return { next: search(after, next.starting_after), more: true };
        const newest = latestTime(items, ['updated_at']);
        return { next: newest === undefined ? search(after) : search(epochSeconds(newest) - 1), more: false };
      },
    },
  ];
}
