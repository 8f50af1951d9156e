/**
 * Escalation as the contract writes it (contract.md, `escalation:`): which levels an event calls, the
 * alert each receives, and the alert that goes to the next level when one is not acknowledged in time.
 * Pure: instants (epoch ms) in, `AlertMessage`s out.
 *
 * - A contact passing its at-risk point calls every level whose `when` is `at_risk`; passing its deadline,
 *   every level whose `when` is `breached`. A metric forecast to miss its period calls the `at_risk` levels;
 *   N judged periods missed in a row, the levels with `{ missed_periods: M }`, M <= N.
 * - An alert must be acknowledged within its level's `acknowledge_within`; if not, an `escalated` alert goes
 *   to the next level (by level number), which must acknowledge within its own time, and so on. An alert of
 *   the last level has no acknowledge-by.
 * - An alert's id is a digest of contract, metric, subject (contact or period), level and kind: raised
 *   again (after a restart, by a second instance) it is the same alert, which is what makes it "never twice".
 */
import {
  type Contract,
  type EscalationLevel,
  LANGS,
  type Lang,
  type Metric,
  type Title,
} from '../contract/types.js';
import { sha256Hex } from '../sha256.js';
import type { AlertContact, AlertKind, AlertMessage, PeriodRisk } from './alert.js';

/** The event that calls escalation levels. */
export type Trigger =
  | { readonly event: 'at_risk' }
  | { readonly event: 'breached' }
  | { readonly event: 'missed_periods'; readonly periods: number };

/** The levels an event calls, lowest first. */
export function levelsFor(contract: Contract, trigger: Trigger): EscalationLevel[] {
  return contract.escalation.filter((e) => {
    if (e.when.event !== trigger.event) return false;
    return (
      e.when.event !== 'missed_periods' ||
      (trigger.event === 'missed_periods' && trigger.periods >= e.when.periods)
    );
  });
}

/** The level after `level` (by number), or undefined at the last. */
export function nextLevel(contract: Contract, level: number): EscalationLevel | undefined {
  return contract.escalation.find((e) => e.level > level);
}

/** The stable id of an alert: 32 hex digits of SHA-256 over what makes it one alert. */
export function alertId(
  contract: string,
  metric: string | null,
  subject: string,
  level: number,
  kind: AlertKind,
): string {
  return sha256Hex([contract, metric ?? '', subject, String(level), kind].join('\u0000')).slice(0, 32);
}

/** What an alert is about, beside its level and kind. */
export interface AlertSubject {
  readonly organisationId: string;
  readonly contract: Contract;
  readonly metric: Metric | null;
  readonly contact: AlertContact | null;
  readonly period: string | null;
  /** When the condition began: the at-risk point, the deadline, the period's evaluation. */
  readonly dueAt: number;
  readonly deadline: number | null;
  readonly periodRisk?: PeriodRisk;
  readonly missedPeriods?: number;
}

function subjectKey(s: AlertSubject): string {
  if (s.contact !== null) return `contact:${s.contact.source}/${s.contact.key}`;
  return `period:${s.period ?? ''}`;
}

/** ISO 8601 in UTC with milliseconds: the instants of an alert. */
const iso = (ms: number) => new Date(ms).toISOString();

/** A metric's titles per language, those it has. */
function titles(t: Title): Partial<Record<Lang, string>> {
  const out: Partial<Record<Lang, string>> = {};
  for (const lang of LANGS) {
    const v = t[lang];
    if (typeof v === 'string' && v !== '') out[lang] = v;
  }
  return out;
}

/** The alert of one level for a subject. */
export function alertFor(
  s: AlertSubject,
  level: EscalationLevel,
  kind: AlertKind,
  raisedAt: number,
): AlertMessage {
  const last = nextLevel(s.contract, level.level) === undefined;
  const title = s.metric === null ? undefined : (s.metric.title.en ?? s.metric.title.nl ?? s.metric.title.de);
  return {
    id: alertId(s.contract.id, s.metric?.id ?? null, subjectKey(s), level.level, kind),
    organisationId: s.organisationId,
    contract: s.contract.id,
    kind,
    level: level.level,
    who: level.who,
    metric: s.metric?.id ?? null,
    ...(title === undefined || title === null ? {} : { metricName: title }),
    ...(s.metric === null ? {} : { metricNames: titles(s.metric.title) }),
    contact: s.contact,
    period: s.period,
    dueAt: iso(s.dueAt),
    deadline: s.deadline === null ? null : iso(s.deadline),
    raisedAt: iso(raisedAt),
    acknowledgeBy: last ? null : iso(raisedAt + level.acknowledgeWithinMs),
    ...(s.periodRisk === undefined ? {} : { periodRisk: s.periodRisk }),
    ...(s.missedPeriods === undefined ? {} : { missedPeriods: s.missedPeriods }),
  };
}

/** The alerts an event raises: one per level it calls. */
export function alertsFor(s: AlertSubject, trigger: Trigger, raisedAt: number): AlertMessage[] {
  const kind: AlertKind = trigger.event;
  return levelsFor(s.contract, trigger).map((level) => alertFor(s, level, kind, raisedAt));
}

/**
 * The alert that goes to the next level when `alert` was not acknowledged by its acknowledge-by; undefined
 * at the last level. It is about the same subject, and due when the previous one ran out.
 */
export function escalationOf(
  contract: Contract,
  alert: AlertMessage,
  raisedAt: number,
): AlertMessage | undefined {
  const next = nextLevel(contract, alert.level);
  if (next === undefined || alert.acknowledgeBy === null) return undefined;
  const subject =
    alert.contact === null
      ? `period:${alert.period ?? ''}`
      : `contact:${alert.contact.source}/${alert.contact.key}`;
  const last = nextLevel(contract, next.level) === undefined;
  return {
    ...alert,
    id: alertId(contract.id, alert.metric, `${subject}:from:${alert.id}`, next.level, 'escalated'),
    kind: 'escalated',
    level: next.level,
    who: next.who,
    dueAt: alert.acknowledgeBy,
    raisedAt: iso(raisedAt),
    acknowledgeBy: last ? null : iso(raisedAt + next.acknowledgeWithinMs),
  };
}
