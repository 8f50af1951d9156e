import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { at, fixtureFiles, importFiles, pseudonym, shuffled, sortedRecords, writeTemp } from './support.js';

const files = fixtureFiles('freshdesk');

describe('freshdesk: the fixture pages', () => {
  it('yield contacts from the tickets and their stats, the latest copy of a ticket winning', async () => {
    const { records, errors } = await importFiles('freshdesk', files);
    expect(errors).toEqual([]);
    const contacts = new Map((records.contacts ?? []).map((c) => [c.id, c]));
    expect([...contacts.keys()].sort()).toEqual(['201', '202', '203', '204', '205']);
    expect(contacts.get('201')).toEqual({
      source: 'freshdesk',
      id: '201',
      channel: 'email',
      direction: 'inbound',
      language: null,
      queue: '3001',
      segment: null,
      priority: 'normal',
      category: 'question',
      createdAt: at('2026-10-05T08:00:00Z'),
      answeredAt: null,
      abandonedAt: null,
      firstResponseAt: at('2026-10-05T09:00:00Z'),
      resolvedAt: at('2026-10-05T12:00:00Z'),
      firstResolvedAt: at('2026-10-05T12:00:00Z'),
      reopenCount: 0,
      handleSeconds: null,
      firstTimeRight: null,
      agent: '6001',
      customer: pseudonym('5001'),
      attributes: {
        freshdesk_status: '4',
        freshdesk_source: '1',
        freshdesk_type: 'Question',
        freshdesk_company_id: '44000777',
        freshdesk_tags: 'billing',
        freshdesk_fr_escalated: 'false',
        freshdesk_is_escalated: 'false',
        freshdesk_fr_due_by: '2026-10-06T08:00:00Z',
        freshdesk_due_by: '2026-10-08T08:00:00Z',
      },
    });
    const row = (id: string) => {
      const c = contacts.get(id)!;
      return [c.channel, c.direction, c.priority, c.category, c.reopenCount, c.resolvedAt, c.firstResolvedAt];
    };
    // Pending: not resolved.
    expect(row('202')).toEqual(['email', 'inbound', 'high', 'incident', 0, null, null]);
    // Closed after a reopening: Freshdesk keeps the last resolution only.
    expect(row('203')).toEqual([
      'chat',
      'inbound',
      'urgent',
      'incident',
      1,
      at('2026-10-07T09:00:00Z'),
      null,
    ]);
    // Outbound e-mail (source 10), a feature request.
    expect(row('204')).toEqual(['email', 'outbound', 'low', 'request', 0, null, null]);
    expect(row('205')).toEqual(['phone', 'inbound', 'normal', null, 1, null, null]);
    expect(contacts.get('202')!.attributes.freshdesk_fr_escalated).toBe('true');
    expect(contacts.get('203')!.attributes.freshdesk_is_escalated).toBe('true');
  });

  it('rebuild the statuses the stats show: created, pending since, resolved, reopened, closed', async () => {
    const { records } = await importFiles('freshdesk', files);
    const history = (id: string) =>
      (records.status_events ?? [])
        .filter((e) => e.contactId === id)
        .map((e) => [new Date(e.at).toISOString(), e.status, e.nativeStatus]);
    expect(history('202')).toEqual([
      ['2026-10-09T18:00:00.000Z', 'open', 'created'],
      ['2026-10-12T10:00:00.000Z', 'pending_customer', 'pending'],
    ]);
    // Resolved, then reopened and open now: the earlier resolution shows, so the reopening counts.
    expect(history('205')).toEqual([
      ['2026-10-14T08:00:00.000Z', 'open', 'created'],
      ['2026-10-14T09:00:00.000Z', 'solved', 'resolved'],
      ['2026-10-15T08:00:00.000Z', 'open', 'reopened'],
    ]);
  });

  it('yield the ratings on 1..7 with the feedback scrubbed of personal data', async () => {
    const { records } = await importFiles('freshdesk', files);
    expect(records.surveys?.map((s) => [s.contactId, s.score, s.scaleMin, s.scaleMax, s.comment])).toEqual([
      ['201', 7, 1, 7, `Thanks! Call me on ${pseudonym('+31612345678')}`],
      ['203', 1, 1, 7, null],
    ]);
  });

  it('tell tickets, filter results, ratings and empty pages apart by content, in any order', async () => {
    const first = await importFiles('freshdesk', files);
    expect(first.mapped.detected.map((d) => [d.file.split('/').pop(), d.endpoint])).toEqual([
      ['satisfaction-ratings.json', 'satisfaction_ratings'],
      ['tickets-page-1.json', 'tickets'],
      ['tickets-page-2.json', 'tickets'],
      ['tickets-page-3.json', 'empty_page'],
    ]);
    for (const seed of [7, 8, 9]) {
      const again = await importFiles('freshdesk', shuffled(files, seed));
      expect(sortedRecords(again.records)).toEqual(sortedRecords(first.records));
    }
  });

  it('name the file, line, path, field and reason of a bad record', async () => {
    const page = JSON.parse(readFileSync(files[1]!, 'utf8')) as Record<string, unknown>[];
    page[0] = { ...page[0], priority: 9 };
    page[1] = { ...page[1], created_at: null };
    const [bad, ratings] = writeTemp({
      'bad.json': JSON.stringify(page, null, 1),
      'ratings.json': JSON.stringify([{ id: 1, ticket_id: 201, ratings: { default_question: 5 } }]),
    });
    const { errors } = await importFiles('freshdesk', [bad!, ratings!]);
    expect(errors).toEqual([
      {
        file: ratings,
        line: 1,
        field: '[0].ratings.default_question',
        message: '5 is not a Freshdesk rating (-103 … -101, 100 … 103)',
      },
      {
        file: bad,
        line: 2,
        field: '[0].priority',
        message: expect.stringContaining('"9" is not a priority'),
      },
      { file: bad, line: expect.any(Number), field: '[1].created_at', message: 'is required' },
    ]);
  });
});

it('freshdesk: a page of another system is named as such', async () => {
  const [other] = writeTemp({ 'x.json': JSON.stringify({ tickets: [] }) });
  const { errors } = await importFiles('freshdesk', [other!]);
  expect(errors).toEqual([
    {
      file: other,
      line: 0,
      field: null,
      message: 'is not a Freshdesk page: neither a list of records nor an object with "results"',
    },
  ]);
});
