/**
 * The channels each kind counts (kpis.md, the population column): queue kinds count queued contacts (phone,
 * chat), `response_time` the written ones (e-mails, tickets, messages), every other kind any channel. A
 * metric's own `population` narrows within its kind's channels; without one it covers every record of its
 * kind (contract.md). This table is the only place that says so: the evaluation, its per-interval view, the
 * live clocks and the contract reader all ask `coveredPopulation` / `kindChannels`.
 */
import type { Metric, MetricKind, MetricOf, Population } from '../contract/types.js';
import { CHANNELS, type Channel } from '../records.js';

/** Contacts that wait in a queue: service level, abandonment and the average of waits judge them. */
export const QUEUED_CHANNELS: readonly Channel[] = ['phone', 'chat'];
/** Contacts answered in writing (e-mails, tickets, messages): response time judges them. */
export const WRITTEN_CHANNELS: readonly Channel[] = CHANNELS.filter((c) => !QUEUED_CHANNELS.includes(c));

/** null: any channel. */
type Coverage = readonly Channel[] | null;

const KIND_CHANNELS: { readonly [K in MetricKind]: Coverage | ((m: MetricOf<K>) => Coverage) } = {
  service_level: QUEUED_CHANNELS,
  abandonment_rate: QUEUED_CHANNELS,
  // Speed of answer and wait are the queue's; handle time is every contact's.
  average: (m) => (m.measure === 'handle_time' ? null : QUEUED_CHANNELS),
  response_time: WRITTEN_CHANNELS,
  resolution_time: null,
  rate: null,
  mean_score: null,
  top_box: null,
  nps: null,
  availability: null,
  incident_reaction: null,
  compliance: null,
};

/** The channels a metric's kind counts before its population narrows them; null for any channel. */
export function kindChannels(metric: Metric): Coverage {
  const c = KIND_CHANNELS[metric.kind] as Coverage | ((m: Metric) => Coverage);
  return typeof c === 'function' ? c(metric) : c;
}

/**
 * The population a metric counts: its own, with `channel` narrowed to its kind's channels (the kind's
 * channels when it names none). The metric's own population object when its kind takes any channel.
 */
export function coveredPopulation(metric: Metric): Population {
  const kind = kindChannels(metric);
  if (kind === null) return metric.population;
  const own = metric.population.channel;
  const channel = own === undefined ? [...kind] : own.filter((c) => (kind as readonly string[]).includes(c));
  return { ...metric.population, channel };
}

/** The channels a population names that its metric's kind never counts (a contract error). */
export function channelsOutsideKind(metric: Metric): string[] {
  const kind = kindChannels(metric);
  const own = metric.population.channel;
  if (kind === null || own === undefined) return [];
  return own.filter((c) => !(kind as readonly string[]).includes(c));
}
