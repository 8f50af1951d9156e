/**
 * Figures of a report as people read them in one language: values in the metric's unit (percentages with
 * one decimal, durations in seconds, means and scores with two), counts grouped, money signed, verdicts and
 * reasons worded. The HTML and PDF print these strings; XLSX keeps the numbers and gives Excel the format.
 */

import { titleIn } from '../domain/contract/explain.js';
import type { Lang } from '../domain/contract/types.js';
import { parseMoneyRule } from '../domain/evaluation/money-rule.js';
import { LOCALES, localeOf } from '../locales/index.js';
import { REPORT_WORDS, type ReportWords } from '../locales/report.js';
import type { ReportModel, ReportRow, StatementLine } from './model.js';

export interface Words {
  readonly lang: Lang;
  readonly w: ReportWords;
  /** Group separator and decimal mark of the language. */
  readonly group: string;
  readonly decimal: string;
  number(n: number, decimals?: number): string;
  percent(fraction: number, decimals?: number): string;
  money(cents: number, currency: string): string;
  date(iso: string): string;
}

export function wordsOf(lang: Lang): Words {
  const { locale, format } = localeOf(lang);
  const decimal = locale.decimal;
  const group = decimal === '.' ? ',' : '.';
  const number = (n: number, decimals = 0) => {
    const fixed = Math.abs(n).toFixed(decimals);
    const [whole = '0', frac] = fixed.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+$)/g, group);
    const sign = n < 0 && Number(fixed) !== 0 ? '−' : '';
    return `${sign}${grouped}${frac === undefined ? '' : `${decimal}${frac}`}`;
  };
  return {
    lang,
    w: REPORT_WORDS[lang],
    group,
    decimal,
    number,
    percent: (fraction, decimals = 1) => `${number(fraction * 100, decimals)}${locale.percentSpace}%`,
    money: (cents, currency) => {
      const text = format.money(Math.abs(cents), currency);
      return cents < 0 ? `−${text}` : text;
    },
    date: (iso) => format.date(iso),
  };
}

/** A value or target in the row's unit. */
export function unitValue(
  row: Pick<ReportRow, 'kind' | 'percentage'>,
  value: number | null,
  x: Words,
): string {
  if (value === null) return '—';
  if (row.percentage) return x.percent(value);
  if (row.kind === 'average') return `${x.number(value, 1)} ${LOCALES[x.lang].units.s}`;
  if (row.kind === 'compliance') return x.number(value);
  if (row.kind === 'nps') return x.number(value, 1);
  return x.number(value, 2);
}

/** `language nl`, `language nl, queue sales`, or "all" for the pooled row of a split metric. */
export function splitLabel(row: Pick<ReportRow, 'split'>, x: Words, pooled = false): string {
  if (row.split === null) return pooled ? x.w.all : '';
  const dims = LOCALES[x.lang].dimensions as Readonly<Record<string, string>>;
  return Object.entries(row.split)
    .map(([k, v]) => `${dims[k] ?? k} ${v ?? '?'}`)
    .join(', ');
}

/** The verdict of a row: met, missed, or not judged with its reason. */
export function rowVerdict(row: Pick<ReportRow, 'judged' | 'met' | 'reason'>, x: Words): string {
  if (row.judged) return row.met ? x.w.verdicts.met! : x.w.verdicts.missed!;
  const reason = row.reason === null ? '' : ` (${x.w.reasons[row.reason] ?? row.reason})`;
  return `${x.w.verdicts.unjudged}${reason}`;
}

/** The metric's title in the language (the contract's), else its id. */
export function metricTitle(model: ReportModel, id: string, lang: Lang): string {
  const m = model.contract.metrics.find((x) => x.id === id);
  return (m && titleIn(m, lang)) ?? id;
}

/** Whether the row's metric has splits (its unsplit row is then the pool). */
export function isSplitMetric(model: ReportModel, id: string): boolean {
  return (model.contract.metrics.find((m) => m.id === id)?.split.length ?? 0) > 0;
}

/**
 * The settlement's rule (the evaluate JSON's English text) in the report's language, its figures formatted
 * as the language writes them; a text the rule grammar does not read is shown as it is.
 */
export function ruleText(rule: string | null, model: ReportModel, x: Words): string {
  if (rule === null) return '';
  const facts = parseMoneyRule(rule);
  if (facts === null) return rule;
  const { format } = localeOf(x.lang);
  return x.w.moneyRule(facts, {
    percent: (ppm) => format.percent(ppm),
    money: (cents) => x.money(cents, model.currency),
  });
}

/** A statement line in words, with the rule behind the amount (the evaluate text output's sentences). */
export function statementLineText(l: StatementLine, model: ReportModel, x: Words): string {
  const t = LOCALES[x.lang].evaluation;
  const amount = x.money(l.cents, model.currency);
  switch (l.kind) {
    case 'credit':
      return t.credit(l.subject ?? '', amount, ruleText(l.rule, model, x));
    case 'cap':
      return t.cap(ruleText(l.rule, model, x), x.money(l.beforeCents ?? 0, model.currency), amount);
    case 'earnBack':
      return t.earnBack(l.subject ?? '', amount, ruleText(l.rule, model, x));
    case 'bonus':
      return t.bonusEarned(amount, l.streak ?? 0);
    case 'adjustment':
      return t.adjustment(l.subject ?? '', amount);
  }
}
