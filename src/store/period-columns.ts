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
import type { RowStream } from './row-stream.js';
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
 * Reads the range into columns. All queries run on `stream` (one snapshot); SQL stays in this folder.
 */
export async function readPeriodColumns(
  stream: RowStream,
  range: TimeRange,
  options: PeriodColumnsOptions = {},
): Promise<PeriodColumns> {
  const data = new EvaluationData();
  const digest = new RowDigest();
  const { sources, fields } = options;
  const pg = stream.dialect === 'postgres';
  if (sources !== undefined && sources.length === 0) {
    for (const part of PARTS) digest.part(part);
    return { data, digest: digest.digest() };
  }

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

  // Contacts: the text columns the contracts do not read are not fetched.
  const chr = pg ? 'chr' : 'char';
  const codes = CODED.map((c, i) => {
    const v = c === 'source' || c === 'channel' || c === 'direction' ? c : `coalesce(${c}, ${chr}(1))`;
    return i === 0 ? v : `${chr}(9) || ${v}`;
  }).join(' || ');
  const wanted = (c: string) => fields === undefined || !OPTIONAL_CONTACT_COLUMNS.has(c) || fields.has(c);
  const attributesWanted = fields === undefined || [...fields].some((f) => !CONTACT_COLUMNS.has(f));
  const contactSelect = (alias: string) =>
    CONTACT_SELECT.map((c) => {
      if (c === 'codes')
        return codes.replace(/\b(source|channel|direction|language|priority|category)\b/g, `${alias}$1`);
      if (c === 'ref') return pg ? 'null' : `${alias}rowid`;
      const read = c === 'attributes' ? attributesWanted : wanted(c);
      return read ? `${alias}${quote(c)}` : 'null';
    }).join(', ');
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

  // 1. Contacts created in the range, in (created_at, source, key) order; counted first (from the index),
  // so that the columns are allocated once at their size.
  {
    const params: unknown[] = [range.from, range.to];
    const filter = sourceFilter('', params);
    let count = 0;
    await stream.rows(
      `select count(*) from contacts where created_at >= ? and created_at < ?${filter}`,
      params,
      (row) => {
        count = Number(row[0]);
      },
    );
    contacts.reserve(count);
    digest.part('contacts');
    data.keys.rewind();
    await stream.rows(
      `select ${contactSelect('')} from contacts where created_at >= ? and created_at < ?${filter} ` +
        `order by created_at, source, key`,
      params,
      onContact,
    );
  }
  const inRange = contacts.read;

  // 2. Contacts created outside the range that a survey or QA evaluation of the range names: found from
  // those records (few) by the primary key, not by a scan of every contact.
  const named = (params: unknown[]): { from: string; where: string } => {
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
    await stream.rows(
      `select ${contactSelect('c.')} from ${from} where ${where} order by c.created_at, c.source, c.key`,
      params,
      onContact,
    );
  }

  // 3. The status events of those contacts, by contact in the same order, then by (at, key). On SQLite an
  // event names its contact by the contact's rowid (the contacts were read in this order); on PostgreSQL
  // by (source, contact id).
  const events = new EventFill(data, contacts);
  const contactKey = pg ? 'c.key collate "default"' : 'c.key';
  const eventColumns = `select ${pg ? 'e.source, e.contact_id' : 'c.rowid, null'}, e.status, e.at, e.digest`;
  const eventJoin = `join status_events e on e.source = c.source and e.contact_id = ${contactKey}`;
  const eventOrder = ' order by c.created_at, c.source, c.key, e.at, e.key';
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
  {
    const params: unknown[] = [range.from, range.to];
    const filter = sourceFilter('c.', params);
    digest.part('status_events');
    data.keys.rewind();
    if (inRange > 0)
      await stream.rows(
        `${eventColumns} from contacts c ${eventJoin} where c.created_at >= ? and c.created_at < ?${filter}${eventOrder}`,
        params,
        onEvent,
      );
  }
  {
    const params: unknown[] = [];
    const { from, where } = named(params);
    digest.part('earlier_status_events');
    if (contacts.read > inRange)
      await stream.rows(
        `${eventColumns} from ${from} ${eventJoin} where ${where}${eventOrder}`,
        params,
        onEvent,
      );
  }

  // 4. Surveys answered in the range.
  {
    const params: unknown[] = [range.from, range.to];
    const filter = sourceFilter('', params);
    const surveys = new SurveyFill(data);
    digest.part('surveys');
    data.keys.rewind();
    await stream.rows(
      'select source, contact_id, kind, score, scale_min, scale_max, answered_at, digest from surveys ' +
        `where answered_at >= ? and answered_at < ?${filter} order by answered_at, source, key`,
      params,
      (row) => {
        if (!kept(row[0], row[1])) return;
        digest.row(row[0], row[7]);
        surveys.add(row);
      },
    );
  }

  // 5. The small kinds, as records.
  for (const kind of RECORD_KINDS_BY_TIME) {
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
    digest.part(kind);
    data.keys.rewind();
    await stream.rows(
      `select ${names.map(quote).join(', ')} from ${spec.table} where ${where} order by ${spec.time}, source, key`,
      params,
      (row) => {
        const cells: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) cells[names[i]!] = row[i];
        const record = spec.fromRow(cells) as RecordKinds[RecordKind];
        if (kind === 'qa_evaluations' && !kept(row[0], (record as RecordKinds['qa_evaluations']).contactId))
          return;
        digest.row(row[0], row[2]);
        data.add(kind as RecordKind, record);
      },
    );
  }
  return { data, digest: digest.digest() };
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
  private lastText = '';
  private last: Coded | null = null;
  private readonly queue: Coder;
  private readonly segment: Coder;
  private readonly agent: Coder;
  /** Rows read (kept or not); per row its `ref` (SQLite rowid) and its key, -1 when left out. */
  read = 0;
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

  /** Room for n contacts. */
  reserve(n: number): void {
    const d = this.data;
    d.contacts.reserve(n);
    // A little more than one key per contact: surveys may name contacts that were not read.
    d.keys.reserve(Math.ceil(n * 1.03) + 1024, n * 12);
    if (this.byRef) this.grow(n);
  }

  private grow(n: number): void {
    const refs = new Float64Array(n);
    refs.set(this.refs.subarray(0, this.read));
    this.refs = refs;
    const keys = new Int32Array(n);
    keys.set(this.keys.subarray(0, this.read));
    this.keys = keys;
  }

  /** The source of a row's `codes`. */
  sourceOf(v: unknown): string {
    return this.codes(v).source;
  }

  private remember(ref: unknown, key: number): void {
    if (!this.byRef) {
      this.read++;
      return;
    }
    if (this.read === this.refs.length) this.grow(Math.max(1024, Math.ceil(this.read * 1.25)));
    this.refs[this.read] = ref === null ? Number.NaN : Number(ref);
    this.keys[this.read++] = key;
  }

  /** A row left out (an excluded contact): its events are left out too. */
  skip(row: unknown[]): void {
    this.remember(row[16], -1);
  }

  add(row: unknown[]): void {
    const d = this.data;
    const cols = d.contacts;
    if (cols.length === cols.capacity) cols.reserve(1);
    const i = cols.length;
    const c = this.codes(row[0]);
    const key = d.keys.add(text(row[1])!, c.sourceCode);
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
      const attributes = parseAttributes(json);
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

  private push(key: number, status: unknown, at: unknown): void {
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
    this.push(this.data.keys.intern(text(row[1])!, this.source.get(row[0])), row[2], row[3]);
  }

  /**
   * An event naming its contact by the contact's `ref` (row: ref, -, status, at), the events in the order
   * of the contacts: its source, or null when its contact was left out (or not read).
   */
  addByRef(row: unknown[]): string | null {
    const ref = Number(row[0]);
    const { refs, read } = this.contacts;
    let p = this.at;
    while (p < read && refs[p] !== ref) p++;
    if (p === read) return null;
    this.at = p;
    const key = this.contacts.keys[p]!;
    if (key < 0) return null;
    this.push(key, row[2], row[3]);
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
