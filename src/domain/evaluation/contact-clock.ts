/**
 * Per-contact clock readings (kpis.md, calendar-and-clock.md): queue waits, first-response and resolution
 * times on a metric's clock, with pauses from the status history, reopenings and contract exclusions.
 * Events after `asOf` are ignored; a clock without a stop at or before `asOf` is open.
 *
 * They read the columns of the data: a contact is an index, its status history a range of the index's
 * packed events (`at`, `status`), and an unknown instant is NaN.
 */
import { normalisePauses } from '../clock.js';
import type { Clock, Status } from '../contract/types.js';
import { STATUSES } from '../records.js';
import type { ContactColumns, InstantColumn } from './columns.js';

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

/** Bit mask of statuses (by index in STATUSES). */
export function statusMask(statuses: readonly Status[]): number {
  let mask = 0;
  for (const s of statuses) {
    const i = STATUSES.indexOf(s);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

const RESOLVED = statusMask(['solved', 'closed']);
const isResolved = (status: number) => status < 31 && ((RESOLVED >>> status) & 1) === 1;
const inMask = (mask: number, status: number) => status < 31 && ((mask >>> status) & 1) === 1;

/** A contact's status history: events [from, to) of the packed arrays, sorted by time. */
export interface EventRange {
  readonly at: InstantColumn;
  readonly status: Uint8Array;
  from: number;
  to: number;
}

/**
 * Appends the status intervals in the pause statuses to `out` as [from, to, …], each running until the next
 * event or asOf; with `reopenGaps`, also the time from a resolution to the next non-resolved status.
 */
export function statusPauses(
  out: number[],
  ev: EventRange,
  pauseMask: number,
  asOf: number,
  reopenGaps: boolean,
): void {
  const { at, status, to } = ev;
  for (let i = ev.from; i < to; i++) {
    const t = at.get(i);
    if (t > asOf) break;
    const next = i + 1 < to ? at.get(i + 1) : Number.NaN;
    const hasNext = next <= asOf;
    const end = hasNext ? next : asOf;
    const s = status[i]!;
    const paused =
      inMask(pauseMask, s) || (reopenGaps && isResolved(s) && hasNext && !isResolved(status[i + 1]!));
    if (paused && end > t) out.push(t, end);
  }
}

function firstResolutionFromEvents(ev: EventRange, asOf: number): number | null {
  for (let i = ev.from; i < ev.to; i++) {
    const t = ev.at.get(i);
    if (t > asOf) return null;
    if (isResolved(ev.status[i]!)) return t;
  }
  return null;
}

/** When contact `i` was resolved as seen at asOf: first or last resolution; null when open. */
export function resolutionStop(
  c: ContactColumns,
  i: number,
  ev: EventRange,
  asOf: number,
  which: Clock['resolution'],
): number | null {
  const resolvedAt = c.resolvedAt.get(i);
  const firstResolvedAt = c.firstResolvedAt.get(i);
  if (resolvedAt <= asOf) {
    // (NaN compares false: an unknown resolution falls through.)
    if (which === 'first') {
      const first = Number.isNaN(firstResolvedAt)
        ? (firstResolutionFromEvents(ev, asOf) ?? resolvedAt)
        : firstResolvedAt;
      return first <= asOf ? first : resolvedAt;
    }
    return resolvedAt;
  }
  // The final resolution lies after asOf (or is unknown): the status history says whether it was resolved then.
  let lastEntry: number | null = null;
  let resolved = false;
  for (let e = ev.from; e < ev.to; e++) {
    const t = ev.at.get(e);
    if (t > asOf) break;
    const r = isResolved(ev.status[e]!);
    if (r && !resolved) lastEntry = t;
    resolved = r;
  }
  if (!resolved) return null;
  return which === 'first'
    ? firstResolvedAt <= asOf
      ? firstResolvedAt
      : firstResolutionFromEvents(ev, asOf)
    : lastEntry;
}

/** The instant the first reply stops a response clock: the reply, or the resolution without one. */
export function responseStop(c: ContactColumns, i: number, asOf: number): number | null {
  const reply = c.firstResponseAt.get(i);
  if (!Number.isNaN(reply)) return reply <= asOf ? reply : null;
  const resolved = c.resolvedAt.get(i);
  if (resolved <= asOf) return resolved;
  return null;
}
