import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { contractText } from '../api/support.js';
import { runCli, tempFiles } from '../support/cli.js';
import { DIALECTS, freshLocation, requireDialect, type TestStoreLocation } from '../support/stores.js';

const KEY = 'test-pseudonym-key';
const hmac = (value: string) => createHmac('sha256', KEY).update(value).digest('hex');

const HEADER = 'id,channel,created_at,answered_at,customer,language';
const GOOD_ROWS = [
  'C1,phone,2026-10-05T08:14:02+02:00,2026-10-05T08:14:30+02:00,cust-1,nl',
  'C2,email,2026-10-05T09:00:00Z,,cust-2,de',
  'C3,chat,2026-10-05T10:00:00+02:00,,,en',
];

interface Summary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { file: string; line: number; field: string | null; message: string }[];
}

const locations: TestStoreLocation[] = [];
async function sqliteDb(): Promise<{ url: string; path: string }> {
  const location = await freshLocation('sqlite');
  locations.push(location);
  return { url: location.url, path: location.url.slice('sqlite:'.length) };
}

/** A contract whose partner owns `default` and keeps survey comments (`data: { comments: keep }`). */
async function keepingComments(url: string, retention?: string): Promise<void> {
  const dir = tempFiles({
    'contract.yaml': [
      contractText('keeps-comments'),
      'data:',
      '  comments: keep',
      ...(retention === undefined ? [] : [`  retention: ${retention}`]),
      '',
    ].join('\n'),
  });
  const r = await runCli(['contract', 'import', join(dir, 'contract.yaml'), '--db', url]);
  expect(r.code, r.stderr).toBe(0);
}

async function ingest(args: string[]): Promise<{ code: number; summary: Summary; stderr: string }> {
  const r = await runCli(['ingest', ...args, '--json']);
  const lines = r.stdout.trim().split('\n');
  expect(lines.length, r.stdout).toBe(1);
  return { code: r.code, summary: JSON.parse(lines[0]!) as Summary, stderr: r.stderr };
}

async function status(url: string): Promise<Record<string, number>> {
  const r = await runCli(['status', '--db', url, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, number>;
}

beforeAll(() => {
  vi.stubEnv('ACCORD_PSEUDONYM_KEY', KEY);
  vi.stubEnv('ACCORD_ACTOR', 'test');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const l of locations) await l.drop();
});

describe('accord ingest: summary and exit codes', () => {
  it('stores a clean file (exit 0) and finds it unchanged the second time', async () => {
    const dir = tempFiles({ 'contacts.csv': [HEADER, ...GOOD_ROWS].join('\n') });
    const { url } = await sqliteDb();
    const file = join(dir, 'contacts.csv');
    const first = await ingest([file, '--db', url]);
    expect(first.code).toBe(0);
    expect(first.summary).toEqual({
      read: 3,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
      warnings: [],
    });
    expect(Object.keys(first.summary).slice(0, 6)).toEqual([
      'read',
      'inserted',
      'updated',
      'unchanged',
      'rejected',
      'errors',
    ]);
    const second = await ingest([file, '--db', url]);
    expect(second.code).toBe(0);
    expect(second.summary).toMatchObject({ read: 3, inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(await status(url)).toMatchObject({ contacts: 3, status_events: 0 });
  });

  it('updates instead of duplicating when a corrected file arrives under another name', async () => {
    const dir = tempFiles({
      'contacts.csv': [HEADER, ...GOOD_ROWS].join('\n'),
      'contacts-v2.csv': [HEADER, GOOD_ROWS[0], GOOD_ROWS[1]!.replace(',de', ',fr'), GOOD_ROWS[2]].join('\n'),
    });
    const { url } = await sqliteDb();
    await ingest([join(dir, 'contacts.csv'), '--db', url]);
    const r = await ingest([join(dir, 'contacts-v2.csv'), '--db', url]);
    expect(r.summary).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    // An explicit --source is another feeding system: its records are its own.
    const other = await ingest([join(dir, 'contacts.csv'), '--db', url, '--source', 'genesys']);
    expect(other.summary).toMatchObject({ inserted: 3 });
    expect((await status(url)).contacts).toBe(6);
  });

  it('stores the good rows and reports the bad ones with file, line and field (exit 3)', async () => {
    const dir = tempFiles({
      'contacts.csv': [
        HEADER,
        GOOD_ROWS[0],
        'C9,phone,05-10-2026 08:14,,x,nl',
        'C10,fax,2026-10-05T08:14:02+02:00,,,nl',
        'C11,phone,2026-10-05T08:14:02,,,nl',
        'C12,phone',
        GOOD_ROWS[1],
      ].join('\n'),
    });
    const { url } = await sqliteDb();
    const file = join(dir, 'contacts.csv');
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(3);
    expect(r.summary).toMatchObject({ read: 6, inserted: 2, updated: 0, unchanged: 0, rejected: 4 });
    expect(r.summary.errors).toEqual([
      {
        file,
        line: 3,
        field: 'created_at',
        message:
          '"05-10-2026 08:14" has no offset and is not ISO 8601 (write e.g. 2026-10-05T08:14:00+02:00)',
      },
      {
        file,
        line: 4,
        field: 'channel',
        message: '"fax" is not a channel (phone, email, chat, messaging, social, web, other)',
      },
      { file, line: 5, field: 'created_at', message: '"2026-10-05T08:14:02" has no offset' },
      { file, line: 6, field: null, message: 'has 2 values, the header has 6' },
    ]);
    // Without --json: a summary on stdout, the errors as file:line field: message on stderr.
    const human = await runCli(['ingest', file, '--db', url]);
    expect(human.code).toBe(3);
    expect(human.stdout).toBe('read 6 records: 0 inserted, 0 updated, 2 unchanged, 4 rejected (2 stored)\n');
    expect(human.stderr).toContain(`${file}:3 created_at: "05-10-2026 08:14" has no offset`);
    expect(human.stderr).toContain(`${file}:6 has 2 values, the header has 6`);
  });

  it('exits 1 when nothing could be stored: every row bad, a missing file, an empty file', async () => {
    const dir = tempFiles({
      'contacts.csv': [HEADER, 'C9,phone,yesterday,,x,nl'].join('\n'),
      'outages.csv': '',
    });
    const { url } = await sqliteDb();
    const bad = await ingest([join(dir, 'contacts.csv'), '--db', url]);
    expect(bad.code).toBe(1);
    expect(bad.summary).toMatchObject({ read: 1, inserted: 0, rejected: 1 });
    const missing = await ingest([join(dir, 'nope.csv'), '--db', url]);
    expect(missing.code).toBe(1);
    expect(missing.summary.errors).toEqual([
      { file: join(dir, 'nope.csv'), line: 0, field: null, message: 'cannot be read (no such file)' },
    ]);
    const empty = await ingest([join(dir, 'outages.csv'), '--db', url]);
    expect(empty.code).toBe(1);
    expect(empty.summary.errors[0]?.message).toBe('is empty: no header line');
  });

  it('accepts a header-only file as zero records (exit 0)', async () => {
    const dir = tempFiles({ 'outages.csv': 'from,to,channel,reason\r\n' });
    const { url } = await sqliteDb();
    const r = await ingest([join(dir, 'outages.csv'), '--db', url]);
    expect(r.code).toBe(0);
    expect(r.summary).toMatchObject({ read: 0, inserted: 0, rejected: 0, errors: [] });
  });

  it('--strict checks everything first and stores nothing when a row is bad', async () => {
    const dir = tempFiles({
      'contacts.csv': [HEADER, ...GOOD_ROWS].join('\n'),
      'surveys.csv':
        'contact_id,kind,score,scale_min,scale_max,answered_at\nC1,csat,9,1,5,2026-10-05T12:00:00Z\n',
    });
    const { url } = await sqliteDb();
    const files = [join(dir, 'contacts.csv'), join(dir, 'surveys.csv')];
    const refused = await ingest([...files, '--db', url, '--strict']);
    expect(refused.code).toBe(1);
    expect(refused.summary).toMatchObject({ read: 4, inserted: 0, updated: 0, unchanged: 0, rejected: 1 });
    expect(refused.summary.errors[0]).toMatchObject({ line: 2, field: 'score' });
    expect(await status(url)).toMatchObject({ contacts: 0, surveys: 0 });
    const ok = await ingest([files[0]!, '--db', url, '--strict']);
    expect(ok.code).toBe(0);
    expect(ok.summary).toMatchObject({ inserted: 3 });
  });
});

describe('accord ingest: messy CSV', () => {
  it('reads a BOM, CRLF, ";" separators and quoted newlines, counting physical lines', async () => {
    const text =
      '\uFEFFid;channel;created_at;customer;notes\r\n' +
      'C1;phone;2026-10-05T08:00:00Z;cust-1;"first line\r\nsecond; line"\r\n' +
      'C2;email;2026-10-05T09:00:00Z;;plain\r\n' +
      'C3;chat;2026-10-05 10:00;;x\r\n';
    const dir = tempFiles({ 'contacts-export.csv': text });
    const { url } = await sqliteDb();
    const r = await ingest([join(dir, 'contacts-export.csv'), '--db', url]);
    expect(r.code).toBe(3);
    expect(r.summary).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    expect(r.summary.errors).toEqual([
      expect.objectContaining({ line: 5, field: 'created_at', message: '"2026-10-05 10:00" has no offset' }),
    ]);
    const store = await openStore(url);
    try {
      const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      expect(data.contacts[0]?.attributes).toEqual({ notes: 'first line\r\nsecond; line' });
      expect(data.contacts[0]?.customer).toBe(hmac('cust-1'));
    } finally {
      await store.close();
    }
  });

  it('lets the later of two rows with the same id win, counted as inserted then updated', async () => {
    const dir = tempFiles({
      'contacts.csv': [
        HEADER,
        'D1,phone,2026-10-05T08:00:00Z,,,nl',
        'D1,phone,2026-10-05T08:00:00Z,,,de',
      ].join('\n'),
    });
    const { url } = await sqliteDb();
    const r = await ingest([join(dir, 'contacts.csv'), '--db', url]);
    expect(r.summary).toMatchObject({ read: 2, inserted: 1, updated: 1, unchanged: 0 });
    const store = await openStore(url);
    try {
      const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      expect(data.contacts.map((c) => c.language)).toEqual(['de']);
    } finally {
      await store.close();
    }
  });

  it('names line and field of bytes that are not UTF-8', async () => {
    const dir = tempFiles({});
    const file = join(dir, 'contacts.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${HEADER},team\nC1,phone,2026-10-05T08:00:00Z,,,nl,Z`),
        Buffer.from([0xfc]), // ü in Latin-1
        Buffer.from('rich\nC2,phone,2026-10-05T08:00:00Z,,,nl,ok\n'),
      ]),
    );
    const { url } = await sqliteDb();
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(3);
    expect(r.summary.errors).toEqual([
      {
        file,
        line: 2,
        field: 'team',
        message: '"Z\uFFFDrich" contains bytes that are not UTF-8 (save the file as UTF-8)',
      },
    ]);
  });

  it('takes the kind from --kind and the format from --format when the name says nothing', async () => {
    const dir = tempFiles({
      'export.txt': '{"contact_id":"C1","kind":"nps","score":9,"answered_at":"2026-10-05T12:00:00Z"}\n',
    });
    const { url } = await sqliteDb();
    const r = await ingest([join(dir, 'export.txt'), '--kind', 'surveys', '--format', 'ndjson', '--db', url]);
    expect(r.code).toBe(0);
    expect((await status(url)).surveys).toBe(1);
    const unknown = tempFiles({ 'contacts.xlsx': 'x' });
    const u = await ingest([join(unknown, 'contacts.xlsx'), '--db', url]);
    expect(u.code).toBe(1);
    expect(u.summary.errors[0]?.message).toContain('--format csv');
  });
});

describe('accord ingest: NDJSON', () => {
  it('reads typed lines and nested children; a nested record counts as read', async () => {
    const lines = [
      {
        type: 'contact',
        id: 'T1',
        channel: 'email',
        created_at: '2026-10-05T08:00:00Z',
        customer: 'cust-9',
        status_events: [
          { status: 'new', at: '2026-10-05T08:00:00Z' },
          { status: 'solved', at: '2026-10-05T09:00:00Z', native_status: 'Opgelost' },
        ],
        surveys: [
          { kind: 'csat', score: 4, scale_min: 1, scale_max: 5, answered_at: '2026-10-05T10:00:00Z' },
        ],
      },
      { type: 'outage', from: '2026-10-05T08:00:00Z', to: '2026-10-05T08:30:00Z', channel: 'phone' },
      { type: 'incidents', id: 'INC-1', severity: 'high', raised_at: '2026-10-05T08:00:00Z' },
      {
        type: 'contacts',
        id: 'T2',
        channel: 'email',
        created_at: 'soon',
        status_events: [{ status: 'new' }],
      },
    ];
    const dir = tempFiles({ 'october.ndjson': `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` });
    const { url } = await sqliteDb();
    const file = join(dir, 'october.ndjson');
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(3);
    // 4 lines + 3 nested under T1 + 1 nested under T2.
    expect(r.summary).toMatchObject({ read: 8, inserted: 6, rejected: 2 });
    expect(r.summary.errors).toEqual([
      { file, line: 4, field: 'created_at', message: '"soon" is not an ISO 8601 instant' },
      {
        file,
        line: 4,
        field: 'status_events',
        message: '1 nested record not stored with the rejected contact',
      },
    ]);
    expect(await status(url)).toEqual({
      unownedSources: [],
      contacts: 1,
      status_events: 2,
      surveys: 1,
      qa_evaluations: 0,
      outages: 1,
      incidents: 1,
      privacy_incidents: 0,
      forecasts: 0,
    });
    const again = await ingest([file, '--db', url]);
    expect(again.summary).toMatchObject({ inserted: 0, unchanged: 6 });
  });

  it('a contact whose nested record is bad is rejected whole, with every nested record (issue 13.6)', async () => {
    const line = {
      type: 'contact',
      id: 'W1',
      channel: 'email',
      created_at: '2026-10-05T08:00:00Z',
      status_events: [
        { status: 'new', at: '2026-10-05T08:00:00Z' },
        { status: 'solved', at: '2026-10-05T09:00:00Z' },
      ],
      surveys: [
        { kind: 'csat', score: 4, scale_min: 1, scale_max: 5, answered_at: '2026-10-05T10:00:00Z' },
        { kind: 'csat', score: 7, scale_min: 1, scale_max: 5, answered_at: '2026-10-05T11:00:00Z' },
      ],
    };
    const good = { type: 'contact', id: 'W2', channel: 'phone', created_at: '2026-10-05T08:00:00Z' };
    const dir = tempFiles({ 'w.ndjson': `${JSON.stringify(line)}\n${JSON.stringify(good)}\n` });
    const { url } = await sqliteDb();
    const file = join(dir, 'w.ndjson');
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(3);
    expect(r.summary).toMatchObject({ read: 6, inserted: 1, rejected: 5 });
    expect(r.summary.errors).toEqual([
      { file, line: 1, field: 'surveys[1].score', message: '7 is outside the scale 1..5' },
      {
        file,
        line: 1,
        field: null,
        message:
          'is not stored with its 4 nested records, as 1 of them is bad: a contact is stored whole or not at all',
      },
    ]);
    expect(await status(url)).toMatchObject({ contacts: 1, status_events: 0, surveys: 0 });
  });

  it('refuses a line with a duplicate key, nested too deeply, or a count beyond 2^53 (issue 13.5, 13.6)', async () => {
    const c = '"type":"contact","channel":"phone","created_at":"2026-10-05T08:00:00Z"';
    const lines = [
      `{${c},"id":"K1","id":"K2"}`,
      `{${c},"id":"K3","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      `{${c},"id":"K4","reopen_count":9007199254740993}`,
      `{${c},"id":"K5","reopen_count":9007199254740991}`,
    ];
    const dir = tempFiles({ 'k.ndjson': `${lines.join('\n')}\n` });
    const { url } = await sqliteDb();
    const file = join(dir, 'k.ndjson');
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(3);
    expect(r.summary).toMatchObject({ read: 4, inserted: 1, rejected: 3 });
    expect(r.summary.errors).toEqual([
      { file, line: 1, field: 'id', message: 'duplicate key "id": a key may appear only once' },
      { file, line: 2, field: null, message: 'is nested more than 32 deep' },
      {
        file,
        line: 3,
        field: 'reopen_count',
        message:
          '9007199254740992 is beyond 2^53 − 1 (9007199254740991), the largest whole number kept exactly',
      },
    ]);
  });
});

describe('accord ingest: usage', () => {
  it('takes the connector formats: --kind is refused with one (exit 2), a missing file is named (exit 1)', async () => {
    const usage = await runCli(['ingest', 'tickets.json', '--format', 'zendesk', '--kind', 'contacts']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--kind');
    const dir = tempFiles({});
    const missing = join(dir, 'tickets.json');
    const r = await ingest([missing, '--format', 'zendesk', '--db', (await sqliteDb()).url]);
    expect(r.code).toBe(1);
    expect(r.summary.errors).toEqual([
      { file: missing, line: 0, field: null, message: 'cannot be read (no such file)' },
    ]);
  });

  it('refuses an unknown kind or format (exit 2) and a store address it cannot read (exit 1)', async () => {
    expect((await runCli(['ingest', 'x.csv', '--kind', 'tickets'])).code).toBe(2);
    expect((await runCli(['ingest', 'x.csv', '--format', 'xml'])).code).toBe(2);
    const dir = tempFiles({ 'contacts.csv': [HEADER, ...GOOD_ROWS].join('\n') });
    const r = await runCli(['ingest', join(dir, 'contacts.csv'), '--db', 'mysql://x/y']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a store address');
  });

  it('creates the pseudonymisation key on first use and says where (stderr)', async () => {
    const keyDir = tempFiles({});
    const keyFile = join(keyDir, 'sub', 'pseudonym.key');
    vi.stubEnv('ACCORD_PSEUDONYM_KEY', '');
    vi.stubEnv('ACCORD_PSEUDONYM_KEY_FILE', keyFile);
    try {
      const dir = tempFiles({ 'contacts.csv': [HEADER, ...GOOD_ROWS].join('\n') });
      const { url } = await sqliteDb();
      const r = await runCli(['ingest', join(dir, 'contacts.csv'), '--db', url, '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`created a new pseudonymisation key in ${keyFile}`);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(JSON.parse(r.stdout).warnings[0]).toContain(keyFile);
    } finally {
      vi.stubEnv('ACCORD_PSEUDONYM_KEY', KEY);
      vi.stubEnv('ACCORD_PSEUDONYM_KEY_FILE', '');
    }
  });
});

describe('accord status, audit and privacy', () => {
  it('logs one audit entry per ingest run', async () => {
    const dir = tempFiles({ 'contacts.csv': [HEADER, ...GOOD_ROWS].join('\n') });
    const { url } = await sqliteDb();
    await ingest([join(dir, 'contacts.csv'), '--db', url]);
    await ingest([join(dir, 'contacts.csv'), '--db', url]);
    const store = await openStore(url);
    try {
      const entries = await store.audit.list({ action: 'ingest' });
      expect(entries.map((e) => e.details)).toEqual([
        expect.objectContaining({ read: 3, inserted: 3, unchanged: 0 }),
        expect.objectContaining({ read: 3, inserted: 0, unchanged: 3 }),
      ]);
      expect(entries[0]?.actor).toBe('test');
      expect(await store.audit.verify()).toEqual({ ok: true, entries: 2 });
    } finally {
      await store.close();
    }
  });

  it('erase leaves no trace of the value or its pseudonym in the SQLite file', async () => {
    const value = 'jan.jansen@example.nl';
    const dir = tempFiles({
      'contacts.csv': [
        'id,channel,created_at,customer,customer_email,region',
        `C1,email,2026-10-05T08:00:00Z,${value},${value},noord`,
        `C2,chat,2026-10-06T08:00:00Z,${value},,zuid`,
        'C3,chat,2026-10-06T08:00:00Z,someone-else,,zuid',
      ].join('\n'),
      'surveys.csv': [
        'contact_id,kind,score,answered_at,comment',
        'C1,nps,3,2026-10-07T08:00:00Z,Jan Jansen was not helped',
        'C3,nps,9,2026-10-07T08:00:00Z,fine',
      ].join('\n'),
    });
    const { url, path } = await sqliteDb();
    await keepingComments(url);
    expect((await ingest([join(dir, 'contacts.csv'), join(dir, 'surveys.csv'), '--db', url])).code).toBe(0);
    const pseudonym = hmac(value);
    expect(readFileSync(path).includes(value)).toBe(false); // never stored raw
    const before = [path, `${path}-wal`].filter(existsSync).map((f) => readFileSync(f));
    expect(before.some((b) => b.includes(pseudonym))).toBe(true);

    const r = await runCli(['privacy', 'erase', '--customer', value, '--db', url, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ contacts: 2, surveyComments: 1 });

    const files = readdirSync(resolve(path, '..')).map((f) => join(resolve(path, '..'), f));
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes(value), f).toBe(false);
      expect(bytes.includes(pseudonym), f).toBe(false);
      expect(bytes.includes('Jan Jansen'), f).toBe(false);
    }
    const store = await openStore(url);
    try {
      const [entry] = await store.audit.list({ action: 'privacy.erase' });
      expect(entry?.details).toEqual({ contacts: 2, surveyComments: 1, qaEvaluations: 0, summaries: 0 });
      expect(JSON.stringify(entry)).not.toContain(pseudonym);
      expect(JSON.stringify(entry)).not.toContain(value);
      const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      expect(data.contacts.find((c) => c.id === 'C3')?.customer).toBe(hmac('someone-else'));
      expect(data.surveys.find((s) => s.contactId === 'C3')?.comment).toBe('fine');
    } finally {
      await store.close();
    }
  });

  it('erase without any key refuses (exit 1) rather than creating one', async () => {
    vi.stubEnv('ACCORD_PSEUDONYM_KEY', '');
    vi.stubEnv('ACCORD_PSEUDONYM_KEY_FILE', join(tempFiles({}), 'missing.key'));
    try {
      const { url } = await sqliteDb();
      const r = await runCli(['privacy', 'erase', '--customer', 'x', '--db', url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no pseudonymisation key');
    } finally {
      vi.stubEnv('ACCORD_PSEUDONYM_KEY', KEY);
      vi.stubEnv('ACCORD_PSEUDONYM_KEY_FILE', '');
    }
  });

  it('purge deletes free text older than the retention period, relative to --now', async () => {
    const dir = tempFiles({
      'surveys.csv': [
        'contact_id,kind,score,answered_at,comment',
        'C1,nps,3,2026-01-01T08:00:00Z,old comment',
        'C2,nps,9,2026-10-01T08:00:00Z,new comment',
      ].join('\n'),
      'incidents.csv': 'id,severity,raised_at,summary\nI1,high,2026-01-01T08:00:00Z,old summary\n',
    });
    const { url } = await sqliteDb();
    await keepingComments(url);
    await ingest([join(dir, 'surveys.csv'), join(dir, 'incidents.csv'), '--db', url]);
    const r = await runCli([
      'privacy',
      'purge',
      '--older-than',
      '90d',
      '--now',
      '2026-11-01T00:00:00Z',
      '--db',
      url,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      before: '2026-08-03T00:00:00.000Z',
      surveyComments: 1,
      incidentSummaries: 1,
      privacyIncidentSummaries: 0,
    });
    expect((await runCli(['privacy', 'purge', '--older-than', 'ninety days', '--db', url])).code).toBe(1);
  });

  it('keeps survey comments only where a contract allows it (data: { comments: keep })', async () => {
    const dir = tempFiles({
      'surveys.csv': 'contact_id,kind,score,answered_at,comment\nC1,nps,3,2026-10-07T08:00:00Z,a comment\n',
    });
    const comments = async (url: string) => {
      const store = await openStore(url);
      try {
        const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
        return data.surveys.map((x) => x.comment);
      } finally {
        await store.close();
      }
    };
    const dropped = await sqliteDb();
    expect((await ingest([join(dir, 'surveys.csv'), '--db', dropped.url])).code).toBe(0);
    expect(await comments(dropped.url)).toEqual([null]);
    const kept = await sqliteDb();
    await keepingComments(kept.url);
    expect((await ingest([join(dir, 'surveys.csv'), '--db', kept.url])).code).toBe(0);
    expect(await comments(kept.url)).toEqual(['a comment']);
  });

  it("purge without --older-than deletes what is older than each contract's data.retention", async () => {
    const dir = tempFiles({
      'contacts.csv': [
        'id,channel,created_at',
        'OLD,email,2024-11-30T08:00:00Z',
        'NEW,email,2024-12-02T08:00:00Z',
      ].join('\n'),
      'status_events.csv':
        'contact_id,status,at\nOLD,solved,2025-01-02T08:00:00Z\nNEW,solved,2025-01-02T08:00:00Z\n',
      'surveys.csv': 'contact_id,kind,score,answered_at\nNEW,nps,9,2024-11-29T08:00:00Z\n',
    });
    const { url } = await sqliteDb();
    await keepingComments(url, '24 months');
    expect(
      (
        await ingest(
          ['contacts.csv', 'status_events.csv', 'surveys.csv'].map((f) => join(dir, f)).concat('--db', url),
        )
      ).code,
    ).toBe(0);
    const r = await runCli(['privacy', 'purge', '--now', '2026-12-01T12:00:00+01:00', '--db', url, '--json']);
    expect(r.code, r.stderr).toBe(0);
    // 24 calendar months before 1 December 2026 (Amsterdam): records from before 1 December 2024 go, and
    // with the old contact its status event of 2025; the survey answered before the cut-off goes too.
    expect(JSON.parse(r.stdout).retention).toEqual([
      expect.objectContaining({
        contracts: ['keeps-comments'],
        retention: '24 months',
        before: '2024-11-30T23:00:00.000Z',
        deleted: expect.objectContaining({ contacts: 1, status_events: 1, surveys: 1 }),
      }),
    ]);
    const store = await openStore(url);
    try {
      const data = await store.records.readPeriodData({ from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
      expect(data.contacts.map((c) => c.id)).toEqual(['NEW']);
      expect(data.status_events.map((e) => e.contactId)).toEqual(['NEW']);
      expect(data.surveys).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('status prints every kind (human form too)', async () => {
    const { url } = await sqliteDb();
    const r = await runCli(['status', '--db', url]);
    expect(r.code).toBe(0);
    for (const kind of ['contacts', 'status_events', 'privacy_incidents', 'forecasts'])
      expect(r.stdout).toContain(kind);
  });
});

describe.each(DIALECTS)('accord ingest into $name', (d) => {
  it('stores, re-imports unchanged and counts', async (ctx) => {
    requireDialect(d, ctx);
    const location = await freshLocation(d.name);
    locations.push(location);
    const dir = tempFiles({
      'contacts.csv': [HEADER, ...GOOD_ROWS, 'C4,phone,nope,,,nl'].join('\n'),
      'status_events.csv':
        'contact_id,status,at\nC1,new,2026-10-05T08:14:02+02:00\nC1,solved,2026-10-05T08:20:00+02:00\n',
    });
    const files = [join(dir, 'contacts.csv'), join(dir, 'status_events.csv')];
    const first = await ingest([...files, '--db', location.url]);
    expect(first.code).toBe(3);
    expect(first.summary).toMatchObject({ read: 6, inserted: 5, rejected: 1 });
    const second = await ingest([...files, '--db', location.url]);
    expect(second.summary).toMatchObject({ read: 6, inserted: 0, unchanged: 5, rejected: 1 });
    expect(await status(location.url)).toMatchObject({ contacts: 3, status_events: 2 });
  });
});

/** Writes `n` valid contacts as CSV. */
async function writeContacts(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,channel,language,queue,created_at,answered_at,handle_seconds,agent,customer\n');
  const t0 = Date.parse('2026-10-01T00:00:00Z');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const created = new Date(t0 + i * 7_000).toISOString();
    const answered = new Date(t0 + i * 7_000 + 30_000).toISOString();
    chunk += `K${i},phone,nl,q${i % 5},${created},${answered},${i % 600},agent${i % 50},cust-${i % 9973}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

describe('accord ingest: a killed import', () => {
  it('leaves the store consistent after SIGKILL, and a re-run completes it', async () => {
    const N = 200_000;
    const dir = tempFiles({});
    const file = join(dir, 'contacts.csv');
    await writeContacts(file, N);
    const { url, path } = await sqliteDb();
    const repo = resolve(import.meta.dirname, '../..');
    let child: ChildProcess | undefined;
    let before = 0;
    try {
      child = spawn(
        process.execPath,
        ['--import', 'tsx', join(repo, 'test/support/accord-source.ts'), 'ingest', file, '--db', url],
        { cwd: repo, env: { ...process.env, ACCORD_PSEUDONYM_KEY: KEY }, stdio: 'ignore' },
      );
      const exited = new Promise<void>((r) => child!.once('exit', () => r()));
      // Kill it once some batches are committed, well before the end.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
        if (child.exitCode !== null) break;
        try {
          const db = new Database(path, { readonly: true, fileMustExist: true });
          try {
            before = (db.prepare('select count(*) as n from contacts').get() as { n: number }).n;
          } finally {
            db.close();
          }
        } catch {
          // Not created yet.
        }
        if (before > 0) break;
      }
      child.kill('SIGKILL');
      await exited;
    } finally {
      if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    }
    expect(before).toBeGreaterThan(0);

    const db = new Database(path);
    let stored: number;
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      stored = (db.prepare('select count(*) as n from contacts').get() as { n: number }).n;
    } finally {
      db.close();
    }
    expect(stored).toBeGreaterThanOrEqual(before);
    expect(stored).toBeLessThan(N);

    const rerun = await ingest([file, '--db', url]);
    expect(rerun.code).toBe(0);
    expect(rerun.summary).toMatchObject({
      read: N,
      inserted: N - stored,
      updated: 0,
      unchanged: stored,
      rejected: 0,
    });
    expect((await status(url)).contacts).toBe(N);
  }, 120_000);
});

describe('accord ingest: broken rows of data.md', () => {
  it('an open quote in row 3 of 1,000 rows is one error at its line; read counts every row (exit 3)', async () => {
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `C${i + 1},phone,2026-10-05T08:00:00Z,,${i === 2 ? '"cust' : 'cust'},nl`,
    );
    const dir = tempFiles({ 'contacts.csv': [HEADER, ...rows].join('\n') });
    const { url } = await sqliteDb();
    const r = await ingest([join(dir, 'contacts.csv'), '--db', url]);
    expect(r.code).toBe(3);
    expect(r.summary).toMatchObject({ read: 1000, inserted: 999, rejected: 1 });
    expect(r.summary.errors).toEqual([
      {
        file: join(dir, 'contacts.csv'),
        line: 4,
        field: 'customer',
        message: 'a quoted field opened on line 4 is never closed',
      },
    ]);
  });

  it('two stray quotes 500 rows apart: one error each, read counts every row (exit 3)', async () => {
    const rows = Array.from(
      { length: 1000 },
      (_, i) => `C${i + 1},phone,2026-10-05T08:00:00Z,,${i === 2 || i === 502 ? '"cust' : 'cust'},nl`,
    );
    const dir = tempFiles({ 'contacts.csv': [HEADER, ...rows].join('\n') });
    const { url } = await sqliteDb();
    const file = join(dir, 'contacts.csv');
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(3);
    expect(r.summary).toMatchObject({ read: 1000, inserted: 998, rejected: 2 });
    expect(r.summary.errors.map((e) => [e.line, e.message])).toEqual([
      [4, 'a quoted field opened on line 4 is never closed'],
      [504, 'a quoted field opened on line 504 is never closed'],
    ]);
  });

  it('a missing required column is one error for the file; every row is counted (exit 1)', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `C${i},2026-10-05T08:00:00Z,nl`);
    const dir = tempFiles({ 'contacts.csv': ['id,created_at,language', ...rows].join('\n') });
    const { url } = await sqliteDb();
    const file = join(dir, 'contacts.csv');
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(1);
    expect(r.summary).toMatchObject({ read: 50, inserted: 0, rejected: 50 });
    expect(r.summary.errors).toEqual([
      {
        file,
        line: 1,
        field: 'channel',
        message: 'header: the required column channel is missing, so no row can be stored',
      },
    ]);
  });

  it('a refused header (a column twice, one without a name, a quote never closed) counts its rows as read and rejected', async () => {
    const row = 'C1,phone,2026-10-05T08:00:00Z,x';
    const dir = tempFiles({
      'contacts-twice.csv': ['id,channel,created_at,channel', row, row.replace('C1', 'C2')].join('\n'),
      'contacts-unnamed.csv': ['id,channel,created_at,', row].join('\n'),
      'contacts-quote.csv': ['id,channel,created_at,"notes', row].join('\n'),
    });
    const { url } = await sqliteDb();
    const twice = join(dir, 'contacts-twice.csv');
    const unnamed = join(dir, 'contacts-unnamed.csv');
    const quote = join(dir, 'contacts-quote.csv');
    const r = await ingest([twice, unnamed, quote, '--db', url]);
    expect(r.code).toBe(1);
    expect(r.summary).toMatchObject({ read: 4, inserted: 0, rejected: 4 });
    expect(r.summary.errors).toEqual([
      { file: twice, line: 1, field: 'channel', message: 'header: column channel appears twice' },
      { file: unnamed, line: 1, field: null, message: 'header: column 4 has no name' },
      {
        file: quote,
        line: 1,
        field: null,
        message: 'header: a quoted field opened on line 1 is never closed',
      },
    ]);
  });

  it('a misspelt column gets "did you mean" in the summary and on stderr', async () => {
    const dir = tempFiles({
      'contacts.csv': [
        'id,channel,created_at,answerd_at',
        'C1,phone,2026-10-05T08:00:00Z,2026-10-05T08:00:09Z',
      ].join('\n'),
    });
    const { url } = await sqliteDb();
    const file = join(dir, 'contacts.csv');
    const r = await ingest([file, '--db', url]);
    expect(r.code).toBe(0);
    const warning = `${file}: column answerd_at: did you mean answered_at? (kept as an attribute, not read as answered_at)`;
    expect((r.summary as unknown as { warnings: string[] }).warnings).toEqual([warning]);
    const text = await runCli(['ingest', file, '--db', url]);
    expect(text.stderr).toContain('did you mean answered_at?');
  });

  it('a contact without a channel is rejected: file:line channel: is required', async () => {
    const dir = tempFiles({
      'contacts.csv': [HEADER, 'C1,,2026-10-05T08:00:00Z,,,nl', GOOD_ROWS[0]].join('\n'),
    });
    const { url } = await sqliteDb();
    const file = join(dir, 'contacts.csv');
    const r = await runCli(['ingest', file, '--db', url]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${file}:2 channel: is required`);
  });
});
