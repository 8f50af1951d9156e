/**
 * The wording of action plans, period notes and scheduled reports in English, Dutch and German: the
 * sentence `contract explain` adds to a metric with `action_plan:`, the report's action-plan section and
 * the scheduled report's mail. Numbers and dates through `Format` (locale.ts).
 */
import type { ActionPlanRule, Lang, PeriodKind } from '../domain/contract/types.js';
import type { Format } from './locale.js';

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionPlanWords {
  /** The clause of a metric's explanation: "an action plan is required when …". */
  rule(rule: ActionPlanRule, w: Format, minimum: string | null): string;
  readonly heading: string;
  readonly notesHeading: string;
  readonly none: string;
  readonly columns: {
    readonly what: string;
    readonly owner: string;
    readonly due: string;
    readonly status: string;
    readonly metric: string;
    readonly opened: string;
  };
  readonly statuses: Readonly<Record<ActionStatus, string>>;
  readonly parties: Readonly<Record<'client' | 'partner', string>>;
  readonly overdue: string;
  /** "carried from 2026-10": an item opened in an earlier period. */
  carried(period: string): string;
  /** The title of an action the contract requires. */
  requiredWhat(metric: string, period: string, when: ActionPlanRule['when']): string;
  /** The scheduled report's mail. */
  mailSubject(contract: string, period: string): string;
  mailBody(contract: string, period: string, kind: PeriodKind): string;
}

function days(ms: number, w: Format, one: string, many: string): string {
  const d = ms / 86_400_000;
  return Number.isInteger(d) ? `${d} ${d === 1 ? one : many}` : w.duration(ms);
}

const en: ActionPlanWords = {
  rule: (r, w, minimum) =>
    `an action plan is required when it ${r.when === 'missed' ? 'misses its target' : `falls below ${minimum ?? 'its minimum'}`} in a period, due ${days(r.dueWithinMs, w, 'day', 'days')} after the period ends`,
  heading: 'Action plan',
  notesHeading: 'Notes',
  none: 'No open actions.',
  columns: {
    what: 'Action',
    owner: 'Owner',
    due: 'Due',
    status: 'Status',
    metric: 'Metric',
    opened: 'Opened',
  },
  statuses: { open: 'open', in_progress: 'in progress', done: 'done', cancelled: 'cancelled' },
  parties: { client: 'client', partner: 'partner' },
  overdue: 'overdue',
  carried: (p) => `carried from ${p}`,
  requiredWhat: (m, p, when) =>
    `Action plan for ${m}: ${when === 'missed' ? 'target missed' : 'below minimum'} in ${p}`,
  mailSubject: (c, p) => `SLA report ${c} ${p}`,
  mailBody: (c, p, k) =>
    `The ${k === 'week' ? 'weekly' : k === 'month' ? 'monthly' : 'quarterly'} SLA report of ${c} for ${p} is attached as PDF and XLSX.`,
};

const nl: ActionPlanWords = {
  rule: (r, w, minimum) =>
    `een actieplan is vereist wanneer de norm in een periode ${r.when === 'missed' ? 'niet wordt gehaald' : `onder ${minimum ?? 'het minimum'} zakt`}, uiterlijk ${days(r.dueWithinMs, w, 'dag', 'dagen')} na het einde van de periode`,
  heading: 'Actieplan',
  notesHeading: 'Notities',
  none: 'Geen openstaande acties.',
  columns: {
    what: 'Actie',
    owner: 'Eigenaar',
    due: 'Uiterlijk',
    status: 'Status',
    metric: 'Norm',
    opened: 'Geopend',
  },
  statuses: { open: 'open', in_progress: 'in uitvoering', done: 'afgerond', cancelled: 'vervallen' },
  parties: { client: 'opdrachtgever', partner: 'partner' },
  overdue: 'te laat',
  carried: (p) => `overgenomen uit ${p}`,
  requiredWhat: (m, p, when) =>
    `Actieplan voor ${m}: ${when === 'missed' ? 'norm niet gehaald' : 'onder het minimum'} in ${p}`,
  mailSubject: (c, p) => `SLA-rapportage ${c} ${p}`,
  mailBody: (c, p, k) =>
    `De ${k === 'week' ? 'wekelijkse' : k === 'month' ? 'maandelijkse' : 'kwartaal'}rapportage van ${c} over ${p} is bijgevoegd als PDF en XLSX.`,
};

const de: ActionPlanWords = {
  rule: (r, w, minimum) =>
    `ein Maßnahmenplan ist erforderlich, wenn ${r.when === 'missed' ? 'das Ziel in einer Periode verfehlt wird' : `der Wert in einer Periode unter ${minimum ?? 'das Minimum'} fällt`}, fällig ${days(r.dueWithinMs, w, 'Tag', 'Tage')} nach Periodenende`,
  heading: 'Maßnahmenplan',
  notesHeading: 'Notizen',
  none: 'Keine offenen Maßnahmen.',
  columns: {
    what: 'Maßnahme',
    owner: 'Verantwortlich',
    due: 'Fällig',
    status: 'Status',
    metric: 'Kennzahl',
    opened: 'Eröffnet',
  },
  statuses: { open: 'offen', in_progress: 'in Arbeit', done: 'erledigt', cancelled: 'entfallen' },
  parties: { client: 'Auftraggeber', partner: 'Dienstleister' },
  overdue: 'überfällig',
  carried: (p) => `übernommen aus ${p}`,
  requiredWhat: (m, p, when) =>
    `Maßnahmenplan für ${m}: ${when === 'missed' ? 'Ziel verfehlt' : 'unter dem Minimum'} in ${p}`,
  mailSubject: (c, p) => `SLA-Bericht ${c} ${p}`,
  mailBody: (c, p, k) =>
    `Der ${k === 'week' ? 'Wochen' : k === 'month' ? 'Monats' : 'Quartals'}bericht von ${c} für ${p} liegt als PDF und XLSX bei.`,
};

export const ACTION_PLAN_WORDS: Readonly<Record<Lang, ActionPlanWords>> = { en, nl, de };
