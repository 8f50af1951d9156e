/**
 * The one HTTP client of the pull connectors (`accord sync`): a JSON request with a bounded time and body,
 * retried on what passes (429 after its `Retry-After`, 5xx, a dropped or refused connection, a timeout) with
 * exponential backoff and jitter, and failing at once on what does not (401, 403, 404, a body that is not
 * JSON). Each system's pager builds the requests; this file knows nothing of Zendesk or Genesys.
 */

export interface PullRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body (POST). */
  readonly body?: unknown;
}

export interface PullResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
}

export interface RetryPolicy {
  /** Attempts in all for one request, the first included. */
  readonly attempts: number;
  /** The first backoff; doubled per attempt, up to `maxDelayMs`, with up to 50% jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is an error rather than a wait (a quota exhausted for hours). */
  readonly maxRetryAfterMs: number;
  /** One request, headers and body, in all. */
  readonly timeoutMs: number;
  /** A page larger than this is refused before it is parsed. */
  readonly maxBytes: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 15 * 60_000,
  timeoutMs: 60_000,
  maxBytes: 64 * 1024 * 1024,
};

export interface PullDeps {
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
  /** Told about every retry: what failed and how long it waits. */
  readonly onRetry?: (what: string, waitMs: number, attempt: number) => void;
}

export const realPullDeps: PullDeps = {
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
  random: Math.random,
};

/** A request that failed for good: its URL (without credentials), status and why. */
export class PullError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'PullError';
  }
}

/** Where a URL points, without its query (which may carry tokens) — for messages. */
export function urlForMessages(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(bad URL)';
  }
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined
 * when absent or unreadable. Intercom says it in `X-RateLimit-Reset` (epoch seconds) instead.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (value !== null) {
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset.trim()) * 1000 - now);
  return undefined;
}

/** The wait before attempt `attempt + 1` (attempt counts from 1). */
export function backoffMs(policy: RetryPolicy, attempt: number, random: number): number {
  const base = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(base * (1 + random / 2));
}

const RETRIED_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

type Attempt = { readonly ok: PullResponse } | { readonly retry: string; readonly waitMs?: number };

async function readBody(res: Response, maxBytes: number, url: string): Promise<string> {
  const length = Number(res.headers.get('content-length') ?? Number.NaN);
  if (length > maxBytes)
    throw new PullError(`answer of ${length} bytes is over ${maxBytes}`, url, res.status);
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new PullError(`answer is over ${maxBytes} bytes`, url, res.status);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function attemptOnce(req: PullRequest, policy: RetryPolicy, deps: PullDeps): Promise<Attempt> {
  const shown = urlForMessages(req.url);
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await deps.fetch(req.url, {
      method: req.method ?? 'GET',
      headers,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
    if (RETRIED_STATUS.has(res.status)) {
      await res.body?.cancel().catch(() => undefined);
      const waitMs = res.status === 429 ? retryAfterMs(res.headers, deps.now()) : undefined;
      if (waitMs !== undefined && waitMs > policy.maxRetryAfterMs)
        throw new PullError(`rate limited for ${Math.round(waitMs / 1000)} s`, shown, res.status);
      return { retry: `HTTP ${res.status}`, ...(waitMs === undefined ? {} : { waitMs }) };
    }
    text = await readBody(res, policy.maxBytes, shown);
  } catch (e) {
    if (e instanceof PullError) throw e;
    // fetch's TypeError ('fetch failed': refused, reset, closed mid-answer) and the timeout's abort pass.
    const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
    return { retry: cause };
  }
  if (res.status === 401 || res.status === 403)
    throw new PullError(`HTTP ${res.status}: the credentials were refused`, shown, res.status);
  if (res.status < 200 || res.status >= 300)
    throw new PullError(`HTTP ${res.status}: ${text.slice(0, 200)}`, shown, res.status);
  try {
    return { ok: { status: res.status, headers: res.headers, json: text === '' ? null : JSON.parse(text) } };
  } catch {
    throw new PullError('the answer is not JSON', shown, res.status);
  }
}

/** One JSON request, retried per `policy`; throws PullError when it fails for good. */
export async function pullJson(
  req: PullRequest,
  deps: PullDeps = realPullDeps,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<PullResponse> {
  const shown = urlForMessages(req.url);
  for (let attempt = 1; ; attempt++) {
    const a = await attemptOnce(req, policy, deps);
    if ('ok' in a) return a.ok;
    if (attempt >= policy.attempts)
      throw new PullError(`gave up after ${attempt} attempts: ${a.retry}`, shown, null);
    const waitMs = a.waitMs ?? backoffMs(policy, attempt, deps.random());
    deps.onRetry?.(`${shown}: ${a.retry}`, waitMs, attempt);
    await deps.sleep(waitMs);
  }
}
