/**
 * Which records a metric covers (contract.md: populations, segments, splits). A population filters on any
 * field or attribute; `segment: premium` names a contract segment when one is called that, and otherwise
 * the record's own `segment` column.
 */
import type { Contract, Population, SplitDimension } from '../contract/types.js';
import type { Contact, Incident } from '../records.js';

/** The text value of a contact's field or attribute (null when unknown). */
export function contactField(c: Contact, field: string): string | null {
  switch (field) {
    case 'id':
      return c.id;
    case 'source':
      return c.source;
    case 'channel':
      return c.channel;
    case 'direction':
      return c.direction;
    case 'language':
      return c.language;
    case 'queue':
      return c.queue;
    case 'segment':
      return c.segment;
    case 'priority':
      return c.priority;
    case 'category':
      return c.category;
    case 'agent':
      return c.agent;
    case 'first_time_right':
      return c.firstTimeRight === null ? null : String(c.firstTimeRight);
    case 'reopen_count':
      return c.reopenCount === null ? null : String(c.reopenCount);
    default:
      return c.attributes[field] ?? null;
  }
}

export type ContactFilter = (c: Contact) => boolean;

/** Compiles a population against the contract's segments into a predicate. */
export function contactFilter(
  population: Population,
  contract: Contract,
  seen: readonly string[] = [],
): ContactFilter {
  const tests: ContactFilter[] = [];
  for (const [field, values] of Object.entries(population)) {
    if (field === 'segment') {
      const named = values.filter((v) => contract.segments[v] !== undefined && !seen.includes(v));
      const plain = values.filter((v) => !named.includes(v));
      const segmentFilters = named.map((v) => contactFilter(contract.segments[v]!, contract, [...seen, v]));
      tests.push(
        (c) => (c.segment !== null && plain.includes(c.segment)) || segmentFilters.some((f) => f(c)),
      );
      continue;
    }
    if (values.length === 1) {
      const only = values[0];
      tests.push((c) => contactField(c, field) === only);
    } else {
      const set = new Set(values);
      tests.push((c) => {
        const v = contactField(c, field);
        return v !== null && set.has(v);
      });
    }
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (c) => tests.every((t) => t(c));
}

/** The value of a split dimension; for `segment`, the first contract segment that matches wins. */
export function splitValueOf(contract: Contract): (c: Contact, dim: SplitDimension) => string | null {
  const segments = Object.keys(contract.segments).map((name) => ({
    name,
    test: contactFilter(contract.segments[name]!, contract, [name]),
  }));
  return (c, dim) => {
    if (dim === 'segment') return segments.find((s) => s.test(c))?.name ?? c.segment;
    return contactField(c, dim);
  };
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
