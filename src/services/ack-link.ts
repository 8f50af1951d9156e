/**
 * The signed one-click acknowledge link of an alert mail (docs/delivery.md): a token that names the alert
 * and the instant the link expires, signed with HMAC-SHA256 under the store's shared `ack-link` secret.
 * Whoever holds the link may acknowledge that one alert until it expires, without signing in; nothing else.
 *
 * The link opens a dashboard page (`ackPagePath`) whose button acknowledges: mail scanners that fetch every
 * link of a message must not acknowledge by fetching it.
 */
import { createHmac } from 'node:crypto';
import type { SecretsRepository } from '../store/repositories/secrets.repository.js';
import { sameSecret, sharedSecret } from './secrets.js';

/**
 * The dashboard path of the acknowledge page; the token is its `token` query parameter. Under the alert's
 * contract, where the dashboard serves its pages (`/contracts/{contract}/…`): the page shows the alert
 * (`GET /api/v1/alerts/acknowledge?token=`) and its button acknowledges it (`POST`, same query).
 */
export function ackPagePath(contract: string): string {
  return `/contracts/${encodeURIComponent(contract)}/alerts/acknowledge`;
}

/** The name of the secret in `server_secrets`. */
export const ACK_SECRET_NAME = 'ack-link';

/** A token longer than this is refused before any work. */
const MAX_TOKEN = 2048;

export type AckVerification =
  | { readonly ok: true; readonly alertId: string; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'signature' | 'expired' };

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('base64url');
}

/** `alertId` and `expiresAt` (epoch ms) signed: `<payload>.<signature>`, both base64url. */
export function ackToken(alertId: string, secret: string, expiresAt: number): string {
  const payload = Buffer.from(JSON.stringify({ a: alertId, e: expiresAt }), 'utf8').toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** The acknowledge link: `<baseUrl>/contracts/<contract>/alerts/acknowledge?token=…`. */
export function ackLink(
  baseUrl: string,
  alertId: string,
  secret: string,
  expiresAt: number,
  contract: string,
): string {
  return `${baseUrl.replace(/\/+$/, '')}${ackPagePath(contract)}?token=${ackToken(alertId, secret, expiresAt)}`;
}

/** The alert a token names, when its signature holds (compared in constant time) and `now` is before it expires. */
export function verifyAck(token: string, secret: string, now: number): AckVerification {
  if (token.length > MAX_TOKEN) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
  const payload = token.slice(0, dot);
  if (!sameSecret(token.slice(dot + 1), sign(payload, secret))) return { ok: false, reason: 'signature' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { a, e } = (parsed ?? {}) as { a?: unknown; e?: unknown };
  if (typeof a !== 'string' || typeof e !== 'number' || !Number.isFinite(e))
    return { ok: false, reason: 'malformed' };
  if (now >= e) return { ok: false, reason: 'expired' };
  return { ok: true, alertId: a, expiresAt: e };
}

/** The store's acknowledge-link secret (created on first use, shared by every instance on the database). */
export function ackSecret(store: { readonly secrets: SecretsRepository }): Promise<string> {
  return sharedSecret(store, ACK_SECRET_NAME);
}
