/**
 * Each system's pager over answers in the shapes its API reference documents: the first request, the next
 * page, the end of the stream and where the next run starts.
 */
import { describe, expect, it } from 'vitest';
import { cursorRequest, cursorText, type Endpoint } from '../../../src/ingest/pull/endpoint.js';
import { freshdeskEndpoints, nextLink } from '../../../src/ingest/pull/freshdesk.js';
import { genesysEndpoints } from '../../../src/ingest/pull/genesys.js';
import type { PullResponse } from '../../../src/ingest/pull/http.js';
import { intercomEndpoints } from '../../../src/ingest/pull/intercom.js';
import { zendeskEndpoints } from '../../../src/ingest/pull/zendesk.js';

const answer = (json: unknown, headers: Record<string, string> = {}): PullResponse => ({
  status: 200,
  headers: new Headers(headers),
  json,
});
const named = (eps: Endpoint[], name: string) => eps.find((e) => e.name === name)!;
const Z = 'https://acme.zendesk.com';
const since = Date.parse('2026-11-01T00:00:00Z');

describe('Zendesk', () => {
  const eps = zendeskEndpoints(Z);

  it('walks the cursor-based ticket export by after_url until end_of_stream, then polls from there', () => {
    const tickets = named(eps, 'incremental_tickets');
    const first = tickets.first(since);
    expect(first.url).toBe(
      `${Z}/api/v2/incremental/tickets/cursor.json?start_time=1793491200&include=metric_sets,users,groups`,
    );
    const page = answer({
      tickets: [{ id: 1 }],
      metric_sets: [],
      after_url: `${Z}/api/v2/incremental/tickets/cursor.json?cursor=MTU3&include=metric_sets`,
      after_cursor: 'MTU3',
      end_of_stream: false,
    });
    expect(tickets.step(page, first)).toEqual({
      next: { url: `${Z}/api/v2/incremental/tickets/cursor.json?cursor=MTU3&include=metric_sets` },
      more: true,
    });
    const last = answer({
      tickets: [],
      after_url: `${Z}/api/v2/incremental/tickets/cursor.json?cursor=MTU4`,
      end_of_stream: true,
    });
    expect(tickets.step(last, first)).toEqual({
      next: { url: `${Z}/api/v2/incremental/tickets/cursor.json?cursor=MTU4` },
      more: false,
    });
  });

  it('walks a time-based export by next_page and starts the next run at end_time', () => {
    const events = named(eps, 'ticket_events');
    const first = events.first(since);
    const page = answer({
      ticket_events: [{ id: 1 }],
      next_page: `${Z}/api/v2/incremental/ticket_events.json?start_time=1761999999`,
      end_of_stream: false,
      end_time: 1761999999,
    });
    expect(events.step(page, first).more).toBe(true);
    const end = answer({
      ticket_events: [{ id: 2 }],
      next_page: `${Z}/x`,
      end_of_stream: true,
      end_time: 1762000500,
    });
    expect(events.step(end, first)).toEqual({
      next: { url: `${Z}/api/v2/incremental/ticket_events.json?start_time=1762000500` },
      more: false,
    });
  });

  it('never follows a next page to another host with the credentials', () => {
    const events = named(eps, 'ticket_metric_events');
    const page = answer({
      ticket_metric_events: [{ id: 1 }],
      next_page: 'https://evil.example/steal',
      end_time: 1,
    });
    expect(() => events.step(page, events.first(since))).toThrow(/another host/);
  });

  it("says what an answer holds when it is not the endpoint's", () => {
    const ratings = named(eps, 'satisfaction_ratings');
    expect(() => ratings.step(answer({ error: 'RecordNotFound' }), ratings.first(since))).toThrow(
      /no "satisfaction_ratings" list/,
    );
  });

  it('pages satisfaction ratings by links.next, then asks from the newest rating', () => {
    const ratings = named(eps, 'satisfaction_ratings');
    const first = ratings.first(since);
    const more = answer({
      satisfaction_ratings: [{ id: 1, updated_at: '2026-11-02T10:00:00Z' }],
      meta: { has_more: true, after_cursor: 'abc' },
      links: { next: `${Z}/api/v2/satisfaction_ratings?page[after]=abc&page[size]=100` },
    });
    expect(ratings.step(more, first).more).toBe(true);
    const done = answer({
      satisfaction_ratings: [
        { id: 2, updated_at: '2026-11-03T10:00:00Z' },
        { id: 3, created_at: '2026-11-03T09:00:00Z' },
      ],
      meta: { has_more: false },
      links: { next: null },
    });
    const step = ratings.step(done, first);
    expect(step.more).toBe(false);
    expect(step.next.url).toContain(`start_time=${Date.parse('2026-11-03T10:00:00Z') / 1000}`);
  });
});

describe('Freshdesk', () => {
  const F = 'https://acme.freshdesk.com';
  const tickets = named(freshdeskEndpoints(F), 'tickets');

  it('reads the Link header', () => {
    expect(nextLink(new Headers({ link: `<${F}/api/v2/tickets?page=2>; rel="next"` }))).toBe(
      `${F}/api/v2/tickets?page=2`,
    );
    expect(nextLink(new Headers({}))).toBeUndefined();
  });

  it('follows rel=next, and past page 300 starts a new slice at the last ticket', () => {
    const first = tickets.first(since);
    expect(first.url).toBe(
      `${F}/api/v2/tickets?updated_since=2026-11-01T00:00:00Z&include=stats&order_by=updated_at&order_type=asc&per_page=100&page=1`,
    );
    const items = [{ id: 1, updated_at: '2026-11-05T08:00:00Z' }];
    const page2 = answer(items, { link: `<${F}/api/v2/tickets?updated_since=x&page=2>; rel="next"` });
    expect(tickets.step(page2, first)).toEqual({
      next: { url: `${F}/api/v2/tickets?updated_since=x&page=2` },
      more: true,
    });
    const page301 = answer(items, { link: `<${F}/api/v2/tickets?updated_since=x&page=301>; rel="next"` });
    const slice = tickets.step(page301, first);
    expect(slice.more).toBe(true);
    expect(slice.next.url).toContain('updated_since=2026-11-05T08:00:00Z');
    expect(slice.next.url).toContain('page=1');
    const end = tickets.step(answer(items), first);
    expect(end.more).toBe(false);
    expect(end.next.url).toContain('updated_since=2026-11-05T08:00:00Z');
  });
});

describe('Intercom', () => {
  const conv = named(intercomEndpoints('https://api.intercom.io'), 'conversations');

  it('searches by updated_at and follows pages.next.starting_after', () => {
    const first = conv.first(since);
    expect(first).toMatchObject({ method: 'POST', url: 'https://api.intercom.io/conversations/search' });
    expect(first.body).toMatchObject({ query: { field: 'updated_at', operator: '>', value: 1793491199 } });
    const page = answer({
      type: 'conversation.list',
      conversations: [{ id: '1', updated_at: 1762000000 }],
      pages: {
        type: 'pages',
        page: 1,
        per_page: 150,
        total_pages: 2,
        next: { page: 2, starting_after: 'WzE3' },
      },
    });
    const step = conv.step(page, first);
    expect(step.more).toBe(true);
    expect(step.next.body).toMatchObject({
      pagination: { starting_after: 'WzE3' },
      query: { value: 1793491199 },
    });
    const end = conv.step(
      answer({ conversations: [{ id: '2', updated_at: 1762000100 }], pages: { next: null } }),
      step.next,
    );
    expect(end).toMatchObject({ more: false, next: { body: { query: { value: 1762000099 } } } });
  });
});

describe('Genesys Cloud', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  const q = named(
    genesysEndpoints('https://api.mypurecloud.de', () => now),
    'conversation_details',
  );
  const full = {
    conversations: Array.from({ length: 100 }, (_, i) => ({ conversationId: String(i) })),
    totalHits: 250,
  };

  it('pages a window, walks 7-day windows to now, then re-reads the last day next run', () => {
    const first = q.first(since);
    expect(first.body).toMatchObject({
      interval: '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z',
      paging: { pageSize: 100, pageNumber: 1 },
    });
    expect(q.step(answer(full), first)).toMatchObject({
      more: true,
      next: { body: { paging: { pageNumber: 2 } } },
    });
    const window2 = q.step(answer({ conversations: [{ conversationId: 'x' }], totalHits: 201 }), first);
    expect(window2).toMatchObject({
      more: true,
      next: {
        body: { interval: '2026-11-08T00:00:00.000Z/2026-11-15T00:00:00.000Z', paging: { pageNumber: 1 } },
      },
    });
    const last = q.first(Date.parse('2026-11-15T00:00:00Z'));
    expect(last.body).toMatchObject({ interval: '2026-11-15T00:00:00.000Z/2026-11-20T12:00:00.000Z' });
    expect(q.step(answer({}), last)).toMatchObject({
      more: false,
      next: { body: { interval: '2026-11-19T12:00:00.000Z/2026-11-20T12:00:00.000Z' } },
    });
  });
});

describe('cursors', () => {
  it('store the next request without headers and read back the same', () => {
    const req = { url: 'https://a.example/x?y=1', method: 'POST' as const, body: { a: [1] } };
    expect(cursorRequest(cursorText(req))).toEqual(req);
    expect(
      cursorText({ url: 'https://a.example', headers: { authorization: 'secret' } } as never),
    ).not.toContain('secret');
  });
});
