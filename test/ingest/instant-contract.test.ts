/**
 * One instant parser: domain/time/instant.ts `parseInstant`. The byte-level readers of the hot paths
 * (`fastInstant` of accord ingest, `instantAt` of evaluate --data) must give exactly its milliseconds for
 * every value they accept, and leave every other value to it (NaN): a table, then generated values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/domain/time/instant.js';
import { instantAt } from '../../src/ingest/columnar-reader.js';
import { fastInstant } from '../../src/ingest/fields.js';

const READERS: Record<string, (text: string) => number> = {
  fastInstant,
  'instantAt (bytes)': (text) => {
    const b = Buffer.from(text, 'utf8');
    return instantAt(b, 0, b.length);
  },
};

const TABLE: readonly [string, number | string][] = [
  ['2026-10-05T08:14:02+02:00', Date.UTC(2026, 9, 5, 6, 14, 2)],
  ['2026-10-05T08:14:02Z', Date.UTC(2026, 9, 5, 8, 14, 2)],
  ['2026-10-05t08:14:02z', Date.UTC(2026, 9, 5, 8, 14, 2)],
  ['2026-10-05 08:14:02-0130', Date.UTC(2026, 9, 5, 9, 44, 2)],
  // An hours-only offset (ISO 8601 allows it; PostgreSQL prints a whole-hour offset so).
  ['2026-10-05T08:14:02+02', Date.UTC(2026, 9, 5, 6, 14, 2)],
  ['2026-10-05T08:14:02.5-05', Date.UTC(2026, 9, 5, 13, 14, 2, 500)],
  ['2026-10-05T08:14+02', Date.UTC(2026, 9, 5, 6, 14)],
  ['2026-10-05T08:14:02+24', 'has an impossible offset'],
  ['2026-10-05T08:14:02+2', 'is not an ISO 8601 instant'],
  ['2026-10-05T08:14:02+020', 'is not an ISO 8601 instant'],
  ['2026-10-05T08:14:02+02:', 'is not an ISO 8601 instant'],
  // The basic format is refused (docs/data-and-store.md).
  ['20261005T081402Z', 'is not an ISO 8601 instant'],
  ['2026-10-05T08:14:02.5Z', Date.UTC(2026, 9, 5, 8, 14, 2, 500)],
  ['2026-10-05T08:14:02,123456789+00:00', Date.UTC(2026, 9, 5, 8, 14, 2, 123)],
  ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
  ['2026-10-05T08:14Z', Date.UTC(2026, 9, 5, 8, 14)],
  // Years 0–99 are those years, not 1900–1999 (Date.UTC's trap); Date.parse reads ISO text without it.
  ['0001-01-01T00:00:00Z', Date.parse('0001-01-01T00:00:00.000Z')],
  ['0000-02-29T12:00:00+01:00', Date.parse('0000-02-29T11:00:00.000Z')],
  ['0099-12-31T23:59:59Z', Date.parse('0099-12-31T23:59:59.000Z')],
  ['0001-02-29T00:00:00Z', 'has no such date'],
  ['2026-10-05T08:14:02', 'has no offset'],
  ['2026-02-29T00:00:00Z', 'has no such date'],
  ['2026-13-01T00:00:00Z', 'has no such date'],
  ['2026-10-05T24:00:00Z', 'has no such time of day'],
  ['2026-10-05T08:14:02+24:00', 'has an impossible offset'],
  ['05-10-2026 08:14', 'is not an ISO 8601 instant'],
  [' 2026-10-05T08:14:02Z', 'is not an ISO 8601 instant'],
  ['2026-10-05T08:14:02.Z', 'is not an ISO 8601 instant'],
  ['', 'is not an ISO 8601 instant'],
];

describe('parseInstant: the table', () => {
  for (const [text, expected] of TABLE) {
    it(JSON.stringify(text), () => {
      const r = parseInstant(text);
      expect(r.ok ? r.ms : r.reason).toBe(expected);
    });
  }

  it('gives the milliseconds of Date.parse for every valid UTC instant of the years 0000–9999', () => {
    const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
        two(1, 12),
        two(1, 28),
        two(0, 23),
        two(0, 59),
        two(0, 59),
        (y, mo, d, h, mi, sec) => {
          const text = `${y}-${mo}-${d}T${h}:${mi}:${sec}`;
          const r = parseInstant(`${text}Z`);
          expect(r.ok && r.ms, text).toBe(Date.parse(`${text}.000Z`));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

for (const [name, read] of Object.entries(READERS)) {
  describe(`${name} agrees with parseInstant`, () => {
    it('on the table: the same milliseconds, or NaN to leave the value to parseInstant', () => {
      for (const [text] of TABLE) {
        const r = parseInstant(text);
        const got = read(text);
        if (!Number.isNaN(got)) expect(r.ok ? r.ms : r.reason, text).toBe(got);
      }
      // The common shapes must be taken by the fast way.
      expect(read('2026-10-05T08:14:02+02:00')).toBe(Date.UTC(2026, 9, 5, 6, 14, 2));
      expect(read('2026-10-05T08:14:02.250Z')).toBe(Date.UTC(2026, 9, 5, 8, 14, 2, 250));
      expect(read('2026-10-05T08:14:02+02')).toBe(Date.UTC(2026, 9, 5, 6, 14, 2));
      expect(read('2026-10-05T08:14:02-0130')).toBe(Date.UTC(2026, 9, 5, 9, 44, 2));
    });

    it('on generated values', () => {
      const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
      const text = fc
        .tuple(
          fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0')),
          two(13),
          two(32),
          fc.constantFrom('T', 't', ' ', 'x'),
          two(25),
          two(60),
          two(60),
          fc.constantFrom('', '.5', '.123', '.1234567891', ','),
          fc.constantFrom('Z', 'z', '+02:00', '-0130', '+24:00', '', '+2', '+02', '-11', '+24', '+02:'),
        )
        .map(([y, mo, d, t, h, mi, s, f, z]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${f}${z}`);
      fc.assert(
        fc.property(text, (value) => {
          const r = parseInstant(value);
          const got = read(value);
          if (!Number.isNaN(got)) expect(r.ok && r.ms, value).toBe(got);
        }),
        { numRuns: 3000 },
      );
    });
  });
}
