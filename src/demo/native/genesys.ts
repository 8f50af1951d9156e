/**
 * The demo's calls and chats as Genesys Cloud analytics conversation details, in the pages an analytics
 * job returns (`GET /api/v2/analytics/conversations/details/jobs/{jobId}/results`, 1,000 conversations a
 * page, `genesys-details-job-0001.json` …), with the routing queues and languages pages that name the
 * queue and language ids. Each conversation: the customer (caller id, participant data: customer tier,
 * priority, category), the ACD participant (queue, requested language, tAnswered or tAbandon) and the agent
 * (interact and wrap-up segments, tHandle). Resolution and first time right are not in the details: lost
 * (docs/connectors.md, Genesys Cloud).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Contact } from '../../domain/records.js';
import { type NativeDemoFile, type NativeDemoWriter, uuidOf } from './native-writer.js';

/** Conversations per job results page. */
const PAGE = 1000;
/** How an organisation would name its routing languages. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  nl: 'Dutch',
  de: 'German',
  en: 'English',
  fr: 'French',
};

const iso = (ms: number) => new Date(ms).toISOString();
const metric = (name: string, value: number, at: number) => ({ name, value, emitDate: iso(at) });

function participantData(c: Contact): Record<string, string> {
  const out: Record<string, string> = { ...c.attributes };
  if (c.priority !== null) out.priority = c.priority;
  if (c.category !== null) out.category = c.category;
  return out;
}

function conversation(c: Contact): Record<string, unknown> {
  const media = c.channel === 'phone' ? 'voice' : 'chat';
  const queueId = uuidOf(`queue:${c.queue ?? ''}`);
  const left = c.answeredAt ?? c.abandonedAt ?? c.createdAt;
  const handleMs = Math.round((c.handleSeconds ?? 0) * 1000);
  const end = c.answeredAt === null ? left : c.answeredAt + handleMs;
  const customer: Record<string, unknown> = {
    mediaType: media,
    sessionId: `${c.id}-c`,
    direction: 'inbound',
  };
  if (c.customer !== null)
    customer[media === 'voice' ? 'ani' : 'addressFrom'] =
      media === 'voice' ? `tel:${c.customer}` : c.customer;
  customer.segments = [
    { segmentStart: iso(c.createdAt), segmentEnd: iso(end), segmentType: 'interact', disconnectType: 'peer' },
  ];
  const acd: Record<string, unknown> = {
    mediaType: media,
    sessionId: `${c.id}-q`,
    direction: 'inbound',
    segments: [{ segmentStart: iso(c.createdAt), segmentEnd: iso(left), segmentType: 'interact', queueId }],
    metrics:
      c.answeredAt !== null
        ? [
            metric('tAcd', c.answeredAt - c.createdAt, c.answeredAt),
            metric('tAnswered', c.answeredAt - c.createdAt, c.answeredAt),
          ]
        : [metric('tAcd', left - c.createdAt, left), metric('tAbandon', left - c.createdAt, left)],
  };
  if (c.language !== null) acd.requestedLanguageId = uuidOf(`language:${c.language}`);
  const participants: Record<string, unknown>[] = [
    {
      participantId: `${c.id}-pc`,
      purpose: 'customer',
      attributes: participantData(c),
      sessions: [customer],
    },
    { participantId: `${c.id}-pq`, participantName: c.queue, purpose: 'acd', sessions: [acd] },
  ];
  if (c.answeredAt !== null) {
    participants.push({
      participantId: `${c.id}-pa`,
      purpose: 'agent',
      userId: c.agent,
      sessions: [
        {
          mediaType: media,
          sessionId: `${c.id}-a`,
          direction: 'inbound',
          segments: [
            { segmentStart: iso(c.answeredAt), segmentEnd: iso(end), segmentType: 'interact', queueId },
          ],
          metrics: [metric('tHandle', handleMs, end)],
        },
      ],
    });
  }
  return {
    conversationId: c.id,
    conversationStart: iso(c.createdAt),
    conversationEnd: iso(end),
    originatingDirection: 'inbound',
    participants,
  };
}

function entitiesPage(kind: 'queues' | 'languages', entities: { id: string; name: string }[]) {
  return {
    entities: entities.map((e) => ({ ...e, selfUri: `/api/v2/routing/${kind}/${e.id}` })),
    pageSize: entities.length,
    pageNumber: 1,
    total: entities.length,
    pageCount: 1,
    selfUri: `/api/v2/routing/${kind}?pageSize=${entities.length}&pageNumber=1`,
  };
}

export function genesysDemoWriter(dir: string): NativeDemoWriter {
  const written: NativeDemoFile[] = [];
  const queues = new Set<string>();
  const languages = new Set<string>();
  let page: string[] = [];
  let pages = 0;
  const flush = () => {
    if (page.length === 0) return;
    pages++;
    const path = join(dir, `genesys-details-job-${String(pages).padStart(4, '0')}.json`);
    const cursor = Buffer.from(`page:${pages + 1}`).toString('base64');
    writeFileSync(path, `{"conversations":[${page.join(',')}],"cursor":"${cursor}"}\n`);
    written.push({ path, records: page.length });
    page = [];
  };
  return {
    format: 'genesys',
    source: 'genesys',
    take: (kind, record, ofTaken) => {
      if (kind !== 'contacts' || ofTaken) return false;
      const c = record as Contact;
      if ((c.channel !== 'phone' && c.channel !== 'chat') || c.direction !== 'inbound') return false;
      if (c.queue !== null) queues.add(c.queue);
      if (c.language !== null) languages.add(c.language);
      page.push(JSON.stringify(conversation(c)));
      if (page.length >= PAGE) flush();
      return true;
    },
    day: () => undefined,
    close: () => {
      flush();
      for (const [kind, names] of [
        ['queues', queues],
        ['languages', languages],
      ] as const) {
        const entities = [...names].sort().map((name) => ({
          id: uuidOf(`${kind === 'queues' ? 'queue' : 'language'}:${name}`),
          name: kind === 'languages' ? (LANGUAGE_NAMES[name] ?? name) : name,
        }));
        const path = join(dir, `genesys-routing-${kind}.json`);
        writeFileSync(path, `${JSON.stringify(entitiesPage(kind, entities))}\n`);
        written.push({ path, records: entities.length });
      }
      return written;
    },
  };
}
