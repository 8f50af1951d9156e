/**
 * The audit entry of a change to a contract (its versions, close, disputes): scoped to the contract's
 * organisation and partner, so that both parties, and nobody else, read it.
 */
import type { ContractRecord, ScopedAuditInput } from '../store/index.js';

export function contractAudit(
  contract: ContractRecord,
  at: number,
  actor: string,
  action: string,
  details: Readonly<Record<string, unknown>>,
): ScopedAuditInput {
  return {
    at,
    actor,
    action,
    subject: contract.id,
    details,
    scope: { organisationId: contract.organisationId, partnerId: contract.partnerId },
  };
}
