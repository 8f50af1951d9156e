/** Genesys Cloud conversation details (+ routing queues and languages) → contacts, surveys, QA evaluations. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFiles } from '../../support/cli.js';
import { fixtureFiles, importFiles, pseudonym } from './support.js';

const at = (text: string) => Date.parse(text);
const ID = (n: number) => `0b1c2d3e-000${n}-4000-8000-00000000000${n}`;
const A1 = 'e4c3f5a6-0000-4000-8000-0000000000a1';
const A2 = 'f5d4a6b7-0000-4000-8000-0000000000a2';
const FILES = fixtureFiles('genesys');

const none = {
  segment: null,
  category: null,
  firstResponseAt: null,
  resolvedAt: null,
  firstResolvedAt: null,
  reopenCount: null,
  firstTimeRight: null,
};

describe('the Genesys Cloud connector', () => {
  it('maps the fixture pages, in any order, into the expected contacts, NPS answers and QA scores', async () => {
    const { records, errors, mapped } = await importFiles('genesys', FILES);
    expect(errors).toEqual([]);
    expect(mapped.detected.map((d) => [d.file.replace(/.*\//, ''), d.endpoint])).toEqual([
      ['details-job-results-2.json', 'conversation_details_job'],
      ['details-query-page-1.json', 'conversation_details'],
      ['routing-languages.json', 'routing_languages'],
      ['routing-queues.json', 'routing_queues'],
    ]);
    const contacts = (records.contacts ?? []).sort((a, b) => a.id.localeCompare(b.id));
    expect(contacts.map((c) => c.id)).toEqual([ID(1), ID(2), ID(3), ID(4)]);
    expect(contacts[0]).toEqual({
      ...none,
      source: 'genesys',
      id: ID(1),
      channel: 'phone',
      direction: 'inbound',
      language: 'nl',
      queue: 'phone-nl',
      priority: 'high',
      // Entered the queue after 30 s in the IVR: the contact starts then, as data.md says.
      createdAt: at('2026-10-05T08:00:10Z'),
      answeredAt: at('2026-10-05T08:00:25Z'),
      abandonedAt: null,
      handleSeconds: 315,
      agent: A1,
      customer: pseudonym('+31612345678'),
      attributes: {
        customer_tier: 'premium',
        hold_count: '1',
        hold_seconds: '30',
        wrapup_code: 'wc-resolved',
      },
    });
    // In two pages: the ended version wins over the one still waiting.
    expect(contacts[1]).toMatchObject({
      id: ID(2),
      language: 'de',
      queue: 'phone-de',
      createdAt: at('2026-10-05T09:00:00Z'),
      answeredAt: null,
      abandonedAt: at('2026-10-05T09:00:48Z'),
      handleSeconds: null,
      attributes: { queue_exit: 'abandon' },
    });
    // No tHandle: the agent's interact and wrap-up segments; a language the languages page does not name.
    expect(contacts[2]).toMatchObject({
      id: ID(3),
      channel: 'chat',
      language: null,
      queue: 'chat-en',
      answeredAt: at('2026-10-05T10:00:07Z'),
      handleSeconds: 630,
      agent: A2,
      customer: null,
      attributes: { genesys_language: 'c3d2e4f5-0000-4000-8000-00000000000c', wrapup_code: 'wc-info' },
    });
    // A queue the queues page does not name keeps its id.
    expect(contacts[3]).toMatchObject({
      id: ID(4),
      channel: 'messaging',
      queue: '9e6b0f7d-4a5c-4d8e-8f1a-3b4c5d6e7f80',
      createdAt: at('2026-10-05T11:00:01Z'),
      answeredAt: at('2026-10-05T11:02:01Z'),
      handleSeconds: 1079,
      customer: pseudonym('+31655556666'),
    });
    expect(records.surveys).toEqual([
      {
        source: 'genesys',
        contactId: ID(1),
        kind: 'nps',
        score: 9,
        scaleMin: 0,
        scaleMax: 10,
        answeredAt: at('2026-10-05T08:30:00Z'),
        comment: null,
      },
    ]);
    expect(records.qa_evaluations).toEqual([
      {
        source: 'genesys',
        contactId: ID(1),
        evaluatedAt: at('2026-10-06T09:15:00Z'),
        score: 92.5,
        scriptCompliant: null,
        toneOfVoiceOk: null,
        evaluator: 'e0000000-0000-4000-8000-00000000e001',
        attributes: {},
      },
    ]);
    const reversed = await importFiles('genesys', [...FILES].reverse());
    expect((reversed.records.contacts ?? []).sort((a, b) => a.id.localeCompare(b.id))).toEqual(contacts);
  });

  it('names file, line, JSON path and reason of a bad conversation, and refuses a file of another system', async () => {
    const bad = tempFiles({
      'page.json': `${JSON.stringify(
        {
          conversations: [
            { conversationStart: '2026-10-05T08:00:00Z' },
            {
              conversationId: 'c-2',
              conversationStart: '2026-10-05 08:00:00',
              participants: [
                {
                  purpose: 'acd',
                  sessions: [
                    { mediaType: 'voice', segments: [{ segmentStart: 'soon', segmentType: 'interact' }] },
                  ],
                },
              ],
            },
          ],
        },
        null,
        2,
      )}\n`,
      'other.json': '{"tickets": []}',
    });
    const { errors, records } = await importFiles('genesys', [
      join(bad, 'page.json'),
      join(bad, 'other.json'),
    ]);
    expect(records.contacts ?? []).toEqual([]);
    expect(errors.map((e) => ({ ...e, file: e.file.replace(/.*\//, '') }))).toEqual([
      {
        file: 'other.json',
        line: 0,
        field: null,
        message:
          'is not a Genesys Cloud page this connector reads (analytics conversation details, a details job result, routing queues or languages)',
      },
      {
        file: 'page.json',
        line: 3,
        field: 'conversations[0].conversationId',
        message: 'is required (a conversation detail record)',
      },
      {
        file: 'page.json',
        line: 6,
        field: 'conversations[1].conversationStart',
        message: '"2026-10-05 08:00:00" has no offset',
      },
      {
        file: 'page.json',
        line: 6,
        field: 'conversations[1].participants[0].sessions[0].segments[0].segmentStart',
        message: '"soon" is not an ISO 8601 instant',
      },
    ]);
  });
});
