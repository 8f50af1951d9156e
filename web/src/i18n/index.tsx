/**
 * The dashboard's language: English, Dutch or German, from `?lang=`, else the user's remembered choice,
 * else the browser's. The platform's own vocabulary (channels, split dimensions, statuses, the sentences of
 * `contract explain`) comes from src/locales, so the dashboard and the CLI say the same thing.
 */
import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import { Format, LOCALES, type Locale } from '../../../src/locales/index.js';
import { de } from './de.js';
import { en, type Messages } from './en.js';
import { nl } from './nl.js';

export type Lang = 'en' | 'nl' | 'de';
export const LANGS: readonly Lang[] = ['en', 'nl', 'de'];
export const LANG_NAMES: Readonly<Record<Lang, string>> = { en: 'English', nl: 'Nederlands', de: 'Deutsch' };

const MESSAGES: Readonly<Record<Lang, Messages>> = { en, nl, de };
/** BCP 47 tags for Intl: Dutch and German number and date conventions of the Netherlands and Germany. */
const TAGS: Readonly<Record<Lang, string>> = { en: 'en-GB', nl: 'nl-NL', de: 'de-DE' };

export function isLang(v: unknown): v is Lang {
  return v === 'en' || v === 'nl' || v === 'de';
}

/** The browser's preferred language when it is one of ours. */
export function browserLang(): Lang {
  for (const l of navigator.languages ?? []) {
    const base = l.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return 'en';
}

export interface I18n {
  readonly lang: Lang;
  readonly t: Messages;
  /** The platform's wording (src/locales) in this language. */
  readonly locale: Locale;
  readonly fmt: Formatters;
}

export interface Formatters {
  number(n: number, digits?: number): string;
  /** A share as 0..1. */
  percent(share: number, digits?: number): string;
  /** Parts per million, as the evaluation documents hold percentages. */
  ppm(ppm: number): string;
  /** Cents of a currency, signed. */
  money(cents: number, currency: string): string;
  /** An instant or ISO date as a date. */
  date(iso: string | number): string;
  dateTime(iso: string | number): string;
  time(iso: string | number): string;
  duration(ms: number): string;
}

function formatters(lang: Lang, locale: Locale): Formatters {
  const tag = TAGS[lang];
  const words = new Format(locale);
  const num = (digits: number) =>
    new Intl.NumberFormat(tag, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const pct = (digits: number) =>
    new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric' });
  const dayTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const clock = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' });
  const instant = (v: string | number) => (typeof v === 'number' ? new Date(v) : new Date(v));
  return {
    number: (n, digits = 0) => num(digits).format(n),
    percent: (share, digits = 1) => pct(digits).format(share),
    ppm: (ppm) => words.percent(ppm),
    money: (cents, currency) => {
      const sign = cents < 0 ? '−' : '';
      return `${sign}${words.money(Math.abs(Math.round(cents)), currency)}`;
    },
    date: (v) =>
      typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? words.date(v) : day.format(instant(v)),
    dateTime: (v) => dayTime.format(instant(v)),
    time: (v) => clock.format(instant(v)),
    duration: (ms) => words.duration(Math.round(ms / 1000) * 1000),
  };
}

export function i18nFor(lang: Lang): I18n {
  const locale = LOCALES[lang];
  return { lang, t: MESSAGES[lang], locale, fmt: formatters(lang, locale) };
}

const I18nContext = createContext<I18n>(i18nFor('en'));

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => i18nFor(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
