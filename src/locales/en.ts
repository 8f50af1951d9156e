/** The English wording of the platform (src/locales/locale.ts describes its shape). */
import type { Contract } from '../domain/contract/types.js';
import { type AbandonCount, Format, join, type Locale, sentence } from './locale.js';

export const en: Locale = {
  digestLabel: 'Digest',
  decimal: '.',
  percentSpace: '',
  units: { h: 'h', min: 'min', s: 's', ms: 'ms' },
  or: 'or',
  and: 'and',
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  date: (d, m, y) => `${d} ${m} ${y}`,
  money: (amount, currency) => `${currency} ${amount}`,
  period: { week: 'week', month: 'month', quarter: 'quarter' },
  alwaysJudged: (p) => `always judged, per ${en.period[p]}`,
  records: {
    contacts: 'contacts',
    answers: 'survey answers',
    evaluations: 'QA evaluations',
    incidents: 'incidents',
  },
  channels: {
    phone: 'phone',
    email: 'e-mail',
    chat: 'chat',
    messaging: 'messaging',
    social: 'social media',
    web: 'web',
    other: 'other-channel',
  },
  fields: {
    channel: 'channel',
    segment: 'segment',
    category: 'category',
    language: 'language',
    queue: 'queue',
    priority: 'priority',
    severity: 'severity',
    direction: 'direction',
  },
  values: {},
  dimensions: { language: 'language', channel: 'channel', queue: 'queue', segment: 'segment' },
  statuses: {
    new: 'new',
    open: 'open',
    pending_customer: 'waiting for the customer',
    on_hold: 'on hold',
    solved: 'solved',
    closed: 'closed',
  },
  measures: {
    speed_of_answer: 'speed of answer (answered contacts only)',
    handle_time: 'handle time',
    wait: 'waiting time (answered and abandoned contacts)',
    first_time_right: 'first time right',
    qa_script_compliant: 'script followed (QA)',
    tone_of_voice_ok: 'tone of voice right (QA)',
    csat: 'CSAT score (answers normalised to 1–10)',
    qa_score: 'QA score (0–100)',
    ces: 'CES score',
  },
  of(p, inbound) {
    const pre = inbound ? 'inbound ' : '';
    if (p.empty) return `of all ${pre}${p.noun}`;
    return join([
      `of ${pre}`,
      p.channels && `${p.channels} `,
      p.noun,
      p.segment && ` in segment ${p.segment}`,
      p.filters.length > 0 ? ` with ${p.filters.join(' and ')}` : '',
    ]);
  },
  forPop(p) {
    if (p.empty) return '';
    return join([
      ', for ',
      p.channels && `${p.channels} `,
      'contacts',
      p.segment && ` in segment ${p.segment}`,
      p.filters.length > 0 ? ` with ${p.filters.join(' and ')}` : '',
    ]);
  },
  clock(c, open247) {
    const base =
      c.calendar === null
        ? 'on a 24/7 clock'
        : open247
          ? `on a 24/7 clock (calendar ${c.calendar})`
          : `on the business hours of calendar ${c.calendar}`;
    return c.pauseWhen.length === 0
      ? base
      : `${base}, pausing while a contact is ${new Format(en).statuses(c.pauseWhen)}`;
  },
  split: (dimensions, overrides) => `, per ${dimensions}${overrides ? ` (${overrides})` : ''}`,
  judged: (p, min, records) =>
    `judged per ${en.period[p]}${min > 1 ? ` when there are at least ${min} ${en.records[records]}` : ''}`,
  metric: {
    service_level(m, w, x) {
      const noun = x.abandonNoun;
      const t = w.duration(m.thresholdMs);
      const counts: Record<AbandonCount, string> = {
        as_failure: `abandoned ${noun} count as failures`,
        ignore: `abandoned ${noun} are left out`,
        within_threshold_success: `${noun} abandoned within ${t} count as successes, later abandons as failures`,
        exclude_within_threshold: `${noun} abandoned within ${t} are left out, later abandons count as failures`,
      };
      const short =
        m.abandoned.count === 'ignore'
          ? ''
          : m.abandoned.shortMs > 0
            ? `, abandons under ${w.duration(m.abandoned.shortMs)} are left out`
            : ', there is no short-abandon limit';
      return `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), true)} are answered within ${t} ${en.clock(m.clock, x.open247)}${w.split(m)}; ${counts[m.abandoned.count]}${short}`;
    },
    response_time: (m, w, x) =>
      `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), false)} get a first response within ${w.duration(m.thresholdMs)} ${en.clock(m.clock, x.open247)}${w.split(m)}; a contact still waiting counts once it passes the threshold`,
    resolution_time: (m, w, x) =>
      `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), false)} are resolved within ${w.duration(m.thresholdMs)} ${en.clock(m.clock, x.open247)}${w.split(m)}; the clock stops at the ${m.clock.resolution === 'final' ? 'last' : 'first'} resolution${m.clock.resolution === 'final' ? ' (the time between a resolution and a reopening does not count)' : ''}`,
    average: (m, w) =>
      `the average ${en.measures[m.measure]} ${en.of(w.population(m.population, 'contacts'), m.measure !== 'handle_time')} is at most ${w.target(m.target)}${w.split(m)}`,
    abandonment_rate: (m, w) =>
      `at most ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), true)} are abandoned${w.split(m)}; ${m.abandoned.shortMs > 0 ? `abandons under ${w.duration(m.abandoned.shortMs)} are left out` : 'there is no short-abandon limit'}`,
    rate: (m, w, x) =>
      `${en.measures[m.measure] ?? `${m.measure} (yes/no)`} holds for at least ${w.target(m.target)} ${en.of(w.population(m.population, x.records), false)} where it is known${w.split(m)}`,
    mean_score: (m, w) =>
      `the average ${en.measures[m.measure] ?? m.measure} is at least ${w.target(m.target)}${en.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    top_box: (m, w) =>
      `at least ${w.target(m.target)} of the ${m.measure.toUpperCase()} answers are ${m.box === 1 ? 'the top answer' : `among the top ${m.box} answers`} of their scale${en.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    nps: (m, w) =>
      `the NPS (promoters 9–10 minus detractors 0–6, per 100 answers) is at least ${w.target(m.target)}${en.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    availability: (m, w) => {
      const channels = w.population(m.population, 'contacts').channels;
      return `the service is available at least ${w.target(m.target)} of the open time of calendar ${m.calendar}; outages ${channels ? `on the ${channels} channel` : 'on any channel'} count against it`;
    },
    incident_reaction: (m, w, x) =>
      `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'incidents'), false)} are acknowledged within ${w.duration(m.thresholdMs)} ${en.clock(m.clock, x.open247)}`,
    compliance: (m) =>
      m.target.count === 0
        ? 'no confirmed privacy incidents (AVG/GDPR)'
        : `at most ${m.target.count} confirmed privacy incident${m.target.count === 1 ? '' : 's'} (AVG/GDPR)`,
  },
  headings: {
    calendars: 'Calendars',
    segments: 'Segments',
    metrics: 'Metrics',
    money: 'Money',
    other: 'Other rules',
  },
  header(c, w) {
    return [
      `${c.id}, version ${c.version}: the SLA between ${c.client} (client) and ${c.partner} (partner).`,
      `In force from ${w.date(c.effectiveFrom)}${c.effectiveTo ? ` until ${w.date(c.effectiveTo)}` : ''}; judged per ${en.period[c.period]} in time zone ${c.timezone}; fee ${w.money(c.monthlyFeeCents, c.currency)} per month; reports ${w.list(
        c.report.map((r) => `per ${en.period[r]}`),
        'and',
      )}.`,
    ];
  },
  calendar(cal, w, zone) {
    if (cal.alwaysOpen) return join(['open 24/7', cal.timezone !== zone ? ` (${cal.timezone})` : '']);
    const h = cal.holidays;
    return join([
      w.week(cal) || 'never open',
      cal.timezone !== zone ? ` (${cal.timezone})` : '',
      h.country
        ? `; closed on ${h.types.length === 1 && h.types[0] === 'public' ? 'public holidays' : `holidays (${h.types.join(', ')})`} of ${h.country}`
        : '',
      h.dates.length > 0 ? `; also closed on ${w.list(h.dates, 'and')}` : '',
      Object.keys(cal.special).length > 0
        ? `; other hours on ${w.list(Object.keys(cal.special), 'and')}`
        : '',
      cal.closures.length > 0
        ? `; ${cal.closures.length} planned closure${cal.closures.length === 1 ? '' : 's'}`
        : '',
    ]);
  },
  segment: (p) => p.filters.join(' and '),
  credits(c, w) {
    const cr = c.credits;
    if (!cr) return 'Credits: none; a missed target costs nothing.';
    const allocations = Object.entries(cr.allocationPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`);
    const total = Object.values(cr.allocationPpm).reduce((a, b) => a + b, 0);
    return join([
      `Credits: at most ${w.percent(cr.atRiskPpm)} of the period fee is at risk (${w.money(c.atRiskCents, c.currency)} per ${en.period[c.period]}). `,
      `A missed metric costs its share of that amount: ${w.list(allocations, 'and')} (together ${w.percent(total)}, pool ${w.percent(cr.poolPpm)}); the credits of a period never exceed the amount at risk.`,
      Object.keys(cr.minimumPpm).length > 0
        ? ` A result beyond its minimum is a critical miss and costs double: ${w.list(
            Object.entries(cr.minimumPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`),
            'and',
          )}.`
        : '',
      cr.earnBack
        ? ` A charged credit is paid back after ${cr.earnBack.periods} met periods in a row (earn-back).`
        : ' Charged credits are not paid back.',
      cr.annualCapPpm !== null
        ? ` Per contract year, credits are capped at ${w.percent(cr.annualCapPpm)} of the fees charged.`
        : ' There is no annual cap.',
    ]);
  },
  bonus(c, w) {
    const b = c.bonus;
    if (!b) return 'Bonus: none.';
    return `Bonus: ${w.percent(b.amountPpm)} of the period fee (${w.money(c.amountCents, c.currency)}) when, for ${b.periods} periods in a row, every judged metric meets its target${b.exceedByPpm > 0 ? ` and every percentage metric beats it by ${w.points(b.exceedByPpm)} percentage points` : ''}; paid in the last of those periods, after which the count starts again.`;
  },
  acceptance(c, w) {
    const a = c.acceptance;
    if (!a) return 'Acceptance: no start-up phase; full fees and credits apply from the first period.';
    const factors = a.rampUpPpm.map((f, i) =>
      a.rampUpPpm.length === 1
        ? `${w.percent(f)} throughout the phase`
        : i === a.rampUpPpm.length - 1
          ? `${w.percent(f)} from period ${i + 1} on`
          : `${w.percent(f)} in period ${i + 1}`,
    );
    const ends = [
      a.endsWhen ? `after ${a.endsWhen.allTargetsMet} periods in a row with every full target met` : '',
      a.longStop !== null ? `${a.endsWhen ? ', or at the latest ' : ''}after ${a.longStop} periods` : '',
    ].filter((s) => s !== '');
    return `Acceptance: a start-up phase from the first period of version 1. Percentage targets are multiplied by ${w.list(factors, 'and')} (lower-is-better targets divided by it); the fee is ${w.percent(a.feePpm)} of the period fee and no credits or bonus apply. The phase ends ${ends.join('')}.`;
  },
  volume(c, w) {
    if (!c.volume) return 'Volume band: none; targets bind at any volume.';
    return `Volume band: a metric is not judged in a period in which its volume exceeds the forecast by more than ${w.percent(c.volume.forecastTolerancePpm)}.`;
  },
  exclusions(c) {
    if (c.exclusions.length === 0) return 'Exclusions: none.';
    return `Exclusions (contacts created inside leave every population; running clocks pause): ${c.exclusions
      .map((e) => `${e.from.replace('T', ' ')} to ${e.to.replace('T', ' ')} (${e.reason})`)
      .join('; ')}.`;
  },
  escalation(c, w) {
    if (c.escalation.length === 0) return 'Escalation: none agreed.';
    const when = (e: Contract['escalation'][number]) =>
      e.when.event === 'at_risk'
        ? 'when a metric is forecast to miss or a contact is about to breach'
        : e.when.event === 'breached'
          ? 'when a target or a contact deadline is breached'
          : `after ${e.when.periods} missed period${e.when.periods === 1 ? '' : 's'} of a metric`;
    return sentence(
      `Escalation: ${c.escalation
        .map(
          (e) =>
            `level ${e.level}, ${w.list(e.who, 'and')}, ${when(e)}, acknowledges within ${w.duration(e.acknowledgeWithinMs)}`,
        )
        .join('; ')}`,
    );
  },
  data(c) {
    const r = c.data.retention;
    const unit = r && (r.count === 1 ? r.unit : `${r.unit}s`);
    return `Personal data (AVG/GDPR): survey comments are ${c.data.comments === 'keep' ? 'kept' : 'dropped when the data is read in'}; ${r ? `records older than ${r.count} ${unit} are purged` : 'records are kept without a time limit'}.${c.data.personal ? ` The columns ${c.data.personal.join(', ')} are pseudonymised as personal data too.` : ''}`;
  },
  evaluation: {
    header: (p) => `${p.contract} v${p.version} — period ${p.period}, as of ${p.asOf}`,
    provisional: (p) =>
      `PROVISIONAL: ${p.period} runs until ${p.end}. The figures are those so far, the money is an estimate, and the period counts in no streak (earn-back, bonus, acceptance) until it has ended.`,
    closed: (period) => `${period} is closed: these are the figures both parties agreed to`,
    acceptance: (p) =>
      `Acceptance phase, period ${p.period}${p.longStop !== null ? ` (of at most ${p.longStop})` : ''}: ${
        p.factor === null
          ? 'the targets are the full targets'
          : `percentage targets are ramped up to ${p.factor} of the full target (lower-is-better targets divided by ${p.factor})`
      }; the fee is ${p.feeShare} of the period fee${p.fullFee !== null && p.fee !== null ? ` (${p.feeShare} of ${p.fullFee} = ${p.fee} ${p.currency})` : ''}; no credits, earn-back or bonus are charged during the acceptance phase${
        p.uncharged.length > 0 ? `, so the misses of ${p.uncharged.join(', ')} carry no credit` : ''
      }.`,
    met: 'met',
    missed: 'MISSED',
    notJudged: (reason) => `not judged (${reason})`,
    target: 'target',
    fullTarget: (t) => `(ramped; full target ${t})`,
    breaches: (n) =>
      n === 0 ? 'no records count against it' : `${n} record${n === 1 ? '' : 's'} count against it:`,
    statement: (p) =>
      `${p.estimate ? 'estimate (the period has not ended): ' : ''}fee ${p.fee}  credits ${p.credits}  earn-back ${p.earnBack}  bonus ${p.bonus}  payable ${p.payable} ${p.currency}`,
    figuresOnly: (period) => `${period} is not a judgement period of the contract: figures only, no money`,
    credit: (metric, amount, rule) => `credit ${metric}: ${amount} (${rule})`,
    cap: (rule, before, after) => `cap: ${rule}: ${before} → ${after}`,
    earnBack: (metric, amount, rule) => `earn-back ${metric}: ${amount} (${rule})`,
    bonusEarned: (amount, streak) => `bonus ${amount}: every target beaten for ${streak} periods in a row`,
    adjustment: (period, amount) => `adjustment for closed period ${period}: ${amount}`,
    payableAfterAdjustments: (amount, currency) => `payable after adjustments ${amount} ${currency}`,
    warnings: (n) => `${n} data warning${n === 1 ? '' : 's'}; --json lists them`,
  },
};
