/**
 * What goes wrong besides waiting times: one outage of the telephony platform (about 40 minutes in opening
 * hours), a few incidents per month (one critical, two high, some normal and low) with acknowledgement
 * and resolution times, and two privacy incidents in the window: one investigated and not confirmed, one
 * confirmed. The `eventful` month (the `miss` month, else the first) carries the outage, a critical
 * incident acknowledged after the contract's 2 hours and the confirmed privacy incident.
 */
import type { Incident, Outage, PrivacyIncident, Severity } from '../domain/records.js';
import { localToEpoch, weekdayOf } from '../domain/time/zone.js';
import { openWithin, type PartnerHours } from './calendar.js';
import type { MonthPlan } from './plan.js';
import type { Random } from './random.js';

export const EVENT_SOURCE = 'partner';
const MINUTE = 60_000;

export const OUTAGE_MINUTES = 40;

/** A working weekday of the month at or after day-of-month `from` whose hours cover [minute, minute + length). */
function openWeekday(
  month: MonthPlan,
  hours: PartnerHours,
  from: number,
  minute: number,
  length: number,
): number {
  const zone = hours.calendar.timezone;
  for (let step = 0; step <= month.lastDay - month.firstDay; step++) {
    const day = month.firstDay + ((from - 1 + step) % (month.lastDay - month.firstDay + 1));
    if (weekdayOf(day) >= 5 || month.campaign.has(day)) continue;
    const s = localToEpoch(zone, day, minute);
    const e = localToEpoch(zone, day, minute + length);
    const open = openWithin(hours.timeline, s, e);
    if (open.length === 2 && open[0] === s && open[1] === e) return day;
  }
  return month.firstDay;
}

/** The outage of the eventful month: the phone platform down for 40 minutes on a weekday morning. */
export function outageOf(month: MonthPlan, hours: PartnerHours, rng: Random): Outage | null {
  if (!month.eventful) return null;
  const minute = 10 * 60 + 5 + rng.int(20);
  const day = openWeekday(month, hours, 15, minute, OUTAGE_MINUTES);
  const zone = hours.calendar.timezone;
  return {
    source: EVENT_SOURCE,
    from: localToEpoch(zone, day, minute),
    to: localToEpoch(zone, day, minute + OUTAGE_MINUTES),
    channel: 'phone',
    reason: 'telephony platform down: SIP trunk failure at the carrier',
  };
}

const SUMMARIES: Readonly<Record<Severity, readonly string[]>> = {
  critical: [
    'Callers to the German queue dropped after the IVR menu',
    'Chat widget unavailable on the client website',
    'Ticket system not accepting new e-mails',
  ],
  high: [
    'Wrong tariff information in the new price letter, customers calling back',
    'Call-back requests not reaching agents',
    'CRM slow: screens take more than 10 s to load',
    'Web form attachments missing in tickets',
  ],
  normal: [
    'Knowledge-base article on refunds out of date',
    'Survey invitations sent twice',
    'Agent headsets dropping calls at two workstations',
    'Macro for address changes fills in the wrong template',
  ],
  low: ['Typo in the Dutch e-mail signature', 'Hold music volume too low'],
};

/** Minutes to acknowledge by severity: (median, sigma) of a log-normal. */
const ACKNOWLEDGE: Readonly<Record<Severity, readonly [number, number]>> = {
  critical: [35, 0.4],
  high: [45, 0.5],
  normal: [180, 0.6],
  low: [600, 0.6],
};
const RESOLVE_HOURS: Readonly<Record<Severity, readonly [number, number]>> = {
  critical: [3, 0.5],
  high: [8, 0.6],
  normal: [30, 0.7],
  low: [72, 0.6],
};
const PER_MONTH: readonly (readonly [Severity, number])[] = [
  ['critical', 1],
  ['high', 2],
  ['normal', 3],
  ['low', 1],
];
/** Contract: critical incidents acknowledged within 2 hours; the late one takes longer. */
const LATE_CRITICAL_MINUTES = 190;

export function incidentsOf(
  month: MonthPlan,
  hours: PartnerHours,
  outage: Outage | null,
  rng: Random,
): Incident[] {
  const zone = hours.calendar.timezone;
  const days = month.lastDay - month.firstDay + 1;
  const list: Incident[] = [];
  const tag = month.label.slice(2).replace('-', '');
  for (const [severity, count] of PER_MONTH) {
    for (let i = 0; i < count; i++) {
      let raisedAt: number;
      if (severity === 'critical' && outage !== null) {
        raisedAt = outage.from + (4 + rng.int(6)) * MINUTE;
      } else {
        const minute = 8 * 60 + 30 + rng.int(12 * 60);
        const day = openWeekday(month, hours, 1 + rng.int(days), minute, 1);
        raisedAt = localToEpoch(zone, day, minute) + rng.int(60) * 1000;
      }
      const [ackMedian, ackSigma] = ACKNOWLEDGE[severity];
      const drawn = Math.max(2, rng.lognormal(ackMedian, ackSigma));
      // Critical incidents are acknowledged within the contract's 2 hours, except the late one.
      const late = severity === 'critical' && month.eventful && month.role === 'miss';
      const ackMinutes = late
        ? LATE_CRITICAL_MINUTES
        : severity === 'critical'
          ? Math.min(110, drawn)
          : drawn;
      const acknowledgedAt = raisedAt + Math.round(ackMinutes * 60) * 1000;
      const [resMedian, resSigma] = RESOLVE_HOURS[severity];
      const resolvedAt = acknowledgedAt + Math.round(rng.lognormal(resMedian, resSigma) * 60) * MINUTE;
      const options = SUMMARIES[severity];
      list.push({
        source: EVENT_SOURCE,
        id: '',
        severity,
        raisedAt,
        acknowledgedAt,
        resolvedAt,
        summary:
          severity === 'critical' && outage !== null
            ? 'Telephony platform down, no inbound calls possible'
            : (options[rng.int(options.length)] ?? null),
      });
    }
  }
  // Numbered in the order they were raised.
  return list
    .sort((a, b) => a.raisedAt - b.raisedAt)
    .map((inc, i) => ({ ...inc, id: `INC-${tag}-${String(i + 1).padStart(2, '0')}` }));
}

/** The first month reports a suspected breach that turns out not to be one; the eventful `miss` month a real one. */
export function privacyIncidentsOf(month: MonthPlan, hours: PartnerHours, rng: Random): PrivacyIncident[] {
  const zone = hours.calendar.timezone;
  const tag = month.label.slice(2).replace('-', '');
  const out: PrivacyIncident[] = [];
  if (month.index === 0) {
    const day = openWeekday(month, hours, 6 + rng.int(10), 14 * 60, 1);
    out.push({
      source: EVENT_SOURCE,
      id: `PRIV-${tag}-01`,
      reportedAt: localToEpoch(zone, day, 14 * 60 + rng.int(120)),
      confirmed: false,
      summary:
        'E-mail with an order summary possibly sent to the wrong address; investigated, no personal data disclosed',
    });
  }
  if (month.eventful && month.role === 'miss') {
    const day = openWeekday(month, hours, 20 + rng.int(5), 11 * 60, 1);
    out.push({
      source: EVENT_SOURCE,
      id: `PRIV-${tag}-02`,
      reportedAt: localToEpoch(zone, day, 11 * 60 + rng.int(180)),
      confirmed: true,
      summary: 'Agent confirmed a delivery address to a caller who had not been verified',
    });
  }
  return out;
}
