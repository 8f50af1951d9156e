import { describe, expect, it } from 'vitest';
import { dayNumber, localToEpoch } from '../../src/domain/time/zone.js';
import { retentionCutoff } from '../../src/services/privacy.service.js';

const at = (iso: string) => Date.parse(iso);
const midnight = (zone: string, y: number, m: number, d: number) => localToEpoch(zone, dayNumber(y, m, d), 0);

describe('retentionCutoff: local midnight of today minus the retention, in calendar units', () => {
  it.each([
    ['3 days', { count: 3, unit: 'day' }, '2026-12-07T12:00:00Z', 'Europe/Amsterdam', [2026, 12, 4]],
    ['2 weeks', { count: 2, unit: 'week' }, '2026-12-07T12:00:00Z', 'Europe/Amsterdam', [2026, 11, 23]],
    [
      '1 month from 31 March',
      { count: 1, unit: 'month' },
      '2027-03-31T12:00:00Z',
      'Europe/Amsterdam',
      [2027, 2, 28],
    ],
    [
      '1 month from 31 March, leap year',
      { count: 1, unit: 'month' },
      '2028-03-31T12:00:00Z',
      'UTC',
      [2028, 2, 29],
    ],
    ['1 year from 29 February', { count: 1, unit: 'year' }, '2028-02-29T12:00:00Z', 'UTC', [2027, 2, 28]],
    // Year 0 is a leap year (divisible by 400); Date.UTC would have read it as 1900, which is not.
    ['back to the year 0', { count: 2024, unit: 'year' }, '2024-02-29T12:00:00Z', 'UTC', [0, 2, 29]],
  ] as const)('%s', (_, retention, now, zone, [y, m, d]) => {
    expect(retentionCutoff(retention, at(now), zone)).toBe(midnight(zone, y, m, d));
  });
});
