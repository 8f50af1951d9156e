/**
 * `accord sync zendesk` against a local HTTP server that answers as Zendesk's API reference documents
 * (the connector's fixture pages, served under their own next-page links), with a 429 and a connection
 * dropped in the middle of an answer. The records pulled page by page equal those of `accord ingest
 * --format zendesk` over the same pages as files; a second run and a `--restart` run add nothing; a sync
 * that fails half-way keeps what it stored and the next run completes it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import { Pseudonymiser } from '../../src/ingest/pseudonym.js';
import { connectorInput, ingest } from '../../src/services/ingest.service.js';
import { openStore, type Store } from '../../src/store/index.js';
import { DIALECTS, useStore } from '../support/stores.js';

const FIXTURES = 'test/fixtures/connectors/zendesk';
const page = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const EMPTY_TICKETS =
  '{"tickets":[],"metric_sets":[],"users":[],"groups":[],"after_url":null,"after_cursor":"END","end_of_stream":true}';

const firstPage = (text: string) => {
  const p = JSON.parse(text);
  return JSON.stringify({
    ...p,
    after_url: 'https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=P2',
    after_cursor: 'P2',
    end_of_stream: false,
  });
};
const lastPage = (text: string) => {
  const p = JSON.parse(text);
  return JSON.stringify({ ...p, after_url: null, after_cursor: 'END', end_of_stream: true });
};

interface Fake {
  readonly url: string;
  /** Requests seen, as path?query. */
  readonly seen: string[];
  /** Paths (with query) answered 500 while this is set. */
  failing: RegExp | undefined;
  close(): Promise<void>;
}

/** Zendesk's API over the fixture pages; the first tickets request is rate limited, one answer is cut. */
async function fakeZendesk(): Promise<Fake> {
  let limited = false;
  let cut = false;
  const fake = {
    seen: [] as string[],
    failing: undefined as RegExp | undefined,
    url: '',
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const at = `${u.pathname}${u.search}`;
    fake.seen.push(at);
    if (
      req.headers.authorization !== `Basic ${Buffer.from('ops@acme.example/token:t0k3n').toString('base64')}`
    )
      return void res.writeHead(401).end('{"error":"Couldn\'t authenticate you"}');
    if (fake.failing?.test(at)) return void res.writeHead(500).end('{"error":"InternalError"}');
    const local = (text: string) => text.replaceAll('https://acme.zendesk.com', fake.url!);
    const json = (text: string) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(local(text));
    const q = u.searchParams;
    switch (u.pathname) {
      case '/api/v2/incremental/tickets/cursor.json':
        if (!limited) {
          limited = true;
          return void res.writeHead(429, { 'retry-after': '0' }).end();
        }
        // The API answers versions in the order they were made: the fixture's second page holds the
        // older ones (it tests files in any order), so it is served first here.
        if (q.get('cursor') === 'P2') return json(lastPage(page('incremental-tickets-1.json')));
        if (q.has('cursor')) return json(EMPTY_TICKETS);
        return json(firstPage(page('incremental-tickets-2.json')));
      case '/api/v2/incremental/ticket_events.json':
        if (q.get('start_time') === '1791709200')
          return json(
            '{"ticket_events":[],"next_page":null,"count":0,"end_of_stream":true,"end_time":1791709200}',
          );
        return json(page('ticket-events.json'));
      case '/api/v2/incremental/ticket_metric_events.json':
        if (q.get('start_time') === '1791500000') {
          if (!cut) {
            cut = true;
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
            res.write('{"ticket_metric_events":[');
            return void res.socket?.destroy();
          }
          return json(page('ticket-metric-events-2.json'));
        }
        if (q.get('start_time') === '1791700000')
          return json('{"ticket_metric_events":[],"next_page":null,"count":0,"end_time":1791700000}');
        return json(page('ticket-metric-events-1.json'));
      case '/api/v2/satisfaction_ratings':
        return json(page('satisfaction-ratings.json'));
      default:
        return void res.writeHead(404).end('{"error":"InvalidEndpoint"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}

function capture(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (s: string) => void (io.stdout += `${s}\n`),
    err: (s: string) => void (io.stderr += `${s}\n`),
  };
  return io;
}

async function runSync(url: string, ...args: string[]) {
  const io = capture();
  const code = await main(['sync', 'zendesk', '--db', url, '--since', '2026-10-01', '--json', ...args], io);
  return { code, io, json: io.stdout.trim() === '' ? undefined : JSON.parse(io.stdout) };
}

/** Every stored record, for comparing two stores. */
async function everything(store: Store) {
  return store.records.readPeriodData({ from: 0, to: Date.parse('2100-01-01T00:00:00Z') });
}

describe.each(DIALECTS)('accord sync zendesk on $name', (dialect) => {
  const fixture = useStore(dialect);
  let fake: Fake;
  beforeEach(async () => {
    fake = await fakeZendesk();
    vi.stubEnv('ACCORD_ZENDESK_URL', fake.url);
    vi.stubEnv('ACCORD_ZENDESK_EMAIL', 'ops@acme.example');
    vi.stubEnv('ACCORD_ZENDESK_TOKEN', 't0k3n');
    vi.stubEnv('ACCORD_PSEUDONYM_KEY', 'sync-test-key-0123456789abcdef');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await fake.close();
  });

  it('pulls through a 429 and a dropped connection the same records as the file import, and never twice', async () => {
    const first = await runSync(fixture.url);
    expect(first.io.stderr).toMatch(/HTTP 429; again in 0 s/);
    expect(first.code, first.io.stderr).toBe(0);
    const byEndpoint = Object.fromEntries(
      first.json.endpoints.map((e: { endpoint: string }) => [e.endpoint, e]),
    );
    expect(byEndpoint.incremental_tickets).toMatchObject({ pages: 2, caughtUp: true, rejected: 0 });
    expect(byEndpoint.ticket_metric_events).toMatchObject({ pages: 2, caughtUp: true });
    expect(fake.seen.filter((s) => s.includes('start_time=1791500000'))).toHaveLength(2);

    // The same pages as files, through `accord ingest --format zendesk`'s path, into a store of its own.
    const files = readdirSync(FIXTURES).map((f) => join(FIXTURES, f));
    const dir = mkdtempSync(join(tmpdir(), 'accord-sync-ref-'));
    const reference = await openStore(`sqlite:${join(dir, 'ref.db')}`);
    try {
      const pseudonyms = new Pseudonymiser(Buffer.from('sync-test-key-0123456789abcdef', 'utf8'));
      await ingest([connectorInput('zendesk', files)], {
        store: reference,
        pseudonymiser: () => pseudonyms,
        sources: { defaultSource: 'zendesk' },
        strict: false,
        audit: { actor: 'test', subject: 'files', details: {} },
      });
      expect(JSON.stringify(await everything(fixture.store))).toBe(
        JSON.stringify(await everything(reference)),
      );
    } finally {
      await reference.close();
      rmSync(dir, { recursive: true, force: true });
    }

    const again = await runSync(fixture.url);
    expect(again.code).toBe(0);
    for (const e of again.json.endpoints) expect(e.inserted + e.updated, e.endpoint).toBe(0);
    // From the start again: old versions pass by on the way (updated), nothing is added, and the end is the same.
    const before = JSON.stringify(await everything(fixture.store));
    const restart = await runSync(fixture.url, '--restart');
    expect(restart.code).toBe(0);
    for (const e of restart.json.endpoints) expect(e.inserted, e.endpoint).toBe(0);
    expect(
      restart.json.endpoints.reduce((n: number, e: { unchanged: number }) => n + e.unchanged, 0),
    ).toBeGreaterThan(0);
    expect(JSON.stringify(await everything(fixture.store))).toBe(before);
  });

  it('keeps what a failed sync stored, and the next run goes on from the failed page', async () => {
    fake.failing = /cursor=P2/;
    const failed = await runSync(fixture.url, '--attempts', '2');
    expect(failed.code).toBe(1);
    expect(failed.io.stderr).toMatch(/incremental_tickets: .*gave up after 2 attempts: HTTP 500/);
    expect(failed.io.stderr).toMatch(/the next run goes on from there/);
    const status = await main(['sync', 'zendesk', '--db', fixture.url, '--status', '--json'], capture());
    expect(status).toBe(0);
    fake.failing = undefined;
    const resumed = await runSync(fixture.url);
    expect(resumed.code, resumed.io.stderr).toBe(0);
    const tickets = resumed.json.endpoints.find(
      (e: { endpoint: string }) => e.endpoint === 'incremental_tickets',
    );
    // Page 2 only: page 1 was stored by the failed run, and its cursor points past it.
    expect(tickets).toMatchObject({ pages: 1, caughtUp: true });
    expect(tickets.inserted).toBeGreaterThan(0);
  }, 120_000);
});
