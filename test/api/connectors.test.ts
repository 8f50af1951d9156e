/**
 * `POST /api/v1/ingest?format=<system>`: one page of a system's export, read by its connector, stored
 * through the one ingest pipeline with the partner's source policy; problems named by JSON path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../ingest/connectors/support.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call, expectProblem } from './support.js';

const page = (system: string, file: string) => readFileSync(join(FIXTURES, system, file), 'utf8');

describe.each(DIALECTS)('POST /api/v1/ingest?format= on $name', (d) => {
  const t = useStore(d);

  it("stores a Zendesk page under the partner's source, and its status history from the events page", async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-admin-a'];
    const tickets = await call(w.app, 'POST', '/api/v1/ingest?format=zendesk&source=a-zendesk', {
      token,
      body: page('zendesk', 'incremental-tickets-1.json'),
      contentType: 'application/json',
    });
    expect(tickets.status, tickets.text).toBe(200);
    expect(tickets.body).toMatchObject({ read: 5, inserted: 5, rejected: 0, errors: [] });
    const events = await call(w.app, 'POST', '/api/v1/ingest?format=zendesk&source=a-zendesk', {
      token,
      body: page('zendesk', 'ticket-events.json'),
      contentType: 'application/json',
    });
    expect(events.status, events.text).toBe(200);
    expect(events.body).toMatchObject({ inserted: 24, rejected: 0 });
    const data = await t.store.records.readPeriodData(
      { from: 0, to: Number.MAX_SAFE_INTEGER },
      { sources: ['a-zendesk'] },
    );
    expect(data.contacts.map((c) => c.id).sort()).toEqual(['101', '102', '103', '104', '105']);
    expect(data.status_events.filter((e) => e.contactId === '104').map((e) => e.status)).toEqual([
      'new',
      'pending_customer',
      'open',
      'solved',
    ]);
  });

  it("refuses records of a source the partner does not own, and names a bad record by the page's JSON path", async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-admin-a'];
    // Partner A owns no source "freshdesk": its default source a-genesys is taken instead.
    const body = JSON.parse(page('freshdesk', 'tickets-page-1.json')) as Record<string, unknown>[];
    body[1] = { ...body[1], priority: 9 };
    const r = await call(w.app, 'POST', '/api/v1/ingest?format=freshdesk', {
      token,
      body: JSON.stringify(body, null, 1),
      contentType: 'application/json',
    });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ rejected: 1 });
    expect(r.body.errors).toEqual([
      {
        file: 'body',
        line: expect.any(Number),
        field: '[1].priority',
        message: expect.stringContaining('"9" is not a priority'),
      },
    ]);
    const foreign = await call(w.app, 'POST', '/api/v1/ingest?format=freshdesk&source=b-main', {
      token,
      body: page('freshdesk', 'tickets-page-1.json'),
      contentType: 'application/json',
    });
    expectProblem(foreign, 403);
  });

  it('answers 422 for a page of another system, 400 for an object without format, 415 for CSV with format', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['partner-admin-a'];
    const other = await call(w.app, 'POST', '/api/v1/ingest?format=intercom', {
      token,
      body: page('zendesk', 'satisfaction-ratings.json'),
      contentType: 'application/json',
    });
    expectProblem(other, 422);
    expect(other.text).toContain('is not an Intercom page');
    const object = await call(w.app, 'POST', '/api/v1/ingest?kind=contacts', {
      token,
      body: '{"id": "x"}',
      contentType: 'application/json',
    });
    expectProblem(object, 400);
    const csv = await call(w.app, 'POST', '/api/v1/ingest?format=zendesk', {
      token,
      body: 'id\n1\n',
      contentType: 'text/csv',
    });
    expectProblem(csv, 415);
  });
});
