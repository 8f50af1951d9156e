/**
 * Secrets: random tokens, their SHA-256 (what the database keeps of API tokens, session ids and set-up
 * tokens: they carry 256 random bits, so a fast hash is enough), and password hashes with scrypt and a salt
 * of each user's own (node:crypto; N = 2^15, r = 8, p = 1, 64-byte key).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { SecretsRepository } from '../store/repositories/secrets.repository.js';

/** `acc_` + 43 base64url characters (256 bits). */
export function randomSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A short public id: `org_5kq0d3m2x9fa`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9)
    .toString('base64url')
    .replace(/[-_]/g, (m) => (m === '-' ? 'x' : 'z'))}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time equality of two strings. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const SCRYPT = { N: 1 << 15, r: 8, p: 1, keylen: 64 };
const MAXMEM = 128 * SCRYPT.N * SCRYPT.r * 2;

function derive(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keylen: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      keylen,
      { N, r, p, maxmem: Math.max(MAXMEM, 128 * N * r * 2) },
      (e, key) => (e ? reject(e) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, salt, N, r, p, expected.length);
  return timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist, so that the answer takes as long. */
let dummy: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/**
 * A secret all instances on one database share, kept in the store (`server_secrets`): created by the first
 * that asks, read by every other, so a link one instance signed verifies on another.
 */
export function sharedSecret(
  store: { readonly secrets: SecretsRepository },
  name: string,
  now: number = Date.now(),
): Promise<string> {
  return store.secrets.obtain(name, randomBytes(32).toString('base64url'), now);
}
