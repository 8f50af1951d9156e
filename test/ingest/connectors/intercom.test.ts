import { describe, expect, it } from 'vitest';
import { at, fixtureFiles, importFiles, pseudonym, shuffled, sortedRecords, writeTemp } from './support.js';

const files = fixtureFiles('intercom');

describe('intercom: the fixture pages', () => {
  it('yield contacts from the conversations and their statistics, the latest copy winning', async () => {
    const { records, errors } = await importFiles('intercom', files);
    expect(errors).toEqual([]);
    const contacts = new Map((records.contacts ?? []).map((c) => [c.id, c]));
    expect([...contacts.keys()].sort()).toEqual(['301', '302', '303']);
    expect(contacts.get('301')).toEqual({
      source: 'intercom',
      id: '301',
      channel: 'chat',
      direction: 'inbound',
      language: null,
      queue: '4001',
      segment: null,
      priority: 'normal',
      category: null,
      createdAt: at('2026-10-05T08:00:00Z'),
      answeredAt: at('2026-10-05T08:00:40Z'),
      abandonedAt: null,
      firstResponseAt: at('2026-10-05T08:00:40Z'),
      resolvedAt: at('2026-10-05T08:30:00Z'),
      firstResolvedAt: at('2026-10-05T08:30:00Z'),
      reopenCount: 0,
      handleSeconds: null,
      firstTimeRight: null,
      agent: '8101',
      customer: pseudonym('6650a1'),
      attributes: {
        intercom_state: 'closed',
        intercom_source: 'conversation',
        intercom_tags: 'returns',
        intercom_sla_name: 'Chat 1 min',
        intercom_sla_status: 'hit',
      },
    });
    expect(contacts.get('302')).toMatchObject({
      channel: 'email',
      priority: 'high',
      answeredAt: null,
      firstResponseAt: at('2026-10-06T11:00:00Z'),
      firstResolvedAt: at('2026-10-06T12:00:00Z'),
      resolvedAt: at('2026-10-08T10:00:00Z'),
      reopenCount: 1,
    });
    expect(contacts.get('303')).toMatchObject({
      channel: 'messaging',
      direction: 'outbound',
      resolvedAt: null,
    });
  });

  it('yield the status history of a conversation with parts, snoozed as a pause', async () => {
    const { records } = await importFiles('intercom', files);
    expect(
      (records.status_events ?? []).map((e) => [
        e.contactId,
        new Date(e.at).toISOString(),
        e.status,
        e.nativeStatus,
      ]),
    ).toEqual([
      ['302', '2026-10-06T09:00:00.000Z', 'open', 'created'],
      ['302', '2026-10-06T11:00:00.000Z', 'pending_customer', 'snoozed'],
      ['302', '2026-10-06T11:30:00.000Z', 'open', 'timer_unsnooze'],
      ['302', '2026-10-06T12:00:00.000Z', 'solved', 'close'],
      ['302', '2026-10-07T08:00:00.000Z', 'open', 'open'],
      ['302', '2026-10-08T10:00:00.000Z', 'solved', 'close'],
    ]);
  });

  it('yield the ratings on 1..5', async () => {
    const { records } = await importFiles('intercom', files);
    expect(sortedRecords(records).surveys?.map((s) => [s.contactId, s.score, s.scaleMax, s.comment])).toEqual(
      [
        ['301', 5, 5, 'Great, thanks'],
        ['302', 2, 5, null],
      ],
    );
  });

  it('tell lists from single conversations by content, in any order', async () => {
    const first = await importFiles('intercom', files);
    for (const seed of [11, 12, 13]) {
      const again = await importFiles('intercom', shuffled(files, seed));
      expect(sortedRecords(again.records)).toEqual(sortedRecords(first.records));
    }
  });

  it('name the file, line, path, field and reason of a bad conversation', async () => {
    const [page] = writeTemp({
      'p.json': JSON.stringify(
        {
          type: 'conversation.list',
          conversations: [
            { type: 'conversation', id: '1', created_at: 'yesterday', source: { type: 'email' } },
            {
              type: 'conversation',
              id: '2',
              created_at: 1791187200,
              conversation_rating: { rating: 9, created_at: 1791187300 },
            },
          ],
        },
        null,
        2,
      ),
    });
    const { errors } = await importFiles('intercom', [page!]);
    expect(errors).toEqual([
      {
        file: page,
        line: 4,
        field: 'conversations[0].created_at',
        message: expect.stringContaining('"yesterday"'),
      },
      {
        file: page,
        line: 12,
        field: 'conversations[1].conversation_rating.rating',
        message: '9 is outside the scale 1..5',
      },
    ]);
  });
});
