/**
 * Zendesk Support (docs/connectors.md, Zendesk): the response pages of
 * - the incremental ticket export (`/api/v2/incremental/tickets/cursor.json?include=metric_sets,users,groups`:
 *   `tickets` with the sideloads `metric_sets`, `users`, `groups`) or the ticket list, and `ticket_metrics`;
 * - the incremental ticket events (`/api/v2/incremental/ticket_events.json`: `ticket_events`, status
 *   changes in `child_events`): the status history, with its pauses (pending, on-hold);
 * - the ticket metric events (`/api/v2/incremental/ticket_metric_events.json`: `ticket_metric_events`):
 *   the first reply (`reply_time`, instance 1, `fulfill`); `apply_sla`/`breach` are Zendesk's own
 *   verdicts, read by the reconciliation (zendesk-sla.ts);
 * - the satisfaction ratings (`/api/v2/satisfaction_ratings`: `satisfaction_ratings`).
 * Every file is recognised by the list it holds. Pages of an incremental export overlap: a record met
 * twice is kept once, its latest update winning.
 */
import type { Status } from '../../domain/records.js';
import type { Connector, ConnectorFile, DetectedFile, Origin } from './connector.js';
import { RowCollector } from './connector.js';
import { isObject, type JsonObject, parseJsonFile } from './json-file.js';
import {
  absent,
  attributeText,
  defined,
  firstItem,
  idOf,
  Latest,
  later,
  msOf,
  pageItems,
  plusSeconds,
} from './native.js';

export const ZENDESK_ENDPOINTS = {
  tickets: 'incremental_tickets',
  ticket_metrics: 'ticket_metrics',
  ticket_events: 'ticket_events',
  ticket_metric_events: 'ticket_metric_events',
  satisfaction_ratings: 'satisfaction_ratings',
} as const;
type ListKey = keyof typeof ZENDESK_ENDPOINTS;
const LIST_KEYS = Object.keys(ZENDESK_ENDPOINTS) as ListKey[];

/** Zendesk's statuses → data.md's (data.md, Sources); `deleted` tickets are left out. */
export const ZENDESK_STATUS: Readonly<Record<string, Status>> = {
  new: 'new',
  open: 'open',
  pending: 'pending_customer',
  hold: 'on_hold',
  solved: 'solved',
  closed: 'closed',
};

/** `via.channel` → channel; anything else is `other` (the native value is kept as an attribute). */
const CHANNEL: Readonly<Record<string, string>> = {
  email: 'email',
  web: 'web',
  mobile: 'web',
  mobile_sdk: 'web',
  web_widget: 'web',
  help_center: 'web',
  api: 'other',
  voice: 'phone',
  chat: 'chat',
  native_messaging: 'messaging',
  messaging: 'messaging',
  sms: 'messaging',
  whatsapp: 'messaging',
  line: 'messaging',
  wechat: 'messaging',
  telegram: 'messaging',
  instagram_dm: 'social',
  facebook: 'social',
  twitter: 'social',
  twitter_dm: 'social',
};

/** Ticket `type` → category. */
const CATEGORY: Readonly<Record<string, string>> = {
  question: 'question',
  incident: 'incident',
  problem: 'incident',
  task: 'request',
};

/** The key of the list a page holds, by content. */
function listOf(file: ConnectorFile): ListKey | undefined {
  const parsed = parseJsonFile(file);
  if (!parsed.ok || !isObject(parsed.value)) return undefined;
  const page = parsed.value;
  return LIST_KEYS.find((k) => Array.isArray(page[k]));
}

function detect(file: ConnectorFile) {
  const parsed = parseJsonFile(file);
  if (!parsed.ok) return { problem: parsed.problem };
  const key = listOf(file);
  if (key === undefined)
    return {
      problem: `is not a Zendesk page: none of ${LIST_KEYS.map((k) => `"${k}"`).join(', ')} is a list in it`,
    };
  const first = firstItem(file, key);
  if (key === 'tickets' && first !== undefined && !('status' in first && 'created_at' in first))
    return { problem: 'holds "tickets" without status and created_at: not a Zendesk ticket page' };
  return { endpoint: ZENDESK_ENDPOINTS[key] };
}

interface Found<T = JsonObject> {
  readonly item: T;
  readonly origin: Origin;
}

/** Everything the pages hold, each record once. */
export interface ZendeskPages {
  readonly tickets: Latest<Found>;
  readonly metricSets: Latest<Found>;
  /** Status changes by ticket, each child event once. */
  readonly statusChanges: Map<string, Map<string, StatusChange>>;
  readonly metricEvents: Latest<Found>;
  readonly ratings: Latest<Found>;
  readonly users: Map<string, JsonObject>;
  readonly groups: Map<string, JsonObject>;
  readonly detected: DetectedFile[];
}

export interface StatusChange {
  readonly status: string;
  readonly at: string;
  readonly origin: Origin;
}

const newerUpdate = (a: Found, b: Found) => later(a.item.updated_at, b.item.updated_at);
const never = () => false;

/** Reads every page once; problems with single records go to `out`. */
export function zendeskPages(files: readonly ConnectorFile[], out: RowCollector): ZendeskPages {
  const pages: ZendeskPages = {
    tickets: new Latest(newerUpdate),
    metricSets: new Latest(newerUpdate),
    statusChanges: new Map(),
    metricEvents: new Latest(never),
    ratings: new Latest(newerUpdate),
    users: new Map(),
    groups: new Map(),
    detected: [],
  };
  for (const file of files) {
    const key = listOf(file);
    if (key === undefined) continue;
    pages.detected.push({ file: file.name, endpoint: ZENDESK_ENDPOINTS[key] });
    const keyed = (list: string, idField: string, into: Latest<Found>) => {
      for (const { item, origin } of pageItems(file, list, out)) {
        const id = idOf(item[idField]);
        if (id === undefined) out.reject(origin, idField, 'is required: a whole number');
        else into.put(id, { item, origin });
      }
    };
    if (key === 'tickets') {
      keyed('tickets', 'id', pages.tickets);
      keyed('metric_sets', 'ticket_id', pages.metricSets);
      sideload(file, 'users', pages.users);
      sideload(file, 'groups', pages.groups);
    } else if (key === 'ticket_metrics') keyed('ticket_metrics', 'ticket_id', pages.metricSets);
    else if (key === 'ticket_metric_events') keyed('ticket_metric_events', 'id', pages.metricEvents);
    else if (key === 'satisfaction_ratings') keyed('satisfaction_ratings', 'id', pages.ratings);
    else readTicketEvents(file, pages, out);
  }
  return pages;
}

/** Sideloaded users and groups by id; they are looked up, never stored. */
function sideload(file: ConnectorFile, key: string, into: Map<string, JsonObject>): void {
  const parsed = parseJsonFile(file);
  if (!parsed.ok || !isObject(parsed.value)) return;
  const list = parsed.value[key];
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const id = isObject(item) ? idOf(item.id) : undefined;
    if (id !== undefined) into.set(id, item as JsonObject);
  }
}

/**
 * The status changes in the audits' `child_events`: a Create or Change event carrying `status` (as the
 * incremental ticket events write it), or one naming `field_name: "status"` with its `value`.
 */
function readTicketEvents(file: ConnectorFile, pages: ZendeskPages, out: RowCollector): void {
  for (const { item, origin } of pageItems(file, 'ticket_events', out)) {
    const ticket = idOf(item.ticket_id);
    if (ticket === undefined) {
      out.reject(origin, 'ticket_id', 'is required: a whole number');
      continue;
    }
    const children = item.child_events;
    if (absent(children)) continue;
    if (!Array.isArray(children)) {
      out.reject(origin, 'child_events', 'is not a list');
      continue;
    }
    const at = typeof item.created_at === 'string' ? item.created_at : undefined;
    children.forEach((child, i) => {
      if (!isObject(child)) return;
      const status = child.field_name === 'status' ? child.value : child.status;
      if (absent(status)) return;
      const childOrigin: Origin = {
        ...origin,
        fields: {
          status: `child_events[${i}].status`,
          native_status: `child_events[${i}].status`,
          at: 'created_at',
        },
      };
      if (typeof status !== 'string') {
        out.reject(origin, `child_events[${i}].status`, `${JSON.stringify(status)} is not a Zendesk status`);
        return;
      }
      if (at === undefined) {
        out.reject(origin, 'created_at', 'is required: the instant of the status change');
        return;
      }
      const id = idOf(child.id) ?? `${idOf(item.id) ?? at}:${i}`;
      let changes = pages.statusChanges.get(ticket);
      if (changes === undefined) pages.statusChanges.set(ticket, (changes = new Map()));
      changes.set(id, { status, at, origin: childOrigin });
    });
  }
}

/** The first reply of each ticket: `reply_time`, instance 1, fulfilled (Zendesk's own definition). */
export function firstReplies(pages: ZendeskPages): Map<string, string> {
  const out = new Map<string, string>();
  for (const { item } of pages.metricEvents.values()) {
    if (item.metric !== 'reply_time' || item.type !== 'fulfill' || Number(item.instance_id) !== 1) continue;
    const ticket = idOf(item.ticket_id);
    const time = item.time;
    if (ticket === undefined || typeof time !== 'string') continue;
    const kept = out.get(ticket);
    if (kept === undefined || later(kept, time)) out.set(ticket, time);
  }
  return out;
}

/** A ticket's status changes in time order (ties: in the order Zendesk numbered the events). */
function historyOf(pages: ZendeskPages, ticket: string): StatusChange[] {
  const changes = pages.statusChanges.get(ticket);
  if (changes === undefined) return [];
  return [...changes.values()].sort((a, b) => msOf(a.at) - msOf(b.at));
}

function calendarSeconds(metric: unknown, unit: 'minutes' | 'seconds'): number | undefined {
  if (!isObject(metric)) return undefined;
  const v = metric.calendar;
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  return unit === 'minutes' ? v * 60 : v;
}

function read(files: readonly ConnectorFile[]) {
  const out = new RowCollector();
  const pages = zendeskPages(files, out);
  const replies = firstReplies(pages);
  const deleted = new Set<string>();
  for (const [id, { item, origin }] of pages.tickets.entries()) {
    if (item.status === 'deleted') {
      deleted.add(id);
      continue;
    }
    ticketRow(id, item, origin, pages, replies, out);
  }
  for (const [ticket] of pages.statusChanges) {
    if (deleted.has(ticket)) continue;
    for (const change of historyOf(pages, ticket)) {
      const status = ZENDESK_STATUS[change.status];
      if (change.status === 'deleted') continue;
      out.add(
        'status_events',
        // An unknown status is passed on as it is written, and refused by the pipeline with its path.
        { contact_id: ticket, status: status ?? change.status, native_status: change.status, at: change.at },
        change.origin,
      );
    }
  }
  for (const { item, origin } of pages.ratings.values()) ratingRow(item, origin, deleted, out);
  const result = out.result(pages.detected);
  return deleted.size === 0
    ? result
    : {
        ...result,
        notes: [
          `zendesk: ${deleted.size} deleted ticket${deleted.size === 1 ? '' : 's'} left out (${[...deleted].slice(0, 10).join(', ')}${deleted.size > 10 ? ' …' : ''})`,
        ],
      };
}

function ticketRow(
  id: string,
  t: JsonObject,
  origin: Origin,
  pages: ZendeskPages,
  replies: Map<string, string>,
  out: RowCollector,
): void {
  const metrics = pages.metricSets.get(id)?.item;
  const history = historyOf(pages, id);
  const via = isObject(t.via) ? t.via : undefined;
  const viaChannel = typeof via?.channel === 'string' ? via.channel : undefined;
  const status = typeof t.status === 'string' ? t.status : undefined;
  const resolved = status === 'solved' || status === 'closed';
  const firstSolved = history.find((c) => c.status === 'solved')?.at;
  const lastSolved = [...history].reverse().find((c) => c.status === 'solved')?.at;
  const requester = idOf(t.requester_id);
  const locale = requester === undefined ? undefined : pages.users.get(requester)?.locale;
  const group = idOf(t.group_id);
  const groupName = group === undefined ? undefined : pages.groups.get(group)?.name;
  const replySeconds =
    calendarSeconds(metrics?.reply_time_in_seconds, 'seconds') ??
    calendarSeconds(metrics?.reply_time_in_minutes, 'minutes');
  const firstResolutionSeconds = calendarSeconds(metrics?.first_resolution_time_in_minutes, 'minutes');
  const reopensFromHistory = history.filter(
    (c, i) => i > 0 && c.status === 'open' && ['solved', 'closed'].includes(history[i - 1]!.status),
  ).length;
  const type = typeof t.type === 'string' ? t.type : undefined;
  out.add(
    'contacts',
    defined({
      id,
      channel: viaChannel === undefined ? 'other' : (CHANNEL[viaChannel] ?? 'other'),
      direction: 'inbound',
      language: typeof locale === 'string' ? locale : undefined,
      queue: typeof groupName === 'string' ? groupName : group,
      priority: t.priority ?? undefined,
      category: type === undefined ? undefined : (CATEGORY[type] ?? 'other'),
      created_at: t.created_at,
      first_response_at: replies.get(id) ?? plusSeconds(t.created_at, replySeconds),
      resolved_at: resolved ? (metrics?.solved_at ?? lastSolved) : undefined,
      first_resolved_at: resolved
        ? (firstSolved ?? plusSeconds(t.created_at, firstResolutionSeconds))
        : undefined,
      reopen_count: metrics?.reopens ?? (history.length > 0 ? reopensFromHistory : undefined),
      agent: idOf(t.assignee_id),
      customer: requester,
      zendesk_via: viaChannel,
      zendesk_status: status,
      zendesk_type: type,
      zendesk_brand_id: idOf(t.brand_id),
      zendesk_form_id: idOf(t.ticket_form_id),
      zendesk_organization_id: idOf(t.organization_id),
      zendesk_tags: attributeText(t.tags),
    }),
    {
      ...origin,
      fields: {
        id: 'id',
        priority: 'priority',
        created_at: 'created_at',
        category: 'type',
        channel: 'via.channel',
        agent: 'assignee_id',
        customer: 'requester_id',
        queue: 'group_id',
      },
    },
  );
}

/** `good` 1 and `bad` 0 on a 0..1 scale; `offered` and `unoffered` are not answers and are left out. */
function ratingRow(r: JsonObject, origin: Origin, deleted: ReadonlySet<string>, out: RowCollector): void {
  const ticket = idOf(r.ticket_id);
  if (ticket === undefined) {
    out.reject(origin, 'ticket_id', 'is required: the rated ticket');
    return;
  }
  if (r.score === 'offered' || r.score === 'unoffered' || deleted.has(ticket)) return;
  const score = r.score === 'good' ? 1 : r.score === 'bad' ? 0 : undefined;
  if (score === undefined) {
    out.reject(origin, 'score', `${JSON.stringify(r.score)} is not a Zendesk score (good, bad)`);
    return;
  }
  out.add(
    'surveys',
    defined({
      contact_id: ticket,
      kind: 'csat',
      score,
      scale_min: 0,
      scale_max: 1,
      // A rating changed later (bad → good) counts as given when it was last changed.
      answered_at: r.updated_at ?? r.created_at,
      comment: typeof r.comment === 'string' && r.comment.trim() !== '' ? r.comment : undefined,
    }),
    { ...origin, fields: { answered_at: 'updated_at', comment: 'comment', contact_id: 'ticket_id' } },
  );
}

export const zendesk: Connector = { format: 'zendesk', system: 'Zendesk', detect, read };
