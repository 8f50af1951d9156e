/**
 * The wording of `accord reconcile` in en/nl/de: the verdicts and one sentence per reason why the source's
 * own SLA verdict and Accord's differ. The service decides the reasons and their parameters
 * (services/reconcile.service.ts); this only says them.
 */
import type { Lang } from '../domain/contract/types.js';

export type ReconcileVerdict = 'breached' | 'met' | 'not_counted' | 'none';

export type ReconcileReason =
  | { readonly code: 'not_in_population'; readonly metric: string; readonly population: string }
  | { readonly code: 'no_source_sla'; readonly system: string; readonly native: string }
  | {
      readonly code: 'different_target';
      readonly system: string;
      readonly source: string;
      readonly contract: string;
    }
  | {
      readonly code: 'different_calendar';
      readonly system: string;
      readonly sourceBusinessHours: boolean;
      readonly contractCalendar: string | null;
    }
  | { readonly code: 'source_deadline'; readonly system: string; readonly deadline: string }
  | {
      readonly code: 'pauses';
      readonly system: string;
      readonly native: string;
      readonly statuses: string;
      readonly contractPauses: boolean;
    }
  | { readonly code: 'definition'; readonly system: string; readonly native: string };

export interface ReconcileWords {
  readonly verdict: Readonly<Record<ReconcileVerdict, string>>;
  readonly reason: (r: ReconcileReason) => string;
  readonly none: string;
  readonly summary: (compared: number, differences: number, system: string) => string;
}

const en: ReconcileWords = {
  verdict: { breached: 'breached', met: 'met', not_counted: 'not counted', none: 'no verdict' },
  reason: (r) => {
    switch (r.code) {
      case 'not_in_population':
        return `definition: the contract's metric ${r.metric} does not count this contact (population ${r.population})`;
      case 'no_source_sla':
        return `no verdict: ${r.system} judged nothing (${r.native}) on this contact: it applied no SLA target, or none was due`;
      case 'different_target':
        return `target: ${r.system} aims at ${r.source}, the contract at ${r.contract}`;
      case 'different_calendar':
        return `calendar: ${r.system} counts ${r.sourceBusinessHours ? 'its business hours only' : 'every hour'}, the contract ${r.contractCalendar === null ? 'every hour' : `the open hours of calendar "${r.contractCalendar}"`}`;
      case 'source_deadline':
        return `calendar: ${r.system}'s due date was ${r.deadline}, set on its own business hours`;
      case 'pauses':
        return r.contractPauses
          ? `pauses: the contract stops the clock while ${r.statuses}, ${r.system}'s ${r.native} does not`
          : `pauses: ${r.system} paused its ${r.native} clock, the contract pauses none here`;
      case 'definition':
        return `definition: ${r.system}'s ${r.native} measures another moment than the contract (first public agent reply, solved status)`;
    }
  },
  none: 'no differences',
  summary: (compared, differences, system) =>
    `${compared} verdicts of ${system} compared: ${differences} differ from Accord's`,
};

const nl: ReconcileWords = {
  verdict: { breached: 'overschreden', met: 'gehaald', not_counted: 'niet geteld', none: 'geen oordeel' },
  reason: (r) => {
    switch (r.code) {
      case 'not_in_population':
        return `definitie: de contractnorm ${r.metric} telt dit contact niet (populatie ${r.population})`;
      case 'no_source_sla':
        return `geen oordeel: ${r.system} oordeelde niets (${r.native}) over dit contact: geen SLA-doel toegepast, of nog niet verlopen`;
      case 'different_target':
        return `doel: ${r.system} rekent met ${r.source}, het contract met ${r.contract}`;
      case 'different_calendar':
        return `kalender: ${r.system} telt ${r.sourceBusinessHours ? 'alleen zijn kantooruren' : 'elk uur'}, het contract ${r.contractCalendar === null ? 'elk uur' : `de openingsuren van kalender "${r.contractCalendar}"`}`;
      case 'source_deadline':
        return `kalender: de vervaldatum van ${r.system} was ${r.deadline}, bepaald op zijn eigen kantooruren`;
      case 'pauses':
        return r.contractPauses
          ? `pauzes: het contract zet de klok stil zolang ${r.statuses}, ${r.native} van ${r.system} niet`
          : `pauzes: ${r.system} zette de klok van ${r.native} stil, het contract hier niet`;
      case 'definition':
        return `definitie: ${r.native} van ${r.system} meet een ander moment dan het contract (eerste openbare reactie, status opgelost)`;
    }
  },
  none: 'geen verschillen',
  summary: (compared, differences, system) =>
    `${compared} oordelen van ${system} vergeleken: ${differences} wijken af van die van Accord`,
};

const de: ReconcileWords = {
  verdict: { breached: 'verletzt', met: 'erfüllt', not_counted: 'nicht gezählt', none: 'kein Urteil' },
  reason: (r) => {
    switch (r.code) {
      case 'not_in_population':
        return `Definition: die Vertragskennzahl ${r.metric} zählt diesen Kontakt nicht (Grundgesamtheit ${r.population})`;
      case 'no_source_sla':
        return `kein Urteil: ${r.system} hat diesen Kontakt nicht beurteilt (${r.native}): kein SLA-Ziel angewandt oder noch nicht fällig`;
      case 'different_target':
        return `Ziel: ${r.system} rechnet mit ${r.source}, der Vertrag mit ${r.contract}`;
      case 'different_calendar':
        return `Kalender: ${r.system} zählt ${r.sourceBusinessHours ? 'nur seine Geschäftszeiten' : 'jede Stunde'}, der Vertrag ${r.contractCalendar === null ? 'jede Stunde' : `die Öffnungszeiten des Kalenders „${r.contractCalendar}“`}`;
      case 'source_deadline':
        return `Kalender: die Fälligkeit bei ${r.system} war ${r.deadline}, nach dessen eigenen Geschäftszeiten`;
      case 'pauses':
        return r.contractPauses
          ? `Pausen: der Vertrag hält die Uhr an, solange ${r.statuses}, ${r.native} von ${r.system} nicht`
          : `Pausen: ${r.system} hat die Uhr von ${r.native} angehalten, der Vertrag hier nicht`;
      case 'definition':
        return `Definition: ${r.native} von ${r.system} misst einen anderen Zeitpunkt als der Vertrag (erste öffentliche Antwort, Status gelöst)`;
    }
  },
  none: 'keine Abweichungen',
  summary: (compared, differences, system) =>
    `${compared} Urteile von ${system} verglichen: ${differences} weichen von denen von Accord ab`,
};

export const RECONCILE_WORDS: Readonly<Record<Lang, ReconcileWords>> = { en, nl, de };
