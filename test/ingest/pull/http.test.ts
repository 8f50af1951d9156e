import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backoffMs,
  DEFAULT_RETRY,
  type PullDeps,
  PullError,
  pullJson,
  realPullDeps,
  retryAfterMs,
} from '../../../src/ingest/pull/http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A real local HTTP server whose n-th request (from 1) is answered by `handler`. */
async function serve(handler: Handler): Promise<string> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Real fetch; the waits are recorded instead of slept, so the test does not take minutes. */
function recording(): PullDeps & { waits: number[] } {
  const waits: number[] = [];
  return { ...realPullDeps, waits, sleep: async (ms) => void waits.push(ms), random: () => 0 };
}

describe('pullJson', () => {
  it('waits out a 429 for its Retry-After, then reads the page', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(429, { 'retry-after': '7' }).end('slow down');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"tickets":[1,2]}');
    });
    const deps = recording();
    const res = await pullJson({ url: `${url}/x` }, deps);
    expect(res.json).toEqual({ tickets: [1, 2] });
    expect(deps.waits).toEqual([7000]);
  });

  it('retries a connection dropped in the middle of the answer', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"tickets":[');
        res.socket?.destroy();
      } else res.writeHead(200).end('{"tickets":[]}');
    });
    const deps = recording();
    expect((await pullJson({ url }, deps)).json).toEqual({ tickets: [] });
    expect(deps.waits).toEqual([DEFAULT_RETRY.baseDelayMs]);
  });

  it('backs off exponentially on 5xx and gives up after the attempts', async () => {
    const url = await serve((_req, res) => res.writeHead(503).end());
    const deps = recording();
    const policy = { ...DEFAULT_RETRY, attempts: 4 };
    await expect(pullJson({ url }, deps, policy)).rejects.toThrow(/gave up after 4 attempts: HTTP 503/);
    expect(deps.waits).toEqual([1000, 2000, 4000]);
  });

  it('fails at once on refused credentials, naming the URL without its query', async () => {
    const url = await serve((_req, res) => res.writeHead(401).end('{"error":"Couldn\'t authenticate you"}'));
    const deps = recording();
    const e = await pullJson({ url: `${url}/api/v2/tickets?token=secret` }, deps).catch((x) => x);
    expect(e).toBeInstanceOf(PullError);
    expect(e.message).toMatch(/credentials were refused/);
    expect(e.url).toBe(`${url}/api/v2/tickets`);
    expect(deps.waits).toEqual([]);
  });

  it('refuses an answer over the size bound and one that is not JSON', async () => {
    const big = await serve((_req, res) => res.writeHead(200).end('x'.repeat(2000)));
    await expect(pullJson({ url: big }, recording(), { ...DEFAULT_RETRY, maxBytes: 1000 })).rejects.toThrow(
      /over 1000 bytes/,
    );
    const html = await serve((_req, res) => res.writeHead(200).end('<html>'));
    await expect(pullJson({ url: html }, recording())).rejects.toThrow(/not JSON/);
  });

  it('sends a POST body as JSON', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () =>
        res.writeHead(200).end(JSON.stringify({ got: JSON.parse(body), type: req.headers['content-type'] })),
      );
    });
    const res = await pullJson({ url, method: 'POST', body: { a: 1 } }, recording());
    expect(res.json).toEqual({ got: { a: 1 }, type: 'application/json' });
  });

  it('refuses to wait hours for a quota', async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'retry-after': '86400' }).end());
    await expect(pullJson({ url }, recording())).rejects.toThrow(/rate limited for 86400 s/);
  });
});

describe('Retry-After and backoff', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it.each([
    [{ 'retry-after': '30' }, 30_000],
    [{ 'retry-after': 'Mon, 07 Dec 2026 10:01:00 GMT' }, 60_000],
    [{ 'retry-after': 'Mon, 07 Dec 2026 09:00:00 GMT' }, 0],
    [{ 'x-ratelimit-reset': String(now / 1000 + 5) }, 5_000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (headers, ms) => {
    expect(retryAfterMs(new Headers(headers as Record<string, string>), now)).toBe(ms);
  });

  it('doubles up to the ceiling, with at most half again of jitter', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(DEFAULT_RETRY, a, 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(DEFAULT_RETRY, 20, 0)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(backoffMs(DEFAULT_RETRY, 1, 1)).toBe(1500);
  });
});
