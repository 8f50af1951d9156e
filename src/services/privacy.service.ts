/**
 * What Accord keeps of personal data (data.md, "Personal data"; contract.md `data:`): erasure on request,
 * the purge of old free text, survey comments kept only where a contract allows it, and records deleted
 * once they are older than the contract's `data.retention`. Each change is one transaction with an audit
 * entry that records counts, never a personal value.
 */
import type { Contract, DataPolicy } from '../domain/contract/types.js';
import { daysInMonth } from '../domain/time/instant.js';
import { dayNumber, isoFromDayNumber, localDayOf, localToEpoch } from '../domain/time/zone.js';
import { DROP_EVERY_COMMENT } from '../ingest/ingest-batches.js';
import { PersonalData, type PersonalPolicy, regionOf, validRegion } from '../ingest/personal.js';
import type { Pseudonyms } from '../ingest/pseudonym.js';
import type { ErasureResult, Partner, RetentionResult, Store } from '../store/index.js';
import { signedContract, versionInForceNow } from './contracts.service.js';
import { invalid } from './errors.js';

const DEFAULT_POLICY: DataPolicy = { comments: 'drop', retention: null };

/** A version signed before `data:` existed has no policy in its canonical form: the defaults apply. */
function policyOf(contract: Contract): DataPolicy {
  return (contract as Partial<Contract>).data ?? DEFAULT_POLICY;
}

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
  return localToEpoch(zone, dayNumber(year, month, Math.min(d, daysInMonth(year, month))), 0);
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

/**
 * What an ingest of one partner (an API ingest) keeps and treats as personal, from one read of its contracts:
 * survey comments only where one says `comments: keep`, and the columns and phone region they declare.
 */
export async function partnerIngestPolicy(
  store: Store,
  partner: Partner,
  now: number,
): Promise<{ readonly keepComments: boolean; readonly personal: PersonalPolicy }> {
  const { contracts } = await contractsOf(store, partner, now);
  return {
    keepComments: contracts.some((c) => policyOf(c.version).comments === 'keep'),
    personal: policyOfContracts(contracts, {}),
  };
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

/** `--region` / `region`: an ISO 3166 code libphonenumber knows, upper-cased; undefined when not given. */
export function checkRegion(region: string | undefined, path = '--region'): string | undefined {
  if (region === undefined) return undefined;
  const r = region.trim().toUpperCase();
  if (!validRegion(r))
    throw invalid(
      `${path}: "${region}" is not an ISO 3166 country code for phone numbers (NL, DE, BE, GB, US …)`,
      [{ path, message: 'is not an ISO 3166 country code' }],
    );
  return r;
}

function policyOfContracts(
  contracts: readonly { readonly version: Contract }[],
  extra: PersonalPolicy,
): PersonalPolicy {
  const columns = new Set(extra.columns ?? []);
  let region = extra.region;
  for (const { version } of contracts) {
    for (const c of policyOf(version).personal ?? []) columns.add(c);
    region ??= regionOf(version);
  }
  return { ...(region === undefined ? {} : { region }), columns: [...columns].sort() };
}

/**
 * What an `accord ingest` treats as personal beyond the name patterns (docs/privacy.md): the columns every
 * contract in the store declares (`data: { personal: [...] }`) and `extra.columns` (`--personal`), and the
 * phone region (`extra.region`, else the first contract's calendar country or time zone). An API ingest
 * takes its partner's own (`partnerIngestPolicy`).
 */
export async function personalPolicy(
  store: Store,
  now: number,
  extra: PersonalPolicy = {},
): Promise<PersonalPolicy> {
  const all = (await partnersWithContracts(store, now)).flatMap((p) => p.contracts);
  return policyOfContracts(all, extra);
}

export interface ErasureOutcome extends Omit<ErasureResult, 'audit'> {
  /** Whether anything of the customer was found (false: nothing was changed). */
  readonly matched: boolean;
  readonly auditId: number;
}

/**
 * Erasure on request (data.md): every trace of one customer, found by the pseudonyms of every normal form
 * the value may have been stored under (as written; e-mail lower-cased; phone in E.164 read with `region`,
 * else with each region of the store's contracts), is removed. The audit entry holds counts only.
 */
export async function eraseCustomer(
  store: Store,
  options: {
    readonly customer: string;
    readonly region?: string | undefined;
    readonly pseudonyms: Pseudonyms;
    readonly now: number;
    readonly actor: string;
    /** An API caller's organisation: only its partners' sources, the audit entry in its scope. */
    readonly organisationId?: string;
  },
): Promise<ErasureOutcome> {
  const value = options.customer.trim();
  if (value === '')
    throw invalid('customer: the value is empty', [{ path: 'customer', message: 'is empty' }]);
  const contracts = (await partnersWithContracts(store, options.now)).flatMap((p) => p.contracts);
  const regions = new Set<string | undefined>([undefined]);
  if (options.region !== undefined) regions.add(checkRegion(options.region));
  else for (const { version } of contracts) regions.add(regionOf(version));
  const forms = new Set<string>();
  for (const region of regions)
    for (const f of new PersonalData(region === undefined ? {} : { region }).erasureForms(value))
      forms.add(f);
  const personal = new PersonalData(policyOfContracts(contracts, {}));
  const organisationId = options.organisationId;
  const within =
    organisationId === undefined
      ? undefined
      : {
          sources: (await store.tenancy.partners(organisationId)).flatMap((p) => p.sources),
          scope: { organisationId, partnerId: null },
        };
  const r = await store.privacy.eraseCustomer(
    [...forms].map((f) => options.pseudonyms.hash(f)),
    // Of the customer's own contacts every personal attribute: by name, and a value that still holds an
    // e-mail address, phone number or IBAN in clear (stored by a version that did not know the column).
    (name, value) => personal.isPersonalColumn(name) || personal.scrub(value, () => '') !== value,
    { at: options.now, actor: options.actor },
    within,
  );
  const { audit, ...counts } = r;
  return {
    ...counts,
    matched: counts.contacts + counts.surveyComments + counts.qaEvaluations + counts.summaries > 0,
    auditId: audit.id,
  };
}
