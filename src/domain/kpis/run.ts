/**
 * The work of one metric in a period (`MetricRun`) and how a record finds the tally of its split value:
 * shared by every kind.
 */
import type { Metric } from '../contract/types.js';
import { metricChannelMask, metricFilter, splitCodes, splitValueOf } from '../evaluation/population.js';
import { SplitTallies, type Tally } from '../evaluation/samples.js';
import type { MetricContext, MetricRun, PendingWarning } from './definition.js';

/** A run with empty tallies that visits nothing yet; a kind adds its `visit` or `run`. */
export function newRun(metric: Metric, warnings: readonly PendingWarning[] = []): MetricRun {
  return {
    metric,
    tallies: new SplitTallies(metric.split.length),
    visit: null,
    channels: -1,
    run: null,
    pending: [],
    warnings,
    values: [],
  };
}

/**
 * What a kind's tally starts with: an empty run that visits the channels the metric counts, its tallies, the
 * population's test (the kind's channels and the metric's population) and the split.
 */
export function startRun(ctx: MetricContext, metric: Metric, warnings?: readonly PendingWarning[]) {
  const run: MetricRun = { ...newRun(metric, warnings), channels: metricChannelMask(ctx.data, metric) };
  const t = run.tallies;
  return {
    run,
    t,
    inPopulation: metricFilter(ctx.data, metric, ctx.contract),
    split: splitter(ctx, metric, t),
  };
}

/** The tally of a record's split value (null for a metric without split). */
export type Splitter = (i: number) => Tally | null;

/** How a contact (index, or -1 for a record without contact) picks its split tally. */
export function splitter(ctx: MetricContext, metric: Metric, t: SplitTallies): Splitter {
  const dims = metric.split;
  if (dims.length === 0) return () => null;
  if (dims.length === 1) {
    const coded = splitCodes(ctx.data, ctx.contract, dims[0]!);
    if (coded) {
      // One tally per code, found once: a split on a coded column costs an array read per contact.
      const { codes, values } = coded;
      const byCode: (Tally | undefined)[] = [];
      let none: Tally | undefined;
      return (i) => {
        if (i < 0) return (none ??= t.get([null]));
        const code = codes[i]!;
        let tally = byCode[code];
        if (tally === undefined) {
          tally = t.get([values[code] ?? null]);
          byCode[code] = tally;
        }
        return tally;
      };
    }
  }
  const readers = dims.map((d) => splitValueOf(ctx.data, ctx.contract, d));
  return (i) => t.get(readers.map((r) => (i < 0 ? null : r(i))));
}
