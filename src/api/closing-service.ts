/**
 * Period close and disputes (contract.md, Closing and disputes; docs/api.md).
 *
 * - A judgement period that has ended can be closed: one party proposes the evaluate document it reviewed
 *   (named by `asOf` and `inputDigest`), the other agrees to the same one. A closed period answers with that
 *   document for ever; data that arrives later changes its recomputed statement, and the difference shows as
 *   an adjustment in the next open period.
 * - Either party disputes a contact's inclusion; once the other party agrees, the contact (and its status
 *   events, surveys and QA evaluations) leaves every population, with the reason kept.
 */
import type { Contract } from '../domain/contract/types.js';
import type { Evaluation } from '../domain/evaluation/evaluate.js';
import { evaluationJson } from '../domain/evaluation/json.js';
import { formatCents, parseCents } from '../domain/money.js';
import type { Period } from '../domain/period.js';
import type { ContractRecord, Dispute, PeriodClose, Side } from '../store/server/index.js';
import type { AppDeps } from './context.js';
import { type ContactRef, evaluateFromStore } from './evaluation-service.js';

export { type ContactRef, withoutContacts } from './evaluation-service.js';

import { forbidden } from './problem.js';
import type { Principal } from '../services/roles.js';
import { iso } from './schemas.js';

/** The side an admin acts for. */
export function sideOf(principal: Principal): Side {
  if (principal.role === 'client-admin') return 'client';
  if (principal.role === 'partner-admin') return 'partner';
  throw forbidden(`the role ${principal.role} acts for neither party here`);
}

/** Contacts both parties agreed to exclude from the contract's populations. */
export async function agreedExclusions(deps: AppDeps, contract: ContractRecord): Promise<ContactRef[]> {
  const agreed = await deps.store.server.closing.disputes(contract.organisationId, contract.id, 'agreed');
  return agreed.map((d) => ({ source: d.source, contactId: d.contactId }));
}

export interface Adjustment {
  readonly period: string;
  readonly closedPayable: string;
  readonly recomputedPayable: string;
  /** Already settled as adjustments in later closed periods. */
  readonly settled: string;
  readonly amount: string;
}

type EvaluationDocument = ReturnType<typeof evaluationJson> & {
  adjustments?: Adjustment[];
  closed?: unknown;
};

function payableOf(doc: { statement?: { payable?: string } | null }): number | undefined {
  const p = doc.statement?.payable;
  return p === undefined ? undefined : parseCents(p);
}

/**
 * The adjustments that show in `period` (an open judgement period): for every closed period whose next open
 * period it is, what its statement is now minus what was agreed and what later closes settled already.
 */
function adjustmentsFor(
  evaluation: Evaluation,
  period: Period,
  closes: readonly PeriodClose[],
): Adjustment[] {
  const closed = new Map(closes.filter((c) => c.status === 'closed').map((c) => [c.period, c]));
  const history = evaluation.history;
  const at = history.findIndex((h) => h.period.name === period.name);
  if (at < 0) return [];
  const out: Adjustment[] = [];
  for (let i = at - 1; i >= 0; i--) {
    const name = history[i]!.period.name;
    const close = closed.get(name);
    if (close === undefined) break; // an open period before: it takes the earlier adjustments
    const recomputed = history[i]!.settlement;
    const agreed = payableOf(JSON.parse(close.document) as EvaluationDocument);
    if (recomputed === null || agreed === undefined) continue;
    let settled = 0;
    for (let j = i + 1; j < at; j++) {
      const later = closed.get(history[j]!.period.name);
      const doc = later && (JSON.parse(later.document) as EvaluationDocument);
      for (const a of doc?.adjustments ?? []) if (a.period === name) settled += parseSigned(a.amount);
    }
    const amount = recomputed.payable - agreed - settled;
    if (amount !== 0)
      out.push({
        period: name,
        closedPayable: formatCents(agreed),
        recomputedPayable: formatCents(recomputed.payable),
        settled: formatCents(settled),
        amount: formatCents(amount),
      });
  }
  return out.reverse();
}

function parseSigned(text: string): number {
  const negative = text.startsWith('-');
  const cents = parseCents(negative ? text.slice(1) : text) ?? 0;
  return negative ? -cents : cents;
}

export function closeJson(c: PeriodClose) {
  const doc = JSON.parse(c.document) as EvaluationDocument;
  return {
    contract: c.contractId,
    period: c.period,
    status: c.status,
    asOf: doc.asOf,
    inputDigest: c.inputDigest,
    agreements: {
      client: c.clientAgreedAt === null ? null : { at: iso(c.clientAgreedAt), by: c.clientAgreedBy ?? '' },
      partner:
        c.partnerAgreedAt === null ? null : { at: iso(c.partnerAgreedAt), by: c.partnerAgreedBy ?? '' },
    },
    closedAt: c.closedAt === null ? null : iso(c.closedAt),
    statement: (doc.statement ?? null) as Record<string, string> | null,
  };
}

/**
 * The evaluate document of a period as the API serves it: the agreed document of a closed period (with
 * `closed`), otherwise computed from the store without the agreed exclusions, with `adjustments` for closed
 * periods before it when their figures have moved.
 */
export async function periodDocument(
  deps: AppDeps,
  contract: ContractRecord,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
): Promise<EvaluationDocument> {
  const close = await deps.store.server.closing.close(contract.organisationId, contract.id, period.name);
  if (close?.status === 'closed')
    return { ...(JSON.parse(close.document) as EvaluationDocument), closed: closeJson(close) };
  const exclusions = await agreedExclusions(deps, contract);
  const [evaluation] = await evaluateFromStore(deps, contract, versions, [period], asOf, exclusions);
  const doc: EvaluationDocument = evaluationJson(evaluation!, { asOf });
  if (doc.statement === null) return doc;
  const closes = await deps.store.server.closing.closes(contract.organisationId, contract.id);
  const adjustments = adjustmentsFor(evaluation!, period, closes);
  if (adjustments.length === 0) return doc;
  const total = adjustments.reduce((s, a) => s + parseSigned(a.amount), 0);
  const payable = parseCents(doc.statement.payable) ?? 0;
  return {
    ...doc,
    adjustments,
    statement: {
      ...doc.statement,
      adjustments: formatCents(total),
      payableAfterAdjustments: formatCents(payable + total),
    } as typeof doc.statement,
  };
}

export function disputeJson(d: Dispute) {
  return {
    id: d.id,
    contract: d.contractId,
    source: d.source,
    contact: d.contactId,
    reason: d.reason as 'spam' | 'test' | 'duplicate' | 'other',
    note: d.note,
    status: d.status,
    raised: { at: iso(d.raisedAt), by: d.raisedBy, side: d.raisedSide },
    decided: d.decidedAt === null ? null : { at: iso(d.decidedAt), by: d.decidedBy ?? '' },
  };
}
