/** Amazon Connect contact records → contacts (src/ingest/connectors/connect.ts), through the pipeline's normalise. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeContactRecords, readContactRecords } from '../../../src/ingest/connectors/connect.js';
import { RowCollector } from '../../../src/ingest/connectors/connector.js';
import { FIXTURES, importFiles, pseudonym } from './support.js';

const at = (text: string) => Date.parse(text);
const customer = pseudonym;
const fixture = (name: string) => join(FIXTURES, 'connect', name);
const contactsOf = async (files: string[]) =>
  ((await importFiles('connect', files)).records.contacts ?? []).sort((a, b) => a.id.localeCompare(b.id));

const A = 'a1b2c3d4-0001-4000-8000-000000000001';
const B = 'a1b2c3d4-0002-4000-8000-000000000002';
const C = 'a1b2c3d4-0004-4000-8000-000000000004';
const D = 'a1b2c3d4-0005-4000-8000-000000000005';
const FILES = [fixture('ctr-stream.ndjson'), fixture('firehose-2026-10-05-11')];

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
  it('maps the fixture records, deduplicated on ContactId and transfers linked, into the expected contacts', async () => {
    const { errors } = await importFiles('connect', FILES);
    expect(errors).toEqual([]);
    const contacts = await contactsOf(FILES);
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
    const files = FILES.map((name) => ({ name, text: readFileSync(name, 'utf8') }));
    expect(readContactRecords(files, new RowCollector())).toEqual({
      'a contact record delivered again or superseded (latest LastUpdateTimestamp kept)': 2,
    });
  });

  it('gives the same contacts whatever the order of the files', async () => {
    expect(await contactsOf([...FILES].reverse())).toEqual(await contactsOf(FILES));
  });

  it('names file, line, field and reason of a bad record', async () => {
    const { records, errors, mapped } = await importFiles('connect', [fixture('ctr-bad.json')]);
    expect(records.contacts ?? []).toEqual([]);
    expect(mapped.rejected).toBe(3);
    expect(errors.map((e) => ({ ...e, file: e.file.replace(/.*\//, '') }))).toEqual([
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
    const out = new RowCollector();
    readContactRecords(
      [
        { name: 'cut.json', text: '{"ContactId": "x",\n "Channel": "VOICE"' },
        { name: 'dup.json', text: '\n{"ContactId": "x", "ContactId": "y"}' },
      ],
      out,
    );
    expect(out.errors).toEqual([
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
    for (const f of FILES) expect(looksLikeContactRecords(readFileSync(f, 'utf8'))).toBe(true);
    expect(looksLikeContactRecords('{"conversations": []}')).toBe(false);
  });
});
