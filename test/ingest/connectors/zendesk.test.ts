import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/domain/records.js';
import { at, fixtureFiles, importFiles, pseudonym, shuffled, sortedRecords, writeTemp } from './support.js';

const files = fixtureFiles('zendesk');

describe('zendesk: the fixture pages', () => {
  it('yield the normalised records: contacts with their first reply, resolutions, reopens, language, queue', async () => {
    const { records, errors, mapped } = await importFiles('zendesk', files);
    expect(errors).toEqual([]);
    const contacts = new Map((records.contacts ?? []).map((c) => [c.id, c]));
    // 108 is deleted in Zendesk: left out, and said so.
    expect([...contacts.keys()].sort()).toEqual(['101', '102', '103', '104', '105', '106', '107', '109']);
    expect(mapped.notes).toEqual(['zendesk: 1 deleted ticket left out (108)']);
    expect(contacts.get('101')).toEqual({
      source: 'zendesk',
      id: '101',
      channel: 'email',
      direction: 'inbound',
      language: 'nl',
      queue: 'Tier 1',
      segment: null,
      priority: 'normal',
      category: 'question',
      createdAt: at('2026-10-05T08:00:00Z'),
      answeredAt: null,
      abandonedAt: null,
      // The reply_time fulfil event of the ticket metric events.
      firstResponseAt: at('2026-10-05T10:00:00Z'),
      resolvedAt: at('2026-10-05T12:00:00Z'),
      firstResolvedAt: at('2026-10-05T12:00:00Z'),
      reopenCount: 0,
      handleSeconds: null,
      firstTimeRight: null,
      agent: '8001',
      customer: pseudonym('9001'),
      attributes: {
        zendesk_via: 'email',
        zendesk_status: 'solved',
        zendesk_type: 'question',
        zendesk_brand_id: '360000002',
        zendesk_form_id: '360000001',
        zendesk_organization_id: '7001',
        zendesk_tags: 'billing vip',
      },
    } satisfies Contact);
    const row = (id: string) => {
      const c = contacts.get(id)!;
      return [c.channel, c.language, c.queue, c.priority, c.category, c.reopenCount, c.agent];
    };
    expect(row('102')).toEqual(['email', 'de', 'Tier 1', 'high', 'question', 0, '8002']);
    expect(row('103')).toEqual(['email', 'en-US', 'Tier 1', 'urgent', 'incident', 0, '8001']);
    expect(row('105')).toEqual(['email', 'de', null, null, 'request', 0, null]);
    expect(row('106')).toEqual(['email', 'en-US', 'Tier 1', 'normal', 'incident', 0, '8001']);
    expect(row('107')).toEqual(['chat', 'nl', 'Chat', 'normal', 'question', 0, '8002']);
    // The later of the two copies of 102 in the overlapping pages wins (priority high, assignee 8002).
    expect(contacts.get('102')!.resolvedAt).toBeNull();
    // 109: solved, reopened, on hold, solved again, closed.
    expect(contacts.get('109')).toMatchObject({
      firstResponseAt: at('2026-10-06T09:00:00Z'),
      firstResolvedAt: at('2026-10-06T10:00:00Z'),
      resolvedAt: at('2026-10-07T09:00:00Z'),
      reopenCount: 1,
    });
  });

  it('yield the status history from the child events, pending and on-hold mapped to the pausing statuses', async () => {
    const { records } = await importFiles('zendesk', files);
    const history = (id: string) =>
      (records.status_events ?? [])
        .filter((e) => e.contactId === id)
        .map((e) => [new Date(e.at).toISOString(), e.status, e.nativeStatus]);
    expect(history('104')).toEqual([
      ['2026-10-12T08:00:00.000Z', 'new', 'new'],
      ['2026-10-12T08:30:00.000Z', 'pending_customer', 'pending'],
      ['2026-10-14T08:00:00.000Z', 'open', 'open'],
      ['2026-10-14T12:00:00.000Z', 'solved', 'solved'],
    ]);
    expect(history('109')).toEqual([
      ['2026-10-06T08:00:00.000Z', 'new', 'new'],
      ['2026-10-06T09:00:00.000Z', 'open', 'open'],
      ['2026-10-06T10:00:00.000Z', 'solved', 'solved'],
      ['2026-10-07T08:00:00.000Z', 'open', 'open'],
      ['2026-10-07T08:30:00.000Z', 'on_hold', 'hold'],
      ['2026-10-07T09:00:00.000Z', 'solved', 'solved'],
      ['2026-10-11T09:00:00.000Z', 'closed', 'closed'],
    ]);
    expect(history('108')).toEqual([]);
  });

  it('yield the answered satisfaction ratings on 0..1, comments with personal data pseudonymised', async () => {
    const { records } = await importFiles('zendesk', files);
    expect(records.surveys).toEqual([
      {
        source: 'zendesk',
        contactId: '101',
        kind: 'csat',
        score: 1,
        scaleMin: 0,
        scaleMax: 1,
        answeredAt: at('2026-10-05T13:00:00Z'),
        comment: `Quick help, mail me at ${pseudonym('jan@example.com')}`,
      },
      {
        source: 'zendesk',
        contactId: '109',
        kind: 'csat',
        score: 0,
        scaleMin: 0,
        scaleMax: 1,
        // Changed a day after it was given: it counts as given when last changed.
        answeredAt: at('2026-10-08T10:00:00Z'),
        comment: null,
      },
    ]);
  });
});

describe('zendesk: content detection', () => {
  it('tells each endpoint from its content and gives the same records whatever the order of pages and endpoints', async () => {
    const first = await importFiles('zendesk', files);
    expect(first.mapped.detected.map((d) => [d.file.split('/').pop(), d.endpoint])).toEqual([
      ['incremental-tickets-1.json', 'incremental_tickets'],
      ['incremental-tickets-2.json', 'incremental_tickets'],
      ['satisfaction-ratings.json', 'satisfaction_ratings'],
      ['ticket-events.json', 'ticket_events'],
      ['ticket-metric-events-1.json', 'ticket_metric_events'],
      ['ticket-metric-events-2.json', 'ticket_metric_events'],
    ]);
    const expected = sortedRecords(first.records);
    for (const seed of [1, 2, 3, 4, 5]) {
      const order = shuffled(files, seed);
      const again = await importFiles('zendesk', order);
      expect(sortedRecords(again.records), `order ${order.map((f) => f.split('/').pop())}`).toEqual(expected);
    }
  });

  it('does not go by the file name: pages saved under any name are read the same', async () => {
    const { readFileSync } = await import('node:fs');
    const renamed = writeTemp(
      Object.fromEntries(files.map((f, i) => [`page-${String(9 - i)}.json`, readFileSync(f, 'utf8')])),
    );
    const again = await importFiles('zendesk', renamed);
    expect(sortedRecords(again.records)).toEqual(
      sortedRecords((await importFiles('zendesk', files)).records),
    );
  });
});

describe('zendesk: bad files', () => {
  it('name the file, line, JSON path, field and reason', async () => {
    const ticket = (id: number, extra: Record<string, unknown>) => ({
      id,
      status: 'open',
      created_at: '2026-10-05T08:00:00Z',
      updated_at: '2026-10-05T08:00:00Z',
      via: { channel: 'email' },
      priority: 'normal',
      ...extra,
    });
    const [tickets, events, other, broken, twice] = writeTemp({
      'tickets.json': JSON.stringify(
        {
          tickets: [
            ticket(1, {}),
            ticket(2, { priority: 'asap' }),
            ticket(3, { created_at: '05-10-2026 08:00' }),
            'not a ticket',
            ticket(4, { id: null }),
          ],
          end_of_stream: true,
        },
        null,
        2,
      ),
      'events.json': JSON.stringify(
        {
          ticket_events: [
            {
              id: 1,
              ticket_id: 1,
              created_at: '2026-10-05T08:00:00Z',
              child_events: [{ id: 11, status: 'escalated', event_type: 'Change' }],
            },
          ],
        },
        null,
        2,
      ),
      'other.json': JSON.stringify({ users: [{ id: 1 }] }),
      'broken.json': '{"tickets": [',
      'twice.json': '{"tickets": [], "tickets": []}',
    });
    const { errors, records } = await importFiles('zendesk', [tickets!, events!, other!, broken!, twice!]);
    expect(records.contacts?.map((c) => c.id)).toEqual(['1']);
    expect(errors).toEqual([
      {
        file: other,
        line: 0,
        field: null,
        message:
          'is not a Zendesk page: none of "tickets", "ticket_metrics", "ticket_events", "ticket_metric_events", "satisfaction_ratings" is a list in it',
      },
      { file: broken, line: 0, field: null, message: expect.stringMatching(/^is not valid JSON/) },
      { file: twice, line: 0, field: null, message: expect.stringContaining('duplicate key "tickets"') },
      { file: tickets, line: 33, field: 'tickets[3]', message: 'is not a JSON object' },
      { file: tickets, line: 34, field: 'tickets[4].id', message: 'is required: a whole number' },
      {
        file: tickets,
        line: 13,
        field: 'tickets[1].priority',
        message: '"asap" is not a priority (low, normal, high, urgent)',
      },
      {
        file: tickets,
        line: 23,
        field: 'tickets[2].created_at',
        message: expect.stringContaining('"05-10-2026 08:00"'),
      },
      {
        file: events,
        line: 3,
        field: 'ticket_events[0].child_events[0].status',
        message: expect.stringContaining('"escalated" is not a status'),
      },
    ]);
  });
});
