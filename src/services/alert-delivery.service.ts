/**
 * The delivery worker (docs/delivery.md): drains the alert outbox (`alert_deliveries`). Woken by `wake()`
 * after the monitor enqueued, and by one timer set for the next pending delivery's instant — no polling.
 * Each due delivery is claimed for one attempt (a lease: another instance, or this one after a crash,
 * takes it again only when the lease ran out), sent, and marked sent right after the SMTP or HTTP answer,
 * so a restart does not send it again. A failed attempt is retried with exponential backoff and jitter; after
 * `maxAttempts` the delivery is dead (kept with its last error, listed and retried by an admin) and audited.
 */
import type { ContractRecord, Delivery, DeliveryState, Store } from '../store/index.js';
import { sideOf } from './closing.service.js';
import { contractAudit } from './contract-audit.js';
import { conflict, notFound } from './errors.js';
import { maskWebhook } from './recipients.service.js';
import type { Principal } from './roles.js';
import { visibleContract } from './tenancy.service.js';

/** Sends one delivery; throws when it was not accepted (the message is kept as the delivery's error). */
export type DeliverySender = (delivery: Delivery) => Promise<void>;

export interface DeliveryWorkerOptions {
  readonly store: Store;
  readonly send: DeliverySender;
  /** Attempts before a delivery is dead (default 6). */
  readonly maxAttempts?: number;
  /** The first retry's delay (default 30 s), doubling per attempt up to `maxDelayMs` (default 1 h). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * How long a claimed attempt may take before another may claim it (default 2 min): longer than any
   * sender's own time limit.
   */
  readonly leaseMs?: number;
  /**
   * The longest the worker sleeps with nothing due (default 60 s): one indexed query a minute picks up what
   * another process made due — an operator's retry, another instance's enqueue — that no `wake()` announced.
   */
  readonly sweepMs?: number;
  /** Deliveries sent side by side (default 4). */
  readonly concurrency?: number;
  readonly now?: () => number;
  /** In [0, 1): the jitter's source (default Math.random). */
  readonly random?: () => number;
  /** Errors of the worker itself (the store unreachable); the worker carries on at the next wake. */
  readonly onError?: (error: unknown) => void;
  /** Called once stopped (the sender's connections close). */
  readonly onStop?: () => void;
}

export const DEFAULT_MAX_ATTEMPTS = 6;
const MAX_TIMER = 2 ** 31 - 1;
const MAX_ERROR = 1000;
const STORE_RETRY_MS = 5000;

/**
 * The delay before attempt `attempts + 1` after `attempts` failed ones: base · 2^(attempts − 1), capped,
 * then a random share of up to half of it taken off ("equal jitter"), so that deliveries that failed
 * together do not retry together.
 */
export function retryDelay(attempts: number, baseMs: number, maxMs: number, random: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp - (exp / 2) * random);
}

export class DeliveryWorker {
  private readonly store: Store;
  private readonly send: DeliverySender;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly sweepMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly onStop: () => void;
  private running = false;
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: DeliveryWorkerOptions) {
    this.store = options.store;
    this.send = options.send;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.baseDelayMs = options.baseDelayMs ?? 30_000;
    this.maxDelayMs = options.maxDelayMs ?? 3_600_000;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.concurrency = options.concurrency ?? 4;
    this.sweepMs = options.sweepMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.onError = options.onError ?? (() => undefined);
    this.onStop = options.onStop ?? (() => undefined);
  }

  /** Starts draining: what fell due while nobody ran (a restart) goes first. */
  start(): Promise<void> {
    this.running = true;
    this.wake();
    return this.idle();
  }

  /** Stops the timer and waits for the attempts in flight to be marked. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
    this.onStop();
  }

  /** Something was enqueued (or retried): drain now. Cheap to call often; never throws. */
  wake(): void {
    if (!this.running) return;
    if (this.draining !== undefined) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
  }

  /** Resolves when no drain is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.drainDue();
        await this.schedule();
      } catch (e) {
        this.onError(e);
        // the store failed: try again soon rather than wait for a wake that may never come
        this.setTimer(Math.min(this.sweepMs, STORE_RETRY_MS));
      }
    } while (this.again && this.running);
  }

  private async drainDue(): Promise<void> {
    for (;;) {
      if (!this.running) return;
      const due = await this.store.deliveries.due(this.now(), this.concurrency);
      if (due.length === 0) return;
      // every attempt finishes (and is marked) before the next batch, even when one of them failed
      const results = await Promise.allSettled(due.map((d) => this.attempt(d)));
      const failed = results.find((r) => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    }
  }

  /** One timer for the next pending delivery's instant. */
  private async schedule(): Promise<void> {
    const next = await this.store.deliveries.nextDueAt();
    this.setTimer(
      Math.min(
        this.sweepMs,
        // a floor: what is due now was just drained, so a zero delay could only spin
        Math.max(10, (next ?? Number.POSITIVE_INFINITY) - this.now()),
      ),
    );
  }

  private setTimer(delay: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.wake();
      },
      Math.min(MAX_TIMER, delay),
    );
    this.timer.unref();
  }

  private async attempt(d: Delivery): Promise<void> {
    const start = this.now();
    if (!(await this.store.deliveries.claim(d.id, d.attempts, start, start + this.leaseMs))) return;
    const attempts = d.attempts + 1;
    try {
      await this.send(d);
    } catch (e) {
      await this.failed(d, attempts, errorText(e));
      return;
    }
    // Right after the answer: a crash before this line is the one window in which it is sent again.
    await this.store.deliveries.markSent(d.id, this.now());
  }

  private async failed(d: Delivery, attempts: number, error: string): Promise<void> {
    if (attempts < this.maxAttempts) {
      const retryAt = this.now() + retryDelay(attempts, this.baseDelayMs, this.maxDelayMs, this.random());
      await this.store.deliveries.markFailed(d.id, error, retryAt);
      return;
    }
    const at = this.now();
    await this.store.transaction(async (tx) => {
      await tx.deliveries.markFailed(d.id, error, null);
      const contract = await tx.contracts.contract(d.organisationId, d.contractId);
      const details = {
        delivery: d.id,
        alert: d.alertId,
        channel: d.channel,
        attempts,
        // the error stays on the delivery: SMTP and HTTP answers name addresses and hosts
      };
      if (contract === undefined) {
        await tx.audit.append({
          at,
          actor: 'system:delivery',
          action: 'delivery.dead',
          subject: d.contractId,
          details,
        });
      } else {
        await tx.audit.appendScoped(contractAudit(contract, at, 'system:delivery', 'delivery.dead', details));
      }
    });
  }
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}…` : text;
}

/** Deliveries listed at most per request. */
export const MAX_DELIVERY_LIST = 500;

/** The deliveries an admin sees: the organisation's (client admin) or its partner's contracts' (partner admin). */
export async function listDeliveries(
  store: Store,
  principal: Principal,
  filter: {
    readonly state?: DeliveryState | undefined;
    readonly contract?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<Delivery[]> {
  sideOf(principal);
  const limit = Math.min(MAX_DELIVERY_LIST, Math.max(1, filter.limit ?? 100));
  const contractIds =
    principal.partnerId === null
      ? undefined
      : (await store.contracts.contracts(principal.organisationId, principal.partnerId)).map((c) => c.id);
  return store.deliveries.list({
    organisationId: principal.organisationId,
    ...(filter.state === undefined ? {} : { state: filter.state }),
    ...(filter.contract === undefined ? {} : { contractId: filter.contract }),
    ...(contractIds === undefined ? {} : { contractIds }),
    limit,
  });
}

/** A dead delivery pending again, now; audited. Not found for another tenant's; a conflict when it is not dead. */
export async function retryDelivery(
  store: Store,
  principal: Principal,
  id: string,
  now: number,
): Promise<Delivery> {
  sideOf(principal);
  const d = await store.deliveries.get(id);
  const contract =
    d === undefined || d.organisationId !== principal.organisationId
      ? undefined
      : await visibleContract(store, principal, d.contractId).catch(() => undefined);
  if (d === undefined || contract === undefined) throw notFound(`delivery "${id}" not found`);
  return retryDead(store, d, contract, principal.actor, now);
}

/** The operator's retry (`accord deliveries retry`): any organisation's dead delivery. */
export async function retryDeliveryAsOperator(
  store: Store,
  id: string,
  actor: string,
  now: number,
): Promise<Delivery> {
  const d = await store.deliveries.get(id);
  if (d === undefined) throw notFound(`delivery "${id}" not found`);
  return retryDead(store, d, await store.contracts.contract(d.organisationId, d.contractId), actor, now);
}

async function retryDead(
  store: Store,
  d: Delivery,
  contract: ContractRecord | undefined,
  actor: string,
  now: number,
): Promise<Delivery> {
  return store.transaction(async (tx) => {
    if (!(await tx.deliveries.retry(d.id, now)))
      throw conflict(`delivery "${d.id}" is ${d.state}, not dead: only a dead delivery is retried`);
    const details = { delivery: d.id, alert: d.alertId, channel: d.channel };
    if (contract === undefined)
      await tx.audit.append({ at: now, actor, action: 'delivery.retried', subject: d.contractId, details });
    else await tx.audit.appendScoped(contractAudit(contract, now, actor, 'delivery.retried', details));
    return (await tx.deliveries.get(d.id))!;
  });
}

/** Every organisation's deliveries, for the operator (`accord deliveries list`). */
export function listDeliveriesAsOperator(
  store: Store,
  filter: {
    readonly state?: DeliveryState | undefined;
    readonly contract?: string | undefined;
    readonly limit?: number | undefined;
  },
): Promise<Delivery[]> {
  return store.deliveries.list({
    ...(filter.state === undefined ? {} : { state: filter.state }),
    ...(filter.contract === undefined ? {} : { contractId: filter.contract }),
    limit: Math.min(MAX_DELIVERY_LIST, Math.max(1, filter.limit ?? 100)),
  });
}

/** A delivery as the API and `--json` show it; a webhook's URL masked unless `reveal` (the operator). */
export function deliveryJson(d: Delivery, reveal = false) {
  return {
    id: d.id,
    contract: d.contractId,
    alert: d.alertId,
    kind: d.message.kind,
    level: d.message.level,
    channel: d.channel,
    target: d.channel === 'webhook' && !reveal ? maskWebhook(d.target) : d.target,
    language: d.language,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.state === 'pending' ? new Date(d.nextAttemptAt).toISOString() : null,
    lastError: d.lastError,
    createdAt: new Date(d.createdAt).toISOString(),
    sentAt: d.sentAt === null ? null : new Date(d.sentAt).toISOString(),
  };
}
