/**
 * `accord evaluate` as a pure function: contract versions + records + a period + asOf → the evaluation
 * of interfaces.md. Judging a period replays every judgement period from the first version's start, so
 * that earn-back, bonus and acceptance see their history (contract.md, History).
 */
import { BusinessClock } from '../clock.js';
import { contractDigest } from '../contract/canonical.js';
import type { Contract, Metric, Target } from '../contract/types.js';
import { isPercentageKind } from '../kpis/index.js';
import type { Cents } from '../money.js';
import { type Period, parsePeriod, periodContainingDay } from '../period.js';
import { fromInt, fromPpm, over, type Rational, ratio, rationalFromNumber, times } from '../rational.js';
import type { DataSet } from '../records.js';
import type { Sha256Factory } from '../sha256.js';
import { formatInstant } from '../time/instant.js';
import { dayNumberFromIso, isoFromDayNumber, localToEpoch } from '../time/zone.js';
import { EvaluationData } from './columns.js';
import { type ElapsedClock, realTime } from './contact-clock.js';
import { DataIndex } from './data-index.js';
import { evaluateMetrics, type MetricContext } from './metric-evaluation.js';
import {
  type AcceptanceState,
  type PeriodJudgement,
  periodFee,
  rowsOf,
  type Settlement,
  SettlementMachine,
  verdictOf,
  type YearLedger,
} from './settlement.js';
import type { DataWarning } from './types.js';

interface EvaluateInputBase {
  /** Every version of the contract (one is enough when it is the only one). */
  readonly versions: readonly Contract[];
  /** `2026-10`, `2026-Q4`, `2026-W53`. */
  readonly period: string;
  readonly asOf: number;
  /**
   * The hash of the input digest, given by the caller: records given as objects are hashed in full, so the
   * edge passes Node's native hash (`nodeSha256`, src/ingest/sha256.ts); the browser may pass `pureSha256`.
   */
  readonly sha256: Sha256Factory;
}

/**
 * The records as objects (converted to columns first), or already in columns (the file reader's form); for
 * columns, the caller gives the digest of the data as it was read (the files' bytes).
 */
export type EvaluateInput = EvaluateInputBase &
  (
    | {
        readonly data: DataSet;
        /** A digest of the data as it was read, when the caller has one; otherwise the records are hashed. */
        readonly dataDigest?: string;
      }
    | { readonly data: EvaluationData; readonly dataDigest: string }
  );

/** A judged period (its rows, verdicts and acceptance phase) with its money. */
export interface PeriodEvaluation extends PeriodJudgement {
  /** Null for a period of another kind than the contract's judgement period. */
  readonly settlement: Settlement | null;
}

export interface Evaluation {
  readonly result: PeriodEvaluation;
  /** Every judgement period replayed before it, oldest first (trends, statements). */
  readonly history: readonly PeriodEvaluation[];
  readonly contractDigest: string;
  readonly inputDigest: string;
  readonly warnings: readonly DataWarning[];
  readonly holidayDates: readonly string[];
}

/**
 * Why an evaluation is refused: `invalid` input (no such period, no version in force), or `not_started`:
 * the period starts after asOf (contract.md, Running and future periods; the API answers 409).
 */
export type EvaluationErrorCode = 'invalid' | 'not_started';

export class EvaluationError extends Error {
  constructor(
    message: string,
    readonly code: EvaluationErrorCode = 'invalid',
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/**
 * The refusal of a period that starts after asOf, or null when it has started: its figures would be empty
 * and its money a guess. A period that has started but not ended by asOf is provisional (`isProvisional`).
 */
export function notStartedError(period: Period, asOf: number, zone: string): EvaluationError | null {
  if (period.start <= asOf) return null;
  return new EvaluationError(
    `period ${period.name} starts ${formatInstant(period.start, zone)}, after the as-of instant ${formatInstant(asOf, zone)}: a period is judged once it has started`,
    'not_started',
  );
}

/** Whether a period has not ended by asOf: its figures are so far, its money an estimate, no streak counts it. */
export const isProvisional = (period: Period, asOf: number) => asOf < period.end;

/**
 * The version in force on a date (contract.md, Versions): the highest version that has started by then,
 * unless its `effective_to` has passed: an `effective_to` ends the contract, so no older version comes back.
 */
export function versionInForce(versions: readonly Contract[], date: string): Contract | undefined {
  let best: Contract | undefined;
  for (const v of versions) {
    if (v.effectiveFrom > date) continue;
    if (!best || v.version > best.version) best = v;
  }
  return best && (best.effectiveTo === null || best.effectiveTo >= date) ? best : undefined;
}

/** A period that a version judges: one of its own kind, in its own time zone, starting while it is in force. */
export interface JudgementPeriod {
  readonly period: Period;
  readonly contract: Contract;
}

/**
 * The judgement periods from version 1's `effective_from` whose first day is on or before `lastDay`, oldest
 * first: each version judges the periods of its own `period` kind and `timezone` that start while it is in
 * force ("a period is judged by the version in force at its start"), so a change of period kind or zone
 * leaves the periods earlier versions judged as they were (docs/evaluation.md, Versions).
 */
export function judgementPeriods(versions: readonly Contract[], lastDay: number): JudgementPeriod[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const out: JudgementPeriod[] = [];
  for (const v of sorted) {
    let day = dayNumberFromIso(v.effectiveFrom);
    while (day <= lastDay) {
      const period = periodContainingDay(v.period, day, v.timezone);
      const date = isoFromDayNumber(period.firstDay);
      if (versionInForce(sorted, date) === v) out.push({ period, contract: v });
      else if (date >= v.effectiveFrom) break; // superseded or ended
      day = period.endDay;
    }
  }
  return out.sort((a, b) => a.period.firstDay - b.period.firstDay || a.contract.version - b.contract.version);
}

/**
 * A period name read in the time zone of the version that judges it (the version in force on its first
 * day; the latest version's zone when none is), so that its boundaries are that version's.
 */
export function periodIn(versions: readonly Contract[], name: string): Period | undefined {
  const latest = [...versions].sort((a, b) => a.version - b.version).at(-1);
  if (!latest) return undefined;
  const p = parsePeriod(name, latest.timezone);
  if (!p) return undefined;
  const zone = versionInForce(versions, isoFromDayNumber(p.firstDay))?.timezone ?? latest.timezone;
  return zone === latest.timezone ? p : parsePeriod(name, zone);
}

function localWindow(zone: string, text: string): number {
  return localToEpoch(
    zone,
    dayNumberFromIso(text.slice(0, 10)),
    Number(text.slice(11, 13)) * 60 + Number(text.slice(14, 16)),
  );
}

/** A version's exclusion windows as flat [from, to, …] instants: they pause every clock. */
export function exclusionWindows(contract: Contract): number[] {
  return contract.exclusions.flatMap((e) => [
    localWindow(contract.timezone, e.from),
    localWindow(contract.timezone, e.to),
  ]);
}

/** The exact target of a row in the metric's unit. */
function targetValue(t: Target): Rational {
  switch (t.unit) {
    case 'percent':
      return fromPpm(t.ppm);
    case 'duration':
      return ratio(t.ms, 1000);
    case 'number':
      return rationalFromNumber(t.value);
    case 'count':
      return fromInt(t.count);
  }
}

const WARNING_LIMIT = 1000;

class Warnings {
  private readonly seen = new Set<string>();
  private readonly list: DataWarning[] = [];
  private readonly overflow = new Map<string, number>();

  add(w: DataWarning): void {
    const key = `${w.code}\u0000${w.contact}\u0000${w.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.list.length >= WARNING_LIMIT) {
      this.overflow.set(w.code, (this.overflow.get(w.code) ?? 0) + 1);
      return;
    }
    this.list.push(w);
  }

  all(): DataWarning[] {
    const sorted = [...this.list].sort((a, b) =>
      a.code === b.code
        ? (a.contact ?? '').localeCompare(b.contact ?? '') || a.message.localeCompare(b.message)
        : a.code.localeCompare(b.code),
    );
    for (const [code, n] of [...this.overflow].sort())
      sorted.push({ code, contact: null, message: `${n} more warnings of this kind` });
    return sorted;
  }
}

/**
 * The latest answer per contact and kind among the surveys at positions [lo, hi) of the index's survey
 * order (answers after asOf and surveys of excluded contacts left out), in order of each one's first answer.
 */
export function latestSurveys(
  index: DataIndex,
  range: { lo: number; hi: number },
  asOf: number,
  excludedKey: (key: number) => boolean,
): number[] {
  const sv = index.data.surveys;
  const { lo, hi } = range;
  if (hi <= lo) return [];
  // Per survey kind: 1 + the first position of each key (0: none yet), and the latest answer kept there.
  const firstAt = index.scratch;
  const chosen = new Int32Array(hi - lo).fill(-1);
  const kinds = new Set<number>();
  for (let p = lo; p < hi; p++) kinds.add(sv.kind[index.surveyOrder[p]!]!);
  for (const kind of kinds) {
    for (let p = lo; p < hi; p++) {
      const s = index.surveyOrder[p]!;
      if (sv.kind[s] !== kind || sv.answeredAt[s]! > asOf || excludedKey(sv.key[s]!)) continue;
      const k = sv.key[s]!;
      const at = firstAt[k]! - 1;
      if (at < 0) {
        firstAt[k] = p - lo + 1;
        chosen[p - lo] = s;
      } else if (sv.answeredAt[s]! >= sv.answeredAt[chosen[at]!]!) chosen[at] = s;
    }
    for (let p = lo; p < hi; p++) {
      const s = index.surveyOrder[p]!;
      if (sv.kind[s] === kind) firstAt[sv.key[s]!] = 0;
    }
  }
  const latest: number[] = [];
  for (let q = 0; q < chosen.length; q++) if (chosen[q]! >= 0) latest.push(chosen[q]!);
  return latest;
}

export function evaluate(input: EvaluateInput): Evaluation {
  const versions = [...input.versions].sort((a, b) => a.version - b.version);
  const first = versions[0];
  if (!first) throw new EvaluationError('no contract given');
  const ids = new Set(versions.map((v) => v.id));
  if (ids.size > 1)
    throw new EvaluationError(
      `the contract files are versions of different contracts: ${[...ids].join(', ')}`,
    );
  const target = periodIn(versions, input.period);
  if (!target)
    throw new EvaluationError(`--period: "${input.period}" is not a period (2026-10, 2026-Q4, 2026-W53)`);
  const inForce = versionInForce(versions, isoFromDayNumber(target.firstDay));
  const notStarted = notStartedError(target, input.asOf, inForce?.timezone ?? versions.at(-1)!.timezone);
  if (notStarted) throw notStarted;
  if (!inForce) {
    throw new EvaluationError(
      `no contract version is in force on ${isoFromDayNumber(target.firstDay)} (the first version starts ${first.effectiveFrom}${endOf(versions)})`,
    );
  }
  const judgementKind = inForce.period;
  const lastJudged =
    target.kind === judgementKind
      ? target
      : periodContainingDay(judgementKind, target.firstDay, inForce.timezone);
  const history = judgementPeriods(versions, lastJudged.firstDay);

  const data = input.data instanceof EvaluationData ? input.data : EvaluationData.fromDataSet(input.data);
  const index = DataIndex.of(data);
  const warnings = new Warnings();
  const years = {
    from: new Date(history[0]!.period.start).getUTCFullYear() - 1,
    to: Math.max(new Date(input.asOf).getUTCFullYear(), new Date(target.end).getUTCFullYear()) + 1,
  };
  const clocks = new Map<string, BusinessClock>();
  const clockFor =
    (contract: Contract) =>
    (name: string | null): ElapsedClock => {
      if (name === null) return realTime;
      const key = `${contract.version}\u0000${name}`;
      let clock = clocks.get(key);
      if (!clock) {
        const cal = contract.calendars[name];
        if (!cal)
          throw new EvaluationError(`calendar "${name}" is not defined in version ${contract.version}`);
        clock = new BusinessClock(cal, years);
        clocks.set(key, clock);
      }
      return clock;
    };

  const machine = new SettlementMachine(first, yearLedger(versions, first));
  const judgePeriod = (
    period: Period,
    contract: Contract,
    acceptance: AcceptanceState,
  ): Omit<PeriodEvaluation, 'settlement'> => {
    const exclusions = exclusionWindows(contract);
    const excludedAt = (t: number) => {
      for (let i = 0; i < exclusions.length; i += 2)
        if (t >= exclusions[i]! && t < exclusions[i + 1]!) return true;
      return false;
    };
    const created = data.contacts.createdAt;
    const excludedKey = (key: number) => {
      if (exclusions.length === 0) return false;
      const c = index.keyContact(key);
      return c >= 0 && excludedAt(created.get(c));
    };
    const contacts = index.contactsCreated(period.start, Math.min(period.end, input.asOf + 1));
    const surveys = latestSurveys(
      index,
      index.surveysAnswered(period.start, period.end),
      input.asOf,
      excludedKey,
    );
    const factor = acceptance.phase === 'acceptance' ? machine.rampFactor(contract, acceptance.period) : null;
    const ctx: MetricContext = {
      contract,
      period,
      asOf: input.asOf,
      index,
      data,
      contacts,
      excludedAt,
      surveys,
      exclusionPauses: exclusions,
      clockFor: clockFor(contract),
      targetFor: (metric, split) => {
        const full = targetValue(splitTarget(metric, split));
        if (!factor || !isPercentageKind(metric.kind)) return { target: full, full };
        return { target: metric.direction === 'higher' ? times(full, factor) : over(full, factor), full };
      },
      warn: (w) => warnings.add(w),
    };
    const rows = evaluateMetrics(ctx, contract.metrics).flat();
    const verdicts = Object.fromEntries(contract.metrics.map((m) => [m.id, verdictOf(rowsOf({ rows }, m))]));
    return { period, contract, rows, verdicts, acceptance, provisional: isProvisional(period, input.asOf) };
  };

  const judged: PeriodEvaluation[] = [];
  for (const { period, contract } of history) {
    const acceptance = machine.acceptanceForNext(contract);
    const j = judgePeriod(period, contract, acceptance);
    judged.push({ ...j, settlement: machine.settle(j) });
  }
  let result = judged[judged.length - 1]!;
  if (target.kind !== judgementKind) {
    // A week in a monthly contract: figures only, judged with the targets of the month it starts in.
    const j = judgePeriod(target, inForce, result.acceptance);
    result = { ...j, settlement: null };
  }
  const holidayDates = [...new Set([...clocks.values()].flatMap((c) => c.timeline.holidayDates))].sort();
  return {
    result,
    history: judged,
    contractDigest: contractDigest(result.contract),
    inputDigest: inputDigest(versions, input, holidayDates),
    warnings: warnings.all(),
    holidayDates,
  };
}

function splitTarget(metric: Metric, split: Readonly<Record<string, string | null>> | null): Target {
  if (split) {
    for (const dim of metric.split) {
      const value = split[dim];
      const t =
        value === null || value === undefined
          ? undefined
          : (metric.splitTargets[dim] as Record<string, Target> | undefined)?.[value];
      if (t) return t;
    }
  }
  return metric.target;
}

/** `, ended on …` when the latest version has an `effective_to`: what a refused later period is told. */
function endOf(versions: readonly Contract[]): string {
  const to = versions.at(-1)?.effectiveTo;
  return to ? `; the contract ended on ${to}` : '';
}

/**
 * Contract years run from the first version's `effective_from`; a judgement period belongs to the contract
 * year in which it starts (a week straddling the year's start date counts in the year it starts in, and
 * only there). A year's fees for the annual cap are those of its periods: as charged for the periods
 * judged so far, at the full fee of the version judging them for the later ones, none after `effective_to`.
 */
function yearLedger(versions: readonly Contract[], first: Contract): YearLedger {
  const startYear = Number(first.effectiveFrom.slice(0, 4));
  const monthDay = first.effectiveFrom.slice(4);
  const yearStart = (n: number) => `${startYear + n}${monthDay}`;
  const yearOfDate = (date: string) => {
    let n = Number(date.slice(0, 4)) - startYear;
    if (date < yearStart(n)) n--;
    return n;
  };
  const yearOf = (period: Period) => yearOfDate(isoFromDayNumber(period.firstDay));
  const periodsOfYear = new Map<number, JudgementPeriod[]>();
  return {
    yearOf,
    feesOfYear: (year, charged) => {
      let periods = periodsOfYear.get(year);
      if (!periods) {
        const lastDay = dayNumberFromIso(yearStart(year + 1)) - 1;
        periods = judgementPeriods(versions, lastDay).filter((p) => yearOf(p.period) === year);
        periodsOfYear.set(year, periods);
      }
      let total: Cents = 0;
      for (const { period, contract } of periods)
        total += charged.get(period.name) ?? periodFee(contract, period.kind);
      return total;
    },
  };
}

/** SHA-256 over everything that decides the output: contracts, asOf, holidays used and the records. */
function inputDigest(
  versions: readonly Contract[],
  input: EvaluateInput,
  holidayDates: readonly string[],
): string {
  const h = input.sha256();
  h.update(
    JSON.stringify({
      contracts: versions.map(contractDigest),
      period: input.period,
      asOf: input.asOf,
      holidays: holidayDates,
    }),
  );
  if (input.dataDigest !== undefined) {
    h.update(`\n#data ${input.dataDigest}\n`);
    return `sha256:${h.digest()}`;
  }
  if (input.data instanceof EvaluationData) throw new EvaluationError('columnar data needs its digest');
  for (const [kind, records] of Object.entries(input.data)) {
    h.update(`\n#${kind}\n`);
    for (const r of records as readonly unknown[]) h.update(`${JSON.stringify(r)}\n`);
  }
  return `sha256:${h.digest()}`;
}

export { periodContainingDay };
