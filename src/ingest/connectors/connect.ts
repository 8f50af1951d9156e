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
import type { RecordError } from '../read-records.js';
import { type Connector, type ConnectorFile, type Origin, RowCollector } from './connector.js';
import { isObject } from './json-file.js';
import { jsonRecords, jsonValues } from './json-values.js';
import { NativeFields } from './native-fields.js';
import { countIgnored, flowAttributes, type Ignored, iso } from './native-rows.js';

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

/** Where each column of a contact comes from in its (first) record. */
const FIELDS: Readonly<Record<string, string>> = {
  id: 'ContactId',
  channel: 'Channel',
  queue: 'Queue.Name',
  created_at: 'Queue.EnqueueTimestamp',
  answered_at: 'Agent.ConnectedToAgentTimestamp',
  abandoned_at: 'Queue.DequeueTimestamp',
  handle_seconds: 'Agent.AgentInteractionDuration',
  agent: 'Agent.Username',
  customer: 'CustomerEndpoint.Address',
  language: 'Attributes.language',
  priority: 'Attributes.priority',
  segment: 'Attributes.segment',
  category: 'Attributes.category',
};

export const connectConnector: Connector = {
  format: 'connect',
  system: 'Amazon Connect',
  detect: (file) =>
    looksLikeContactRecords(file.text)
      ? { endpoint: 'contact_records' }
      : {
          problem:
            'is not Amazon Connect contact records (JSON objects with ContactId, InitiationTimestamp, Channel)',
        },
  read(files) {
    const out = new RowCollector();
    readContactRecords(files, out);
    return out.result(files.map((f) => ({ file: f.name, endpoint: 'contact_records' })));
  },
};

interface Leg {
  readonly origin: Origin;
  readonly ctr: Record<string, unknown>;
  readonly id: string;
  readonly updated: number;
  readonly initiated: number;
}

/** Reads contact record files (any order, any delivery shape) into contact rows; answers what it left aside. */
export function readContactRecords(files: readonly ConnectorFile[], out: RowCollector): Ignored {
  const ignored: Ignored = {};
  const latest = new Map<string, Leg>();
  for (const file of files) {
    const unreadable: RecordError[] = [];
    const records = jsonRecords(jsonValues(file, unreadable));
    for (const e of unreadable) out.reject({ file: e.file, line: e.line, path: '' }, e.field, e.message);
    for (const { line, value } of records) {
      const origin: Origin = { file: file.name, line, path: '', fields: FIELDS };
      if (!isContactRecord(value)) {
        out.reject(
          origin,
          null,
          'is not an Amazon Connect contact record (no ContactId, InitiationTimestamp, Channel)',
        );
        continue;
      }
      const ctr = value as Record<string, unknown>;
      const f = new NativeFields();
      const id = f.text(ctr, 'ContactId', 'ContactId', true);
      const initiated = f.instant(ctr, 'InitiationTimestamp', 'InitiationTimestamp', true);
      const updated = f.instant(ctr, 'LastUpdateTimestamp', 'LastUpdateTimestamp') ?? initiated;
      if (id === undefined || initiated === undefined || updated === undefined) {
        rejectWith(out, origin, f);
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
        out.reject(
          origin,
          'ContactId',
          `more than ${MAX_CONTACT_RECORDS} contacts in one run: import fewer files at a time`,
        );
        break;
      }
      latest.set(id, { origin, ctr, id, updated, initiated });
    }
  }
  const chains = new Map<string, Leg[]>();
  for (const leg of latest.values()) {
    const root = rootOf(leg, latest);
    const legs = chains.get(root);
    if (legs === undefined) chains.set(root, [leg]);
    else legs.push(leg);
  }
  for (const [root, legs] of chains) {
    legs.sort((a, b) => a.initiated - b.initiated || a.id.localeCompare(b.id));
    const f = new NativeFields();
    const row = contactRow(root, legs, f);
    // A contact is stored whole or not at all: one bad field of one leg rejects it.
    if (f.problems.length === 0) out.add('contacts', row, legs[0]!.origin);
    else rejectWith(out, legs[0]!.origin, f);
  }
  return ignored;
}

/** One record rejected, with each of its problems named. */
function rejectWith(out: RowCollector, origin: Origin, f: NativeFields): void {
  for (const [i, p] of f.problems.entries()) {
    if (i === 0) out.reject(origin, p.field, p.message);
    else out.problem(origin, p.field, p.message);
  }
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
    id: root,
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
  const attrs = f.object(first.ctr, 'Attributes', 'Attributes');
  if (attrs !== undefined) flowAttributes(attrs, row, 'connect');
  return row;
}
