/**
 * Evaluations from the store, the one way every edge gets them (`accord evaluate --db`, the API, and the
 * monitor, dashboard and reports after them): the contract's versions, the records of the range the
 * evaluation needs read by the store's one period reader, the contacts both parties agreed to exclude left
 * out, and the domain's `evaluate`. The same store and the same inputs give the same document everywhere.
 */
import type { Contract } from '../domain/contract/types.js';
import {
  type Evaluation,
  EvaluationError,
  evaluate,
  notStartedError,
  periodIn,
  versionInForce,
} from '../domain/evaluation/evaluate.js';
import { evaluationJson } from '../domain/evaluation/json.js';
import { fieldsUsed } from '../domain/evaluation/population.js';
import type { Period } from '../domain/period.js';
import type { DataSet } from '../domain/records.js';
import { parseInstant } from '../domain/time/instant.js';
import { dayNumberFromIso, isoFromDayNumber, localToEpoch } from '../domain/time/zone.js';
import { nodeSha256 } from '../ingest/sha256.js';
import type { Store } from '../store/index.js';
import { conflict, invalid, notFound, unprocessable } from './errors.js';

/** A contact of one source, as disputes name it. */
export interface ContactRef {
  readonly source: string;
  readonly contactId: string;
}

/** Which records an evaluation may read, and which contacts it leaves out. */
export interface EvaluationScope {
  /** The source names whose records count (a partner's); undefined: every source in the store. */
  readonly sources?: readonly string[] | undefined;
  /** Contacts both parties agreed to exclude (disputes): they leave every population. */
  readonly exclusions?: readonly ContactRef[];
}

/**
 * A period name in the time zone of the version that judges it (the domain's `periodIn`); `path` names the
 * input for the message.
 */
export function periodOf(versions: readonly Contract[], name: string, path: string): Period {
  const p = periodIn(versions, name);
  if (p === undefined)
    throw invalid(`${path}: "${name}" is not a period (2026-10, 2026-Q4, 2026-W53)`, [
      { path, message: 'is not a period (2026-10, 2026-Q4, 2026-W53)' },
    ]);
  return p;
}

/** The instant open contacts are judged at: the given one, or now. */
export function asOfOf(text: string | undefined, now: number, path: string): number {
  if (text === undefined) return now;
  const r = parseInstant(text);
  if (!r.ok) throw invalid(`${path}: "${text}" ${r.reason}`, [{ path, message: r.reason }]);
  return r.ms;
}

/**
 * The time range an evaluation of `periods` reads: from version 1's `effective_from` (the history that
 * earn-back, bonus and acceptance need) or the first period's start, whichever comes first, to the end of
 * the last period or `asOf`, whichever comes first.
 */
export function evaluationRange(
  versions: readonly Contract[],
  periods: readonly Period[],
  asOf: number,
): { from: number; to: number } {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const firstDay = localToEpoch(sorted[0]!.timezone, dayNumberFromIso(sorted[0]!.effectiveFrom), 0);
  const start = Math.min(firstDay, ...periods.map((p) => p.start));
  const end = Math.max(...periods.map((p) => p.end));
  return { from: start, to: Math.max(start, Math.min(end, asOf + 1)) };
}

/** The data without the excluded contacts and everything attached to them. */
export function withoutContacts(data: DataSet, excluded: readonly ContactRef[]): DataSet {
  if (excluded.length === 0) return data;
  const keys = new Set(excluded.map((e) => `${e.source}\u0000${e.contactId}`));
  const kept = (source: string, id: string) => !keys.has(`${source}\u0000${id}`);
  return {
    ...data,
    contacts: data.contacts.filter((c) => kept(c.source, c.id)),
    status_events: data.status_events.filter((r) => kept(r.source, r.contactId)),
    surveys: data.surveys.filter((r) => kept(r.source, r.contactId)),
    qa_evaluations: data.qa_evaluations.filter((r) => kept(r.source, r.contactId)),
  };
}

/** The domain's refusal as the service's: a period that has not started is a conflict (API 409). */
function refusal(e: EvaluationError) {
  return e.code === 'not_started' ? conflict(e.message) : unprocessable(e.message);
}

/** The domain's evaluation, its refusals as the service's. */
export function runEvaluation(input: Parameters<typeof evaluate>[0]): Evaluation {
  try {
    return evaluate(input);
  } catch (e) {
    if (e instanceof EvaluationError) throw refusal(e);
    throw e;
  }
}

/**
 * Refuses a period that starts after asOf (contract.md, Running and future periods) before anything is
 * read: a conflict with the state of things (API 409, CLI exit 1), with the domain's one rule and wording.
 */
export function refuseNotStarted(versions: readonly Contract[], period: Period, asOf: number): void {
  const zone =
    versionInForce(versions, isoFromDayNumber(period.firstDay))?.timezone ?? versions.at(-1)!.timezone;
  const e = notStartedError(period, asOf, zone);
  if (e) throw refusal(e);
}

/**
 * The metric ids that `--breaches` or a drill-down names must be metrics of the version that judges the
 * period; otherwise the error names the ids that exist (API 404, CLI exit 1). A period no version judges is
 * left to the evaluation's own refusal.
 */
export function requireMetrics(versions: readonly Contract[], period: Period, ids: readonly string[]): void {
  const judgedBy = versionInForce(versions, isoFromDayNumber(period.firstDay));
  if (judgedBy === undefined) return;
  const unknown = ids.filter((id) => !judgedBy.metrics.some((m) => m.id === id));
  if (unknown.length === 0) return;
  const names = unknown.map((id) => `"${id}"`).join(', ');
  throw notFound(
    `metric ${names} ${unknown.length === 1 ? 'is' : 'are'} not in version ${judgedBy.version} of contract "${judgedBy.id}"; it has ${judgedBy.metrics.map((m) => m.id).join(', ')}`,
  );
}

/**
 * Judges each of `periods` (with its history) from the records in the store that the scope allows: the
 * store's period reader streams them into the evaluation's columns (only the contact fields the contracts
 * read), without the excluded contacts, with the digest of the rows read as the data's part of
 * `inputDigest` (docs/evaluation.md).
 */
export async function evaluateFromStore(
  store: Store,
  versions: readonly Contract[],
  periods: readonly Period[],
  asOf: number,
  scope: EvaluationScope = {},
): Promise<Evaluation[]> {
  const [judged] = await evaluateAlternatives(store, [versions], periods, asOf, scope);
  return judged!;
}

/**
 * `evaluateFromStore` for several sets of versions of one contract over the same records, read once: the
 * version in force beside a draft (what-if). One list of evaluations per set, in the order given.
 */
export async function evaluateAlternatives(
  store: Store,
  alternatives: readonly (readonly Contract[])[],
  periods: readonly Period[],
  asOf: number,
  scope: EvaluationScope = {},
): Promise<Evaluation[][]> {
  for (const versions of alternatives) for (const p of periods) refuseNotStarted(versions, p, asOf);
  const ranges = alternatives.map((versions) => evaluationRange(versions, periods, asOf));
  const range = {
    from: Math.min(...ranges.map((r) => r.from)),
    to: Math.max(...ranges.map((r) => r.to)),
  };
  const { data, digest } = await store.records.readPeriodColumns(range, {
    sources: scope.sources,
    exclusions: scope.exclusions,
    fields: fieldsUsed(alternatives.flat()),
  });
  return alternatives.map((versions) =>
    periods.map((p) =>
      runEvaluation({ versions, period: p.name, asOf, data, dataDigest: digest, sha256: nodeSha256 }),
    ),
  );
}

/** The evaluate document of interfaces.md: the one JSON writer of every edge. */
export const evaluationDocument = evaluationJson;
export type EvaluationDocument = ReturnType<typeof evaluationJson>;
