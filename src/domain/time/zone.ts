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

/**
 * Days since 1970-01-01 of a proleptic Gregorian date; a month beyond 1..12 or a day beyond the month's
 * runs on into the next (as Date.UTC does). Worked out here rather than with Date.UTC, which reads the
 * years 0–99 as 1900–1999 (year 0001 would become 1901).
 */
export function dayNumber(year: number, month: number, day: number): DayNumber {
  const m0 = month - 1;
  const y = year + Math.floor(m0 / 12);
  const m = m0 - Math.floor(m0 / 12) * 12 + 1;
  // Howard Hinnant's days_from_civil: years start in March, so that February's leap day comes last.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
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

const DAY = 86_400_000;

/** A zone's offset changes as Temporal reports them, over a range of whole years. */
interface OffsetChanges {
  readonly fromMs: number;
  readonly toMs: number;
  /** The offset at `fromMs`. */
  readonly first: number;
  /** Instants at which the offset changes, ascending, and the offset from each one on. */
  readonly at: readonly number[];
  readonly offset: readonly number[];
}

/**
 * Offset changes per zone and year, each covering the year and a few days either side. Per year, not one
 * growing range: a range grown from 2026 to 9999 (a far period in a request) held 16,000 changes in New
 * York, took seconds to scan and slowed every later lookup (found by test/fuzz/parsers.test.ts).
 */
const offsetChanges = new Map<string, Map<number, OffsetChanges>>();
/** Years kept per zone before the zone's cache starts again. */
const MAX_CACHED_YEARS = 400;
const MARGIN = 4 * DAY;

function scanOffsetChanges(zone: string, fromMs: number, toMs: number): OffsetChanges {
  let z = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(zone);
  const first = z.offsetNanoseconds / 1e6;
  const at: number[] = [];
  const offset: number[] = [];
  for (;;) {
    const next = z.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds >= toMs) break;
    at.push(next.epochMilliseconds);
    offset.push(next.offsetNanoseconds / 1e6);
    z = next;
  }
  return { fromMs, toMs, first, at, offset };
}

/** The zone's offset changes over a range holding [fromMs, toMs): the year of fromMs, or exactly the range. */
function offsetChangesCovering(zone: string, fromMs: number, toMs: number): OffsetChanges {
  let years = offsetChanges.get(zone);
  if (years === undefined) offsetChanges.set(zone, (years = new Map()));
  const year = new Date(fromMs).getUTCFullYear();
  let known = years.get(year);
  if (known === undefined) {
    if (years.size >= MAX_CACHED_YEARS) years.clear();
    known = scanOffsetChanges(
      zone,
      dayNumber(year, 1, 1) * DAY - MARGIN,
      dayNumber(year + 1, 1, 1) * DAY + MARGIN,
    );
    years.set(year, known);
  }
  if (fromMs >= known.fromMs && toMs <= known.toMs) return known;
  return scanOffsetChanges(zone, fromMs, toMs);
}

/** The zone's offset throughout [fromMs, toMs), or null when it changes in between. */
function steadyOffset(zone: string, fromMs: number, toMs: number): number | null {
  const c = offsetChangesCovering(zone, fromMs, toMs);
  let offset = c.first;
  for (let i = 0; i < c.at.length; i++) {
    const t = c.at[i]!;
    if (t <= fromMs) offset = c.offset[i]!;
    else if (t < toMs) return null;
    else break;
  }
  return offset;
}

/** Epoch ms of `minute` minutes after local midnight of `day` (minute may exceed 1440 to reach later days). */
export function localToEpoch(zone: string, day: DayNumber, minute: number): number {
  const whole = day + Math.floor(minute / 1440);
  const rest = minute - (whole - day) * 1440;
  // Every wall time of the day lies within a day of the same UTC time (offsets stay under 24 h). When the
  // offset does not change in that window, the wall time names exactly one instant and no disambiguation
  // is needed; only days near an offset change take Temporal's `compatible` path.
  const offset = steadyOffset(zone, (whole - 1) * DAY, (whole + 2) * DAY);
  if (offset !== null) return whole * DAY + rest * 60_000 - offset;
  const d = new Date(whole * DAY);
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
