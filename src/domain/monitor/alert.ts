/**
 * An alert: what the live monitor raises and the notifiers deliver (issue 15). The monitor decides that an
 * alert is due and writes it, in the same transaction as its own state change, to the delivery outbox; the
 * notifiers turn it into a mail, a webhook call or a feed entry in each recipient's language. Plain,
 * serialisable data: the outbox stores it as JSON.
 */

/**
 * `at_risk`: a contact passed its at-risk point, or a metric is forecast to miss this period;
 * `breached`: a contact passed its deadline; `missed_periods`: a metric missed N judged periods in a row;
 * `escalated`: an alert was not acknowledged in time and went to the next level;
 * `action_overdue`: an action of an action plan passed its due date (reports issue).
 */
export type AlertKind = 'at_risk' | 'breached' | 'missed_periods' | 'escalated' | 'action_overdue';

/** The contact an alert is about, when it is about one. */
export interface AlertContact {
  readonly source: string;
  readonly key: string;
  readonly channel: string;
  /** ISO instant. */
  readonly createdAt: string;
  readonly language?: string;
  readonly queue?: string;
}

/** Why a metric is at risk this period, as figures: "82 of the next 140 calls must be answered within 30 s". */
export interface PeriodRisk {
  readonly period: string;
  /** The metric's value so far and its target, as fractions (0.8) or plain numbers for score kinds. */
  readonly value: number | null;
  readonly target: number;
  /** How many of the `remaining` expected records must still meet the threshold; null when it cannot be met. */
  readonly needed: number | null;
  readonly remaining: number;
  readonly thresholdMs?: number;
}

export interface AlertMessage {
  /**
   * Stable identity: contract, metric, subject (contact or period), level and kind. The same alert raised
   * again (after a restart, by a second instance) has the same id, which is what makes it "never twice".
   */
  readonly id: string;
  /** The organisation that holds the contract (tenancy), and the contract's id and name. */
  readonly organisationId: string;
  readonly contract: string;
  readonly contractName?: string;
  readonly kind: AlertKind;
  /** The escalation level whose `who` receives it, and those names (recipients are set per `who`). */
  readonly level: number;
  readonly who: readonly string[];
  readonly metric: string | null;
  readonly metricName?: string;
  /** The metric's title in each language the contract writes it in (a mail uses the recipient's). */
  readonly metricNames?: Readonly<Partial<Record<'en' | 'nl' | 'de', string>>>;
  readonly contact: AlertContact | null;
  readonly period: string | null;
  /** ISO instants: when the condition began (the at-risk point or the deadline), the deadline itself. */
  readonly dueAt: string;
  readonly deadline: string | null;
  readonly raisedAt: string;
  /** ISO instant by which it must be acknowledged before it goes to the next level; null at the last level. */
  readonly acknowledgeBy: string | null;
  readonly periodRisk?: PeriodRisk;
  /** missed_periods: how many judged periods in a row were missed. */
  readonly missedPeriods?: number;
}
