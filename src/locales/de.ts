/** The German wording of the platform (src/locales/locale.ts describes its shape). */
import type { Contract } from '../domain/contract/types.js';
import { type AbandonCount, Format, join, type Locale, type Records, sentence } from './locale.js';

const DE_DATIVE: Readonly<Record<Records, string>> = {
  contacts: 'Kontakten',
  answers: 'Umfrageantworten',
  evaluations: 'QA-Bewertungen',
  incidents: 'Vorfällen',
};

export const de: Locale = {
  digestLabel: 'Prüfsumme',
  decimal: ',',
  percentSpace: ' ',
  units: { h: 'Std.', min: 'Min.', s: 'Sek.', ms: 'ms' },
  or: 'oder',
  and: 'und',
  months: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ],
  weekdays: ['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'],
  date: (d, m, y) => `${d}. ${m} ${y}`,
  money: (amount, currency) => `${amount} ${currency}`,
  period: { week: 'Woche', month: 'Monat', quarter: 'Quartal' },
  alwaysJudged: (p) => `immer bewertet, je ${de.period[p]}`,
  records: {
    contacts: 'Kontakte',
    answers: 'Umfrageantworten',
    evaluations: 'QA-Bewertungen',
    incidents: 'Vorfälle',
  },
  channels: {
    phone: 'Telefon',
    email: 'E-Mail',
    chat: 'Chat',
    messaging: 'Messenger',
    social: 'Social Media',
    web: 'Web',
    other: 'sonstige Kanäle',
  },
  fields: {
    channel: 'Kanal',
    segment: 'Segment',
    category: 'Kategorie',
    language: 'Sprache',
    queue: 'Warteschlange',
    priority: 'Priorität',
    severity: 'Schweregrad',
    direction: 'Richtung',
  },
  values: {
    category: {
      question: 'Frage',
      complaint: 'Beschwerde',
      request: 'Anfrage',
      incident: 'Störung',
      other: 'Sonstiges',
    },
    priority: { low: 'niedrig', normal: 'normal', high: 'hoch', urgent: 'dringend' },
    severity: { critical: 'kritisch', high: 'hoch', normal: 'normal', low: 'niedrig' },
    direction: { inbound: 'eingehend', outbound: 'ausgehend' },
  },
  dimensions: { language: 'Sprache', channel: 'Kanal', queue: 'Warteschlange', segment: 'Segment' },
  statuses: {
    new: '„neu“',
    open: '„offen“',
    pending_customer: '„wartet auf Kunden“',
    on_hold: '„angehalten“',
    solved: '„gelöst“',
    closed: '„geschlossen“',
  },
  measures: {
    speed_of_answer: 'Wartezeit bis zur Annahme (nur angenommene Kontakte)',
    handle_time: 'Bearbeitungszeit',
    wait: 'Wartezeit (angenommene und abgebrochene Kontakte)',
    first_time_right: 'Erstlösung (first time right)',
    qa_script_compliant: 'Skript eingehalten (QA)',
    tone_of_voice_ok: 'Tonalität in Ordnung (QA)',
    csat: 'CSAT-Wert (Antworten umgerechnet auf 1–10)',
    qa_score: 'QA-Wert (0–100)',
    ces: 'CES-Wert',
  },
  of(p, inbound) {
    // Genitive plural: "der eingehenden Kontakte", "aller eingehenden Kontakte".
    const pre = inbound ? 'eingehenden ' : '';
    if (p.empty) return `aller ${pre}${p.noun}`;
    return join([
      `der ${pre}${p.noun}`,
      p.channels && ` per ${p.channels}`,
      p.segment && ` im Segment ${p.segment}`,
      p.filters.length > 0 ? ` mit ${p.filters.join(' und ')}` : '',
    ]);
  },
  forPop(p) {
    if (p.empty) return '';
    return join([
      ', für Kontakte',
      p.channels && ` per ${p.channels}`,
      p.segment && ` im Segment ${p.segment}`,
      p.filters.length > 0 ? ` mit ${p.filters.join(' und ')}` : '',
    ]);
  },
  clock(c, open247) {
    const base =
      c.calendar === null
        ? 'rund um die Uhr gemessen (24/7)'
        : open247
          ? `rund um die Uhr gemessen (24/7, Kalender ${c.calendar})`
          : `gemessen in den Öffnungszeiten des Kalenders ${c.calendar}`;
    return c.pauseWhen.length === 0
      ? base
      : `${base}, wobei die Uhr im Status ${new Format(de).statuses(c.pauseWhen)} ruht`;
  },
  split: (dimensions, overrides) => `, je ${dimensions}${overrides ? ` (${overrides})` : ''}`,
  judged: (p, min, records) =>
    `bewertet je ${de.period[p]}${min > 1 ? ` ab ${min} ${DE_DATIVE[records]}` : ''}`,
  metric: {
    service_level(m, w, x) {
      const noun = { calls: 'Anrufe', chats: 'Chats', contacts: 'Kontakte' }[x.abandonNoun];
      const t = w.duration(m.thresholdMs);
      const counts: Record<AbandonCount, string> = {
        as_failure: `abgebrochene ${noun} zählen als nicht rechtzeitig angenommen`,
        ignore: `abgebrochene ${noun} bleiben unberücksichtigt`,
        within_threshold_success: `innerhalb von ${t} abgebrochene ${noun} zählen als rechtzeitig, später abgebrochene als verspätet`,
        exclude_within_threshold: `innerhalb von ${t} abgebrochene ${noun} bleiben unberücksichtigt, später abgebrochene zählen als verspätet`,
      };
      const short =
        m.abandoned.count === 'ignore'
          ? ''
          : m.abandoned.shortMs > 0
            ? `, Abbrüche unter ${w.duration(m.abandoned.shortMs)} bleiben unberücksichtigt`
            : ', es gibt keine Grenze für Kurzabbrüche';
      return `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), true)} werden innerhalb von ${t} angenommen, ${de.clock(m.clock, x.open247)}${w.split(m)}; ${counts[m.abandoned.count]}${short}`;
    },
    response_time: (m, w, x) =>
      `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), false)} erhalten innerhalb von ${w.duration(m.thresholdMs)} eine erste Antwort, ${de.clock(m.clock, x.open247)}${w.split(m)}; ein noch wartender Kontakt zählt, sobald die Schwelle überschritten ist`,
    resolution_time: (m, w, x) =>
      `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), false)} werden innerhalb von ${w.duration(m.thresholdMs)} gelöst, ${de.clock(m.clock, x.open247)}${w.split(m)}; die Uhr stoppt bei der ${m.clock.resolution === 'final' ? 'letzten' : 'ersten'} Lösung${m.clock.resolution === 'final' ? ' (die Zeit zwischen einer Lösung und einer Wiedereröffnung zählt nicht)' : ''}`,
    average: (m, w) =>
      `die durchschnittliche ${de.measures[m.measure]} ${de.of(w.population(m.population, 'contacts'), m.measure !== 'handle_time')} beträgt höchstens ${w.target(m.target)}${w.split(m)}`,
    abandonment_rate: (m, w) =>
      `höchstens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), true)} werden abgebrochen${w.split(m)}; ${m.abandoned.shortMs > 0 ? `Abbrüche unter ${w.duration(m.abandoned.shortMs)} bleiben unberücksichtigt` : 'es gibt keine Grenze für Kurzabbrüche'}`,
    rate: (m, w, x) =>
      `${de.measures[m.measure] ?? `${m.measure} (ja/nein)`} gilt für mindestens ${w.target(m.target)} ${de.of(w.population(m.population, x.records), false)}, bei denen der Wert bekannt ist${w.split(m)}`,
    mean_score: (m, w) =>
      `der durchschnittliche ${de.measures[m.measure] ?? `Wert von ${m.measure}`} beträgt mindestens ${w.target(m.target)}${de.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    top_box: (m, w) =>
      `mindestens ${w.target(m.target)} der ${m.measure.toUpperCase()}-Antworten liegen ${m.box === 1 ? 'im obersten Wert' : `in den obersten ${m.box} Werten`} ihrer Skala${de.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    nps: (m, w) =>
      `der NPS (Promotoren 9–10 minus Kritiker 0–6, je 100 Antworten) beträgt mindestens ${w.target(m.target)}${de.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    availability: (m, w) => {
      const channels = w.population(m.population, 'contacts').channels;
      return `der Service ist mindestens ${w.target(m.target)} der Öffnungszeit des Kalenders ${m.calendar} erreichbar; Ausfälle ${channels ? `im Kanal ${channels}` : 'auf allen Kanälen'} werden davon abgezogen`;
    },
    incident_reaction: (m, w, x) =>
      `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'incidents'), false)} werden innerhalb von ${w.duration(m.thresholdMs)} bestätigt, ${de.clock(m.clock, x.open247)}`,
    compliance: (m) =>
      m.target.count === 0
        ? 'keine bestätigten Datenschutzvorfälle (DSGVO)'
        : `höchstens ${m.target.count} bestätigte${m.target.count === 1 ? 'r Datenschutzvorfall' : ' Datenschutzvorfälle'} (DSGVO)`,
  },
  headings: {
    calendars: 'Kalender',
    segments: 'Segmente',
    metrics: 'Kennzahlen',
    money: 'Geld',
    other: 'Weitere Regeln',
  },
  header(c, w) {
    return [
      `${c.id}, Version ${c.version}: das SLA zwischen ${c.client} (Auftraggeber) und ${c.partner} (Outsourcing-Partner).`,
      `Gültig ab ${w.date(c.effectiveFrom)}${c.effectiveTo ? ` bis einschließlich ${w.date(c.effectiveTo)}` : ''}; bewertet je ${de.period[c.period]} in der Zeitzone ${c.timezone}; Vergütung ${w.money(c.monthlyFeeCents, c.currency)} pro Monat; Berichte ${w.list(
        c.report.map((r) => `je ${de.period[r]}`),
        'und',
      )}.`,
    ];
  },
  calendar(cal, w, zone) {
    if (cal.alwaysOpen)
      return join(['immer geöffnet (24/7)', cal.timezone !== zone ? ` (${cal.timezone})` : '']);
    const h = cal.holidays;
    return join([
      w.week(cal) || 'nie geöffnet',
      cal.timezone !== zone ? ` (${cal.timezone})` : '',
      h.country
        ? `; geschlossen an ${h.types.length === 1 && h.types[0] === 'public' ? 'gesetzlichen Feiertagen' : `Feiertagen (${h.types.join(', ')})`} in ${h.country}`
        : '',
      h.dates.length > 0 ? `; außerdem geschlossen am ${w.list(h.dates, 'und')}` : '',
      Object.keys(cal.special).length > 0
        ? `; andere Öffnungszeiten am ${w.list(Object.keys(cal.special), 'und')}`
        : '',
      cal.closures.length > 0
        ? `; ${cal.closures.length} geplante Schließung${cal.closures.length === 1 ? '' : 'en'}`
        : '',
    ]);
  },
  segment: (p) => p.filters.join(' und '),
  credits(c, w) {
    const cr = c.credits;
    if (!cr) return 'Vertragsstrafen: keine; ein verfehltes Ziel kostet nichts.';
    const allocations = Object.entries(cr.allocationPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`);
    const total = Object.values(cr.allocationPpm).reduce((a, b) => a + b, 0);
    return join([
      `Vertragsstrafen: höchstens ${w.percent(cr.atRiskPpm)} der Periodenvergütung stehen auf dem Spiel (${w.money(c.atRiskCents, c.currency)} je ${de.period[c.period]}). `,
      `Eine verfehlte Kennzahl kostet ihren Anteil an diesem Betrag: ${w.list(allocations, 'und')} (zusammen ${w.percent(total)}, Pool ${w.percent(cr.poolPpm)}); die Vertragsstrafen einer Periode übersteigen nie den Betrag, der auf dem Spiel steht.`,
      Object.keys(cr.minimumPpm).length > 0
        ? ` Ein Ergebnis jenseits des Minimums ist eine kritische Verfehlung und kostet das Doppelte: ${w.list(
            Object.entries(cr.minimumPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`),
            'und',
          )}.`
        : '',
      cr.earnBack
        ? ` Eine berechnete Vertragsstrafe wird nach ${cr.earnBack.periods} erfüllten Perioden in Folge zurückgezahlt (Earn-back).`
        : ' Berechnete Vertragsstrafen werden nicht zurückgezahlt.',
      cr.annualCapPpm !== null
        ? ` Je Vertragsjahr sind die Vertragsstrafen auf ${w.percent(cr.annualCapPpm)} der berechneten Vergütungen begrenzt.`
        : ' Es gibt keine Jahresobergrenze.',
    ]);
  },
  bonus(c, w) {
    const b = c.bonus;
    if (!b) return 'Bonus: keiner.';
    return `Bonus: ${w.percent(b.amountPpm)} der Periodenvergütung (${w.money(c.amountCents, c.currency)}), wenn ${b.periods} Perioden in Folge jede bewertete Kennzahl ihr Ziel erreicht${b.exceedByPpm > 0 ? ` und jede Prozent-Kennzahl es um ${w.points(b.exceedByPpm)} Prozentpunkte übertrifft` : ''}; ausgezahlt in der letzten dieser Perioden, danach beginnt die Zählung von vorn.`;
  },
  acceptance(c, w) {
    const a = c.acceptance;
    if (!a) return 'Abnahme: keine Anlaufphase; volle Vergütung und Vertragsstrafen ab der ersten Periode.';
    const factors = a.rampUpPpm.map((f, i) =>
      a.rampUpPpm.length === 1
        ? `${w.percent(f)} während der gesamten Phase`
        : i === a.rampUpPpm.length - 1
          ? `${w.percent(f)} ab Periode ${i + 1}`
          : `${w.percent(f)} in Periode ${i + 1}`,
    );
    const ends = [
      a.endsWhen
        ? `nach ${a.endsWhen.allTargetsMet} Perioden in Folge, in denen jedes volle Ziel erreicht wurde`
        : '',
      a.longStop !== null ? `${a.endsWhen ? ', oder spätestens ' : ''}nach ${a.longStop} Perioden` : '',
    ].filter((s) => s !== '');
    return `Abnahme: eine Anlaufphase ab der ersten Periode von Version 1. Prozentziele werden mit ${w.list(factors, 'und')} multipliziert (Ziele, bei denen weniger besser ist, dadurch geteilt); die Vergütung beträgt ${w.percent(a.feePpm)} der Periodenvergütung, Vertragsstrafen und Bonus entfallen. Die Phase endet ${ends.join('')}.`;
  },
  volume(c, w) {
    if (!c.volume) return 'Volumenband: keines; die Ziele gelten bei jedem Volumen.';
    return `Volumenband: eine Kennzahl wird in einer Periode nicht bewertet, in der ihr Volumen die Prognose um mehr als ${w.percent(c.volume.forecastTolerancePpm)} übersteigt.`;
  },
  exclusions(c) {
    if (c.exclusions.length === 0) return 'Ausschlüsse: keine.';
    return `Ausschlüsse (darin entstandene Kontakte zählen nirgends; laufende Uhren ruhen): ${c.exclusions
      .map((e) => `${e.from.replace('T', ' ')} bis ${e.to.replace('T', ' ')} (${e.reason})`)
      .join('; ')}.`;
  },
  escalation(c, w) {
    if (c.escalation.length === 0) return 'Eskalation: nichts vereinbart.';
    const when = (e: Contract['escalation'][number]) =>
      e.when.event === 'at_risk'
        ? 'wenn eine Kennzahl ihr Ziel voraussichtlich verfehlt oder ein Kontakt seine Frist bald überschreitet'
        : e.when.event === 'breached'
          ? 'wenn ein Ziel oder die Frist eines Kontakts überschritten ist'
          : `nach ${e.when.periods} verfehlten ${e.when.periods === 1 ? 'Periode' : 'Perioden'} einer Kennzahl`;
    return sentence(
      `Eskalation: ${c.escalation
        .map(
          (e) =>
            `Stufe ${e.level}, ${w.list(e.who, 'und')}, ${when(e)}, bestätigt innerhalb von ${w.duration(e.acknowledgeWithinMs)}`,
        )
        .join('; ')}`,
    );
  },
  data(c) {
    const r = c.data.retention;
    const units = {
      day: ['Tag', 'Tage'],
      week: ['Woche', 'Wochen'],
      month: ['Monat', 'Monate'],
      year: ['Jahr', 'Jahre'],
    };
    return `Personenbezogene Daten (DSGVO): Freitext aus Umfragen wird ${c.data.comments === 'keep' ? 'aufbewahrt' : 'beim Einlesen verworfen'}; ${r ? `Datensätze, die älter als ${r.count} ${units[r.unit][r.count === 1 ? 0 : 1]} sind, werden gelöscht` : 'Datensätze werden ohne Frist aufbewahrt'}.${c.data.personal ? ` Auch die Spalten ${c.data.personal.join(', ')} werden als personenbezogene Daten pseudonymisiert.` : ''}`;
  },
  evaluation: {
    header: (p) => `${p.contract} v${p.version} — Zeitraum ${p.period}, Stand ${p.asOf}`,
    provisional: (p) =>
      `VORLÄUFIG: ${p.period} läuft bis ${p.end}. Die Zahlen sind die bisherigen, die Beträge eine Schätzung, und der Zeitraum zählt in keiner Serie (Rückerstattung, Bonus, Abnahme), bis er zu Ende ist.`,
    closed: (period) =>
      `${period} ist abgeschlossen: dies sind die Zahlen, denen beide Parteien zugestimmt haben`,
    acceptance: (p) =>
      `Abnahmephase (Anlaufphase), Zeitraum ${p.period}${p.longStop !== null ? ` (von höchstens ${p.longStop})` : ''}: ${
        p.factor === null
          ? 'die Ziele sind die vollen Ziele'
          : `Prozentziele sind auf ${p.factor} des vollen Ziels gestaffelt (Ziele, bei denen weniger besser ist, durch ${p.factor} geteilt)`
      }; die Gebühr beträgt ${p.feeShare} der Zeitraumgebühr${p.fullFee !== null && p.fee !== null ? ` (${p.feeShare} von ${p.fullFee} = ${p.fee} ${p.currency})` : ''}; in der Abnahmephase werden keine Vertragsstrafen, Rückerstattungen oder Boni verrechnet${
        p.uncharged.length > 0
          ? `, daher kosten die Verfehlungen von ${p.uncharged.join(', ')} keine Vertragsstrafe`
          : ''
      }.`,
    met: 'erreicht',
    missed: 'VERFEHLT',
    notJudged: (reason) => `nicht bewertet (${reason})`,
    target: 'Ziel',
    fullTarget: (t) => `(gestaffelt; volles Ziel ${t})`,
    breaches: (n) =>
      n === 0
        ? 'keine Datensätze zählen dagegen'
        : `${n} ${n === 1 ? 'Datensatz zählt' : 'Datensätze zählen'} dagegen:`,
    statement: (p) =>
      `${p.estimate ? 'Schätzung (der Zeitraum läuft noch): ' : ''}Gebühr ${p.fee}  Vertragsstrafen ${p.credits}  Rückerstattung ${p.earnBack}  Bonus ${p.bonus}  zu zahlen ${p.payable} ${p.currency}`,
    figuresOnly: (period) => `${period} ist kein Bewertungszeitraum des Vertrags: nur Zahlen, keine Beträge`,
    credit: (metric, amount, rule) => `Vertragsstrafe ${metric}: ${amount} (${rule})`,
    cap: (rule, before, after) => `Obergrenze: ${rule}: ${before} → ${after}`,
    earnBack: (metric, amount, rule) => `Rückerstattung ${metric}: ${amount} (${rule})`,
    bonusEarned: (amount, streak) => `Bonus ${amount}: jedes Ziel ${streak} Zeiträume in Folge übertroffen`,
    adjustment: (period, amount) => `Korrektur für den abgeschlossenen Zeitraum ${period}: ${amount}`,
    payableAfterAdjustments: (amount, currency) => `zu zahlen nach Korrekturen ${amount} ${currency}`,
    warnings: (n) => `${n} ${n === 1 ? 'Datenwarnung' : 'Datenwarnungen'}; --json listet sie auf`,
  },
};
