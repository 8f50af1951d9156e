/**
 * The shape of a language's wording (`src/locales/en.ts`, `nl.ts`, `de.ts`): number and date conventions,
 * the vocabulary of the data model, and one message per sentence the platform writes. A message takes the
 * parameters the domain decided on (src/domain/contract/explain.ts applies the rules: which fee, which
 * amount, which clock) and a `Format` of the same language; it never decides a rule itself.
 */
import type { CalendarDefinition, Span } from '../domain/calendar/definition.js';
import {
  type AbandonCount,
  type Clock,
  type Contract,
  type Metric,
  type MetricKind,
  type MetricOf,
  type PeriodKind,
  type Population,
  SPLIT_DIMENSIONS,
  type SplitDimension,
  type Status,
  type Target,
} from '../domain/contract/types.js';
import { formatPercent } from '../domain/percent.js';

export type { AbandonCount };

/** The noun for the records a metric counts. */
export type Records = 'contacts' | 'answers' | 'evaluations' | 'incidents';

/** What the domain found out about a metric that its sentence needs. */
export interface MetricFacts {
  /** The metric's clock runs on a calendar that is open 24/7. */
  readonly open247: boolean;
  readonly records: Records;
  /** What abandoned contacts of the metric's channel are called. */
  readonly abandonNoun: 'calls' | 'chats' | 'contacts';
}

export type HeaderParams = Pick<
  Contract,
  | 'id'
  | 'version'
  | 'client'
  | 'partner'
  | 'effectiveFrom'
  | 'effectiveTo'
  | 'period'
  | 'timezone'
  | 'monthlyFeeCents'
  | 'currency'
  | 'report'
>;

export interface CreditsParams {
  readonly credits: Contract['credits'];
  readonly currency: string;
  readonly period: PeriodKind;
  /** The amount at risk per judgement period. */
  readonly atRiskCents: number;
}

export interface BonusParams {
  readonly bonus: Contract['bonus'];
  readonly currency: string;
  /** The bonus of one judgement period. */
  readonly amountCents: number;
}

/** A population taken apart into the words that describe it. */
export interface PopulationWords {
  readonly empty: boolean;
  /** Translated channel names, joined with "or"; empty when the population has no channel. */
  readonly channels: string;
  /** Segment names, joined with "or"; empty when none. */
  readonly segment: string;
  /** Other filters as `field value or value`, each already translated. */
  readonly filters: readonly string[];
  readonly noun: string;
}

/** One sentence per metric kind: what the metric promises. */
export type MetricSentences = {
  readonly [K in MetricKind]: (m: MetricOf<K>, w: Format, x: MetricFacts) => string;
};

/** Number, date and list conventions of a language. */
export interface Conventions {
  readonly decimal: string;
  readonly percentSpace: string;
  readonly units: { readonly h: string; readonly min: string; readonly s: string; readonly ms: string };
  readonly or: string;
  readonly and: string;
  readonly months: readonly string[];
  readonly weekdays: readonly string[];
  date(day: number, month: string, year: number): string;
  money(amount: string, currency: string): string;
}

/** The words of the data model. */
export interface Vocabulary {
  readonly period: Readonly<Record<PeriodKind, string>>;
  readonly records: Readonly<Record<Records, string>>;
  readonly channels: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly dimensions: Readonly<Record<SplitDimension, string>>;
  readonly statuses: Readonly<Record<Status, string>>;
  readonly measures: Readonly<Record<string, string>>;
}

/** The sentences of `accord contract explain`; each key is a message, its arguments the parameters. */
export interface ExplainMessages {
  readonly digestLabel: string;
  readonly headings: {
    readonly calendars: string;
    readonly segments: string;
    readonly metrics: string;
    readonly money: string;
    readonly other: string;
  };
  header(c: HeaderParams, w: Format): string[];
  calendar(cal: CalendarDefinition, w: Format, contractZone: string): string;
  segment(p: PopulationWords): string;
  /** "always judged, per month". */
  alwaysJudged(p: PeriodKind): string;
  judged(period: PeriodKind, minimum: number, records: Records): string;
  metric: MetricSentences;
  /** A population with its article: "of all contacts", "of inbound phone contacts …". */
  of(p: PopulationWords, inbound: boolean): string;
  /** A population after "for": "for phone contacts"; empty for everything. */
  forPop(p: PopulationWords): string;
  /** The clock of a metric; `open247` when its calendar is open 24/7. */
  clock(c: Clock, open247?: boolean): string;
  split(dimensions: string, overrides: string): string;
  credits(c: CreditsParams, w: Format): string;
  bonus(c: BonusParams, w: Format): string;
  acceptance(c: Pick<Contract, 'acceptance'>, w: Format): string;
  volume(c: Pick<Contract, 'volume'>, w: Format): string;
  exclusions(c: Pick<Contract, 'exclusions'>, w: Format): string;
  escalation(c: Pick<Contract, 'escalation'>, w: Format): string;
  data(c: Pick<Contract, 'data'>): string;
}

/** What the acceptance line of `accord evaluate` says (the numbers already formatted). */
export interface AcceptanceLineParams {
  /** k: the k-th period of the phase. */
  readonly period: number;
  /** The phase ends after this many periods at the latest (`long_stop`), or null. */
  readonly longStop: number | null;
  /** The ramp-up factor of this period (`80%`), or null when targets are not ramped. */
  readonly factor: string | null;
  /** The share of the period fee paid during the phase (`90%`). */
  readonly feeShare: string;
  /** The full period fee and the fee charged, or null for a period without money (a week in a month). */
  readonly fullFee: string | null;
  readonly fee: string | null;
  readonly currency: string;
  /** Metrics missed in this period that would carry a credit outside the phase. */
  readonly uncharged: readonly string[];
}

/** The amounts of a statement line, already signed (`−4320.00`, `0.00`, `+3600.00`). */
export interface StatementLineParams {
  readonly fee: string;
  readonly credits: string;
  readonly earnBack: string;
  readonly bonus: string;
  readonly payable: string;
  readonly currency: string;
  /** The period has not ended: the money is an estimate. */
  readonly estimate: boolean;
}

/** The sentences of `accord evaluate`'s text output (the JSON output is not worded). */
export interface EvaluationMessages {
  header(p: { contract: string; version: number; period: string; asOf: string }): string;
  /** A period not ended by asOf: figures so far, money an estimate, counted in no streak. */
  provisional(p: { period: string; end: string }): string;
  /** A closed period: the figures both parties agreed to. */
  closed(period: string): string;
  acceptance(p: AcceptanceLineParams): string;
  readonly met: string;
  readonly missed: string;
  notJudged(reason: string): string;
  readonly target: string;
  /** After a ramped target: the full target it was ramped from. */
  fullTarget(target: string): string;
  /** Heading of the records that count against a row (`--breaches`). */
  breaches(count: number): string;
  statement(p: StatementLineParams): string;
  /** A period of another kind than the contract's (a week in a monthly contract): no money. */
  figuresOnly(period: string): string;
  credit(metric: string, amount: string, rule: string): string;
  cap(rule: string, before: string, after: string): string;
  earnBack(metric: string, amount: string, rule: string): string;
  bonusEarned(amount: string, streak: number): string;
  adjustment(period: string, amount: string): string;
  /** The net amount payable once the adjustments for closed periods are added (contract.md, Closing). */
  payableAfterAdjustments(amount: string, currency: string): string;
  warnings(count: number): string;
}

export interface Locale extends Conventions, Vocabulary, ExplainMessages {
  readonly evaluation: EvaluationMessages;
}

/** A sentence with its full stop, unless it already ends in one (an abbreviation: "2 Std.", "5 Min."). */
export const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

/** Parts joined, empty ones left out. */
export const join = (parts: readonly string[]) => parts.filter((p) => p !== '').join('');

/** Formatting helpers bound to one language: numbers, durations, money, dates, lists and populations. */
export class Format {
  constructor(readonly p: Locale) {}

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
