/**
 * The alert delivery outbox (docs/delivery.md). `enqueue` runs inside the monitor's transaction: one
 * pending row per recipient target of the alert's names, never a second for the same alert and target
 * (the unique key; ON CONFLICT DO NOTHING). The delivery worker claims a due row (an attempt, with a lease
 * so that a second instance or a crashed one does not send it at the same time), sends it, and marks it
 * sent, failed (to be retried at a later instant) or dead.
 */
import { createHash } from 'node:crypto';
import type { AlertMessage } from '../../domain/monitor/alert.js';
import type { AlertDeliveriesTable, StoreDb } from '../schema.js';
import type { RecipientChannel, RecipientLanguage } from './recipients.repository.js';

export type DeliveryState = 'pending' | 'sent' | 'dead';

export interface Delivery {
  readonly id: string;
  readonly organisationId: string;
  readonly contractId: string;
  readonly alertId: string;
  readonly channel: RecipientChannel;
  readonly target: string;
  readonly language: RecipientLanguage;
  readonly message: AlertMessage;
  readonly state: DeliveryState;
  /** Attempts begun (a claim counts one). */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
}

export interface DeliveryListFilter {
  readonly state?: DeliveryState;
  /** Only this organisation's (a tenant's view); absent: every organisation's (the operator). */
  readonly organisationId?: string;
  readonly contractId?: string;
  /** Only these contracts' (a partner's view). */
  readonly contractIds?: readonly string[];
  readonly limit: number;
}

export interface DeliveriesRepository {
  /**
   * One pending delivery per recipient target of every name in `message.who` of the alert's organisation
   * and contract, due at `at` (default: the alert's `raisedAt`); a target already holding this alert gets
   * none. Returns how many were added.
   */
  enqueue(message: AlertMessage, at?: number): Promise<number>;
  /** Pending deliveries due at `now`, soonest first. */
  due(now: number, limit: number): Promise<Delivery[]>;
  /** The earliest instant a pending delivery falls due, or undefined when none is pending. */
  nextDueAt(): Promise<number | undefined>;
  /**
   * Takes a due delivery for one attempt: attempts + 1 and next_attempt_at = `leaseUntil`, only when it is
   * still pending, due at `now` and at `attempts` (nobody else claimed it). True when this caller has it.
   */
  claim(id: string, attempts: number, now: number, leaseUntil: number): Promise<boolean>;
  markSent(id: string, at: number): Promise<void>;
  /** A failed attempt: pending again at `retryAt`, or dead when `retryAt` is null. */
  markFailed(id: string, error: string, retryAt: number | null): Promise<void>;
  get(id: string): Promise<Delivery | undefined>;
  list(filter: DeliveryListFilter): Promise<Delivery[]>;
  /** A dead delivery pending again, due at `at`, with its attempts from zero; false when it is not dead. */
  retry(id: string, at: number): Promise<boolean>;
}

/** The same alert and target always give the same id (and so the same Message-ID). */
export function deliveryId(organisationId: string, alertId: string, channel: string, target: string): string {
  const h = createHash('sha256')
    .update([organisationId, alertId, channel, target].join('\u0000'), 'utf8')
    .digest('hex');
  return `dlv_${h.slice(0, 24)}`;
}

function deliveryOf(r: AlertDeliveriesTable): Delivery {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    alertId: r.alert_id,
    channel: r.channel as RecipientChannel,
    target: r.target,
    language: r.language as RecipientLanguage,
    message: JSON.parse(r.message) as AlertMessage,
    state: r.state as DeliveryState,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  };
}

export function deliveriesRepository(db: StoreDb): DeliveriesRepository {
  return {
    async enqueue(message, when) {
      if (message.who.length === 0) return 0;
      // due when raised, on the monitor's clock (which the worker shares), else now
      const raised = Date.parse(message.raisedAt);
      const at = when ?? (Number.isFinite(raised) ? raised : Date.now());
      const targets = await db
        .selectFrom('recipients')
        .select(['channel', 'target', 'language'])
        .where('organisation_id', '=', message.organisationId)
        .where('contract_id', '=', message.contract)
        .where('who', 'in', [...message.who])
        // a target named under two names or by both sides: the first entry's language
        .orderBy('who')
        .orderBy('side')
        .execute();
      const seen = new Set<string>();
      const json = JSON.stringify(message);
      const rows = [];
      for (const t of targets) {
        const key = `${t.channel}\u0000${t.target}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push({
          id: deliveryId(message.organisationId, message.id, t.channel, t.target),
          organisation_id: message.organisationId,
          contract_id: message.contract,
          alert_id: message.id,
          channel: t.channel,
          target: t.target,
          language: t.language,
          message: json,
          state: 'pending',
          attempts: 0,
          next_attempt_at: at,
          last_error: null,
          created_at: at,
          sent_at: null,
        });
      }
      if (rows.length === 0) return 0;
      const result = await db
        .insertInto('alert_deliveries')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },

    async due(now, limit) {
      const rows = await db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(deliveryOf);
    },

    async nextDueAt() {
      const row = await db
        .selectFrom('alert_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
    },

    async claim(id, attempts, now, leaseUntil) {
      const result = await db
        .updateTable('alert_deliveries')
        .set({ attempts: attempts + 1, next_attempt_at: leaseUntil })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .where('attempts', '=', attempts)
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async markSent(id, at) {
      await db
        .updateTable('alert_deliveries')
        .set({ state: 'sent', sent_at: at, last_error: null })
        .where('id', '=', id)
        .execute();
    },

    async markFailed(id, error, retryAt) {
      await db
        .updateTable('alert_deliveries')
        .set(
          retryAt === null
            ? { state: 'dead', last_error: error }
            : { state: 'pending', last_error: error, next_attempt_at: retryAt },
        )
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('alert_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : deliveryOf(row);
    },

    async list(filter) {
      let q = db.selectFrom('alert_deliveries').selectAll();
      if (filter.state !== undefined) q = q.where('state', '=', filter.state);
      if (filter.organisationId !== undefined) q = q.where('organisation_id', '=', filter.organisationId);
      if (filter.contractId !== undefined) q = q.where('contract_id', '=', filter.contractId);
      if (filter.contractIds !== undefined) {
        if (filter.contractIds.length === 0) return [];
        q = q.where('contract_id', 'in', [...filter.contractIds]);
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
      return rows.map(deliveryOf);
    },

    async retry(id, at) {
      const result = await db
        .updateTable('alert_deliveries')
        .set({ state: 'pending', attempts: 0, next_attempt_at: at })
        .where('id', '=', id)
        .where('state', '=', 'dead')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
