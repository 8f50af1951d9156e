/**
 * Money and streaks across periods (contract.md, Money): the acceptance phase, credits with the at-risk
 * and annual caps, earn-back, bonus, and the period statement. Fed one judged period at a time, in order.
 */
import type { Contract, Metric } from '../contract/types.js';
import { isPercentageKind, meetsTarget } from '../kpis/index.js';
import { applyPercents, type Cents, scaleCents, shrinkProRata } from '../money.js';
import type { Period } from '../period.js';
import { compare, fromPpm, type Rational, rational } from '../rational.js';
import { moneyRuleText } from './money-rule.js';
import type { MetricRow, Verdict } from './types.js';

export type AcceptanceState =
  | { readonly phase: 'none' | 'live'; readonly period: null }
  | { readonly phase: 'acceptance'; readonly period: number };

export interface MoneyLine {
  readonly metric: string;
  readonly rule: string;
  readonly amount: Cents;
}

export interface CapLine {
  readonly rule: string;
  readonly before: Cents;
  readonly after: Cents;
}

export interface Settlement {
  readonly fee: Cents;
  readonly credits: {
    readonly lines: readonly MoneyLine[];
    readonly caps: readonly CapLine[];
    readonly total: Cents;
  };
  readonly earnBack: { readonly lines: readonly MoneyLine[]; readonly total: Cents };
  readonly bonus: { readonly earned: boolean; readonly amount: Cents; readonly streak: number };
  readonly payable: Cents;
}

/** The period fee of a version: monthly fee, ×3 a quarter, ×12/52 a week. */
export function periodFee(contract: Contract, kind: Period['kind']): Cents {
  if (kind === 'month') return contract.monthlyFeeCents;
  if (kind === 'quarter') return contract.monthlyFeeCents * 3;
  return scaleCents(contract.monthlyFeeCents, 12, 52);
}

/** Verdict of a metric from its (non-pooled) rows. */
export function verdictOf(rows: readonly MetricRow[]): Verdict {
  const judged = rows.filter((r) => r.judged && r.value !== null);
  if (judged.length === 0) return 'unjudged';
  return judged.some((r) => r.met === false) ? 'missed' : 'met';
}

/** Whether a row's value reaches a target in the metric's direction. */
const meets = (r: MetricRow, target: Rational, direction: Metric['direction']) =>
  r.value !== null && meetsTarget(r.value, target, direction);

/** Verdict against the full targets (no ramp-up): what ends the acceptance phase. */
function fullVerdictOf(rows: readonly MetricRow[], m: Metric): Verdict {
  const judged = rows.filter((r) => r.judged && r.value !== null);
  if (judged.length === 0) return 'unjudged';
  return judged.some((r) => !meets(r, r.fullTarget, m.direction)) ? 'missed' : 'met';
}

/** What a period does to a streak that needs every target met (bonus, the end of acceptance). */
export type StreakStep = 'advance' | 'break' | 'hold';

/**
 * The step of a period from each metric's verdict (contract.md, Money: Streaks): any miss breaks the streak;
 * it advances only when a metric other than `compliance` (judged in every period, data or not) was judged
 * and met; otherwise (no judged metric, or only `compliance` ones) it holds. `availability` is judged in every
 * period too, yet the spec names only `compliance`: a met availability target advances the streak.
 * A provisional period (not ended by asOf) counts in no streak: it holds.
 */
export function streakStep(
  metrics: readonly Metric[],
  verdict: (m: Metric) => Verdict,
  provisional: boolean,
): StreakStep {
  if (provisional) return 'hold';
  let performance = false;
  for (const m of metrics) {
    const v = verdict(m);
    if (v === 'missed') return 'break';
    if (v === 'met' && m.kind !== 'compliance') performance = true;
  }
  return performance ? 'advance' : 'hold';
}

const stepped = (count: number, step: StreakStep) =>
  step === 'advance' ? count + 1 : step === 'break' ? 0 : count;

interface Pending {
  readonly period: string;
  readonly amount: Cents;
  met: number;
}

export interface PeriodJudgement {
  readonly period: Period;
  readonly contract: Contract;
  readonly rows: readonly MetricRow[];
  readonly verdicts: Readonly<Record<string, Verdict>>;
  readonly acceptance: AcceptanceState;
  /** Not ended by asOf: its figures are so far, its money an estimate, and it counts in no streak. */
  readonly provisional: boolean;
}

/** The contract years (from the first version's start) and the fees a year charges. */
export interface YearLedger {
  /** Index of the contract year a period falls in. */
  yearOf(period: Period): number;
  /** The fees of the contract year, as charged so far plus the full fee of its later periods. */
  feesOfYear(year: number, charged: ReadonlyMap<string, Cents>): Cents;
}

export class SettlementMachine {
  private readonly pending = new Map<string, Pending>();
  private bonusStreak = 0;
  private acceptanceK = 0;
  private acceptanceRun = 0;
  private acceptanceOver = false;
  private readonly charged = new Map<string, Cents>();
  private readonly creditsByYear = new Map<number, Cents>();

  constructor(
    private readonly first: Contract,
    private readonly years: YearLedger,
  ) {}

  /** The acceptance state of the next period to be judged (before judging it). */
  acceptanceForNext(contract: Contract): AcceptanceState {
    const acceptance = this.first.acceptance ?? contract.acceptance;
    if (!acceptance) return { phase: 'none', period: null };
    if (this.acceptanceOver) return { phase: 'live', period: null };
    return { phase: 'acceptance', period: this.acceptanceK + 1 };
  }

  /** The factor on percentage targets in the k-th acceptance period (the last repeats). */
  rampFactor(contract: Contract, k: number): Rational {
    const ppm = rampUpPpm(this.first, contract, k);
    return ppm === null ? rational(1n) : fromPpm(ppm);
  }

  /** Settles one judged period of the contract's own kind; call in period order. */
  settle(j: PeriodJudgement): Settlement {
    const { contract, period } = j;
    const fullFee = periodFee(contract, period.kind);
    const acceptance = this.first.acceptance ?? contract.acceptance;
    if (j.acceptance.phase === 'acceptance' && acceptance) {
      const fee = applyPercents(fullFee, acceptance.feePpm);
      this.charged.set(period.name, fee);
      this.advanceAcceptance(j);
      return {
        fee,
        credits: { lines: [], caps: [], total: 0 },
        earnBack: { lines: [], total: 0 },
        bonus: { earned: false, amount: 0, streak: 0 },
        payable: fee,
      };
    }
    const fee = fullFee;
    this.charged.set(period.name, fee);
    const credits = this.credits(j, fee);
    const earnBack = this.earnBack(j, credits.lines);
    const bonus = this.bonus(j, fee);
    return { fee, credits, earnBack, bonus, payable: fee - credits.total + earnBack.total + bonus.amount };
  }

  private advanceAcceptance(j: PeriodJudgement): void {
    const acceptance = this.first.acceptance ?? j.contract.acceptance;
    if (!acceptance || j.provisional) return;
    this.acceptanceK++;
    const step = streakStep(j.contract.metrics, (m) => fullVerdictOf(rowsOf(j, m), m), false);
    this.acceptanceRun = stepped(this.acceptanceRun, step);
    const endsByTargets =
      acceptance.endsWhen !== null && this.acceptanceRun >= acceptance.endsWhen.allTargetsMet;
    const endsByLongStop = acceptance.longStop !== null && this.acceptanceK >= acceptance.longStop;
    if (endsByTargets || endsByLongStop) this.acceptanceOver = true;
  }

  private credits(j: PeriodJudgement, fee: Cents): Settlement['credits'] {
    const credits = j.contract.credits;
    if (!credits) return { lines: [], caps: [], total: 0 };
    const raw: { metric: Metric; amount: Cents; rule: string }[] = [];
    for (const m of j.contract.metrics) {
      const allocation = credits.allocationPpm[m.id];
      if (allocation === undefined || j.verdicts[m.id] !== 'missed') continue;
      const minimum = credits.minimumPpm[m.id];
      const critical =
        minimum !== undefined &&
        rowsOf(j, m).some((r) => r.judged && r.value !== null && !meets(r, fromPpm(minimum), m.direction));
      const amount = applyPercents(fee, credits.atRiskPpm, allocation, critical ? 2_000_000 : 1_000_000);
      const rule = moneyRuleText({
        kind: 'allocation',
        allocationPpm: allocation,
        atRiskPpm: credits.atRiskPpm,
        feeCents: fee,
        doubledUnderPpm: critical ? minimum! : null,
      });
      raw.push({ metric: m, amount, rule });
    }
    const caps: CapLine[] = [];
    let amounts = raw.map((r) => r.amount);
    const sum = (list: readonly Cents[]) => list.reduce((a, b) => a + b, 0);
    const atRisk = applyPercents(fee, credits.atRiskPpm);
    if (sum(amounts) > atRisk) {
      caps.push({
        rule: moneyRuleText({ kind: 'atRiskCap', atRiskPpm: credits.atRiskPpm, feeCents: fee }),
        before: sum(amounts),
        after: atRisk,
      });
      amounts = shrinkProRata(amounts, atRisk);
    }
    // Every credit charged counts towards its contract year, under a version with an annual cap or not: a
    // cap that a later version brings subtracts the credits of the year's earlier periods (contract.md).
    const year = this.years.yearOf(j.period);
    const before = this.creditsByYear.get(year) ?? 0;
    if (credits.annualCapPpm !== null) {
      const fees = this.years.feesOfYear(year, this.charged);
      const cap = applyPercents(fees, credits.annualCapPpm);
      const allowed = Math.max(0, cap - before);
      if (sum(amounts) > allowed) {
        caps.push({
          rule: moneyRuleText({
            kind: 'annualCap',
            capPpm: credits.annualCapPpm,
            feesCents: fees,
            creditedCents: before,
          }),
          before: sum(amounts),
          after: allowed,
        });
        amounts = shrinkProRata(amounts, allowed);
      }
    }
    this.creditsByYear.set(year, before + sum(amounts));
    const lines = raw.map((r, i) => ({ metric: r.metric.id, rule: r.rule, amount: amounts[i]! }));
    return { lines, caps, total: sum(amounts) };
  }

  private earnBack(j: PeriodJudgement, charged: readonly MoneyLine[]): Settlement['earnBack'] {
    const rule = j.contract.credits?.earnBack;
    const lines: MoneyLine[] = [];
    // A running period counts in no streak until it has ended: nothing is returned or forfeited yet.
    if (j.provisional) return { lines, total: 0 };
    for (const m of j.contract.metrics) {
      const verdict = j.verdicts[m.id];
      const pending = this.pending.get(m.id);
      if (pending && rule) {
        if (verdict === 'met') {
          pending.met++;
          if (pending.met >= rule.periods) {
            lines.push({
              metric: m.id,
              rule: moneyRuleText({ kind: 'earnBack', period: pending.period, periods: rule.periods }),
              amount: pending.amount,
            });
            this.pending.delete(m.id);
          }
        } else if (verdict === 'missed') {
          this.pending.delete(m.id); // a miss inside the window forfeits it
        }
      }
      const credit = charged.find((l) => l.metric === m.id);
      if (rule && credit && credit.amount > 0)
        this.pending.set(m.id, { period: j.period.name, amount: credit.amount, met: 0 });
    }
    return { lines, total: lines.reduce((a, l) => a + l.amount, 0) };
  }

  private bonus(j: PeriodJudgement, fee: Cents): Settlement['bonus'] {
    const bonus = j.contract.bonus;
    if (!bonus) return { earned: false, amount: 0, streak: 0 };
    // Per metric: met when every judged row met its target and reached the raised one.
    const bonusVerdict = (m: Metric): Verdict => {
      const judged = rowsOf(j, m).filter((r) => r.judged && r.value !== null);
      if (judged.length === 0) return 'unjudged';
      return judged.every(
        (r) => r.met === true && meets(r, exceedTarget(m, r.target, bonus.exceedByPpm), m.direction),
      )
        ? 'met'
        : 'missed';
    };
    this.bonusStreak = stepped(this.bonusStreak, streakStep(j.contract.metrics, bonusVerdict, j.provisional));
    if (this.bonusStreak >= bonus.periods) {
      const streak = this.bonusStreak;
      this.bonusStreak = 0;
      return { earned: true, amount: applyPercents(fee, bonus.amountPpm), streak };
    }
    return { earned: false, amount: 0, streak: this.bonusStreak };
  }
}

/**
 * The ramp-up factor (ppm) of the k-th acceptance period (k = 1, 2, …; the last factor repeats), or null
 * when the contract has no acceptance phase or no ramp-up. The first version's `acceptance:` wins.
 */
export function rampUpPpm(first: Contract, contract: Contract, k: number): number | null {
  const ramp = (first.acceptance ?? contract.acceptance)?.rampUpPpm ?? [];
  return ramp[Math.min(k, ramp.length) - 1] ?? null;
}

/** `min(target + exceed_by, 100%)`, or for lower-is-better `max(target − exceed_by, 0%)`; other kinds keep the target. */
export function exceedTarget(m: Metric, target: Rational, exceedByPpm: number): Rational {
  if (!isPercentageKind(m.kind)) return target;
  const step = fromPpm(exceedByPpm);
  if (m.direction === 'higher') {
    const raised = rational(target.num * step.den + step.num * target.den, target.den * step.den);
    return compare(raised, rational(1n)) > 0 ? rational(1n) : raised;
  }
  const lowered = rational(target.num * step.den - step.num * target.den, target.den * step.den);
  return compare(lowered, rational(0n)) < 0 ? rational(0n) : lowered;
}

/** A metric's rows without its pooled row. */
export function rowsOf(j: { rows: readonly MetricRow[] }, m: Metric): MetricRow[] {
  return j.rows.filter((r) => r.id === m.id && r.reason !== 'pooled');
}
