import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPercents, formatCents, parseCents, scaleCents, shrinkProRata } from '../../src/domain/money.js';
import {
  isPeriodEnd,
  isPeriodStart,
  nextPeriod,
  parsePeriod,
  periodContainingDay,
} from '../../src/domain/period.js';
import { formatInstant } from '../../src/domain/time/instant.js';
import { dayNumber } from '../../src/domain/time/zone.js';

const AMS = 'Europe/Amsterdam';
const span = (name: string) => {
  const p = parsePeriod(name, AMS)!;
  return [formatInstant(p.start, AMS), formatInstant(p.end, AMS)];
};

describe('periods', () => {
  it.each([
    ['2026-10', '2026-10-01T00:00:00+02:00', '2026-11-01T00:00:00+01:00'],
    ['2026-Q4', '2026-10-01T00:00:00+02:00', '2027-01-01T00:00:00+01:00'],
    ['2026-W53', '2026-12-28T00:00:00+01:00', '2027-01-04T00:00:00+01:00'],
    ['2026-W01', '2025-12-29T00:00:00+01:00', '2026-01-05T00:00:00+01:00'],
    ['2026-W13', '2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00'],
    ['2026-12', '2026-12-01T00:00:00+01:00', '2027-01-01T00:00:00+01:00'],
  ])('%s runs from %s to %s', (name, start, end) => {
    expect(span(name)).toEqual([start, end]);
  });

  it.each(['2026-13', '2026-00', '2025-W53', '2026-W54', '2026-Q5', 'October', '2026-1'])(
    '%s is not a period',
    (name) => {
      expect(parsePeriod(name, AMS)).toBeUndefined();
    },
  );

  it('names the period that contains a day, ISO week-years included', () => {
    expect(periodContainingDay('week', dayNumber(2027, 1, 3), AMS).name).toBe('2026-W53');
    expect(periodContainingDay('week', dayNumber(2024, 12, 30), AMS).name).toBe('2025-W01');
    expect(periodContainingDay('quarter', dayNumber(2026, 11, 15), AMS).name).toBe('2026-Q4');
    expect(nextPeriod(parsePeriod('2026-12', AMS)!, AMS).name).toBe('2027-01');
  });

  it('names periods of years before 1000 with four digits, so that the name reads back (found by fuzzing)', () => {
    // test/fuzz/parsers.test.ts: parsePeriod('0000-01') was named '0-01', which names no period.
    for (const name of ['0000-01', '0999-Q4', '0999-W52', '0001-W01']) {
      const p = parsePeriod(name, AMS)!;
      expect(periodContainingDay(p.kind, p.firstDay, AMS).name).toBe(name);
    }
  });

  it('every day belongs to exactly one week, month and quarter, which follow each other without gaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber(2000, 1, 1), max: dayNumber(2100, 1, 1) }),
        fc.constantFrom('week', 'month', 'quarter' as const),
        (day, kind) => {
          const p = periodContainingDay(kind, day, 'UTC');
          expect(p.firstDay <= day && day < p.endDay).toBe(true);
          expect(nextPeriod(p, 'UTC').firstDay).toBe(p.endDay);
          expect(parsePeriod(p.name, 'UTC')?.firstDay).toBe(p.firstDay);
        },
      ),
    );
  });

  it('period starts and ends for effective dates', () => {
    expect(isPeriodStart('month', '2026-01-01')).toBe(true);
    expect(isPeriodStart('month', '2026-01-02')).toBe(false);
    expect(isPeriodStart('week', '2026-11-30')).toBe(true);
    expect(isPeriodStart('quarter', '2026-04-01')).toBe(true);
    expect(isPeriodStart('quarter', '2026-05-01')).toBe(false);
    expect(isPeriodEnd('month', '2026-02-28')).toBe(true);
    expect(isPeriodEnd('week', '2026-12-06')).toBe(true);
  });
});

describe('money in cents', () => {
  it('the credit example of kpis.md: 100,000.00 × 10% × 20% is exactly 2,000.00', () => {
    expect(formatCents(applyPercents(10_000_000, 100_000, 200_000))).toBe('2000.00');
  });

  it('the interfaces.md line: 120,000.00 × 12% × 30% = 4,320.00', () => {
    expect(formatCents(applyPercents(12_000_000, 120_000, 300_000))).toBe('4320.00');
  });

  it('rounds half-up to the cent once', () => {
    expect(applyPercents(1, 500_000)).toBe(1); // 0.5 cent → 1
    expect(applyPercents(1, 499_999)).toBe(0);
    expect(scaleCents(12_000_000, 12, 52)).toBe(2_769_231); // 27,692.307… → 27,692.31
  });

  it('shrinks pro rata with largest remainders, ties to the first line', () => {
    expect(shrinkProRata([100, 100, 100], 100)).toEqual([34, 33, 33]);
    expect(shrinkProRata([576_000, 432_000, 432_000], 1_440_000)).toEqual([576_000, 432_000, 432_000]);
    expect(shrinkProRata([2000, 1000], 1500)).toEqual([1000, 500]);
    fc.assert(
      fc.property(
        fc.array(fc.nat(10_000_000), { minLength: 1, maxLength: 8 }),
        fc.nat(20_000_000),
        (lines, cap) => {
          const out = shrinkProRata(lines, cap);
          const sum = lines.reduce((a, b) => a + b, 0);
          expect(out.reduce((a, b) => a + b, 0)).toBe(Math.min(sum, cap));
          out.forEach((o, i) => {
            expect(o).toBeLessThanOrEqual(lines[i]!);
          });
        },
      ),
    );
  });

  it('parses and formats decimal amounts', () => {
    expect(parseCents('120000.00')).toBe(12_000_000);
    expect(parseCents(120000)).toBe(12_000_000);
    expect(parseCents('0.5')).toBe(50);
    expect(parseCents('1.005')).toBeUndefined();
    expect(formatCents(-450)).toBe('-4.50');
  });
});
