/**
 * The sender the delivery worker calls for each delivery: the alert's words in the recipient's language
 * (times in the contract's zone, the signed acknowledge link), then a mail through SMTP or a webhook POST.
 * `createDeliveryWorker` puts it together from the environment (docs/delivery.md):
 *
 * - `ACCORD_SMTP_URL` smtp://host:port (smtps://, user:password@ as the server needs); without it, e-mail
 *   deliveries fail (and are retried, then dead) with a message that says so.
 * - `ACCORD_MAIL_FROM` the From: address (default `Accord <accord@HOST>`, HOST of the public URL).
 * - `ACCORD_PUBLIC_URL` the dashboard's address for links (default http://localhost:8080).
 */
import { abandonNoun } from '../domain/contract/explain.js';
import type { Contract, Lang } from '../domain/contract/types.js';
import { ackLink, ackSecret } from '../services/ack-link.js';
import {
  type DeliverySender,
  DeliveryWorker,
  type DeliveryWorkerOptions,
} from '../services/alert-delivery.service.js';
import { signedContract } from '../services/contracts.service.js';
import type { Delivery, Store } from '../store/index.js';
import { alertContent, dashboardLinks } from './alert-text.js';
import { type MailSettings, type MailTransport, messageIdOf, renderMail, smtpTransport } from './mail.js';
import { postWebhook, type WebhookOptions, webhookFormat, webhookPayload } from './webhook.js';

export const DEFAULT_PUBLIC_URL = 'http://localhost:8080';
/** How long an acknowledge link works after the alert was raised. */
export const ACK_LINK_VALIDITY_MS = 7 * 86_400_000;
const CONTRACT_CACHE_MS = 5 * 60_000;

export interface NotifierSettings {
  readonly publicUrl: string;
  /** Null: no SMTP server configured. */
  readonly mail: MailSettings | null;
  readonly webhook: WebhookOptions;
}

export function notifierSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): NotifierSettings {
  const publicUrl = env.ACCORD_PUBLIC_URL?.trim() || DEFAULT_PUBLIC_URL;
  const smtpUrl = env.ACCORD_SMTP_URL?.trim();
  let host = 'localhost';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // the default host
  }
  const from = env.ACCORD_MAIL_FROM?.trim() || `Accord <accord@${host}>`;
  return {
    publicUrl,
    mail: smtpUrl === undefined || smtpUrl === '' ? null : { smtpUrl, from },
    webhook: { allowPrivate: env.ACCORD_WEBHOOK_ALLOW_PRIVATE?.trim().toLowerCase() === 'true' },
  };
}

export interface AlertSender {
  readonly send: DeliverySender;
  /** Closes the SMTP connections. */
  close(): void;
}

export function alertSender(store: Store, settings: NotifierSettings): AlertSender {
  const transport: MailTransport | null = settings.mail === null ? null : smtpTransport(settings.mail);
  const contracts = new Map<string, { contract: Contract | null; until: number }>();
  let secret: Promise<string> | undefined;

  /** The contract's latest signed version (read once per 5 minutes per contract), or null. */
  async function contractOf(d: Delivery): Promise<Contract | null> {
    const key = `${d.organisationId}\u0000${d.contractId}`;
    const now = Date.now();
    const cached = contracts.get(key);
    if (cached !== undefined && cached.until > now) return cached.contract;
    const last = (await store.contracts.signedVersions(d.organisationId, d.contractId)).at(-1);
    const contract = last === undefined ? null : signedContract(last);
    contracts.set(key, { contract, until: now + CONTRACT_CACHE_MS });
    return contract;
  }

  async function send(d: Delivery): Promise<void> {
    const m = d.message;
    secret ??= ackSecret(store);
    const raised = Date.parse(m.raisedAt);
    const ackUrl = ackLink(
      settings.publicUrl,
      m.id,
      await secret,
      (Number.isFinite(raised) ? raised : Date.now()) + ACK_LINK_VALIDITY_MS,
      m.contract,
    );
    const contract = await contractOf(d);
    const metric = contract?.metrics.find((x) => x.id === m.metric);
    const content = alertContent(m, d.language as Lang, {
      timezone: contract?.timezone ?? 'UTC',
      publicUrl: settings.publicUrl,
      ackUrl,
      ...(metric === undefined ? {} : { records: abandonNoun(metric.population) }),
    });
    if (d.channel === 'email') {
      if (transport === null)
        throw new Error('no SMTP server: set ACCORD_SMTP_URL (smtp://host:port) to deliver alert mails');
      await transport.send({
        to: d.target,
        messageId: messageIdOf(d.id, settings.publicUrl),
        lang: d.language,
        rendered: renderMail(content),
      });
      return;
    }
    const payload = webhookPayload(
      webhookFormat(d.target),
      content,
      m,
      dashboardLinks(settings.publicUrl, m),
      ackUrl,
    );
    await postWebhook(d.target, payload, { ...settings.webhook, idempotencyKey: d.id });
  }

  return { send, close: () => transport?.close() };
}

export interface CreateDeliveryWorkerOptions
  extends Partial<Omit<DeliveryWorkerOptions, 'store' | 'send' | 'onStop'>> {
  /** Default: from the environment (`notifierSettingsFromEnv`). */
  readonly settings?: NotifierSettings;
}

/**
 * The delivery worker with the mail and webhook sender, for `accord serve` and `accord monitor`: call
 * `start()` once, `wake()` after every enqueue, `stop()` on shutdown (closes the SMTP connections too).
 */
export function createDeliveryWorker(
  store: Store,
  options: CreateDeliveryWorkerOptions = {},
): DeliveryWorker {
  const { settings, ...rest } = options;
  const sender = alertSender(store, settings ?? notifierSettingsFromEnv());
  return new DeliveryWorker({ ...rest, store, send: sender.send, onStop: sender.close });
}
