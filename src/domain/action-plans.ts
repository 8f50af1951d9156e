/**
 * Action plans (docs/action-plans.md): which plans a contract requires after an ended period's evaluation
 * (`action_plan: { when: missed | below_minimum, due_within: 10d }` per metric), when an action is overdue,
 * and which actions a period's report lists (those of the period and those carried from earlier periods
 * until they are closed). Pure: instants are passed in.
 */
import type { Contract, Metric, Target } from './contract/types.js';
import type { Period } from './period.js';
import { dayNumberFromIso, isoFromDayNumber, localDayOf, localToEpoch } from './time/zone.js';

/** What the rule reads of an evaluation: the `evaluate` document's rows and verdicts. */
export interface JudgedPeriod {
  readonly provisional: boolean;
  readonly verdicts: Readonly<Record<string, string>>;
  readonly metrics: readonly {
    readonly id: string;
    readonly value: number | null;
    readonly judged: boolean;
  }[];
}

export interface RequiredPlan {
  readonly metric: string;
  readonly period: string;
  readonly when: 'missed' | 'below_minimum';
  /** Local date `YYYY-MM-DD` in the contract's zone: the last day to agree the plan. */
  readonly dueDate: string;
  /** One plan per metric and period: the store's unique key, so that opening it twice opens it once. */
  readonly trigger: string;
}

/** A target in the unit of the evaluate document's `value` (fractions, seconds, plain numbers). */
function documentValue(t: Target): number {
  switch (t.unit) {
    case 'percent':
      return t.ppm / 1_000_000;
    case 'duration':
      return t.ms / 1000;
    case 'number':
      return t.value;
    case 'count':
      return t.count;
  }
}

/** The level `below_minimum` judges against: the rule's own, else the metric's `credits.minimum`. */
export function planMinimum(contract: Contract, metric: Metric): number | undefined {
  const rule = metric.actionPlan;
  if (rule === undefined) return undefined;
  if (rule.minimum !== null) return documentValue(rule.minimum);
  const ppm = contract.credits?.minimumPpm[metric.id];
  return ppm === undefined ? undefined : ppm / 1_000_000;
}

function below(value: number, minimum: number, direction: Metric['direction']): boolean {
  return direction === 'higher' ? value < minimum : value > minimum;
}

function triggered(contract: Contract, metric: Metric, judged: JudgedPeriod): boolean {
  const rule = metric.actionPlan;
  if (rule === undefined) return false;
  if (rule.when === 'missed') return judged.verdicts[metric.id] === 'missed';
  const minimum = planMinimum(contract, metric);
  if (minimum === undefined) return false;
  return judged.metrics.some(
    (r) => r.id === metric.id && r.judged && r.value !== null && below(r.value, minimum, metric.direction),
  );
}

/** The last local day on which a plan due `dueWithinMs` after the period's end is on time. */
export function dueDateOf(period: Period, dueWithinMs: number, zone: string): string {
  return isoFromDayNumber(localDayOf(zone, period.end + dueWithinMs - 1));
}

/**
 * The plans the contract requires for an ended judgement period, in the order of its metrics. None for a
 * provisional evaluation (the period may still turn) or a period of another kind than the contract's.
 */
export function requiredPlans(contract: Contract, period: Period, judged: JudgedPeriod): RequiredPlan[] {
  if (judged.provisional || period.kind !== contract.period) return [];
  const out: RequiredPlan[] = [];
  for (const metric of contract.metrics) {
    const rule = metric.actionPlan;
    if (rule === undefined || !triggered(contract, metric, judged)) continue;
    out.push({
      metric: metric.id,
      period: period.name,
      when: rule.when,
      dueDate: dueDateOf(period, rule.dueWithinMs, contract.timezone),
      trigger: `${metric.id}|${period.name}`,
    });
  }
  return out;
}

export type ActionStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export const OPEN_STATUSES: readonly ActionStatus[] = ['open', 'in_progress'];

export interface ActionTiming {
  readonly status: ActionStatus;
  /** Local date `YYYY-MM-DD`; null = no due date. */
  readonly dueDate: string | null;
}

/** The instant an action becomes overdue: local midnight after its due date. */
export function overdueFrom(dueDate: string, zone: string): number {
  return localToEpoch(zone, dayNumberFromIso(dueDate) + 1, 0);
}

/** An open action whose due date has passed. */
export function isOverdue(a: ActionTiming, zone: string, now: number): boolean {
  return a.dueDate !== null && OPEN_STATUSES.includes(a.status) && now >= overdueFrom(a.dueDate, zone);
}

export interface CarriedAction {
  /** The period the action was opened for. */
  readonly period: string;
  /** Epoch ms it was closed (done or cancelled); null while open. */
  readonly closedAt: number | null;
}

/**
 * Whether a period's report lists an action: opened for this period or an earlier one (by start), and not
 * closed before this period began. A plan opened on October's miss so shows in November's report, and in
 * every later one until the period in which it is closed.
 */
export function listedIn(
  a: CarriedAction,
  period: Period,
  periodOf: (name: string) => Period | undefined,
): boolean {
  const opened = periodOf(a.period);
  if (opened === undefined || opened.start >= period.end) return false;
  return a.closedAt === null || a.closedAt >= period.start;
}
