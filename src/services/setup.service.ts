/**
 * First start and signing in. A store without users prints a one-time set-up token (`accord serve`);
 * `POST /api/v1/setup` with it creates the client organisation and its first client-admin. Sign-in checks
 * the password (rate limited) and starts a session; the API puts its id in a cookie.
 */
import type { Organisation, Store, UserRecord } from '../store/index.js';
import { conflict, invalid, tooMany, unauthenticated } from './errors.js';
import { dummyPasswordHash, hashPassword, newId, randomSecret, sha256, verifyPassword } from './secrets.js';

/** Lifetime of a set-up token. */
export const SETUP_TOKEN_MS = 24 * 3_600_000;

/** A new one-time set-up token when the store has no user yet; undefined otherwise. */
export async function ensureSetupToken(store: Store, now: number): Promise<string | undefined> {
  if ((await store.auth.userCount()) > 0) return undefined;
  const token = randomSecret('setup');
  await store.auth.createSetupToken(sha256(token), now, now + SETUP_TOKEN_MS);
  return token;
}

export interface SetupRequest {
  readonly token: string;
  /** The client organisation's name (needed when the store has none yet). */
  readonly organisation?: string | undefined;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/** The set-up token creates the first client-admin (and the organisation); it works once. */
export async function completeSetup(
  store: Store,
  request: SetupRequest,
  at: number,
): Promise<{ organisation: Organisation; user: UserRecord }> {
  const passwordHash = await hashPassword(request.password);
  return store.transaction(async (tx) => {
    // One set-up at a time, across every instance on the database.
    await tx.auth.lockSetup();
    if ((await tx.auth.userCount()) > 0)
      throw conflict('set-up is done already: sign in with POST /api/v1/session');
    if (!(await tx.auth.consumeSetupToken(sha256(request.token), at)))
      throw unauthenticated(
        'the set-up token is wrong, used or expired: restart `npx accord serve` for a new one',
      );
    let organisation = (await tx.tenancy.organisations())[0];
    if (organisation === undefined) {
      if (request.organisation === undefined)
        throw invalid('organisation: is required: the name of the client organisation', [
          { path: 'organisation', message: 'is required: the name of the client organisation' },
        ]);
      organisation = await tx.tenancy.createOrganisation({
        id: newId('org'),
        name: request.organisation,
        createdAt: at,
      });
    }
    const user = await tx.auth.createUser({
      id: newId('usr'),
      organisationId: organisation.id,
      partnerId: null,
      email: request.email,
      name: request.name,
      role: 'client-admin',
      passwordHash,
      createdAt: at,
      disabledAt: null,
    });
    await tx.audit.appendScoped({
      at,
      actor: `user:${user.id}`,
      action: 'setup.completed',
      subject: organisation.id,
      details: { organisation: organisation.id, user: user.id, role: 'client-admin' },
      scope: { organisationId: organisation.id, partnerId: null },
    });
    return { organisation, user };
  });
}

export interface LoginLimits {
  /** Failed logins per account within `windowMs` before refusing. */
  readonly perAccount: number;
  /** Failed logins per client address within `windowMs` before refusing. */
  readonly perAddress: number;
  readonly windowMs: number;
}

/**
 * Checks an e-mail address and password, rate limited per account and per client address (in the database,
 * so every instance counts the same). Which of the two was wrong is never said.
 */
export async function signIn(
  store: Store,
  request: { readonly email: string; readonly password: string; readonly address: string },
  limits: LoginLimits,
  at: number,
): Promise<UserRecord> {
  const accountKey = `account:${sha256(request.email)}`;
  const addressKey = `address:${sha256(request.address)}`;
  const since = at - limits.windowMs;
  const failures = await store.auth.loginFailures([accountKey, addressKey], since);
  if (
    (failures.get(accountKey) ?? 0) >= limits.perAccount ||
    (failures.get(addressKey) ?? 0) >= limits.perAddress
  ) {
    const seconds = Math.ceil(limits.windowMs / 1000);
    throw tooMany(`too many failed logins: try again in ${Math.ceil(seconds / 60)} minutes`, seconds);
  }
  const user = await store.auth.userByEmail(request.email);
  const matches = await verifyPassword(request.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (user === undefined || !matches || user.disabledAt !== null) {
    await store.auth.recordLoginFailure([accountKey, addressKey], at, since);
    throw unauthenticated('the e-mail address or the password is wrong');
  }
  await store.auth.clearLoginFailures(accountKey);
  await store.auth.deleteExpiredSessions(at);
  return user;
}

/** A new session of a signed-in user: its secret id (for the cookie, never stored) and CSRF token. */
export async function startSession(
  store: Store,
  userId: string,
  at: number,
  lifetimeMs: number,
): Promise<{ id: string; csrfToken: string; expiresAt: number }> {
  const id = randomSecret('ses');
  const csrfToken = randomSecret('csrf');
  const expiresAt = at + lifetimeMs;
  await store.auth.createSession({ idHash: sha256(id), userId, csrfToken, createdAt: at, expiresAt });
  return { id, csrfToken, expiresAt };
}
