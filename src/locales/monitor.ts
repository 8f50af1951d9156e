/**
 * The live monitor's wording in en/nl/de: the at-risk point of a metric in `contract explain`, and the
 * alert kinds as the CLI and the feed name them. Mails are the notifiers' (their own file).
 */
import type { Lang } from '../domain/contract/types.js';
import type { AlertKind } from '../domain/monitor/alert.js';

export interface MonitorWords {
  /** `at risk once 70% of the threshold has run`: appended to a metric's sentence. */
  atRiskAt(percent: string): string;
  readonly kinds: Readonly<Record<AlertKind, string>>;
}

export const MONITOR_WORDS: Readonly<Record<Lang, MonitorWords>> = {
  en: {
    atRiskAt: (p) => `a running contact is at risk once ${p} of the threshold has run`,
    kinds: {
      at_risk: 'at risk',
      breached: 'breached',
      missed_periods: 'missed periods',
      escalated: 'escalated',
      action_overdue: 'action overdue',
    },
  },
  nl: {
    atRiskAt: (p) => `een lopend contact is in gevaar zodra ${p} van de drempel verstreken is`,
    kinds: {
      at_risk: 'in gevaar',
      breached: 'overschreden',
      missed_periods: 'gemiste perioden',
      escalated: 'geëscaleerd',
      action_overdue: 'actie te laat',
    },
  },
  de: {
    atRiskAt: (p) => `ein laufender Kontakt ist gefährdet, sobald ${p} der Schwelle verstrichen sind`,
    kinds: {
      at_risk: 'gefährdet',
      breached: 'verletzt',
      missed_periods: 'verfehlte Perioden',
      escalated: 'eskaliert',
      action_overdue: 'Maßnahme überfällig',
    },
  },
};
