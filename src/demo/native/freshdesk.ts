/**
 * The demo as Freshdesk's API pages (docs/connectors.md, Freshdesk): the ticket list with `stats`
 * (`include=stats`, 100 a page) and the satisfaction ratings (a five-point survey: -103, -102, 100, 102,
 * 103). Freshdesk keeps no status history: only the instants its stats hold survive.
 */
import type { Channel, Survey } from '../../domain/records.js';
import {
  type DemoTicket,
  iso,
  type NativePages,
  Numbering,
  PageFiles,
  Pager,
  ticketNumber,
} from './pages.js';

const SOURCE: Readonly<Record<Channel, number>> = {
  email: 1,
  web: 2,
  phone: 3,
  chat: 7,
  social: 6,
  messaging: 7,
  other: 2,
};
const PRIORITY: Readonly<Record<string, number>> = { low: 1, normal: 2, high: 3, urgent: 4 };
const TYPE: Readonly<Record<string, string>> = {
  question: 'Question',
  request: 'Feature Request',
  complaint: 'Complaint',
  incident: 'Incident',
};
/** A five-point survey's answers, lowest first. */
const FIVE_POINTS = [-103, -102, 100, 102, 103] as const;
const PER_PAGE = 100;

export function freshdeskPages(dir: string): NativePages {
  const people = new Numbering(44_000_000_001);
  const groups = new Numbering(44_100_000_001);
  const files = {
    tickets: new PageFiles(dir, 'freshdesk-tickets'),
    ratings: new PageFiles(dir, 'freshdesk-satisfaction-ratings'),
  };
  const tickets = new Pager<unknown>(PER_PAGE, (items) => files.tickets.write(items));
  const ratings = new Pager<unknown>(PER_PAGE, (items) => files.ratings.write(items));
  let ratingId = 1;

  const add = ({ contact: c, events, surveys }: DemoTicket) => {
    const id = ticketNumber(c.id);
    const last = events[events.length - 1];
    const status =
      last?.status === 'closed' ? 5 : c.resolvedAt !== null ? 4 : last?.status === 'pending_customer' ? 3 : 2;
    // The last reopening: an open status after a solved one.
    let reopenedAt: number | null = null;
    events.forEach((e, i) => {
      if (i > 0 && e.status === 'open' && ['solved', 'closed'].includes(events[i - 1]!.status))
        reopenedAt = e.at;
    });
    const updated = Math.max(c.createdAt, last?.at ?? 0, c.resolvedAt ?? 0);
    tickets.push({
      id,
      subject: `Demo ${c.channel} contact`,
      status,
      priority: c.priority === null ? 2 : PRIORITY[c.priority],
      source: SOURCE[c.channel],
      type: c.category === null ? null : (TYPE[c.category] ?? null),
      requester_id: people.of(c.customer ?? c.id),
      responder_id: c.agent === null ? null : people.of(`agent:${c.agent}`),
      group_id: c.queue === null ? null : groups.of(c.queue),
      company_id: null,
      fr_escalated: false,
      is_escalated: false,
      due_by: null,
      fr_due_by: null,
      tags: [],
      custom_fields: {},
      created_at: iso(c.createdAt),
      updated_at: iso(updated),
      stats: {
        agent_responded_at: iso(c.firstResponseAt),
        requester_responded_at: null,
        first_responded_at: iso(c.firstResponseAt),
        status_updated_at: iso(last?.at ?? c.createdAt),
        reopened_at: iso(reopenedAt),
        resolved_at: iso(c.resolvedAt),
        closed_at: status === 5 ? iso(last!.at) : null,
        pending_since: status === 3 ? iso(last!.at) : null,
      },
    });
    for (const s of surveys) {
      ratings.push({
        id: ratingId++,
        survey_id: 1,
        user_id: people.of(c.customer ?? c.id),
        agent_id: c.agent === null ? null : people.of(`agent:${c.agent}`),
        feedback: s.comment ?? '',
        group_id: c.queue === null ? null : groups.of(c.queue),
        ticket_id: id,
        created_at: iso(s.answeredAt),
        updated_at: iso(s.answeredAt),
        ratings: { default_question: fivePoint(s) },
      });
    }
  };

  return {
    carries: (s) => s.kind === 'csat' && s.scaleMax - s.scaleMin === 4,
    add: (list) => {
      for (const t of list) add(t);
    },
    finish: () => {
      tickets.end();
      ratings.end();
      return [...files.tickets.written, ...files.ratings.written];
    },
  };
}

function fivePoint(s: Survey): number {
  return FIVE_POINTS[Math.round(s.score - s.scaleMin)] ?? 100;
}
