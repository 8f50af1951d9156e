/**
 * Amazon Connect contact records (the contact trace record, CTR, as a Kinesis stream or Firehose delivers it
 * and as exported: JSON, one record per line, back to back, or in an array) → contacts.
 *
 * - Delivered at least once and updated later (after-contact work, a survey): records are deduplicated on
 *   `ContactId`, the latest `LastUpdateTimestamp` wins.
 * - A transfer makes a new record per leg (`InitialContactId`, `PreviousContactId`, `NextContactId`): the legs
 *   are one customer contact, the initial contact's id. It starts when it first entered a queue
 *   (`Queue.EnqueueTimestamp`, else `InitiationTimestamp`), is answered when an agent first took it
 *   (`Agent.ConnectedToAgentTimestamp`), and abandoned when it left its last queue without an agent
 *   (`Queue.DequeueTimestamp`, else `DisconnectTimestamp`). Handle time is the agents' interaction, hold and
 *   after-contact work over every leg (durations in seconds).
 * - Language, priority, segment and category are not part of the record: read from the contact's
 *   user-defined `Attributes` (set in the contact flow) when they hold a valid value; other attributes are
 *   kept as attributes.
 */
import { CATEGORIES, PRIORITIES, RECORD_COLUMNS } from '../../domain/records.js';
import { languageTag } from '../fields.js';
import type { RecordError } from '../read-records.js';
import { isObject, jsonRecords, jsonValues } from './json-values.js';
import { NativeFields } from './native-fields.js';
import { countIgnored, iso, type NativeFile, type NativeRead, type NativeRow } from './native-rows.js';

export const CONNECT_SOURCE = 'connect';

/** Contact records held at once in one run. */
export const MAX_CONTACT_RECORDS = 2_000_000;
/** Legs followed through PreviousContactId when a record has no InitialContactId. */
const MAX_CHAIN = 50;

const CHANNELS: Readonly<Record<string, string>> = {
  VOICE: 'phone',
  CHAT: 'chat',
  TASK: 'other',
  EMAIL: 'email',
};
const OUTBOUND = new Set(['OUTBOUND', 'EXTERNAL_OUTBOUND', 'AGENT_REPLY']);

/** Whether a JSON value is a contact record. */
export function isContactRecord(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.ContactId === 'string' &&
    (v.AWSContactTraceRecordFormatVersion !== undefined ||
      (v.InitiationTimestamp !== undefined && v.Channel !== undefined))
  );
}

/** Whether the text holds contact records: its first value (or first item) is one. */
export function looksLikeContactRecords(text: string): boolean {
  const head = text.slice(0, 4096);
  return (
    /"ContactId"\s*:/.test(head) &&
    /"(AWSContactTraceRecordFormatVersion|InitiationTimestamp)"\s*:/.test(text.slice(0, 65536))
  );
}

interface Leg {
  readonly file: string;
  readonly line: number;
  readonly ctr: Record<string, unknown>;
  readonly id: string;
  readonly updated: number;
  readonly initiated: number;
}

/** Reads contact record files (any order, any delivery shape) into contacts. */
export function readContactRecords(files: readonly NativeFile[]): NativeRead {
  const errors: RecordError[] = [];
  const ignored: Record<string, number> = {};
  const latest = new Map<string, Leg>();
  for (const file of files) {
    for (const { line, value } of jsonRecords(jsonValues(file, errors))) {
      const fail = (field: string | null, message: string) =>
        errors.push({ file: file.name, line, field, message });
      if (!isContactRecord(value)) {
        fail(null, 'is not an Amazon Connect contact record (no ContactId, InitiationTimestamp, Channel)');
        continue;
      }
      const ctr = value as Record<string, unknown>;
      const f = new NativeFields();
      const id = f.text(ctr, 'ContactId', 'ContactId', true);
      const initiated = f.instant(ctr, 'InitiationTimestamp', 'InitiationTimestamp', true);
      const updated = f.instant(ctr, 'LastUpdateTimestamp', 'LastUpdateTimestamp') ?? initiated;
      if (id === undefined || initiated === undefined || updated === undefined) {
        for (const p of f.problems) fail(p.field, p.message);
        continue;
      }
      const known = latest.get(id);
      if (known !== undefined) {
        countIgnored(
          ignored,
          'a contact record delivered again or superseded (latest LastUpdateTimestamp kept)',
        );
        if (known.updated > updated) continue;
      } else if (latest.size >= MAX_CONTACT_RECORDS) {
        fail(
          'ContactId',
          `more than ${MAX_CONTACT_RECORDS} contacts in one run: import fewer files at a time`,
        );
        break;
      }
      latest.set(id, { file: file.name, line, ctr, id, updated, initiated });
    }
  }
  const chains = new Map<string, Leg[]>();
  for (const leg of latest.values()) {
    const root = rootOf(leg, latest);
    const legs = chains.get(root);
    if (legs === undefined) chains.set(root, [leg]);
    else legs.push(leg);
  }
  const rows: NativeRow[] = [];
  for (const [root, legs] of chains) {
    legs.sort((a, b) => a.initiated - b.initiated || a.id.localeCompare(b.id));
    const f = new NativeFields();
    const row = contactRow(root, legs, f);
    const first = legs[0]!;
    if (f.problems.length > 0) {
      for (const p of f.problems)
        errors.push({ file: first.file, line: first.line, field: p.field, message: p.message });
      continue;
    }
    rows.push({ file: first.file, line: first.line, row });
  }
  return { rows, errors, ignored };
}

/** The initial contact of a leg: its InitialContactId, else the first leg its PreviousContactIds lead to. */
function rootOf(leg: Leg, latest: ReadonlyMap<string, Leg>): string {
  const initial = leg.ctr.InitialContactId;
  if (typeof initial === 'string' && initial !== '') return initial;
  let at = leg;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const previous = at.ctr.PreviousContactId;
    if (typeof previous !== 'string' || previous === '') return at.id;
    const before = latest.get(previous);
    if (before === undefined) return previous;
    const beforeInitial = before.ctr.InitialContactId;
    if (typeof beforeInitial === 'string' && beforeInitial !== '') return beforeInitial;
    at = before;
  }
  return at.id;
}

/** The user-defined attribute names read as data.md columns (case and separators ignored). */
const COLUMN_ATTRIBUTES: Readonly<Record<string, 'language' | 'priority' | 'segment' | 'category'>> = {
  language: 'language',
  languagecode: 'language',
  locale: 'language',
  priority: 'priority',
  segment: 'segment',
  category: 'category',
};
const CONTACT_COLUMNS = new Set<string>([...RECORD_COLUMNS.contacts, 'type']);

function contactRow(root: string, legs: readonly Leg[], f: NativeFields): Record<string, unknown> {
  const first = legs[0]!;
  let enqueued: number | undefined;
  let queue: string | undefined;
  let answered: number | undefined;
  let agent: string | undefined;
  let left: number | undefined;
  let handle = 0;
  let handled = false;
  for (const leg of legs) {
    const at = (field: string) => (legs.length > 1 ? `${leg.id}: ${field}` : field);
    const q = f.object(leg.ctr, 'Queue', at('Queue'));
    if (q !== undefined) {
      const e = f.instant(q, 'EnqueueTimestamp', at('Queue.EnqueueTimestamp'));
      if (e !== undefined && enqueued === undefined) {
        enqueued = e;
        queue = f.text(q, 'Name', at('Queue.Name'));
      }
      const dequeued = f.instant(q, 'DequeueTimestamp', at('Queue.DequeueTimestamp'));
      if (e !== undefined)
        left = dequeued ?? f.instant(leg.ctr, 'DisconnectTimestamp', at('DisconnectTimestamp'));
    }
    const a = f.object(leg.ctr, 'Agent', at('Agent'));
    if (a === undefined) continue;
    const connected = f.instant(a, 'ConnectedToAgentTimestamp', at('Agent.ConnectedToAgentTimestamp'));
    if (connected !== undefined && answered === undefined) {
      answered = connected;
      agent =
        f.text(a, 'Username', at('Agent.Username')) ?? f.text(a, 'ARN', at('Agent.ARN'))?.split('/').pop();
    }
    for (const key of ['AgentInteractionDuration', 'CustomerHoldDuration', 'AfterContactWorkDuration']) {
      const d = f.amount(a, key, at(`Agent.${key}`));
      if (d !== undefined) {
        handle += d;
        handled = true;
      }
    }
  }
  const channel = f.text(first.ctr, 'Channel', 'Channel') ?? '';
  const method = f.text(first.ctr, 'InitiationMethod', 'InitiationMethod');
  const endpoint = f.object(first.ctr, 'CustomerEndpoint', 'CustomerEndpoint');
  const row: Record<string, unknown> = {
    type: 'contacts',
    id: root,
    source: CONNECT_SOURCE,
    channel: CHANNELS[channel] ?? 'other',
    direction: method !== undefined && OUTBOUND.has(method) ? 'outbound' : 'inbound',
    queue: queue ?? null,
    created_at: iso(enqueued ?? first.initiated),
    answered_at: answered === undefined ? null : iso(answered),
    abandoned_at: answered === undefined && left !== undefined ? iso(left) : null,
    handle_seconds: handled ? handle : null,
    agent: agent ?? null,
    customer:
      endpoint === undefined ? null : (f.text(endpoint, 'Address', 'CustomerEndpoint.Address') ?? null),
  };
  if (CHANNELS[channel] === undefined) row.connect_channel = channel;
  if (method !== undefined) row.initiation_method = method;
  const last = legs[legs.length - 1]!;
  const reason = f.text(last.ctr, 'DisconnectReason', 'DisconnectReason');
  if (reason !== undefined) row.disconnect_reason = reason;
  if (legs.length > 1) row.transfers = String(legs.length - 1);
  userAttributes(first.ctr, row, f);
  return row;
}

/** The first leg's user-defined Attributes: data.md columns where valid, the rest as attributes. */
function userAttributes(ctr: Record<string, unknown>, row: Record<string, unknown>, f: NativeFields): void {
  const attrs = f.object(ctr, 'Attributes', 'Attributes');
  if (attrs === undefined) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const v = value.trim();
    const column = COLUMN_ATTRIBUTES[key.toLowerCase().replace(/[\s_-]/g, '')];
    const valid =
      column === 'language'
        ? languageTag(v)
        : column === 'priority'
          ? (PRIORITIES as readonly string[]).find((p) => p === v.toLowerCase())
          : column === 'category'
            ? (CATEGORIES as readonly string[]).find((c) => c === v.toLowerCase())
            : column === 'segment'
              ? v
              : undefined;
    if (column !== undefined && valid !== undefined && row[column] === undefined) row[column] = valid;
    else row[CONTACT_COLUMNS.has(key) ? `connect_${key}` : key] = v;
  }
}
