/**
 * Genesys Cloud analytics conversation details → contacts, with their NPS survey answers and quality
 * evaluation scores. Reads, in any order and as many pages as given:
 *
 * - `POST /api/v2/analytics/conversations/details/query` responses and the pages of an analytics job
 *   (`GET …/details/jobs/{jobId}/results`): `conversations` → `participants` (purpose `customer`,
 *   `external`, `ivr`, `acd`, `agent`, `user` …) → `sessions` (`mediaType`, `direction`, `ani`,
 *   `requestedLanguageId`, `segments`, `metrics`) → `segments` (`segmentType` interact, alert, hold,
 *   wrapup …, `queueId`, `wrapUpCode`);
 * - `GET /api/v2/routing/queues` and `GET /api/v2/routing/languages` pages, to name queues and languages
 *   (without them the queue is its id and the language is kept as an attribute).
 *
 * One conversation is one contact. It starts when it first entered a queue (the ACD participant's first
 * segment), is answered at entry + `tAnswered` and abandoned at entry + `tAbandon` (the platform's own
 * measures, in ms), or, unanswered without `tAbandon`, when it left its last queue. Handle time is the
 * agents' `tHandle` (talk + hold + after-call work), else their interact, hold and wrap-up segments. A
 * conversation in two pages (overlapping intervals) counts once: the ended one, else the fuller one.
 */
import { parseInstant } from '../../domain/time/instant.js';
import { languageTag } from '../fields.js';
import { type Connector, type ConnectorFile, type Origin, RowCollector } from './connector.js';
import { isObject, type JsonObject, parseJsonFile } from './json-file.js';
import { NativeFields } from './native-fields.js';
import { flowAttributes, iso } from './native-rows.js';

type Endpoint = 'conversation_details' | 'conversation_details_job' | 'routing_queues' | 'routing_languages';

const CHANNELS: Readonly<Record<string, string>> = {
  voice: 'phone',
  callback: 'phone',
  chat: 'chat',
  email: 'email',
  message: 'messaging',
};

/** Routing language names as organisations usually name them → BCP 47. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  dutch: 'nl',
  nederlands: 'nl',
  flemish: 'nl-BE',
  german: 'de',
  deutsch: 'de',
  english: 'en',
  french: 'fr',
  spanish: 'es',
  italian: 'it',
  portuguese: 'pt',
  polish: 'pl',
  turkish: 'tr',
  arabic: 'ar',
  danish: 'da',
  swedish: 'sv',
  norwegian: 'no',
  finnish: 'fi',
};

const FIELDS: Readonly<Record<string, string>> = {
  id: 'conversationId',
  channel: 'participants[].sessions[].mediaType',
  direction: 'originatingDirection',
  queue: 'participants[purpose=acd].sessions[].segments[].queueId',
  created_at: 'participants[purpose=acd].sessions[].segments[0].segmentStart',
  answered_at: 'participants[purpose=acd].sessions[].metrics[tAnswered]',
  abandoned_at: 'participants[purpose=acd].sessions[].metrics[tAbandon]',
  handle_seconds: 'participants[purpose=agent].sessions[].metrics[tHandle]',
  agent: 'participants[purpose=agent].userId',
  customer: 'participants[purpose=customer].sessions[].ani',
  language: 'participants[].sessions[].requestedLanguageId',
};

/** Which endpoint a parsed page is, from its content. */
function endpointOf(value: unknown): Endpoint | undefined {
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.conversations) || (value.totalHits !== undefined && value.entities === undefined)) {
    return value.cursor !== undefined || value.dataAvailabilityDate !== undefined
      ? 'conversation_details_job'
      : 'conversation_details';
  }
  if (!Array.isArray(value.entities)) return undefined;
  const uri = [
    value.selfUri,
    value.firstUri,
    ...value.entities.slice(0, 1).map((e) => (isObject(e) ? e.selfUri : '')),
  ]
    .filter((u): u is string => typeof u === 'string')
    .join(' ');
  if (uri.includes('/routing/queues')) return 'routing_queues';
  if (uri.includes('/routing/languages')) return 'routing_languages';
  return undefined;
}

export const genesysConnector: Connector = {
  format: 'genesys',
  system: 'Genesys Cloud',
  detect(file) {
    const parsed = parseJsonFile(file);
    if (!parsed.ok) return { problem: parsed.problem };
    const endpoint = endpointOf(parsed.value);
    return endpoint !== undefined
      ? { endpoint }
      : {
          problem:
            'is not a Genesys Cloud page this connector reads (analytics conversation details, a details job result, routing queues or languages)',
        };
  },
  read(files) {
    const out = new RowCollector();
    const detected = readGenesys(files, out);
    return out.result(detected);
  },
};

interface Found {
  readonly conversation: JsonObject;
  readonly origin: Origin;
  readonly rank: number;
}

/** Reads the pages (any order) into contact rows; answers which endpoint each file was. */
export function readGenesys(
  files: readonly ConnectorFile[],
  out: RowCollector,
): { file: string; endpoint: string }[] {
  const queues = new Map<string, string>();
  const languages = new Map<string, string>();
  const conversations = new Map<string, Found>();
  const detected: { file: string; endpoint: string }[] = [];
  for (const file of files) {
    const parsed = parseJsonFile(file);
    if (!parsed.ok) continue;
    const page = parsed.value as JsonObject;
    const endpoint = endpointOf(page);
    if (endpoint === undefined) continue;
    detected.push({ file: file.name, endpoint });
    if (endpoint === 'routing_queues' || endpoint === 'routing_languages') {
      const names = endpoint === 'routing_queues' ? queues : languages;
      for (const e of page.entities as unknown[]) {
        if (isObject(e) && typeof e.id === 'string' && typeof e.name === 'string') names.set(e.id, e.name);
      }
      continue;
    }
    for (const [i, c] of ((page.conversations as unknown[] | undefined) ?? []).entries()) {
      const path = `conversations[${i}]`;
      const origin: Origin = { file: file.name, line: parsed.lines.line(path), path, fields: FIELDS };
      if (!isObject(c) || typeof c.conversationId !== 'string' || c.conversationId === '') {
        out.reject(origin, 'conversationId', 'is required (a conversation detail record)');
        continue;
      }
      const found = { conversation: c, origin, rank: rankOf(c) };
      const known = conversations.get(c.conversationId);
      if (known === undefined || known.rank <= found.rank) conversations.set(c.conversationId, found);
    }
  }
  for (const { conversation, origin } of conversations.values()) {
    const f = new NativeFields();
    const mapped = conversationRows(conversation, { queues, languages }, f);
    if (f.problems.length === 0) out.add('contacts', mapped, origin);
    else
      for (const [i, p] of f.problems.entries()) {
        if (i === 0) out.reject(origin, p.field, p.message);
        else out.problem(origin, p.field, p.message);
      }
  }
  return detected;
}

/** An ended conversation wins over one still running; then the one with more segments. */
function rankOf(c: JsonObject): number {
  let segments = 0;
  for (const p of asList(c.participants))
    for (const s of asList(p.sessions)) segments += Array.isArray(s.segments) ? s.segments.length : 0;
  return (c.conversationEnd ? 1e9 : 0) + segments;
}

const asList = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObject) : []);

interface Names {
  readonly queues: ReadonlyMap<string, string>;
  readonly languages: ReadonlyMap<string, string>;
}

interface Session {
  readonly participant: JsonObject;
  readonly session: JsonObject;
  readonly path: string;
  readonly start: number | undefined;
}

/** The metric's value (ms) of a session, or undefined. */
function metric(session: JsonObject, name: string): number | undefined {
  for (const m of asList(session.metrics)) {
    if (m.name === name && typeof m.value === 'number' && Number.isFinite(m.value) && m.value >= 0)
      return m.value;
  }
  return undefined;
}

function conversationRows(c: JsonObject, names: Names, f: NativeFields): Record<string, unknown> {
  const obj = c as Record<string, unknown>;
  const start = f.instant(obj, 'conversationStart', 'conversationStart', true);
  const ended = f.instant(obj, 'conversationEnd', 'conversationEnd');
  const sessions: Session[] = [];
  for (const [pi, p] of asList(c.participants).entries()) {
    for (const [si, s] of asList(p.sessions).entries()) {
      const path = `participants[${pi}].sessions[${si}]`;
      let first: number | undefined;
      for (const [gi, g] of asList(s.segments).entries()) {
        const at = f.instant(
          g as Record<string, unknown>,
          'segmentStart',
          `${path}.segments[${gi}].segmentStart`,
          true,
        );
        f.instant(g as Record<string, unknown>, 'segmentEnd', `${path}.segments[${gi}].segmentEnd`);
        if (at !== undefined && (first === undefined || at < first)) first = at;
      }
      sessions.push({ participant: p, session: s, path, start: first });
    }
  }
  const byStart = (a: Session, b: Session) => (a.start ?? Infinity) - (b.start ?? Infinity);
  const acd = sessions.filter((s) => s.participant.purpose === 'acd').sort(byStart);
  const agents = sessions
    .filter((s) => s.participant.purpose === 'agent' || s.participant.purpose === 'user')
    .sort(byStart);
  const customerSide = sessions.find(
    (s) => s.participant.purpose === 'customer' || s.participant.purpose === 'external',
  );

  let answeredAt: number | undefined;
  let abandonedAt: number | undefined;
  let queueExit: string | undefined;
  for (const s of acd) {
    if (s.start === undefined) continue;
    const answered = metric(s.session, 'tAnswered');
    if (answered !== undefined) {
      answeredAt = s.start + answered;
      break;
    }
    const abandon = metric(s.session, 'tAbandon');
    const flowOut = metric(s.session, 'tFlowOut');
    if (abandon !== undefined) [abandonedAt, queueExit] = [s.start + abandon, 'abandon'];
    else if (flowOut !== undefined) [abandonedAt, queueExit] = [s.start + flowOut, 'flow_out'];
    else if (ended !== undefined) [abandonedAt, queueExit] = [lastEnd(s.session) ?? ended, 'ended'];
  }
  const firstInteract = agents.find((s) =>
    asList(s.session.segments).some((g) => g.segmentType === 'interact'),
  );
  // Without an ACD metric, an agent taking the conversation answers it.
  if (answeredAt === undefined && firstInteract !== undefined)
    answeredAt = interactStart(firstInteract.session);
  if (answeredAt !== undefined) abandonedAt = undefined;

  const media = (customerSide ?? acd[0] ?? sessions[0])?.session.mediaType;
  const queueId = acd[0] === undefined ? undefined : queueOf(acd[0].session);
  const createdAt = acd[0]?.start ?? start ?? 0;
  const row: Record<string, unknown> = {
    id: c.conversationId,
    channel: (typeof media === 'string' && CHANNELS[media]) || 'other',
    direction: c.originatingDirection === 'outbound' ? 'outbound' : 'inbound',
    queue: queueId === undefined ? null : (names.queues.get(queueId) ?? queueId),
    created_at: iso(createdAt),
    answered_at: answeredAt === undefined ? null : iso(answeredAt),
    abandoned_at: abandonedAt === undefined ? null : iso(abandonedAt),
    handle_seconds: handleSeconds(agents),
    agent: typeof firstInteract?.participant.userId === 'string' ? firstInteract.participant.userId : null,
    customer: customerOf(customerSide?.session),
  };
  if (typeof media === 'string' && CHANNELS[media] === undefined) row.genesys_media_type = media;
  if (queueExit !== undefined) row.queue_exit = queueExit;
  holds(agents, row);
  language(sessions, names, row);
  for (const s of sessions) {
    const attrs = s.participant.attributes;
    if (isObject(attrs) && (s.participant.purpose === 'customer' || s.participant.purpose === 'external'))
      flowAttributes(attrs, row, 'genesys');
  }
  const surveys = surveysOf(c, f);
  if (surveys.length > 0) row.surveys = surveys;
  const evaluations = evaluationsOf(c, f);
  if (evaluations.length > 0) row.qa_evaluations = evaluations;
  return row;
}

function instantOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const r = parseInstant(v);
  return r.ok ? r.ms : undefined;
}

function lastEnd(session: JsonObject): number | undefined {
  let last: number | undefined;
  for (const g of asList(session.segments)) {
    const end = instantOf(g.segmentEnd);
    if (end !== undefined && (last === undefined || end > last)) last = end;
  }
  return last;
}

function interactStart(session: JsonObject): number | undefined {
  const g = asList(session.segments).find((s) => s.segmentType === 'interact');
  return g === undefined ? undefined : instantOf(g.segmentStart);
}

function queueOf(session: JsonObject): string | undefined {
  for (const g of asList(session.segments)) if (typeof g.queueId === 'string') return g.queueId;
  return undefined;
}

function customerOf(session: JsonObject | undefined): string | null {
  if (session === undefined) return null;
  const v = session.ani ?? session.addressFrom ?? session.remoteNameDisplayable;
  return typeof v === 'string' && v !== '' ? v.replace(/^tel:/, '') : null;
}

const segmentMs = (g: JsonObject) => {
  const a = instantOf(g.segmentStart);
  const b = instantOf(g.segmentEnd);
  return a !== undefined && b !== undefined && b > a ? b - a : 0;
};

/** The agents' tHandle, else tTalk + tHeld + tAcw, else their interact, hold and wrap-up segments. */
function handleSeconds(agents: readonly Session[]): number | null {
  let ms = 0;
  let known = false;
  for (const { session } of agents) {
    const handle =
      metric(session, 'tHandle') ??
      (['tTalk', 'tHeld', 'tAcw'].some((m) => metric(session, m) !== undefined)
        ? (metric(session, 'tTalk') ?? 0) + (metric(session, 'tHeld') ?? 0) + (metric(session, 'tAcw') ?? 0)
        : undefined);
    if (handle !== undefined) {
      ms += handle;
      known = true;
      continue;
    }
    for (const g of asList(session.segments)) {
      if (g.segmentType === 'interact' || g.segmentType === 'hold' || g.segmentType === 'wrapup') {
        ms += segmentMs(g);
        known = true;
      }
    }
  }
  return known ? Math.round(ms) / 1000 : null;
}

/** Holds and the wrap-up code: attributes (the normalised model has no column for them). */
function holds(agents: readonly Session[], row: Record<string, unknown>): void {
  let count = 0;
  let ms = 0;
  for (const { session } of agents) {
    for (const g of asList(session.segments)) {
      if (g.segmentType === 'hold') {
        count++;
        ms += segmentMs(g);
      }
      if (g.segmentType === 'wrapup' && typeof g.wrapUpCode === 'string' && row.wrapup_code === undefined)
        row.wrapup_code = g.wrapUpCode;
    }
  }
  if (count > 0) {
    row.hold_count = String(count);
    row.hold_seconds = String(Math.round(ms) / 1000);
  }
}

/** The requested routing language: its tag from the languages page, else kept as an attribute. */
function language(sessions: readonly Session[], names: Names, row: Record<string, unknown>): void {
  let id: string | undefined;
  for (const { session } of sessions) {
    if (typeof session.requestedLanguageId === 'string') id = session.requestedLanguageId;
    for (const g of asList(session.segments))
      if (id === undefined && typeof g.requestedLanguageId === 'string') id = g.requestedLanguageId;
    if (id !== undefined) break;
  }
  if (id === undefined) return;
  const name = names.languages.get(id);
  const tag =
    name === undefined ? undefined : (LANGUAGE_NAMES[name.trim().toLowerCase()] ?? languageTag(name.trim()));
  if (tag !== undefined) row.language = tag;
  else row.genesys_language = name ?? id;
}

/** Completed surveys with a promoter score: NPS answers (0..10). */
function surveysOf(c: JsonObject, f: NativeFields): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [i, s] of asList(c.surveys).entries()) {
    const score = s.surveyPromoterScore;
    if (typeof score !== 'number') continue;
    const at = f.instant(
      s as Record<string, unknown>,
      'surveyCompletedDate',
      `surveys[${i}].surveyCompletedDate`,
      true,
    );
    if (at === undefined) continue;
    out.push({ kind: 'nps', score, answered_at: iso(at) });
  }
  return out;
}

/** Quality evaluations' total scores (0..100), the deleted ones left out. */
function evaluationsOf(c: JsonObject, f: NativeFields): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [i, e] of asList(c.evaluations).entries()) {
    if (e.deleted === true || typeof e.oTotalScore !== 'number') continue;
    const at = f.instant(e as Record<string, unknown>, 'eventTime', `evaluations[${i}].eventTime`, true);
    if (at === undefined) continue;
    out.push({
      evaluated_at: iso(at),
      score: e.oTotalScore,
      evaluator: typeof e.evaluatorId === 'string' ? e.evaluatorId : null,
    });
  }
  return out;
}
