/**
 * What-if: a version not yet in force (a draft, or a validated version waiting for signatures) replayed
 * over ended periods beside the versions that judged them, on the same records, so that both parties see
 * what a change costs before they sign it: verdicts, credits, earn-back, bonus and payable side by side.
 *
 * The replay takes the version to be in force from the first day of the first period replayed (whatever
 * its `effective_from` says), after the signed versions that judged the periods before; both sides are
 * judged by the one evaluation (`evaluateAlternatives`) from one read of the store, so the only difference
 * between them is the contract.
 */
import { contractDigest } from '../domain/contract/canonical.js';
import type { Contract } from '../domain/contract/types.js';
import { type PeriodEvaluation, versionInForce } from '../domain/evaluation/evaluate.js';
import { formatCents } from '../domain/money.js';
import { type Period, periodContainingDay } from '../domain/period.js';
import { formatInstant } from '../domain/time/instant.js';
import { isoFromDayNumber, localDayOf } from '../domain/time/zone.js';
import type { ContractRecord, Store, VersionRecord } from '../store/index.js';
import { checkPeriod } from './bounds.js';
import { contractScope } from './closing.service.js';
import { getVersion, signedVersions } from './contracts.service.js';
import { conflict, invalid, unprocessable } from './errors.js';
import { evaluateAlternatives, periodOf } from './evaluation.service.js';
import { periodJson } from './results.service.js';

/** The most periods one what-if replays: a year of months (each side replays the history once). */
export const MAX_WHAT_IF_PERIODS = 12;

export interface WhatIfRequest {
  /** How many periods to replay, the latest first: 1 to MAX_WHAT_IF_PERIODS. */
  readonly periods: number;
  /** The last closed periods (both parties agreed to them) instead of the last ended ones. */
  readonly closed: boolean;
}

/** The version replayed, as its caller names it. */
export interface WhatIfSubject {
  readonly contract: Contract;
  readonly status: string;
  readonly digest: string;
}

/** The bound on `periods`, checked before any work. */
export function checkWhatIfRequest(request: WhatIfRequest, path = 'query.periods'): void {
  const n = request.periods;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WHAT_IF_PERIODS)
    throw invalid(`${path}: ${n} periods asked; from 1 to ${MAX_WHAT_IF_PERIODS} at a time`, [
      { path, message: `from 1 to ${MAX_WHAT_IF_PERIODS} periods` },
    ]);
}

/** The version as the what-if judges with it: a validated text, or a conflict naming the draft's errors. */
export function whatIfSubject(v: VersionRecord): WhatIfSubject {
  if (v.canonical === null || v.digest === null)
    throw conflict(
      `version ${v.version} is a draft that does not validate: fix its errors before replaying it`,
      { errors: v.errors ?? [] },
    );
  return { contract: JSON.parse(v.canonical) as Contract, status: v.status, digest: v.digest };
}

/** The judgement periods before `now` (ended), the latest `n` that a signed version judges, oldest first. */
function endedPeriods(signed: readonly Contract[], n: number, now: number): Period[] {
  const latest = signed[signed.length - 1]!;
  const zone = latest.timezone;
  const out: Period[] = [];
  let p = periodContainingDay(latest.period, localDayOf(zone, now), zone);
  while (out.length < n) {
    p = periodContainingDay(latest.period, p.firstDay - 1, zone);
    if (versionInForce(signed, isoFromDayNumber(p.firstDay)) === undefined) break;
    out.unshift(p);
  }
  return out;
}

/** The latest `n` periods both parties closed, oldest first. */
async function closedPeriods(
  store: Store,
  contract: ContractRecord,
  signed: readonly Contract[],
  n: number,
): Promise<Period[]> {
  const closes = await store.closing.closes(contract.organisationId, contract.id);
  return closes
    .filter((c) => c.status === 'closed')
    .map((c) => periodOf(signed, c.period, 'period'))
    .sort((a, b) => a.start - b.start)
    .slice(-n);
}

/**
 * The versions of the replay: the signed ones, and the subject in force from `from` on (numbered above
 * every signed version, so that it wins wherever it is in force).
 */
export function replayVersions(signed: readonly Contract[], subject: Contract, from: string): Contract[] {
  const others = signed.filter((v) => v.version !== subject.version);
  const above = Math.max(subject.version, ...others.map((v) => v.version + 1));
  return [...others, { ...subject, version: above, effectiveFrom: from, effectiveTo: null }];
}

/** The subject must judge the same kind of period in the same time zone as the version in force. */
function checkComparable(latest: Contract, subject: Contract): void {
  if (subject.period !== latest.period)
    throw unprocessable(
      `version ${subject.version} judges by ${subject.period} and version ${latest.version} by ${latest.period}: a what-if compares periods of one kind`,
      [{ path: 'period', message: `is ${subject.period}; the version in force judges by ${latest.period}` }],
    );
  if (subject.timezone !== latest.timezone)
    throw unprocessable(
      `version ${subject.version} has time zone ${subject.timezone} and version ${latest.version} ${latest.timezone}: a what-if compares the same periods`,
      [{ path: 'timezone', message: `is ${subject.timezone}; the version in force has ${latest.timezone}` }],
    );
}

type Money = { fee: number; credits: number; earnBack: number; bonus: number; payable: number };

function moneyOf(pe: PeriodEvaluation | undefined): Money | null {
  const s = pe?.settlement;
  if (s === null || s === undefined) return null;
  return {
    fee: s.fee,
    credits: s.credits.total,
    earnBack: s.earnBack.total,
    bonus: s.bonus.amount,
    payable: s.payable,
  };
}

const KEYS = ['fee', 'credits', 'earnBack', 'bonus', 'payable'] as const;

function moneyJson(m: Money): Record<(typeof KEYS)[number], string> {
  return Object.fromEntries(KEYS.map((k) => [k, formatCents(m[k])])) as Record<(typeof KEYS)[number], string>;
}

function minus(a: Money, b: Money): Money {
  return Object.fromEntries(KEYS.map((k) => [k, a[k] - b[k]])) as Money;
}

function sum(ms: readonly Money[]): Money {
  const zero: Money = { fee: 0, credits: 0, earnBack: 0, bonus: 0, payable: 0 };
  return ms.reduce((t, m) => Object.fromEntries(KEYS.map((k) => [k, t[k] + m[k]])) as Money, zero);
}

/** The metrics whose verdict differs, or that only one side has. */
function changedVerdicts(a: PeriodEvaluation, b: PeriodEvaluation): string[] {
  const ids = [...new Set([...Object.keys(a.verdicts), ...Object.keys(b.verdicts)])];
  return ids.filter((id) => a.verdicts[id] !== b.verdicts[id]);
}

/**
 * The what-if of `subject` for a stored contract: the periods asked, each judged by the signed versions
 * (`current`) and with the subject in force (`proposed`), their difference (proposed − current), and the
 * totals. Closed periods also name the payable both parties agreed to.
 */
export async function whatIf(
  store: Store,
  contract: ContractRecord,
  subject: WhatIfSubject,
  request: WhatIfRequest,
  now: number,
) {
  checkWhatIfRequest(request);
  const signed = await signedVersions(store, contract);
  const latest = signed[signed.length - 1]!;
  checkComparable(latest, subject.contract);
  const periods = request.closed
    ? await closedPeriods(store, contract, signed, request.periods)
    : endedPeriods(signed, request.periods, now);
  const first = periods[0];
  const last = periods.at(-1);
  if (first === undefined || last === undefined)
    throw conflict(
      request.closed
        ? `contract "${contract.id}" has no closed period to replay: close one, or replay the last ended periods`
        : `contract "${contract.id}" has no ended period to replay yet`,
    );
  checkPeriod(signed, last, now, 'periods');
  const from = isoFromDayNumber(first.firstDay);
  const replay = replayVersions(signed, subject.contract, from);
  const [current, proposed] = await evaluateAlternatives(
    store,
    [signed, replay],
    [last],
    now,
    await contractScope(store, contract),
  );
  const closes = new Map(
    (await store.closing.closes(contract.organisationId, contract.id))
      .filter((c) => c.status === 'closed')
      .map((c) => [c.period, c]),
  );
  const find = (history: readonly PeriodEvaluation[], p: Period) =>
    history.find((h) => h.period.name === p.name);
  const rows = periods.map((p) => {
    const a = find(current![0]!.history, p)!;
    const b = find(proposed![0]!.history, p)!;
    const [ma, mb] = [moneyOf(a), moneyOf(b)];
    const agreed = closes.get(p.name);
    const agreedDoc =
      agreed === undefined
        ? undefined
        : (JSON.parse(agreed.document) as { statement?: { payable?: string } });
    return {
      period: p.name,
      closed: agreed === undefined ? null : { payable: agreedDoc?.statement?.payable ?? null },
      current: periodJson(a),
      proposed: { ...periodJson(b), version: subject.contract.version, contractDigest: subject.digest },
      changedVerdicts: changedVerdicts(a, b),
      difference: ma === null || mb === null ? null : moneyJson(minus(mb, ma)),
      money: { current: ma, proposed: mb },
    };
  });
  const both = rows.filter((r) => r.money.current !== null && r.money.proposed !== null);
  const totalCurrent = sum(both.map((r) => r.money.current!));
  const totalProposed = sum(both.map((r) => r.money.proposed!));
  return {
    contract: contract.id,
    asOf: formatInstant(now, latest.timezone),
    basis: request.closed ? ('closed' as const) : ('ended' as const),
    inForce: { version: latest.version, digest: contractDigest(latest) },
    proposed: {
      version: subject.contract.version,
      status: subject.status,
      digest: subject.digest,
      effectiveFrom: subject.contract.effectiveFrom,
      replayedFrom: from,
    },
    periods: rows.map(({ money: _, ...row }) => row),
    totals: {
      current: moneyJson(totalCurrent),
      proposed: moneyJson(totalProposed),
      difference: moneyJson(minus(totalProposed, totalCurrent)),
    },
  };
}

export type WhatIfDocument = Awaited<ReturnType<typeof whatIf>>;

/** The what-if of a stored version of the contract (the API's, by version number). */
export async function whatIfOfVersion(
  store: Store,
  contract: ContractRecord,
  version: number,
  request: WhatIfRequest,
  now: number,
): Promise<WhatIfDocument> {
  checkWhatIfRequest(request);
  return whatIf(store, contract, whatIfSubject(await getVersion(store, contract, version)), request, now);
}
