/**
 * The records of an evaluation in a compact columnar form: a million contacts as a handful of typed arrays
 * (about 75 bytes each) instead of a million objects (about 1 KB each).
 *
 * - Instants are epoch milliseconds, NaN for null, in `InstantColumn`s (whole seconds in 32 bits, the rare
 *   other value kept exactly beside them); reopen counts and handling times in `SmallNumberColumn`s.
 * - Channel, direction, status and survey kind are small integer codes; language, queue, segment, priority,
 *   category, agent, source and attribute values are codes into interned string tables (code 0 = null),
 *   in byte arrays that widen when a table outgrows them.
 * - Contact ids live once, as UTF-8 bytes, in a key table shared by contacts, status events, surveys and
 *   QA evaluations: a record names its contact by an integer key.
 * - The small kinds (QA evaluations, outages, incidents, privacy incidents, forecasts) stay plain records.
 *
 * A `DataSet` of record objects converts into this form (`EvaluationData.fromDataSet`); the file reader
 * (src/ingest/columnar-reader.ts) fills it directly. Fields the evaluation never reads are not kept: a
 * contact's `customer` pseudonym, a status event's `native_status`, a survey's `comment`. Once evaluated,
 * the data is indexed (data-index.ts: keys merged, events packed) and takes no more records.
 */
import {
  CHANNELS,
  type Contact,
  type DataSet,
  DIRECTIONS,
  type Forecast,
  type Incident,
  type Outage,
  type PrivacyIncident,
  type QaEvaluation,
  type RecordKind,
  type RecordKinds,
  STATUSES,
  type StatusEvent,
  SURVEY_KINDS,
  type Survey,
} from '../records.js';
import { KeyTable } from './key-table.js';
import {
  AttributeColumn,
  type Codes,
  grow,
  growCodes,
  InstantColumn,
  maxCode,
  nextCapacity,
  SmallNumberColumn,
  StringTable,
} from './typed-columns.js';

export { KeyTable } from './key-table.js';
export {
  AttributeColumn,
  type Codes,
  InstantColumn,
  maxCode,
  SmallNumberColumn,
  StringTable,
} from './typed-columns.js';

/** Code of a status or survey kind outside the known lists (never matches a metric). */
export const UNKNOWN_CODE = 255;

/** The contact fields held as codes of a string table, in the order of `codesFit`'s arguments. */
const CODED_FIELDS = ['language', 'queue', 'segment', 'priority', 'category', 'agent'] as const;
const INSTANT_FIELDS = [
  'createdAt',
  'answeredAt',
  'abandonedAt',
  'firstResponseAt',
  'resolvedAt',
  'firstResolvedAt',
] as const;
const NUMBER_FIELDS = ['reopenCount', 'handleSeconds'] as const;

/**
 * Contacts, one array per field. Writers call `reserve` and then fill index `length` of every array before
 * incrementing `length` (the arrays are replaced when they grow: read them after `reserve`).
 */
export class ContactColumns {
  length = 0;
  capacity = 0;
  key: Int32Array = new Int32Array(0);
  channel: Uint8Array = new Uint8Array(0);
  direction: Uint8Array = new Uint8Array(0);
  language: Codes = new Uint8Array(0);
  queue: Codes = new Uint8Array(0);
  segment: Codes = new Uint8Array(0);
  priority: Codes = new Uint8Array(0);
  category: Codes = new Uint8Array(0);
  agent: Codes = new Uint8Array(0);
  readonly createdAt = new InstantColumn();
  readonly answeredAt = new InstantColumn();
  readonly abandonedAt = new InstantColumn();
  readonly firstResponseAt = new InstantColumn();
  readonly resolvedAt = new InstantColumn();
  readonly firstResolvedAt = new InstantColumn();
  /** NaN = unknown. */
  readonly reopenCount = new SmallNumberColumn();
  /** NaN = unknown. */
  readonly handleSeconds = new SmallNumberColumn();
  /** -1 unknown, 0 false, 1 true. */
  firstTimeRight: Int8Array = new Int8Array(0);
  readonly attributes = new Map<string, AttributeColumn>();

  reserve(extra: number): void {
    const min = this.length + extra;
    if (min <= this.capacity) return;
    const cap = nextCapacity(this.capacity, min);
    const n = this.length;
    this.key = grow(this.key, cap, n);
    this.channel = grow(this.channel, cap, n);
    this.direction = grow(this.direction, cap, n);
    this.firstTimeRight = grow(this.firstTimeRight, cap, n);
    for (const f of CODED_FIELDS) this[f] = growCodes(this[f], cap, n);
    for (const f of INSTANT_FIELDS) this[f].grow(cap, n);
    for (const f of NUMBER_FIELDS) this[f].grow(cap, n);
    for (const a of this.attributes.values()) a.codes = growCodes(a.codes, cap, n);
    this.capacity = cap;
  }

  /** The largest code each coded column (CODED_FIELDS) holds now. */
  readonly codeLimits = new Int32Array(6).fill(0xff);

  /** Whether every code fits its column (else call `fitCodes`). */
  codesFit(
    language: number,
    queue: number,
    segment: number,
    priority: number,
    category: number,
    agent: number,
  ): boolean {
    const l = this.codeLimits;
    return (
      language <= l[0]! &&
      queue <= l[1]! &&
      segment <= l[2]! &&
      priority <= l[3]! &&
      category <= l[4]! &&
      agent <= l[5]!
    );
  }

  /** Widens the coded columns that cannot hold these codes (in the order of `codesFit`). */
  fitCodes(...codes: readonly number[]): void {
    CODED_FIELDS.forEach((field, c) => {
      const code = codes[c]!;
      if (code > maxCode(this[field])) this[field] = growCodes(this[field], this.capacity, this.length, code);
      this.codeLimits[c] = maxCode(this[field]);
    });
  }

  /** Sets the coded columns of contact i, widening those that cannot hold a code first. */
  setCodes(
    i: number,
    language: number,
    queue: number,
    segment: number,
    priority: number,
    category: number,
    agent: number,
  ): void {
    if (!this.codesFit(language, queue, segment, priority, category, agent))
      this.fitCodes(language, queue, segment, priority, category, agent);
    this.language[i] = language;
    this.queue[i] = queue;
    this.segment[i] = segment;
    this.priority[i] = priority;
    this.category[i] = category;
    this.agent[i] = agent;
  }

  /** Widens an attribute column that cannot hold this code. */
  fitAttribute(a: AttributeColumn, code: number): void {
    if (code > maxCode(a.codes)) a.codes = growCodes(a.codes, this.capacity, this.length, code);
  }

  /** The column of an attribute, created (all null so far) when new. */
  attribute(name: string): AttributeColumn {
    let a = this.attributes.get(name);
    if (!a) {
      a = new AttributeColumn(new Uint8Array(this.capacity));
      this.attributes.set(name, a);
    }
    return a;
  }

  get byteSize(): number {
    const columns: { byteLength: number }[] = [
      this.key,
      this.channel,
      this.direction,
      this.firstTimeRight,
      ...CODED_FIELDS.map((f) => this[f]),
      ...INSTANT_FIELDS.map((f) => this[f]),
      ...NUMBER_FIELDS.map((f) => this[f]),
      ...[...this.attributes.values()].map((a) => a.codes),
    ];
    return columns.reduce((sum, c) => sum + c.byteLength, 0);
  }
}

/** Status events: the contact's key, the status (index in STATUSES) and the instant. */
export class EventColumns {
  length = 0;
  capacity = 0;
  key: Int32Array = new Int32Array(0);
  status: Uint8Array = new Uint8Array(0);
  readonly at = new InstantColumn();

  reserve(extra: number): void {
    const min = this.length + extra;
    if (min <= this.capacity) return;
    const cap = nextCapacity(this.capacity, min);
    const n = this.length;
    this.key = grow(this.key, cap, n);
    this.status = grow(this.status, cap, n);
    this.at.grow(cap, n);
    this.capacity = cap;
  }

  get byteSize(): number {
    return this.capacity * 5 + this.at.byteLength;
  }
}

/** Survey answers: key, kind (index in SURVEY_KINDS), score and scale, the instant. */
export class SurveyColumns {
  length = 0;
  capacity = 0;
  key: Int32Array = new Int32Array(0);
  kind: Uint8Array = new Uint8Array(0);
  score: Float64Array = new Float64Array(0);
  scaleMin: Float64Array = new Float64Array(0);
  scaleMax: Float64Array = new Float64Array(0);
  answeredAt: Float64Array = new Float64Array(0);

  reserve(extra: number): void {
    const min = this.length + extra;
    if (min <= this.capacity) return;
    const cap = nextCapacity(this.capacity, min);
    const n = this.length;
    this.key = grow(this.key, cap, n);
    this.kind = grow(this.kind, cap, n);
    this.score = grow(this.score, cap, n);
    this.scaleMin = grow(this.scaleMin, cap, n);
    this.scaleMax = grow(this.scaleMax, cap, n);
    this.answeredAt = grow(this.answeredAt, cap, n);
    this.capacity = cap;
  }

  get byteSize(): number {
    return this.capacity * 37;
  }
}

const nullable = (v: number | null) => (v === null ? Number.NaN : v);
const STATUS_CODES = new Map<string, number>(STATUSES.map((s, i) => [s, i]));
const SURVEY_CODES = new Map<string, number>(SURVEY_KINDS.map((s, i) => [s, i]));

/** The status code of a status name (UNKNOWN_CODE outside STATUSES). */
export const statusCode = (s: string) => STATUS_CODES.get(s) ?? UNKNOWN_CODE;
/** The survey kind code of a kind name (UNKNOWN_CODE outside SURVEY_KINDS). */
export const surveyKindCode = (s: string) => SURVEY_CODES.get(s) ?? UNKNOWN_CODE;

/** Everything an evaluation reads, in columns. Fill it, then hand it to `evaluate`. */
export class EvaluationData {
  readonly keys = new KeyTable();
  readonly sources = new StringTable();
  /** Channel and direction codes are fixed: 1 + the index in CHANNELS / DIRECTIONS. */
  readonly channels = new StringTable(CHANNELS);
  readonly directions = new StringTable(DIRECTIONS);
  readonly languages = new StringTable();
  readonly queues = new StringTable();
  readonly segments = new StringTable();
  readonly priorities = new StringTable();
  readonly categories = new StringTable();
  readonly agents = new StringTable();
  readonly contacts = new ContactColumns();
  readonly events = new EventColumns();
  readonly surveys = new SurveyColumns();
  readonly qa: QaEvaluation[] = [];
  /** The key of each QA evaluation's contact, in the order of `qa`. */
  readonly qaKeys: number[] = [];
  readonly outages: Outage[] = [];
  readonly incidents: Incident[] = [];
  readonly privacy: PrivacyIncident[] = [];
  readonly forecasts: Forecast[] = [];
  /** Set by the index once built (it is built once per data set). */
  index: unknown = null;

  static fromDataSet(data: DataSet): EvaluationData {
    const d = new EvaluationData();
    d.contacts.reserve(data.contacts.length);
    for (const c of data.contacts) d.addContact(c);
    d.events.reserve(data.status_events.length);
    for (const e of data.status_events) d.addStatusEvent(e);
    d.surveys.reserve(data.surveys.length);
    for (const s of data.surveys) d.addSurvey(s);
    for (const q of data.qa_evaluations) d.addQaEvaluation(q);
    d.outages.push(...data.outages);
    d.incidents.push(...data.incidents);
    d.privacy.push(...data.privacy_incidents);
    d.forecasts.push(...data.forecasts);
    return d;
  }

  /** Adds a record of any kind (`fields` as for addContact). */
  add<K extends RecordKind>(kind: K, record: RecordKinds[K], fields?: ReadonlySet<string> | undefined): void {
    switch (kind) {
      case 'contacts':
        this.addContact(record as Contact, fields);
        return;
      case 'status_events':
        this.addStatusEvent(record as StatusEvent);
        return;
      case 'surveys':
        this.addSurvey(record as Survey);
        return;
      case 'qa_evaluations':
        this.addQaEvaluation(record as QaEvaluation);
        return;
      case 'outages':
        this.outages.push(record as Outage);
        return;
      case 'incidents':
        this.incidents.push(record as Incident);
        return;
      case 'privacy_incidents':
        this.privacy.push(record as PrivacyIncident);
        return;
      case 'forecasts':
        this.forecasts.push(record as Forecast);
        return;
    }
  }

  /**
   * Adds a contact record. `fields` limits the text columns (queue, segment, agent) and attributes kept
   * (those the contracts read); undefined keeps all.
   */
  addContact(c: Contact, fields?: ReadonlySet<string> | undefined): void {
    const cols = this.contacts;
    cols.reserve(1);
    const i = cols.length;
    cols.key[i] = this.keys.add(c.id, this.sources.code(c.source));
    const channel = this.channels.code(c.channel);
    const direction = this.directions.code(c.direction);
    if (channel > 255 || direction > 255) throw new RangeError('too many distinct channels or directions');
    cols.channel[i] = channel;
    cols.direction[i] = direction;
    const language = this.languages.code(c.language);
    const kept = (field: string, value: string | null) =>
      fields === undefined || fields.has(field) ? value : null;
    const queue = this.queues.code(kept('queue', c.queue));
    const segment = this.segments.code(kept('segment', c.segment));
    const priority = this.priorities.code(c.priority);
    const category = this.categories.code(c.category);
    const agent = this.agents.code(kept('agent', c.agent));
    cols.setCodes(i, language, queue, segment, priority, category, agent);
    cols.createdAt.set(i, c.createdAt);
    cols.answeredAt.set(i, nullable(c.answeredAt));
    cols.abandonedAt.set(i, nullable(c.abandonedAt));
    cols.firstResponseAt.set(i, nullable(c.firstResponseAt));
    cols.resolvedAt.set(i, nullable(c.resolvedAt));
    cols.firstResolvedAt.set(i, nullable(c.firstResolvedAt));
    cols.reopenCount.set(i, nullable(c.reopenCount));
    cols.handleSeconds.set(i, nullable(c.handleSeconds));
    cols.firstTimeRight[i] = c.firstTimeRight === null ? -1 : c.firstTimeRight ? 1 : 0;
    for (const a of cols.attributes.values()) a.codes[i] = 0;
    for (const name of Object.keys(c.attributes)) {
      if (fields !== undefined && !fields.has(name)) continue;
      const a = cols.attribute(name);
      const code = a.values.code(c.attributes[name]!);
      cols.fitAttribute(a, code);
      a.codes[i] = code;
    }
    cols.length = i + 1;
  }

  addStatusEvent(e: StatusEvent): void {
    const ev = this.events;
    ev.reserve(1);
    const i = ev.length;
    ev.key[i] = this.keys.intern(e.contactId, this.sources.code(e.source));
    ev.status[i] = statusCode(e.status);
    ev.at.set(i, e.at);
    ev.length = i + 1;
  }

  addSurvey(s: Survey): void {
    const sv = this.surveys;
    sv.reserve(1);
    const i = sv.length;
    sv.key[i] = this.keys.intern(s.contactId, this.sources.code(s.source));
    sv.kind[i] = surveyKindCode(s.kind);
    sv.score[i] = s.score;
    sv.scaleMin[i] = s.scaleMin;
    sv.scaleMax[i] = s.scaleMax;
    sv.answeredAt[i] = s.answeredAt;
    sv.length = i + 1;
  }

  addQaEvaluation(q: QaEvaluation): void {
    this.qa.push(q);
    this.qaKeys.push(this.keys.intern(q.contactId, this.sources.code(q.source)));
  }

  /** Bytes held by the columns (typed arrays; the string tables and small kinds not counted). */
  get byteSize(): number {
    return this.keys.byteSize + this.contacts.byteSize + this.events.byteSize + this.surveys.byteSize;
  }
}
