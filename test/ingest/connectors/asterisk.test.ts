/** Asterisk queue_log → contacts (src/ingest/connectors/asterisk.ts), through the pipeline's normalise. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../src/domain/records.js';
import { looksLikeQueueLog, readQueueLog } from '../../../src/ingest/connectors/asterisk.js';
import { RowCollector } from '../../../src/ingest/connectors/connector.js';
import { FIXTURES, importFiles, pseudonym } from './support.js';

const LOG = join(FIXTURES, 'asterisk', 'queue_log');
const dir = mkdtempSync(join(tmpdir(), 'accord-asterisk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const customer = pseudonym;
const contactsOf = async (files: string[]) =>
  ((await importFiles('asterisk', files)).records.contacts ?? []).sort((a, b) => a.id.localeCompare(b.id));

const base: Omit<Contact, 'id' | 'createdAt'> = {
  source: 'asterisk',
  channel: 'phone',
  direction: 'inbound',
  language: null,
  queue: 'support-nl',
  segment: null,
  priority: null,
  category: null,
  answeredAt: null,
  abandonedAt: null,
  firstResponseAt: null,
  resolvedAt: null,
  firstResolvedAt: null,
  reopenCount: null,
  handleSeconds: null,
  firstTimeRight: null,
  agent: null,
  customer: null,
  attributes: {},
};
const s = (epoch: number) => epoch * 1000;

describe('the Asterisk queue_log connector', () => {
  it('stitches the fixture log by call id into the expected contacts', async () => {
    const { records, errors } = await importFiles('asterisk', [LOG]);
    expect(errors).toEqual([]);
    const contacts = records.contacts ?? [];
    const byId = new Map(contacts.map((c) => [c.id, c]));
    expect(contacts).toHaveLength(7);
    expect(byId.get('1791180100.11')).toEqual({
      ...base,
      id: '1791180100.11',
      createdAt: s(1791180100),
      answeredAt: s(1791180112),
      handleSeconds: 240,
      agent: 'PJSIP/2002',
      customer: customer('+31612345678'),
      attributes: { end_event: 'COMPLETECALLER' },
    });
    expect(byId.get('1791180200.21')).toMatchObject({
      createdAt: s(1791180200),
      abandonedAt: s(1791180245),
      answeredAt: null,
      attributes: { end_event: 'ABANDON' },
    });
    // A timeout leaves the queue unanswered: counted as not answered, the way out kept.
    expect(byId.get('1791180400.41')).toMatchObject({
      queue: 'support-de',
      abandonedAt: s(1791180700),
      attributes: { end_event: 'EXITWITHTIMEOUT' },
    });
    // Transferred to a second queue: one contact, waited 40 s in the first, talk time of both legs.
    expect(byId.get('1791180500.51')).toMatchObject({
      queue: 'support-nl',
      createdAt: s(1791180500),
      answeredAt: s(1791180540),
      handleSeconds: 400,
      agent: 'PJSIP/2001',
      attributes: { end_event: 'COMPLETEAGENT', queue_entries: '2' },
    });
    // Answered and not yet ended, and still waiting: open.
    expect(byId.get('1791180900.61')).toMatchObject({
      answeredAt: s(1791180905),
      handleSeconds: null,
      attributes: { end_event: 'open' },
    });
    expect(byId.get('1791181000.71')).toMatchObject({
      answeredAt: null,
      abandonedAt: null,
      attributes: { end_event: 'open' },
    });
    const ignored = readQueueLog([{ name: LOG, text: readFileSync(LOG, 'utf8') }], new RowCollector());
    expect(ignored).toEqual({
      'QUEUESTART: system event, not a call': 1,
      'ADDMEMBER: agent membership, not a call': 1,
      'DID: the dialled number, not a queue event': 1,
      "RINGNOANSWER: an agent's unanswered ring, not the caller's wait": 1,
      'PAUSE: agent pause, not a call': 1,
    });
  });

  it('gives the same contacts whatever the order of the lines and files', async () => {
    const lines = readFileSync(LOG, 'utf8').trim().split('\n');
    const half = Math.floor(lines.length / 2);
    const reversed = await contactsOf([
      file('queue_log.1', `${lines.slice(half).reverse().join('\n')}\n`),
      file('queue_log.0', lines.slice(0, half).reverse().join('\n')),
    ]);
    expect(reversed).toEqual(await contactsOf([LOG]));
    expect(reversed).toHaveLength(7);
  });

  it('names file, line, field and reason of a bad line, and does not store its call', async () => {
    const text = [
      '1791180100|C1|q|NONE|ENTERQUEUE||123|1',
      '1791180110|C1|q|SIP/1|CONNECT|ten|x|1',
      '2026-10-05 08:00:00|C2|q|NONE|ENTERQUEUE||1|1',
      '1791180200|C3|q|NONE|ENTERQUEUE||1|1',
      '1791180210|C3|q',
      '1791180300|C4|q|NONE|ENTERQUEUE||1|1',
      '1791180330|C4|q|NONE|ABANDON|1|1|',
      '1791180400|C5|q|NONE|ENTERQUEUE||1|1',
      '1791180410|C5|q|SIP/1|CONNECT|10|x|1',
      '1791180420|C5|q|SIP/1|COMPLETECALLER|10|-3|1',
    ].join('\n');
    const path = file('queue_log', text);
    const { records, errors, mapped } = await importFiles('asterisk', [path]);
    expect(records.contacts ?? []).toEqual([]);
    expect(mapped.rejected).toBe(5);
    expect(errors.map((e) => ({ ...e, file: e.file === path ? 'queue_log' : e.file }))).toEqual([
      {
        file: 'queue_log',
        line: 2,
        field: 'holdtime',
        message: 'CONNECT "ten" is not a whole number of seconds',
      },
      {
        file: 'queue_log',
        line: 3,
        field: 'time',
        message: '"2026-10-05 08:00:00" is not a Unix time in seconds',
      },
      {
        file: 'queue_log',
        line: 5,
        field: null,
        message: 'has 3 fields; a queue_log line has at least 5 (time|callid|queuename|agent|event)',
      },
      {
        file: 'queue_log',
        line: 7,
        field: 'waittime',
        message: 'ABANDON "" is not a whole number of seconds',
      },
      {
        file: 'queue_log',
        line: 10,
        field: 'calltime',
        message: 'COMPLETECALLER "-3" is not a whole number of seconds',
      },
      {
        file: 'queue_log',
        line: 1,
        field: 'callid',
        message: 'call "C1" is not stored: one of its lines is bad',
      },
      {
        file: 'queue_log',
        line: 3,
        field: 'callid',
        message: 'call "C2" is not stored: one of its lines is bad',
      },
      {
        file: 'queue_log',
        line: 4,
        field: 'callid',
        message: 'call "C3" is not stored: one of its lines is bad',
      },
      {
        file: 'queue_log',
        line: 6,
        field: 'callid',
        message: 'call "C4" is not stored: one of its lines is bad',
      },
      {
        file: 'queue_log',
        line: 8,
        field: 'callid',
        message: 'call "C5" is not stored: one of its lines is bad',
      },
    ]);
  });

  it('refuses a line beyond the length bound', () => {
    const out = new RowCollector();
    readQueueLog([{ name: 'q', text: `1791180100|C1|q|NONE|ENTERQUEUE||${'9'.repeat(9000)}|1` }], out);
    expect(out.rejected).toBe(1);
    expect(out.errors).toEqual([
      { file: 'q', line: 1, field: null, message: 'is longer than 8192 characters: not a queue_log line' },
    ]);
  });

  it('knows a queue_log by its content', () => {
    expect(looksLikeQueueLog(readFileSync(LOG, 'utf8'))).toBe(true);
    expect(looksLikeQueueLog('{"conversations":[]}')).toBe(false);
    expect(looksLikeQueueLog('id,channel,created_at\n')).toBe(false);
  });
});
