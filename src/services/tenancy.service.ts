/**
 * Tenant checks (docs/api.md, Tenancy): every lookup goes through the caller's organisation, and a partner
 * role only finds its own partner and that partner's contracts. What the caller may not see answers 404,
 * exactly as what does not exist, so that nothing about another tenant leaks.
 */
import type { DataWarning } from '../domain/evaluation/types.js';
import type { RecordKind } from '../domain/records.js';
import type {
  ContractRecord,
  Organisation,
  Partner,
  ScopedAuditEntry,
  Store,
  TransactionRepositories,
} from '../store/index.js';
import { conflict, notFound } from './errors.js';
import { isPartnerRole, type Principal } from './roles.js';
import { newId } from './secrets.js';

export async function visiblePartner(
  store: Store,
  principal: Principal,
  partnerId: string,
): Promise<Partner> {
  const partner = await store.tenancy.partner(principal.organisationId, partnerId);
  if (partner === undefined || (isPartnerRole(principal.role) && principal.partnerId !== partner.id))
    throw notFound(`partner "${partnerId}" not found`);
  return partner;
}

export async function visibleContract(
  store: Store,
  principal: Principal,
  contractId: string,
): Promise<ContractRecord> {
  const contract = await store.contracts.contract(principal.organisationId, contractId);
  if (contract === undefined || (isPartnerRole(principal.role) && principal.partnerId !== contract.partnerId))
    throw notFound(`contract "${contractId}" not found`);
  return contract;
}

/** The partners the caller can see: all of the organisation, or its own. */
export async function visiblePartners(store: Store, principal: Principal): Promise<Partner[]> {
  const all = await store.tenancy.partners(principal.organisationId);
  return isPartnerRole(principal.role) ? all.filter((p) => p.id === principal.partnerId) : all;
}

/** The caller's organisation. */
export async function ownOrganisation(store: Store, principal: Principal): Promise<Organisation> {
  const o = await store.tenancy.organisation(principal.organisationId);
  if (o === undefined) throw notFound('the organisation of this caller no longer exists');
  return o;
}

export interface NewPartner {
  readonly name: string;
  /** The source a partner's records get when they name none. */
  readonly defaultSource: string;
  readonly sources?: readonly string[] | undefined;
}

/**
 * Source names a caller of the API may claim for a partner: none that another partner owns, and none that
 * already holds records without an owner (stored by the operator, `accord ingest`). Such records belong to
 * whichever organisation the operator ingested them for, which only the operator can say: it gives the name
 * to that organisation's partner with `accord contract import FILE --source NAME`. Once a partner owns a
 * name it keeps it for good, so records never change organisation.
 */
async function checkClaimable(
  tx: TransactionRepositories,
  partnerId: string | null,
  sources: readonly string[],
): Promise<void> {
  const owners = await tx.tenancy.ownersOf(sources);
  for (const source of sources) {
    const owner = owners.get(source);
    if (owner !== undefined && owner !== partnerId)
      throw conflict(`source "${source}" already belongs to another partner`, { source });
  }
  const unowned = sources.filter((s) => !owners.has(s));
  const holding = await tx.tenancy.sourcesWithRecords(unowned);
  const first = unowned.find((s) => holding.has(s));
  if (first !== undefined)
    throw conflict(
      `source "${first}" already holds records stored without an owner: only the operator can give it to a partner (npx accord contract import FILE --source ${first})`,
      { source: first },
    );
}

/** A partner of the caller's organisation, owning its default source and the named ones. */
export async function createPartner(
  store: Store,
  principal: Principal,
  p: NewPartner,
  at: number,
): Promise<Partner> {
  return store.transaction(async (tx) => {
    await checkClaimable(tx, null, [...new Set([p.defaultSource, ...(p.sources ?? [])])]);
    const created = await tx.tenancy.createPartner({
      id: newId('ptn'),
      organisationId: principal.organisationId,
      name: p.name,
      defaultSource: p.defaultSource,
      sources: p.sources ?? [],
      createdAt: at,
    });
    await tx.audit.appendScoped({
      at,
      actor: principal.actor,
      action: 'partner.created',
      subject: created.id,
      details: { partner: created.id, name: created.name, sources: created.sources },
      scope: { organisationId: principal.organisationId, partnerId: created.id },
    });
    return created;
  });
}

/** The partner claims another source name; a name owned by any partner, or holding records, is a conflict. */
export async function addPartnerSource(
  store: Store,
  principal: Principal,
  partnerId: string,
  source: string,
  at: number,
): Promise<Partner> {
  const partner = await visiblePartner(store, principal, partnerId);
  await store.transaction(async (tx) => {
    await checkClaimable(tx, partner.id, [source]);
    await tx.tenancy.addSource(partner.id, source, at);
    await tx.audit.appendScoped({
      at,
      actor: principal.actor,
      action: 'partner.source_added',
      subject: partner.id,
      details: { partner: partner.id, source },
      scope: { organisationId: principal.organisationId, partnerId: partner.id },
    });
  });
  return (await store.tenancy.partnerById(partner.id))!;
}

/** The audit entries of the caller's tenant (a partner role: of its own partner only), oldest first. */
export function tenantAudit(
  store: Store,
  principal: Principal,
  filter: {
    readonly action?: string | undefined;
    readonly afterId?: number | undefined;
    readonly limit: number;
  },
): Promise<ScopedAuditEntry[]> {
  return store.audit.listScoped({
    organisationId: principal.organisationId,
    ...(principal.partnerId === null ? {} : { partnerId: principal.partnerId }),
    ...(filter.action === undefined ? {} : { action: filter.action }),
    ...(filter.afterId === undefined ? {} : { afterId: filter.afterId }),
    limit: filter.limit,
  });
}

/** A new client organisation (the operator's `accord token create --new-org`). */
export async function createOrganisation(
  store: Store,
  name: string,
  actor: string,
  at: number,
): Promise<Organisation> {
  const o = { id: newId('org'), name, createdAt: at };
  await store.transaction(async (tx) => {
    await tx.tenancy.createOrganisation(o);
    await tx.audit.appendScoped({
      at,
      actor,
      action: 'organisation.created',
      subject: o.id,
      details: { organisation: o.id, name: o.name },
      scope: { organisationId: o.id, partnerId: null },
    });
  });
  return o;
}

/** How many partners the store knows, in every organisation (none: records of every source count). */
export async function partnerCount(store: Store): Promise<number> {
  let n = 0;
  for (const o of await store.tenancy.organisations()) n += (await store.tenancy.partners(o.id)).length;
  return n;
}

/** A source whose records no partner owns, with its records per kind. */
export interface UnownedSource {
  readonly source: string;
  readonly records: Partial<Record<RecordKind, number>>;
}

/**
 * The sources that hold records no partner owns (in the range, else of all time). Records belong to the
 * partner that owns their source, so no contract's evaluation reads these: most often a partner was made
 * owning only its default source while the data came from its systems' names (`genesys`, `zendesk`).
 */
export async function unownedSources(
  store: Store,
  range?: { readonly from: number; readonly to: number },
): Promise<UnownedSource[]> {
  const out: { source: string; records: Partial<Record<RecordKind, number>> }[] = [];
  for (const r of await store.tenancy.unownedSources(range)) {
    let last = out.at(-1);
    if (last?.source !== r.source) {
      last = { source: r.source, records: {} };
      out.push(last);
    }
    last.records[r.kind] = r.records;
  }
  return out;
}

/** `29,000 contacts, 3,100 surveys`. */
export function recordsText(records: Partial<Record<RecordKind, number>>): string {
  return Object.entries(records)
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind.replaceAll('_', ' ').replace('qa ', 'QA ')}`)
    .join(', ');
}

/** What to do about a source no partner owns. */
export function unownedSourceAdvice(source: string): string {
  return `give it to the partner that sends it: POST /api/v1/partners/{id}/sources {"source":"${source}"}, or npx accord contract import FILE --source ${source}`;
}

/**
 * The evaluation's warnings (`unowned_source`) for records in the range it reads that lie in sources no
 * partner owns: they are in no contract's figures, this one's included.
 */
export async function unownedSourceWarnings(
  store: Store,
  range: { readonly from: number; readonly to: number },
): Promise<DataWarning[]> {
  return (await unownedSources(store, range)).map((u) => ({
    code: 'unowned_source',
    contact: null,
    message: `the source "${u.source}" holds ${recordsText(u.records)} in the time this evaluation reads, but no partner owns it, so they are not in these figures; ${unownedSourceAdvice(u.source)}`,
  }));
}
