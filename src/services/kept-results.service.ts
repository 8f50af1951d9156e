/**
 * Kept results (docs/evaluation.md, Kept results): the evaluate document of a contract's period is kept in
 * the store with what it was computed from, and a request whose inputs have not changed is answered from
 * it. What it was computed from:
 *
 * - the signed contract versions (their digests);
 * - the scope: the partner's sources, the agreed exclusions, the period closes (adjustments), and how many
 *   sources partners own (the `unowned_source` warnings);
 * - the data watermark: the store's change counter, which every write transaction that changes records
 *   raises (store.results.watermark);
 * - the as-of rule: an asked instant, or `now`. A `now` result names the instant it was computed at as its
 *   `asOf`, and is reused while the inputs and the watermark are unchanged — for a period that had ended
 *   when it was computed for up to an hour, for a running period for up to a minute and only while the
 *   period still runs. So the document served is always the one `accord evaluate --db --as-of <its asOf>`
 *   prints.
 *
 * A result that is out of date is computed again on the next request; requests for the same inputs that
 * arrive while it is computed share that one computation (in this process). A closed period answers with its
 * agreed document (closing.service) and is not kept here.
 */
import { contractDigest } from '../domain/contract/canonical.js';
import type { Contract } from '../domain/contract/types.js';
import type { Period } from '../domain/period.js';
import { nodeSha256 } from '../ingest/sha256.js';
import type { ContractRecord, KeptKey, KeptResult, Store } from '../store/index.js';
import { contractScope, type PeriodDocument } from './closing.service.js';

/** How long a `now` result of a running period is served (its figures move with time alone). */
export const RUNNING_KEPT_MS = 60_000;
/** How long a `now` result of an ended period is served (contacts still open then keep their clock). */
export const ENDED_KEPT_MS = 3_600_000;

/**
 * What is kept of a period: its evaluate document, the drill-down of one metric (the records behind each of
 * its rows), or a trend of the periods from `from` up to it. Each is kept under a key of its own, with the
 * same rules of freshness.
 */
export type KeptView =
  | { readonly kind: 'evaluation' }
  | { readonly kind: 'breaches'; readonly metric: string }
  | { readonly kind: 'trend'; readonly from: string };

export interface KeptRequest {
  readonly contract: ContractRecord;
  readonly versions: readonly Contract[];
  /** The period (of a trend: its last, `to`): whether it has ended decides how long a `now` result holds. */
  readonly period: Period;
  /** The asked instant, or undefined for `now`. */
  readonly asOf: number | undefined;
  /** The evaluation when not given. */
  readonly view?: KeptView;
}

/** Computes the period's document at an instant (the evaluation job, in a worker thread under serve). */
export type ComputeDocument<T = PeriodDocument> = (asOf: number) => Promise<T>;

/**
 * How a document was answered: `kept` (its inputs and watermark unchanged), `computed` (nothing kept for
 * these inputs: computed for this request, or shared with the computation already running), or `stale`
 * (kept, but data arrived or its `now` grew old since: served while one refresh runs in the background).
 */
export type KeptState = 'kept' | 'computed' | 'stale';

export interface KeptAnswer<T = PeriodDocument> {
  readonly document: T;
  readonly state: KeptState;
}

/** The computations running in this process, one per key and inputs at most. */
const flights = new Map<string, Promise<unknown>>();

const sha = (text: string) => nodeSha256().update(new TextEncoder().encode(text)).digest();

/**
 * The period's document: the kept one when it still holds; otherwise, when one was kept for the same
 * contract versions and scope, that one marked stale while a single refresh runs in the background;
 * otherwise computed (once for concurrent requests) and kept. `now` is the clock; `onRefreshError` hears of
 * a background refresh that failed (the next request tries again).
 */
export function keptPeriodDocument(
  store: Store,
  request: KeptRequest,
  now: () => number,
  compute: ComputeDocument,
  onRefreshError: (e: unknown) => void = () => undefined,
): Promise<KeptAnswer> {
  // A period closed while it was computed answers with its agreed document, which is not kept here.
  return keptDocument(store, request, now, compute, onRefreshError, (doc) => doc.closed === undefined);
}

/**
 * A kept document of any view (KeptView): the drill-down and the trend are kept and refreshed by the
 * same rules as the evaluation. `keepable` says whether a computed document may be kept.
 */
export async function keptDocument<T>(
  store: Store,
  request: KeptRequest,
  now: () => number,
  compute: ComputeDocument<T>,
  onRefreshError: (e: unknown) => void = () => undefined,
  keepable: (doc: T) => boolean = () => true,
): Promise<KeptAnswer<T>> {
  const { contract, versions, period } = request;
  const view = request.view ?? EVALUATION;
  const [closes, [scope, watermark], owned, kept] = await Promise.all([
    store.closing.closes(contract.organisationId, contract.id),
    contractScope(store, contract).then(async (s) => [s, await store.results.watermark(s.sources)] as const),
    store.results.ownedSources(),
    store.results.kept(keyOf(request)),
  ]);
  // A closed period's evaluation is its agreed document; its drill-down is read from the current data
  // (docs/api.md). A trend reads the agreed documents of the closed periods in it, which the scope holds.
  if (view.kind !== 'trend' && closes.some((c) => c.period === period.name && c.status === 'closed'))
    return { document: await compute(request.asOf ?? now()), state: 'computed' };
  const key = keyOf(request);
  const versionsDigest = sha(versions.map((v) => `${v.version}:${contractDigest(v)}`).join('\n'));
  const scopeDigest = sha(
    JSON.stringify({
      // The watermark is the sum of the counters of these sources and of the unowned ones (results kept
      // under the store-wide one before have another scope digest and are not taken for current).
      watermark: 'per-source',
      // A trend's first period: one trend is kept per last period, the last range asked (see keptSubject).
      ...(view.kind === 'trend' ? { from: view.from } : {}),
      sources: scope.sources,
      owned,
      exclusions: scope.exclusions,
      closes: closes.map((c) => [c.period, c.status, c.inputDigest, c.asOf]),
    }),
  );
  const sameInputs = (k: KeptResult | undefined): k is KeptResult =>
    k !== undefined && k.versionsDigest === versionsDigest && k.scopeDigest === scopeDigest;
  /** Whether a kept result of the same inputs still holds at `mark`. */
  const holds = (k: KeptResult, mark: number) => {
    if (k.watermark !== mark) return false;
    if (request.asOf !== undefined) return true;
    const at = now();
    const age = at - k.asOf;
    return k.asOf >= period.end ? age < ENDED_KEPT_MS : at < period.end && age < RUNNING_KEPT_MS;
  };
  const parse = (k: KeptResult) => JSON.parse(k.document) as T;

  if (sameInputs(kept) && holds(kept, watermark)) return { document: parse(kept), state: 'kept' };

  const flightKey = JSON.stringify([key, versionsDigest, scopeDigest]);
  const refresh = () => {
    const running = flights.get(flightKey) as Promise<T> | undefined;
    if (running !== undefined) return running;
    const flight = (async () => {
      // The watermark is read before the data: a write after it raises it again, and the result that is
      // kept here is computed anew on a later request.
      const [mark, again] = await Promise.all([
        store.results.watermark(scope.sources),
        store.results.kept(key),
      ]);
      // Another request may have kept it since this one looked.
      if (sameInputs(again) && holds(again, mark)) return parse(again);
      const asOf = request.asOf ?? now();
      const doc = await compute(asOf);
      if (keepable(doc))
        await store.results.keep({
          ...key,
          versionsDigest,
          scopeDigest,
          watermark: mark,
          asOf,
          computedAt: now(),
          document: JSON.stringify(doc),
        });
      return doc;
    })();
    flights.set(flightKey, flight);
    const done = () => {
      if (flights.get(flightKey) === flight) flights.delete(flightKey);
    };
    flight.then(done, done);
    return flight;
  };

  // Only the `now` rule may be answered with the last document while a refresh runs: an asked `asOf` names
  // its figures exactly (interfaces.md: the same inputs and as-of give the same output), so it waits.
  if (sameInputs(kept) && request.asOf === undefined) {
    refresh().catch(onRefreshError);
    return { document: parse(kept), state: 'stale' };
  }
  return { document: await refresh(), state: 'computed' };
}

const EVALUATION: KeptView = { kind: 'evaluation' };

/**
 * What a key's `period` names: the period for its evaluation, `<period> breaches <metric>` for a
 * drill-down, `<to> trend` for a trend (no period name holds a space). A trend's `from` is one of its
 * inputs, not of its key: a contract keeps one trend per last period, so that asking ever other ranges
 * does not grow the table (a drill-down's metric must be one of the contract's).
 */
export function keptSubject(period: string, view: KeptView = EVALUATION): string {
  switch (view.kind) {
    case 'evaluation':
      return period;
    case 'breaches':
      return `${period} breaches ${view.metric}`;
    case 'trend':
      return `${period} trend`;
  }
}

function keyOf(request: KeptRequest): KeptKey {
  return {
    organisationId: request.contract.organisationId,
    contractId: request.contract.id,
    period: keptSubject(request.period.name, request.view),
    asOfRule: request.asOf === undefined ? 'now' : String(request.asOf),
  };
}
