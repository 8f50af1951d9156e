/**
 * The platform's wording in English, Dutch and German, shared by `accord contract explain`, the dashboard,
 * reports and mails. The domain decides what is said (a message key and its parameters); a locale decides
 * how it reads.
 */
import type { Lang, Metric, MetricKind } from '../domain/contract/types.js';
import { de } from './de.js';
import { en } from './en.js';
import {
  type ExplainMessages,
  Format,
  type Locale,
  type MetricFacts,
  type MetricSentences,
} from './locale.js';
import { nl } from './nl.js';

export type {
  AcceptanceLineParams,
  BonusParams,
  CreditsParams,
  EvaluationMessages,
  ExplainMessages,
  HeaderParams,
  Locale,
  MetricFacts,
  MetricSentences,
  PopulationWords,
  Records,
  StatementLineParams,
} from './locale.js';
export { Format, join } from './locale.js';

export const LOCALES: Readonly<Record<Lang, Locale>> = { en, nl, de };

/** Every message a locale holds: `credits`, `headings`, `metric.service_level`, … */
export type MessageKey =
  | Exclude<keyof ExplainMessages, 'metric'>
  | `metric.${Extract<keyof MetricSentences, string>}`;

/** The sentence of a KPI kind's wording key (`kpi.service_level.explain`: the kind's `metric` sentence). */
export function kpiSentence(
  locale: Locale,
  key: `kpi.${MetricKind}.explain`,
): (m: Metric, w: Format, x: MetricFacts) => string {
  const kind = key.slice('kpi.'.length, -'.explain'.length) as MetricKind;
  // The locale's sentence for that kind; TypeScript cannot pair the two unions by itself.
  return locale.metric[kind] as (m: Metric, w: Format, x: MetricFacts) => string;
}

/** The locale of a language with a formatter bound to it. */
export function localeOf(lang: Lang): { readonly locale: Locale; readonly format: Format } {
  const locale = LOCALES[lang];
  return { locale, format: new Format(locale) };
}
