/**
 * The demo as Intercom's conversation list pages (docs/connectors.md, Intercom; 150 a page), each
 * conversation with its `statistics` and `conversation_rating` (1..5). A web form has no Intercom source:
 * it is written as `push`, read back as channel `other`. List pages hold no conversation parts, so no
 * status history.
 */
import type { Channel } from '../../domain/records.js';
import {
  type DemoTicket,
  type NativePages,
  Numbering,
  PageFiles,
  Pager,
  seconds,
  ticketNumber,
} from './pages.js';

const SOURCE: Readonly<Record<Channel, string>> = {
  chat: 'conversation',
  email: 'email',
  phone: 'phone_call',
  messaging: 'whatsapp',
  social: 'facebook',
  web: 'push',
  other: 'push',
};
const PER_PAGE = 150;

export function intercomPages(dir: string): NativePages {
  const teams = new Numbering(5_000_001);
  const admins = new Numbering(6_000_001);
  const files = new PageFiles(dir, 'intercom-conversations');
  const conversations = new Pager<unknown>(PER_PAGE, (items, last) => {
    const page = files.written.length + 1;
    files.write({
      type: 'conversation.list',
      pages: { type: 'pages', page, per_page: PER_PAGE, ...(last ? {} : { next: { page: page + 1 } }) },
      conversations: items,
    });
  });

  const add = ({ contact: c, surveys }: DemoTicket) => {
    const replied = c.firstResponseAt ?? c.answeredAt;
    const closed = c.resolvedAt !== null;
    const rating = surveys[0];
    conversations.push({
      type: 'conversation',
      id: String(ticketNumber(c.id)),
      created_at: seconds(c.createdAt),
      updated_at: seconds(Math.max(c.createdAt, c.resolvedAt ?? 0)),
      open: !closed,
      state: closed ? 'closed' : 'open',
      read: true,
      priority: c.priority === 'high' || c.priority === 'urgent' ? 'priority' : 'not_priority',
      admin_assignee_id: c.agent === null ? null : admins.of(c.agent),
      team_assignee_id: c.queue === null ? null : String(teams.of(c.queue)),
      tags: { type: 'tag.list', tags: [] },
      source: {
        type: SOURCE[c.channel],
        delivered_as: c.direction === 'outbound' ? 'admin_initiated' : 'customer_initiated',
        author: { type: 'user', id: c.customer ?? c.id },
      },
      contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: c.customer ?? c.id }] },
      conversation_rating:
        rating === undefined
          ? null
          : { rating: rating.score, remark: rating.comment, created_at: seconds(rating.answeredAt) },
      statistics: {
        type: 'conversation_statistics',
        first_contact_reply_at: seconds(c.createdAt),
        first_admin_reply_at: seconds(replied),
        first_close_at: seconds(c.firstResolvedAt ?? c.resolvedAt),
        last_close_at: seconds(c.resolvedAt),
        count_reopens: c.reopenCount ?? 0,
      },
    });
  };

  return {
    // One rating per conversation, on 1..5.
    carries: (s) => s.kind === 'csat' && s.scaleMin === 1 && s.scaleMax === 5,
    add: (list) => {
      for (const t of list) add(t);
    },
    finish: () => {
      conversations.end();
      return files.written;
    },
  };
}
