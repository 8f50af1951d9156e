/**
 * The contract file of contract.md → a validated `Contract` with every default filled in, or every issue
 * found (not just the first), each with the path of the offending key. Each top-level section is read on
 * its own, so a mistake in one never hides a mistake in another; the checks between sections (a clock's
 * calendar exists, an allocation names a metric, …) use whatever could be read.
 */
import { z } from 'zod';
import { type CalendarDefinition, type ParseResult, parseCalendar } from '../calendar/definition.js';
import type { Issue } from '../issues.js';
import { quote } from '../issues.js';
import { isPercentageKind, rulesOf } from '../kpis/index.js';
import { formatPercent } from '../percent.js';
import { RECORD_COLUMNS } from '../records.js';
import { custom, leaf, listOf, optional, required, run, strict, unknownKeyMessage } from './fields.js';
import { aKind, parseMetric } from './metrics.js';
import {
  isPeriodEnd,
  isPeriodStart,
  nextPeriodStart,
  periodEndOf,
  periodStartOf,
  previousPeriodEnd,
} from './periods.js';
import { readPopulation } from './population.js';
import {
  type Acceptance,
  type Bonus,
  type Contract,
  type Credits,
  type DataPolicy,
  type EscalationLevel,
  type EscalationTrigger,
  type Exclusion,
  METRIC_KINDS,
  type Metric,
  type MetricKind,
  PERIOD_KINDS,
  type PeriodKind,
  type Population,
  type Volume,
} from './types.js';
import {
  readChoice,
  readCurrency,
  readDate,
  readFactor,
  readFieldName,
  readId,
  readLocalDateTime,
  readMoney,
  readPercent,
  readPercentagePoints,
  readPeriodKind,
  readPositiveDuration,
  readPositiveInteger,
  readRetention,
  readText,
  readTimeZone,
  readUnboundedPercent,
} from './values.js';

/** Every top-level key, in the order of contract.md. */
export const CONTRACT_KEYS = [
  'contract',
  'version',
  'effective_from',
  'effective_to',
  'client',
  'partner',
  'timezone',
  'currency',
  'monthly_fee',
  'period',
  'report',
  'calendars',
  'segments',
  'metrics',
  'credits',
  'bonus',
  'acceptance',
  'volume',
  'exclusions',
  'escalation',
  'data',
] as const;

const PERCENT = leaf(readPercent);

const creditsSchema = strict({
  at_risk: required(PERCENT, 'is required: the share of the period fee at risk, e.g. 12%'),
  pool: optional(leaf(readUnboundedPercent)),
  allocation: required(
    z.record(z.string(), PERCENT),
    'is required: the share of the at-risk amount per metric, e.g. { phone-service-level: 40% }',
  ),
  minimum: optional(z.record(z.string(), PERCENT)),
  earn_back: optional(
    strict({ periods: required(leaf(readPositiveInteger), 'is required: met periods in a row, e.g. 3') }),
  ),
  annual_cap: optional(PERCENT),
});

const bonusSchema = strict({
  exceed_by: optional(leaf(readPercentagePoints)),
  periods: required(leaf(readPositiveInteger), 'is required: periods in a row, e.g. 3'),
  amount: required(PERCENT, 'is required: the share of the period fee paid, e.g. 3%'),
});

const acceptanceSchema = strict({
  ramp_up: optional(listOf(leaf(readFactor), { nonEmpty: true })),
  fee: optional(PERCENT),
  ends_when: optional(
    strict({
      all_targets_met: required(
        leaf(readPositiveInteger),
        'is required: periods in a row with every target met',
      ),
    }),
  ),
  long_stop: optional(leaf(readPositiveInteger)),
});

const volumeSchema = strict({
  forecast_tolerance: required(leaf(readUnboundedPercent), 'is required: e.g. 15%'),
});

const exclusionSchema = strict({
  from: required(leaf(readLocalDateTime)),
  to: required(leaf(readLocalDateTime)),
  reason: required(leaf(readText), 'is required: why the window is excluded'),
});

const dataSchema = strict({
  comments: optional(leaf(readChoice(['keep', 'drop'] as const, 'a choice for survey comments'))),
  retention: optional(leaf(readRetention)),
  personal: optional(listOf(leaf(readFieldName))),
});

const missedPeriodsSchema = strict({ missed_periods: required(leaf(readPositiveInteger)) });

function readTrigger(value: unknown, issues: Issue[]): EscalationTrigger | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const t = run(missedPeriodsSchema, value, [], issues);
    return t && { event: 'missed_periods', periods: t.missed_periods };
  }
  const r = readChoice(['at_risk', 'breached'] as const, 'a trigger')(value);
  if (r.ok) return { event: r.value };
  issues.push({
    path: [],
    message: `${quote(value)} is not a trigger (at_risk, breached or { missed_periods: N })`,
  });
  return undefined;
}

const escalationSchema = strict({
  level: required(leaf(readPositiveInteger)),
  who: required(listOf(leaf(readText), { nonEmpty: true }), 'is required: who is called at this level'),
  when: required(custom(readTrigger), 'is required: at_risk, breached or { missed_periods: N }'),
  acknowledge_within: required(leaf(readPositiveDuration), 'is required: e.g. 30m'),
});

const topLevel = strict(Object.fromEntries(CONTRACT_KEYS.map((k) => [k, z.unknown().optional()])));

/** Columns of contacts and QA evaluations that data.md names: never attributes. */
const KNOWN_RECORD_COLUMNS: ReadonlySet<string> = new Set([
  ...RECORD_COLUMNS.contacts,
  ...RECORD_COLUMNS.qa_evaluations,
]);

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `"x" is not a metric id of this contract (did you mean y?)`. */
function unknownName(name: string, known: readonly string[], what: string): string {
  const hint = unknownKeyMessage(name, known).replace(/^is not a known key /, '');
  return `${quote(name)} is not ${what} of this contract ${known.length === 0 ? '(it has none)' : hint.replace('known keys:', 'known:')}`;
}

/** Reads the whole contract; issues carry paths from the contract's root. */
export function parseContract(input: unknown): ParseResult<Contract> {
  const issues: Issue[] = [];
  if (input === null || input === undefined) {
    return { ok: false, issues: [{ path: [], message: 'the contract is empty' }] };
  }
  if (!isMap(input)) {
    return {
      ok: false,
      issues: [{ path: [], message: `${quote(input)} is not a contract (a map of keys to values)` }],
    };
  }
  run(topLevel, input, [], issues);

  const id = run(
    required(leaf(readId), 'is required: the stable id of the contract, e.g. acme-customer-service'),
    input.contract,
    ['contract'],
    issues,
  );
  const version = run(
    required(leaf(readPositiveInteger), 'is required: a whole number, higher for each new version'),
    input.version,
    ['version'],
    issues,
  );
  const effectiveFrom = run(
    required(leaf(readDate), 'is required: the first day of the period in which this version takes effect'),
    input.effective_from,
    ['effective_from'],
    issues,
  );
  const effectiveTo = run(optional(leaf(readDate)), input.effective_to, ['effective_to'], issues);
  const client = run(
    required(leaf(readText), 'is required: the name of the client'),
    input.client,
    ['client'],
    issues,
  );
  const partner = run(
    required(leaf(readText), 'is required: the name of the partner'),
    input.partner,
    ['partner'],
    issues,
  );
  const timezone = run(
    required(leaf(readTimeZone), 'is required: the IANA zone of periods and reports, e.g. Europe/Amsterdam'),
    input.timezone,
    ['timezone'],
    issues,
  );
  const currency = run(
    required(leaf(readCurrency), 'is required: e.g. EUR'),
    input.currency,
    ['currency'],
    issues,
  );
  const monthlyFeeCents = run(
    required(leaf(readMoney), 'is required: the fee for one month, e.g. 120000.00'),
    input.monthly_fee,
    ['monthly_fee'],
    issues,
  );
  const period = run(
    required(leaf(readPeriodKind), 'is required: the judgement period (week, month or quarter)'),
    input.period,
    ['period'],
    issues,
  );
  if (period && effectiveFrom && !isPeriodStart(effectiveFrom, period)) {
    issues.push({
      path: ['effective_from'],
      message: `${quote(effectiveFrom)} is not the first day of a ${period}${period === 'week' ? ' (a Monday)' : ''}: use ${periodStartOf(effectiveFrom, period)} or ${nextPeriodStart(effectiveFrom, period)}`,
    });
  }
  if (period && effectiveTo && !isPeriodEnd(effectiveTo, period)) {
    issues.push({
      path: ['effective_to'],
      message: `${quote(effectiveTo)} is not the last day of a ${period}${period === 'week' ? ' (a Sunday)' : ''}: use ${previousPeriodEnd(effectiveTo, period)} or ${periodEndOf(effectiveTo, period)}`,
    });
  }
  if (effectiveFrom && effectiveTo && effectiveTo < effectiveFrom) {
    issues.push({
      path: ['effective_to'],
      message: `${quote(effectiveTo)} is before effective_from ${quote(effectiveFrom)}`,
    });
  }
  const reportList = run(optional(listOf(leaf(readPeriodKind))), input.report, ['report'], issues);
  const report: PeriodKind[] = reportList
    ? PERIOD_KINDS.filter((k) => reportList.includes(k))
    : period
      ? [period]
      : [];

  // Calendars: each read by the calendar reader, with the contract's zone as default.
  const calendars: Record<string, CalendarDefinition> = {};
  const calendarNames: string[] = [];
  if (input.calendars !== undefined && input.calendars !== null) {
    if (!isMap(input.calendars)) {
      issues.push({
        path: ['calendars'],
        message: `${quote(input.calendars)} is not a map of names to calendars`,
      });
    } else {
      for (const [name, value] of Object.entries(input.calendars)) {
        calendarNames.push(name);
        const n = readId(name);
        if (!n.ok) issues.push({ path: ['calendars', name], message: n.message });
        const parsed = parseCalendar(value, { defaultTimezone: timezone ?? 'UTC' });
        if (parsed.ok) calendars[name] = parsed.value;
        else
          for (const i of parsed.issues)
            issues.push({ path: ['calendars', name, ...i.path], message: i.message });
      }
    }
  }

  const segments: Record<string, Population> = {};
  if (input.segments !== undefined && input.segments !== null) {
    if (!isMap(input.segments)) {
      issues.push({
        path: ['segments'],
        message: `${quote(input.segments)} is not a map of names to populations`,
      });
    } else {
      for (const [name, value] of Object.entries(input.segments)) {
        const n = readId(name);
        if (!n.ok) issues.push({ path: ['segments', name], message: n.message });
        const local: Issue[] = [];
        const population = readPopulation(value, local);
        for (const i of local) issues.push({ path: ['segments', name, ...i.path], message: i.message });
        if (population) segments[name] = population;
      }
    }
  }

  // Metrics, each on its own; then what ties them together.
  const metrics: Metric[] = [];
  /** id → kind as written, for the checks of credits (also for metrics with other mistakes). */
  const kindOf = new Map<string, MetricKind | undefined>();
  if (input.metrics === undefined || input.metrics === null) {
    issues.push({ path: ['metrics'], message: 'is required: a contract needs at least one metric' });
  } else if (!Array.isArray(input.metrics)) {
    issues.push({ path: ['metrics'], message: `${quote(input.metrics)} is not a list of metrics` });
  } else if (input.metrics.length === 0) {
    issues.push({ path: ['metrics'], message: 'is an empty list: a contract needs at least one metric' });
  } else {
    const firstIndex = new Map<string, number>();
    input.metrics.forEach((raw: unknown, i) => {
      const local: Issue[] = [];
      const metric = parseMetric(raw, local);
      for (const issue of local) issues.push({ path: ['metrics', i, ...issue.path], message: issue.message });
      if (metric) metrics.push(metric);
      if (!isMap(raw)) return;
      const rawId = readId(raw.id);
      if (rawId.ok) {
        const first = firstIndex.get(rawId.value);
        if (first !== undefined) {
          issues.push({
            path: ['metrics', i, 'id'],
            message: `${quote(rawId.value)} is already the id of metrics[${first}]`,
          });
        } else {
          firstIndex.set(rawId.value, i);
          const kind = typeof raw.kind === 'string' ? raw.kind : undefined;
          kindOf.set(
            rawId.value,
            (METRIC_KINDS as readonly string[]).includes(kind ?? '') ? (kind as MetricKind) : undefined,
          );
        }
      }
      // Calendars named by the metric must exist in `calendars`.
      const clock = raw.clock;
      const refs: [readonly (string | number)[], unknown][] = [[['calendar'], raw.calendar]];
      if (isMap(clock)) refs.push([['clock', 'calendar'], clock.calendar]);
      for (const [path, ref] of refs) {
        if (typeof ref === 'string' && readId(ref).ok && !calendarNames.includes(ref)) {
          issues.push({
            path: ['metrics', i, ...path],
            message: unknownName(ref, calendarNames, 'a calendar'),
          });
        }
      }
    });
  }
  const metricIds = [...kindOf.keys()];
  const metricById = new Map(metrics.map((m) => [m.id, m]));

  // Credits.
  let credits: Credits | null = null;
  if (input.credits !== undefined && input.credits !== null) {
    const c = run(creditsSchema, input.credits, ['credits'], issues);
    const raw = isMap(input.credits) ? input.credits : {};
    const checkNames = (key: 'allocation' | 'minimum') => {
      const map = raw[key];
      if (!isMap(map) || metricIds.length === 0) return;
      for (const name of Object.keys(map)) {
        if (!kindOf.has(name)) {
          issues.push({ path: ['credits', key, name], message: unknownName(name, metricIds, 'a metric id') });
        } else if (key === 'minimum') {
          const kind = kindOf.get(name);
          if (kind && !isPercentageKind(kind))
            issues.push({
              path: ['credits', key, name],
              message: `${name} is ${aKind(kind)}: a minimum applies to percentage metrics only`,
            });
        }
      }
    };
    checkNames('allocation');
    checkNames('minimum');
    if (c) {
      const poolPpm = c.pool ?? 1_000_000;
      const sum = Object.values(c.allocation).reduce((a, b) => a + b, 0);
      if (sum > poolPpm) {
        issues.push({
          path: ['credits', 'allocation'],
          message: `adds up to ${formatPercent(sum)}, more than the pool of ${formatPercent(poolPpm)}${c.pool === undefined ? ' (the default; set credits.pool to allow more)' : ''}`,
        });
      }
      for (const [name, ppm] of Object.entries(c.minimum ?? {})) {
        const m = metricById.get(name);
        if (m?.target.unit !== 'percent') continue;
        const worse = m.direction === 'higher' ? ppm < m.target.ppm : ppm > m.target.ppm;
        if (!worse)
          issues.push({
            path: ['credits', 'minimum', name],
            message: `${formatPercent(ppm)} is not ${m.direction === 'higher' ? 'below' : 'above'} the target ${formatPercent(m.target.ppm)} of ${name}`,
          });
      }
      credits = {
        atRiskPpm: c.at_risk,
        poolPpm,
        allocationPpm: c.allocation,
        minimumPpm: c.minimum ?? {},
        earnBack: c.earn_back ? { periods: c.earn_back.periods } : null,
        annualCapPpm: c.annual_cap ?? null,
      };
    }
  }

  // below_minimum needs a level: its own `minimum`, else the critical level of credits.minimum.
  for (const m of metrics) {
    if (m.actionPlan?.when !== 'below_minimum' || m.actionPlan.minimum !== null) continue;
    if (credits?.minimumPpm[m.id] !== undefined) continue;
    const i = Array.isArray(input.metrics) ? input.metrics.findIndex((r) => isMap(r) && r.id === m.id) : -1;
    issues.push({
      path: ['metrics', i, 'action_plan', 'when'],
      message: `below_minimum needs a minimum: write action_plan.minimum (e.g. ${rulesOf(m.kind).targetExample}) or credits.minimum.${m.id}`,
    });
  }

  let bonus: Bonus | null = null;
  if (input.bonus !== undefined && input.bonus !== null) {
    const b = run(bonusSchema, input.bonus, ['bonus'], issues);
    if (b) bonus = { exceedByPpm: b.exceed_by ?? 0, periods: b.periods, amountPpm: b.amount };
  }

  let acceptance: Acceptance | null = null;
  if (input.acceptance !== undefined && input.acceptance !== null) {
    const a = run(acceptanceSchema, input.acceptance, ['acceptance'], issues);
    if (a) {
      if (a.ends_when === undefined && a.long_stop === undefined) {
        issues.push({
          path: ['acceptance'],
          message: 'needs ends_when or long_stop: otherwise the phase never ends',
        });
      } else if (a.ends_when && a.long_stop !== undefined && a.ends_when.all_targets_met > a.long_stop) {
        issues.push({
          path: ['acceptance', 'ends_when', 'all_targets_met'],
          message: `${a.ends_when.all_targets_met} periods can never be reached before the long_stop of ${a.long_stop}`,
        });
      }
      acceptance = {
        rampUpPpm: a.ramp_up ?? [1_000_000],
        feePpm: a.fee ?? 1_000_000,
        endsWhen: a.ends_when ? { allTargetsMet: a.ends_when.all_targets_met } : null,
        longStop: a.long_stop ?? null,
      };
    }
  }

  let volume: Volume | null = null;
  if (input.volume !== undefined && input.volume !== null) {
    const v = run(volumeSchema, input.volume, ['volume'], issues);
    if (v) volume = { forecastTolerancePpm: v.forecast_tolerance };
  }

  const exclusions: Exclusion[] = [];
  const rawExclusions = run(optional(z.array(z.unknown())), input.exclusions, ['exclusions'], issues) ?? [];
  rawExclusions.forEach((raw, i) => {
    const e = run(exclusionSchema, raw, ['exclusions', i], issues);
    if (!e) return;
    if (e.to <= e.from)
      issues.push({
        path: ['exclusions', i, 'to'],
        message: `${quote(e.to)} is not after from ${quote(e.from)}`,
      });
    else exclusions.push({ from: e.from, to: e.to, reason: e.reason });
  });
  exclusions.sort((a, b) =>
    a.from < b.from
      ? -1
      : a.from > b.from
        ? 1
        : a.to < b.to
          ? -1
          : a.to > b.to
            ? 1
            : a.reason < b.reason
              ? -1
              : 1,
  );

  const escalation: EscalationLevel[] = [];
  const rawEscalation = run(optional(z.array(z.unknown())), input.escalation, ['escalation'], issues) ?? [];
  const levelAt = new Map<number, number>();
  rawEscalation.forEach((raw, i) => {
    const e = run(escalationSchema, raw, ['escalation', i], issues);
    if (!e) return;
    const first = levelAt.get(e.level);
    if (first !== undefined) {
      issues.push({
        path: ['escalation', i, 'level'],
        message: `${e.level} is already the level of escalation[${first}]`,
      });
      return;
    }
    levelAt.set(e.level, i);
    escalation.push({ level: e.level, who: e.who, when: e.when, acknowledgeWithinMs: e.acknowledge_within });
  });
  escalation.sort((a, b) => a.level - b.level);

  // Personal data: unset means survey comments are dropped and records are kept.
  let data: DataPolicy = { comments: 'drop', retention: null };
  if (input.data !== undefined && input.data !== null) {
    const d = run(dataSchema, input.data, ['data'], issues);
    if (d) {
      data = { comments: d.comments ?? 'drop', retention: d.retention ?? null };
      // Only when given: the canonical form (and digest) of a contract without it stays as it was.
      const personal = [...new Set(d.personal ?? [])].sort();
      personal.forEach((name) => {
        if (KNOWN_RECORD_COLUMNS.has(name))
          issues.push({
            path: ['data', 'personal'],
            message: `${quote(name)} is a column of the normalised records (data.md), not an attribute: only attribute columns can be declared personal (customer always is)`,
          });
      });
      if (personal.length > 0) data = { ...data, personal };
    }
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    value: {
      id: id!,
      version: version!,
      effectiveFrom: effectiveFrom!,
      effectiveTo: effectiveTo ?? null,
      client: client!,
      partner: partner!,
      timezone: timezone!,
      currency: currency!,
      monthlyFeeCents: monthlyFeeCents!,
      period: period!,
      report,
      calendars,
      segments,
      metrics,
      credits,
      bonus,
      acceptance,
      volume,
      exclusions,
      escalation,
      data,
    },
  };
}
