/**
 * Webhooks of the systems that push (issue 18, point 3): `POST /api/v1/webhooks/{system}/{source}`.
 *
 * The request is authenticated by the system's own signature, checked over the raw body before anything
 * is parsed, with a secret per source from the environment (`ACCORD_WEBHOOK_SECRET_<SOURCE>`: it is the
 * system's, shown in its admin screens, and stays out of the database):
 *
 * - Zendesk: `X-Zendesk-Webhook-Signature` = base64 HMAC-SHA256 of the signature timestamp followed by
 *   the body, the timestamp no more than 5 minutes from now;
 * - Intercom: `X-Hub-Signature` = `sha1=` hex HMAC-SHA1 of the body with the app's client secret;
 * - Amazon Connect, through a Kinesis Data Firehose stream delivering to an HTTP endpoint:
 *   `X-Amz-Firehose-Access-Key` equal to the access key set on the stream;
 * - Freshdesk, which does not sign: `Authorization: Bearer <secret>` set on the automation's webhook.
 *
 * What arrives: Intercom sends the conversation and Amazon Connect the contact records themselves, which
 * take the system's connector and the one ingest pipeline at once; a Zendesk or Freshdesk webhook carries
 * what its trigger's template says, so it is taken as "this changed" and a pull of that system for the
 * source follows (`accord sync`'s path, credentials from the server's environment).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ConnectorFile } from '../ingest/connectors/connector.js';
import { invalid, notFound, unauthenticated } from './errors.js';

export const PUSH_SYSTEMS = ['zendesk', 'freshdesk', 'intercom', 'connect'] as const;
export type PushSystem = (typeof PUSH_SYSTEMS)[number];

export function isPushSystem(v: string): v is PushSystem {
  return (PUSH_SYSTEMS as readonly string[]).includes(v);
}

/** How far a Zendesk signature timestamp may lie from now (replays of an old request are refused). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

/** `ACCORD_WEBHOOK_SECRET_<SOURCE>`: the source name upper-cased, every other character than A-Z0-9 `_`. */
export function secretVariable(source: string): string {
  return `ACCORD_WEBHOOK_SECRET_${source.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function webhookSecret(env: NodeJS.ProcessEnv, source: string): string | undefined {
  const v = env[secretVariable(source)];
  return v === undefined || v === '' ? undefined : v;
}

function same(a: string, b: string): boolean {
  // Equal-length digests, so that the comparison's time says nothing about where they differ.
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a === b;
}

/** Why the request is not the system's, or null when its signature holds. */
export function signatureProblem(
  system: PushSystem,
  header: (name: string) => string | undefined,
  body: Uint8Array,
  secret: string,
  now: number,
): string | null {
  switch (system) {
    case 'zendesk': {
      const signature = header('x-zendesk-webhook-signature');
      const timestamp = header('x-zendesk-webhook-signature-timestamp');
      if (signature === undefined || timestamp === undefined)
        return 'X-Zendesk-Webhook-Signature and its timestamp are missing';
      const at = Date.parse(timestamp);
      if (Number.isNaN(at) || Math.abs(now - at) > SIGNATURE_WINDOW_MS)
        return 'the signature timestamp is not within 5 minutes of now';
      const expected = createHmac('sha256', secret).update(timestamp).update(body).digest('base64');
      return same(signature, expected) ? null : 'the signature does not match';
    }
    case 'intercom': {
      const signature = header('x-hub-signature');
      if (signature === undefined) return 'X-Hub-Signature is missing';
      const expected = `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
      return same(signature, expected) ? null : 'the signature does not match';
    }
    case 'connect': {
      const key = header('x-amz-firehose-access-key');
      if (key === undefined) return 'X-Amz-Firehose-Access-Key is missing';
      return same(key, secret) ? null : 'the access key does not match';
    }
    case 'freshdesk': {
      const auth = header('authorization');
      if (auth === undefined) return 'Authorization is missing';
      return same(auth, `Bearer ${secret}`) ? null : 'the secret does not match';
    }
  }
}

/** What a verified webhook asks for: records to ingest now, a pull, or nothing (a ping, another topic). */
export type WebhookWork =
  | { readonly kind: 'records'; readonly files: readonly ConnectorFile[]; readonly reply?: unknown }
  | { readonly kind: 'pull' }
  | { readonly kind: 'nothing'; readonly why: string; readonly reply?: unknown };

function parse(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw invalid('the body is not JSON');
  }
}

/** Intercom's notification: a conversation topic carries the conversation in `data.item`. */
function intercomWork(json: unknown, name: string): WebhookWork {
  const n = json as { type?: unknown; topic?: unknown; data?: { item?: { type?: unknown } } };
  if (n?.type !== 'notification_event') throw invalid('body.type: is not "notification_event"');
  const item = n.data?.item;
  if (item?.type !== 'conversation')
    return { kind: 'nothing', why: `topic ${String(n.topic)} is not a conversation's` };
  // One conversation, as `GET /conversations/{id}` answers it: the connector knows that shape.
  return { kind: 'records', files: [{ name, text: JSON.stringify(item, null, 1) }] };
}

/** Kinesis Data Firehose's HTTP endpoint delivery: base64 records, each one or more contact records. */
function firehoseWork(json: unknown, name: string, now: number): WebhookWork {
  const r = json as { requestId?: unknown; records?: unknown };
  if (typeof r?.requestId !== 'string' || !Array.isArray(r.records))
    throw invalid('the body is not a Firehose delivery (requestId, records)');
  const reply = { requestId: r.requestId, timestamp: now };
  const ctrs: string[] = [];
  for (const [i, rec] of r.records.entries()) {
    const data = (rec as { data?: unknown })?.data;
    if (typeof data !== 'string') throw invalid(`body.records[${i}].data: is not base64 text`);
    const text = Buffer.from(data, 'base64').toString('utf8').trim();
    // Firehose concatenates records as the stream wrote them: one JSON object per line, or back to back.
    for (const part of text.split(/\n+|(?<=\})(?=\{)/)) if (part.trim() !== '') ctrs.push(part.trim());
  }
  if (ctrs.length === 0) return { kind: 'nothing', why: 'no records', reply };
  return { kind: 'records', files: [{ name, text: `${ctrs.join('\n')}\n` }], reply };
}

/** From a verified body, what to do. */
export function webhookWork(system: PushSystem, body: Uint8Array, name: string, now: number): WebhookWork {
  switch (system) {
    case 'intercom':
      return intercomWork(parse(body), name);
    case 'connect':
      return firehoseWork(parse(body), name, now);
    case 'zendesk':
    case 'freshdesk':
      return { kind: 'pull' };
  }
}

/** The checks before a webhook's body is looked at: a known system, a configured source, a good signature. */
export function checkWebhook(
  system: string,
  source: string,
  env: NodeJS.ProcessEnv,
  header: (name: string) => string | undefined,
  body: Uint8Array,
  now: number,
): PushSystem {
  if (!isPushSystem(system))
    throw notFound(`no webhook for "${system}" (systems that push: ${PUSH_SYSTEMS.join(', ')})`);
  const secret = webhookSecret(env, source);
  // The same answer whether the source does not exist or has no secret: nothing to learn by probing.
  if (secret === undefined) throw notFound(`no webhook is configured for source "${source}"`);
  const problem = signatureProblem(system, header, body, secret, now);
  if (problem !== null) throw unauthenticated(`${system} webhook for "${source}": ${problem}`);
  return system;
}
