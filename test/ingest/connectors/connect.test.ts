/** Amazon Connect contact records → contacts (src/ingest/connectors/connect.ts), through the pipeline's normalise. */
import { describe, expect, it } from 'vitest';
import { looksLikeContactRecords, readContactRecords } from '../../../src/ingest/connectors/connect.js';
import { at, customer, fixture, normaliseAll } from './normalised.js';

const A = 'a1b2c3d4-0001-4000-8000-000000000001';
const B = 'a1b2c3d4-0002-4000-8000-000000000002';
const C = 'a1b2c3d4-0004-4000-8000-000000000004';
const D = 'a1b2c3d4-0005-4000-8000-000000000005';
const FILES = [fixture('connect', 'ctr-stream.ndjson'), fixture('connect', 'firehose-2026-10-05-11')];

const none = {
  segment: null,
  category: null,
  firstResponseAt: null,
  resolvedAt: null,
  firstResolvedAt: null,
  reopenCount: null,
  firstTimeRight: null,
};

describe('the Amazon Connect contact record connector', () => {
  it('maps the fixture records, deduplicated on ContactId and transfers linked, into the expected contacts', () => {
    const read = readContactRecords(FILES);
    expect(read.errors).toEqual([]);
    const contacts = (normaliseAll(read).contacts ?? []).sort((a, b) => a.id.localeCompare(b.id));
    expect(contacts.map((c) => c.id)).toEqual([A, B, C, D]);
    // Delivered three times; the update with after-contact work (latest LastUpdateTimestamp) wins.
    expect(contacts[0]).toEqual({
      ...none,
      source: 'connect',
      id: A,
      channel: 'phone',
      direction: 'inbound',
      language: 'nl',
      queue: 'phone-nl',
      priority: 'high',
      createdAt: at('2026-10-05T08:00:20Z'),
      answeredAt: at('2026-10-05T08:00:35Z'),
      abandonedAt: null,
      handleSeconds: 275 + 20 + 45,
      agent: 'anna',
      customer: customer('+31612345678'),
      attributes: {
        customer_tier: 'premium',
        initiation_method: 'INBOUND',
        disconnect_reason: 'CUSTOMER_DISCONNECT',
      },
    });
    // Two legs, one customer contact: first queue, first answer, both agents' handling.
    expect(contacts[1]).toMatchObject({
      id: B,
      language: 'de',
      queue: 'phone-nl',
      createdAt: at('2026-10-05T09:00:10Z'),
      answeredAt: at('2026-10-05T09:00:40Z'),
      handleSeconds: 140 + 389 + 30,
      agent: 'bob',
      attributes: { transfers: '1', initiation_method: 'INBOUND', disconnect_reason: 'CUSTOMER_DISCONNECT' },
    });
    // Abandoned in the queue; attributes that are not a valid language or priority are kept under
    // connect_<name>, not lost.
    expect(contacts[2]).toMatchObject({
      id: C,
      language: null,
      priority: null,
      createdAt: at('2026-10-05T10:00:05Z'),
      answeredAt: null,
      abandonedAt: at('2026-10-05T10:02:05Z'),
      handleSeconds: null,
      attributes: { connect_language: 'xx-notalanguage-123456789', connect_priority: '3' },
    });
    expect(contacts[3]).toMatchObject({
      id: D,
      channel: 'chat',
      language: 'en-GB',
      queue: 'chat-en',
      answeredAt: at('2026-10-05T11:00:09Z'),
      customer: null,
    });
    expect(read.ignored).toEqual({
      'a contact record delivered again or superseded (latest LastUpdateTimestamp kept)': 2,
    });
  });

  it('gives the same contacts whatever the order of the files', () => {
    const ids = (r: ReturnType<typeof readContactRecords>) =>
      (normaliseAll(r).contacts ?? []).sort((a, b) => a.id.localeCompare(b.id));
    expect(ids(readContactRecords([...FILES].reverse()))).toEqual(ids(readContactRecords(FILES)));
  });

  it('names file, line, field and reason of a bad record', () => {
    const read = readContactRecords([fixture('connect', 'ctr-bad.json')]);
    expect(read.rows).toEqual([]);
    expect(read.errors).toEqual([
      {
        file: 'ctr-bad.json',
        line: 2,
        field: 'InitiationTimestamp',
        message: '"2026-10-05 12:00:00" has no offset',
      },
      {
        file: 'ctr-bad.json',
        line: 40,
        field: null,
        message: 'is not an Amazon Connect contact record (no ContactId, InitiationTimestamp, Channel)',
      },
      {
        file: 'ctr-bad.json',
        line: 43,
        field: 'Queue.DequeueTimestamp',
        message: '"yesterday" is not an ISO 8601 instant',
      },
    ]);
  });

  it('refuses JSON cut short and a duplicate key, with the line', () => {
    const read = readContactRecords([
      { name: 'cut.json', text: '{"ContactId": "x",\n "Channel": "VOICE"' },
      { name: 'dup.json', text: '\n{"ContactId": "x", "ContactId": "y"}' },
    ]);
    expect(read.errors).toEqual([
      {
        file: 'cut.json',
        line: 1,
        field: null,
        message: 'the JSON value that starts here never ends (the file is cut short)',
      },
      {
        file: 'dup.json',
        line: 2,
        field: null,
        message: 'duplicate key "ContactId": a key may appear only once',
      },
    ]);
  });

  it('knows contact records by their content', () => {
    for (const f of FILES) expect(looksLikeContactRecords(f.text)).toBe(true);
    expect(looksLikeContactRecords('{"conversations": []}')).toBe(false);
  });
});
