/**
 * `accord sync SYSTEM`: pull mode. Walks each endpoint of a system's API from where its last run stopped
 * (the cursor in the store, else `since`), hands every page to that system's connector and the one ingest
 * pipeline, then moves the cursor on. A page is ingested before its cursor is saved: a sync killed in
 * between reads that page again on the next run, and the store's upsert by key and digest counts its
 * records `unchanged` — re-running never duplicates.
 */
import type { ConnectorFile } from '../ingest/connectors/connector.js';
import { cursorRequest, cursorText, type Endpoint, type SystemAccess } from '../ingest/pull/endpoint.js';
import { freshdeskAccess, freshdeskEndpoints } from '../ingest/pull/freshdesk.js';
import { genesysAccess, genesysEndpoints } from '../ingest/pull/genesys.js';
import { type PullDeps, PullError, pullJson, type RetryPolicy } from '../ingest/pull/http.js';
import { intercomAccess, intercomEndpoints } from '../ingest/pull/intercom.js';
import { zendeskAccess, zendeskEndpoints } from '../ingest/pull/zendesk.js';
import type { RecordError } from '../ingest/read-records.js';
import type { Store } from '../store/index.js';
import { ServiceError } from './errors.js';
import type { IngestSummary } from './ingest.service.js';

/** The systems with an API to pull from (issue 18: Amazon Connect and Asterisk push or export files). */
export const PULL_SYSTEMS = ['zendesk', 'freshdesk', 'genesys', 'intercom'] as const;
export type PullSystem = (typeof PULL_SYSTEMS)[number];

export function isPullSystem(v: string): v is PullSystem {
  return (PULL_SYSTEMS as readonly string[]).includes(v);
}

/** Pages read per endpoint and run, unless `--max-pages` says otherwise: a bound, not a goal. */
export const DEFAULT_MAX_PAGES = 10_000;
/** Errors listed in the summary; the rest are counted. */
const LISTED_ERRORS = 100;

export interface EndpointSummary {
  readonly endpoint: string;
  pages: number;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Whether the endpoint was read to its end (false: stopped at --max-pages; the next run goes on). */
  caughtUp: boolean;
}

export interface SyncSummary {
  readonly system: PullSystem;
  readonly source: string;
  readonly endpoints: EndpointSummary[];
  readonly errors: RecordError[];
  errorsOmitted: number;
}

export interface SyncOptions {
  readonly store: Store;
  readonly system: PullSystem;
  readonly source: string;
  /** Where an endpoint without a cursor starts (epoch ms). */
  readonly since: number;
  readonly maxPages: number;
  readonly env: NodeJS.ProcessEnv;
  readonly deps: PullDeps;
  readonly retry?: RetryPolicy;
  /** One page (its JSON as a connector file) through the system's connector and the ingest pipeline. */
  readonly ingestPage: (files: readonly ConnectorFile[]) => Promise<IngestSummary>;
  /** After each page. */
  readonly progress?: (endpoint: string, pages: number, read: number) => void;
}

function systemOf(system: PullSystem, env: NodeJS.ProcessEnv, deps: PullDeps) {
  const make: Record<PullSystem, () => { access: SystemAccess; endpoints: Endpoint[] }> = {
    zendesk: () => {
      const access = zendeskAccess(env);
      return { access, endpoints: zendeskEndpoints(access.baseUrl) };
    },
    freshdesk: () => {
      const access = freshdeskAccess(env);
      return { access, endpoints: freshdeskEndpoints(access.baseUrl) };
    },
    intercom: () => {
      const access = intercomAccess(env);
      return { access, endpoints: intercomEndpoints(access.baseUrl) };
    },
    genesys: () => {
      const access = genesysAccess(env, deps);
      return { access, endpoints: genesysEndpoints(access.baseUrl, deps.now) };
    },
  };
  try {
    return make[system]();
  } catch (e) {
    if (e instanceof PullError) throw new ServiceError('invalid', `${system}: ${e.message}`);
    throw e;
  }
}

/** Why the system cannot be pulled from with this environment (credentials missing), or null. */
export function pullSetupProblem(system: PullSystem, env: NodeJS.ProcessEnv): string | null {
  try {
    systemOf(system, env, { fetch, sleep: async () => undefined, now: Date.now, random: Math.random });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A page failed for good: the sync stops there, with what it stored kept and its cursor before the page. */
export class SyncFailedError extends ServiceError {
  constructor(
    message: string,
    readonly summary: SyncSummary,
  ) {
    super('unprocessable', message);
    this.name = 'SyncFailedError';
  }
}

export async function sync(options: SyncOptions): Promise<SyncSummary> {
  const { store, system, source, deps } = options;
  const { access, endpoints } = systemOf(system, options.env, deps);
  const summary: SyncSummary = { system, source, endpoints: [], errors: [], errorsOmitted: 0 };
  for (const endpoint of endpoints) {
    const row: EndpointSummary = {
      endpoint: endpoint.name,
      pages: 0,
      read: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      caughtUp: false,
    };
    summary.endpoints.push(row);
    const key = { system, source, endpoint: endpoint.name };
    const stored = await store.sync.cursor(key);
    let req = stored === undefined ? endpoint.first(options.since) : cursorRequest(stored.cursor);
    while (row.pages < options.maxPages) {
      let step: ReturnType<Endpoint['step']>;
      let page: IngestSummary;
      try {
        const res = await pullJson({ ...req, headers: await access.headers() }, deps, options.retry);
        step = endpoint.step(res, req);
        const name = `${system} ${endpoint.name} page ${(stored?.pages ?? 0) + row.pages + 1}`;
        page = await options.ingestPage([{ name, text: JSON.stringify(res.json) }]);
      } catch (e) {
        if (e instanceof PullError)
          throw new SyncFailedError(`${system} ${endpoint.name}: ${e.url}: ${e.message}`, summary);
        throw e;
      }
      row.pages += 1;
      row.read += page.read;
      row.inserted += page.inserted;
      row.updated += page.updated;
      row.unchanged += page.unchanged;
      row.rejected += page.rejected;
      for (const err of page.errors) {
        if (summary.errors.length < LISTED_ERRORS) summary.errors.push(err);
        else summary.errorsOmitted += 1;
      }
      summary.errorsOmitted += page.errorsOmitted ?? 0;
      await store.sync.advance(key, cursorText(step.next), 1, page.read, deps.now());
      options.progress?.(endpoint.name, row.pages, row.read);
      if (!step.more) {
        row.caughtUp = true;
        break;
      }
      req = step.next;
    }
  }
  return summary;
}

/**
 * Pulls the server runs when a webhook says something changed: one at a time per system and source; a
 * request while one runs asks for one more run after it (the changes it announces may be past the running
 * one's reading), however many requests arrive meanwhile.
 */
export class PullScheduler {
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly run: (system: PullSystem, source: string) => Promise<void>,
    private readonly failed: (system: PullSystem, source: string, error: unknown) => void,
  ) {}

  /** 'started', or 'queued' behind the run of this system and source that is under way. */
  request(system: PullSystem, source: string): 'started' | 'queued' {
    const key = `${system}\u0000${source}`;
    const busy = this.running.get(key);
    if (busy !== undefined) {
      busy.again = true;
      return 'queued';
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      do {
        state.again = false;
        try {
          await this.run(system, source);
        } catch (e) {
          this.failed(system, source, e);
        }
      } while (state.again);
      this.running.delete(key);
    })();
    this.running.set(key, state);
    return 'started';
  }

  /** Resolves when no pull runs (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((s) => s.done));
  }
}
