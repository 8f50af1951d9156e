import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/period.js';
import { dayNumber, isoFromDayNumber, localToEpoch } from '../../src/domain/time/zone.js';

/** The conversion as Temporal states it, for every wall time (the definition calendar-and-clock.md uses). */
function temporalLocalToEpoch(zone: string, day: number, minute: number): number {
  const whole = day + Math.floor(minute / 1440);
  const rest = minute - (whole - day) * 1440;
  return Temporal.PlainDateTime.from(`${isoFromDayNumber(whole)}T00:00`)
    .add({ minutes: rest })
    .toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds;
}

// Zones with the unusual: half-hour and 2-hour shifts, changes at midnight, negative DST, several changes
// a year, a skipped day (Apia, 30 December 2011), offsets far from UTC.
const ZONES = [
  'Europe/Amsterdam',
  'America/New_York',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Beirut',
  'Africa/Casablanca',
  'Europe/Dublin',
  'Antarctica/Troll',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'America/St_Johns',
  'Asia/Kolkata',
  'UTC',
];

describe('local wall time to instant', () => {
  it('agrees with Temporal on random zones, days and minutes, DST days included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: dayNumber(1995, 1, 1), max: dayNumber(2040, 12, 31) }),
        fc.integer({ min: 0, max: 2 * 1440 }),
        (zone, day, minute) => {
          expect(localToEpoch(zone, day, minute)).toBe(temporalLocalToEpoch(zone, day, minute));
        },
      ),
      { numRuns: 3000, seed: 20261207 },
    );
  });

  it('agrees with Temporal on every half hour of the days around each offset change', () => {
    for (const zone of ZONES) {
      let z = Temporal.Instant.from('2011-01-01T00:00Z').toZonedDateTimeISO(zone);
      for (let n = 0; n < 12; n++) {
        const next = z.getTimeZoneTransition('next');
        if (next === null) break;
        const day = dayNumber(next.year, next.month, next.day);
        for (let d = day - 1; d <= day + 1; d++)
          for (let minute = 0; minute <= 1440; minute += 30)
            expect(localToEpoch(zone, d, minute), `${zone} ${isoFromDayNumber(d)} +${minute}`).toBe(
              temporalLocalToEpoch(zone, d, minute),
            );
        z = next;
      }
    }
  });

  it('stays quick for far-apart years, and agrees with Temporal there (found by fuzzing)', () => {
    // test/fuzz/parsers.test.ts: after 9999-01 and 0011-W01, parsePeriod('5000-01', 'America/New_York') took
    // 6.7 s (one cached range of offset changes grown over 10,000 years). Generous bound: a loaded machine.
    const zone = 'America/Chicago';
    const t0 = performance.now();
    for (const [y, m] of [
      [9998, 3],
      [12, 1],
      [5001, 11],
      [2026, 3],
      [7500, 6],
    ] as const) {
      const day = dayNumber(y, m, 8);
      for (const minute of [0, 150, 1439])
        expect(localToEpoch(zone, day, minute)).toBe(temporalLocalToEpoch(zone, day, minute));
    }
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe('calendar dates of the years 0–99 (not 1900–1999, as Date.UTC would have them)', () => {
  it('dayNumber and a period of year 0001 give that year', () => {
    expect(dayNumber(1, 1, 1)).toBe(Date.parse('0001-01-01T00:00:00Z') / 86_400_000);
    expect(dayNumber(0, 3, 1) - dayNumber(0, 2, 28)).toBe(2); // 0000 is a leap year
    expect(isoFromDayNumber(dayNumber(1, 1, 1))).toBe('0001-01-01');
    expect(localToEpoch('UTC', dayNumber(1, 1, 1), 0)).toBe(Date.parse('0001-01-01T00:00:00Z'));
    const p = parsePeriod('0001-01', 'UTC');
    expect(p?.start).toBe(Date.parse('0001-01-01T00:00:00Z'));
    expect(p?.end).toBe(Date.parse('0001-02-01T00:00:00Z'));
  });

  it('dayNumber agrees with Date.UTC from the year 100 on, months and days running over included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9999 }),
        fc.integer({ min: -13, max: 26 }),
        fc.integer({ min: -40, max: 70 }),
        (y, m, d) => {
          expect(dayNumber(y, m, d)).toBe(Math.floor(Date.UTC(y, m - 1, d) / 86_400_000));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
