/**
 * Genesys Cloud's analytics conversation details as documented: `POST
 * /api/v2/analytics/conversations/details/query` over an interval, oldest first, in numbered pages, with an
 * OAuth client-credentials token from the region's login host. The sync walks the past in windows of at
 * most 7 days; conversations go on changing until they end, so each run reads the last day again (a
 * re-read changes nothing that did not change). Credentials: `ACCORD_GENESYS_REGION` (mypurecloud.de) or
 * `ACCORD_GENESYS_URL` + `ACCORD_GENESYS_LOGIN_URL`, and `ACCORD_GENESYS_CLIENT_ID` +
 * `ACCORD_GENESYS_CLIENT_SECRET`.
 */
import { type Endpoint, itemsOf, type SystemAccess } from './endpoint.js';
import { type PullDeps, PullError, pullJson, realPullDeps } from './http.js';
import { requireEnv, trimBase } from './systems-env.js';

const DAY = 86_400_000;
const WINDOW = 7 * DAY;
const PAGE_SIZE = 100;

export function genesysAccess(env: NodeJS.ProcessEnv, deps: PullDeps = realPullDeps): SystemAccess {
  const region = env.ACCORD_GENESYS_REGION?.trim();
  const baseUrl = trimBase(
    env.ACCORD_GENESYS_URL?.trim() ||
      (region ? `https://api.${region}` : requireEnv(env, 'ACCORD_GENESYS_REGION', 'mypurecloud.de')),
  );
  const loginUrl = trimBase(env.ACCORD_GENESYS_LOGIN_URL?.trim() || `https://login.${region ?? ''}`);
  const id = requireEnv(env, 'ACCORD_GENESYS_CLIENT_ID', 'an OAuth client (client credentials grant)');
  const secret = requireEnv(env, 'ACCORD_GENESYS_CLIENT_SECRET', "that OAuth client's secret");
  let token: { value: string; until: number } | undefined;
  return {
    baseUrl,
    async headers() {
      if (token === undefined || token.until <= deps.now()) {
        const res = await pullJson(
          {
            url: `${loginUrl}/oauth/token`,
            method: 'POST',
            headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
            body: { grant_type: 'client_credentials' },
          },
          deps,
        );
        const json = res.json as { access_token?: unknown; expires_in?: unknown };
        if (typeof json.access_token !== 'string')
          throw new PullError('the login answer has no access_token', `${loginUrl}/oauth/token`, res.status);
        const seconds = typeof json.expires_in === 'number' ? json.expires_in : 3600;
        // Renewed a minute early, so that no request goes out with a token about to lapse.
        token = { value: json.access_token, until: deps.now() + Math.max(0, seconds - 60) * 1000 };
      }
      return { authorization: `Bearer ${token.value}` };
    },
  };
}

interface QueryBody {
  readonly interval: string;
  readonly order: 'asc';
  readonly orderBy: 'conversationStart';
  readonly paging: { readonly pageSize: number; readonly pageNumber: number };
}

export function genesysEndpoints(baseUrl: string, now: () => number): Endpoint[] {
  const url = `${baseUrl}/api/v2/analytics/conversations/details/query`;
  const query = (from: number, pageNumber: number) => {
    const to = Math.min(from + WINDOW, now());
    const body: QueryBody = {
      interval: `${new Date(from).toISOString()}/${new Date(Math.max(to, from + 1000)).toISOString()}`,
      order: 'asc',
      orderBy: 'conversationStart',
      paging: { pageSize: PAGE_SIZE, pageNumber },
    };
    return { url, method: 'POST' as const, body };
  };
  return [
    {
      name: 'conversation_details',
      first: (since) => query(since, 1),
      step(res, req) {
        // An empty interval answers `{}` with no list: no conversations.
        const items =
          (res.json as Record<string, unknown> | null)?.conversations === undefined
            ? []
            : itemsOf(res, 'conversations', req.url);
        const body = req.body as QueryBody;
        const [fromText, toText] = body.interval.split('/') as [string, string];
        const from = Date.parse(fromText);
        const to = Date.parse(toText);
        const total = Number((res.json as Record<string, unknown> | null)?.totalHits ?? Number.NaN);
        const seen = body.paging.pageNumber * PAGE_SIZE;
        const morePages = items.length === PAGE_SIZE && (Number.isNaN(total) || seen < total);
        if (morePages) return { next: query(from, body.paging.pageNumber + 1), more: true };
        if (to < now() - DAY) return { next: query(to, 1), more: true };
        return { next: query(now() - DAY, 1), more: false };
      },
    },
  ];
}
