/**
 * Local wall-clock time in an IANA zone. Conversions follow Temporal's `compatible` disambiguation, as
 * calendar-and-clock.md requires: a time in a spring-forward gap moves forward by the gap, a time that
 * occurs twice means its first occurrence.
 */
import { Temporal } from 'temporal-polyfill';

const validZones = new Map<string, boolean>();

export function isTimeZone(name: string): boolean {
  let known = validZones.get(name);
  if (known === undefined) {
    try {
      Temporal.Now.zonedDateTimeISO(name);
      // Offsets like "+01:00" are valid Temporal zones but not IANA names; a contract needs a region name.
      known = /^[A-Za-z]/.test(name);
    } catch {
      known = false;
    }
    validZones.set(name, known);
  }
  return known;
}

/** A local calendar date as a day number: days since 1970-01-01 (proleptic Gregorian). */
export type DayNumber = number;

export function dayNumber(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

export function dayNumberFromIso(date: string): DayNumber {
  return dayNumber(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

export function isoFromDayNumber(day: DayNumber): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(day: DayNumber): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((day + 3) % 7) + 7) % 7;
}

/** Epoch ms of `minute` minutes after local midnight of `day` (minute may exceed 1440 to reach later days). */
export function localToEpoch(zone: string, day: DayNumber, minute: number): number {
  const whole = day + Math.floor(minute / 1440);
  const rest = minute - (whole - day) * 1440;
  const d = new Date(whole * 86_400_000);
  const pdt = new Temporal.PlainDateTime(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    Math.floor(rest / 60),
    rest % 60,
  );
  return pdt.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The local calendar day (day number) on which an instant falls in the zone. */
export function localDayOf(zone: string, ms: number): DayNumber {
  const z = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
  return dayNumber(z.year, z.month, z.day);
}

/** The local year in which an instant falls. */
export function localYearOf(zone: string, ms: number): number {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).year;
}
