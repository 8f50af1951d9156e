/**
 * What makes a record the same record (data.md: `(source, id)` is unique, re-importing updates instead of
 * duplicating): its source and this key. The store upserts on them (src/store/tables.ts) and the
 * evaluation of `--data` files lets a later row with the same source and key replace an earlier one
 * (evaluation/data-index.ts), so that the files give the figures the store would hold after importing them.
 *
 * The source's id for contacts, incidents and privacy incidents; for the others the fields that identify
 * the record, joined with `|`. Only one part of a composed key is free text (a contact id or a forecast
 * queue) and every other part is a number or a fixed word without `|`, so the composition is unambiguous
 * without escaping.
 */
import type { RecordKind, RecordKinds } from './records.js';

export const RECORD_KEYS: { readonly [K in RecordKind]: (record: RecordKinds[K]) => string } = {
  contacts: (r) => r.id,
  status_events: (r) => `${r.contactId}|${r.at}|${r.status}`,
  surveys: (r) => `${r.contactId}|${r.kind}|${r.answeredAt}`,
  qa_evaluations: (r) => `${r.contactId}|${r.evaluatedAt}`,
  outages: (r) => `${r.from}|${r.channel ?? ''}`,
  incidents: (r) => r.id,
  privacy_incidents: (r) => r.id,
  forecasts: (r) => `${r.intervalStart}|${r.channel ?? ''}|${r.queue ?? ''}`,
};

/** The fields of each kind's key, as a warning names them. */
export const RECORD_KEY_FIELDS: { readonly [K in RecordKind]: readonly string[] } = {
  contacts: ['source', 'id'],
  status_events: ['source', 'contact_id', 'at', 'status'],
  surveys: ['source', 'contact_id', 'kind', 'answered_at'],
  qa_evaluations: ['source', 'contact_id', 'evaluated_at'],
  outages: ['source', 'from', 'channel'],
  incidents: ['source', 'id'],
  privacy_incidents: ['source', 'id'],
  forecasts: ['source', 'interval_start', 'channel', 'queue'],
};

/** Source and key of a record in one string (a source holds no NUL). */
export function sourceAndKey<K extends RecordKind>(kind: K, record: RecordKinds[K]): string {
  return `${record.source}\u0000${RECORD_KEYS[kind](record)}`;
}
