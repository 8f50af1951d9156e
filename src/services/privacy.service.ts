/**
 * What Accord keeps of personal data (data.md, "Personal data"; contract.md `data:`): erasure on request,
 * the purge of old free text, survey comments kept only where a contract allows it, and records deleted
 * once they are older than the contract's `data.retention`. Each change is one transaction with an audit
 * entry that records counts, never a personal value.
 */
import type { Contract, DataPolicy } from '../domain/contract/types.js';
import { dayNumber, isoFromDayNumber, localDayOf, localToEpoch } from '../domain/time/zone.js';
import { DROP_EVERY_COMMENT } from '../ingest/ingest-batches.js';
import type { Partner, RetentionResult, Store } from '../store/index.js';
import { signedContract, versionInForceNow } from './contracts.service.js';

const DEFAULT_POLICY: DataPolicy = { comments: 'drop', retention: null };

/** A version signed before `data:` existed has no policy in its canonical form: the defaults apply. */
function policyOf(contract: Contract): DataPolicy {
  return (contract as Partial<Contract>).data ?? DEFAULT_POLICY;
}

const DAYS_IN_MONTH = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The first instant that is kept under a retention: local midnight of today minus the retention, in the
 * contract's time zone. Months and years are calendar ones (31 March minus one month is 28 or 29 February).
 */
export function retentionCutoff(
  retention: NonNullable<DataPolicy['retention']>,
  now: number,
  zone: string,
): number {
  const today = localDayOf(zone, now);
  const { count, unit } = retention;
  if (unit === 'day' || unit === 'week')
    return localToEpoch(zone, today - count * (unit === 'week' ? 7 : 1), 0);
  const [y, m, d] = isoFromDayNumber(today).split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) - count * (unit === 'year' ? 12 : 1);
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  return localToEpoch(zone, dayNumber(year, month, Math.min(d, DAYS_IN_MONTH(year, month))), 0);
}

interface PartnerContracts {
  readonly partner: Partner;
  readonly contracts: { readonly id: string; readonly version: Contract }[];
}

/** The version in force now (else the latest) of each signed contract of a partner. */
async function contractsOf(store: Store, partner: Partner, now: number): Promise<PartnerContracts> {
  const contracts = [];
  for (const c of await store.contracts.contracts(partner.organisationId, partner.id)) {
    const signed = (await store.contracts.signedVersions(partner.organisationId, c.id)).map(signedContract);
    if (signed.length === 0) continue;
    const inForce = versionInForceNow(signed, now);
    contracts.push({ id: c.id, version: signed.find((v) => v.version === inForce) ?? signed.at(-1)! });
  }
  return { partner, contracts };
}

/** Every partner with its contracts. */
async function partnersWithContracts(store: Store, now: number): Promise<PartnerContracts[]> {
  const out: PartnerContracts[] = [];
  for (const organisation of await store.tenancy.organisations())
    for (const partner of await store.tenancy.partners(organisation.id))
      out.push(await contractsOf(store, partner, now));
  return out;
}

/** Whether one partner's survey comments are kept (an API ingest acts for one partner). */
export async function partnerKeepsComments(store: Store, partner: Partner, now: number): Promise<boolean> {
  const { contracts } = await contractsOf(store, partner, now);
  return contracts.some((c) => policyOf(c.version).comments === 'keep');
}

/**
 * Whether survey comments of a source are kept: only when a contract of the partner that owns the source
 * says `comments: keep`. Data of a source no contract covers keeps no free text (the default is drop).
 */
export async function commentPolicy(store: Store, now: number): Promise<(source: string) => boolean> {
  const keep = new Set<string>();
  for (const { partner, contracts } of await partnersWithContracts(store, now))
    if (contracts.some((c) => policyOf(c.version).comments === 'keep'))
      for (const source of partner.sources) keep.add(source);
  // The policy that keeps none crosses to the reading worker thread as a flag; a list does not (yet).
  return keep.size === 0 ? DROP_EVERY_COMMENT : (source) => keep.has(source);
}

export interface RetentionOutcome {
  readonly partner: string;
  readonly contracts: readonly string[];
  readonly sources: readonly string[];
  /** What was kept: records dated from this instant on. */
  readonly before: number;
  readonly retention: string;
  readonly deleted: RetentionResult['deleted'];
  readonly auditId: number;
}

const retentionText = (r: NonNullable<DataPolicy['retention']>) =>
  `${r.count} ${r.unit}${r.count === 1 ? '' : 's'}`;

/**
 * Applies each contract's `data.retention` (`accord privacy purge` without a flag): the records of a
 * partner's sources dated before the cut-off are deleted. A partner's data is kept as long as its longest
 * retention; when any of its contracts keeps data for good (no retention), nothing of it is deleted.
 */
export async function applyRetention(store: Store, now: number, actor: string): Promise<RetentionOutcome[]> {
  const out: RetentionOutcome[] = [];
  for (const { partner, contracts } of await partnersWithContracts(store, now)) {
    if (contracts.length === 0 || partner.sources.length === 0) continue;
    const cutoffs = contracts.map((c) => {
      const retention = policyOf(c.version).retention;
      return retention === null
        ? null
        : { retention, before: retentionCutoff(retention, now, c.version.timezone) };
    });
    if (cutoffs.some((c) => c === null)) continue;
    const longest = cutoffs.reduce((a, b) => (b!.before < a!.before ? b : a))!;
    const ids = contracts.map((c) => c.id);
    const r = await store.privacy.deleteRecordsBefore(partner.sources, longest.before, {
      at: now,
      actor,
      contract: ids.join(', '),
      retention: retentionText(longest.retention),
    });
    out.push({
      partner: partner.id,
      contracts: ids,
      sources: partner.sources,
      before: longest.before,
      retention: retentionText(longest.retention),
      deleted: r.deleted,
      auditId: r.audit.id,
    });
  }
  return out;
}
