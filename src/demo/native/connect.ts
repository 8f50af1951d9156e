/**
 * The demo's calls and chats as Amazon Connect contact records, delivered the way Kinesis Data Firehose
 * writes them to S3: one object per day (`connect-ctr-2026-10-05`), records back to back without a
 * separator. As Connect does, some records are delivered twice (first at disconnect, then updated after
 * the agent's after-contact work, with a later LastUpdateTimestamp), and some calls are transferred to a
 * second agent (two records, InitialContactId/PreviousContactId/NextContactId). Language, priority,
 * category and customer tier travel as the contact flow's user-defined Attributes. Resolution and first
 * time right are not in a contact record: lost (docs/connectors.md, Amazon Connect).
 */
import type { Contact } from '../../domain/records.js';
import { DailyFiles, type NativeDemoWriter, uuidOf } from './native-writer.js';

const INSTANCE = 'arn:aws:connect:eu-central-1:123456789012:instance/2c1b3c6d-0000-4000-8000-00000000acc0';
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** Seconds spent in the IVR before the queue. */
const IVR = 20_000;

function attributesOf(c: Contact): Record<string, string> {
  const out: Record<string, string> = {};
  if (c.language !== null) out.language = c.language;
  if (c.priority !== null) out.priority = c.priority;
  if (c.category !== null) out.category = c.category;
  for (const [k, v] of Object.entries(c.attributes)) out[k] = v;
  return out;
}

interface Leg {
  readonly contactId: string;
  readonly initial: string | null;
  readonly previous: string | null;
  readonly next: string | null;
  readonly initiated: number;
  readonly enqueued: number;
  readonly dequeued: number | null;
  readonly connected: number | null;
  readonly handleSeconds: number;
  readonly disconnected: number;
}

function record(c: Contact, leg: Leg, updated: number): Record<string, unknown> {
  const voice = c.channel === 'phone';
  return {
    AWSAccountId: '123456789012',
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent:
      leg.connected === null
        ? null
        : {
            ARN: `${INSTANCE}/agent/${uuidOf(c.agent ?? '')}`,
            Username: c.agent,
            ConnectedToAgentTimestamp: iso(leg.connected),
            AgentInteractionDuration: leg.handleSeconds,
            CustomerHoldDuration: 0,
            AfterContactWorkDuration: 0,
            NumberOfHolds: 0,
            LongestHoldDuration: 0,
          },
    Attributes: attributesOf(c),
    Channel: voice ? 'VOICE' : 'CHAT',
    ContactId: leg.contactId,
    CustomerEndpoint:
      c.customer === null ? null : { Address: c.customer, Type: voice ? 'TELEPHONE_NUMBER' : 'OTHER' },
    DisconnectReason:
      leg.next !== null ? 'TRANSFER' : leg.connected === null ? 'CUSTOMER_DISCONNECT' : 'AGENT_DISCONNECT',
    DisconnectTimestamp: iso(leg.disconnected),
    InitialContactId: leg.initial,
    InitiationMethod: leg.previous !== null ? 'TRANSFER' : voice ? 'INBOUND' : 'API',
    InitiationTimestamp: iso(leg.initiated),
    InstanceARN: INSTANCE,
    LastUpdateTimestamp: iso(updated),
    NextContactId: leg.next,
    PreviousContactId: leg.previous,
    Queue: {
      ARN: `${INSTANCE}/queue/${uuidOf(c.queue ?? '')}`,
      Name: c.queue,
      EnqueueTimestamp: iso(leg.enqueued),
      DequeueTimestamp: leg.dequeued === null ? null : iso(leg.dequeued),
      Duration: leg.dequeued === null ? null : Math.round((leg.dequeued - leg.enqueued) / 1000),
    },
    Recording: null,
    TransferCompletedTimestamp: null,
    TransferredToEndpoint: null,
  };
}

export function connectDemoWriter(dir: string): NativeDemoWriter {
  const files = new DailyFiles(
    dir,
    (day) => `connect-ctr-${day}`,
    (items) => items.join(''),
  );
  let n = 0;
  const emit = (c: Contact, leg: Leg, updated: number) =>
    files.add(leg.initiated, JSON.stringify(record(c, leg, updated)));
  const contact = (c: Contact) => {
    n++;
    const voice = c.channel === 'phone';
    const initiated = c.createdAt - (voice ? IVR : 0);
    const left = c.answeredAt ?? c.abandonedAt;
    const handle = Math.round(c.handleSeconds ?? 0);
    const end = c.answeredAt === null ? (c.abandonedAt ?? c.createdAt) : c.answeredAt + handle * 1000;
    const single: Leg = {
      contactId: c.id,
      initial: null,
      previous: null,
      next: null,
      initiated,
      enqueued: c.createdAt,
      dequeued: left,
      connected: c.answeredAt,
      handleSeconds: handle,
      disconnected: end,
    };
    if (c.answeredAt !== null && handle >= 60 && n % 29 === 0) {
      // Transferred half-way to a colleague in the same queue: two records, one customer contact.
      const first = Math.floor(handle / 2);
      const second = `${c.id}-T`;
      const transferAt = c.answeredAt + first * 1000;
      emit(c, { ...single, next: second, handleSeconds: first, disconnected: transferAt }, transferAt + 1000);
      emit(
        c,
        {
          contactId: second,
          initial: c.id,
          previous: c.id,
          next: null,
          initiated: transferAt,
          enqueued: transferAt,
          dequeued: transferAt + 10_000,
          connected: transferAt + 10_000,
          handleSeconds: handle - first,
          disconnected: end + 10_000,
        },
        end + 11_000,
      );
      return;
    }
    // Delivered at least once: now and then the record arrives twice, the later one updated.
    if (n % 7 === 0)
      emit(c, { ...single, connected: single.connected, handleSeconds: Math.floor(handle / 2) }, end);
    emit(c, single, end + 60_000);
  };
  return {
    format: 'connect',
    source: 'connect',
    take: (kind, record, ofTaken) => {
      if (kind !== 'contacts' || ofTaken) return false;
      const c = record as Contact;
      if ((c.channel !== 'phone' && c.channel !== 'chat') || c.direction !== 'inbound') return false;
      contact(c);
      return true;
    },
    day: () => files.flush(),
    close: () => {
      files.flush(true);
      return files.written;
    },
  };
}
