/**
 * A contract in plain words, in English, Dutch or German (`accord contract explain`): every metric with its
 * defaults filled in, the calendars, and the money rules. Pure: the same contract gives the same text.
 */
import type { CalendarDefinition, Span } from '../calendar/definition.js';
import { formatPercent } from '../percent.js';
import {
  type AbandonCount,
  type Clock,
  type Contract,
  type Lang,
  type Metric,
  type PeriodKind,
  type Population,
  SPLIT_DIMENSIONS,
  type SplitDimension,
  type Status,
  type Target,
} from './types.js';

/** The noun for the records a metric counts. */
type Records = 'contacts' | 'answers' | 'evaluations' | 'incidents';

/** Words and sentences of one language. */
interface Phrases {
  readonly decimal: string;
  readonly percentSpace: string;
  readonly units: { readonly h: string; readonly min: string; readonly s: string; readonly ms: string };
  readonly or: string;
  readonly and: string;
  readonly months: readonly string[];
  readonly weekdays: readonly string[];
  date(day: number, month: string, year: number): string;
  money(amount: string, currency: string): string;
  readonly period: Readonly<Record<PeriodKind, string>>;
  /** "always judged, per month". */
  alwaysJudged(p: PeriodKind): string;
  readonly records: Readonly<Record<Records, string>>;
  readonly channels: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly dimensions: Readonly<Record<SplitDimension, string>>;
  readonly statuses: Readonly<Record<Status, string>>;
  readonly measures: Readonly<Record<string, string>>;
  /** A population with its article: "of all contacts", "of inbound phone contacts …". */
  of(p: PopulationWords, inbound: boolean): string;
  /** A population after "for": "for phone contacts"; empty for everything. */
  forPop(p: PopulationWords): string;
  /** The clock of a metric; `open247` when its calendar is open 24/7. */
  clock(c: Clock, open247?: boolean): string;
  split(dimensions: string, overrides: string): string;
  judged(period: PeriodKind, minimum: number, records: Records): string;
  metric: MetricSentences;
  readonly headings: {
    readonly calendars: string;
    readonly segments: string;
    readonly metrics: string;
    readonly money: string;
    readonly other: string;
  };
  header(c: Contract, w: Words): string[];
  calendar(cal: CalendarDefinition, w: Words, contractZone: string): string;
  segment(p: PopulationWords): string;
  credits(c: Contract, w: Words): string;
  bonus(c: Contract, w: Words): string;
  acceptance(c: Contract, w: Words): string;
  volume(c: Contract, w: Words): string;
  exclusions(c: Contract, w: Words): string;
  escalation(c: Contract, w: Words): string;
  data(c: Contract): string;
}

interface MetricSentences {
  serviceLevel(m: Extract<Metric, { kind: 'service_level' }>, w: Words): string;
  responseTime(m: Extract<Metric, { kind: 'response_time' }>, w: Words): string;
  resolutionTime(m: Extract<Metric, { kind: 'resolution_time' }>, w: Words): string;
  average(m: Extract<Metric, { kind: 'average' }>, w: Words): string;
  abandonmentRate(m: Extract<Metric, { kind: 'abandonment_rate' }>, w: Words): string;
  rate(m: Extract<Metric, { kind: 'rate' }>, w: Words): string;
  meanScore(m: Extract<Metric, { kind: 'mean_score' }>, w: Words): string;
  topBox(m: Extract<Metric, { kind: 'top_box' }>, w: Words): string;
  nps(m: Extract<Metric, { kind: 'nps' }>, w: Words): string;
  availability(m: Extract<Metric, { kind: 'availability' }>, w: Words): string;
  incidentReaction(m: Extract<Metric, { kind: 'incident_reaction' }>, w: Words): string;
  compliance(m: Extract<Metric, { kind: 'compliance' }>, w: Words): string;
}

/** A population taken apart into the words that describe it. */
interface PopulationWords {
  readonly empty: boolean;
  /** Translated channel names, joined with "or"; empty when the population has no channel. */
  readonly channels: string;
  /** Segment names, joined with "or"; empty when none. */
  readonly segment: string;
  /** Other filters as `field value or value`, each already translated. */
  readonly filters: readonly string[];
  readonly noun: string;
}

/** Formatting helpers bound to one language. */
class Words {
  constructor(
    readonly p: Phrases,
    readonly calendars: Readonly<Record<string, CalendarDefinition>> = {},
  ) {}

  open247(c: Clock): boolean {
    return c.calendar !== null && this.calendars[c.calendar]?.alwaysOpen === true;
  }

  number(n: number): string {
    return String(n).replace('.', this.p.decimal);
  }

  percent(ppm: number): string {
    return formatPercent(ppm).replace('.', this.p.decimal).replace('%', `${this.p.percentSpace}%`);
  }

  points(ppm: number): string {
    return this.number(ppm / 10_000);
  }

  duration(ms: number): string {
    if (ms === 0) return `0 ${this.p.units.s}`;
    const parts: string[] = [];
    let rest = ms;
    for (const [unit, size] of [
      ['h', 3_600_000],
      ['min', 60_000],
      ['s', 1000],
      ['ms', 1],
    ] as const) {
      const n = Math.floor(rest / size);
      if (n > 0) parts.push(`${n} ${this.p.units[unit]}`);
      rest -= n * size;
    }
    return parts.join(' ');
  }

  target(t: Target): string {
    switch (t.unit) {
      case 'percent':
        return this.percent(t.ppm);
      case 'duration':
        return this.duration(t.ms);
      case 'number':
        return this.number(t.value);
      case 'count':
        return String(t.count);
    }
  }

  list(items: readonly string[], conjunction: string): string {
    if (items.length <= 1) return items[0] ?? '';
    return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
  }

  date(iso: string): string {
    return this.p.date(
      Number(iso.slice(8, 10)),
      this.p.months[Number(iso.slice(5, 7)) - 1]!,
      Number(iso.slice(0, 4)),
    );
  }

  /** Cents as `120,000.00` (en) or `120.000,00` (nl, de), with the currency where the language puts it. */
  money(cents: number, currency: string): string {
    const whole = String(Math.floor(cents / 100)).replace(
      /\B(?=(\d{3})+$)/g,
      this.p.decimal === '.' ? ',' : '.',
    );
    const amount = `${whole}${this.p.decimal}${String(cents % 100).padStart(2, '0')}`;
    return this.p.money(amount, currency);
  }

  value(field: string, value: string): string {
    if (field === 'channel') return this.p.channels[value] ?? value;
    return this.p.values[field]?.[value] ?? value;
  }

  population(pop: Population, records: Records, allFields = false): PopulationWords {
    const filters: string[] = [];
    for (const [field, values] of Object.entries(pop)) {
      if (!allFields && (field === 'channel' || field === 'segment')) continue;
      filters.push(
        `${this.p.fields[field] ?? field} ${this.list(
          values.map((v) => this.value(field, v)),
          this.p.or,
        )}`,
      );
    }
    return {
      empty: Object.keys(pop).length === 0,
      channels: this.list(
        (pop.channel ?? []).map((c) => this.p.channels[c] ?? c),
        this.p.or,
      ),
      segment: this.list(pop.segment ?? [], this.p.or),
      filters,
      noun: this.p.records[records],
    };
  }

  /** ", per language (fr: 70%)". */
  split(m: Metric): string {
    if (m.split.length === 0) return '';
    const overrides: string[] = [];
    for (const dimension of SPLIT_DIMENSIONS) {
      const targets = (m.splitTargets as Partial<Record<SplitDimension, Record<string, Target>>>)[dimension];
      for (const [value, target] of Object.entries(targets ?? {})) {
        const label = m.split.length > 1 ? `${this.p.dimensions[dimension]} ${value}` : value;
        overrides.push(`${label}: ${this.target(target)}`);
      }
    }
    return this.p.split(
      this.list(
        m.split.map((d) => this.p.dimensions[d]),
        this.p.and,
      ),
      overrides.join(', '),
    );
  }

  statuses(list: readonly Status[]): string {
    return this.list(
      list.map((s) => this.p.statuses[s]),
      this.p.or,
    );
  }

  /** The fee of one judgement period: ×3 for a quarter, ×12/52 for a week (rounded half-up to the cent). */
  periodFee(c: Contract): number {
    if (c.period === 'quarter') return c.monthlyFeeCents * 3;
    if (c.period === 'week') return Number((BigInt(c.monthlyFeeCents) * 12n * 2n + 52n) / 104n);
    return c.monthlyFeeCents;
  }

  /** `cents × ppm`, rounded half-up to the cent. */
  share(cents: number, ppm: number): number {
    return Number((BigInt(cents) * BigInt(ppm) * 2n + 1_000_000n) / 2_000_000n);
  }

  /** "Mon–Fri 08:00–22:00, Sat–Sun 09:00–18:00". */
  week(cal: CalendarDefinition): string {
    const spanText = (s: Span) => {
      const t = (m: number) =>
        `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return `${t(s.start)}–${t(s.end > 1440 ? s.end - 1440 : s.end)}`;
    };
    const days = cal.week.map((spans) => spans.map(spanText).join(', '));
    const groups: string[] = [];
    for (let d = 0; d < 7; ) {
      let e = d;
      while (e + 1 < 7 && days[e + 1] === days[d]) e++;
      if (days[d] !== '') {
        const name = d === e ? this.p.weekdays[d]! : `${this.p.weekdays[d]}–${this.p.weekdays[e]}`;
        groups.push(`${name} ${days[d]}`);
      }
      d = e + 1;
    }
    return groups.join(', ');
  }
}

function recordsOf(m: Metric): Records {
  switch (m.kind) {
    case 'mean_score':
    case 'rate':
      return m.measure.startsWith('qa_') || m.measure === 'tone_of_voice_ok'
        ? 'evaluations'
        : m.kind === 'mean_score'
          ? 'answers'
          : 'contacts';
    case 'top_box':
    case 'nps':
      return 'answers';
    case 'incident_reaction':
      return 'incidents';
    default:
      return 'contacts';
  }
}

/** What abandoned contacts of a channel are called: calls, chats or contacts. */
function abandonNoun(pop: Population): 'calls' | 'chats' | 'contacts' {
  const channels = pop.channel ?? [];
  if (channels.length === 1 && channels[0] === 'phone') return 'calls';
  if (channels.length === 1 && channels[0] === 'chat') return 'chats';
  return 'contacts';
}

const join = (parts: readonly string[]) => parts.filter((p) => p !== '').join('');

/** A sentence that ends in an abbreviation ("2 Std.") takes no second full stop. */
const tidy = (line: string) => line.replace(/\.\.$/, '.');

// ---------------------------------------------------------------------------------------------- English

const en: Phrases = {
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
      : `${base}, pausing while a contact is ${new Words(en).statuses(c.pauseWhen)}`;
  },
  split: (dimensions, overrides) => `, per ${dimensions}${overrides ? ` (${overrides})` : ''}`,
  judged: (p, min, records) =>
    `judged per ${en.period[p]}${min > 1 ? ` when there are at least ${min} ${en.records[records]}` : ''}`,
  metric: {
    serviceLevel(m, w) {
      const noun = abandonNoun(m.population);
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
      return `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), true)} are answered within ${t} ${en.clock(m.clock, w.open247(m.clock))}${w.split(m)}; ${counts[m.abandoned.count]}${short}`;
    },
    responseTime: (m, w) =>
      `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), false)} get a first response within ${w.duration(m.thresholdMs)} ${en.clock(m.clock, w.open247(m.clock))}${w.split(m)}; a contact still waiting counts once it passes the threshold`,
    resolutionTime: (m, w) =>
      `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), false)} are resolved within ${w.duration(m.thresholdMs)} ${en.clock(m.clock, w.open247(m.clock))}${w.split(m)}; the clock stops at the ${m.clock.resolution === 'final' ? 'last' : 'first'} resolution${m.clock.resolution === 'final' ? ' (the time between a resolution and a reopening does not count)' : ''}`,
    average: (m, w) =>
      `the average ${en.measures[m.measure]} ${en.of(w.population(m.population, 'contacts'), m.measure !== 'handle_time')} is at most ${w.target(m.target)}${w.split(m)}`,
    abandonmentRate: (m, w) =>
      `at most ${w.target(m.target)} ${en.of(w.population(m.population, 'contacts'), true)} are abandoned${w.split(m)}; ${m.abandoned.shortMs > 0 ? `abandons under ${w.duration(m.abandoned.shortMs)} are left out` : 'there is no short-abandon limit'}`,
    rate: (m, w) =>
      `${en.measures[m.measure] ?? `${m.measure} (yes/no)`} holds for at least ${w.target(m.target)} ${en.of(w.population(m.population, recordsOf(m)), false)} where it is known${w.split(m)}`,
    meanScore: (m, w) =>
      `the average ${en.measures[m.measure] ?? m.measure} is at least ${w.target(m.target)}${en.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    topBox: (m, w) =>
      `at least ${w.target(m.target)} of the ${m.measure.toUpperCase()} answers are ${m.box === 1 ? 'the top answer' : `among the top ${m.box} answers`} of their scale${en.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    nps: (m, w) =>
      `the NPS (promoters 9–10 minus detractors 0–6, per 100 answers) is at least ${w.target(m.target)}${en.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    availability: (m, w) => {
      const channels = w.population(m.population, 'contacts').channels;
      return `the service is available at least ${w.target(m.target)} of the open time of calendar ${m.calendar}; outages ${channels ? `on the ${channels} channel` : 'on any channel'} count against it`;
    },
    incidentReaction: (m, w) =>
      `at least ${w.target(m.target)} ${en.of(w.population(m.population, 'incidents'), false)} are acknowledged within ${w.duration(m.thresholdMs)} ${en.clock(m.clock, w.open247(m.clock))}`,
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
    const fee = w.periodFee(c);
    const allocations = Object.entries(cr.allocationPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`);
    const total = Object.values(cr.allocationPpm).reduce((a, b) => a + b, 0);
    return join([
      `Credits: at most ${w.percent(cr.atRiskPpm)} of the period fee is at risk (${w.money(w.share(fee, cr.atRiskPpm), c.currency)} per ${en.period[c.period]}). `,
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
    const fee = w.periodFee(c);
    return `Bonus: ${w.percent(b.amountPpm)} of the period fee (${w.money(w.share(fee, b.amountPpm), c.currency)}) when, for ${b.periods} periods in a row, every judged metric meets its target${b.exceedByPpm > 0 ? ` and every percentage metric beats it by ${w.points(b.exceedByPpm)} percentage points` : ''}; paid in the last of those periods, after which the count starts again.`;
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
    return `Escalation: ${c.escalation
      .map(
        (e) =>
          `level ${e.level}, ${w.list(e.who, 'and')}, ${when(e)}, acknowledges within ${w.duration(e.acknowledgeWithinMs)}`,
      )
      .join('; ')}.`;
  },
  data(c) {
    const r = c.data.retention;
    const unit = r && (r.count === 1 ? r.unit : `${r.unit}s`);
    return `Personal data (AVG/GDPR): survey comments are ${c.data.comments === 'keep' ? 'kept' : 'dropped when the data is read in'}; ${r ? `records older than ${r.count} ${unit} are purged` : 'records are kept without a time limit'}.`;
  },
};

// ---------------------------------------------------------------------------------------------- Dutch

const nl: Phrases = {
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
      : `${base}, waarbij de klok stilstaat bij status ${new Words(nl).statuses(c.pauseWhen)}`;
  },
  split: (dimensions, overrides) => `, per ${dimensions}${overrides ? ` (${overrides})` : ''}`,
  judged: (p, min, records) =>
    `beoordeeld per ${nl.period[p]}${min > 1 ? ` bij minstens ${min} ${nl.records[records]}` : ''}`,
  metric: {
    serviceLevel(m, w) {
      const noun = { calls: 'gesprekken', chats: 'chats', contacts: 'contacten' }[abandonNoun(m.population)];
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
      return `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), true)} wordt binnen ${t} beantwoord, ${nl.clock(m.clock, w.open247(m.clock))}${w.split(m)}; ${counts[m.abandoned.count]}${short}`;
    },
    responseTime: (m, w) =>
      `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), false)} krijgt binnen ${w.duration(m.thresholdMs)} een eerste reactie, ${nl.clock(m.clock, w.open247(m.clock))}${w.split(m)}; een contact dat nog wacht, telt mee zodra de drempel verstreken is`,
    resolutionTime: (m, w) =>
      `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), false)} wordt binnen ${w.duration(m.thresholdMs)} opgelost, ${nl.clock(m.clock, w.open247(m.clock))}${w.split(m)}; de klok stopt bij de ${m.clock.resolution === 'final' ? 'laatste' : 'eerste'} oplossing${m.clock.resolution === 'final' ? ' (de tijd tussen een oplossing en een heropening telt niet)' : ''}`,
    average: (m, w) =>
      `de gemiddelde ${nl.measures[m.measure]} ${nl.of(w.population(m.population, 'contacts'), m.measure !== 'handle_time')} is hoogstens ${w.target(m.target)}${w.split(m)}`,
    abandonmentRate: (m, w) =>
      `hoogstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'contacts'), true)} wordt afgebroken${w.split(m)}; ${m.abandoned.shortMs > 0 ? `wie binnen ${w.duration(m.abandoned.shortMs)} afhaakt, telt niet mee` : 'er is geen grens voor korte afbrekingen'}`,
    rate: (m, w) =>
      `${nl.measures[m.measure] ?? `${m.measure} (ja/nee)`} geldt voor minstens ${w.target(m.target)} ${nl.of(w.population(m.population, recordsOf(m)), false)} waarvoor dit bekend is${w.split(m)}`,
    meanScore: (m, w) =>
      `de gemiddelde ${nl.measures[m.measure] ?? m.measure} is minstens ${w.target(m.target)}${nl.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    topBox: (m, w) =>
      `minstens ${w.target(m.target)} van de ${m.measure.toUpperCase()}-antwoorden valt in ${m.box === 1 ? 'de hoogste waarde' : `de hoogste ${m.box} waarden`} van de schaal${nl.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    nps: (m, w) =>
      `de NPS (promotors 9–10 min criticasters 0–6, per 100 antwoorden) is minstens ${w.target(m.target)}${nl.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    availability: (m, w) => {
      const channels = w.population(m.population, 'contacts').channels;
      return `de dienst is minstens ${w.target(m.target)} van de openingstijd van kalender ${m.calendar} bereikbaar; storingen ${channels ? `op het kanaal ${channels}` : 'op elk kanaal'} gaan daarvan af`;
    },
    incidentReaction: (m, w) =>
      `minstens ${w.target(m.target)} ${nl.of(w.population(m.population, 'incidents'), false)} wordt binnen ${w.duration(m.thresholdMs)} bevestigd, ${nl.clock(m.clock, w.open247(m.clock))}`,
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
    const fee = w.periodFee(c);
    const allocations = Object.entries(cr.allocationPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`);
    const total = Object.values(cr.allocationPpm).reduce((a, b) => a + b, 0);
    return join([
      `Boetes: hoogstens ${w.percent(cr.atRiskPpm)} van de periodevergoeding staat op het spel (${w.money(w.share(fee, cr.atRiskPpm), c.currency)} per ${nl.period[c.period]}). `,
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
    const fee = w.periodFee(c);
    return `Bonus: ${w.percent(b.amountPpm)} van de periodevergoeding (${w.money(w.share(fee, b.amountPpm), c.currency)}) als ${b.periods} perioden op rij elke beoordeelde norm gehaald is${b.exceedByPpm > 0 ? ` en elke percentagenorm met ${w.points(b.exceedByPpm)} procentpunt overtroffen is` : ''}; uitbetaald in de laatste van die perioden, waarna de telling opnieuw begint.`;
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
    return `Escalatie: ${c.escalation
      .map(
        (e) =>
          `niveau ${e.level}, ${w.list(e.who, 'en')}, ${when(e)}, bevestigt binnen ${w.duration(e.acknowledgeWithinMs)}`,
      )
      .join('; ')}.`;
  },
  data(c) {
    const r = c.data.retention;
    const units = {
      day: ['dag', 'dagen'],
      week: ['week', 'weken'],
      month: ['maand', 'maanden'],
      year: ['jaar', 'jaar'],
    };
    return `Persoonsgegevens (AVG): de vrije tekst van enquêtes wordt ${c.data.comments === 'keep' ? 'bewaard' : 'bij het inlezen verwijderd'}; ${r ? `gegevens ouder dan ${r.count} ${units[r.unit][r.count === 1 ? 0 : 1]} worden verwijderd` : 'gegevens worden zonder termijn bewaard'}.`;
  },
};

// ---------------------------------------------------------------------------------------------- German

const DE_DATIVE: Readonly<Record<Records, string>> = {
  contacts: 'Kontakten',
  answers: 'Umfrageantworten',
  evaluations: 'QA-Bewertungen',
  incidents: 'Vorfällen',
};

const de: Phrases = {
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
      : `${base}, wobei die Uhr im Status ${new Words(de).statuses(c.pauseWhen)} ruht`;
  },
  split: (dimensions, overrides) => `, je ${dimensions}${overrides ? ` (${overrides})` : ''}`,
  judged: (p, min, records) =>
    `bewertet je ${de.period[p]}${min > 1 ? ` ab ${min} ${DE_DATIVE[records]}` : ''}`,
  metric: {
    serviceLevel(m, w) {
      const noun = { calls: 'Anrufe', chats: 'Chats', contacts: 'Kontakte' }[abandonNoun(m.population)];
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
      return `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), true)} werden innerhalb von ${t} angenommen, ${de.clock(m.clock, w.open247(m.clock))}${w.split(m)}; ${counts[m.abandoned.count]}${short}`;
    },
    responseTime: (m, w) =>
      `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), false)} erhalten innerhalb von ${w.duration(m.thresholdMs)} eine erste Antwort, ${de.clock(m.clock, w.open247(m.clock))}${w.split(m)}; ein noch wartender Kontakt zählt, sobald die Schwelle überschritten ist`,
    resolutionTime: (m, w) =>
      `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), false)} werden innerhalb von ${w.duration(m.thresholdMs)} gelöst, ${de.clock(m.clock, w.open247(m.clock))}${w.split(m)}; die Uhr stoppt bei der ${m.clock.resolution === 'final' ? 'letzten' : 'ersten'} Lösung${m.clock.resolution === 'final' ? ' (die Zeit zwischen einer Lösung und einer Wiedereröffnung zählt nicht)' : ''}`,
    average: (m, w) =>
      `die durchschnittliche ${de.measures[m.measure]} ${de.of(w.population(m.population, 'contacts'), m.measure !== 'handle_time')} beträgt höchstens ${w.target(m.target)}${w.split(m)}`,
    abandonmentRate: (m, w) =>
      `höchstens ${w.target(m.target)} ${de.of(w.population(m.population, 'contacts'), true)} werden abgebrochen${w.split(m)}; ${m.abandoned.shortMs > 0 ? `Abbrüche unter ${w.duration(m.abandoned.shortMs)} bleiben unberücksichtigt` : 'es gibt keine Grenze für Kurzabbrüche'}`,
    rate: (m, w) =>
      `${de.measures[m.measure] ?? `${m.measure} (ja/nein)`} gilt für mindestens ${w.target(m.target)} ${de.of(w.population(m.population, recordsOf(m)), false)}, bei denen der Wert bekannt ist${w.split(m)}`,
    meanScore: (m, w) =>
      `der durchschnittliche ${de.measures[m.measure] ?? `Wert von ${m.measure}`} beträgt mindestens ${w.target(m.target)}${de.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    topBox: (m, w) =>
      `mindestens ${w.target(m.target)} der ${m.measure.toUpperCase()}-Antworten liegen ${m.box === 1 ? 'im obersten Wert' : `in den obersten ${m.box} Werten`} ihrer Skala${de.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    nps: (m, w) =>
      `der NPS (Promotoren 9–10 minus Kritiker 0–6, je 100 Antworten) beträgt mindestens ${w.target(m.target)}${de.forPop(w.population(m.population, 'answers'))}${w.split(m)}`,
    availability: (m, w) => {
      const channels = w.population(m.population, 'contacts').channels;
      return `der Service ist mindestens ${w.target(m.target)} der Öffnungszeit des Kalenders ${m.calendar} erreichbar; Ausfälle ${channels ? `im Kanal ${channels}` : 'auf allen Kanälen'} werden davon abgezogen`;
    },
    incidentReaction: (m, w) =>
      `mindestens ${w.target(m.target)} ${de.of(w.population(m.population, 'incidents'), false)} werden innerhalb von ${w.duration(m.thresholdMs)} bestätigt, ${de.clock(m.clock, w.open247(m.clock))}`,
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
    const fee = w.periodFee(c);
    const allocations = Object.entries(cr.allocationPpm).map(([id, ppm]) => `${id} ${w.percent(ppm)}`);
    const total = Object.values(cr.allocationPpm).reduce((a, b) => a + b, 0);
    return join([
      `Vertragsstrafen: höchstens ${w.percent(cr.atRiskPpm)} der Periodenvergütung stehen auf dem Spiel (${w.money(w.share(fee, cr.atRiskPpm), c.currency)} je ${de.period[c.period]}). `,
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
    const fee = w.periodFee(c);
    return `Bonus: ${w.percent(b.amountPpm)} der Periodenvergütung (${w.money(w.share(fee, b.amountPpm), c.currency)}), wenn ${b.periods} Perioden in Folge jede bewertete Kennzahl ihr Ziel erreicht${b.exceedByPpm > 0 ? ` und jede Prozent-Kennzahl es um ${w.points(b.exceedByPpm)} Prozentpunkte übertrifft` : ''}; ausgezahlt in der letzten dieser Perioden, danach beginnt die Zählung von vorn.`;
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
    return `Eskalation: ${c.escalation
      .map(
        (e) =>
          `Stufe ${e.level}, ${w.list(e.who, 'und')}, ${when(e)}, bestätigt innerhalb von ${w.duration(e.acknowledgeWithinMs)}`,
      )
      .join('; ')}.`;
  },
  data(c) {
    const r = c.data.retention;
    const units = {
      day: ['Tag', 'Tage'],
      week: ['Woche', 'Wochen'],
      month: ['Monat', 'Monate'],
      year: ['Jahr', 'Jahre'],
    };
    return `Personenbezogene Daten (DSGVO): Freitext aus Umfragen wird ${c.data.comments === 'keep' ? 'aufbewahrt' : 'beim Einlesen verworfen'}; ${r ? `Datensätze, die älter als ${r.count} ${units[r.unit][r.count === 1 ? 0 : 1]} sind, werden gelöscht` : 'Datensätze werden ohne Frist aufbewahrt'}.`;
  },
};

const PHRASES: Readonly<Record<Lang, Phrases>> = { en, nl, de };

function sentence(m: Metric, p: Phrases, w: Words): string {
  switch (m.kind) {
    case 'service_level':
      return p.metric.serviceLevel(m, w);
    case 'response_time':
      return p.metric.responseTime(m, w);
    case 'resolution_time':
      return p.metric.resolutionTime(m, w);
    case 'average':
      return p.metric.average(m, w);
    case 'abandonment_rate':
      return p.metric.abandonmentRate(m, w);
    case 'rate':
      return p.metric.rate(m, w);
    case 'mean_score':
      return p.metric.meanScore(m, w);
    case 'top_box':
      return p.metric.topBox(m, w);
    case 'nps':
      return p.metric.nps(m, w);
    case 'availability':
      return p.metric.availability(m, w);
    case 'incident_reaction':
      return p.metric.incidentReaction(m, w);
    case 'compliance':
      return p.metric.compliance(m, w);
  }
}

/** The title in `lang`, else in English, Dutch or German, else null. */
export function titleIn(m: Metric, lang: Lang): string | null {
  return m.title[lang] ?? m.title.en ?? m.title.nl ?? m.title.de;
}

/**
 * One metric in one sentence: `phone-service-level — Calls answered within 30 s: at least 80% of inbound
 * phone contacts are answered within 30 s on a 24/7 clock, per language (fr: 70%); …; judged per month.`
 */
export function explainMetric(
  metric: Metric,
  period: PeriodKind,
  lang: Lang = 'en',
  calendars: Readonly<Record<string, CalendarDefinition>> = {},
): string {
  const p = PHRASES[lang];
  const w = new Words(p, calendars);
  const title = titleIn(metric, lang);
  const judged =
    metric.kind === 'compliance'
      ? p.alwaysJudged(period)
      : p.judged(period, metric.minimumSample, recordsOf(metric));
  return `${metric.id}${title ? ` — ${title}` : ''}: ${sentence(metric, p, w)}; ${judged}.`;
}

/** The money rules (credits, bonus, acceptance) in a few lines. */
export function explainMoney(contract: Contract, lang: Lang = 'en'): string[] {
  const p = PHRASES[lang];
  const w = new Words(p, contract.calendars);
  return [p.credits(contract, w), p.bonus(contract, w), p.acceptance(contract, w)].map(tidy);
}

/** The whole contract in plain words, one paragraph per line; `digest` is printed when given. */
export function explainContract(contract: Contract, options: { lang?: Lang; digest?: string } = {}): string {
  const lang = options.lang ?? 'en';
  const p = PHRASES[lang];
  const w = new Words(p, contract.calendars);
  const lines: string[] = [...p.header(contract, w)];
  if (options.digest)
    lines.push(
      `${lang === 'de' ? 'Prüfsumme' : lang === 'nl' ? 'Vingerafdruk' : 'Digest'}: ${options.digest}`,
    );
  const calendars = Object.entries(contract.calendars);
  if (calendars.length > 0) {
    lines.push('', p.headings.calendars);
    for (const [name, cal] of calendars) lines.push(`  ${name}: ${p.calendar(cal, w, contract.timezone)}`);
  }
  const segments = Object.entries(contract.segments);
  if (segments.length > 0) {
    lines.push('', p.headings.segments);
    for (const [name, pop] of segments)
      lines.push(`  ${name}: ${p.segment(w.population(pop, 'contacts', true))}`);
  }
  lines.push('', `${p.headings.metrics} (${contract.metrics.length})`);
  for (const m of contract.metrics)
    lines.push(`  ${explainMetric(m, contract.period, lang, contract.calendars)}`);
  lines.push('', p.headings.money);
  for (const line of explainMoney(contract, lang)) lines.push(`  ${line}`);
  lines.push('', p.headings.other);
  for (const line of [
    p.volume(contract, w),
    p.exclusions(contract, w),
    p.escalation(contract, w),
    p.data(contract),
  ])
    lines.push(`  ${tidy(line)}`);
  return lines.join('\n');
}
