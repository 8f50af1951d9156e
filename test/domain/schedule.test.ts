import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isWorkingDay,
  nextRun,
  nthWorkingDay,
  parseTimeOfDay,
  type ScheduleRule,
  WEEKDAY_NAMES,
} from '../../src/domain/schedule/next-run.js';
import { formatInstant } from '../../src/domain/time/instant.js';
import { localDayOf, weekdayOf } from '../../src/domain/time/zone.js';
import { at, calendar, calendarB } from '../support/calendars.js';

const ZONE = 'Europe/Amsterdam';
const mondays: ScheduleRule = { every: 'week', weekday: 'mon', minute: 8 * 60 };
const secondWorkingDay: ScheduleRule = { every: 'month', workingDay: 2, minute: 8 * 60 };
const withExtraClosedDay = calendar({
  timezone: ZONE,
  hours: { 'mon-fri': '08:00-18:00' },
  holidays: { country: 'NL', dates: ['2026-11-02'] },
});

function run(rule: ScheduleRule, after: string, cal = calendarB, zone = ZONE): [string, string] {
  const r = nextRun(rule, cal, zone, at(after));
  if (r === undefined) throw new Error('no run');
  return [formatInstant(r.at, zone), r.period.name];
}

describe('nextRun: table', () => {
  it.each([
    // Every Monday 08:00 for the past week, across the spring and autumn clock changes.
    ['week before spring forward', mondays, '2026-03-20T12:00:00Z', '2026-03-23T08:00:00+01:00', '2026-W12'],
    ['week after spring forward', mondays, '2026-03-25T12:00:00Z', '2026-03-30T08:00:00+02:00', '2026-W13'],
    ['week before fall back', mondays, '2026-10-14T12:00:00Z', '2026-10-19T08:00:00+02:00', '2026-W42'],
    ['week after fall back', mondays, '2026-10-20T12:00:00Z', '2026-10-26T08:00:00+01:00', '2026-W43'],
    ['at a run, the next one', mondays, '2026-03-30T06:00:00Z', '2026-04-06T08:00:00+02:00', '2026-W14'],
    [
      'just before a run, that one',
      mondays,
      '2026-03-30T05:59:59.999Z',
      '2026-03-30T08:00:00+02:00',
      '2026-W13',
    ],
    ['week-year boundary', mondays, '2026-12-29T12:00:00Z', '2027-01-04T08:00:00+01:00', '2026-W53'],
    // A wall time in the spring gap moves forward; in the autumn overlap it is the earlier instant.
    [
      'time in the DST gap',
      { every: 'week', weekday: 'sun', minute: 150 } as const,
      '2026-03-28T00:00:00Z',
      '2026-03-29T03:30:00+02:00',
      '2026-W12',
    ],
    [
      'time in the DST overlap',
      { every: 'week', weekday: 'sun', minute: 150 } as const,
      '2026-10-24T00:00:00Z',
      '2026-10-25T02:30:00+02:00',
      '2026-W42',
    ],
    // The 2nd working day of the month by calendar B (Mon-Fri, NL holidays).
    [
      'New Year is not a working day (2026)',
      secondWorkingDay,
      '2025-12-20T00:00:00Z',
      '2026-01-05T08:00:00+01:00',
      '2025-12',
    ],
    [
      'New Year is not a working day (2027)',
      secondWorkingDay,
      '2026-12-20T00:00:00Z',
      '2027-01-05T08:00:00+01:00',
      '2026-12',
    ],
    [
      'winter time in March',
      secondWorkingDay,
      '2026-02-10T00:00:00Z',
      '2026-03-03T08:00:00+01:00',
      '2026-02',
    ],
    [
      'summer time in April',
      secondWorkingDay,
      '2026-03-10T00:00:00Z',
      '2026-04-02T08:00:00+02:00',
      '2026-03',
    ],
    [
      'weekend at the start of the month',
      secondWorkingDay,
      '2026-07-10T00:00:00Z',
      '2026-08-04T08:00:00+02:00',
      '2026-07',
    ],
    [
      "after this month's run, next month",
      secondWorkingDay,
      '2026-03-03T07:00:00Z',
      '2026-04-02T08:00:00+02:00',
      '2026-03',
    ],
    [
      'quarter',
      { every: 'quarter', workingDay: 2, minute: 8 * 60 } as const,
      '2026-11-01T00:00:00Z',
      '2027-01-05T08:00:00+01:00',
      '2026-Q4',
    ],
  ] as const)('%s', (_name, rule, after, expected, period) => {
    expect(run(rule, after)).toEqual([expected, period]);
  });

  it("skips the calendar's extra closed dates, and without a calendar counts Monday to Friday", () => {
    expect(run(secondWorkingDay, '2026-10-20T00:00:00Z', withExtraClosedDay)).toEqual([
      '2026-11-04T08:00:00+01:00',
      '2026-10',
    ]);
    expect(run(secondWorkingDay, '2026-10-20T00:00:00Z')).toEqual(['2026-11-03T08:00:00+01:00', '2026-10']);
    const r = nextRun(secondWorkingDay, null, ZONE, at('2026-12-20T00:00:00Z'));
    expect(r && formatInstant(r.at, ZONE)).toBe('2027-01-04T08:00:00+01:00');
  });

  it('finds no run in a calendar that never opens', () => {
    const closed = calendar({ timezone: ZONE, hours: { mon: 'closed' } });
    expect(nextRun(secondWorkingDay, closed, ZONE, at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('reads times of day', () => {
    expect([
      parseTimeOfDay('08:00'),
      parseTimeOfDay('23:59'),
      parseTimeOfDay('24:00'),
      parseTimeOfDay('8:00'),
    ]).toEqual([480, 1439, undefined, undefined]);
  });
});

const ZONES = ['Europe/Amsterdam', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC'];
const rules: fc.Arbitrary<ScheduleRule> = fc.oneof(
  fc.record({
    every: fc.constant('week' as const),
    weekday: fc.constantFrom(...WEEKDAY_NAMES),
    minute: fc.integer({ min: 0, max: 1439 }),
  }),
  fc.record({
    every: fc.constantFrom('month' as const, 'quarter' as const),
    workingDay: fc.integer({ min: 1, max: 5 }),
    minute: fc.integer({ min: 0, max: 1439 }),
  }),
);
const instants = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') });

describe('nextRun: properties', () => {
  it("is later than the instant, the earliest such run, and on the rule's day after the period it reports", () => {
    fc.assert(
      fc.property(
        rules,
        instants,
        fc.constantFrom(...ZONES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (rule, after, zone, f) => {
          const cal = { ...calendarB, timezone: zone };
          const r = nextRun(rule, cal, zone, after);
          expect(r).toBeDefined();
          if (r === undefined) return;
          expect(r.at).toBeGreaterThan(after);
          // No run in between: any instant in [after, r.at) has the same next run.
          const between = after + Math.floor(f * (r.at - after - 1));
          expect(nextRun(rule, cal, zone, between)?.at).toBe(r.at);
          expect(r.period.end).toBeLessThanOrEqual(r.at);
          const day = localDayOf(zone, r.at);
          if (rule.every === 'week') {
            expect(weekdayOf(day)).toBe(WEEKDAY_NAMES.indexOf(rule.weekday));
            expect(day - r.period.endDay).toBeLessThan(7);
          } else {
            expect(isWorkingDay(cal, day)).toBe(true);
            expect(nthWorkingDay(cal, r.period.endDay, rule.workingDay, day + 1)).toBe(day);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('runs at the wall time asked for, except when the clocks skip it', () => {
    fc.assert(
      fc.property(rules, instants, fc.constantFrom(...ZONES), (rule, after, zone) => {
        const r = nextRun(rule, null, zone, after);
        if (r === undefined) return;
        const local = formatInstant(r.at, zone).slice(11, 16);
        const asked = `${String(Math.floor(rule.minute / 60)).padStart(2, '0')}:${String(rule.minute % 60).padStart(2, '0')}`;
        if (local !== asked) {
          // Only a wall time that does not exist that day moves: an hour (or less) later.
          const wanted = Number(asked.slice(0, 2)) * 60 + Number(asked.slice(3));
          const got = Number(local.slice(0, 2)) * 60 + Number(local.slice(3));
          expect(got - wanted).toBeGreaterThan(0);
          expect(got - wanted).toBeLessThanOrEqual(60);
        }
      }),
      { numRuns: 300 },
    );
  });
});
