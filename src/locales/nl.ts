/** The Dutch wording of the platform (src/locales/locale.ts describes its shape). */
import type { Contract } from '../domain/contract/types.js';
import { type AbandonCount, Format, join, type Locale, sentence } from './locale.js';

export const nl: Locale = {
  digestLabel: 'Vingerafdruk',
  decimal: ',',
  percentSpace: '',
  units: { h: 'uur', min: 'min', s: 's', ms: 'ms' },
  or: 'of',
  and: 'en',
  months: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  weekdays: ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo'],
  date: (d, m, y) => `${d} ${m} ${y}`,
  money: (amount, currency) => `${currency} ${amount}`,
  period: { week: 'week', month: 'maand', quarter: 'kwartaal' },
  alwaysJudged: (p) => `altijd beoordeeld, per ${nl.period[p]}`,
  records: {
    contacts: 'contacten',
    answers: 'enquêteantwoorden',
    evaluations: 'QA-beoordelingen',
    incidents: 'incidenten',
  },
  channels: {
    phone: 'telefoon',
    email: 'e-mail',
    chat: 'chat',
    messaging: 'berichtenapps',
    social: 'sociale media',
    web: 'web',
    other: 'overige kanalen',
  },
  fields: {
    channel: 'kanaal',
    segment: 'segment',
    category: 'categorie',
    language: 'taal',
    queue: 'wachtrij',
    priority: 'prioriteit',
    severity: 'ernst',
    direction: 'richting',
  },
  values: {
    category: {
      question: 'vraag',
      complaint: 'klacht',
      request: 'verzoek',
      incident: 'incident',
      other: 'overig',
    },
    priority: { low: 'laag', normal: 'normaal', high: 'hoog', urgent: 'urgent' },
    severity: { critical: 'kritiek', high: 'hoog', normal: 'normaal', low: 'laag' },
    direction: { inbound: 'inkomend', outbound: 'uitgaand' },
  },
  dimensions: { language: 'taal', channel: 'kanaal', queue: 'wachtrij', segment: 'segment' },
  statuses: {
    new: '‘nieuw’',
    open: '‘open’',
    pending_customer: '‘wacht op klant’',
    on_hold: '‘in de wacht’',
    solved: '‘opgelost’',
    closed: '‘gesloten’',
  },
  measures: {
    speed_of_answer: 'wachttijd tot aanname (alleen aangenomen contacten)',
    handle_time: 'afhandeltijd',
    wait: 'wachttijd (aangenomen en afgebroken contacten)',
    first_time_right: 'first time right (direct goed)',
    qa_script_compliant: 'script gevolgd (QA)',
    tone_of_voice_ok: 'juiste tone of voice (QA)',
    csat: 'CSAT-score (antwoorden omgerekend naar 1–10)',
    qa_score: 'QA-score (0–100)',
    ces: 'CES-score',
  },
  of(p, inbound) {
    const pre = inbound ? 'inkomende ' : '';
    if (p.empty) return `van alle ${pre}${p.noun}`;
    return join([
      `van de ${pre}${p.noun}`,
      p.channels && ` via ${p.channels}`,
      p.segment && ` in segment ${p.segment}`,
      p.filters.length > 0 ? ` met ${p.filters.join(' en ')}` : '',
    ]);
  },
  forPop(p) {
    if (p.empty) return '';
    return join([
      ', voor contacten',
      p.channels && ` via ${p.channels}`,
      p.segment && ` in segment ${p.segment}`,
      p.filters.length > 0 ? ` met ${p.filters.join(' en ')}` : '',
    ]);
  },
  clock(c, open247) {
    const base =
      c.calendar === null
        ? 'op een 24/7-klok'
        : open247
          ? `op een 24/7-klok (kalender ${c.calendar})`
          : `binnen de openingstijden van kalender ${c.calendar}`;
    return c.pauseWhen.length === 0
      ? base
      : `${base}, waarbij de klok stilstaat bij status ${new Format(nl).statuses(c.pauseWhen)}`;
  },
  split: (dimensions, overrides) => `, per ${dimensions}${overrides ? ` (${overrides})` : ''}`,
  judged: (p, min, records) =>
    `beoordeeld per ${nl.period[p]}${min > 1 ? ` bij minstens ${min} ${nl.records[records]}` : ''}`,
  metric: {
    service_level(m, w, x) {
      const noun = { calls: 'gesprekken', chats: 'chats', contacts: 'contacten' }[x.abandonNoun];
      const t = w.duration(m.thresholdMs);
      const counts: Record<AbandonCount, string> = {
        as_failure: `afgebroken ${noun} tellen als niet op tijd beantwoord`,
        ignore: `afgebroken ${noun} tellen niet mee`,
        within_threshold_success: `${noun} die binnen ${t} worden afgebroken tellen als op tijd, later afgebroken ${noun} als te laat`,
        exclude_within_threshold: `${noun} die binnen ${t} worden afgebroken tellen niet mee, later afgebroken ${noun} tellen als te laat`,
      };
      const short =
        m.abandoned.count === 'ignore'
          ? ''
          : m.abandoned.shortMs > 0
            ? `; wie binnen ${w.duration(m.abandoned.shortMs)} afhaakt, telt niet mee`
            : '; er is geen grens voor korte afbrekingen';
      return `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), true)} wordt binnen ${t} beantwoord, ${nl.clock(m.clock, x.open247)}${w.split(m)}; ${counts[m.abandoned.count]}${short}`;
    },
    response_time: (m, w, x) =>
      `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), false)} krijgt binnen ${w.duration(m.thresholdMs)} een eerste reactie, ${nl.clock(m.clock, x.open247)}${w.split(m)}; een contact dat nog wacht, telt mee zodra de drempel verstreken is`,
    resolution_time: (m, w, x) =>
      `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), false)} wordt binnen ${w.duration(m.thresholdMs)} opgelost, ${nl.clock(m.clock, x.open247)}${w.split(m)}; de klok stopt bij de ${m.clock.resolution === 'final' ? 'laatste' : 'eerste'} oplossing${m.clock.resolution === 'final' ? ' (de tijd tussen een oplossing en een heropening telt niet)' : ''}`,
    average: (m, w) =>
      `de gemiddelde ${nl.measures[m.measure]} ${nl.of(w.population(m.population, 'contacts'), m.measure !== 'handle_time')} is hoogstens ${w.target(m.target)}${w.split(m)}`,
    abandonment_rate: (m, w) =>
      `hoogstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), true)} wordt afgebroken${w.split(m)}; ${m.abandoned.shortMs > 0 ? `wie binnen ${w.duration(m.abandoned.shortMs)} afhaakt, telt niet mee` : 'er is geen grens voor korte afbrekingen'}`,
    rate: (m, w, x) =>
      `${nl.measures[m.measure] ?? `${m.measure} (ja/nee)`} geldt voor minstens ${w.target(m.target)} ${nl.of(w.population(m.population, x.records), false)} waarvoor dit bekend is${w.split(m)}`,
    mean_score: (m, w) =>
      `de gemiddelde ${nl.measures[m.measure] ?? m.measure} is minstens ${w.target(m.target)}${nl.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    top_box: (m, w) =>
      `minstens ${w.target(m.target)} van de ${m.measure.toUpperCase()}-antwoorden valt in ${m.box === 1 ? 'de hoogste waarde' : `de hoogste ${m.box} waarden`} van de schaal${nl.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    nps: (m, w) =>
      `de NPS (promotors 9–10 min criticasters 0–6, per 100 antwoorden) is minstens ${w.target(m.target)}${nl.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    availability: (m, w) => {
      const channels = w.population(m.population, 'contacts').channels;
      return `de dienst is minstens ${w.target(m.target)} van de openingstijd van kalender ${m.calendar} bereikbaar; storingen ${channels ? `op het kanaal ${channels}` : 'op elk kanaal'} gaan daarvan af`;
    },
    incident_reaction: (m, w, x) =>
      `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'incidents'), false)} wordt binnen ${w.duration(m.thresholdMs)} bevestigd, ${nl.clock(m.clock, x.open247)}`,
    compliance: (m) =>
      m.target.count === 0
        ? 'geen bevestigde privacy-incidenten (AVG)'
        : m.target.count === 1
          ? 'hoogstens 1 bevestigd privacy-incident (AVG)'
          : `hoogstens ${m.target.count} bevestigde privacy-incidenten (AVG)`,
  },
  headings: {
    calendars: 'Kalenders',
    segments: 'Segmenten',
    metrics: 'Normen',
    money: 'Geld',
    other: 'Overige afspraken',
  },
  header(c, w) {
    return [
      `${c.id}, versie ${c.version}: de SLA tussen ${c.client} (opdrachtgever) en ${c.partner} (outsourcingpartner).`,
      `Geldig vanaf ${w.date(c.effectiveFrom)}${c.effectiveTo ? ` tot en met ${w.date(c.effectiveTo)}` : ''}; beoordeeld per ${nl.period[c.period]} in tijdzone ${c.timezone}; vergoeding ${w.money(c.monthlyFeeCents, c.currency)} per maand; rapportages ${w.list(
        c.report.map((r) => `per ${nl.period[r]}`),
        'en',
      )}.`,
    ];
  },
  calendar(cal, w, zone) {
    if (cal.alwaysOpen)
      return join(['altijd open (24/7)', cal.timezone !== zone ? ` (${cal.timezone})` : '']);
    const h = cal.holidays;
    return join([
      w.week(cal) || 'nooit open',
      cal.timezone !== zone ? ` (${cal.timezone})` : '',
      h.country
        ? `; gesloten op ${h.types.length === 1 && h.types[0] === 'public' ? 'officiële feestdagen' : `feestdagen (${h.types.join(', ')})`} van ${h.country}`
        : '',
      h.dates.length > 0 ? `; ook gesloten op ${w.list(h.dates, 'en')}` : '',
      Object.keys(cal.special).length > 0
        ? `; andere openingstijden op ${w.list(Object.keys(cal.special), 'en')}`
        : '',
      cal.closures.length > 0
        ? `; ${cal.closures.length} geplande sluiting${cal.closures.length === 1 ? '' : 'en'}`
        : '',
    ]);
  },
  segment: (p) => p.filters.join(' en '),
  credits(c, w) {
    const cr = c.credits;
    if (!cr) return 'Boetes: geen; een gemiste norm kost niets.';
    const allocations = Object.entries(cr.allocationPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`);
    const total = Object.values(cr.allocationPpm).reduce((a, b) => a + b, 0);
    return join([
      `Boetes: hoogstens ${w.percent(cr.atRiskPpm)} van de periodevergoeding staat op het spel (${w.money(c.atRiskCents, c.currency)} per ${nl.period[c.period]}). `,
      `Een gemiste norm kost zijn aandeel van dat bedrag: ${w.list(allocations, 'en')} (samen ${w.percent(total)}, pool ${w.percent(cr.poolPpm)}); de boetes van een periode komen nooit boven het bedrag dat op het spel staat.`,
      Object.keys(cr.minimumPpm).length > 0
        ? ` Een uitkomst voorbij het minimum is een kritieke misser en kost het dubbele: ${w.list(
            Object.entries(cr.minimumPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`),
            'en',
          )}.`
        : '',
      cr.earnBack
        ? ` Een in rekening gebrachte boete wordt terugbetaald na ${cr.earnBack.periods} gehaalde perioden op rij (earn-back).`
        : ' In rekening gebrachte boetes worden niet terugbetaald.',
      cr.annualCapPpm !== null
        ? ` Per contractjaar zijn de boetes begrensd op ${w.percent(cr.annualCapPpm)} van de gefactureerde vergoedingen.`
        : ' Er is geen jaarplafond.',
    ]);
  },
  bonus(c, w) {
    const b = c.bonus;
    if (!b) return 'Bonus: geen.';
    return `Bonus: ${w.percent(b.amountPpm)} van de periodevergoeding (${w.money(c.amountCents, c.currency)}) als ${b.periods} perioden op rij elke beoordeelde norm gehaald is${b.exceedByPpm > 0 ? ` en elke percentagenorm met ${w.points(b.exceedByPpm)} procentpunt overtroffen is` : ''}; uitbetaald in de laatste van die perioden, waarna de telling opnieuw begint.`;
  },
  acceptance(c, w) {
    const a = c.acceptance;
    if (!a) return 'Acceptatie: geen opstartfase; volledige vergoeding en boetes vanaf de eerste periode.';
    const factors = a.rampUpPpm.map((f, i) =>
      a.rampUpPpm.length === 1
        ? `${w.percent(f)} gedurende de hele fase`
        : i === a.rampUpPpm.length - 1
          ? `${w.percent(f)} vanaf periode ${i + 1}`
          : `${w.percent(f)} in periode ${i + 1}`,
    );
    const ends = [
      a.endsWhen
        ? `na ${a.endsWhen.allTargetsMet} perioden op rij waarin elke volledige norm gehaald is`
        : '',
      a.longStop !== null ? `${a.endsWhen ? ', of uiterlijk ' : ''}na ${a.longStop} perioden` : '',
    ].filter((s) => s !== '');
    return `Acceptatie: een opstartfase vanaf de eerste periode van versie 1. Percentagenormen worden vermenigvuldigd met ${w.list(factors, 'en')} (normen waarbij lager beter is, worden erdoor gedeeld); de vergoeding is ${w.percent(a.feePpm)} van de periodevergoeding en er gelden geen boetes of bonus. De fase eindigt ${ends.join('')}.`;
  },
  volume(c, w) {
    if (!c.volume) return 'Volumeband: geen; de normen gelden bij elk volume.';
    return `Volumeband: een norm wordt niet beoordeeld in een periode waarin het volume de prognose met meer dan ${w.percent(c.volume.forecastTolerancePpm)} overschrijdt.`;
  },
  exclusions(c) {
    if (c.exclusions.length === 0) return 'Uitsluitingen: geen.';
    return `Uitsluitingen (contacten die erbinnen ontstaan, tellen nergens mee; lopende klokken staan stil): ${c.exclusions
      .map((e) => `${e.from.replace('T', ' ')} tot ${e.to.replace('T', ' ')} (${e.reason})`)
      .join('; ')}.`;
  },
  escalation(c, w) {
    if (c.escalation.length === 0) return 'Escalatie: niets afgesproken.';
    const when = (e: Contract['escalation'][number]) =>
      e.when.event === 'at_risk'
        ? 'als een norm dreigt te worden gemist of een contact bijna over zijn termijn gaat'
        : e.when.event === 'breached'
          ? 'als een norm of de termijn van een contact is overschreden'
          : `na ${e.when.periods} gemiste ${e.when.periods === 1 ? 'periode' : 'perioden'} van een norm`;
    return sentence(
      `Escalatie: ${c.escalation
        .map(
          (e) =>
            `niveau ${e.level}, ${w.list(e.who, 'en')}, ${when(e)}, bevestigt binnen ${w.duration(e.acknowledgeWithinMs)}`,
        )
        .join('; ')}`,
    );
  },
  data(c) {
    const r = c.data.retention;
    const units = {
      day: ['dag', 'dagen'],
      week: ['week', 'weken'],
      month: ['maand', 'maanden'],
      year: ['jaar', 'jaar'],
    };
    return `Persoonsgegevens (AVG): de vrije tekst van enquêtes wordt ${c.data.comments === 'keep' ? 'bewaard' : 'bij het inlezen verwijderd'}; ${r ? `gegevens ouder dan ${r.count} ${units[r.unit][r.count === 1 ? 0 : 1]} worden verwijderd` : 'gegevens worden zonder termijn bewaard'}.${c.data.personal ? ` Ook de kolommen ${c.data.personal.join(', ')} worden als persoonsgegevens gepseudonimiseerd.` : ''}`;
  },
  evaluation: {
    header: (p) => `${p.contract} v${p.version} — periode ${p.period}, stand per ${p.asOf}`,
    provisional: (p) =>
      `VOORLOPIG: ${p.period} loopt tot ${p.end}. De cijfers zijn die tot nu toe, de bedragen zijn een schatting, en de periode telt in geen reeks mee (terugverdienen, bonus, acceptatie) tot zij voorbij is.`,
    closed: (period) => `${period} is afgesloten: dit zijn de cijfers waarmee beide partijen instemden`,
    acceptance: (p) =>
      `Acceptatiefase (opstartfase), periode ${p.period}${p.longStop !== null ? ` (van ten hoogste ${p.longStop})` : ''}: ${
        p.factor === null
          ? 'de doelen zijn de volledige doelen'
          : `percentagedoelen zijn opgebouwd tot ${p.factor} van het volledige doel (doelen waarbij lager beter is gedeeld door ${p.factor})`
      }; de vergoeding is ${p.feeShare} van de periodevergoeding${p.fullFee !== null && p.fee !== null ? ` (${p.feeShare} van ${p.fullFee} = ${p.fee} ${p.currency})` : ''}; in de acceptatiefase worden geen boetes, terugverdiende boetes of bonus verrekend${
        p.uncharged.length > 0
          ? `, dus de gemiste doelen van ${p.uncharged.join(', ')} kosten geen boete`
          : ''
      }.`,
    met: 'gehaald',
    missed: 'GEMIST',
    notJudged: (reason) => `niet beoordeeld (${reason})`,
    target: 'doel',
    fullTarget: (t) => `(opgebouwd; volledig doel ${t})`,
    breaches: (n) =>
      n === 0
        ? 'geen gegevens tellen ertegen'
        : `${n} ${n === 1 ? 'gegeven telt' : 'gegevens tellen'} ertegen:`,
    statement: (p) =>
      `${p.estimate ? 'schatting (de periode loopt nog): ' : ''}vergoeding ${p.fee}  boetes ${p.credits}  terugverdiend ${p.earnBack}  bonus ${p.bonus}  te betalen ${p.payable} ${p.currency}`,
    figuresOnly: (period) =>
      `${period} is geen beoordelingsperiode van het contract: alleen cijfers, geen bedragen`,
    credit: (metric, amount, rule) => `boete ${metric}: ${amount} (${rule})`,
    cap: (rule, before, after) => `plafond: ${rule}: ${before} → ${after}`,
    earnBack: (metric, amount, rule) => `terugverdiend ${metric}: ${amount} (${rule})`,
    bonusEarned: (amount, streak) => `bonus ${amount}: elk doel ${streak} perioden achter elkaar overtroffen`,
    adjustment: (period, amount) => `correctie voor afgesloten periode ${period}: ${amount}`,
    payableAfterAdjustments: (amount, currency) => `te betalen na correcties ${amount} ${currency}`,
    warnings: (n) => `${n} ${n === 1 ? 'waarschuwing' : 'waarschuwingen'} over de gegevens; --json noemt ze`,
  },
};
