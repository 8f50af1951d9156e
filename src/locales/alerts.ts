/**
 * The wording of alert mails and chat messages (docs/delivery.md) in English, Dutch and German. The
 * notifier (src/notify/alert-text.ts) decides what is said and formats every number and instant with the
 * language's `Format` in the contract's time zone; these functions only put the words around them.
 */

import type { Lang } from '../domain/contract/types.js';
import type { AlertKind } from '../domain/monitor/alert.js';

/** What a sentence of an alert talks about, already formatted. */
export interface AlertFacts {
  readonly kind: AlertKind;
  readonly level: number;
  readonly contract: string;
  /** The metric's name, or null for an alert about no metric. */
  readonly metric: string | null;
  /** "chat web/42", or null for an alert about no contact. */
  readonly contact: string | null;
  readonly period: string | null;
  readonly missedPeriods: number | null;
}

/** Period-risk figures, formatted: "82 of the next 140 contacts must be answered within 30 s". */
export interface RiskFacts {
  readonly needed: string | null;
  readonly remaining: string;
  /** "30 s", or null when the metric has no threshold. */
  readonly threshold: string | null;
  readonly value: string | null;
  readonly target: string;
  /** What the metric counts: calls, chats or contacts. */
  readonly records: 'calls' | 'chats' | 'contacts';
}

export interface AlertWords {
  subject(f: AlertFacts): string;
  /** The first sentence of the message. */
  headline(f: AlertFacts): string;
  readonly labels: {
    readonly contract: string;
    readonly metric: string;
    readonly contact: string;
    readonly period: string;
    readonly deadline: string;
    readonly dueAt: string;
    readonly level: string;
    readonly acknowledgeBy: string;
  };
  /** "late by 2 min 5 s" / "1 min left". */
  late(duration: string): string;
  left(duration: string): string;
  risk(r: RiskFacts): string;
  readonly links: { readonly live: string; readonly metric: string; readonly acknowledge: string };
  /** Under the acknowledge link: what happens when nobody acknowledges. */
  escalates(by: string): string;
  readonly lastLevel: string;
  readonly footer: string;
}

const subjectOf = (kind: string, f: AlertFacts) =>
  `[Accord] ${kind}: ${f.contract}${f.metric === null ? '' : ` · ${f.metric}`}${f.contact === null ? '' : ` · ${f.contact}`}`;

export const ALERT_WORDS: Readonly<Record<Lang, AlertWords>> = {
  en: {
    subject: (f) =>
      subjectOf(
        {
          at_risk: 'At risk',
          breached: 'Breached',
          missed_periods: 'Missed periods',
          escalated: `Escalated to level ${f.level}`,
          action_overdue: 'Action overdue',
        }[f.kind],
        f,
      ),
    headline: (f) => {
      const what = f.metric ?? 'the contract';
      switch (f.kind) {
        case 'at_risk':
          return f.contact === null
            ? `${what} is forecast to miss its target in ${f.period ?? 'this period'}.`
            : `Contact ${f.contact} is about to miss the deadline of ${what}.`;
        case 'breached':
          return `Contact ${f.contact ?? ''} missed the deadline of ${what}.`.replace('  ', ' ');
        case 'missed_periods':
          return `${what} missed its target ${f.missedPeriods ?? ''} periods in a row.`.replace('  ', ' ');
        case 'escalated':
          return `An alert about ${what} was not acknowledged in time and now goes to level ${f.level}.`;
        case 'action_overdue':
          return `An action of the action plan for ${what} is past its due date.`;
      }
    },
    labels: {
      contract: 'Contract',
      metric: 'Metric',
      contact: 'Contact',
      period: 'Period',
      deadline: 'Deadline',
      dueAt: 'Since',
      level: 'Escalation level',
      acknowledgeBy: 'Acknowledge by',
    },
    late: (d) => `late by ${d}`,
    left: (d) => `${d} left`,
    risk: (r) =>
      r.needed === null
        ? `The target of ${r.target} can no longer be met this period${r.value === null ? '' : ` (so far ${r.value})`}.`
        : `${r.needed} of the next ${r.remaining} ${r.records} must ${r.threshold === null ? 'meet the target' : `be answered within ${r.threshold}`} to reach ${r.target}${r.value === null ? '' : ` (so far ${r.value})`}.`,
    links: { live: 'Live view', metric: 'The metric this period', acknowledge: 'Acknowledge' },
    escalates: (by) => `Not acknowledged by ${by}, it goes to the next escalation level.`,
    lastLevel: 'This is the last escalation level.',
    footer: 'You receive this because the contract names you in its escalation. Sent by Accord.',
  },
  nl: {
    subject: (f) =>
      subjectOf(
        {
          at_risk: 'Dreigt te missen',
          breached: 'Overschreden',
          missed_periods: 'Perioden gemist',
          escalated: `Geëscaleerd naar niveau ${f.level}`,
          action_overdue: 'Actie over tijd',
        }[f.kind],
        f,
      ),
    headline: (f) => {
      const what = f.metric ?? 'het contract';
      switch (f.kind) {
        case 'at_risk':
          return f.contact === null
            ? `${what} haalt naar verwachting de norm niet in ${f.period ?? 'deze periode'}.`
            : `Contact ${f.contact} dreigt de termijn van ${what} te overschrijden.`;
        case 'breached':
          return `Contact ${f.contact ?? ''} heeft de termijn van ${what} overschreden.`.replace('  ', ' ');
        case 'missed_periods':
          return `${what} heeft de norm ${f.missedPeriods ?? ''} perioden op rij gemist.`.replace('  ', ' ');
        case 'escalated':
          return `Een melding over ${what} is niet op tijd bevestigd en gaat nu naar niveau ${f.level}.`;
        case 'action_overdue':
          return `Een actie uit het verbeterplan voor ${what} is over de vervaldatum.`;
      }
    },
    labels: {
      contract: 'Contract',
      metric: 'Norm',
      contact: 'Contact',
      period: 'Periode',
      deadline: 'Termijn',
      dueAt: 'Sinds',
      level: 'Escalatieniveau',
      acknowledgeBy: 'Bevestigen vóór',
    },
    late: (d) => `${d} te laat`,
    left: (d) => `nog ${d}`,
    risk: (r) =>
      r.needed === null
        ? `De norm van ${r.target} is deze periode niet meer te halen${r.value === null ? '' : ` (tot nu toe ${r.value})`}.`
        : `${r.needed} van de volgende ${r.remaining} ${{ calls: 'gesprekken', chats: 'chats', contacts: 'contacten' }[r.records]} moeten ${r.threshold === null ? 'aan de norm voldoen' : `binnen ${r.threshold} beantwoord worden`} om ${r.target} te halen${r.value === null ? '' : ` (tot nu toe ${r.value})`}.`,
    links: { live: 'Live-overzicht', metric: 'De norm deze periode', acknowledge: 'Bevestigen' },
    escalates: (by) => `Zonder bevestiging vóór ${by} gaat de melding naar het volgende escalatieniveau.`,
    lastLevel: 'Dit is het hoogste escalatieniveau.',
    footer: 'U ontvangt dit bericht omdat het contract u in de escalatie noemt. Verstuurd door Accord.',
  },
  de: {
    subject: (f) =>
      subjectOf(
        {
          at_risk: 'Gefährdet',
          breached: 'Überschritten',
          missed_periods: 'Perioden verfehlt',
          escalated: `Eskaliert auf Stufe ${f.level}`,
          action_overdue: 'Maßnahme überfällig',
        }[f.kind],
        f,
      ),
    headline: (f) => {
      const what = f.metric ?? 'der Vertrag';
      switch (f.kind) {
        case 'at_risk':
          return f.contact === null
            ? `${what} verfehlt voraussichtlich das Ziel in ${f.period ?? 'dieser Periode'}.`
            : `Kontakt ${f.contact} droht die Frist von ${what} zu überschreiten.`;
        case 'breached':
          return `Kontakt ${f.contact ?? ''} hat die Frist von ${what} überschritten.`.replace('  ', ' ');
        case 'missed_periods':
          return `${what} hat das Ziel ${f.missedPeriods ?? ''} Perioden in Folge verfehlt.`.replace(
            '  ',
            ' ',
          );
        case 'escalated':
          return `Eine Meldung zu ${what} wurde nicht rechtzeitig bestätigt und geht nun an Stufe ${f.level}.`;
        case 'action_overdue':
          return `Eine Maßnahme des Aktionsplans für ${what} ist überfällig.`;
      }
    },
    labels: {
      contract: 'Vertrag',
      metric: 'Kennzahl',
      contact: 'Kontakt',
      period: 'Periode',
      deadline: 'Frist',
      dueAt: 'Seit',
      level: 'Eskalationsstufe',
      acknowledgeBy: 'Bestätigen bis',
    },
    late: (d) => `${d} zu spät`,
    left: (d) => `noch ${d}`,
    risk: (r) =>
      r.needed === null
        ? `Das Ziel von ${r.target} ist in dieser Periode nicht mehr erreichbar${r.value === null ? '' : ` (bisher ${r.value})`}.`
        : `${r.needed} der nächsten ${r.remaining} ${{ calls: 'Anrufe', chats: 'Chats', contacts: 'Kontakte' }[r.records]} müssen ${r.threshold === null ? 'das Ziel erfüllen' : `innerhalb von ${r.threshold} beantwortet werden`}, um ${r.target} zu erreichen${r.value === null ? '' : ` (bisher ${r.value})`}.`,
    links: { live: 'Live-Ansicht', metric: 'Die Kennzahl in dieser Periode', acknowledge: 'Bestätigen' },
    escalates: (by) => `Ohne Bestätigung bis ${by} geht die Meldung an die nächste Eskalationsstufe.`,
    lastLevel: 'Dies ist die höchste Eskalationsstufe.',
    footer:
      'Sie erhalten diese Nachricht, weil der Vertrag Sie in der Eskalation nennt. Gesendet von Accord.',
  },
};
