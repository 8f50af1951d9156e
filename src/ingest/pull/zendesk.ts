/**
 * Zendesk Support's incremental exports, as its API reference documents them: tickets with metric sets
 * (cursor-based: `after_url`, `end_of_stream`), ticket events with their `child_events` (time-based:
 * `next_page`, `end_time`, `end_of_stream`), ticket metric events (time-based: `next_page`, `end_time`,
 * `count`) and satisfaction ratings (cursor pagination: `meta.has_more`, `links.next`). Credentials:
 * `ACCORD_ZENDESK_URL` (https://acme.zendesk.com) with `ACCORD_ZENDESK_EMAIL` + `ACCORD_ZENDESK_TOKEN`
 * (an API token) or `ACCORD_ZENDESK_OAUTH_TOKEN`.
 */
import { type Endpoint, epochSeconds, itemsOf, type SystemAccess, sameOrigin } from './endpoint.js';
import type { PullRequest, PullResponse } from './http.js';
import { latestTime, requireEnv, trimBase } from './systems-env.js';

type Json = Record<string, unknown>;

/** The ticket export's side-loads: first reply from the metric sets, language from the users, queue names from the groups. */
const INCLUDE = 'metric_sets,users,groups';

export function zendeskAccess(env: NodeJS.ProcessEnv): SystemAccess {
  const baseUrl = trimBase(requireEnv(env, 'ACCORD_ZENDESK_URL', 'https://acme.zendesk.com'));
  const oauth = env.ACCORD_ZENDESK_OAUTH_TOKEN;
  if (oauth) return { baseUrl, headers: async () => ({ authorization: `Bearer ${oauth}` }) };
  const email = requireEnv(env, 'ACCORD_ZENDESK_EMAIL', 'agent@acme.example');
  const token = requireEnv(env, 'ACCORD_ZENDESK_TOKEN', 'the API token from Admin Center');
  const basic = Buffer.from(`${email}/token:${token}`).toString('base64');
  return { baseUrl, headers: async () => ({ authorization: `Basic ${basic}` }) };
}

/** A time-based export: `next_page` while `end_of_stream` is false, then `start_time=end_time` next run. */
function timeBased(baseUrl: string, name: string, path: string, key: string): Endpoint {
  const at = (start: number): PullRequest => ({ url: `${baseUrl}${path}?start_time=${start}` });
  return {
    name,
    first: (since) => at(epochSeconds(since)),
    step(res: PullResponse, req: PullRequest) {
      const items = itemsOf(res, key, req.url);
      const json = res.json as Json;
      const endTime = typeof json.end_time === 'number' ? json.end_time : undefined;
      const nextPage = typeof json.next_page === 'string' ? json.next_page : undefined;
      const ended = json.end_of_stream === true || items.length === 0 || nextPage === undefined;
      if (ended) return { next: endTime === undefined ? req : at(endTime), more: false };
      return { next: { url: sameOrigin(nextPage, baseUrl) }, more: true };
    },
  };
}

export function zendeskEndpoints(baseUrl: string): Endpoint[] {
  const tickets: Endpoint = {
    name: 'incremental_tickets',
    first: (since) => ({
      url: `${baseUrl}/api/v2/incremental/tickets/cursor.json?start_time=${epochSeconds(since)}&include=${INCLUDE}`,
    }),
    step(res, req) {
      itemsOf(res, 'tickets', req.url);
      const json = res.json as Json;
      const afterUrl = typeof json.after_url === 'string' ? json.after_url : undefined;
      const afterCursor = typeof json.after_cursor === 'string' ? json.after_cursor : undefined;
      const next =
        afterUrl !== undefined
          ? { url: sameOrigin(afterUrl, baseUrl) }
          : afterCursor !== undefined
            ? {
                url: `${baseUrl}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(afterCursor)}&include=${INCLUDE}`,
              }
            : req;
      return { next, more: json.end_of_stream !== true && next !== req };
    },
  };
  const ratings: Endpoint = {
    name: 'satisfaction_ratings',
    first: (since) => ({
      url: `${baseUrl}/api/v2/satisfaction_ratings?start_time=${epochSeconds(since)}&page[size]=100`,
    }),
    step(res, req) {
      const items = itemsOf(res, 'satisfaction_ratings', req.url);
      const json = res.json as Json;
      const meta = (json.meta ?? {}) as Json;
      const links = (json.links ?? {}) as Json;
      if (meta.has_more === true && typeof links.next === 'string')
        return { next: { url: sameOrigin(links.next, baseUrl) }, more: true };
      // Offset pagination, which the endpoint also answers: `next_page` until it is null.
      if (typeof json.next_page === 'string' && items.length > 0)
        return { next: { url: sameOrigin(json.next_page, baseUrl) }, more: true };
      // Caught up: the next run asks from the newest rating seen (again: a re-read changes nothing).
      const newest = latestTime(items, ['updated_at', 'created_at']);
      return { next: newest === undefined ? req : ratings.first(newest), more: false };
    },
  };
  return [
    tickets,
    timeBased(baseUrl, 'ticket_events', '/api/v2/incremental/ticket_events.json', 'ticket_events'),
    timeBased(
      baseUrl,
      'ticket_metric_events',
      '/api/v2/incremental/ticket_metric_events.json',
      'ticket_metric_events',
    ),
    ratings,
  ];
}
