/**
 * The period reader of the evaluation: a period's rows streamed from the store in key order straight into
 * the evaluation's columns (src/domain/evaluation/columns.ts), as the file reader fills them from bytes —
 * no record objects for the bulk kinds, one query per kind (not a query per page or per contact), and a
 * digest of the data from the row digests the store keeps.
 *
 * What is read follows the period rules (contract.md, Periods; docs/data-and-store.md): contacts created
 * in the range, each with all its status events; the contacts created outside the range that a survey or
 * QA evaluation of the range names (populations and splits read them); surveys, QA evaluations, incidents,
 * privacy incidents and forecasts by their own time; outages that overlap the range. Every kind keeps to
 * the given sources, and the excluded contacts (disputes) leave with everything attached to them.
 *
 * The digest (`dataDigest` of the evaluation's `inputDigest`) is the SHA-256 over a line
 * `accord-store-rows-1` and, per part (contacts, earlier_contacts, status_events, earlier_status_events,
 * surveys, qa_evaluations, outages, incidents, privacy_incidents, forecasts), a line `#part` and then one
 * line `source TAB digest` per row in the order read (each kind in (time, source, key) order, status
 * events by their contact in that order and then by (at, key)). A row's
 * stored digest covers its content (its key derives from it), so the same rows give the same digest on
 * SQLite and PostgreSQL, and a changed, added or removed row changes it.
 */
import { createHash } from 'node:crypto';
import { EvaluationData, statusCode, surveyKindCode } from '../domain/evaluation/columns.js';
import type { RecordKind, RecordKinds } from '../domain/records.js';
import { collectGarbage } from './garbage.js';
import {
  BLOCK_FORMAT,
  type Block,
  type BlockKind,
  BodyBuffers,
  blockLines,
  CONTACT_NUMBERS,
  type ContactBlock,
  DAY_MS,
  Distinct,
  dayOf,
  decodeContacts,
  decodeEvents,
  decodeSurveys,
  type EventBlock,
  encodeContacts,
  encodeEvents,
  encodeSurveys,
  lineStarts,
  NumberRows,
  SURVEY_NUMBERS,
  type SurveyBlock,
} from './period-blocks.js';
import type { BlockRow, RowStream, RowStreams } from './row-stream.js';
import { parseAttributes, TABLES, type TableSpec } from './tables.js';

/** A half-open range of instants, [from, to), in epoch milliseconds. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export interface PeriodColumnsOptions {
  /** Only records of these sources (a partner's); all when undefined. */
  readonly sources?: readonly string[] | undefined;
  /** Contacts left out with every record attached to them (agreed exclusions). */
  readonly exclusions?: readonly { readonly source: string; readonly contactId: string }[] | undefined;
  /**
   * The contact fields the contracts read (`fieldsUsed`): queue, segment, agent and attributes outside it
   * are not read. Undefined reads every one.
   */
  readonly fields?: ReadonlySet<string> | undefined;
  /**
   * False reads contacts, status events and surveys from their rows rather than from the period blocks:
   * the reference the blocks are tested against (test/store/period-blocks.test.ts).
   */
  readonly blocks?: boolean | undefined;
}

export interface PeriodColumns {
  readonly data: EvaluationData;
  /** `sha256:` and the hex digest of the rows read (see the module comment). */
  readonly digest: string;
}

/** The row lines of the digest, hashed in large pieces. */
class RowDigest {
  private readonly h = createHash('sha256');
  private text = 'accord-store-rows-1\n';

  part(name: string): void {
    this.text += `#${name}\n`;
  }

  /** Lines as they are (`source TAB digest` and a newline each), as text or as its UTF-8 bytes. */
  lines(lines: string | Uint8Array): void {
    if (this.text.length > 0) {
      this.h.update(this.text);
      this.text = '';
    }
    this.h.update(lines);
  }

  row(source: unknown, digest: unknown): void {
    this.text += `${source}\t${digest}\n`;
    if (this.text.length > 1 << 16) {
      this.h.update(this.text);
      this.text = '';
    }
  }

  digest(): string {
    this.h.update(this.text);
    return `sha256:${this.h.digest('hex')}`;
  }
}

const num = (v: unknown): number => (v === null ? Number.NaN : typeof v === 'number' ? v : Number(v));
const text = (v: unknown): string | null => (v === null ? null : typeof v === 'string' ? v : String(v));

/**
 * The contact columns the period reader selects, in this order. `codes` is the source and the coded
 * columns of few values (channel, direction, language, priority, category) as one text, separated by tabs
 * (none of them may hold one), null as \u0001: one value per row to hand over instead of six, looked up once
 * per distinct combination. `ref` is SQLite's rowid (its status events name their contact by it).
 */
const CONTACT_SELECT = [
  'codes',
  'key',
  'created_at',
  'answered_at',
  'abandoned_at',
  'first_response_at',
  'resolved_at',
  'first_resolved_at',
  'reopen_count',
  'handle_seconds',
  'first_time_right',
  'queue',
  'segment',
  'agent',
  'attributes',
  'digest',
  'ref',
] as const;
const CODED = ['source', 'channel', 'direction', 'language', 'priority', 'category'] as const;
const CONTACT_COLUMNS = new Set<string>(TABLES.contacts.columns.map((c) => c.name));
/** Columns kept only when the contracts read them. */
const OPTIONAL_CONTACT_COLUMNS = new Set(['queue', 'segment', 'agent']);

/** Kinds read as records (few rows): everything but contacts, status events and surveys. */
const RECORD_KINDS_BY_TIME = [
  'qa_evaluations',
  'outages',
  'incidents',
  'privacy_incidents',
  'forecasts',
] as const satisfies readonly RecordKind[];

/**
 * Reads the range into columns: first the period blocks the range lacks are built and saved, a day at a
 * time, each in a snapshot of its own (period-blocks.ts); then the whole range is read in one snapshot,
 * contacts, their status events and surveys from the blocks (a block that went meanwhile is built again
 * from the rows, in that snapshot, and not saved), everything else from the rows. SQL stays in this folder.
 */
export async function readPeriodColumns(
  streams: RowStreams,
  range: TimeRange,
  options: PeriodColumnsOptions = {},
): Promise<PeriodColumns> {
  if (options.sources !== undefined && options.sources.length === 0) {
    const digest = new RowDigest();
    for (const part of PARTS) digest.part(part);
    return { data: new EvaluationData(), digest: digest.digest() };
  }
  const days = options.blocks === false ? null : blockDays(range);
  if (days !== null) await saveMissingBlocks(streams, days);
  const read = await streams.read((stream) => readColumns(stream, range, days, options));
  // What the read needed on its way is garbage now: free it before the evaluation allocates (garbage.ts).
  if (read.data.contacts.length >= LARGE_READ.contacts) collectGarbage('major');
  return read;
}

/**
 * From how many contacts read a read frees its working memory at its end, and from how many rows built
 * into blocks (since the last time) the building frees it after a day (garbage.ts). Measured on the
 * first read of a month of 1,000,000 contacts (PostgreSQL): a collection after each day built, about
 * 30 ms each, took the process's peak from 338 to 283 MB. Tests make them small.
 */
export const LARGE_READ = { contacts: 100_000, built: 10_000 };

/** The UTC days of a range, or null when it has none or reaches before 1970 (read from the rows). */
function blockDays(range: TimeRange): { first: number; last: number } | null {
  if (range.from < 0 || range.to <= range.from) return null;
  return { first: dayOf(range.from), last: dayOf(range.to - 1) };
}

/** Builds and saves the blocks the days lack, a day at a time (one day's rows in memory at most). */
async function saveMissingBlocks(streams: RowStreams, days: { first: number; last: number }) {
  const present = await streams.read((stream) => presentBlocks(stream, days));
  if (present === null) return;
  let builtRows = 0;
  for (let day = days.first; day <= days.last; day++) {
    const contacts = !present.has(`contacts ${day}`) || !present.has(`status_events ${day}`);
    const surveys = !present.has(`surveys ${day}`);
    if (!contacts && !surveys) continue;
    const built = await streams.read(async (stream) => {
      const watermark = await dataWatermark(stream);
      const blocks: BlockRow[] = [];
      const add = (kind: BlockKind, parts: readonly Part[]) => {
        for (const [part, b] of parts.entries())
          blocks.push({ kind, day, part, format: BLOCK_FORMAT, body: b.body, rows: b.rows });
      };
      if (contacts) {
        const b = await buildContactBlocks(stream, day);
        add('contacts', b.contacts);
        add('status_events', b.events);
      }
      if (surveys) add('surveys', await buildSurveyBlocks(stream, day));
      return { watermark, blocks };
    });
    if (built.watermark !== null) await streams.saveBlocks(built.watermark, built.blocks);
    for (const b of built.blocks) builtRows += b.rows;
    // The day's rows and blocks are garbage now: free them before the next day's (garbage.ts).
    if (builtRows >= LARGE_READ.built) {
      collectGarbage('major');
      builtRows = 0;
    }
  }
}

/**
 * `kind day` of the blocks the store holds for the days, with the rows they hold, or null when it has no
 * block table.
 */
async function presentBlocks(
  stream: RowStream,
  days: { first: number; last: number },
): Promise<Map<string, number> | null> {
  const table =
    stream.dialect === 'postgres'
      ? `select 1 where to_regclass('period_blocks') is not null`
      : `select 1 from sqlite_master where type = 'table' and name = 'period_blocks'`;
  let has = false;
  await stream.rows(table, [], () => {
    has = true;
  });
  if (!has) return null;
  const out = new Map<string, number>();
  await stream.rows(
    'select kind, day, sum("rows") from period_blocks where day >= ? and day <= ? and format = ? ' +
      'group by kind, day',
    [days.first, days.last, BLOCK_FORMAT],
    (row) => out.set(`${row[0]} ${Number(row[1])}`, Number(row[2])),
  );
  return out;
}

async function dataWatermark(stream: RowStream): Promise<number | null> {
  let seq: number | null = null;
  await stream.rows(`select seq from record_changes where scope = '*'`, [], (row) => {
    seq = Number(row[0]);
  });
  return seq;
}

/**
 * A day's blocks of a kind as stored, in order; none for a day without rows (status events: without
 * contacts, whose blocks they follow one for one).
 */
async function storedParts(
  stream: RowStream,
  present: ReadonlyMap<string, number>,
  buffers: BodyBuffers,
  kind: BlockKind,
  day: number,
): Promise<Uint8Array[]> {
  if (present.get(`${kind === 'status_events' ? 'contacts' : kind} ${day}`) === 0) return [];
  const sql =
    'select piece, body from period_blocks where kind = ? and day = ? and format = ? order by part, piece';
  const into = buffers.writer();
  await stream.bodies(sql, [kind, day, BLOCK_FORMAT], into);
  return into.bodies();
}

/** Decoded parts; an unknown format is an error (`presentBlocks` saw this format). */
function decoded<B>(bodies: readonly Uint8Array[], decode: (body: Uint8Array) => B | null): B[] {
  return bodies.map((body) => {
    const b = decode(body);
    if (b === null) throw new Error('a period block is not of its format');
    return b;
  });
}

async function readColumns(
  stream: RowStream,
  range: TimeRange,
  days: { first: number; last: number } | null,
  options: PeriodColumnsOptions,
): Promise<PeriodColumns> {
  const data = new EvaluationData();
  const digest = new RowDigest();
  const { sources, fields } = options;
  const pg = stream.dialect === 'postgres';
  const sourceSet = sources === undefined ? null : new Set(sources);
  const present = days === null ? null : await presentBlocks(stream, days);
  // The stored bodies of a day are decoded and used before the next day but one is read (`ahead`).
  const buffers = new BodyBuffers(pg ? 2 : 1);

  const excluded =
    options.exclusions !== undefined && options.exclusions.length > 0
      ? new Set(options.exclusions.map((e) => `${e.source}\u0000${e.contactId}`))
      : null;
  const kept = (source: unknown, id: unknown) => excluded === null || !excluded.has(`${source}\u0000${id}`);

  /** ` and <alias>source in (?, …)`: on SQLite `+source`, which keeps SQLite on the time index. */
  const sourceFilter = (alias: string, params: unknown[]): string => {
    if (sources === undefined) return '';
    params.push(...sources);
    return ` and ${pg ? '' : '+'}${alias}source in (${sources.map(() => '?').join(', ')})`;
  };

  /** The query of a small kind in the range (outages overlapping it), its columns and its contact's. */
  const smallKindQuery = (kind: (typeof RECORD_KINDS_BY_TIME)[number]) => {
    const spec = TABLES[kind] as unknown as TableSpec<RecordKind>;
    const names = ['source', 'key', 'digest', ...spec.columns.map((c) => c.name)];
    const params: unknown[] = [];
    let where: string;
    if (kind === 'outages') {
      // An outage counts for every range it overlaps.
      params.push(range.to, range.from);
      where = 'from_at < ? and to_at > ?';
    } else {
      params.push(range.from, range.to);
      where = `${spec.time} >= ? and ${spec.time} < ?`;
    }
    where += sourceFilter('', params);
    const sql = `select ${names.map(quote).join(', ')} from ${spec.table} where ${where} order by ${spec.time}, source, key`;
    return { sql, params, names, contactAt: names.indexOf('contact_id') };
  };

  const contactSelect = contactSelectFor(stream.dialect, fields);
  const contacts = new ContactFill(data, fields, !pg);
  const onContact = (row: unknown[]) => {
    const source = contacts.sourceOf(row[0]);
    if (excluded !== null && !kept(source, row[1])) {
      contacts.skip(row);
      return;
    }
    digest.row(source, row[15]);
    contacts.add(row);
  };

  // The days' contact and event blocks: as stored, or built from the rows of this snapshot when a write
  // took them away since they were saved (then kept in memory until their events are read).
  const built = new Map<number, EventBlock[]>();
  const contactParts = async (day: number): Promise<ContactBlock[]> => {
    if (present?.has(`contacts ${day}`) && present.has(`status_events ${day}`))
      return decoded(await storedParts(stream, present, buffers, 'contacts', day), decodeContacts);
    const b = await buildContactBlocks(stream, day);
    built.set(day, decoded(bodies(b.events), decodeEvents));
    return decoded(bodies(b.contacts), decodeContacts);
  };
  const eventParts = async (day: number): Promise<EventBlock[]> =>
    built.get(day) ??
    decoded(await storedParts(stream, present!, buffers, 'status_events', day), decodeEvents);
  /** The status events of the contacts' blocks (those of contacts not read too): room made once. */
  let eventCount = 0;
  /** Per day and part read from blocks: each contact's key in the columns, -1 left out, -2 not read. */
  const blockKeys = new Map<number, { keys: Int32Array; all: boolean }[]>();

  // 1. Contacts created in the range, in (created_at, source, key) order; counted first, so that the
  // columns are allocated once at their size: from the blocks (the days' contacts, a little more than the
  // range's when it cuts a day), else from the index.
  {
    const params: unknown[] = [range.from, range.to];
    const filter = sourceFilter('', params);
    let count = 0;
    const stored = (day: number) => present?.get(`contacts ${day}`);
    if (
      days !== null &&
      Array.from({ length: days.last - days.first + 1 }, (_, i) => stored(days.first + i)).every(
        (n) => n !== undefined,
      )
    )
      for (let day = days.first; day <= days.last; day++) count += stored(day)!;
    else
      await stream.rows(
        `select count(*) from contacts where created_at >= ? and created_at < ?${filter}`,
        params,
        (row) => {
          count = Number(row[0]);
        },
      );
    contacts.reserve(count, days === null);
    digest.part('contacts');
    data.keys.rewind();
    if (days !== null)
      for await (const [day, parts] of ahead(days, contactParts, pg)) {
        for (const part of parts) eventCount += part.events;
        blockKeys.set(
          day,
          parts.map((part) => fillContacts(part)),
        );
      }
    else
      await stream.rows(
        `select ${contactSelect('')} from contacts where created_at >= ? and created_at < ?${filter} ` +
          'order by created_at, source, key',
        params,
        onContact,
      );
  }

  function fillContacts(block: ContactBlock): { keys: Int32Array; all: boolean } {
    const { n, numbers } = block;
    const keys = new Int32Array(n);
    const row: unknown[] = new Array(CONTACT_SELECT.length).fill(null);
    const queue = fields === undefined || fields.has('queue');
    const segment = fields === undefined || fields.has('segment');
    const agent = fields === undefined || fields.has('agent');
    const attributes = fields === undefined || [...fields].some((f) => !CONTACT_COLUMNS.has(f));
    let all = true;
    for (let i = 0; i < n; i++) {
      const at = i * CONTACT_NUMBERS;
      const created = numbers[at + 1]!;
      const codes = block.codes[numbers[at]!]!;
      if (created < range.from || created >= range.to) {
        keys[i] = -2;
        all = false;
        continue;
      }
      const source = contacts.sourceOf(codes);
      if (sourceSet !== null && !sourceSet.has(source)) {
        keys[i] = -2;
        all = false;
        continue;
      }
      row[0] = codes;
      const keyStart = block.keysAt + (i === 0 ? 0 : numbers[at - 1]!);
      const keyEnd = block.keysAt + numbers[at + 14]!;
      if (excluded !== null && !kept(source, block.body.toString('utf8', keyStart, keyEnd))) {
        contacts.skip(row);
        keys[i] = -1;
        all = false;
        continue;
      }
      for (let c = 1; c < 9; c++) row[c + 1] = numbers[at + c];
      const ftr = numbers[at + 9]!;
      row[10] = ftr < 0 ? null : ftr;
      row[11] = queue ? listed(block.queues, numbers[at + 10]!) : null;
      row[12] = segment ? listed(block.segments, numbers[at + 11]!) : null;
      row[13] = agent ? listed(block.agents, numbers[at + 12]!) : null;
      row[14] = attributes ? listed(block.attributeSets, numbers[at + 13]!) : null;
      keys[i] = contacts.addKeyBytes(row, block.body, keyStart, keyEnd);
    }
    digestLines(block, keys, all);
    return { keys, all };
  }

  /** The digest lines of a block's rows that were read (`keys[i] >= 0`), all at once when all were. */
  function digestLines(block: Block, keys: Int32Array, all: boolean): void {
    if (all) {
      digest.lines(block.body.subarray(block.linesAt, block.linesEnd));
      return;
    }
    const lines = blockLines(block);
    const at = lineStarts(lines, keys.length);
    for (let i = 0; i < keys.length; i++) if (keys[i]! >= 0) digest.lines(lines.slice(at[i], at[i + 1]));
  }
  const inRange = contacts.read;

  // The surveys (from their blocks) and QA evaluations of the range, read now: the contacts they name that
  // were not read above are the candidates of step 2 (a lookup in the keys read, not a join per record).
  const qaQuery = smallKindQuery('qa_evaluations');
  // A day's survey blocks: as stored (read again where needed, rather than kept), or built from the rows
  // of this snapshot and kept.
  const builtSurveys = new Map<number, SurveyBlock[]>();
  const surveyParts = async (day: number): Promise<SurveyBlock[]> => {
    if (present?.has(`surveys ${day}`))
      return decoded(await storedParts(stream, present, buffers, 'surveys', day), decodeSurveys);
    let b = builtSurveys.get(day);
    if (b === undefined) {
      b = decoded(bodies(await buildSurveyBlocks(stream, day)), decodeSurveys);
      builtSurveys.set(day, b);
    }
    return b;
  };
  let qaRows: unknown[][] | null = null;
  let surveyCount = 0;
  const candidates: [string, string][] = [];
  if (days !== null) {
    const rows: unknown[][] = [];
    await stream.rows(qaQuery.sql, qaQuery.params, (row) => rows.push(row));
    qaRows = rows;

    const seen = new Set<string>();
    const name = (source: string, id: string) => {
      const code = data.sources.find(source);
      if (code >= 0 && data.keys.find(id, code) >= 0) return;
      const k = `${source}\u0000${id}`;
      if (seen.has(k)) return;
      seen.add(k);
      candidates.push([source, id]);
    };
    for await (const [, parts] of ahead(days, surveyParts, pg))
      for (const block of parts) {
        surveyCount += block.n;
        for (let i = 0; i < block.n; i++) {
          const at = i * SURVEY_NUMBERS;
          const answered = block.numbers[at + 5]!;
          const source = block.sources[block.numbers[at]!]!;
          if (answered >= range.from && answered < range.to && (sourceSet === null || sourceSet.has(source)))
            name(source, block.contacts[i]!);
        }
      }
    for (const row of rows) name(String(row[0]), String(row[qaQuery.contactAt]));
  }

  // 2. Contacts created outside the range that a survey or QA evaluation of the range names: found from
  // those records (few) by the primary key, not by a scan of every contact.
  const named = (params: unknown[]): { from: string; where: string } => {
    if (days !== null) {
      params.push(
        ...(pg ? [candidates.map((c) => c[0]), candidates.map((c) => c[1])] : [JSON.stringify(candidates)]),
      );
      params.push(range.from, range.to);
      return {
        from: pg
          ? 'unnest(?::text[], ?::text[]) as n(source, contact_id) join contacts c ' +
            'on c.source = n.source collate "C" and c.key = n.contact_id collate "C"'
          : 'json_each(?) n join contacts c ' +
            `on c.source = json_extract(n.value, '$[0]') and c.key = json_extract(n.value, '$[1]')`,
        where: 'c.created_at < ? or c.created_at >= ?',
      };
    }
    const part = (table: string, time: string) => {
      params.push(range.from, range.to);
      const filter = sourceFilter('n.', params);
      return (
        `select n.source, n.contact_id${pg ? ' collate "C"' : ''} as contact_id from ${table} n ` +
        `where n.${time} >= ? and n.${time} < ?${filter}`
      );
    };
    const union = `${part('surveys', 'answered_at')} union ${part('qa_evaluations', 'evaluated_at')}`;
    params.push(range.from, range.to);
    return {
      from: `(${union}) n join contacts c on c.source = n.source and c.key = n.contact_id`,
      where: 'c.created_at < ? or c.created_at >= ?',
    };
  };
  {
    const params: unknown[] = [];
    const { from, where } = named(params);
    digest.part('earlier_contacts');
    data.keys.rewind();
    if (days === null || candidates.length > 0)
      await stream.rows(
        `select ${contactSelect('c.')} from ${from} where ${where} order by c.created_at, c.source, c.key`,
        params,
        onContact,
      );
  }

  // 3. The status events of those contacts, by contact in the same order, then by (at, key). From the
  // blocks; the others' on SQLite naming their contact by the contact's rowid (the contacts were read in
  // this order), on PostgreSQL by (source, contact id).
  const events = new EventFill(data, contacts);
  const onEvent = pg
    ? (row: unknown[]) => {
        if (!kept(row[0], row[1])) return;
        digest.row(row[0], row[4]);
        events.addByName(row);
      }
    : (row: unknown[]) => {
        const source = events.addByRef(row);
        if (source !== null) digest.row(source, row[4]);
      };
  digest.part('status_events');
  data.keys.rewind();
  if (days !== null) {
    data.events.reserve(eventCount);
    for await (const [day, parts] of ahead(days, eventParts, pg)) {
      const read = blockKeys.get(day)!;
      if (parts.length !== read.length) throw new Error(`the blocks of day ${day} do not agree`);
      for (const [p, block] of parts.entries()) {
        const { keys, all } = read[p]!;
        const { numbers, n } = block;
        const codes = block.statuses.map((s) => statusCode(s));
        let e = n;
        for (let i = 0; i < n; i++) {
          const count = numbers[i]!;
          const key = keys[i]!;
          if (key >= 0)
            for (let j = 0; j < count; j++)
              events.push(key, codes[numbers[e + 2 * j]!]!, numbers[e + 2 * j + 1]!);
          e += 2 * count;
        }
        if (all) digestLines(block, keys, true);
        else {
          // The lines of the events of the contacts read.
          const eventKeys = new Int32Array((e - n) >> 1);
          let k = 0;
          for (let i = 0; i < n; i++) for (let j = 0; j < numbers[i]!; j++) eventKeys[k++] = keys[i]!;
          digestLines(block, eventKeys, false);
        }
      }
    }
  } else if (inRange > 0) {
    const params: unknown[] = [range.from, range.to];
    const filter = sourceFilter('c.', params);
    await stream.rows(
      `${eventSelect(stream.dialect)} where c.created_at >= ? and c.created_at < ?${filter}${EVENT_ORDER}`,
      params,
      onEvent,
    );
  }
  blockKeys.clear();
  built.clear();
  {
    const params: unknown[] = [];
    const { from, where } = named(params);
    digest.part('earlier_status_events');
    if (contacts.read > inRange)
      await stream.rows(
        `${eventColumns(stream.dialect)} from ${from} ${eventJoin(stream.dialect)} where ${where}${EVENT_ORDER}`,
        params,
        onEvent,
      );
  }

  // 4. Surveys answered in the range.
  {
    const surveys = new SurveyFill(data);
    digest.part('surveys');
    data.keys.rewind();
    if (days !== null) {
      data.surveys.reserve(surveyCount);
      const row: unknown[] = new Array(7).fill(null);
      for await (const [, parts] of ahead(days, surveyParts, pg))
        for (const block of parts) {
          const { n, numbers } = block;
          const keys = new Int32Array(n);
          let all = true;
          for (let i = 0; i < n; i++) {
            const at = i * SURVEY_NUMBERS;
            const answered = numbers[at + 5]!;
            const source = block.sources[numbers[at]!]!;
            const contact = block.contacts[i];
            if (
              answered < range.from ||
              answered >= range.to ||
              (sourceSet !== null && !sourceSet.has(source)) ||
              !kept(source, contact)
            ) {
              keys[i] = -1;
              all = false;
              continue;
            }
            row[0] = source;
            row[1] = contact;
            row[2] = block.kinds[numbers[at + 1]!];
            row[3] = numbers[at + 2];
            row[4] = numbers[at + 3];
            row[5] = numbers[at + 4];
            row[6] = answered;
            surveys.add(row);
          }
          digestLines(block, keys, all);
        }
    } else {
      const params: unknown[] = [range.from, range.to];
      const filter = sourceFilter('', params);
      await stream.rows(
        `${SURVEY_SELECT} where answered_at >= ? and answered_at < ?${filter} order by answered_at, source, key`,
        params,
        (row) => {
          if (!kept(row[0], row[1])) return;
          digest.row(row[0], row[7]);
          surveys.add(row);
        },
      );
    }
  }

  // 5. The small kinds, as records (the QA evaluations as read above).
  for (const kind of RECORD_KINDS_BY_TIME) {
    const spec = TABLES[kind] as unknown as TableSpec<RecordKind>;
    const query = kind === 'qa_evaluations' ? qaQuery : smallKindQuery(kind);
    const { names } = query;
    digest.part(kind);
    data.keys.rewind();
    const each = (row: unknown[]) => {
      const cells: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) cells[names[i]!] = row[i];
      const record = spec.fromRow(cells) as RecordKinds[RecordKind];
      if (kind === 'qa_evaluations' && !kept(row[0], (record as RecordKinds['qa_evaluations']).contactId))
        return;
      digest.row(row[0], row[2]);
      data.add(kind as RecordKind, record);
    };
    if (kind === 'qa_evaluations' && qaRows !== null) for (const row of qaRows) each(row);
    else await stream.rows(query.sql, query.params, each);
  }
  // Every record is in: the hash index of the keys (the candidates' lookups built it) is not needed.
  data.keys.compact();
  return { data, digest: digest.digest() };
}

/**
 * `fn(day)` for every day in order. On PostgreSQL the next day is asked for before this one is handed
 * over, so that the server reads the next day's blocks while this process decodes the day in hand; on
 * SQLite (synchronous) that would only hold two days in memory at once.
 */
async function* ahead<T>(
  days: { first: number; last: number },
  fn: (day: number) => Promise<T>,
  prefetch: boolean,
): AsyncGenerator<[number, T]> {
  if (!prefetch) {
    for (let day = days.first; day <= days.last; day++) yield [day, await fn(day)];
    return;
  }
  const ask = (day: number) => {
    const p = fn(day);
    // Awaited below; a failure while an earlier day is in hand is not a second, unhandled one.
    p.catch(() => undefined);
    return p;
  };
  let next = ask(days.first);
  for (let day = days.first; day <= days.last; day++) {
    const current = next;
    if (day < days.last) next = ask(day + 1);
    yield [day, await current];
  }
}

/** A value of a block's list by its index, -1 for null. */
const listed = (list: readonly string[], i: number): string | null => (i < 0 ? null : list[i]!);

const SURVEY_SELECT =
  'select source, contact_id, kind, score, scale_min, scale_max, answered_at, digest from surveys';

/** The contact columns of CONTACT_SELECT as SQL, for a table alias; fields not read are null. */
function contactSelectFor(dialect: 'sqlite' | 'postgres', fields: ReadonlySet<string> | undefined) {
  const pg = dialect === 'postgres';
  const chr = pg ? 'chr' : 'char';
  const codes = CODED.map((c, i) => {
    const v = c === 'source' || c === 'channel' || c === 'direction' ? c : `coalesce(${c}, ${chr}(1))`;
    return i === 0 ? v : `${chr}(9) || ${v}`;
  }).join(' || ');
  const wanted = (c: string) => fields === undefined || !OPTIONAL_CONTACT_COLUMNS.has(c) || fields.has(c);
  const attributesWanted = fields === undefined || [...fields].some((f) => !CONTACT_COLUMNS.has(f));
  return (alias: string) =>
    CONTACT_SELECT.map((c) => {
      if (c === 'codes')
        return codes.replace(/\b(source|channel|direction|language|priority|category)\b/g, `${alias}$1`);
      if (c === 'ref') return pg ? 'null' : `${alias}rowid`;
      const read = c === 'attributes' ? attributesWanted : wanted(c);
      return read ? `${alias}${quote(c)}` : 'null';
    }).join(', ');
}

/** The status event columns (SQLite: the contact's rowid; PostgreSQL: source and contact id), status, at, digest. */
const eventColumns = (dialect: 'sqlite' | 'postgres') =>
  `select ${dialect === 'postgres' ? 'e.source, e.contact_id' : 'c.rowid, null'}, e.status, e.at, e.digest`;
const eventJoin = (dialect: 'sqlite' | 'postgres') =>
  `join status_events e on e.source = c.source and e.contact_id = ${dialect === 'postgres' ? 'c.key collate "default"' : 'c.key'}`;
const eventSelect = (dialect: 'sqlite' | 'postgres') =>
  `${eventColumns(dialect)} from contacts c ${eventJoin(dialect)}`;
const EVENT_ORDER = ' order by c.created_at, c.source, c.key, e.at, e.key';

/** A block built, and the rows it holds. */
interface Part {
  readonly body: Uint8Array;
  readonly rows: number;
}

const bodies = (parts: readonly Part[]) => parts.map((p) => p.body);

/**
 * Contacts per block (and their events per event block), surveys per survey block: a day is one block
 * unless it is very busy (the tests make them small, to read days of several blocks). Measured on a month of 1,000,000 contacts (SQLite): blocks of 512 contacts
 * left the process about 20 MB larger at its peak than a block per day (more, smaller buffers for the
 * allocator to keep), for no gain in time.
 */
export const BLOCK_ROWS = { contacts: 65_536, surveys: 65_536 };

/**
 * A day's contact blocks and status event blocks, from the rows: the period reader's own queries over the
 * whole UTC day, every source and every field, so that the blocks hold what those queries give. A block
 * holds BLOCK_ROWS.contacts contacts (the last one fewer; a day without any has one empty block), and the event
 * block of the same part their events: each block is a few dozen KB, which the allocator reuses, where
 * one block of a whole day (megabytes) left the process holding tens of MB more.
 */
async function buildContactBlocks(
  stream: RowStream,
  day: number,
): Promise<{ contacts: Part[]; events: Part[] }> {
  const from = day * DAY_MS;
  const sources: string[] = [];
  const keys: string[] = [];
  const refs: number[] = [];
  const contacts: ContactPart[] = [];
  let part = new ContactPart();
  await stream.rows(
    `select ${contactSelectFor(stream.dialect, undefined)('')} from contacts where created_at >= ? and created_at < ? ` +
      'order by created_at, source, key',
    [from, from + DAY_MS],
    (row) => {
      if (part.n === BLOCK_ROWS.contacts) {
        contacts.push(part);
        part = new ContactPart();
      }
      const source = part.add(row);
      sources.push(source);
      keys.push(text(row[1])!);
      refs.push(Number(row[16]));
    },
  );
  contacts.push(part);

  const n = keys.length;
  const events: EventPart[] = [];
  let eventPart = new EventPart(Math.min(BLOCK_ROWS.contacts, n));
  let p = 0;
  const pg = stream.dialect === 'postgres';
  /** Moves on to contact `to`, finishing the event blocks of the parts passed. */
  const reach = (to: number) => {
    while (Math.floor(to / BLOCK_ROWS.contacts) > events.length) {
      events.push(eventPart);
      eventPart = new EventPart(Math.min(BLOCK_ROWS.contacts, n - events.length * BLOCK_ROWS.contacts));
    }
    p = to;
  };
  await stream.rows(
    `${eventSelect(stream.dialect)} where c.created_at >= ? and c.created_at < ?${EVENT_ORDER}`,
    [from, from + DAY_MS],
    (row) => {
      // The events come in the order of the contacts: move on to this event's contact.
      let q = p;
      if (pg) {
        const source = String(row[0]);
        const id = String(row[1]);
        while (q < n && (sources[q] !== source || keys[q] !== id)) q++;
      } else {
        const ref = Number(row[0]);
        while (q < n && refs[q] !== ref) q++;
      }
      if (q === n) throw new Error(`a status event of day ${day} names a contact that was not read`);
      reach(q);
      eventPart.add(q % BLOCK_ROWS.contacts, String(row[2]), num(row[3]), `${sources[q]}\t${row[4]}\n`);
    },
  );
  reach(Math.max(0, n - 1));
  events.push(eventPart);
  return {
    contacts: contacts.map((c, i) => ({ body: c.encode(events[i]!.count), rows: c.n })),
    events: events.map((e) => ({ body: e.encode(), rows: e.count })),
  };
}

/** One contact block being built. */
class ContactPart {
  n = 0;
  private readonly codes = new Distinct();
  private readonly queues = new Distinct();
  private readonly segments = new Distinct();
  private readonly agents = new Distinct();
  private readonly attributeSets = new Distinct();
  private readonly numbers = new NumberRows();
  private keys = '';
  private keyBytes = 0;
  private lines = '';

  private index(list: Distinct, v: unknown): number {
    return v === null ? -1 : list.of(String(v));
  }

  /** Adds a row of the contact select; its source. */
  add(row: unknown[]): string {
    const codesText = String(row[0]);
    const source = codesText.slice(0, codesText.indexOf('\t'));
    const numbers = this.numbers;
    numbers.push(this.codes.of(codesText));
    for (let c = 2; c <= 9; c++) numbers.push(num(row[c]));
    const ftr = row[10];
    numbers.push(ftr === null ? -1 : ftr === true || ftr === 1 || ftr === '1' || ftr === 't' ? 1 : 0);
    numbers.push(this.index(this.queues, row[11]));
    numbers.push(this.index(this.segments, row[12]));
    numbers.push(this.index(this.agents, row[13]));
    numbers.push(this.index(this.attributeSets, row[14]));
    const key = text(row[1])!;
    this.keys += key;
    this.keyBytes += Buffer.byteLength(key, 'utf8');
    numbers.push(this.keyBytes);
    this.lines += `${source}\t${row[15]}\n`;
    this.n++;
    return source;
  }

  /** The block, with the number of its contacts' status events. */
  encode(events: number): Uint8Array {
    return encodeContacts({
      header: {
        n: this.n,
        events,
        codes: this.codes.values,
        queues: this.queues.values,
        segments: this.segments.values,
        agents: this.agents.values,
        attributeSets: this.attributeSets.values,
      },
      lines: this.lines,
      keys: this.keys,
      numbers: this.numbers.take(),
    });
  }
}

/** The event block of one contact block being built. */
class EventPart {
  private readonly counts: Float64Array;
  private readonly statuses = new Distinct();
  private readonly events = new NumberRows();
  private lines = '';

  constructor(private readonly n: number) {
    this.counts = new Float64Array(n);
  }

  /** The events added. */
  get count(): number {
    return this.events.length / 2;
  }

  /** An event of the part's contact i (in order). */
  add(i: number, status: string, at: number, line: string): void {
    this.counts[i]!++;
    this.events.push(this.statuses.of(status));
    this.events.push(at);
    this.lines += line;
  }

  encode(): Uint8Array {
    const all = new Float64Array(this.n + this.events.length);
    all.set(this.counts);
    all.set(this.events.numbers.subarray(0, this.events.length), this.n);
    return encodeEvents({
      header: { n: this.n, statuses: this.statuses.values },
      lines: this.lines,
      keys: '',
      numbers: all,
    });
  }
}

/** A day's survey blocks, from the rows (every source), BLOCK_ROWS.surveys surveys each. */
async function buildSurveyBlocks(stream: RowStream, day: number): Promise<Part[]> {
  const from = day * DAY_MS;
  const out: Part[] = [];
  let sources = new Distinct();
  let kinds = new Distinct();
  let contacts: string[] = [];
  let numbers = new NumberRows();
  let lines = '';
  const finish = () => {
    out.push({
      rows: contacts.length,
      body: encodeSurveys({
        header: { n: contacts.length, sources: sources.values, kinds: kinds.values, contacts },
        lines,
        keys: '',
        numbers: numbers.take(),
      }),
    });
    sources = new Distinct();
    kinds = new Distinct();
    contacts = [];
    numbers = new NumberRows();
    lines = '';
  };
  await stream.rows(
    `${SURVEY_SELECT} where answered_at >= ? and answered_at < ? order by answered_at, source, key`,
    [from, from + DAY_MS],
    (row) => {
      if (contacts.length === BLOCK_ROWS.surveys) finish();
      const source = String(row[0]);
      numbers.push(sources.of(source));
      numbers.push(kinds.of(String(row[2])));
      numbers.push(num(row[3]));
      numbers.push(num(row[4]));
      numbers.push(num(row[5]));
      numbers.push(num(row[6]));
      contacts.push(text(row[1])!);
      lines += `${source}\t${row[7]}\n`;
    },
  );
  finish();
  return out;
}

/** The parts of the digest, in order (an empty read names them all too). */
const PARTS = [
  'contacts',
  'earlier_contacts',
  'status_events',
  'earlier_status_events',
  'surveys',
  ...RECORD_KINDS_BY_TIME,
];

const quote = (name: string) => `"${name}"`;

/** A string table's code for a value, remembering the last value (rows repeat them). */
class Coder {
  private last: string | null = null;
  private lastCode = 0;
  constructor(private readonly code: (value: string | null) => number) {}
  get(v: unknown): number {
    if (v === null) return this.code(null);
    const s = typeof v === 'string' ? v : String(v);
    if (s === this.last) return this.lastCode;
    this.last = s;
    this.lastCode = this.code(s);
    return this.lastCode;
  }
}

/** The codes of one distinct `codes` text (CODED). */
interface Coded {
  readonly source: string;
  readonly sourceCode: number;
  readonly channel: number;
  readonly direction: number;
  readonly language: number;
  readonly priority: number;
  readonly category: number;
}

/** Contact rows (CONTACT_SELECT) into the contact columns, as `EvaluationData.addContact` fills them. */
class ContactFill {
  private readonly coded = new Map<string, Coded>();
  private readonly attributeSets = new Map<string, Record<string, string>>();
  private lastText = '';
  private last: Coded | null = null;
  private readonly queue: Coder;
  private readonly segment: Coder;
  private readonly agent: Coder;
  /** Rows read (kept or not). */
  read = 0;
  /** The rows read with a `ref` (SQLite rowid): their refs and keys (-1 when left out), `refCount` of them. */
  refCount = 0;
  refs = new Float64Array(1024);
  keys = new Int32Array(1024);

  constructor(
    private readonly data: EvaluationData,
    private readonly fields: ReadonlySet<string> | undefined,
    /** Whether events find their contact by `ref` (SQLite): then refs and keys are kept. */
    private readonly byRef: boolean,
  ) {
    this.queue = new Coder((v) => data.queues.code(v));
    this.segment = new Coder((v) => data.segments.code(v));
    this.agent = new Coder((v) => data.agents.code(v));
  }

  private codes(v: unknown): Coded {
    const text = String(v);
    if (text === this.lastText && this.last !== null) return this.last;
    let c = this.coded.get(text);
    if (c === undefined) {
      const parts = text.split('\t');
      if (parts.length !== CODED.length) throw new Error(`a contact's coded columns hold a tab: ${text}`);
      const value = (i: number) => (parts[i] === '\u0001' ? null : parts[i]!);
      const d = this.data;
      c = {
        source: parts[0]!,
        sourceCode: d.sources.code(parts[0]!),
        channel: d.channels.code(value(1)),
        direction: d.directions.code(value(2)),
        language: d.languages.code(value(3)),
        priority: d.priorities.code(value(4)),
        category: d.categories.code(value(5)),
      };
      if (c.channel > 255 || c.direction > 255)
        throw new RangeError('too many distinct channels or directions');
      this.coded.set(text, c);
    }
    this.lastText = text;
    this.last = c;
    return c;
  }

  /** Room for n contacts (`withRefs`: read as rows, with a ref each). */
  reserve(n: number, withRefs: boolean): void {
    const d = this.data;
    d.contacts.reserve(n);
    // A little more than one key per contact: surveys may name contacts that were not read.
    d.keys.reserve(Math.ceil(n * 1.03) + 1024, n * 12);
    if (this.byRef && withRefs) this.grow(n);
  }

  private grow(n: number): void {
    const refs = new Float64Array(n);
    refs.set(this.refs.subarray(0, this.refCount));
    this.refs = refs;
    const keys = new Int32Array(n);
    keys.set(this.keys.subarray(0, this.refCount));
    this.keys = keys;
  }

  /** The source of a row's `codes`. */
  sourceOf(v: unknown): string {
    return this.codes(v).source;
  }

  private remember(ref: unknown, key: number): void {
    this.read++;
    // A contact from a block has no ref: its events come with it (period-blocks.ts).
    if (!this.byRef || ref === null) return;
    if (this.refCount === this.refs.length) this.grow(Math.max(1024, Math.ceil(this.refCount * 1.25)));
    this.refs[this.refCount] = Number(ref);
    this.keys[this.refCount++] = key;
  }

  /** A row left out (an excluded contact): its events are left out too. */
  skip(row: unknown[]): void {
    this.remember(row[16], -1);
  }

  /** Adds the row; its key. */
  add(row: unknown[]): number {
    const c = this.codes(row[0]);
    return this.fill(row, c, this.data.keys.add(text(row[1])!, c.sourceCode));
  }

  /** Adds the row whose id is bytes[start, end) (UTF-8; `row[1]` is not read); its key. */
  addKeyBytes(row: unknown[], bytes: Uint8Array, start: number, end: number): number {
    const c = this.codes(row[0]);
    return this.fill(row, c, this.data.keys.addBytes(bytes, start, end, c.sourceCode));
  }

  private fill(row: unknown[], c: Coded, key: number): number {
    const d = this.data;
    const cols = d.contacts;
    if (cols.length === cols.capacity) cols.reserve(1);
    const i = cols.length;
    cols.key[i] = key;
    cols.channel[i] = c.channel;
    cols.direction[i] = c.direction;
    cols.setCodes(
      i,
      c.language,
      this.queue.get(row[11]),
      this.segment.get(row[12]),
      c.priority,
      c.category,
      this.agent.get(row[13]),
    );
    cols.createdAt.set(i, num(row[2]));
    cols.answeredAt.set(i, num(row[3]));
    cols.abandonedAt.set(i, num(row[4]));
    cols.firstResponseAt.set(i, num(row[5]));
    cols.resolvedAt.set(i, num(row[6]));
    cols.firstResolvedAt.set(i, num(row[7]));
    cols.reopenCount.set(i, num(row[8]));
    cols.handleSeconds.set(i, num(row[9]));
    const ftr = row[10];
    cols.firstTimeRight[i] =
      ftr === null ? -1 : ftr === true || ftr === 1 || ftr === '1' || ftr === 't' ? 1 : 0;
    if (cols.attributes.size > 0) for (const a of cols.attributes.values()) a.codes[i] = 0;
    const json = row[14];
    if (typeof json === 'string' && json !== '{}' && json !== '') {
      // Few distinct attribute sets: each parsed once.
      let attributes = this.attributeSets.get(json);
      if (attributes === undefined) {
        attributes = parseAttributes(json);
        if (this.attributeSets.size < 4096) this.attributeSets.set(json, attributes);
      }
      const fields = this.fields;
      for (const name of Object.keys(attributes)) {
        if (fields !== undefined && !fields.has(name)) continue;
        const a = cols.attribute(name);
        const code = a.values.code(attributes[name]!);
        cols.fitAttribute(a, code);
        a.codes[i] = code;
      }
    }
    cols.length = i + 1;
    this.remember(row[16], key);
    return key;
  }
}

/** Status event rows (contact, status, at) into the event columns. */
class EventFill {
  private readonly source: Coder;
  private lastStatus: unknown = null;
  private lastStatusCode = 0;
  /** Where the contact of the last event by reference was found (ContactFill's rows). */
  private at = 0;

  constructor(
    private readonly data: EvaluationData,
    private readonly contacts: ContactFill,
  ) {
    this.source = new Coder((v) => data.sources.code(v));
  }

  /** An event of a contact of a block: its key, status code and instant. */
  push(key: number, status: number, at: number): void {
    const ev = this.data.events;
    if (ev.length === ev.capacity) ev.reserve(1);
    const i = ev.length;
    ev.key[i] = key;
    ev.status[i] = status;
    ev.at.set(i, at);
    ev.length = i + 1;
  }

  private pushNamed(key: number, status: unknown, at: unknown): void {
    const ev = this.data.events;
    if (ev.length === ev.capacity) ev.reserve(1);
    const i = ev.length;
    ev.key[i] = key;
    if (status !== this.lastStatus) {
      this.lastStatus = status;
      this.lastStatusCode = statusCode(String(status));
    }
    ev.status[i] = this.lastStatusCode;
    ev.at.set(i, num(at));
    ev.length = i + 1;
  }

  /** An event naming its contact by source and id (row: source, contact_id, status, at). */
  addByName(row: unknown[]): void {
    this.pushNamed(this.data.keys.intern(text(row[1])!, this.source.get(row[0])), row[2], row[3]);
  }

  /**
   * An event naming its contact by the contact's `ref` (row: ref, -, status, at), the events in the order
   * of the contacts: its source, or null when its contact was left out (or not read).
   */
  addByRef(row: unknown[]): string | null {
    const ref = Number(row[0]);
    const { refs, refCount } = this.contacts;
    let p = this.at;
    while (p < refCount && refs[p] !== ref) p++;
    if (p === refCount) return null;
    this.at = p;
    const key = this.contacts.keys[p]!;
    if (key < 0) return null;
    this.pushNamed(key, row[2], row[3]);
    return this.data.sources.values[this.data.keys.source(key)]!;
  }
}

/** Survey rows (source, contact_id, kind, score, scale_min, scale_max, answered_at) into the survey columns. */
class SurveyFill {
  private readonly source: Coder;
  constructor(private readonly data: EvaluationData) {
    this.source = new Coder((v) => data.sources.code(v));
  }

  add(row: unknown[]): void {
    const d = this.data;
    const sv = d.surveys;
    if (sv.length === sv.capacity) sv.reserve(1);
    const i = sv.length;
    sv.key[i] = d.keys.intern(text(row[1])!, this.source.get(row[0]));
    sv.kind[i] = surveyKindCode(String(row[2]));
    sv.score[i] = num(row[3]);
    sv.scaleMin[i] = num(row[4]);
    sv.scaleMax[i] = num(row[5]);
    sv.answeredAt[i] = num(row[6]);
    sv.length = i + 1;
  }
}
