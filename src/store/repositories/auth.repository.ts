/**
 * Who may act: users (password hashes only), API tokens (SHA-256 of the token only), sessions (SHA-256 of
 * the session id only), failed logins for rate limiting, and one-time set-up tokens. Secrets never reach the
 * database in the clear; the caller hashes them (src/api/secrets.ts).
 */
import { type Selectable, sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import { ConflictError, isUniqueViolation } from '../errors.js';
import type { StoreDb, UsersTable } from '../schema.js';

export interface UserRecord {
  readonly id: string;
  readonly organisationId: string;
  readonly partnerId: string | null;
  /** Lower case. */
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly passwordHash: string;
  readonly createdAt: number;
  readonly disabledAt: number | null;
}

export interface TokenRecord {
  readonly id: string;
  readonly tokenHash: string;
  readonly role: string;
  readonly organisationId: string;
  readonly partnerId: string | null;
  readonly label: string | null;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly revokedAt: number | null;
}

export interface SessionRecord {
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface AuthRepository {
  userCount(): Promise<number>;
  createUser(u: UserRecord): Promise<UserRecord>;
  user(id: string): Promise<UserRecord | undefined>;
  userByEmail(email: string): Promise<UserRecord | undefined>;
  users(filter: { organisationId: string; partnerId?: string }): Promise<UserRecord[]>;
  disableUser(id: string, at: number): Promise<void>;
  /** The dashboard language a user chose, or null. */
  userLanguage(id: string): Promise<string | null>;
  setUserLanguage(id: string, lang: string): Promise<void>;

  createToken(t: TokenRecord): Promise<TokenRecord>;
  tokenByHash(hash: string): Promise<TokenRecord | undefined>;
  token(id: string): Promise<TokenRecord | undefined>;
  tokens(filter: { organisationId: string; partnerId?: string }): Promise<TokenRecord[]>;
  revokeToken(id: string, at: number): Promise<void>;

  createSession(s: SessionRecord): Promise<void>;
  /** A live session (not expired at `now`) of a user who is not disabled. */
  session(idHash: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | undefined>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOf(userId: string): Promise<void>;
  deleteExpiredSessions(now: number): Promise<number>;

  /** Failed logins per key since `since`. */
  loginFailures(keys: readonly string[], since: number): Promise<Map<string, number>>;
  recordLoginFailure(keys: readonly string[], at: number, pruneBefore: number): Promise<void>;
  clearLoginFailures(key: string): Promise<void>;

  /**
   * Inside `store.transaction`: holds off every other set-up until the transaction ends, across every
   * instance on the database (PostgreSQL locks the set-up tokens; SQLite's BEGIN IMMEDIATE already has).
   */
  lockSetup(): Promise<void>;
  createSetupToken(hash: string, at: number, expiresAt: number): Promise<void>;
  /** Marks an unused, unexpired set-up token used; false when there is none. */
  consumeSetupToken(hash: string, now: number): Promise<boolean>;
}

type UserRow = Selectable<UsersTable>;

function toUser(r: UserRow): UserRecord {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    partnerId: r.partner_id,
    email: r.email,
    name: r.name,
    role: r.role,
    passwordHash: r.password_hash,
    createdAt: Number(r.created_at),
    disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
  };
}

type TokenRow = {
  id: string;
  token_hash: string;
  role: string;
  organisation_id: string;
  partner_id: string | null;
  label: string | null;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
};

function toToken(r: TokenRow): TokenRecord {
  return {
    id: r.id,
    tokenHash: r.token_hash,
    role: r.role,
    organisationId: r.organisation_id,
    partnerId: r.partner_id,
    label: r.label,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

export function authRepository(db: StoreDb, dialect: Dialect): AuthRepository {
  return {
    async userCount() {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async createUser(u) {
      try {
        await db
          .insertInto('users')
          .values({
            id: u.id,
            organisation_id: u.organisationId,
            partner_id: u.partnerId,
            email: u.email,
            name: u.name,
            role: u.role,
            password_hash: u.passwordHash,
            created_at: u.createdAt,
            disabled_at: u.disabledAt,
          })
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError('a user with this e-mail address exists already');
        throw e;
      }
      return u;
    },

    async user(id) {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },

    async userByEmail(email) {
      const r = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return r && toUser(r);
    },

    async users(filter) {
      let q = db.selectFrom('users').selectAll().where('organisation_id', '=', filter.organisationId);
      if (filter.partnerId !== undefined) q = q.where('partner_id', '=', filter.partnerId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toUser);
    },

    async disableUser(id, at) {
      await db
        .updateTable('users')
        .set({ disabled_at: at })
        .where('id', '=', id)
        .where('disabled_at', 'is', null)
        .execute();
      await db.deleteFrom('sessions').where('user_id', '=', id).execute();
    },

    async userLanguage(id) {
      const r = await db.selectFrom('users').select('lang').where('id', '=', id).executeTakeFirst();
      return r?.lang ?? null;
    },

    async setUserLanguage(id, lang) {
      await db.updateTable('users').set({ lang }).where('id', '=', id).execute();
    },

    async createToken(t) {
      await db
        .insertInto('api_tokens')
        .values({
          id: t.id,
          token_hash: t.tokenHash,
          role: t.role,
          organisation_id: t.organisationId,
          partner_id: t.partnerId,
          label: t.label,
          created_at: t.createdAt,
          created_by: t.createdBy,
          revoked_at: t.revokedAt,
        })
        .execute();
      return t;
    },

    async tokenByHash(hash) {
      const r = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hash)
        .executeTakeFirst();
      return r && toToken(r);
    },

    async token(id) {
      const r = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toToken(r);
    },

    async tokens(filter) {
      let q = db.selectFrom('api_tokens').selectAll().where('organisation_id', '=', filter.organisationId);
      if (filter.partnerId !== undefined) q = q.where('partner_id', '=', filter.partnerId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toToken);
    },

    async revokeToken(id, at) {
      await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async createSession(s) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: s.idHash,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },

    async session(idHash, now) {
      const r = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select([
          'sessions.id_hash',
          'sessions.csrf_token',
          'sessions.created_at as session_created_at',
          'sessions.expires_at',
        ])
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', now)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      if (r === undefined) return undefined;
      return {
        session: {
          idHash: r.id_hash,
          userId: r.id,
          csrfToken: r.csrf_token,
          createdAt: Number(r.session_created_at),
          expiresAt: Number(r.expires_at),
        },
        user: toUser(r),
      };
    },

    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteSessionsOf(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    async deleteExpiredSessions(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async loginFailures(keys, since) {
      const out = new Map<string, number>();
      if (keys.length === 0) return out;
      const rows = await db
        .selectFrom('login_failures')
        .select(['key', (eb) => eb.fn.countAll().as('n')])
        .where('key', 'in', [...keys])
        .where('at', '>', since)
        .groupBy('key')
        .execute();
      for (const r of rows) out.set(r.key, Number(r.n));
      return out;
    },

    async recordLoginFailure(keys, at, pruneBefore) {
      if (keys.length === 0) return;
      await db
        .insertInto('login_failures')
        .values(keys.map((key) => ({ key, at })))
        .execute();
      await db.deleteFrom('login_failures').where('at', '<=', pruneBefore).execute();
    },

    async clearLoginFailures(key) {
      await db.deleteFrom('login_failures').where('key', '=', key).execute();
    },

    async lockSetup() {
      if (dialect === 'postgres') await sql`lock table setup_tokens in exclusive mode`.execute(db);
    },

    async createSetupToken(hash, at, expiresAt) {
      await db
        .insertInto('setup_tokens')
        .values({ token_hash: hash, created_at: at, expires_at: expiresAt, used_at: null })
        .execute();
    },

    async consumeSetupToken(hash, now) {
      const r = await db
        .updateTable('setup_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
