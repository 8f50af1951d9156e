/**
 * Rows (from CSV or NDJSON) → the normalised records of data.md, with every problem named by field.
 * Customer identifiers and personal fields are pseudonymised here, before anything is stored.
 */
import {
  CATEGORIES,
  CHANNELS,
  type Contact,
  DIRECTIONS,
  type Forecast,
  type Incident,
  type Outage,
  PRIORITIES,
  type PrivacyIncident,
  type QaEvaluation,
  RECORD_COLUMNS,
  type RecordKind,
  type RecordKinds,
  SEVERITIES,
  STATUSES,
  type StatusEvent,
  SURVEY_KINDS,
  type Survey,
} from '../domain/records.js';
import { parseInstant } from '../domain/time/instant.js';
import { type FieldProblem, FieldReader, fastInstant, isEmpty, languageTag } from './fields.js';
import { NO_POLICY, type PersonalData } from './personal.js';

/** Columns each kind knows (data.md); anything else is an attribute (contacts, QA) or a reported, unused column. */
export const KNOWN_COLUMNS = RECORD_COLUMNS;

/** Kinds that keep unknown columns as attributes; for the others an unknown column is reported. */
export const KINDS_WITH_ATTRIBUTES: readonly RecordKind[] = ['contacts', 'qa_evaluations'];

/** Attribute columns that hold personal data by their name alone (personal.ts has the patterns too). */
export { PERSONAL_COLUMNS } from './personal.js';

export interface NormaliseContext {
  /** The source name for rows without a `source` value. */
  readonly source: string;
  /** Keyed hash of a personal value (HMAC-SHA-256). */
  readonly pseudonymise: (value: string) => string;
  /** Which columns are personal, normal forms, free-text scrubbing; default: no declarations, no region. */
  readonly personal?: PersonalData;
}

export type Normalised<K extends RecordKind> =
  | { ok: true; record: RecordKinds[K] }
  | { ok: false; problems: FieldProblem[] };

type Row = Readonly<Record<string, unknown>>;

// Set lookups: attributesOf runs for every row of the file.
const KNOWN_SETS = Object.fromEntries(
  Object.entries(KNOWN_COLUMNS).map(([kind, columns]) => [kind, new Set(columns)]),
) as unknown as Record<RecordKind, ReadonlySet<string>>;

/**
 * What is stored of an attribute: the pseudonym of a personal column's value (in its normal form), or the
 * value with every e-mail address, phone number and IBAN in it pseudonymised (personal.ts).
 */
export function attributeValue(ctx: NormaliseContext, name: string, value: string): string {
  const p = ctx.personal ?? NO_POLICY;
  return p.isPersonalColumn(name)
    ? ctx.pseudonymise(p.personalValue(name, value))
    : p.scrub(value, ctx.pseudonymise);
}

/** The pseudonym of a customer identifier, in its normal form (one customer, one pseudonym). */
export function customerPseudonym(ctx: NormaliseContext, customer: string): string {
  return ctx.pseudonymise((ctx.personal ?? NO_POLICY).identifier(customer));
}

/** Free text (a comment, a summary, a reason) with the personal values in it pseudonymised. */
function freeText(ctx: NormaliseContext, text: string | null): string | null {
  return text === null ? null : (ctx.personal ?? NO_POLICY).scrub(text, ctx.pseudonymise);
}

/** The records an NDJSON contact may carry inside it (read-records.ts): lists, never attributes. */
const NESTED_KINDS: ReadonlySet<string> = new Set(['status_events', 'surveys', 'qa_evaluations']);

/** Whether `key` of a row of `kind` is none of its columns (data.md): an attribute, or an unused field. */
function isUnknownField(kind: RecordKind, key: string): boolean {
  return !(KNOWN_SETS[kind].has(key) || key === 'type' || (kind === 'contacts' && NESTED_KINDS.has(key)));
}

/**
 * The fields of an NDJSON record that a kind without attributes does not use (data.md: an unknown column is
 * never dropped silently; the reader warns about them).
 */
export function unusedFields(kind: RecordKind, row: Row): string[] {
  const out: string[] = [];
  if (KINDS_WITH_ATTRIBUTES.includes(kind)) return out;
  for (const key in row) if (isUnknownField(kind, key)) out.push(key);
  return out;
}

/**
 * The attributes of a row: every field that is no column of the kind, as text. An NDJSON number or boolean
 * is kept as its JSON text (`5`, `true`), as is an object or a list (`{"a":1}`, `[1,2]`): a population
 * compares an attribute with text, so that is what it can select on.
 */
function attributesOf(
  kind: RecordKind,
  r: FieldReader,
  row: Row,
  ctx: NormaliseContext,
): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const key in row) {
    const value = row[key];
    if (isEmpty(value) || !isUnknownField(kind, key)) continue;
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    // Bytes that were not UTF-8 would otherwise be stored (and pseudonymised) as replacement characters.
    if (text.includes('\uFFFD')) {
      r.problem(key, `${JSON.stringify(text)} contains bytes that are not UTF-8 (save the file as UTF-8)`);
      continue;
    }
    if (text.includes('\u0000')) {
      r.problem(key, `${JSON.stringify(text)} contains a NUL character`);
      continue;
    }
    attrs[key] = attributeValue(ctx, key, text);
  }
  return attrs;
}

function contact(r: FieldReader, row: Row, ctx: NormaliseContext): Contact {
  const createdAt = r.instant('created_at', true);
  const answeredAt = r.instant('answered_at');
  const abandonedAt = r.instant('abandoned_at');
  const firstResponseAt = r.instant('first_response_at');
  const resolvedAt = r.instant('resolved_at');
  const firstResolvedAt = r.instant('first_resolved_at');
  for (const [field, value] of [
    ['answered_at', answeredAt],
    ['abandoned_at', abandonedAt],
    ['first_response_at', firstResponseAt],
    ['resolved_at', resolvedAt],
    ['first_resolved_at', firstResolvedAt],
  ] as const) {
    r.notBefore(field, value, 'created_at', createdAt);
  }
  r.notBefore('resolved_at', resolvedAt, 'first_resolved_at', firstResolvedAt);
  if (answeredAt !== null && abandonedAt !== null) {
    r.problem('abandoned_at', 'is set although the contact was answered (answered_at)');
  }
  const customer = r.text('customer');
  return {
    source: r.text('source') ?? ctx.source,
    id: r.text('id', true) ?? '',
    channel: r.oneOf('channel', CHANNELS, { required: true, what: 'a channel' }) ?? 'other',
    direction: r.oneOf('direction', DIRECTIONS, { what: 'a direction' }) ?? 'inbound',
    language: r.language('language'),
    queue: r.text('queue'),
    segment: r.text('segment'),
    priority: r.oneOf('priority', PRIORITIES, { what: 'a priority' }),
    category: r.oneOf('category', CATEGORIES, { what: 'a category' }),
    createdAt: createdAt ?? 0,
    answeredAt,
    abandonedAt,
    firstResponseAt,
    resolvedAt,
    firstResolvedAt,
    reopenCount: r.number('reopen_count', { min: 0, integer: true }),
    handleSeconds: r.number('handle_seconds', { min: 0 }),
    firstTimeRight: r.boolean('first_time_right'),
    agent: r.text('agent'),
    customer: customer === null ? null : customerPseudonym(ctx, customer),
    attributes: attributesOf('contacts', r, row, ctx),
  };
}

function statusEvent(r: FieldReader, _row: Row, ctx: NormaliseContext): StatusEvent {
  return {
    source: r.text('source') ?? ctx.source,
    contactId: r.text('contact_id', true) ?? '',
    status: r.oneOf('status', STATUSES, { required: true, what: 'a status' }) ?? 'open',
    nativeStatus: r.text('native_status'),
    at: r.instant('at', true) ?? 0,
  };
}

function survey(r: FieldReader, _row: Row, ctx: NormaliseContext): Survey {
  const kind = r.oneOf('kind', SURVEY_KINDS, { required: true, what: 'a survey kind' });
  // NPS has a fixed 0..10 scale; CSAT and CES scales differ per survey and must be given.
  const scaleMin = r.number('scale_min', { required: kind !== 'nps' }) ?? (kind === 'nps' ? 0 : null);
  const scaleMax = r.number('scale_max', { required: kind !== 'nps' }) ?? (kind === 'nps' ? 10 : null);
  const score = r.number('score', { required: true });
  if (scaleMin !== null && scaleMax !== null) {
    if (scaleMax <= scaleMin) r.problem('scale_max', `${scaleMax} is not above scale_min ${scaleMin}`);
    else if (score !== null && (score < scaleMin || score > scaleMax)) {
      r.problem('score', `${score} is outside the scale ${scaleMin}..${scaleMax}`);
    }
  }
  return {
    source: r.text('source') ?? ctx.source,
    contactId: r.text('contact_id', true) ?? '',
    kind: kind ?? 'csat',
    score: score ?? 0,
    scaleMin: scaleMin ?? 0,
    scaleMax: scaleMax ?? 0,
    answeredAt: r.instant('answered_at', true) ?? 0,
    comment: freeText(ctx, r.text('comment')),
  };
}

function qaEvaluation(r: FieldReader, row: Row, ctx: NormaliseContext): QaEvaluation {
  return {
    source: r.text('source') ?? ctx.source,
    contactId: r.text('contact_id', true) ?? '',
    evaluatedAt: r.instant('evaluated_at', true) ?? 0,
    score: r.number('score', { min: 0, max: 100 }),
    scriptCompliant: r.boolean('script_compliant'),
    toneOfVoiceOk: r.boolean('tone_of_voice_ok'),
    evaluator: r.text('evaluator'),
    attributes: attributesOf('qa_evaluations', r, row, ctx),
  };
}

function outage(r: FieldReader, _row: Row, ctx: NormaliseContext): Outage {
  const from = r.instant('from', true);
  const to = r.instant('to', true);
  if (from !== null && to !== null && to <= from) r.problem('to', 'is not after from');
  return {
    source: r.text('source') ?? ctx.source,
    from: from ?? 0,
    to: to ?? 0,
    channel: r.oneOf('channel', CHANNELS, { what: 'a channel' }),
    reason: freeText(ctx, r.text('reason')),
  };
}

function incident(r: FieldReader, _row: Row, ctx: NormaliseContext): Incident {
  const raisedAt = r.instant('raised_at', true);
  const acknowledgedAt = r.instant('acknowledged_at');
  const resolvedAt = r.instant('resolved_at');
  r.notBefore('acknowledged_at', acknowledgedAt, 'raised_at', raisedAt);
  r.notBefore('resolved_at', resolvedAt, 'raised_at', raisedAt);
  return {
    source: r.text('source') ?? ctx.source,
    id: r.text('id', true) ?? '',
    // Not required (data.md): an empty severity is unknown.
    severity: r.oneOf('severity', SEVERITIES, { what: 'a severity' }),
    raisedAt: raisedAt ?? 0,
    acknowledgedAt,
    resolvedAt,
    summary: freeText(ctx, r.text('summary')),
  };
}

function privacyIncident(r: FieldReader, _row: Row, ctx: NormaliseContext): PrivacyIncident {
  return {
    source: r.text('source') ?? ctx.source,
    id: r.text('id', true) ?? '',
    reportedAt: r.instant('reported_at', true) ?? 0,
    // Not required (data.md): an empty `confirmed` is unknown, not yet established.
    confirmed: r.boolean('confirmed'),
    summary: freeText(ctx, r.text('summary')),
  };
}

function forecast(r: FieldReader, _row: Row, ctx: NormaliseContext): Forecast {
  return {
    source: r.text('source') ?? ctx.source,
    intervalStart: r.instant('interval_start', true) ?? 0,
    intervalMinutes: r.number('interval_minutes', { required: true, min: 1, integer: true }) ?? 0,
    channel: r.oneOf('channel', CHANNELS, { what: 'a channel' }),
    queue: r.text('queue'),
    volume: r.number('volume', { required: true, min: 0 }) ?? 0,
    ahtSeconds: r.number('aht_seconds', { min: 0 }),
  };
}

const MAPPERS: {
  readonly [K in RecordKind]: (r: FieldReader, row: Row, ctx: NormaliseContext) => RecordKinds[K];
} = {
  contacts: contact,
  status_events: statusEvent,
  surveys: survey,
  qa_evaluations: qaEvaluation,
  outages: outage,
  incidents: incident,
  privacy_incidents: privacyIncident,
  forecasts: forecast,
};

/** Maps one row to a record of the kind, or lists every problem in it. */
export function normalise<K extends RecordKind>(kind: K, row: Row, ctx: NormaliseContext): Normalised<K> {
  const reader = new FieldReader(row);
  const record = MAPPERS[kind](reader, row, ctx);
  return reader.problems.length === 0 ? { ok: true, record } : { ok: false, problems: reader.problems };
}

/** Maps the values of one CSV row (strings, in header order) to a record, or lists its problems. */
export type CsvRowMapper<K extends RecordKind> = (values: readonly string[], clean: boolean) => Normalised<K>;

/**
 * A row mapper compiled for one header. Contacts and status events, the bulk of any import, take a fast
 * path that reads the cells by their column index, without building a row object or collecting problems:
 * it accepts only rows it is certain about and gives exactly the record `normalise` would. Any other row
 * (a bad value, an unusual but valid spelling, a value with a replacement or NUL character: `clean` is
 * false when the row may hold one) goes the general way through `normalise`, which decides and names
 * every problem, so both ways always agree.
 */
export function compileCsvMapper<K extends RecordKind>(
  kind: K,
  header: readonly string[],
  ctx: NormaliseContext,
): CsvRowMapper<K> {
  const generic = (values: readonly string[]): Normalised<K> => {
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i]!] = values[i]!;
    return normalise(kind, row, ctx);
  };
  const fast = (FAST_MAPPERS[kind] as FastMapperFactory<K> | undefined)?.(header, ctx);
  if (fast === undefined) return generic;
  return (values, clean) => {
    if (clean) {
      const record = fast(values);
      if (record !== undefined) return { ok: true, record };
    }
    return generic(values);
  };
}

/** Returns the record, or undefined when the row needs the general way. */
type FastMapper<K extends RecordKind> = (values: readonly string[]) => RecordKinds[K] | undefined;
type FastMapperFactory<K extends RecordKind> = (
  header: readonly string[],
  ctx: NormaliseContext,
) => FastMapper<K>;

// The fast path's cell readers: `undefined` means "not certain, take the general way".

/** FieldReader.text: empty or blank is unknown, anything else trimmed. */
function text(v: string | undefined): string | null {
  if (v === undefined || v === '') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** FieldReader.instant; an empty cell is null. */
function instant(v: string | undefined): number | null | undefined {
  if (v === undefined || v === '') return null;
  const ms = fastInstant(v);
  if (!Number.isNaN(ms)) return ms;
  const r = parseInstant(v.trim());
  return r.ok ? r.ms : undefined;
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

/** FieldReader.number with a minimum of 0. */
function nonNegative(v: string | undefined, integer: boolean): number | null | undefined {
  if (v === undefined || v === '') return null;
  if (!NUMBER.test(v)) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isSafeInteger(n))) return undefined;
  return n;
}

function boolean(v: string | undefined): boolean | null | undefined {
  if (v === undefined || v === '') return null;
  if (v === 'true') return true;
  if (v === 'false') return false;
  const t = v.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

function language(v: string | undefined): string | null | undefined {
  const t = text(v);
  return t === null ? null : languageTag(t);
}

/** FieldReader.oneOf, with each spelling met normalised once. */
function oneOf<T extends string>(allowed: readonly T[]): (v: string | undefined) => T | null | undefined {
  const known = new Map<string, T>();
  return (v) => {
    if (v === undefined || v === '') return null;
    const hit = known.get(v);
    if (hit !== undefined) return hit;
    const t = v.trim().toLowerCase();
    if (!(allowed as readonly string[]).includes(t)) return undefined;
    if (known.size < 1000) known.set(v, t as T);
    return t as T;
  };
}

const cell = (values: readonly string[], i: number): string | undefined => (i < 0 ? undefined : values[i]);

/** Columns kept as attributes: what attributesOf keeps of a CSV row. */
function attributeColumns(
  kind: RecordKind,
  header: readonly string[],
  personal: PersonalData,
): [number, string, boolean][] {
  const known = KNOWN_SETS[kind];
  const out: [number, string, boolean][] = [];
  header.forEach((name, i) => {
    // A `__proto__` column never reaches the row object that the general way reads.
    if (known.has(name) || name === 'type' || name === '__proto__') return;
    out.push([i, name, personal.isPersonalColumn(name)]);
  });
  return out;
}

/** Where each contact column of data.md stands in a header (-1 when absent), for the fast row paths. */
export function contactColumnIndexes(header: readonly string[]) {
  const at = (name: string) => header.indexOf(name);
  return {
    iSource: at('source'),
    iId: at('id'),
    iChannel: at('channel'),
    iDirection: at('direction'),
    iLanguage: at('language'),
    iQueue: at('queue'),
    iSegment: at('segment'),
    iPriority: at('priority'),
    iCategory: at('category'),
    iCreated: at('created_at'),
    iAnswered: at('answered_at'),
    iAbandoned: at('abandoned_at'),
    iFirstResponse: at('first_response_at'),
    iResolved: at('resolved_at'),
    iFirstResolved: at('first_resolved_at'),
    iReopen: at('reopen_count'),
    iHandle: at('handle_seconds'),
    iFtr: at('first_time_right'),
    iAgent: at('agent'),
    iCustomer: at('customer'),
  };
}

const fastContacts: FastMapperFactory<'contacts'> = (header, ctx) => {
  const {
    iSource,
    iId,
    iChannel,
    iDirection,
    iLanguage,
    iQueue,
    iSegment,
    iPriority,
    iCategory,
    iCreated,
    iAnswered,
    iAbandoned,
    iFirstResponse,
    iResolved,
    iFirstResolved,
    iReopen,
    iHandle,
    iFtr,
    iAgent,
    iCustomer,
  } = contactColumnIndexes(header);
  const personal = ctx.personal ?? NO_POLICY;
  const attributes = attributeColumns('contacts', header, personal);
  const channel = oneOf(CHANNELS);
  const direction = oneOf(DIRECTIONS);
  const priority = oneOf(PRIORITIES);
  const category = oneOf(CATEGORIES);
  return (v) => {
    const id = text(cell(v, iId));
    const ch = channel(cell(v, iChannel));
    const createdAt = instant(cell(v, iCreated));
    if (id === null || ch == null || createdAt == null) return undefined;
    const answeredAt = instant(cell(v, iAnswered));
    const abandonedAt = instant(cell(v, iAbandoned));
    const firstResponseAt = instant(cell(v, iFirstResponse));
    const resolvedAt = instant(cell(v, iResolved));
    const firstResolvedAt = instant(cell(v, iFirstResolved));
    if (
      answeredAt === undefined ||
      abandonedAt === undefined ||
      firstResponseAt === undefined ||
      resolvedAt === undefined ||
      firstResolvedAt === undefined ||
      (answeredAt !== null && (answeredAt < createdAt || abandonedAt !== null)) ||
      (abandonedAt !== null && abandonedAt < createdAt) ||
      (firstResponseAt !== null && firstResponseAt < createdAt) ||
      (resolvedAt !== null &&
        (resolvedAt < createdAt || (firstResolvedAt !== null && resolvedAt < firstResolvedAt))) ||
      (firstResolvedAt !== null && firstResolvedAt < createdAt)
    ) {
      return undefined;
    }
    const dir = direction(cell(v, iDirection));
    const lang = language(cell(v, iLanguage));
    const prio = priority(cell(v, iPriority));
    const cat = category(cell(v, iCategory));
    const reopenCount = nonNegative(cell(v, iReopen), true);
    const handleSeconds = nonNegative(cell(v, iHandle), false);
    const firstTimeRight = boolean(cell(v, iFtr));
    if (
      dir === undefined ||
      lang === undefined ||
      prio === undefined ||
      cat === undefined ||
      reopenCount === undefined ||
      handleSeconds === undefined ||
      firstTimeRight === undefined
    ) {
      return undefined;
    }
    const customer = text(cell(v, iCustomer));
    const attrs: Record<string, string> = {};
    for (let k = 0; k < attributes.length; k++) {
      const [i, name, isPersonal] = attributes[k]!;
      const value = v[i]!;
      if (value === '') continue;
      attrs[name] = isPersonal
        ? ctx.pseudonymise(personal.personalValue(name, value))
        : personal.scrub(value, ctx.pseudonymise);
    }
    return {
      source: text(cell(v, iSource)) ?? ctx.source,
      id,
      channel: ch,
      direction: dir ?? 'inbound',
      language: lang,
      queue: text(cell(v, iQueue)),
      segment: text(cell(v, iSegment)),
      priority: prio,
      category: cat,
      createdAt,
      answeredAt,
      abandonedAt,
      firstResponseAt,
      resolvedAt,
      firstResolvedAt,
      reopenCount,
      handleSeconds,
      firstTimeRight,
      agent: text(cell(v, iAgent)),
      customer: customer === null ? null : customerPseudonym(ctx, customer),
      attributes: attrs,
    };
  };
};

const fastStatusEvents: FastMapperFactory<'status_events'> = (header, ctx) => {
  const iSource = header.indexOf('source');
  const iContact = header.indexOf('contact_id');
  const iStatus = header.indexOf('status');
  const iNative = header.indexOf('native_status');
  const iAt = header.indexOf('at');
  const status = oneOf(STATUSES);
  return (v) => {
    const contactId = text(cell(v, iContact));
    const st = status(cell(v, iStatus));
    const at = instant(cell(v, iAt));
    if (contactId === null || st == null || at == null) return undefined;
    return {
      source: text(cell(v, iSource)) ?? ctx.source,
      contactId,
      status: st,
      nativeStatus: text(cell(v, iNative)),
      at,
    };
  };
};

const FAST_MAPPERS: { readonly [K in RecordKind]?: FastMapperFactory<K> } = {
  contacts: fastContacts,
  status_events: fastStatusEvents,
};
