/**
 * The partner's opening hours, the contract's `standard` calendar: Monday to Friday 08:00-22:00, Saturday
 * and Sunday 09:00-18:00, closed on Dutch public holidays. Calls and chats arrive only while it is open;
 * e-mail and web-form replies are written in it (the business clock gives their times).
 */
import type { CalendarDefinition } from '../domain/calendar/definition.js';
import { parseCalendar } from '../domain/calendar/definition.js';
import { compileTimeline, type OpenTimeline } from '../domain/calendar/open-time.js';
import { BusinessClock } from '../domain/clock.js';

export const PARTNER_HOURS = { 'mon-fri': '08:00-22:00', 'sat-sun': '09:00-18:00' } as const;
export const PARTNER_HOLIDAYS = 'NL';

export function partnerCalendar(timezone: string): CalendarDefinition {
  const parsed = parseCalendar({
    timezone,
    hours: { ...PARTNER_HOURS },
    holidays: { country: PARTNER_HOLIDAYS },
  });
  if (!parsed.ok)
    throw new RangeError(parsed.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.value;
}

/** The calendar compiled for the demo's days (with margin), and a business clock over it. */
export interface PartnerHours {
  readonly calendar: CalendarDefinition;
  readonly timeline: OpenTimeline;
  readonly clock: BusinessClock;
}

export function partnerHours(timezone: string, firstDay: number, lastDay: number): PartnerHours {
  const calendar = partnerCalendar(timezone);
  const timeline = compileTimeline(calendar, firstDay - 1, lastDay + 1);
  const y0 = new Date((firstDay - 2) * 86_400_000).getUTCFullYear();
  const y1 = new Date((lastDay + 60) * 86_400_000).getUTCFullYear();
  return { calendar, timeline, clock: new BusinessClock(calendar, { from: y0, to: y1 }) };
}

/** Open intervals of the timeline that overlap [from, to), clipped to it, as a flat [s0, e0, s1, e1, …]. */
export function openWithin(timeline: OpenTimeline, from: number, to: number): number[] {
  const { starts, ends } = timeline;
  const out: number[] = [];
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < starts.length && starts[i]! < to; i++) {
    const s = Math.max(starts[i]!, from);
    const e = Math.min(ends[i]!, to);
    if (s < e) out.push(s, e);
  }
  return out;
}

/** `intervals` (flat, sorted, disjoint) minus [from, to). */
export function without(intervals: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < intervals.length; i += 2) {
    const s = intervals[i]!;
    const e = intervals[i + 1]!;
    if (e <= from || s >= to) {
      out.push(s, e);
      continue;
    }
    if (s < from) out.push(s, from);
    if (e > to) out.push(to, e);
  }
  return out;
}
