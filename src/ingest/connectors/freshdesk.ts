/**
 * Freshdesk (docs/connectors.md, Freshdesk): the response pages of
 * - the ticket list with statistics (`/api/v2/tickets?include=stats&updated_since=…`, a JSON list of
 *   tickets, or `{"results": […]}` from the filter/search endpoint);
 * - the satisfaction ratings (`/api/v2/surveys/satisfaction_ratings`, a JSON list).
 * Freshdesk keeps no status history: the statuses are rebuilt from the ticket's `stats` instants
 * (created, `reopened_at`, `pending_since`, `resolved_at`, `closed_at`), which holds only the latest of
 * each. `fr_escalated` and `is_escalated` are Freshdesk's own verdicts (reconciliation), kept as attributes.
 */
import type { Status } from '../../domain/records.js';
import type {
  Connector,
  ConnectorFile,
  DetectedFile,
  Origin,
  SourceMeasure,
  SourceVerdict,
} from './connector.js';
import { RowCollector } from './connector.js';
import { isObject, type JsonObject, parseJsonFile } from './json-file.js';
import {
  attributeText,
  defined,
  firstItem,
  hasKeys,
  idOf,
  Latest,
  later,
  msOf,
  pageItems,
} from './native.js';

export const FRESHDESK_ENDPOINTS = {
  tickets: 'tickets',
  ratings: 'satisfaction_ratings',
  empty: 'empty_page',
} as const;
type Endpoint = (typeof FRESHDESK_ENDPOINTS)[keyof typeof FRESHDESK_ENDPOINTS];

/** Ticket `status` → data.md's; custom statuses (6 and up, "waiting on …") are on hold. */
export const FRESHDESK_STATUS: Readonly<Record<number, Status>> = {
  2: 'open',
  3: 'pending_customer',
  4: 'solved',
  5: 'closed',
};

/** Ticket `source` → channel (and 10, outbound e-mail, is outbound). */
const CHANNEL: Readonly<Record<number, string>> = {
  1: 'email',
  2: 'web',
  3: 'phone',
  5: 'social',
  6: 'social',
  7: 'chat',
  8: 'web',
  9: 'web',
  10: 'email',
};
const OUTBOUND_EMAIL = 10;

const PRIORITY: Readonly<Record<number, string>> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' };

/** Ticket `type` (the default choices) → category; other types are `other`, kept as an attribute. */
const CATEGORY: Readonly<Record<string, string>> = {
  question: 'question',
  incident: 'incident',
  problem: 'incident',
  'feature request': 'request',
  refund: 'request',
  complaint: 'complaint',
};

/**
 * Freshdesk's answers → 1..7: -103 extremely unhappy … 100 neutral … 103 extremely happy. Surveys of 2,
 * 3 or 5 points use a subset of the same values, so one scale holds them all.
 */
const RATING: Readonly<Record<number, number>> = {
  [-103]: 1,
  [-102]: 2,
  [-101]: 3,
  100: 4,
  101: 5,
  102: 6,
  103: 7,
};

/** The list a page holds: the page itself, or its `results` (filter endpoint). */
function listKey(file: ConnectorFile): '' | 'results' | undefined {
  const parsed = parseJsonFile(file);
  if (!parsed.ok) return undefined;
  if (Array.isArray(parsed.value)) return '';
  if (isObject(parsed.value) && Array.isArray(parsed.value.results)) return 'results';
  return undefined;
}

function endpointOf(file: ConnectorFile): Endpoint | { problem: string } {
  const parsed = parseJsonFile(file);
  if (!parsed.ok) return { problem: parsed.problem };
  const key = listKey(file);
  if (key === undefined)
    return { problem: 'is not a Freshdesk page: neither a list of records nor an object with "results"' };
  const first = firstItem(file, key);
  if (first === undefined) return FRESHDESK_ENDPOINTS.empty;
  if (hasKeys(first, ['ratings', 'ticket_id'])) return FRESHDESK_ENDPOINTS.ratings;
  if (hasKeys(first, ['id', 'status', 'created_at', 'requester_id'])) return FRESHDESK_ENDPOINTS.tickets;
  return {
    problem:
      'is not a Freshdesk page: its records are neither tickets (id, status, created_at, requester_id) nor satisfaction ratings (ratings, ticket_id)',
  };
}

function detect(file: ConnectorFile) {
  const e = endpointOf(file);
  return typeof e === 'string' ? { endpoint: e } : e;
}

interface Found {
  readonly item: JsonObject;
  readonly origin: Origin;
}

const newerUpdate = (a: Found, b: Found) => later(a.item.updated_at, b.item.updated_at);

/** Tickets and ratings by id, each once (the latest update), and which file was which. */
export interface FreshdeskPages {
  readonly tickets: Latest<Found>;
  readonly ratings: Latest<Found>;
  readonly detected: DetectedFile[];
}

export function freshdeskPages(files: readonly ConnectorFile[], out: RowCollector): FreshdeskPages {
  const pages: FreshdeskPages = {
    tickets: new Latest(newerUpdate),
    ratings: new Latest(newerUpdate),
    detected: [],
  };
  for (const file of files) {
    const endpoint = endpointOf(file);
    const key = listKey(file);
    if (typeof endpoint !== 'string' || key === undefined) continue;
    pages.detected.push({ file: file.name, endpoint });
    if (endpoint === FRESHDESK_ENDPOINTS.empty) continue;
    const into = endpoint === FRESHDESK_ENDPOINTS.tickets ? pages.tickets : pages.ratings;
    for (const { item, origin } of pageItems(file, key, out)) {
      const id = idOf(item.id);
      if (id === undefined) out.reject(origin, 'id', 'is required: a whole number');
      else into.put(id, { item, origin });
    }
  }
  return pages;
}

function read(files: readonly ConnectorFile[]) {
  const out = new RowCollector();
  const pages = freshdeskPages(files, out);
  for (const [id, { item, origin }] of pages.tickets.entries()) ticketRows(id, item, origin, out);
  for (const { item, origin } of pages.ratings.values()) ratingRow(item, origin, out);
  return out.result(pages.detected);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function ticketRows(id: string, t: JsonObject, origin: Origin, out: RowCollector): void {
  const stats = isObject(t.stats) ? t.stats : {};
  const status = num(t.status);
  const source = num(t.source);
  const resolved = status === 4 || status === 5;
  const type = text(t.type);
  const priority = num(t.priority);
  const resolvedAt = text(stats.resolved_at) ?? text(stats.closed_at);
  const reopenedAt = text(stats.reopened_at);
  out.add(
    'contacts',
    defined({
      id,
      channel: source === undefined ? 'other' : (CHANNEL[source] ?? 'other'),
      direction: source === OUTBOUND_EMAIL ? 'outbound' : 'inbound',
      queue: idOf(t.group_id),
      priority: priority === undefined ? t.priority : (PRIORITY[priority] ?? String(priority)),
      category: type === undefined ? undefined : (CATEGORY[type.toLowerCase()] ?? 'other'),
      created_at: t.created_at,
      first_response_at: text(stats.first_responded_at),
      resolved_at: resolved ? resolvedAt : undefined,
      // Only the latest resolution is kept by Freshdesk: the first is known when it was never reopened.
      first_resolved_at: resolved && reopenedAt === undefined ? resolvedAt : undefined,
      reopen_count: reopenedAt === undefined ? 0 : 1,
      agent: idOf(t.responder_id),
      customer: idOf(t.requester_id),
      freshdesk_status: status === undefined ? undefined : String(status),
      freshdesk_source: source === undefined ? undefined : String(source),
      freshdesk_type: type,
      freshdesk_company_id: idOf(t.company_id),
      freshdesk_product_id: idOf(t.product_id),
      freshdesk_tags: attributeText(t.tags),
      freshdesk_fr_escalated: typeof t.fr_escalated === 'boolean' ? String(t.fr_escalated) : undefined,
      freshdesk_is_escalated: typeof t.is_escalated === 'boolean' ? String(t.is_escalated) : undefined,
      freshdesk_fr_due_by: text(t.fr_due_by),
      freshdesk_due_by: text(t.due_by),
    }),
    {
      ...origin,
      fields: {
        id: 'id',
        channel: 'source',
        priority: 'priority',
        category: 'type',
        created_at: 'created_at',
        first_response_at: 'stats.first_responded_at',
        resolved_at: 'stats.resolved_at',
        first_resolved_at: 'stats.resolved_at',
        agent: 'responder_id',
        customer: 'requester_id',
        queue: 'group_id',
      },
    },
  );
  for (const e of statusHistory(t, stats, status)) {
    out.add('status_events', { contact_id: id, ...e.row }, { ...origin, fields: e.fields });
  }
}

interface RebuiltStatus {
  readonly row: { status: string; native_status: string; at: unknown };
  readonly fields: Record<string, string>;
}

/**
 * The statuses the ticket's instants show, in time order: open when created and when reopened, pending
 * since `pending_since` while it is pending (or on hold in a custom status), solved and closed.
 */
function statusHistory(t: JsonObject, stats: JsonObject, status: number | undefined): RebuiltStatus[] {
  const events: RebuiltStatus[] = [];
  const push = (s: string, native: string, at: unknown, field: string) => {
    if (at === undefined || at === null) return;
    events.push({ row: { status: s, native_status: native, at }, fields: { at: field } });
  };
  push('open', 'created', t.created_at, 'created_at');
  push('open', 'reopened', stats.reopened_at, 'stats.reopened_at');
  if (status === 3) push('pending_customer', 'pending', stats.pending_since, 'stats.pending_since');
  if (status !== undefined && status >= 6)
    push('on_hold', `status ${status}`, stats.status_updated_at, 'stats.status_updated_at');
  // A resolution before the latest reopening is shown as one too (an open ticket keeps its resolved_at).
  const earlier = !(status === 4 || status === 5) && msOf(stats.resolved_at) < msOf(stats.reopened_at);
  if (status === 4 || status === 5 || earlier)
    push('solved', 'resolved', stats.resolved_at, 'stats.resolved_at');
  if (status === 5) push('closed', 'closed', stats.closed_at, 'stats.closed_at');
  return events.sort((a, b) => msOf(a.row.at) - msOf(b.row.at));
}

/** The default question's answer on 1..7; the other questions are not kept. */
function ratingRow(r: JsonObject, origin: Origin, out: RowCollector): void {
  const ticket = idOf(r.ticket_id);
  if (ticket === undefined) {
    out.reject(origin, 'ticket_id', 'is required: the rated ticket');
    return;
  }
  const ratings = isObject(r.ratings) ? r.ratings : undefined;
  const answer = ratings?.default_question;
  const score = typeof answer === 'number' ? RATING[answer] : undefined;
  if (score === undefined) {
    out.reject(
      origin,
      'ratings.default_question',
      `${JSON.stringify(answer)} is not a Freshdesk rating (-103 … -101, 100 … 103)`,
    );
    return;
  }
  out.add(
    'surveys',
    defined({
      contact_id: ticket,
      kind: 'csat',
      score,
      scale_min: 1,
      scale_max: 7,
      answered_at: r.created_at,
      comment: text(r.feedback),
    }),
    { ...origin, fields: { answered_at: 'created_at', comment: 'feedback', contact_id: 'ticket_id' } },
  );
}

/**
 * Freshdesk's own verdicts: `fr_escalated` (the first response came after `fr_due_by`, or has not come
 * and the due date passed) and `is_escalated` (the resolution is overdue). A ticket not escalated counts
 * as met once it was responded to or resolved; before, Freshdesk has no verdict yet. Due dates are
 * Freshdesk's deadlines on its own business hours.
 */
function verdicts(files: readonly ConnectorFile[]): SourceVerdict[] {
  const pages = freshdeskPages(files, new RowCollector());
  const out: SourceVerdict[] = [];
  for (const [id, { item: t }] of pages.tickets.entries()) {
    const stats = isObject(t.stats) ? t.stats : {};
    const verdict = (measure: SourceMeasure, native: string, flag: unknown, done: unknown, due: unknown) => {
      if (typeof flag !== 'boolean' || (!flag && text(done) === undefined)) return;
      const deadline = msOf(due);
      out.push({
        contact: id,
        measure,
        native,
        breached: flag,
        targetSeconds: null,
        businessHours: null,
        deadline: Number.isNaN(deadline) ? null : deadline,
        policy: null,
        paused: null,
      });
    };
    verdict('response', 'fr_escalated', t.fr_escalated, stats.first_responded_at, t.fr_due_by);
    const resolved = t.status === 4 || t.status === 5 ? (stats.resolved_at ?? stats.closed_at) : undefined;
    verdict('resolution', 'is_escalated', t.is_escalated, resolved, t.due_by);
  }
  return out;
}

export const freshdesk: Connector = { format: 'freshdesk', system: 'Freshdesk', detect, read, verdicts };
