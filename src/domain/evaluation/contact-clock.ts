/**
 * Per-contact clock readings (kpis.md, calendar-and-clock.md): queue waits, first-response and resolution
 * times on a metric's clock, with pauses from the status history, reopenings and contract exclusions.
 * Events after `asOf` are ignored; a clock without a stop at or before `asOf` is open.
 */
import { normalisePauses } from '../clock.js';
import type { Clock } from '../contract/types.js';
import type { Contact, Status, StatusEvent } from '../records.js';

/** What a clock needs: business ms in [from, to) outside the pauses. */
export interface ElapsedClock {
  elapsed(from: number, to: number, pauses?: ArrayLike<number>): number;
}

/** Real time, 24/7: the default clock of every metric without a calendar. */
export const realTime: ElapsedClock = {
  elapsed(from, to, pauses) {
    if (!(to > from)) return 0;
    let total = to - from;
    if (pauses && pauses.length > 0) {
      const p = normalisePauses(pauses);
      for (let i = 0; i + 1 < p.length; i += 2) {
        const s = Math.max(p[i]!, from);
        const e = Math.min(p[i + 1]!, to);
        if (s < e) total -= e - s;
      }
    }
    return total;
  },
};

const RESOLVED: ReadonlySet<Status> = new Set(['solved', 'closed']);

/** A reading: `stop` null means the clock is still running at asOf (then `elapsed` runs to asOf). */
export interface ClockReading {
  readonly elapsed: number;
  readonly stop: number | null;
}

/** Status intervals in the pause statuses, running until asOf for the last one. */
export function statusPauses(
  events: readonly StatusEvent[],
  pauseWhen: readonly Status[],
  asOf: number,
  reopenGaps: boolean,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.at > asOf) break;
    const next = events[i + 1];
    const end = next !== undefined && next.at <= asOf ? next.at : asOf;
    const paused =
      pauseWhen.includes(e.status) ||
      (reopenGaps &&
        RESOLVED.has(e.status) &&
        next !== undefined &&
        next.at <= asOf &&
        !RESOLVED.has(next.status));
    if (paused && end > e.at) out.push(e.at, end);
  }
  return out;
}

/** When the contact was resolved as seen at asOf: first or last resolution; null when open. */
export function resolutionStop(
  contact: Contact,
  events: readonly StatusEvent[],
  asOf: number,
  which: Clock['resolution'],
): number | null {
  if (contact.resolvedAt !== null && contact.resolvedAt <= asOf) {
    if (which === 'first') {
      const first = contact.firstResolvedAt ?? firstResolutionFromEvents(events, asOf) ?? contact.resolvedAt;
      return first <= asOf ? first : contact.resolvedAt;
    }
    return contact.resolvedAt;
  }
  // The final resolution lies after asOf (or is unknown): the status history says whether it was resolved then.
  let lastEntry: number | null = null;
  let resolved = false;
  for (const e of events) {
    if (e.at > asOf) break;
    const isResolved = RESOLVED.has(e.status);
    if (isResolved && !resolved) lastEntry = e.at;
    resolved = isResolved;
  }
  if (!resolved) return null;
  return which === 'first'
    ? contact.firstResolvedAt !== null && contact.firstResolvedAt <= asOf
      ? contact.firstResolvedAt
      : firstResolutionFromEvents(events, asOf)
    : lastEntry;
}

function firstResolutionFromEvents(events: readonly StatusEvent[], asOf: number): number | null {
  for (const e of events) {
    if (e.at > asOf) return null;
    if (RESOLVED.has(e.status)) return e.at;
  }
  return null;
}

/** The instant the first reply stops a response clock: the reply, or the resolution without one. */
export function responseStop(contact: Contact, asOf: number): number | null {
  if (contact.firstResponseAt !== null)
    return contact.firstResponseAt <= asOf ? contact.firstResponseAt : null;
  if (contact.resolvedAt !== null && contact.resolvedAt <= asOf) return contact.resolvedAt;
  return null;
}

/** The end of a queue wait: answered or abandoned (whichever the contact has), when at or before asOf. */
export function queueOutcome(contact: Contact, asOf: number): { at: number; answered: boolean } | null {
  if (contact.answeredAt !== null)
    return contact.answeredAt <= asOf ? { at: contact.answeredAt, answered: true } : null;
  if (contact.abandonedAt !== null)
    return contact.abandonedAt <= asOf ? { at: contact.abandonedAt, answered: false } : null;
  return null;
}

/** Reads a clock from `start` to `stop` (or to asOf when open) with the given pauses. */
export function readClock(
  clock: ElapsedClock,
  start: number,
  stop: number | null,
  asOf: number,
  pauses: readonly number[],
): ClockReading {
  const end = stop ?? asOf;
  return { elapsed: clock.elapsed(start, end, pauses), stop };
}
