/**
 * The demo as Zendesk's API pages (docs/connectors.md, Zendesk): incremental ticket export pages with the
 * `metric_sets`, `users` and `groups` sideloads, incremental ticket events (one audit per status change),
 * ticket metric events (the first reply as `reply_time` activate/fulfil) and satisfaction ratings (good
 * for the top two answers of five, else bad). Zendesk applies no SLA policy to the demo's tickets.
 */
import type { Channel, Survey } from '../../domain/records.js';
import {
  type DemoTicket,
  iso,
  type NativePages,
  Numbering,
  PageFiles,
  Pager,
  seconds,
  ticketNumber,
} from './pages.js';

const VIA: Readonly<Record<Channel, string>> = {
  phone: 'voice',
  email: 'email',
  chat: 'chat',
  web: 'web',
  messaging: 'native_messaging',
  social: 'facebook',
  other: 'api',
};
const TYPE: Readonly<Record<string, string>> = {
  question: 'question',
  request: 'task',
  complaint: 'problem',
  incident: 'incident',
};
const STATUS: Readonly<Record<string, string>> = {
  new: 'new',
  open: 'open',
  pending_customer: 'pending',
  on_hold: 'hold',
  solved: 'solved',
  closed: 'closed',
};
const TICKETS_PER_PAGE = 1000;
const EVENTS_PER_PAGE = 1000;
const RATINGS_PER_PAGE = 100;
const minutes = (from: number, to: number | null) => (to === null ? null : Math.round((to - from) / 60_000));

export function zendeskPages(dir: string): NativePages {
  const users = new Numbering(360_000_001);
  const agents = new Numbering(361_000_001);
  const groups = new Numbering(362_000_001);
  const files = {
    tickets: new PageFiles(dir, 'zendesk-incremental-tickets'),
    events: new PageFiles(dir, 'zendesk-ticket-events'),
    metrics: new PageFiles(dir, 'zendesk-ticket-metric-events'),
    ratings: new PageFiles(dir, 'zendesk-satisfaction-ratings'),
  };
  let eventId = 1;
  let ratingId = 1;
  type Page = { ticket: unknown; metrics: unknown; user: unknown };
  const tickets = new Pager<Page>(TICKETS_PER_PAGE, (items, last) => {
    files.tickets.write({
      tickets: items.map((i) => i.ticket),
      metric_sets: items.map((i) => i.metrics),
      users: [...new Set(items.map((i) => i.user))],
      groups: [...groups.entries()].map(([name, id]) => ({ id, name, default: false })),
      after_cursor: last ? null : `demo-${files.tickets.written.length + 1}`,
      end_of_stream: last,
    });
  });
  const events = new Pager<unknown>(EVENTS_PER_PAGE, (items, last) =>
    files.events.write({ ticket_events: items, count: items.length, end_of_stream: last }),
  );
  const metricEvents = new Pager<unknown>(EVENTS_PER_PAGE, (items, last) =>
    files.metrics.write({ ticket_metric_events: items, count: items.length, end_of_stream: last }),
  );
  const ratings = new Pager<unknown>(RATINGS_PER_PAGE, (items) =>
    files.ratings.write({ satisfaction_ratings: items, count: items.length, next_page: null }),
  );
  const userObjects = new Map<number, unknown>();

  const add = ({ contact: c, events: history, surveys }: DemoTicket) => {
    const id = ticketNumber(c.id);
    const created = iso(c.createdAt)!;
    const last = history[history.length - 1];
    const status = last !== undefined ? STATUS[last.status]! : c.resolvedAt !== null ? 'solved' : 'open';
    const requester = users.of(`${c.customer ?? c.id}\u0000${c.language ?? ''}`);
    let user = userObjects.get(requester);
    if (user === undefined) {
      user = { id: requester, role: 'end-user', locale: c.language, name: `Demo customer ${requester}` };
      userObjects.set(requester, user);
    }
    const updated = iso(Math.max(c.createdAt, last?.at ?? 0, c.resolvedAt ?? 0))!;
    tickets.push({
      ticket: {
        id,
        url: `https://demo.zendesk.com/api/v2/tickets/${id}.json`,
        via: { channel: VIA[c.channel], source: { from: {}, to: {}, rel: null } },
        created_at: created,
        updated_at: updated,
        type: c.category === null ? null : (TYPE[c.category] ?? null),
        subject: `Demo ${c.channel} contact`,
        priority: c.priority,
        status,
        requester_id: requester,
        submitter_id: requester,
        assignee_id: c.agent === null ? null : agents.of(c.agent),
        group_id: c.queue === null ? null : groups.of(c.queue),
        organization_id: null,
        tags: [],
        custom_fields: [],
        brand_id: 1,
        ticket_form_id: 1,
      },
      metrics: {
        ticket_id: id,
        created_at: created,
        updated_at: updated,
        reopens: c.reopenCount ?? 0,
        replies: c.firstResponseAt === null ? 0 : 1,
        solved_at: iso(c.resolvedAt),
        reply_time_in_minutes: { calendar: minutes(c.createdAt, c.firstResponseAt), business: null },
        first_resolution_time_in_minutes: {
          calendar: minutes(c.createdAt, c.firstResolvedAt),
          business: null,
        },
        full_resolution_time_in_minutes: { calendar: minutes(c.createdAt, c.resolvedAt), business: null },
      },
      user,
    });
    let previous: string | null = null;
    for (const e of history) {
      const native = STATUS[e.status]!;
      const auditId = eventId++;
      events.push({
        id: auditId,
        ticket_id: id,
        timestamp: seconds(e.at),
        created_at: iso(e.at),
        updater_id: -1,
        via: 'Web form',
        event_type: 'Audit',
        child_events: [
          previous === null
            ? { id: auditId * 10 + 1, via: 'Web form', type: 'Create', status: native, event_type: 'Create' }
            : {
                id: auditId * 10 + 1,
                via: 'Web form',
                type: 'Change',
                status: native,
                previous_value: previous,
                event_type: 'Change',
              },
        ],
      });
      previous = native;
    }
    metricEvents.push({
      id: eventId++,
      ticket_id: id,
      metric: 'reply_time',
      instance_id: 1,
      type: 'activate',
      time: created,
    });
    if (c.firstResponseAt !== null)
      metricEvents.push({
        id: eventId++,
        ticket_id: id,
        metric: 'reply_time',
        instance_id: 1,
        type: 'fulfill',
        time: iso(c.firstResponseAt),
      });
    for (const s of surveys) {
      ratings.push({
        id: ratingId++,
        ticket_id: id,
        requester_id: requester,
        assignee_id: c.agent === null ? null : agents.of(c.agent),
        score: good(s) ? 'good' : 'bad',
        created_at: iso(s.answeredAt),
        updated_at: iso(s.answeredAt),
        comment: s.comment,
      });
    }
  };

  return {
    carries: (s) => s.kind === 'csat',
    add: (list) => {
      for (const t of list) add(t);
    },
    finish: () => {
      tickets.end();
      events.end();
      metricEvents.end();
      ratings.end();
      return Object.values(files).flatMap((f) => f.written);
    },
  };
}

/** Zendesk's rating is good or bad: good for the top two answers of five (the upper quarter of a scale). */
function good(s: Survey): boolean {
  return (s.score - s.scaleMin) * 4 >= (s.scaleMax - s.scaleMin) * 3;
}
