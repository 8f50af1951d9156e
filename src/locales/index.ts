/**
 * The platform's wording in English, Dutch and German, shared by `accord contract explain`, the dashboard,
 * reports and mails. The domain decides what is said (a message key and its parameters); a locale decides
 * how it reads.
 */
import type { Lang } from '../domain/contract/types.js';
import { de } from './de.js';
import { en } from './en.js';
import { type ExplainMessages, Format, type Locale, type MetricSentences } from './locale.js';
import { nl } from './nl.js';

export type {
  BonusParams,
  CreditsParams,
  ExplainMessages,
  HeaderParams,
  Locale,
  MetricFacts,
  MetricSentences,
  PopulationWords,
  Records,
} from './locale.js';
export { Format, join } from './locale.js';

export const LOCALES: Readonly<Record<Lang, Locale>> = { en, nl, de };

/** Every message a locale holds: `credits`, `headings`, `metric.service_level`, … */
export type MessageKey =
  | Exclude<keyof ExplainMessages, 'metric'>
  | `metric.${Extract<keyof MetricSentences, string>}`;

/** The locale of a language with a formatter bound to it. */
export function localeOf(lang: Lang): { readonly locale: Locale; readonly format: Format } {
  const locale = LOCALES[lang];
  return { locale, format: new Format(locale) };
}
