/**
 * Tenant checks (docs/api.md, Tenancy): every lookup goes through the caller's organisation, and a partner
 * role only finds its own partner and that partner's contracts. What the caller may not see answers 404,
 * exactly as what does not exist, so that nothing about another tenant leaks.
 */
import type { Store } from '../store/index.js';
import type { ContractRecord, Partner } from '../store/server/index.js';
import { notFound } from './errors.js';
import { isPartnerRole, type Principal } from './roles.js';

export async function visiblePartner(
  store: Store,
  principal: Principal,
  partnerId: string,
): Promise<Partner> {
  const partner = await store.server.tenancy.partner(principal.organisationId, partnerId);
  if (partner === undefined || (isPartnerRole(principal.role) && principal.partnerId !== partner.id))
    throw notFound(`partner "${partnerId}" not found`);
  return partner;
}

export async function visibleContract(
  store: Store,
  principal: Principal,
  contractId: string,
): Promise<ContractRecord> {
  const contract = await store.server.contracts.contract(principal.organisationId, contractId);
  if (contract === undefined || (isPartnerRole(principal.role) && principal.partnerId !== contract.partnerId))
    throw notFound(`contract "${contractId}" not found`);
  return contract;
}

/** The partners the caller can see: all of the organisation, or its own. */
export async function visiblePartners(store: Store, principal: Principal): Promise<Partner[]> {
  const all = await store.server.tenancy.partners(principal.organisationId);
  return isPartnerRole(principal.role) ? all.filter((p) => p.id === principal.partnerId) : all;
}
