/**
 * Which records a metric covers (contract.md: populations, segments, splits). A population filters on any
 * field or attribute; `segment: premium` names a contract segment when one is called that, and otherwise
 * the record's own `segment` column.
 *
 * Populations and split dimensions compile once per metric into tests over the columns of the data: a field
 * held as codes of a string table becomes a lookup table indexed by code, so that judging a contact is a
 * few array reads.
 */
import type { Contract, Metric, Population, SplitDimension } from '../contract/types.js';
import { coveredPopulation } from '../kpis/channels.js';
import type { Incident } from '../records.js';
import { type EvaluationData, StringTable } from './columns.js';

/** A test on a contact index. */
export type ContactFilter = (i: number) => boolean;

/** A field of contacts held as codes of a string table (code 0 = null). */
interface CodedField {
  readonly codes: ArrayLike<number>;
  readonly table: StringTable;
}

const EMPTY_TABLE = new StringTable();
const NO_CODES: ArrayLike<number> = { length: 0 };

/** The coded column behind a field name, or null for fields that are not held as codes. */
function codedField(data: EvaluationData, field: string): CodedField | null {
  const c = data.contacts;
  switch (field) {
    case 'channel':
      return { codes: c.channel, table: data.channels };
    case 'direction':
      return { codes: c.direction, table: data.directions };
    case 'language':
      return { codes: c.language, table: data.languages };
    case 'queue':
      return { codes: c.queue, table: data.queues };
    case 'segment':
      return { codes: c.segment, table: data.segments };
    case 'priority':
      return { codes: c.priority, table: data.priorities };
    case 'category':
      return { codes: c.category, table: data.categories };
    case 'agent':
      return { codes: c.agent, table: data.agents };
    case 'id':
    case 'source':
    case 'first_time_right':
    case 'reopen_count':
      return null;
    default: {
      const a = c.attributes.get(field);
      // A contact without the attribute has null: code 0 of an empty table.
      return a ? { codes: a.codes, table: a.values } : { codes: NO_CODES, table: EMPTY_TABLE };
    }
  }
}

/** The text value of a contact's field or attribute (null when unknown), as a function of the index. */
export function contactField(data: EvaluationData, field: string): (i: number) => string | null {
  const coded = codedField(data, field);
  if (coded) {
    const { codes, table } = coded;
    const values = table.values;
    return (i) => (i < codes.length ? values[codes[i]!]! : null);
  }
  const c = data.contacts;
  switch (field) {
    case 'id':
      return (i) => data.keys.id(c.key[i]!);
    case 'source':
      return (i) => data.sources.values[data.keys.source(c.key[i]!)]!;
    case 'first_time_right':
      return (i) => (c.firstTimeRight[i] === -1 ? null : String(c.firstTimeRight[i] === 1));
    default: {
      // reopen_count
      return (i) => (Number.isNaN(c.reopenCount.get(i)) ? null : String(c.reopenCount.get(i)));
    }
  }
}

/** A test that a field's value is one of `values` (null never is). */
function fieldIn(data: EvaluationData, field: string, values: readonly string[]): ContactFilter {
  const coded = codedField(data, field);
  if (coded) {
    const { codes, table } = coded;
    const accept = new Uint8Array(table.size);
    for (const v of values) {
      const code = table.find(v);
      if (code > 0) accept[code] = 1;
    }
    if (codes === NO_CODES) return () => false;
    return (i) => accept[codes[i]!] === 1;
  }
  const set = new Set(values);
  const c = data.contacts;
  if (field === 'first_time_right') {
    const t = set.has('true');
    const f = set.has('false');
    return (i) => (c.firstTimeRight[i] === 1 ? t : c.firstTimeRight[i] === 0 ? f : false);
  }
  if (field === 'source') {
    const accept = new Uint8Array(data.sources.size);
    for (const v of values) {
      const code = data.sources.find(v);
      if (code > 0) accept[code] = 1;
    }
    return (i) => accept[data.keys.source(c.key[i]!)] === 1;
  }
  const value = contactField(data, field);
  return (i) => {
    const v = value(i);
    return v !== null && set.has(v);
  };
}

/** Compiles a population against the contract's segments into a test on contact indices. */
export function contactFilter(
  data: EvaluationData,
  population: Population,
  contract: Contract,
  seen: readonly string[] = [],
): ContactFilter {
  const tests: ContactFilter[] = [];
  for (const [field, values] of Object.entries(population)) {
    if (field === 'segment') {
      const members = values.map((v) => segmentMembers(data, contract, v, seen));
      tests.push(members.length === 1 ? members[0]! : (i) => members.some((f) => f(i)));
      continue;
    }
    tests.push(fieldIn(data, field, values));
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [ContactFilter, ContactFilter];
    return (i) => a(i) && b(i);
  }
  return (i) => tests.every((t) => t(i));
}

/** The contract segment called `name`, if any (own keys only: a column value `constructor` names none). */
const namedSegment = (contract: Contract, name: string): Population | undefined =>
  Object.hasOwn(contract.segments, name) ? contract.segments[name] : undefined;

/**
 * Who is in the segment called `name` (contract.md): the contract segment of that name when there is one
 * (not already being resolved: a segment defined through itself reads the column), else the contacts whose
 * own `segment` column holds the name. Populations and splits both resolve segments here.
 */
function segmentMembers(
  data: EvaluationData,
  contract: Contract,
  name: string,
  seen: readonly string[],
): ContactFilter {
  const defined = namedSegment(contract, name);
  if (defined !== undefined && !seen.includes(name))
    return contactFilter(data, defined, contract, [...seen, name]);
  return fieldIn(data, 'segment', [name]);
}

/**
 * The contacts a metric counts: its kind's channels (kpis/channels.ts) and its own population. Every path
 * that judges a metric's contacts (evaluation, per-interval figures, live clocks) tests them with this.
 */
export function metricFilter(data: EvaluationData, metric: Metric, contract: Contract): ContactFilter {
  return contactFilter(data, coveredPopulation(metric), contract);
}

/** The channels a metric can count, as a bit mask over channel codes (see `channelMask`). */
export function metricChannelMask(data: EvaluationData, metric: Metric): number {
  return channelMask(data, coveredPopulation(metric));
}

/**
 * The channels (as a bit mask over channel codes) a population can match: a quick first test before the
 * population's own. All bits when the population does not name channels.
 */
export function channelMask(data: EvaluationData, population: Population): number {
  const channels = population.channel;
  if (!channels) return -1;
  let mask = 0;
  for (const ch of channels) {
    const code = data.channels.find(ch);
    if (code > 0 && code < 31) mask |= 1 << code;
    else if (code >= 31) return -1;
  }
  return mask;
}

/**
 * The value of a split dimension. For `segment`, the row is a segment whose population holds the contact,
 * resolved as populations resolve it (`segmentMembers`): the first contract segment, in contract order,
 * that holds it; else its own `segment` column value, unless a contract segment is called that (the
 * contract's definition wins, and it does not hold the contact): then none.
 */
export function splitValueOf(
  data: EvaluationData,
  contract: Contract,
  dim: SplitDimension,
): (i: number) => string | null {
  if (dim === 'segment') {
    const names = Object.keys(contract.segments);
    const segments = names.map((name) => ({ name, test: segmentMembers(data, contract, name, []) }));
    const own = contactField(data, 'segment');
    return (i) => {
      for (const s of segments) if (s.test(i)) return s.name;
      const v = own(i);
      return v !== null && namedSegment(contract, v) === undefined ? v : null;
    };
  }
  return contactField(data, dim);
}

/**
 * A split dimension as codes, when it can be: the column's codes (0 = null) and the value of each code.
 * Null for dimensions computed per contact (segment with contract segments, id, source, …).
 */
export function splitCodes(
  data: EvaluationData,
  contract: Contract,
  dim: SplitDimension,
): { codes: ArrayLike<number>; values: readonly (string | null)[] } | null {
  if (dim === 'segment' && Object.keys(contract.segments).length > 0) return null;
  const coded = codedField(data, dim);
  if (!coded || coded.codes === NO_CODES) return null;
  return { codes: coded.codes, values: coded.table.values };
}

/** Populations of incident metrics filter incident fields (`severity`, `source`). */
export function incidentFilter(population: Population): (i: Incident) => boolean {
  const entries = Object.entries(population);
  return (i) =>
    entries.every(([field, values]) => {
      const v =
        field === 'severity' ? i.severity : field === 'source' ? i.source : field === 'id' ? i.id : null;
      return v !== null && values.includes(v);
    });
}

/** The channels an availability metric covers; null = every channel. */
export function channelsOf(population: Population): readonly string[] | null {
  return population.channel ?? null;
}

/**
 * The contact fields the contracts name: in populations, segments, splits and `rate` / `mean_score`
 * measures. Besides these, evaluation reads only fixed fields (channel, direction, the instants, reopen
 * count, handle time, first time right), so a reader may leave out the other text columns (queue, segment,
 * agent) and attributes.
 */
export function fieldsUsed(contracts: readonly Contract[]): Set<string> {
  const used = new Set<string>();
  const population = (p: Population) => {
    for (const field of Object.keys(p)) used.add(field);
  };
  for (const contract of contracts) {
    for (const s of Object.values(contract.segments)) population(s);
    for (const m of contract.metrics as readonly Metric[]) {
      population(m.population);
      for (const d of m.split) used.add(d);
      if (m.kind === 'rate' || m.kind === 'mean_score') used.add(m.measure);
    }
  }
  return used;
}
