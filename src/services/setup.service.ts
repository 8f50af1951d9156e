/**
 * First start: a store without users prints a one-time set-up token (`accord serve`); `POST /api/v1/setup`
 * with it creates the client organisation and its first client-admin.
 */
import type { Store } from '../store/index.js';
import { randomSecret, sha256 } from './secrets.js';

/** Lifetime of a set-up token. */
export const SETUP_TOKEN_MS = 24 * 3_600_000;

/** A new one-time set-up token when the store has no user yet; undefined otherwise. */
export async function ensureSetupToken(store: Store, now: number): Promise<string | undefined> {
  if ((await store.auth.userCount()) > 0) return undefined;
  const token = randomSecret('setup');
  await store.auth.createSetupToken(sha256(token), now, now + SETUP_TOKEN_MS);
  return token;
}
