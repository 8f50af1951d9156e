/**
 * Period blocks (src/store/period-blocks.ts): the period reader gives the same columns and the same digest
 * from the blocks as from the rows, for a month in a contract's zone (whose edges cut UTC days), with
 * sources, exclusions and fields; every write that changes a day's rows takes that day's blocks away in
 * its transaction, so that the next read is again what the rows say; a block built before a write is not
 * saved after it.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EvaluationData } from '../../src/domain/evaluation/columns.js';
import { STATUSES } from '../../src/domain/records.js';
import type { StoredRecord } from '../../src/store/index.js';
import { BodyBuffers, PIECES } from '../../src/store/period-blocks.js';
import { BLOCK_ROWS, LARGE_READ } from '../../src/store/period-columns.js';
import { CopyPieces, postgresRowStreams, sqliteRowStreams } from '../../src/store/row-stream.js';
import { parseStoreUrl } from '../../src/store/url.js';
import { contact, MINUTE, qa, rec, statusEvent, survey } from '../support/records.js';
import { DIALECTS, type RawDb, useStore, withRawDb } from '../support/stores.js';

const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** October 2026 in Europe/Amsterdam: from 30 September 22:00 UTC to 31 October 23:00 UTC. */
const october = { from: Date.parse('2026-09-30T22:00:00Z'), to: Date.parse('2026-10-31T23:00:00Z') };
const DAY_OF = (ms: number) => Math.floor(ms / DAY);

/** Contacts every 5 hours from 29 September to 2 November, three sources, events and surveys. */
function records(): StoredRecord[] {
  const out: StoredRecord[] = [];
  const start = Date.parse('2026-09-29T00:00:00Z');
  for (let i = 0; i < 170; i++) {
    const source = ['b', 'a', 'c'][i % 3]!;
    const id = `C${i}`;
    const at = start + i * 5 * HOUR + (i % 7) * MINUTE;
    out.push(
      rec.contacts(
        contact(id, {
          source,
          createdAt: at,
          channel: i % 4 === 0 ? 'email' : 'phone',
          language: i % 2 === 0 ? 'nl' : 'de',
          queue: i % 5 === 0 ? 'billing' : null,
          agent: `agent-${i % 3}`,
          answeredAt: i % 6 === 0 ? null : at + 20_000,
          handleSeconds: i % 8 === 0 ? null : 100 + i,
          firstTimeRight: i % 3 === 0 ? null : i % 2 === 0,
          attributes: i % 4 === 1 ? { tier: i % 8 === 1 ? 'gold' : 'silver' } : {},
        }),
      ),
      rec.status_events(statusEvent(id, at, { source })),
      rec.status_events(statusEvent(id, at + 3 * DAY, { source, status: 'solved' })),
    );
    if (i % 3 === 0) out.push(rec.surveys(survey(id, { source, answeredAt: at + 2 * HOUR, score: i % 10 })));
  }
  // Contacts created before the month, named by a survey and a QA evaluation in it: they come along.
  const inOctober = Date.parse('2026-10-05T08:00:00Z');
  out.push(
    rec.surveys(survey('C1', { source: 'a', answeredAt: inOctober })),
    rec.qa_evaluations(qa('C2', { source: 'c', evaluatedAt: inOctober })),
    rec.qa_evaluations(qa('C9', { source: 'b', evaluatedAt: inOctober })),
  );
  return out;
}

/** Everything the reader fills for contacts, events and surveys, as comparable lines. */
function snapshot(d: EvaluationData) {
  const name = (k: number) => `${d.sources.values[d.keys.source(k)]}/${d.keys.id(k)}`;
  const c = d.contacts;
  const contacts = Array.from({ length: c.length }, (_, i) =>
    JSON.stringify([
      name(c.key[i]!),
      d.channels.values[c.channel[i]!],
      d.directions.values[c.direction[i]!],
      d.languages.values[c.language[i]!],
      d.queues.values[c.queue[i]!],
      d.segments.values[c.segment[i]!],
      d.agents.values[c.agent[i]!],
      d.priorities.values[c.priority[i]!],
      d.categories.values[c.category[i]!],
      c.createdAt.get(i),
      c.answeredAt.get(i),
      c.abandonedAt.get(i),
      c.firstResponseAt.get(i),
      c.resolvedAt.get(i),
      c.firstResolvedAt.get(i),
      c.reopenCount.get(i),
      c.handleSeconds.get(i),
      c.firstTimeRight[i],
      [...c.attributes].map(([n, a]) => `${n}=${a.values.values[a.codes[i]!]}`),
    ]),
  );
  const ev = d.events;
  const events = Array.from(
    { length: ev.length },
    (_, i) => `${name(ev.key[i]!)} ${STATUSES[ev.status[i]!]} ${ev.at.get(i)}`,
  );
  const sv = d.surveys;
  const surveys = Array.from(
    { length: sv.length },
    (_, i) =>
      `${name(sv.key[i]!)} ${sv.kind[i]} ${sv.score[i]} ${sv.scaleMin[i]} ${sv.scaleMax[i]} ${sv.answeredAt[i]}`,
  );
  return { contacts, events, surveys };
}

const blockRows = (db: RawDb) =>
  db
    .selectFrom('period_blocks')
    .select(['kind', 'day'])
    .where('piece', '=', 0)
    .execute()
    .then((rows) => rows.map((r) => `${r.kind} ${Number(r.day)}`).sort());

describe.each(DIALECTS)('period blocks on $name', (d) => {
  const t = useStore(d);

  /** Reads the month from the blocks and from the rows, and expects the same. */
  async function same(options: Parameters<typeof t.store.records.readPeriodColumns>[1] = {}) {
    const fromBlocks = await t.store.records.readPeriodColumns(october, options);
    const fromRows = await t.store.records.readPeriodColumns(october, { ...options, blocks: false });
    expect(snapshot(fromBlocks.data)).toEqual(snapshot(fromRows.data));
    expect(fromBlocks.digest).toBe(fromRows.digest);
    return fromBlocks;
  }

  it('reads the same columns and digest from the blocks as from the rows, and keeps the blocks', async () => {
    await t.store.records.write(records());
    const first = await same();
    expect(first.data.contacts.length).toBeGreaterThan(140);
    const names = snapshot(first.data).contacts.map((c) => (JSON.parse(c) as string[])[0]);
    expect(names).toContain('a/C1');
    expect(names).toContain('c/C2');
    // Every UTC day the month touches has its three blocks: 30 September to 31 October.
    const days = await withRawDb(t.url, blockRows);
    expect(days).toHaveLength(3 * 32);
    expect(days).toContain(`contacts ${DAY_OF(october.from)}`);
    expect(days).toContain(`surveys ${DAY_OF(october.to - 1)}`);
    // Read again from the kept blocks: the same.
    await same();
    await same({ sources: ['a', 'c'] });
    await same({
      exclusions: [
        { source: 'a', contactId: 'C10' },
        { source: 'b', contactId: 'C9' },
      ],
    });
    await same({ fields: new Set(['queue']) });
    await same({ fields: new Set(['tier']), sources: ['b'] });
  });

  it('reads a day of several blocks of many pieces, and a day of contacts without events, as the rows give them', async () => {
    const rows = { ...BLOCK_ROWS };
    const piece = PIECES.bytes;
    const large = { ...LARGE_READ };
    Object.assign(BLOCK_ROWS, { contacts: 512, surveys: 100 });
    PIECES.bytes = 1000;
    // A large read here: the working memory is freed after the busy day is built, and at the end.
    Object.assign(LARGE_READ, { contacts: 1000, built: 500 });
    onTestFinished(() => {
      Object.assign(BLOCK_ROWS, rows);
      PIECES.bytes = piece;
      Object.assign(LARGE_READ, large);
    });
    const day = Date.parse('2026-10-14T00:00:00Z');
    const busy: StoredRecord[] = [];
    for (let i = 0; i < 1100; i++) {
      const source = i % 2 === 0 ? 'a' : 'b';
      const at = day + i * MINUTE;
      busy.push(rec.contacts(contact(`B${i}`, { source, createdAt: at })));
      // Every third contact has no event; the others one to three.
      for (let e = 0; e < i % 3; e++)
        busy.push(
          rec.status_events(
            statusEvent(`B${i}`, at + e * HOUR, { source, status: e === 0 ? 'open' : 'solved' }),
          ),
        );
      if (i % 5 === 0) busy.push(rec.surveys(survey(`B${i}`, { source, answeredAt: at + HOUR })));
    }
    // A day whose contacts have no status event at all.
    for (let i = 0; i < 3; i++)
      busy.push(rec.contacts(contact(`Q${i}`, { source: 'a', createdAt: day + DAY + i * HOUR })));
    await t.store.records.write(busy);
    await same();
    await same();
    const pieces = await withRawDb(t.url, (db) =>
      db
        .selectFrom('period_blocks')
        .select(['kind', 'part', 'piece', 'rows', (e) => e.fn('length', ['body']).as('bytes')])
        .where('day', '=', DAY_OF(day))
        .orderBy('kind')
        .orderBy('part')
        .orderBy('piece')
        .execute(),
    );
    const parts = pieces.filter((p) => Number(p.piece) === 0).map((r) => `${r.kind} ${Number(r.part)}`);
    // Each contact block (512 contacts) is stored in pieces of 1,000 bytes, the last one shorter; only
    // the first piece counts the rows.
    const first = pieces.filter((p) => p.kind === 'contacts' && Number(p.part) === 0);
    expect(first.length).toBeGreaterThan(20);
    expect(first.slice(0, -1).every((p) => Number(p.bytes) === 1000)).toBe(true);
    expect(first.map((p) => Number(p.rows))).toEqual([512, ...first.slice(1).map(() => 0)]);
    expect(parts).toEqual([
      'contacts 0',
      'contacts 1',
      'contacts 2',
      'status_events 0',
      'status_events 1',
      'status_events 2',
      'surveys 0',
      'surveys 1',
      'surveys 2',
    ]);
    await same({ sources: ['b'], exclusions: [{ source: 'a', contactId: 'B600' }] });
  });

  it('takes away the blocks of the days a write changes, and reads the change', async () => {
    await t.store.records.write(records());
    await same();
    const before = await withRawDb(t.url, blockRows);
    const created = (i: number) => Date.parse('2026-09-29T00:00:00Z') + i * 5 * HOUR + (i % 7) * MINUTE;
    // C40 moves from its day to 20 October; C20 gets a late event; a new survey on 25 October.
    const moved = Date.parse('2026-10-20T10:00:00Z');
    await t.store.records.write([
      rec.contacts(contact('C40', { source: 'a', createdAt: moved, channel: 'phone', language: 'nl' })),
    ]);
    await t.store.records.write([
      rec.status_events(statusEvent('C20', created(20) + 5 * DAY, { source: 'c', status: 'on_hold' })),
    ]);
    await t.store.records.write([
      rec.surveys(survey('C50', { source: 'c', answeredAt: Date.parse('2026-10-25T12:00:00Z'), score: 3 })),
    ]);
    const after = await withRawDb(t.url, blockRows);
    const gone = before.filter((b) => !after.includes(b)).sort();
    expect(gone).toEqual(
      [
        `contacts ${DAY_OF(created(40))}`,
        `status_events ${DAY_OF(created(40))}`,
        `contacts ${DAY_OF(moved)}`,
        `status_events ${DAY_OF(moved)}`,
        `contacts ${DAY_OF(created(20))}`,
        `status_events ${DAY_OF(created(20))}`,
        `surveys ${DAY_OF(Date.parse('2026-10-25T12:00:00Z'))}`,
      ].sort(),
    );
    const read = await same();
    expect(snapshot(read.data).events.some((e) => e.startsWith('c/C20 on_hold'))).toBe(true);

    // The same rows again change nothing, and take no block away.
    const kept = await withRawDb(t.url, blockRows);
    await t.store.records.write(records().filter((r) => r.kind === 'status_events'));
    expect(await withRawDb(t.url, blockRows)).toEqual(kept);
  });

  it('takes every block away when personal data is erased', async () => {
    await t.store.records.write(records());
    await same();
    await t.store.privacy.eraseCustomer(['0'.repeat(64)], () => false, {
      at: Date.parse('2026-11-15T00:00:00Z'),
      actor: 'test',
    });
    expect(await withRawDb(t.url, blockRows)).toEqual([]);
    await same();
  });

  it('does not save a block built before a write that committed since', async () => {
    await t.store.records.write(records());
    const location = parseStoreUrl(t.url);
    const seq = () =>
      withRawDb(t.url, (db) =>
        db
          .selectFrom('record_changes')
          .select('seq')
          .where('scope', '=', '*')
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.seq)),
      );
    const block = { kind: 'surveys', day: 1, part: 0, format: 1, rows: 0, body: new Uint8Array(8) };
    const before = await seq();
    await t.store.records.write([rec.contacts(contact('LATE', { source: 'a', createdAt: october.from }))]);
    expect(await seq()).toBe(before + 1);
    if (location.dialect === 'sqlite') {
      const db = new Database(location.path);
      try {
        const streams = sqliteRowStreams(db);
        expect(await streams.saveBlocks(before, [block])).toBe(false);
        expect(await streams.saveBlocks(before + 1, [block])).toBe(true);
      } finally {
        db.close();
      }
    } else {
      const pool = new pg.Pool({
        connectionString: location.connectionString,
        max: 1,
        ...(location.schema === undefined ? {} : { options: `-c search_path=${location.schema}` }),
      });
      try {
        const streams = postgresRowStreams(pool);
        expect(await streams.saveBlocks(before, [block])).toBe(false);
        expect(await streams.saveBlocks(before + 1, [block])).toBe(true);
      } finally {
        await pool.end();
      }
    }
    expect(await withRawDb(t.url, blockRows)).toEqual(['surveys 1']);
  });
});

/** A binary COPY of `piece, body` rows as PostgreSQL sends it, with a header extension of `extension` bytes. */
function binaryCopy(rows: readonly [number, Uint8Array][], extension = 0): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)];
  parts[1]!.writeUInt32BE(extension, 4);
  parts.push(Buffer.alloc(extension, 7));
  for (const [piece, body] of rows) {
    const head = Buffer.alloc(2 + 4 + 4 + 4);
    head.writeInt16BE(2, 0);
    head.writeInt32BE(4, 2);
    head.writeInt32BE(piece, 6);
    head.writeInt32BE(body.length, 10);
    parts.push(head, Buffer.from(body));
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

describe('stored bodies put together from their pieces', () => {
  const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);
  // Three bodies: one of three pieces, an empty one, and one of a single piece.
  const a = [bytes(5, 1), bytes(5, 2), bytes(3, 3)];
  const c = bytes(4, 9);
  const rows: [number, Uint8Array][] = [
    [0, a[0]!],
    [1, a[1]!],
    [2, a[2]!],
    [0, new Uint8Array(0)],
    [0, c],
  ];
  const expected = [Buffer.concat(a), Buffer.alloc(0), Buffer.from(c)];

  it('parses a binary COPY however its chunks are cut', () => {
    for (const extension of [0, 3]) {
      const copy = binaryCopy(rows, extension);
      for (let cut = 0; cut <= copy.length; cut++)
        for (const size of [1, 2, 7, copy.length]) {
          const into = new BodyBuffers(1).writer();
          const parser = new CopyPieces(into);
          parser.push(copy.subarray(0, cut));
          for (let at = cut; at < copy.length; at += size) parser.push(copy.subarray(at, at + size));
          parser.end();
          expect(into.bodies().map((b) => Buffer.from(b))).toEqual(expected);
        }
    }
  });

  it('refuses a COPY that ends within a row, or is not a COPY of pieces', () => {
    const copy = binaryCopy(rows);
    const cutShort = new CopyPieces(new BodyBuffers(1).writer());
    cutShort.push(copy.subarray(0, copy.length - 3));
    expect(() => cutShort.end()).toThrow(/ended within a row/);
    expect(() => new CopyPieces(new BodyBuffers(1).writer()).push(Buffer.alloc(40))).toThrow(
      /not a binary COPY/,
    );
  });

  it('reuses a lane for the read after the next one, and keeps the other lane as it was', () => {
    const buffers = new BodyBuffers(2);
    const fill = (value: number, n: number) => {
      const w = buffers.writer();
      w.start();
      w.append(new Uint8Array(n).fill(value));
      return w.bodies()[0]!;
    };
    const first = fill(1, 10);
    const second = fill(2, 10);
    // The third read writes into the first one's memory (no new buffer) and leaves the second's alone.
    const third = fill(3, 10);
    expect(third.buffer).toBe(first.buffer);
    expect([...first]).toEqual(new Array(10).fill(3));
    expect([...second]).toEqual(new Array(10).fill(2));
    // A body larger than its lane's buffer gets a larger one, with what was written kept.
    const w = buffers.writer();
    w.start();
    w.append(new Uint8Array(PIECES.bytes).fill(4));
    w.append(new Uint8Array(5).fill(5));
    const [big] = w.bodies();
    expect(big!.length).toBe(PIECES.bytes + 5);
    expect(big![0]).toBe(4);
    expect(big![PIECES.bytes + 4]).toBe(5);
  });
});
