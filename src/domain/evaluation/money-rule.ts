/**
 * The rule behind a money line, as facts and as the text the evaluate JSON carries (`rule`, an interface:
 * English, plain figures). The settlement writes the text from the facts here; a report reads the text back
 * here into the facts, to word them in its own language. One grammar, written and read in one place.
 */
import { type Cents, formatCents, parseCents } from '../money.js';
import { formatPercent, parseUnboundedPercent } from '../percent.js';

export type MoneyRule =
  | {
      readonly kind: 'allocation';
      readonly allocationPpm: number;
      readonly atRiskPpm: number;
      readonly feeCents: Cents;
      /** The minimum under which the credit is doubled, when it was. */
      readonly doubledUnderPpm: number | null;
    }
  | { readonly kind: 'atRiskCap'; readonly atRiskPpm: number; readonly feeCents: Cents }
  | {
      readonly kind: 'annualCap';
      readonly capPpm: number;
      readonly feesCents: Cents;
      readonly creditedCents: Cents;
    }
  | { readonly kind: 'earnBack'; readonly period: string; readonly periods: number };

/** The rule as the evaluate JSON words it. */
export function moneyRuleText(r: MoneyRule): string {
  switch (r.kind) {
    case 'allocation':
      return (
        `allocation ${formatPercent(r.allocationPpm)} of at-risk ${formatPercent(r.atRiskPpm)} of fee ${formatCents(r.feeCents)}` +
        (r.doubledUnderPpm !== null ? `, doubled under minimum ${formatPercent(r.doubledUnderPpm)}` : '')
      );
    case 'atRiskCap':
      return `at-risk cap ${formatPercent(r.atRiskPpm)} of fee ${formatCents(r.feeCents)}`;
    case 'annualCap':
      return `annual cap ${formatPercent(r.capPpm)} of contract-year fees ${formatCents(r.feesCents)}, ${formatCents(r.creditedCents)} already credited`;
    case 'earnBack':
      return `earn-back of the ${r.period} credit after ${r.periods} met periods in a row`;
  }
}

const P = '(\\d+(?:\\.\\d+)?%)';
const C = '(\\d+\\.\\d\\d)';
const ALLOCATION = new RegExp(
  `^allocation ${P} of at-risk ${P} of fee ${C}(?:, doubled under minimum ${P})?$`,
);
const AT_RISK_CAP = new RegExp(`^at-risk cap ${P} of fee ${C}$`);
const ANNUAL_CAP = new RegExp(`^annual cap ${P} of contract-year fees ${C}, ${C} already credited$`);
const EARN_BACK = /^earn-back of the (\S+) credit after (\d+) met periods in a row$/;

/** The facts of a rule text, or null for a text this grammar did not write (older documents). */
export function parseMoneyRule(text: string): MoneyRule | null {
  const pct = (s: string | undefined) => (s === undefined ? undefined : parseUnboundedPercent(s));
  const cents = (s: string | undefined) => (s === undefined ? undefined : parseCents(s));
  const parsed = ((): MoneyRule | null => {
    let m = ALLOCATION.exec(text);
    if (m) {
      const [a, r, f] = [pct(m[1]), pct(m[2]), cents(m[3])];
      const d = m[4] === undefined ? null : pct(m[4]);
      if (a === undefined || r === undefined || f === undefined || d === undefined) return null;
      return { kind: 'allocation', allocationPpm: a, atRiskPpm: r, feeCents: f, doubledUnderPpm: d };
    }
    m = AT_RISK_CAP.exec(text);
    if (m) {
      const [r, f] = [pct(m[1]), cents(m[2])];
      return r === undefined || f === undefined ? null : { kind: 'atRiskCap', atRiskPpm: r, feeCents: f };
    }
    m = ANNUAL_CAP.exec(text);
    if (m) {
      const [p, f, c] = [pct(m[1]), cents(m[2]), cents(m[3])];
      if (p === undefined || f === undefined || c === undefined) return null;
      return { kind: 'annualCap', capPpm: p, feesCents: f, creditedCents: c };
    }
    m = EARN_BACK.exec(text);
    if (m) return { kind: 'earnBack', period: m[1]!, periods: Number(m[2]) };
    return null;
  })();
  // Only a reading that writes the same text back is the rule's reading.
  return parsed !== null && moneyRuleText(parsed) === text ? parsed : null;
}
