/**
 * A metric's clock (calendar-and-clock.md) run over one contact at a time: from its creation, paused in the
 * statuses the clock pauses in (from the contact's status history) and in the contract's exclusions. Shared
 * by the kinds that time contacts against a threshold: service level, response and resolution time.
 */
import type { Clock } from '../contract/types.js';
import { readPercentTarget } from '../contract/values.js';
import type { ContactColumns, InstantColumn } from '../evaluation/columns.js';
import { type ElapsedClock, type EventRange, statusMask, statusPauses } from '../evaluation/contact-clock.js';
import type { KindRules, MetricContext } from './definition.js';

export class ContactTimer {
  private readonly clock: ElapsedClock;
  private readonly pauseMask: number;
  private readonly pausing: boolean;
  private readonly exclusions: readonly number[];
  private readonly createdAt: InstantColumn;
  private readonly key: Int32Array;
  private readonly eventStart: Int32Array;
  /** The status history of the contact read last (reused: no allocation per contact). */
  private readonly range: EventRange;
  private loaded = -1;
  /** Pauses of the contact timed last, as [from, to, …] (reused). */
  private readonly pauses: number[] = [];

  constructor(ctx: MetricContext, clock: Clock) {
    const contacts: ContactColumns = ctx.data.contacts;
    this.clock = ctx.clockFor(clock.calendar);
    this.pauseMask = statusMask(clock.pauseWhen);
    this.pausing = clock.pauseWhen.length > 0;
    this.exclusions = ctx.exclusionPauses;
    this.createdAt = contacts.createdAt;
    this.key = contacts.key;
    const events = ctx.index.events;
    this.eventStart = events.start;
    this.range = { at: events.at, status: events.status, from: 0, to: 0 };
  }

  /** Contact i's status history: a range of the index's packed events. */
  events(i: number): EventRange {
    if (this.loaded !== i) {
      const k = this.key[i]!;
      this.range.from = this.eventStart[k]!;
      this.range.to = this.eventStart[k + 1]!;
      this.loaded = i;
    }
    return this.range;
  }

  /**
   * Clock time from contact i's creation to `to`. The statuses of the clock pause it until `pauseUntil`;
   * with `reopenGaps`, so does the time from a resolution to its reopening.
   */
  elapsed(i: number, to: number, pauseUntil: number, reopenGaps = false): number {
    const from = this.createdAt.get(i);
    // Most clocks never pause on a status: then the history is not read and the exclusions are the pauses.
    if (!this.pausing && !reopenGaps) return this.clock.elapsed(from, to, this.exclusions);
    const pauses = this.pauses;
    pauses.length = 0;
    statusPauses(pauses, this.events(i), this.pauseMask, pauseUntil, reopenGaps);
    const exclusions = this.exclusions;
    for (let x = 0; x < exclusions.length; x++) pauses.push(exclusions[x]!);
    return this.clock.elapsed(from, to, pauses);
  }
}

/**
 * The rules of a kind that times contacts against a threshold: its value is the share of contacts within
 * it, higher is better.
 */
export function timedRules(
  own: Pick<KindRules, 'may' | 'targetExample'> & Required<Pick<KindRules, 'thresholdExample' | 'clock'>>,
): KindRules {
  return {
    needs: ['threshold'],
    // The at-risk point of the live monitor (docs/monitor.md), a share of the threshold.
    may: [...own.may, 'at_risk_at'],
    direction: 'higher',
    targetUnit: 'percent',
    shareOfRecords: true,
    readTarget: readPercentTarget,
    targetExample: own.targetExample,
    thresholdExample: own.thresholdExample,
    clock: own.clock,
    defaultMinimumSample: 1,
  };
}
