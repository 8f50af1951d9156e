/**
 * Evaluations from the store: the signed versions of a contract, the records of its partner's sources for
 * the range the evaluation needs (from the first version's `effective_from`, for earn-back, bonus and
 * acceptance history, to the end of the period or asOf), and the domain's `evaluate`.
 */
import type { Contract } from '../domain/contract/types.js';
import { type Evaluation, EvaluationError, evaluate } from '../domain/evaluation/evaluate.js';
import { type Period, parsePeriod } from '../domain/period.js';
import type { DataSet } from '../domain/records.js';
import { parseInstant } from '../domain/time/instant.js';
import { dayNumberFromIso, localToEpoch } from '../domain/time/zone.js';
import { nodeSha256 } from '../ingest/sha256.js';
import type { ContractRecord } from '../store/server/index.js';
import type { AppDeps } from './context.js';
import { signedContract } from './contracts-service.js';
import { badRequest, conflict, unprocessable } from './problem.js';

export interface ContactRef {
  readonly source: string;
  readonly contactId: string;
}

/** The data without the excluded contacts and everything attached to them. */
export function withoutContacts(data: DataSet, excluded: readonly ContactRef[]): DataSet {
  if (excluded.length === 0) return data;
  const keys = new Set(excluded.map((e) => `${e.source}\u0000${e.contactId}`));
  const out = (source: string, id: string) => !keys.has(`${source}\u0000${id}`);
  return {
    ...data,
    contacts: data.contacts.filter((c) => out(c.source, c.id)),
    status_events: data.status_events.filter((r) => out(r.source, r.contactId)),
    surveys: data.surveys.filter((r) => out(r.source, r.contactId)),
    qa_evaluations: data.qa_evaluations.filter((r) => out(r.source, r.contactId)),
  };
}

/** The range `accord evaluate --db` reads (src/cli/evaluate-store.ts, `evaluationRange`). */
export function evaluationRange(
  versions: readonly Contract[],
  period: Period,
  asOf: number,
): { from: number; to: number } {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const first = sorted[0]!;
  const zone = sorted[sorted.length - 1]!.timezone;
  const from = Math.min(localToEpoch(zone, dayNumberFromIso(first.effectiveFrom), 0), period.start);
  return { from, to: Math.max(from, Math.min(period.end, asOf + 1)) };
}

export function parseAsOf(text: string | undefined, now: number): number {
  if (text === undefined) return now;
  const r = parseInstant(text);
  if (!r.ok)
    throw badRequest(`query.asOf: "${text}" ${r.reason}`, [{ path: 'query.asOf', message: r.reason }]);
  return r.ms;
}

export async function signedVersions(deps: AppDeps, contract: ContractRecord): Promise<Contract[]> {
  const versions = await deps.store.server.contracts.signedVersions(contract.organisationId, contract.id);
  if (versions.length === 0)
    throw conflict(
      `contract "${contract.id}" has no version signed by both parties yet: nothing to evaluate`,
    );
  return versions.map(signedContract);
}

export function periodOf(versions: readonly Contract[], name: string, path: string): Period {
  const zone = versions[versions.length - 1]!.timezone;
  const p = parsePeriod(name, zone);
  if (p === undefined)
    throw badRequest(`${path}: "${name}" is not a period (2026-10, 2026-Q4, 2026-W53)`, [
      { path, message: 'is not a period (2026-10, 2026-Q4, 2026-W53)' },
    ]);
  return p;
}

/** Evaluates `period` of the contract from the store, with the records of the contract's partner only. */
export async function evaluateFromStore(
  deps: AppDeps,
  contract: ContractRecord,
  versions: readonly Contract[],
  periods: readonly Period[],
  asOf: number,
  /** Contacts both parties agreed to exclude (disputes). */
  exclusions: readonly ContactRef[] = [],
): Promise<Evaluation[]> {
  const started = performance.now();
  const partner = await deps.store.server.tenancy.partnerById(contract.partnerId);
  const sources = partner?.sources ?? [];
  const last = periods.reduce((a, b) => (b.end > a.end ? b : a));
  const first = periods.reduce((a, b) => (b.start < a.start ? b : a));
  const range = evaluationRange(versions, last, asOf);
  const data = withoutContacts(
    await deps.store.server.records.readDataSet(sources, {
      from: Math.min(range.from, first.start),
      to: range.to,
    }),
    exclusions,
  );
  try {
    return periods.map((p) => evaluate({ versions, period: p.name, asOf, data, sha256: nodeSha256 }));
  } catch (e) {
    if (e instanceof EvaluationError) throw unprocessable(e.message.replace(/^--period: /, ''));
    throw e;
  } finally {
    deps.metrics.evaluation((performance.now() - started) / 1000);
  }
}
