import { type CalendarDefinition, parseCalendar } from '../../src/domain/calendar/definition.js';
import { BusinessClock } from '../../src/domain/clock.js';
import { formatInstant, instantOrThrow } from '../../src/domain/time/instant.js';

export function calendar(input: unknown): CalendarDefinition {
  const r = parseCalendar(input);
  if (!r.ok) throw new Error(`test calendar invalid: ${JSON.stringify(r.issues)}`);
  return r.value;
}

/** Calendar B of calendar-and-clock.md. */
export const calendarB = calendar({
  timezone: 'Europe/Amsterdam',
  hours: { 'mon-fri': '08:00-22:00' },
  holidays: { country: 'NL' },
});
/** Calendar A: B plus weekends 09:00-18:00. */
export const calendarA = calendar({
  timezone: 'Europe/Amsterdam',
  hours: { 'mon-fri': '08:00-22:00', 'sat-sun': '09:00-18:00' },
  holidays: { country: 'NL' },
});
export const always = calendar({ timezone: 'Europe/Amsterdam', hours: '24/7' });

export const at = (iso: string) => instantOrThrow(iso, 'test');
export const H = 3_600_000;
export const M = 60_000;

/** Deadline as text in the calendar's zone, for readable tables. */
export function deadlineText(
  cal: CalendarDefinition,
  start: string,
  target: number,
  pauses: string[] = [],
): string {
  return formatInstant(new BusinessClock(cal).deadline(at(start), target, pauses.map(at)), cal.timezone);
}
