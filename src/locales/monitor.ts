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
  /** The page of a mail's acknowledge link: the dashboard's (web/src/alerts/AcknowledgePage.tsx). */
  readonly page: {
    readonly title: string;
    readonly button: string;
    readonly done: string;
    readonly already: string;
    readonly invalid: string;
    readonly expired: string;
    readonly level: string;
  };
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
    page: {
      title: 'Acknowledge the alert',
      button: 'Acknowledge',
      done: 'Acknowledged. Its escalation stops.',
      already: 'This alert was acknowledged already.',
      invalid: 'This acknowledge link is not valid.',
      expired: 'This acknowledge link has expired: acknowledge the alert in Accord.',
      level: 'level',
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
    page: {
      title: 'Melding bevestigen',
      button: 'Bevestigen',
      done: 'Bevestigd. De escalatie stopt.',
      already: 'Deze melding was al bevestigd.',
      invalid: 'Deze bevestigingslink is niet geldig.',
      expired: 'Deze bevestigingslink is verlopen: bevestig de melding in Accord.',
      level: 'niveau',
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
    page: {
      title: 'Meldung bestätigen',
      button: 'Bestätigen',
      done: 'Bestätigt. Die Eskalation endet.',
      already: 'Diese Meldung wurde bereits bestätigt.',
      invalid: 'Dieser Bestätigungslink ist ungültig.',
      expired: 'Dieser Bestätigungslink ist abgelaufen: bestätigen Sie die Meldung in Accord.',
      level: 'Stufe',
    },
  },
};
