/**
 * Asterisk `queue_log` (app_queue's log, one line per queue event: `time|callid|queuename|agent|event|data…`)
 * → one phone contact per call id, stitched across files in any order (rotated logs `queue_log`,
 * `queue_log.1` …).
 *
 * - ENTERQUEUE (url|callerid|position) starts the wait: `created_at`, the queue, the caller id (customer).
 * - CONNECT (holdtime|bridgedchanneluniqueid|ringtime): answered at entry + holdtime, the log's own wait.
 * - ABANDON (position|origposition|waittime): abandoned at entry + waittime. EXITWITHTIMEOUT, EXITEMPTY
 *   (position|origposition|waittime) and EXITWITHKEY (key|position|origposition|waittime) leave the queue
 *   unanswered too: abandoned at entry + waittime, the way out kept in `end_event`.
 * - COMPLETECALLER / COMPLETEAGENT (holdtime|calltime|origposition), TRANSFER, BLINDTRANSFER and
 *   ATTENDEDTRANSFER (…|holdtime|calltime|origposition) end the call; calltime is talk time: handle_seconds.
 * - A call that entered a queue again (a transfer to another queue, an overflow) stays one contact: the
 *   first entry is when it started; the first answer (or the last way out, when never answered) decides.
 * - A call without its end is open (`end_event: open`); re-importing the grown log updates it.
 *
 * A bad line is an error naming file, line, field and reason, and its call is not stored (a call stored
 * without one of its lines would be judged on a wait that is not the one it had).
 */
import { type Connector, type ConnectorFile, type Origin, RowCollector } from './connector.js';
import { countIgnored, type Ignored, iso } from './native-rows.js';

/** Longest line read; app_queue writes lines of a few hundred characters. */
export const MAX_LINE_CHARS = 8192;
/** Calls stitched at once in one run (each holds a few numbers). */
export const MAX_CALLS = 2_000_000;

/** Events that are not a customer's wait, and why they are left aside. */
export const IGNORED_EVENTS: Readonly<Record<string, string>> = {
  ADDMEMBER: 'agent membership, not a call',
  REMOVEMEMBER: 'agent membership, not a call',
  PAUSE: 'agent pause, not a call',
  UNPAUSE: 'agent pause, not a call',
  PAUSEALL: 'agent pause, not a call',
  UNPAUSEALL: 'agent pause, not a call',
  PENALTY: 'agent penalty change, not a call',
  AGENTLOGIN: 'agent session, not a call',
  AGENTLOGOFF: 'agent session, not a call',
  AGENTCALLBACKLOGIN: 'agent session, not a call',
  AGENTCALLBACKLOGOFF: 'agent session, not a call',
  CONFIGRELOAD: 'system event, not a call',
  QUEUESTART: 'system event, not a call',
  SYSCOMPAT: 'a call the channels could not bridge; its end follows',
  RINGNOANSWER: "an agent's unanswered ring, not the caller's wait",
  RINGCANCELED: "an agent's cancelled ring, not the caller's wait",
  AGENTDUMP: 'the agent hung up before bridging; the call stays queued',
  DID: 'the dialled number, not a queue event',
  INFO: 'free information, not a queue event',
};

/** Ways out of a queue without an answer: where each keeps the caller's wait. */
const EXITS: Readonly<Record<string, { wait: number; fields: readonly string[] }>> = {
  ABANDON: { wait: 2, fields: ['position', 'origposition', 'waittime'] },
  EXITWITHTIMEOUT: { wait: 2, fields: ['position', 'origposition', 'waittime'] },
  EXITEMPTY: { wait: 2, fields: ['position', 'origposition', 'waittime'] },
  EXITWITHKEY: { wait: 3, fields: ['key', 'position', 'origposition', 'waittime'] },
};
const ENDS = new Set(['COMPLETECALLER', 'COMPLETEAGENT', 'TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER']);

/** `1366720340|1366720340.303267|MYQUEUE|SIP/8007|ENTERQUEUE||8007|1` */
const LINE_SHAPE = /^\d{9,11}(\.\d+)?\|[^|]*\|[^|]*\|[^|]*\|[A-Z_]+(\||$)/;

/** Whether the text is a queue_log: its first non-empty line has the shape of one. */
export function looksLikeQueueLog(text: string): boolean {
  const start = text.search(/\S/);
  if (start < 0) return false;
  const end = text.indexOf('\n', start);
  return LINE_SHAPE.test(text.slice(start, end < 0 ? text.length : end).trimEnd());
}

interface QueueEvent {
  readonly at: number;
  readonly order: number;
  readonly queue: string;
  readonly agent: string;
  readonly event: string;
  readonly data: readonly string[];
}

interface Call {
  readonly id: string;
  readonly origin: Origin;
  readonly events: QueueEvent[];
  bad: boolean;
}

/** Where each column of a call's contact comes from in the log (the pipeline's errors name it). */
const FIELDS: Readonly<Record<string, string>> = {
  id: 'callid',
  queue: 'ENTERQUEUE queuename',
  created_at: 'ENTERQUEUE time',
  answered_at: 'CONNECT holdtime',
  abandoned_at: 'ABANDON waittime',
  handle_seconds: 'COMPLETECALLER calltime',
  agent: 'CONNECT agent',
  customer: 'ENTERQUEUE callerid',
};

const TIME = /^\d{1,11}(\.\d{1,6})?$/;
const WHOLE = /^\d{1,9}$/;

/** The data fields an event reads, by name, with the one that must be whole seconds checked. */
function checkEvent(event: string, data: readonly string[]): { field: string; message: string } | undefined {
  const whole = (i: number, field: string, optional = false) => {
    const v = data[i];
    if ((v === undefined || v === '') && optional) return undefined;
    if (v === undefined || !WHOLE.test(v))
      return { field, message: `${JSON.stringify(v ?? '')} is not a whole number of seconds` };
    return undefined;
  };
  if (event === 'CONNECT') return whole(0, 'holdtime');
  const exit = EXITS[event];
  // Asterisk before 1.6 wrote only the position for EXITWITHTIMEOUT: the line's time ends the wait then.
  if (exit !== undefined) return whole(exit.wait, exit.fields[exit.wait]!, event === 'EXITWITHTIMEOUT');
  if (event === 'COMPLETECALLER' || event === 'COMPLETEAGENT') return whole(1, 'calltime');
  if (ENDS.has(event)) {
    if (data.length < 3)
      return { field: 'calltime', message: 'is missing (…|holdtime|calltime|origposition)' };
    return whole(data.length - 2, 'calltime');
  }
  return undefined;
}

export const asteriskConnector: Connector = {
  format: 'asterisk',
  system: 'Asterisk',
  detect: (file) =>
    looksLikeQueueLog(file.text)
      ? { endpoint: 'queue_log' }
      : { problem: 'is not an Asterisk queue_log (lines time|callid|queuename|agent|event|data…)' },
  read(files) {
    const out = new RowCollector();
    readQueueLog(files, out);
    return out.result(files.map((f) => ({ file: f.name, endpoint: 'queue_log' })));
  },
};

/** Reads queue_log files (any order) into contact rows; answers what it left aside and why. */
export function readQueueLog(files: readonly ConnectorFile[], out: RowCollector): Ignored {
  const ignored: Ignored = {};
  const calls = new Map<string, Call>();
  /** Calls with a line too broken to read: not stored, wherever their other lines are. */
  const bad = new Set<string>();
  let order = 0;
  let tooMany = false;
  for (const file of files) {
    let lineNo = 0;
    let from = 0;
    const text = file.text;
    while (from <= text.length) {
      const nl = text.indexOf('\n', from);
      const to = nl < 0 ? text.length : nl;
      const raw = text.slice(from, to);
      from = to + 1;
      lineNo++;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      const origin: Origin = { file: file.name, line: lineNo, path: '', fields: FIELDS };
      const fail = (field: string | null, message: string) => out.problem(origin, field, message);
      if (line.length > MAX_LINE_CHARS) {
        out.reject(origin, null, `is longer than ${MAX_LINE_CHARS} characters: not a queue_log line`);
        continue;
      }
      const parts = line.split('|');
      if (parts.length < 5) {
        const message = `has ${parts.length} fields; a queue_log line has at least 5 (time|callid|queuename|agent|event)`;
        // The call id, when the line still shows one, is a call with a line missing: the call is rejected.
        const id = parts[1];
        if (id !== undefined && id !== '' && id !== 'NONE') {
          fail(null, message);
          bad.add(id);
        } else out.reject(origin, null, message);
        continue;
      }
      const [time, callid, queue, agent, event, ...data] = parts as [string, string, string, string, string];
      if (event === '') {
        out.reject(origin, 'event', 'is empty');
        continue;
      }
      if (callid === 'NONE' || IGNORED_EVENTS[event] !== undefined) {
        countIgnored(ignored, `${event}: ${IGNORED_EVENTS[event] ?? 'not tied to a call'}`);
        continue;
      }
      if (event !== 'ENTERQUEUE' && event !== 'CONNECT' && EXITS[event] === undefined && !ENDS.has(event)) {
        // Dialplans log their own events with QueueLog(); they say nothing Accord reads.
        countIgnored(ignored, `${event}: not an app_queue event Accord reads`);
        continue;
      }
      if (callid === '') {
        out.reject(origin, 'callid', 'is empty');
        continue;
      }
      let call = calls.get(callid);
      if (call === undefined) {
        if (calls.size >= MAX_CALLS) {
          if (!tooMany) fail('callid', `more than ${MAX_CALLS} calls in one run: split the log by day`);
          tooMany = true;
          out.rejected++;
          continue;
        }
        call = { id: callid, origin, events: [], bad: false };
        calls.set(callid, call);
      }
      if (!TIME.test(time)) {
        fail('time', `${JSON.stringify(time)} is not a Unix time in seconds`);
        call.bad = true;
        continue;
      }
      const problem = checkEvent(event, data);
      if (problem !== undefined) {
        fail(problem.field, `${event} ${problem.message}`);
        call.bad = true;
        continue;
      }
      call.events.push({ at: Math.round(Number(time) * 1000), order: order++, queue, agent, event, data });
    }
  }
  for (const call of calls.values()) {
    if (call.bad || bad.has(call.id))
      out.reject(
        call.origin,
        'callid',
        `call ${JSON.stringify(call.id)} is not stored: one of its lines is bad`,
      );
    else out.add('contacts', callRow(call), call.origin);
  }
  return ignored;
}

const seconds = (v: string | undefined) => Number(v) * 1000;

/** One call's events (in time order, ties in log order) → its contact row. */
function callRow(call: Call): Record<string, unknown> {
  const events = [...call.events].sort((a, b) => a.at - b.at || a.order - b.order);
  let createdAt: number | undefined;
  let entered: number | undefined;
  let queue: string | undefined;
  let customer: string | undefined;
  let answeredAt: number | undefined;
  let leftAt: number | undefined;
  let agent: string | undefined;
  let talkMs = 0;
  let talked = false;
  let end = 'open';
  let entries = 0;
  for (const e of events) {
    if (e.event === 'ENTERQUEUE') {
      entries++;
      entered = e.at;
      createdAt ??= e.at;
      queue ??= e.queue;
      const callerId = e.data[1]?.trim();
      if (customer === undefined && callerId) customer = callerId;
      end = 'open';
      continue;
    }
    // A log that starts while the call waits: its wait is known from the event itself.
    if (e.event === 'CONNECT') {
      const start = entered ?? e.at - seconds(e.data[0]);
      createdAt ??= start;
      queue ??= e.queue;
      if (answeredAt === undefined) {
        answeredAt = start + seconds(e.data[0]);
        agent = e.agent;
      }
      end = 'open';
      continue;
    }
    const exit = EXITS[e.event];
    if (exit !== undefined) {
      const wait = e.data[exit.wait];
      const start = entered ?? (wait ? e.at - seconds(wait) : e.at);
      createdAt ??= start;
      queue ??= e.queue;
      leftAt = wait ? start + seconds(wait) : e.at;
      end = e.event;
      continue;
    }
    // COMPLETE* and the transfers: talk time of the answered leg.
    talkMs += seconds(e.data[e.event.startsWith('COMPLETE') ? 1 : e.data.length - 2]);
    talked = true;
    end = e.event;
  }
  const created = createdAt ?? events[0]?.at ?? 0;
  const row: Record<string, unknown> = {
    id: call.id,
    channel: 'phone',
    direction: 'inbound',
    queue: queue ?? null,
    created_at: iso(created),
    answered_at: answeredAt === undefined ? null : iso(answeredAt),
    abandoned_at: answeredAt === undefined && leftAt !== undefined ? iso(leftAt) : null,
    handle_seconds: talked ? talkMs / 1000 : null,
    agent: agent === undefined || agent === '' || agent === 'NONE' ? null : agent,
    customer: customer ?? null,
    end_event: end,
  };
  if (entries > 1) row.queue_entries = String(entries);
  return row;
}
