/**
 * Intercom (docs/connectors.md, Intercom): the response pages of
 * - the conversation list or search (`GET /conversations`, `POST /conversations/search`:
 *   `{"type": "conversation.list", "conversations": […]}`), each with `statistics`, `conversation_rating`
 *   and `sla_applied`;
 * - a single conversation (`GET /conversations/{id}`: `{"type": "conversation", …}`), whose
 *   `conversation_parts` give the status history: closed, reopened, snoozed (a pause) and unsnoozed.
 * Instants are epoch seconds. A conversation met in several pages is kept once, its latest update winning;
 * its parts come from whichever page has them.
 */
import type { Connector, ConnectorFile, DetectedFile, Origin } from './connector.js';
import { RowCollector } from './connector.js';
import { isObject, type JsonObject, parseJsonFile } from './json-file.js';
import { attributeText, defined, idOf, isoFromSeconds, Latest, pageItems } from './native.js';

export const INTERCOM_ENDPOINTS = { list: 'conversations', single: 'conversation' } as const;

/** `source.type` → channel. */
const CHANNEL: Readonly<Record<string, string>> = {
  conversation: 'chat',
  email: 'email',
  facebook: 'social',
  twitter: 'social',
  instagram: 'social',
  whatsapp: 'messaging',
  sms: 'messaging',
  phone_call: 'phone',
  phone_switch: 'phone',
  push: 'other',
};

/** `source.delivered_as` values of a conversation a teammate or automation started. */
const OUTBOUND = new Set(['admin_initiated', 'operator_initiated', 'automated', 'campaigns_initiated']);

/** Conversation part types that change the state → data.md status. Snoozed is a pause (data.md, Sources). */
const PART_STATUS: Readonly<Record<string, string>> = {
  close: 'solved',
  open: 'open',
  snoozed: 'pending_customer',
  unsnoozed: 'open',
  timer_unsnooze: 'open',
};

function endpointOf(file: ConnectorFile): { endpoint: string } | { problem: string } {
  const parsed = parseJsonFile(file);
  if (!parsed.ok) return { problem: parsed.problem };
  const page = parsed.value;
  if (isObject(page) && Array.isArray(page.conversations)) return { endpoint: INTERCOM_ENDPOINTS.list };
  if (isObject(page) && page.type === 'conversation' && 'id' in page)
    return { endpoint: INTERCOM_ENDPOINTS.single };
  return {
    problem:
      'is not an Intercom page: neither a conversation list ("conversations") nor a conversation ("type": "conversation")',
  };
}

interface Found {
  readonly item: JsonObject;
  readonly origin: Origin;
}

const seconds = (v: unknown) => (typeof v === 'number' ? v : Number.NEGATIVE_INFINITY);

function read(files: readonly ConnectorFile[]) {
  const out = new RowCollector();
  const detected: DetectedFile[] = [];
  const conversations = new Latest<Found>((a, b) => seconds(a.item.updated_at) > seconds(b.item.updated_at));
  /** Parts by conversation, from the page that has them (a single conversation). */
  const parts = new Map<string, Found>();
  const put = (item: JsonObject, origin: Origin) => {
    const id = idOf(item.id);
    if (id === undefined) return void out.reject(origin, 'id', 'is required: the conversation id');
    conversations.put(id, { item, origin });
    if (isObject(item.conversation_parts)) parts.set(id, { item, origin });
  };
  for (const file of files) {
    const d = endpointOf(file);
    if (!('endpoint' in d)) continue;
    detected.push({ file: file.name, endpoint: d.endpoint });
    if (d.endpoint === INTERCOM_ENDPOINTS.list) {
      for (const { item, origin } of pageItems(file, 'conversations', out)) put(item, origin);
    } else {
      const parsed = parseJsonFile(file);
      if (parsed.ok && isObject(parsed.value)) put(parsed.value, { file: file.name, line: 1, path: '' });
    }
  }
  for (const [id, { item, origin }] of conversations.entries()) {
    conversationRow(id, item, origin, out);
    const withParts = parts.get(id);
    if (withParts !== undefined) statusRows(id, withParts.item, withParts.origin, out);
    ratingRow(id, item, origin, out);
  }
  return out.result(detected);
}

function conversationRow(id: string, c: JsonObject, origin: Origin, out: RowCollector): void {
  const source = isObject(c.source) ? c.source : {};
  const stats = isObject(c.statistics) ? c.statistics : {};
  const sla = isObject(c.sla_applied) ? c.sla_applied : {};
  const sourceType = typeof source.type === 'string' ? source.type : undefined;
  const channel = sourceType === undefined ? 'other' : (CHANNEL[sourceType] ?? 'other');
  const closed = c.state === 'closed';
  const firstReply = isoFromSeconds(stats.first_admin_reply_at);
  const contacts = isObject(c.contacts) && Array.isArray(c.contacts.contacts) ? c.contacts.contacts : [];
  const firstContact = contacts.find(isObject);
  const author = isObject(source.author) ? source.author : undefined;
  out.add(
    'contacts',
    defined({
      id,
      channel,
      direction:
        typeof source.delivered_as === 'string' && OUTBOUND.has(source.delivered_as) ? 'outbound' : 'inbound',
      queue: idOf(c.team_assignee_id),
      priority: c.priority === 'priority' ? 'high' : c.priority === 'not_priority' ? 'normal' : c.priority,
      created_at: isoFromSeconds(c.created_at) ?? c.created_at,
      // A chat is taken when a teammate first replies: the messenger has no separate "accepted".
      answered_at: channel === 'chat' ? firstReply : undefined,
      first_response_at: firstReply,
      resolved_at: closed ? isoFromSeconds(stats.last_close_at) : undefined,
      first_resolved_at: closed ? isoFromSeconds(stats.first_close_at) : undefined,
      reopen_count: stats.count_reopens,
      agent: idOf(c.admin_assignee_id),
      customer: idOf(firstContact?.id) ?? (author?.type === 'admin' ? undefined : idOf(author?.id)),
      intercom_state: typeof c.state === 'string' ? c.state : undefined,
      intercom_source: sourceType,
      intercom_tags: tagNames(c.tags),
      intercom_sla_name: typeof sla.sla_name === 'string' ? sla.sla_name : undefined,
      intercom_sla_status: typeof sla.sla_status === 'string' ? sla.sla_status : undefined,
    }),
    {
      ...origin,
      fields: {
        id: 'id',
        channel: 'source.type',
        priority: 'priority',
        created_at: 'created_at',
        answered_at: 'statistics.first_admin_reply_at',
        first_response_at: 'statistics.first_admin_reply_at',
        resolved_at: 'statistics.last_close_at',
        first_resolved_at: 'statistics.first_close_at',
        reopen_count: 'statistics.count_reopens',
        agent: 'admin_assignee_id',
        customer: 'contacts.contacts[0].id',
        queue: 'team_assignee_id',
      },
    },
  );
}

/** `{"type": "tag.list", "tags": [{"name": …}]}` → the names, space-separated. */
function tagNames(tags: unknown): string | undefined {
  const list = isObject(tags) ? tags.tags : tags;
  if (!Array.isArray(list)) return undefined;
  return attributeText(list.flatMap((t) => (isObject(t) && typeof t.name === 'string' ? [t.name] : [])));
}

/** Open at creation, then each state change among the conversation's parts. */
function statusRows(id: string, c: JsonObject, origin: Origin, out: RowCollector): void {
  const container = isObject(c.conversation_parts) ? c.conversation_parts : {};
  const list = Array.isArray(container.conversation_parts) ? container.conversation_parts : [];
  out.add(
    'status_events',
    {
      contact_id: id,
      status: 'open',
      native_status: 'created',
      at: isoFromSeconds(c.created_at) ?? c.created_at,
    },
    { ...origin, fields: { at: 'created_at' } },
  );
  list.forEach((part, i) => {
    if (!isObject(part) || typeof part.part_type !== 'string') return;
    const status = PART_STATUS[part.part_type];
    if (status === undefined) return;
    const at = `conversation_parts.conversation_parts[${i}].created_at`;
    out.add(
      'status_events',
      {
        contact_id: id,
        status,
        native_status: part.part_type,
        at: isoFromSeconds(part.created_at) ?? part.created_at,
      },
      { ...origin, fields: { at } },
    );
  });
}

/** The conversation's rating, 1..5. */
function ratingRow(id: string, c: JsonObject, origin: Origin, out: RowCollector): void {
  const r = c.conversation_rating;
  if (!isObject(r) || r.rating === null || r.rating === undefined) return;
  out.add(
    'surveys',
    defined({
      contact_id: id,
      kind: 'csat',
      score: r.rating,
      scale_min: 1,
      scale_max: 5,
      answered_at: isoFromSeconds(r.created_at) ?? r.created_at,
      comment: typeof r.remark === 'string' && r.remark.trim() !== '' ? r.remark : undefined,
    }),
    {
      ...origin,
      fields: {
        score: 'conversation_rating.rating',
        answered_at: 'conversation_rating.created_at',
        comment: 'conversation_rating.remark',
      },
    },
  );
}

export const intercom: Connector = {
  format: 'intercom',
  system: 'Intercom',
  detect: endpointOf,
  read,
};
