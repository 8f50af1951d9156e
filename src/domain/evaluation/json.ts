/** The `evaluate` JSON document of interfaces.md, built from an evaluation. */
import { formatCents } from '../money.js';
import { toNumber } from '../rational.js';
import { formatInstant } from '../time/instant.js';
import type { Evaluation } from './evaluate.js';
import type { Settlement } from './settlement.js';
import type { MetricRow } from './types.js';

export interface EvaluationJsonOptions {
  readonly asOf: number;
  /** Metric ids whose rows list the records that count against them. */
  readonly breaches?: readonly string[];
}

/** One row of `metrics`: the same writer for an evaluation, a trend and a report. */
export function metricRowJson(r: MetricRow, withBreaches = false) {
  return {
    id: r.id,
    split: r.split,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.value === null ? null : toNumber(r.value),
    target: toNumber(r.target),
    met: r.met,
    judged: r.judged,
    reason: r.reason,
    volume: r.volume,
    ...(r.outlook !== undefined ? { outlook: r.outlook } : {}),
    ...(withBreaches ? { breaches: r.breaches } : {}),
  };
}

/** The statement of a judgement period: fee, credits, earn-back, bonus and the net amount payable. */
export function statementJson(s: Settlement) {
  return {
    fee: formatCents(s.fee),
    credits: formatCents(s.credits.total),
    earnBack: formatCents(s.earnBack.total),
    bonus: formatCents(s.bonus.amount),
    payable: formatCents(s.payable),
  };
}

export function evaluationJson(e: Evaluation, options: EvaluationJsonOptions) {
  const { result } = e;
  const c = result.contract;
  const s = result.settlement;
  const breaches = new Set(options.breaches ?? []);
  return {
    contract: c.id,
    version: c.version,
    contractDigest: e.contractDigest,
    period: result.period.name,
    asOf: formatInstant(options.asOf, c.timezone),
    provisional: result.provisional,
    inputDigest: e.inputDigest,
    metrics: result.rows.map((r) => metricRowJson(r, breaches.has(r.id))),
    verdicts: result.verdicts,
    credits: s && {
      total: formatCents(s.credits.total),
      currency: c.currency,
      lines: s.credits.lines.map((l) => ({ metric: l.metric, rule: l.rule, amount: formatCents(l.amount) })),
      caps: s.credits.caps.map((l) => ({
        rule: l.rule,
        before: formatCents(l.before),
        after: formatCents(l.after),
      })),
    },
    earnBack: s && {
      total: formatCents(s.earnBack.total),
      lines: s.earnBack.lines.map((l) => ({ metric: l.metric, rule: l.rule, amount: formatCents(l.amount) })),
    },
    bonus: s && { earned: s.bonus.earned, amount: formatCents(s.bonus.amount), streak: s.bonus.streak },
    acceptance: result.acceptance,
    statement: s && statementJson(s),
    warnings: e.warnings,
  };
}
