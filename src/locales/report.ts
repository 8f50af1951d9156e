/**
 * The wording of reports (HTML, PDF, XLSX, CSV; docs/reports.md) in English, Dutch and German. Verdicts,
 * statement lines and the provisional notice come from the evaluate text output (`LOCALES[lang].evaluation`)
 * and metric sentences from `contract explain`; this file holds only what a report says besides.
 */
import type { Lang } from '../domain/contract/types.js';
import type { MoneyRule } from '../domain/evaluation/money-rule.js';

/** Figures of a money rule in the report's language. */
export interface RuleFigures {
  percent(ppm: number): string;
  money(cents: number): string;
}

export interface ReportWords {
  readonly title: (contract: string, period: string) => string;
  readonly parties: (client: string, partner: string) => string;
  readonly periodRange: (first: string, last: string) => string;
  readonly asOf: string;
  readonly closed: string;
  readonly final: string;
  readonly headings: {
    readonly summary: string;
    readonly service: string;
    readonly volume: string;
    readonly availability: string;
    readonly incidents: string;
    readonly quality: string;
    readonly statement: string;
    readonly reproduce: string;
    readonly warnings: string;
    readonly promises: string;
    readonly comments: string;
  };
  readonly columns: {
    readonly metric: string;
    readonly split: string;
    readonly value: string;
    readonly target: string;
    readonly verdict: string;
    readonly numerator: string;
    readonly denominator: string;
    readonly trend: string;
    readonly period: string;
    readonly forecast: string;
    readonly actual: string;
    readonly bandLimit: string;
    readonly withinBand: string;
    readonly openTime: string;
    readonly outageTime: string;
    /** The kind of a statement line: credit, cap, earn-back, bonus, adjustment. */
    readonly kind: string;
    readonly amount: string;
    readonly rule: string;
    readonly record: string;
    readonly reason: string;
    readonly judged: string;
    readonly met: string;
    readonly provisional: string;
    readonly answered: string;
    readonly score: string;
    readonly survey: string;
    readonly comment: string;
    readonly contact: string;
  };
  readonly yes: string;
  readonly no: string;
  readonly all: string;
  readonly reasons: Readonly<Record<string, string>>;
  readonly verdicts: Readonly<Record<string, string>>;
  readonly statement: {
    readonly fee: string;
    readonly credits: string;
    readonly earnBack: string;
    readonly bonus: string;
    readonly payable: string;
    readonly adjustments: string;
    readonly estimate: string;
    readonly noMoney: string;
    readonly acceptance: (period: number) => string;
  };
  readonly lineKinds: Readonly<Record<'credit' | 'cap' | 'earnBack' | 'bonus' | 'adjustment', string>>;
  /** The rule behind a credit, cap or earn-back (the evaluate JSON's `rule`, read back) in words. */
  readonly moneyRule: (r: MoneyRule, f: RuleFigures) => string;
  readonly reproduce: (command: string) => string;
  readonly contractVersion: string;
  readonly contractDigest: string;
  readonly inputDigest: string;
  readonly noRecords: string;
  readonly recordsHidden: string;
  /** A closed period: its agreed document keeps the figures, not the records behind them. */
  readonly recordsNotListed: string;
  readonly recordsAgainst: (n: number) => string;
  /** After the first ids of a long list: where the rest are. */
  readonly moreRecords: (n: number) => string;
  readonly chartAttainment: string;
  readonly chartVolume: string;
  readonly band: string;
  readonly targetLine: string;
  readonly sheets: { readonly summary: string; readonly statement: string };
  readonly page: string;
  readonly of: string;
  readonly nothing: string;
  /** Of `shown` comments, out of `total` in the period. */
  readonly commentsShown: (shown: number, total: number) => string;
  /** "4 of 1–5". */
  readonly scoreOf: (score: string, min: string, max: string) => string;
}

const en: ReportWords = {
  title: (contract, period) => `Service report ${contract} — ${period}`,
  parties: (client, partner) => `${client} and ${partner}`,
  periodRange: (first, last) => `${first} to ${last}`,
  asOf: 'as of',
  closed: 'closed: the figures both parties agreed to',
  final: 'final',
  headings: {
    summary: 'Summary',
    service: 'Service levels and handling',
    volume: 'Volume against forecast',
    availability: 'Availability and outages',
    incidents: 'Incidents and escalations',
    quality: 'Quality and satisfaction',
    statement: 'Statement',
    reproduce: 'Reproducing these figures',
    warnings: 'Data warnings',
    promises: 'What the contract promises',
    comments: 'Survey comments',
  },
  columns: {
    metric: 'Metric',
    split: 'Split',
    value: 'Value',
    target: 'Target',
    verdict: 'Verdict',
    numerator: 'Numerator',
    denominator: 'Denominator',
    trend: 'Trend',
    period: 'Period',
    forecast: 'Forecast',
    actual: 'Actual',
    bandLimit: 'Band limit',
    withinBand: 'Within band',
    openTime: 'Open time',
    outageTime: 'Outage time',
    kind: 'Type',
    amount: 'Amount',
    rule: 'Rule',
    record: 'Record',
    reason: 'Reason',
    judged: 'Judged',
    met: 'Met',
    provisional: 'Provisional',
    answered: 'Answered',
    score: 'Score',
    survey: 'Survey',
    comment: 'Comment',
    contact: 'Contact',
  },
  yes: 'yes',
  no: 'no',
  all: 'all',
  reasons: {
    minimum_sample: 'too few records',
    no_data: 'no data',
    volume_band: 'volume above the band',
    pooled: 'all splits together',
  },
  verdicts: { met: 'met', missed: 'missed', unjudged: 'not judged' },
  statement: {
    fee: 'Fee',
    credits: 'Service credits',
    earnBack: 'Earned back',
    bonus: 'Bonus',
    payable: 'Payable',
    adjustments: 'Adjustments for closed periods',
    estimate: 'The period is still running: the amounts are an estimate.',
    noMoney: 'This period is not a judgement period of the contract: figures only, no money.',
    acceptance: (k) => `Acceptance phase, period ${k}: no credits or bonus are charged.`,
  },
  moneyRule: (r, f) => {
    switch (r.kind) {
      case 'allocation':
        return `allocation ${f.percent(r.allocationPpm)} of the ${f.percent(r.atRiskPpm)} at risk of the fee ${f.money(r.feeCents)}${r.doubledUnderPpm !== null ? `, doubled under the minimum ${f.percent(r.doubledUnderPpm)}` : ''}`;
      case 'atRiskCap':
        return `at risk at most ${f.percent(r.atRiskPpm)} of the fee ${f.money(r.feeCents)}`;
      case 'annualCap':
        return `annual cap ${f.percent(r.capPpm)} of the contract year's fees ${f.money(r.feesCents)}, ${f.money(r.creditedCents)} already credited`;
      case 'earnBack':
        return `the ${r.period} credit, after ${r.periods} met periods in a row`;
    }
  },
  lineKinds: {
    credit: 'credit',
    cap: 'cap',
    earnBack: 'earned back',
    bonus: 'bonus',
    adjustment: 'adjustment',
  },
  reproduce: (command) =>
    `Every figure follows from the contract version and the input data named by these digests: ${command}`,
  contractVersion: 'Contract version',
  contractDigest: 'Contract digest',
  inputDigest: 'Input digest',
  noRecords: 'No records count against this metric.',
  recordsHidden: 'The records behind the figures are not shown to this role.',
  recordsNotListed: 'The agreed figures of a closed period are kept without the records behind them.',
  recordsAgainst: (n) => `${n} ${n === 1 ? 'record counts' : 'records count'} against it`,
  moreRecords: (n) => `and ${n} more (all of them in the XLSX report)`,
  chartAttainment: 'Attainment per period against the target',
  chartVolume: 'Volume against forecast, with the band',
  band: 'band',
  targetLine: 'target',
  sheets: { summary: 'Summary', statement: 'Statement' },
  page: 'Page',
  of: 'of',
  nothing: 'None in this period.',
  commentsShown: (shown, total) => `The latest ${shown} of ${total} comments of the period.`,
  scoreOf: (score, min, max) => `${score} of ${min}–${max}`,
};

const nl: ReportWords = {
  title: (contract, period) => `Servicerapport ${contract} — ${period}`,
  parties: (client, partner) => `${client} en ${partner}`,
  periodRange: (first, last) => `${first} tot en met ${last}`,
  asOf: 'stand per',
  closed: 'afgesloten: de cijfers waarmee beide partijen instemden',
  final: 'definitief',
  headings: {
    summary: 'Samenvatting',
    service: 'Serviceniveaus en afhandeling',
    volume: 'Volume tegenover de prognose',
    availability: 'Beschikbaarheid en storingen',
    incidents: 'Incidenten en escalaties',
    quality: 'Kwaliteit en tevredenheid',
    statement: 'Afrekening',
    reproduce: 'Deze cijfers nagaan',
    warnings: 'Waarschuwingen over de gegevens',
    promises: 'Wat het contract belooft',
    comments: 'Opmerkingen bij enquêtes',
  },
  columns: {
    metric: 'Norm',
    split: 'Uitsplitsing',
    value: 'Waarde',
    target: 'Doel',
    verdict: 'Oordeel',
    numerator: 'Teller',
    denominator: 'Noemer',
    trend: 'Verloop',
    period: 'Periode',
    forecast: 'Prognose',
    actual: 'Werkelijk',
    bandLimit: 'Bandgrens',
    withinBand: 'Binnen de band',
    openTime: 'Openingstijd',
    outageTime: 'Storingstijd',
    kind: 'Soort',
    amount: 'Bedrag',
    rule: 'Regel',
    record: 'Gegeven',
    reason: 'Reden',
    judged: 'Beoordeeld',
    met: 'Gehaald',
    provisional: 'Voorlopig',
    answered: 'Beantwoord',
    score: 'Score',
    survey: 'Enquête',
    comment: 'Opmerking',
    contact: 'Contact',
  },
  yes: 'ja',
  no: 'nee',
  all: 'alle',
  reasons: {
    minimum_sample: 'te weinig gegevens',
    no_data: 'geen gegevens',
    volume_band: 'volume boven de band',
    pooled: 'alle uitsplitsingen samen',
  },
  verdicts: { met: 'gehaald', missed: 'gemist', unjudged: 'niet beoordeeld' },
  statement: {
    fee: 'Vergoeding',
    credits: 'Boetes',
    earnBack: 'Terugverdiend',
    bonus: 'Bonus',
    payable: 'Te betalen',
    adjustments: 'Correcties voor afgesloten perioden',
    estimate: 'De periode loopt nog: de bedragen zijn een schatting.',
    noMoney: 'Deze periode is geen beoordelingsperiode van het contract: alleen cijfers, geen bedragen.',
    acceptance: (k) => `Acceptatiefase, periode ${k}: er worden geen boetes of bonus verrekend.`,
  },
  moneyRule: (r, f) => {
    switch (r.kind) {
      case 'allocation':
        return `aandeel ${f.percent(r.allocationPpm)} van de ${f.percent(r.atRiskPpm)} van de vergoeding ${f.money(r.feeCents)} die op het spel staat${r.doubledUnderPpm !== null ? `, verdubbeld onder het minimum ${f.percent(r.doubledUnderPpm)}` : ''}`;
      case 'atRiskCap':
        return `op het spel staat hoogstens ${f.percent(r.atRiskPpm)} van de vergoeding ${f.money(r.feeCents)}`;
      case 'annualCap':
        return `jaarplafond ${f.percent(r.capPpm)} van de vergoedingen van het contractjaar ${f.money(r.feesCents)}, al ${f.money(r.creditedCents)} verrekend`;
      case 'earnBack':
        return `de boete van ${r.period}, na ${r.periods} behaalde perioden op rij`;
    }
  },
  lineKinds: {
    credit: 'boete',
    cap: 'plafond',
    earnBack: 'terugverdiend',
    bonus: 'bonus',
    adjustment: 'correctie',
  },
  reproduce: (command) =>
    `Elk cijfer volgt uit de contractversie en de invoergegevens die deze vingerafdrukken noemen: ${command}`,
  contractVersion: 'Contractversie',
  contractDigest: 'Vingerafdruk contract',
  inputDigest: 'Vingerafdruk invoer',
  noRecords: 'Er tellen geen gegevens tegen deze norm.',
  recordsHidden: 'De gegevens achter de cijfers worden aan deze rol niet getoond.',
  recordsNotListed:
    'De overeengekomen cijfers van een afgesloten periode worden zonder de gegevens erachter bewaard.',
  recordsAgainst: (n) => `${n} ${n === 1 ? 'gegeven telt' : 'gegevens tellen'} ertegen`,
  moreRecords: (n) => `en ${n} meer (allemaal in het XLSX-rapport)`,
  chartAttainment: 'Resultaat per periode tegenover het doel',
  chartVolume: 'Volume tegenover de prognose, met de band',
  band: 'band',
  targetLine: 'doel',
  sheets: { summary: 'Samenvatting', statement: 'Afrekening' },
  page: 'Pagina',
  of: 'van',
  nothing: 'Geen in deze periode.',
  commentsShown: (shown, total) => `De laatste ${shown} van ${total} opmerkingen in de periode.`,
  scoreOf: (score, min, max) => `${score} op ${min}–${max}`,
};

const de: ReportWords = {
  title: (contract, period) => `Servicebericht ${contract} — ${period}`,
  parties: (client, partner) => `${client} und ${partner}`,
  periodRange: (first, last) => `${first} bis ${last}`,
  asOf: 'Stand',
  closed: 'abgeschlossen: die Zahlen, denen beide Parteien zugestimmt haben',
  final: 'endgültig',
  headings: {
    summary: 'Zusammenfassung',
    service: 'Servicelevel und Bearbeitung',
    volume: 'Volumen gegenüber der Prognose',
    availability: 'Verfügbarkeit und Ausfälle',
    incidents: 'Vorfälle und Eskalationen',
    quality: 'Qualität und Zufriedenheit',
    statement: 'Abrechnung',
    reproduce: 'Diese Zahlen nachvollziehen',
    warnings: 'Warnungen zu den Daten',
    promises: 'Was der Vertrag verspricht',
    comments: 'Kommentare aus Umfragen',
  },
  columns: {
    metric: 'Kennzahl',
    split: 'Aufteilung',
    value: 'Wert',
    target: 'Ziel',
    verdict: 'Ergebnis',
    numerator: 'Zähler',
    denominator: 'Nenner',
    trend: 'Verlauf',
    period: 'Zeitraum',
    forecast: 'Prognose',
    actual: 'Ist',
    bandLimit: 'Bandgrenze',
    withinBand: 'Im Band',
    openTime: 'Öffnungszeit',
    outageTime: 'Ausfallzeit',
    kind: 'Art',
    amount: 'Betrag',
    rule: 'Regel',
    record: 'Datensatz',
    reason: 'Grund',
    judged: 'Bewertet',
    met: 'Erreicht',
    provisional: 'Vorläufig',
    answered: 'Beantwortet',
    score: 'Bewertung',
    survey: 'Umfrage',
    comment: 'Kommentar',
    contact: 'Kontakt',
  },
  yes: 'ja',
  no: 'nein',
  all: 'alle',
  reasons: {
    minimum_sample: 'zu wenige Datensätze',
    no_data: 'keine Daten',
    volume_band: 'Volumen über dem Band',
    pooled: 'alle Aufteilungen zusammen',
  },
  verdicts: { met: 'erreicht', missed: 'verfehlt', unjudged: 'nicht bewertet' },
  statement: {
    fee: 'Vergütung',
    credits: 'Vertragsstrafen',
    earnBack: 'Zurückverdient',
    bonus: 'Bonus',
    payable: 'Zu zahlen',
    adjustments: 'Korrekturen abgeschlossener Zeiträume',
    estimate: 'Der Zeitraum läuft noch: die Beträge sind eine Schätzung.',
    noMoney: 'Dieser Zeitraum ist kein Bewertungszeitraum des Vertrags: nur Zahlen, keine Beträge.',
    acceptance: (k) => `Abnahmephase, Zeitraum ${k}: es werden keine Vertragsstrafen oder Boni verrechnet.`,
  },
  moneyRule: (r, f) => {
    switch (r.kind) {
      case 'allocation':
        return `Anteil ${f.percent(r.allocationPpm)} an den ${f.percent(r.atRiskPpm)} der Vergütung ${f.money(r.feeCents)}, die auf dem Spiel stehen${r.doubledUnderPpm !== null ? `, verdoppelt unter dem Mindestwert ${f.percent(r.doubledUnderPpm)}` : ''}`;
      case 'atRiskCap':
        return `auf dem Spiel stehen höchstens ${f.percent(r.atRiskPpm)} der Vergütung ${f.money(r.feeCents)}`;
      case 'annualCap':
        return `Jahresobergrenze ${f.percent(r.capPpm)} der Vergütungen des Vertragsjahres ${f.money(r.feesCents)}, bereits ${f.money(r.creditedCents)} verrechnet`;
      case 'earnBack':
        return `die Vertragsstrafe von ${r.period}, nach ${r.periods} erfüllten Perioden in Folge`;
    }
  },
  lineKinds: {
    credit: 'Vertragsstrafe',
    cap: 'Obergrenze',
    earnBack: 'zurückverdient',
    bonus: 'Bonus',
    adjustment: 'Korrektur',
  },
  reproduce: (command) =>
    `Jede Zahl folgt aus der Vertragsversion und den Eingabedaten, die diese Prüfsummen nennen: ${command}`,
  contractVersion: 'Vertragsversion',
  contractDigest: 'Prüfsumme des Vertrags',
  inputDigest: 'Prüfsumme der Eingaben',
  noRecords: 'Keine Datensätze zählen gegen diese Kennzahl.',
  recordsHidden: 'Die Datensätze hinter den Zahlen werden dieser Rolle nicht gezeigt.',
  recordsNotListed:
    'Die vereinbarten Zahlen eines abgeschlossenen Zeitraums werden ohne die Datensätze dahinter aufbewahrt.',
  recordsAgainst: (n) => `${n} ${n === 1 ? 'Datensatz zählt' : 'Datensätze zählen'} dagegen`,
  moreRecords: (n) => `und ${n} weitere (alle im XLSX-Bericht)`,
  chartAttainment: 'Ergebnis je Zeitraum gegenüber dem Ziel',
  chartVolume: 'Volumen gegenüber der Prognose, mit Band',
  band: 'Band',
  targetLine: 'Ziel',
  sheets: { summary: 'Zusammenfassung', statement: 'Abrechnung' },
  page: 'Seite',
  of: 'von',
  nothing: 'Keine in diesem Zeitraum.',
  commentsShown: (shown, total) => `Die letzten ${shown} von ${total} Kommentaren des Zeitraums.`,
  scoreOf: (score, min, max) => `${score} von ${min}–${max}`,
};

export const REPORT_WORDS: Readonly<Record<Lang, ReportWords>> = { en, nl, de };
