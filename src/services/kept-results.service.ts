/**
 * Kept results (docs/evaluation.md, Kept results): the evaluate document of a contract's period is kept in
 * the store with what it was computed from, and a request whose inputs have not changed is answered from
 * it. What it was computed from:
 *
 * - the signed contract versions (their digests);
 * - the scope: the partner's sources, the agreed exclusions and the period closes (adjustments);
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
import type { ContractRecord, Store } from '../store/index.js';
import { contractScope, type PeriodDocument } from './closing.service.js';

/** How long a `now` result of a running period is served (its figures move with time alone). */
export const RUNNING_KEPT_MS = 60_000;
/** How long a `now` result of an ended period is served (contacts still open then keep their clock). */
export const ENDED_KEPT_MS = 3_600_000;

export interface KeptRequest {
  readonly contract: ContractRecord;
  readonly versions: readonly Contract[];
  readonly period: Period;
  /** The asked instant, or undefined for `now`. */
  readonly asOf: number | undefined;
}

/** Computes the period's document at an instant (the evaluation job, in a worker thread under serve). */
export type ComputeDocument = (asOf: number) => Promise<PeriodDocument>;

const flights = new Map<string, Promise<PeriodDocument>>();

const sha = (text: string) => nodeSha256().update(new TextEncoder().encode(text)).digest();

/**
 * The period's document: the kept one when it still holds, otherwise computed (once for concurrent
 * requests of the same inputs) and kept. `now` is the request's instant.
 */
export async function keptPeriodDocument(
  store: Store,
  request: KeptRequest,
  now: () => number,
  compute: ComputeDocument,
): Promise<PeriodDocument> {
  const { contract, versions, period } = request;
  const [closes, scope, watermark] = await Promise.all([
    store.closing.closes(contract.organisationId, contract.id),
    contractScope(store, contract),
    // Read before the data: a write after it raises the watermark again, and the result is computed anew.
    store.results.watermark(),
  ]);
  if (closes.some((c) => c.period === period.name && c.status === 'closed'))
    return compute(request.asOf ?? now());
  const key = {
    organisationId: contract.organisationId,
    contractId: contract.id,
    period: period.name,
    asOfRule: request.asOf === undefined ? 'now' : String(request.asOf),
  };
  const versionsDigest = sha(versions.map((v) => `${v.version}:${contractDigest(v)}`).join('\n'));
  const scopeDigest = sha(
    JSON.stringify({
      sources: scope.sources,
      exclusions: scope.exclusions,
      closes: closes.map((c) => [c.period, c.status, c.inputDigest, c.asOf]),
    }),
  );
  const holds = async (): Promise<PeriodDocument | undefined> => {
    const kept = await store.results.kept(key);
    if (
      kept === undefined ||
      kept.versionsDigest !== versionsDigest ||
      kept.scopeDigest !== scopeDigest ||
      kept.watermark !== watermark
    )
      return undefined;
    if (request.asOf === undefined) {
      const at = now();
      const age = at - kept.asOf;
      const fresh = kept.asOf >= period.end ? age < ENDED_KEPT_MS : at < period.end && age < RUNNING_KEPT_MS;
      if (!fresh) return undefined;
    }
    return JSON.parse(kept.document) as PeriodDocument;
  };
  const served = await holds();
  if (served !== undefined) return served;

  const flightKey = JSON.stringify([key, versionsDigest, scopeDigest, watermark]);
  const running = flights.get(flightKey);
  if (running !== undefined) return running;
  const flight = (async () => {
    // Another request may have kept it between the look above and this flight.
    const again = await holds();
    if (again !== undefined) return again;
    const asOf = request.asOf ?? now();
    const doc = await compute(asOf);
    if (doc.closed === undefined)
      await store.results.keep({
        ...key,
        versionsDigest,
        scopeDigest,
        watermark,
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
}
