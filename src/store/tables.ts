/**
 * One description per record kind: its table, content columns in order, upsert key, the record → row values
 * and row → record mappings. The writers, readers and digests all work from these, so a kind is described
 * once (the migrations are written out separately because they must never change after release; a test
 * checks that the two agree).
 *
 * Keys: RECORD_KEYS (src/domain/record-keys.ts), which the evaluation of `--data` files applies too.
 */
import { hash } from 'node:crypto';
import { RECORD_KEYS } from '../domain/record-keys.js';
import type {
  Contact,
  Forecast,
  Incident,
  Outage,
  PrivacyIncident,
  QaEvaluation,
  RecordKind,
  RecordKinds,
  StatusEvent,
  Survey,
} from '../domain/records.js';
import type { StoreSchema } from './schema.js';

export type ColumnType = 'text' | 'bigint' | 'integer' | 'double' | 'boolean';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

export type CellValue = string | number | boolean | null;

export interface TableSpec<K extends RecordKind> {
  readonly kind: K;
  readonly table: K & keyof StoreSchema;
  /** Content columns (everything but source, key, digest, revision), in the order of `values`. */
  readonly columns: readonly ColumnSpec[];
  /** The column that places a record in time (range reads). */
  readonly time: string;
  /** Status events, surveys and QA evaluations belong to a contact. */
  readonly child: boolean;
  key(record: RecordKinds[K]): string;
  values(record: RecordKinds[K]): CellValue[];
  fromRow(row: Readonly<Record<string, unknown>>): RecordKinds[K];
}

const t = (name: string): ColumnSpec => ({ name, type: 'text' });
const ms = (name: string): ColumnSpec => ({ name, type: 'bigint' });
const int = (name: string): ColumnSpec => ({ name, type: 'integer' });
const dbl = (name: string): ColumnSpec => ({ name, type: 'double' });
const bool = (name: string): ColumnSpec => ({ name, type: 'boolean' });

// Row readers: the drivers return numbers for BIGINT (see store.ts), 0/1 or true/false for booleans.
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const boolOrNull = (v: unknown): boolean | null =>
  v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 't';

/** Attributes as stable JSON text: keys sorted, so that the same row always gives the same digest. */
export function attributesJson(attributes: Readonly<Record<string, string>>): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '{}';
  if (keys.length > 1) keys.sort();
  // Written out directly; the same text as JSON.stringify of an object with the sorted keys, except that
  // such an object would list integer-like keys first ("9" before "10"), so those take that way.
  let json = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (ARRAY_INDEX.test(k) || k === '__proto__') return attributesJsonSlow(keys, attributes);
    if (i > 0) json += ',';
    json += `${jsonString(k)}:${jsonString(attributes[k]!)}`;
  }
  return `${json}}`;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters JSON.stringify escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const jsonString = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

function attributesJsonSlow(keys: readonly string[], attributes: Readonly<Record<string, string>>): string {
  const sorted: Record<string, string> = {};
  for (const k of keys) sorted[k] = attributes[k]!;
  return JSON.stringify(sorted);
}

export function parseAttributes(v: unknown): Record<string, string> {
  if (typeof v !== 'string' || v === '' || v === '{}') return {};
  const parsed: unknown = JSON.parse(v);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
}

const contacts: TableSpec<'contacts'> = {
  kind: 'contacts',
  table: 'contacts',
  columns: [
    t('id'),
    t('channel'),
    t('direction'),
    t('language'),
    t('queue'),
    t('segment'),
    t('priority'),
    t('category'),
    ms('created_at'),
    ms('answered_at'),
    ms('abandoned_at'),
    ms('first_response_at'),
    ms('resolved_at'),
    ms('first_resolved_at'),
    int('reopen_count'),
    dbl('handle_seconds'),
    bool('first_time_right'),
    t('agent'),
    t('customer'),
    t('attributes'),
  ],
  time: 'created_at',
  child: false,
  key: RECORD_KEYS.contacts,
  values: (r: Contact) => [
    r.id,
    r.channel,
    r.direction,
    r.language,
    r.queue,
    r.segment,
    r.priority,
    r.category,
    r.createdAt,
    r.answeredAt,
    r.abandonedAt,
    r.firstResponseAt,
    r.resolvedAt,
    r.firstResolvedAt,
    r.reopenCount,
    r.handleSeconds,
    r.firstTimeRight,
    r.agent,
    r.customer,
    attributesJson(r.attributes),
  ],
  fromRow: (row) => ({
    source: str(row.source),
    id: str(row.id),
    channel: str(row.channel) as Contact['channel'],
    direction: str(row.direction) as Contact['direction'],
    language: strOrNull(row.language),
    queue: strOrNull(row.queue),
    segment: strOrNull(row.segment),
    priority: strOrNull(row.priority),
    category: strOrNull(row.category),
    createdAt: num(row.created_at),
    answeredAt: numOrNull(row.answered_at),
    abandonedAt: numOrNull(row.abandoned_at),
    firstResponseAt: numOrNull(row.first_response_at),
    resolvedAt: numOrNull(row.resolved_at),
    firstResolvedAt: numOrNull(row.first_resolved_at),
    reopenCount: numOrNull(row.reopen_count),
    handleSeconds: numOrNull(row.handle_seconds),
    firstTimeRight: boolOrNull(row.first_time_right),
    agent: strOrNull(row.agent),
    customer: strOrNull(row.customer),
    attributes: parseAttributes(row.attributes),
  }),
};

const statusEvents: TableSpec<'status_events'> = {
  kind: 'status_events',
  table: 'status_events',
  columns: [t('contact_id'), t('status'), t('native_status'), ms('at')],
  time: 'at',
  child: true,
  key: RECORD_KEYS.status_events,
  values: (r: StatusEvent) => [r.contactId, r.status, r.nativeStatus, r.at],
  fromRow: (row) => ({
    source: str(row.source),
    contactId: str(row.contact_id),
    status: str(row.status) as StatusEvent['status'],
    nativeStatus: strOrNull(row.native_status),
    at: num(row.at),
  }),
};

const surveys: TableSpec<'surveys'> = {
  kind: 'surveys',
  table: 'surveys',
  columns: [
    t('contact_id'),
    t('kind'),
    dbl('score'),
    dbl('scale_min'),
    dbl('scale_max'),
    ms('answered_at'),
    t('comment'),
  ],
  time: 'answered_at',
  child: true,
  key: RECORD_KEYS.surveys,
  values: (r: Survey) => [r.contactId, r.kind, r.score, r.scaleMin, r.scaleMax, r.answeredAt, r.comment],
  fromRow: (row) => ({
    source: str(row.source),
    contactId: str(row.contact_id),
    kind: str(row.kind) as Survey['kind'],
    score: num(row.score),
    scaleMin: num(row.scale_min),
    scaleMax: num(row.scale_max),
    answeredAt: num(row.answered_at),
    comment: strOrNull(row.comment),
  }),
};

const qaEvaluations: TableSpec<'qa_evaluations'> = {
  kind: 'qa_evaluations',
  table: 'qa_evaluations',
  columns: [
    t('contact_id'),
    ms('evaluated_at'),
    dbl('score'),
    bool('script_compliant'),
    bool('tone_of_voice_ok'),
    t('evaluator'),
    t('attributes'),
  ],
  time: 'evaluated_at',
  child: true,
  key: RECORD_KEYS.qa_evaluations,
  values: (r: QaEvaluation) => [
    r.contactId,
    r.evaluatedAt,
    r.score,
    r.scriptCompliant,
    r.toneOfVoiceOk,
    r.evaluator,
    attributesJson(r.attributes),
  ],
  fromRow: (row) => ({
    source: str(row.source),
    contactId: str(row.contact_id),
    evaluatedAt: num(row.evaluated_at),
    score: numOrNull(row.score),
    scriptCompliant: boolOrNull(row.script_compliant),
    toneOfVoiceOk: boolOrNull(row.tone_of_voice_ok),
    evaluator: strOrNull(row.evaluator),
    attributes: parseAttributes(row.attributes),
  }),
};

const outages: TableSpec<'outages'> = {
  kind: 'outages',
  table: 'outages',
  columns: [ms('from_at'), ms('to_at'), t('channel'), t('reason')],
  time: 'from_at',
  child: false,
  key: RECORD_KEYS.outages,
  values: (r: Outage) => [r.from, r.to, r.channel, r.reason],
  fromRow: (row) => ({
    source: str(row.source),
    from: num(row.from_at),
    to: num(row.to_at),
    channel: strOrNull(row.channel) as Outage['channel'],
    reason: strOrNull(row.reason),
  }),
};

const incidents: TableSpec<'incidents'> = {
  kind: 'incidents',
  table: 'incidents',
  columns: [t('id'), t('severity'), ms('raised_at'), ms('acknowledged_at'), ms('resolved_at'), t('summary')],
  time: 'raised_at',
  child: false,
  key: RECORD_KEYS.incidents,
  values: (r: Incident) => [r.id, r.severity, r.raisedAt, r.acknowledgedAt, r.resolvedAt, r.summary],
  fromRow: (row) => ({
    source: str(row.source),
    id: str(row.id),
    severity: strOrNull(row.severity) as Incident['severity'],
    raisedAt: num(row.raised_at),
    acknowledgedAt: numOrNull(row.acknowledged_at),
    resolvedAt: numOrNull(row.resolved_at),
    summary: strOrNull(row.summary),
  }),
};

const privacyIncidents: TableSpec<'privacy_incidents'> = {
  kind: 'privacy_incidents',
  table: 'privacy_incidents',
  columns: [t('id'), ms('reported_at'), bool('confirmed'), t('summary')],
  time: 'reported_at',
  child: false,
  key: RECORD_KEYS.privacy_incidents,
  values: (r: PrivacyIncident) => [r.id, r.reportedAt, r.confirmed, r.summary],
  fromRow: (row) => ({
    source: str(row.source),
    id: str(row.id),
    reportedAt: num(row.reported_at),
    confirmed: boolOrNull(row.confirmed),
    summary: strOrNull(row.summary),
  }),
};

const forecasts: TableSpec<'forecasts'> = {
  kind: 'forecasts',
  table: 'forecasts',
  columns: [
    ms('interval_start'),
    int('interval_minutes'),
    t('channel'),
    t('queue'),
    dbl('volume'),
    dbl('aht_seconds'),
  ],
  time: 'interval_start',
  child: false,
  key: RECORD_KEYS.forecasts,
  values: (r: Forecast) => [r.intervalStart, r.intervalMinutes, r.channel, r.queue, r.volume, r.ahtSeconds],
  fromRow: (row) => ({
    source: str(row.source),
    intervalStart: num(row.interval_start),
    intervalMinutes: num(row.interval_minutes),
    channel: strOrNull(row.channel) as Forecast['channel'],
    queue: strOrNull(row.queue),
    volume: num(row.volume),
    ahtSeconds: numOrNull(row.aht_seconds),
  }),
};

export const TABLES: { readonly [K in RecordKind]: TableSpec<K> } = {
  contacts,
  status_events: statusEvents,
  surveys,
  qa_evaluations: qaEvaluations,
  outages,
  incidents,
  privacy_incidents: privacyIncidents,
  forecasts,
};

export function tableSpec<K extends RecordKind>(kind: K): TableSpec<K> {
  return TABLES[kind] as TableSpec<K>;
}

/**
 * Digest of a record's content (everything but source and key): the first 128 bits of SHA-256 over its
 * values as JSON, base64url. Equal digests mean "unchanged"; the same record gives the same digest on
 * both databases.
 */
export function contentDigest(values: readonly CellValue[]): string {
  return hash('sha256', JSON.stringify(values), 'base64url').slice(0, 22);
}
