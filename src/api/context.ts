/** What every request handler can reach: the store, the clock, the logger, the metrics, the limits. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Principal } from '../services/roles.js';
import type { Store } from '../store/index.js';
import type { WorkRunner } from './jobs.js';
import type { Metrics } from './metrics.js';

export interface Limits {
  /** Largest JSON request body (bytes). */
  readonly jsonBytes: number;
  /** Largest ingest body (bytes). */
  readonly ingestBytes: number;
  /** Failed logins per account within `loginWindowMs` before 429. */
  readonly loginFailuresPerAccount: number;
  /** Failed logins per client address within `loginWindowMs` before 429. */
  readonly loginFailuresPerAddress: number;
  readonly loginWindowMs: number;
  /** Lifetime of a session. */
  readonly sessionMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  jsonBytes: 1 << 20,
  ingestBytes: 32 << 20,
  loginFailuresPerAccount: 5,
  loginFailuresPerAddress: 50,
  loginWindowMs: 15 * 60_000,
  sessionMs: 12 * 3_600_000,
};

export interface AppDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Customer identifiers → pseudonyms (data.md); the key is loaded on first use. */
  readonly pseudonymise: (value: string) => string;
  readonly limits: Limits;
  /** The client's address for login rate limiting (the socket's, or a trusted proxy's header). */
  readonly clientAddress: (raw: unknown, headers: Headers) => string;
  /** Evaluations and staffing: in a worker thread of the pool (`accord serve`), else in this thread. */
  readonly work: WorkRunner;
  /** The report and overdue-action scheduler of this process, poked when a schedule or action changes. */
  readonly scheduler?: { poke(): void };
  /** The alert delivery worker of this process, when it runs one (a retried delivery wakes it). */
  readonly deliveryWorker?: { wake(): void };
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    principal: Principal;
    requestId: string;
  };
}

/** The application the routes register on. */
export type AccordApp = OpenAPIHono<AppEnv>;
