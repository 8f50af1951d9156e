/**
 * A contract in plain words, in English, Dutch or German (`accord contract explain`): every metric with its
 * defaults filled in, the calendars, and the money rules. Pure: the same contract gives the same text.
 *
 * This file holds the rules: the fee and amounts of a period, whether a clock runs 24/7. Each KPI kind says
 * which records its metrics count and names its sentence by a wording key (src/domain/kpis/). It turns a
 * contract into the parameters of each message (`explainContractParams`); the wording of each message lives
 * in src/locales/, shared with the dashboard, reports and mails.
 */

import { ACTION_PLAN_WORDS } from '../../locales/action-plans.js';
import {
  type BonusParams,
  type CreditsParams,
  type Format,
  type HeaderParams,
  kpiSentence,
  type Locale,
  localeOf,
  type MetricFacts,
} from '../../locales/index.js';
import { MONITOR_WORDS } from '../../locales/monitor.js';
import type { CalendarDefinition } from '../calendar/definition.js';
import { coveredPopulation } from '../kpis/channels.js';
import { kpiOf } from '../kpis/index.js';
import type { Clock, Contract, Lang, Metric, PeriodKind, Population } from './types.js';

/** What the contacts of a population are called: calls, chats or contacts (abandonment, alert figures). */
export function abandonNoun(pop: Population): 'calls' | 'chats' | 'contacts' {
  const channels = pop.channel ?? [];
  if (channels.length === 1 && channels[0] === 'phone') return 'calls';
  if (channels.length === 1 && channels[0] === 'chat') return 'chats';
  return 'contacts';
}

/** A sentence that ends in an abbreviation ("2 Std.") takes no second full stop. */
const tidy = (line: string) => line.replace(/\.\.$/, '.');

/** The fee of one judgement period: ×3 for a quarter, ×12/52 for a week (rounded half-up to the cent). */
function periodFee(c: Contract): number {
  if (c.period === 'quarter') return c.monthlyFeeCents * 3;
  if (c.period === 'week') return Number((BigInt(c.monthlyFeeCents) * 12n * 2n + 52n) / 104n);
  return c.monthlyFeeCents;
}

/** `cents × ppm`, rounded half-up to the cent. */
function share(cents: number, ppm: number): number {
  return Number((BigInt(cents) * BigInt(ppm) * 2n + 1_000_000n) / 2_000_000n);
}

function open247(c: Clock, calendars: Readonly<Record<string, CalendarDefinition>>): boolean {
  return c.calendar !== null && calendars[c.calendar]?.alwaysOpen === true;
}

/** What a metric's sentence needs to know beyond the metric itself. */
export function metricFacts(m: Metric, calendars: Readonly<Record<string, CalendarDefinition>>): MetricFacts {
  const clock = 'clock' in m ? m.clock : null;
  return {
    open247: clock !== null && open247(clock, calendars),
    records: kpiOf(m).records(m),
    abandonNoun: abandonNoun(m.population),
  };
}

/** The parameters of every message of an explanation, by message key. */
export interface ContractExplanation {
  readonly header: HeaderParams;
  readonly digest: string | null;
  readonly calendars: readonly (readonly [string, CalendarDefinition])[];
  readonly segments: readonly (readonly [string, Population])[];
  readonly metrics: readonly { readonly metric: Metric; readonly facts: MetricFacts }[];
  readonly credits: CreditsParams;
  readonly bonus: BonusParams;
  readonly acceptance: Pick<Contract, 'acceptance'>;
  readonly volume: Pick<Contract, 'volume'>;
  readonly exclusions: Pick<Contract, 'exclusions'>;
  readonly escalation: Pick<Contract, 'escalation'>;
  readonly data: Pick<Contract, 'data'>;
}

/** The rules applied: what each message of the explanation says, before it is put in words. */
export function explainContractParams(contract: Contract, digest: string | null = null): ContractExplanation {
  const fee = periodFee(contract);
  return {
    header: contract,
    digest,
    calendars: Object.entries(contract.calendars),
    segments: Object.entries(contract.segments),
    // Each metric as it counts: its kind's channels in its population (a service level counts calls and
    // chats even where the contract names no channel).
    metrics: contract.metrics.map((m) => {
      const metric = { ...m, population: coveredPopulation(m) } as Metric;
      return { metric, facts: metricFacts(metric, contract.calendars) };
    }),
    credits: {
      credits: contract.credits,
      currency: contract.currency,
      period: contract.period,
      atRiskCents: contract.credits ? share(fee, contract.credits.atRiskPpm) : 0,
    },
    bonus: {
      bonus: contract.bonus,
      currency: contract.currency,
      amountCents: contract.bonus ? share(fee, contract.bonus.amountPpm) : 0,
    },
    acceptance: contract,
    volume: contract,
    exclusions: contract,
    escalation: contract,
    data: contract,
  };
}

/** The sentence of the metric's kind, by the kind's wording key. */
function sentence(m: Metric, facts: MetricFacts, p: Locale, w: Format): string {
  return kpiSentence(p, kpiOf(m).wording.explain)(m, w, facts);
}

/** The title in `lang`, else in English, Dutch or German, else null. */
export function titleIn(m: Metric, lang: Lang): string | null {
  return m.title[lang] ?? m.title.en ?? m.title.nl ?? m.title.de;
}

/** The action plan clause of a metric with `action_plan:`, or '' (docs/action-plans.md). */
function actionPlanClause(m: Metric, lang: Lang, w: Format, creditsMinimumPpm: number | undefined): string {
  const rule = m.actionPlan;
  if (rule === undefined) return '';
  const minimum =
    rule.minimum !== null
      ? w.target(rule.minimum)
      : creditsMinimumPpm === undefined
        ? null
        : w.percent(creditsMinimumPpm);
  return `; ${ACTION_PLAN_WORDS[lang].rule(rule, w, minimum)}`;
}

function metricLine(
  m: Metric,
  facts: MetricFacts,
  period: PeriodKind,
  lang: Lang,
  creditsMinimumPpm?: number,
): string {
  const { locale: p, format: w } = localeOf(lang);
  const title = titleIn(m, lang);
  const judged =
    m.kind === 'compliance' ? p.alwaysJudged(period) : p.judged(period, m.minimumSample, facts.records);
  const atRisk =
    m.atRiskAtPpm === undefined ? '' : `; ${MONITOR_WORDS[lang].atRiskAt(w.percent(m.atRiskAtPpm))}`;
  const plan = actionPlanClause(m, lang, w, creditsMinimumPpm);
  return `${m.id}${title ? ` — ${title}` : ''}: ${sentence(m, facts, p, w)}${atRisk}; ${judged}${plan}.`;
}

/**
 * One metric in one sentence: `phone-service-level — Calls answered within 30 s: at least 80% of inbound
 * phone contacts are answered within 30 s on a 24/7 clock, per language (fr: 70%); …; judged per month.`
 */
export function explainMetric(
  metric: Metric,
  period: PeriodKind,
  lang: Lang = 'en',
  calendars: Readonly<Record<string, CalendarDefinition>> = {},
): string {
  return metricLine(metric, metricFacts(metric, calendars), period, lang);
}

function moneyLines(e: ContractExplanation, p: Locale, w: Format): string[] {
  return [p.credits(e.credits, w), p.bonus(e.bonus, w), p.acceptance(e.acceptance, w)].map(tidy);
}

/** The money rules (credits, bonus, acceptance) in a few lines. */
export function explainMoney(contract: Contract, lang: Lang = 'en'): string[] {
  const { locale, format } = localeOf(lang);
  return moneyLines(explainContractParams(contract), locale, format);
}

/** An explanation in one language, one paragraph per line. */
export function renderExplanation(e: ContractExplanation, lang: Lang): string {
  const { locale: p, format: w } = localeOf(lang);
  const lines: string[] = [...p.header(e.header, w)];
  if (e.digest) lines.push(`${p.digestLabel}: ${e.digest}`);
  if (e.calendars.length > 0) {
    lines.push('', p.headings.calendars);
    for (const [name, cal] of e.calendars) lines.push(`  ${name}: ${p.calendar(cal, w, e.header.timezone)}`);
  }
  if (e.segments.length > 0) {
    lines.push('', p.headings.segments);
    for (const [name, pop] of e.segments)
      lines.push(`  ${name}: ${p.segment(w.population(pop, 'contacts', true))}`);
  }
  lines.push('', `${p.headings.metrics} (${e.metrics.length})`);
  for (const { metric, facts } of e.metrics)
    lines.push(
      `  ${metricLine(metric, facts, e.header.period, lang, e.credits.credits?.minimumPpm[metric.id])}`,
    );
  lines.push('', p.headings.money);
  for (const line of moneyLines(e, p, w)) lines.push(`  ${line}`);
  lines.push('', p.headings.other);
  const other = [p.volume(e.volume, w), p.exclusions(e.exclusions, w), p.escalation(e.escalation, w)];
  for (const line of [...other, p.data(e.data)]) lines.push(`  ${tidy(line)}`);
  return lines.join('\n');
}

/** The whole contract in plain words, one paragraph per line; `digest` is printed when given. */
export function explainContract(contract: Contract, options: { lang?: Lang; digest?: string } = {}): string {
  return renderExplanation(explainContractParams(contract, options.digest ?? null), options.lang ?? 'en');
}
