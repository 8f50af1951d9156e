/**
 * Period close and disputes (contract.md, Closing and disputes; docs/api.md), for the API and the CLI alike.
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
import { formatCents, parseCents } from '../domain/money.js';
import type { Period } from '../domain/period.js';
import type { ContractRecord, Dispute, PeriodClose, Store } from '../store/index.js';
import { openRequiredPlans } from './action-plans.service.js';
import { boundedPeriod } from './bounds.js';
import { contractAudit } from './contract-audit.js';
import { contractsWithId, signedVersions } from './contracts.service.js';
import { conflict, invalid, notFound, unprocessable } from './errors.js';
import {
  type ContactRef,
  type EvaluationDocument,
  type EvaluationScope,
  evaluateFromStore,
  evaluationDocument,
  evaluationRange,
} from './evaluation.service.js';
import { type Principal, sideOf } from './roles.js';
import { newId } from './secrets.js';
import { partnerCount, unownedSourceWarnings } from './tenancy.service.js';

export type DisputeReason = 'spam' | 'test' | 'duplicate' | 'other';

export { sideOf };

/** Contacts both parties agreed to exclude from the contract's populations. */
export async function agreedExclusions(store: Store, contract: ContractRecord): Promise<ContactRef[]> {
  const agreed = await store.closing.disputes(contract.organisationId, contract.id, 'agreed');
  return agreed.map((d) => ({ source: d.source, contactId: d.contactId }));
}

/** What an evaluation of a stored contract reads: its partner's sources, without the agreed exclusions. */
export async function contractScope(store: Store, contract: ContractRecord): Promise<EvaluationScope> {
  const partner = await store.tenancy.partnerById(contract.partnerId);
  return { sources: partner?.sources ?? [], exclusions: await agreedExclusions(store, contract) };
}

/**
 * The stored contract that an operator's contract file stands for (`accord evaluate --db`): the one contract
 * with its id, or, when several organisations use the id, the one of the organisation its `client:` names.
 */
export async function storedContractOf(
  store: Store,
  contract: Contract,
): Promise<ContractRecord | undefined> {
  const found = await contractsWithId(store, contract.id);
  if (found.length <= 1) return found[0];
  const named = await contractsWithId(store, contract.id, contract.client);
  return named.length === 1 ? named[0] : undefined;
}

/**
 * `accord evaluate --db` with contract files: the document the API shows for the stored contract (its
 * partner's sources, agreed exclusions, a closed period's agreement). A contract not in the store reads
 * the sources of the partner its `client:` and `partner:` name; a store that knows no partner at all
 * (records ingested, nothing imported) has one party's data, and every source counts. A store with
 * partners but none for this contract is refused: every source would mix other partners' contacts into
 * the figures.
 */
export async function operatorPeriodDocument(
  store: Store,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
  breaches: readonly string[] = [],
): Promise<PeriodDocument> {
  const source = await operatorSource(store, versions);
  if ('stored' in source) return periodDocument(store, source.stored, versions, period, asOf, breaches);
  const [e] = await evaluateFromStore(store, versions, [period], asOf, source.scope);
  const computed = evaluationDocument(e!, { asOf, breaches });
  if (source.scope.sources === undefined) return computed;
  const unowned = await unownedSourceWarnings(store, evaluationRange(versions, [period], asOf));
  return unowned.length === 0 ? computed : { ...computed, warnings: [...unowned, ...computed.warnings] };
}

/**
 * What an operator's contract files read (operatorPeriodDocument): the stored contract they stand for, or
 * else the scope of the partner the file names (every source in a store that knows no partner at all).
 */
export async function operatorSource(
  store: Store,
  versions: readonly Contract[],
): Promise<{ readonly stored: ContractRecord } | { readonly scope: EvaluationScope }> {
  const latest = versions[versions.length - 1]!;
  const stored = await storedContractOf(store, latest);
  if (stored !== undefined) return { stored };
  const organisations = await store.tenancy.organisations();
  const client = organisations.find((o) => o.name === latest.client);
  const partner =
    client === undefined
      ? undefined
      : (await store.tenancy.partners(client.id)).find((p) => p.name === latest.partner);
  if (partner === undefined) {
    const partners = await partnerCount(store);
    if (partners > 0)
      throw unprocessable(
        `contract "${latest.id}" is not in the store and ${client === undefined ? `no organisation is called "${latest.client}"` : `${client.name} has no partner called "${latest.partner}"`}, while the store holds the records of ${partners} partner${partners === 1 ? '' : 's'}: import the contract (npx accord contract import FILE --source …) so that its evaluation reads its own partner's sources`,
      );
    return { scope: {} };
  }
  return { scope: { sources: partner.sources } };
}

/** Evaluations of a stored contract's periods, as every party sees them. */
export async function evaluateContract(
  store: Store,
  contract: ContractRecord,
  versions: readonly Contract[],
  periods: readonly Period[],
  asOf: number,
): Promise<Evaluation[]> {
  return evaluateFromStore(store, versions, periods, asOf, await contractScope(store, contract));
}

export interface Adjustment {
  readonly period: string;
  readonly closedPayable: string;
  readonly recomputedPayable: string;
  /** Already settled as adjustments in later closed periods. */
  readonly settled: string;
  readonly amount: string;
}

export type PeriodDocument = EvaluationDocument & {
  adjustments?: Adjustment[];
  closed?: ReturnType<typeof closeJson>;
};

function payableOf(doc: { statement?: { payable?: string } | null }): number | undefined {
  const p = doc.statement?.payable;
  return p === undefined ? undefined : parseCents(p);
}

function parseSigned(text: string): number {
  const negative = text.startsWith('-');
  const cents = parseCents(negative ? text.slice(1) : text) ?? 0;
  return negative ? -cents : cents;
}

/**
 * The adjustments that show in `period` (an open judgement period): for every closed period whose next open
 * period it is, what its statement is now minus what was agreed and what later closes settled already.
 */
/** The adjustments an open period of `evaluation`'s history carries for the closed periods before it. */
export function adjustmentsFor(
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
    const agreed = payableOf(JSON.parse(close.document) as PeriodDocument);
    if (recomputed === null || agreed === undefined) continue;
    let settled = 0;
    for (let j = i + 1; j < at; j++) {
      const later = closed.get(history[j]!.period.name);
      const doc = later && (JSON.parse(later.document) as PeriodDocument);
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

const iso = (ms: number) => new Date(ms).toISOString();

export function closeJson(c: PeriodClose) {
  const doc = JSON.parse(c.document) as PeriodDocument;
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

export function disputeJson(d: Dispute) {
  return {
    id: d.id,
    contract: d.contractId,
    source: d.source,
    contact: d.contactId,
    reason: d.reason as DisputeReason,
    note: d.note,
    status: d.status,
    raised: { at: iso(d.raisedAt), by: d.raisedBy, side: d.raisedSide },
    decided: d.decidedAt === null ? null : { at: iso(d.decidedAt), by: d.decidedBy ?? '' },
  };
}

/**
 * The evaluate document of a period as both parties see it: the agreed document of a closed period (with
 * `closed`), otherwise computed from the store without the agreed exclusions, with `adjustments` for closed
 * periods before it when their figures have moved.
 */
export async function periodDocument(
  store: Store,
  contract: ContractRecord,
  versions: readonly Contract[],
  period: Period,
  asOf: number,
  /** Metric ids whose rows list the records that count against them (not for a closed period). */
  breaches: readonly string[] = [],
): Promise<PeriodDocument> {
  const close = await store.closing.close(contract.organisationId, contract.id, period.name);
  if (close?.status === 'closed')
    return { ...(JSON.parse(close.document) as PeriodDocument), closed: closeJson(close) };
  const [evaluation] = await evaluateContract(store, contract, versions, [period], asOf);
  const computed = evaluationDocument(evaluation!, { asOf, breaches });
  // Records in sources no partner owns are in no contract's figures: the document says so first.
  const unowned = await unownedSourceWarnings(store, evaluationRange(versions, [period], asOf));
  const doc: PeriodDocument =
    unowned.length === 0 ? computed : { ...computed, warnings: [...unowned, ...computed.warnings] };
  if (doc.statement === null) return doc;
  const closes = await store.closing.closes(contract.organisationId, contract.id);
  const adjustments = adjustmentsFor(evaluation!, period, closes);
  if (adjustments.length === 0) return doc;
  return { ...doc, adjustments, statement: adjustedStatement(doc.statement, adjustments) };
}

/**
 * A period's statement with the adjustments for closed periods before it added up: `adjustments` (their
 * sum) and `payableAfterAdjustments` (contract.md, Closing: the net amount payable). Every view of an open
 * period's statement (its document, the trend) writes it so.
 */
export function adjustedStatement<S extends { readonly payable: string }>(
  statement: S,
  adjustments: readonly Adjustment[],
): S {
  if (adjustments.length === 0) return statement;
  const total = adjustments.reduce((s, a) => s + parseSigned(a.amount), 0);
  const payable = parseCents(statement.payable) ?? 0;
  return {
    ...statement,
    adjustments: formatCents(total),
    payableAfterAdjustments: formatCents(payable + total),
  };
}

/** The close of a period, or not found. */
export async function getClose(store: Store, contract: ContractRecord, period: string): Promise<PeriodClose> {
  const close = await store.closing.close(contract.organisationId, contract.id, period.toUpperCase());
  if (close === undefined) throw notFound(`period ${period} of "${contract.id}" has no close proposed`);
  return close;
}

export interface CloseRequest {
  readonly period: string;
  /** The evaluation agreed to: its asOf and inputDigest. */
  readonly asOf: number;
  readonly asOfText: string;
  readonly inputDigest: string;
}

/**
 * One party agrees to close a period on the figures it reviewed; the period is closed once the other party
 * agrees to the same figures. A different proposal replaces an earlier one.
 */
export async function agreeToClose(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  request: CloseRequest,
  now: number,
): Promise<{ close: PeriodClose; closed: boolean }> {
  const side = sideOf(principal);
  const versions = await signedVersions(store, contract);
  const target = boundedPeriod(versions, request.period, now, 'period');
  const { asOf } = request;
  if (asOf > now)
    throw unprocessable('asOf: lies in the future: agree to figures as they are now or earlier', [
      { path: 'asOf', message: 'lies in the future' },
    ]);
  if (asOf < target.end)
    throw conflict(`period ${target.name} was still running at ${request.asOfText}: close it after it ends`);
  const doc = await periodDocument(store, contract, versions, target, asOf);
  if (doc.closed !== undefined) throw conflict(`period ${target.name} is closed already`);
  if (doc.statement === null)
    throw unprocessable(
      `${target.name} is not a judgement period of "${contract.id}": only those are closed`,
    );
  if (doc.inputDigest !== request.inputDigest)
    throw conflict(
      `the figures of ${target.name} at ${request.asOfText} have input digest ${doc.inputDigest}, not ${request.inputDigest}: the data changed since they were reviewed; review them again`,
    );
  const agreed = await store.transaction(async (tx) => {
    const existing = await tx.closing.close(contract.organisationId, contract.id, target.name, {
      lock: true,
    });
    if (existing?.status === 'closed') throw conflict(`period ${target.name} is closed already`);
    const sameFigures =
      existing !== undefined && existing.inputDigest === doc.inputDigest && existing.asOf === asOf;
    if (sameFigures && (side === 'client' ? existing.clientAgreedAt : existing.partnerAgreedAt) !== null)
      throw conflict(`the ${side} agreed to these figures already: the other party closes the period`);
    const base: PeriodClose = sameFigures
      ? existing
      : {
          organisationId: contract.organisationId,
          contractId: contract.id,
          period: target.name,
          status: 'proposed',
          asOf,
          inputDigest: doc.inputDigest,
          document: JSON.stringify(doc),
          clientAgreedAt: null,
          clientAgreedBy: null,
          partnerAgreedAt: null,
          partnerAgreedBy: null,
          closedAt: null,
        };
    const signedSide =
      side === 'client'
        ? { ...base, clientAgreedAt: now, clientAgreedBy: principal.actor }
        : { ...base, partnerAgreedAt: now, partnerAgreedBy: principal.actor };
    const both = signedSide.clientAgreedAt !== null && signedSide.partnerAgreedAt !== null;
    const close: PeriodClose = both ? { ...signedSide, status: 'closed', closedAt: now } : signedSide;
    await tx.closing.saveClose(close, existing !== undefined);
    await tx.audit.appendScoped(
      contractAudit(contract, now, principal.actor, both ? 'period.closed' : 'period.close_agreed', {
        contract: contract.id,
        period: target.name,
        side,
        asOf: doc.asOf,
        inputDigest: doc.inputDigest,
        payable: doc.statement?.payable ?? null,
        replacedProposal: existing !== undefined && !sameFigures,
      }),
    );
    return { close, closed: both };
  });
  // The figures are final: the plans the contract requires for them open now (idempotent).
  if (agreed.closed)
    await openRequiredPlans(
      store,
      contract,
      versions[versions.length - 1]!,
      target,
      doc,
      now,
      principal.actor,
    );
  return agreed;
}

export async function listDisputes(
  store: Store,
  contract: ContractRecord,
  status?: Dispute['status'],
): Promise<Dispute[]> {
  return store.closing.disputes(contract.organisationId, contract.id, status);
}

export interface DisputeRequest {
  readonly contact: string;
  /** Needed when two of the partner's sources hold the id. */
  readonly source?: string | undefined;
  readonly reason: DisputeReason;
  readonly note?: string | undefined;
}

/** One party disputes a contact's inclusion; the other party decides. */
export async function raiseDispute(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  request: DisputeRequest,
  at: number,
): Promise<Dispute> {
  const side = sideOf(principal);
  const partner = await store.tenancy.partnerById(contract.partnerId);
  const sources = partner?.sources ?? [];
  const candidates = request.source === undefined ? sources : sources.filter((s) => s === request.source);
  const found = await store.records.contactSources(candidates, request.contact);
  if (found.length === 0)
    throw notFound(`contact "${request.contact}" is not in the data of contract "${contract.id}"`);
  if (found.length > 1)
    throw invalid(`source: contact "${request.contact}" is in ${found.join(' and ')}: name the source`, [
      { path: 'source', message: `is required: the contact is in ${found.join(', ')}` },
    ]);
  const source = found[0]!;
  return store.transaction(async (tx) => {
    const open = (await tx.closing.disputes(contract.organisationId, contract.id)).find(
      (d) => d.source === source && d.contactId === request.contact && d.status !== 'rejected',
    );
    if (open !== undefined)
      throw conflict(`contact "${request.contact}" is disputed already (${open.id}, ${open.status})`);
    const d: Dispute = {
      id: newId('dsp'),
      organisationId: contract.organisationId,
      contractId: contract.id,
      source,
      contactId: request.contact,
      reason: request.reason,
      note: request.note ?? null,
      status: 'proposed',
      raisedAt: at,
      raisedBy: principal.actor,
      raisedSide: side,
      decidedAt: null,
      decidedBy: null,
    };
    await tx.closing.createDispute(d);
    await tx.audit.appendScoped(
      contractAudit(contract, at, principal.actor, 'dispute.raised', {
        contract: contract.id,
        dispute: d.id,
        source,
        contact: request.contact,
        reason: request.reason,
        side,
      }),
    );
    return d;
  });
}

/** The party that did not raise a dispute agrees (the contact leaves every population) or rejects it. */
export async function decideDispute(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  disputeId: string,
  agree: boolean,
  at: number,
): Promise<Dispute> {
  const side = sideOf(principal);
  return store.transaction(async (tx) => {
    const d = await tx.closing.dispute(contract.organisationId, contract.id, disputeId, { lock: true });
    if (d === undefined) throw notFound(`dispute "${disputeId}" not found`);
    if (d.status !== 'proposed') throw conflict(`dispute ${d.id} is ${d.status} already`);
    if (d.raisedSide === side) throw conflict(`the ${side} raised this dispute: the other party decides it`);
    const status = agree ? ('agreed' as const) : ('rejected' as const);
    await tx.closing.decideDispute(d.id, status, at, principal.actor);
    await tx.audit.appendScoped(
      contractAudit(contract, at, principal.actor, agree ? 'dispute.agreed' : 'dispute.rejected', {
        contract: contract.id,
        dispute: d.id,
        source: d.source,
        contact: d.contactId,
        reason: d.reason,
        side,
      }),
    );
    return { ...d, status, decidedAt: at, decidedBy: principal.actor };
  });
}
