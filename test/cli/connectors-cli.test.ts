/**
 * `accord ingest --format zendesk|freshdesk|intercom`: a system's pages through the one ingest pipeline
 * into a store (SQLite and PostgreSQL): the summary, re-running stores nothing twice, `--strict`, and
 * problems named against the native file.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureFiles } from '../ingest/connectors/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

interface Summary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { file: string; line: number; field: string | null; message: string }[];
  warnings: string[];
}

const locations: TestStoreLocation[] = [];

async function ingest(args: string[]): Promise<{ code: number; summary: Summary }> {
  const r = await runCli(['ingest', ...args, '--json']);
  const lines = r.stdout.trim().split('\n');
  expect(lines.length, r.stdout + r.stderr).toBe(1);
  return { code: r.code, summary: JSON.parse(lines[0]!) as Summary };
}

async function status(url: string): Promise<Record<string, number>> {
  const r = await runCli(['status', '--db', url, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, number>;
}

beforeAll(() => {
  vi.stubEnv('ACCORD_PSEUDONYM_KEY', 'connector-cli-key');
  vi.stubEnv('ACCORD_ACTOR', 'test');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const l of locations) await l.drop();
});

describe.each(DIALECTS)('accord ingest --format <system> into $name', (d) => {
  it('stores the Zendesk pages once: re-running finds every record unchanged', async (ctx) => {
    requireDialect(d, ctx);
    const location = await freshLocation(d.name);
    locations.push(location);
    const files = fixtureFiles('zendesk');
    const first = await ingest(['--format', 'zendesk', ...files, '--db', location.url]);
    expect(first.code).toBe(0);
    // 8 tickets, 24 status changes, 2 answered ratings.
    expect(first.summary).toEqual({
      read: 34,
      inserted: 34,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
      warnings: ['zendesk: 1 deleted ticket left out (108)'],
    });
    const again = await ingest(['--format', 'zendesk', ...[...files].reverse(), '--db', location.url]);
    expect(again.summary).toMatchObject({ read: 34, inserted: 0, updated: 0, unchanged: 34, rejected: 0 });
    expect(await status(location.url)).toMatchObject({ contacts: 8, status_events: 24, surveys: 2 });
  });

  it('stores Freshdesk and Intercom pages beside them, each under its own source', async (ctx) => {
    requireDialect(d, ctx);
    const location = await freshLocation(d.name);
    locations.push(location);
    const fresh = await ingest(['--format', 'freshdesk', ...fixtureFiles('freshdesk'), '--db', location.url]);
    expect(fresh.summary).toMatchObject({ inserted: 19, rejected: 0, errors: [] });
    const inter = await ingest(['--format', 'intercom', ...fixtureFiles('intercom'), '--db', location.url]);
    expect(inter.summary).toMatchObject({ inserted: 11, rejected: 0, errors: [] });
    expect(await status(location.url)).toMatchObject({ contacts: 8, surveys: 4 });
  });
});

describe('accord ingest --format zendesk: bad pages', () => {
  it('stores the good records (exit 3) and names the bad ones by file, line, JSON path and field', async () => {
    const location = await freshLocation('sqlite');
    locations.push(location);
    const dir = tempFiles({
      'page.json': JSON.stringify(
        {
          tickets: [
            { id: 1, status: 'open', created_at: '2026-10-05T08:00:00Z', via: { channel: 'email' } },
            { id: 2, status: 'open', created_at: '2026-10-05T08:00:00Z', priority: 'asap' },
          ],
        },
        null,
        2,
      ),
    });
    const page = join(dir, 'page.json');
    const r = await ingest(['--format', 'zendesk', page, '--db', location.url]);
    expect(r.code).toBe(3);
    expect(r.summary).toMatchObject({ read: 2, inserted: 1, rejected: 1 });
    expect(r.summary.errors).toEqual([
      {
        file: page,
        line: 11,
        field: 'tickets[1].priority',
        message: '"asap" is not a priority (low, normal, high, urgent)',
      },
    ]);
    const text = await runCli(['ingest', '--format', 'zendesk', page, '--db', location.url]);
    expect(text.stderr).toContain(`${page}:11 tickets[1].priority: "asap" is not a priority`);
    const strict = await ingest([
      '--format',
      'zendesk',
      page,
      '--strict',
      '--db',
      (await freshLocation('sqlite')).url,
    ]);
    expect(strict.code).toBe(1);
    expect(strict.summary).toMatchObject({ inserted: 0, rejected: 1 });
  });
});

describe('accord demo --format', () => {
  it('writes the demo as Intercom pages and stores them through the connector, every record accepted', async () => {
    const location = await freshLocation('sqlite');
    locations.push(location);
    const out = join(tempFiles({}), 'demo');
    const r = await runCli([
      'demo',
      '--format',
      'intercom',
      '--months',
      '1',
      '--contacts-per-month',
      '400',
      '--start',
      '2026-10',
      '--out',
      out,
      '--db',
      location.url,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      pages: string[];
      ingest: { pages: Summary; csv: Summary };
      counts: { contacts: number };
    };
    expect(doc.pages.length).toBeGreaterThan(0);
    expect(doc.pages.every((p) => p.startsWith(join(out, 'intercom-conversations-')))).toBe(true);
    expect(doc.ingest.pages).toMatchObject({ rejected: 0, errors: [] });
    expect(doc.ingest.csv).toMatchObject({ rejected: 0, errors: [] });
    expect(await status(location.url)).toMatchObject({ contacts: doc.counts.contacts });
  });

  it('refuses a format it cannot write (exit 2)', async () => {
    const r = await runCli(['demo', '--format', 'xml', '--no-ingest', '--out', tempFiles({})]);
    expect(r.code).toBe(2);
  });
});
