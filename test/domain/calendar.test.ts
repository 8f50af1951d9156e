import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../src/domain/calendar/definition.js';
import { ValidationError } from '../../src/domain/issues.js';
import { describeIssues } from '../../src/domain/source-text.js';
import { parseSourceText } from '../../src/ingest/contract-text.js';

/** The messages a calendar file gets, as a user sees them: `key: message (line N)`. */
function errorsOf(yaml: string): string[] {
  try {
    const source = parseSourceText(yaml, 'cal.yaml');
    const r = parseCalendar(source.value);
    return r.ok ? [] : describeIssues(r.issues, source);
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.message);
    throw e;
  }
}

const base = 'timezone: Europe/Amsterdam\n';

describe('calendar files: what is accepted', () => {
  it('reads hours, ranges, lists, midnight-crossing spans, 24:00, holidays, special days and closures', () => {
    const source = parseSourceText(
      `${base}hours:\n  mon-wed,fri: "08:00-12:00, 13:00-17:00"\n  thu: "08:00-24:00"\n  sat: "22:00-06:00"\n  sun: closed\n` +
        'holidays:\n  country: DE-BY\n  types: [public, bank]\n  dates: [2026-12-24]\n' +
        'special:\n  2026-12-31: "08:00-16:00"\n  2026-12-30: closed\n' +
        'closures:\n  - { from: "2026-06-10T13:00", to: "2026-06-10T15:30", reason: team training }\n',
      'cal.yaml',
    );
    const r = parseCalendar(source.value);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.week).toEqual([
      [
        { start: 480, end: 720 },
        { start: 780, end: 1020 },
      ],
      [
        { start: 480, end: 720 },
        { start: 780, end: 1020 },
      ],
      [
        { start: 480, end: 720 },
        { start: 780, end: 1020 },
      ],
      [{ start: 480, end: 1440 }],
      [
        { start: 480, end: 720 },
        { start: 780, end: 1020 },
      ],
      [{ start: 1320, end: 1800 }],
      [],
    ]);
    expect(r.value.holidays).toEqual({ country: 'DE-BY', types: ['bank', 'public'], dates: ['2026-12-24'] });
    expect(r.value.special).toEqual({ '2026-12-30': [], '2026-12-31': [{ start: 480, end: 960 }] });
    expect(r.value.closures).toEqual([
      { from: '2026-06-10T13:00', to: '2026-06-10T15:30', reason: 'team training' },
    ]);
  });

  it('24/7, and a calendar inside a contract takes the contract zone', () => {
    const r = parseCalendar({ hours: '24/7' }, { defaultTimezone: 'Europe/Berlin' });
    expect(r.ok && r.value.timezone).toBe('Europe/Berlin');
    expect(r.ok && r.value.alwaysOpen).toBe(true);
  });

  it('a day not named is closed; ranges wrap around the week end', () => {
    const r = parseCalendar({ timezone: 'UTC', hours: { 'fri-mon': '10:00-11:00' } });
    expect(r.ok && r.value.week.map((d) => d.length)).toEqual([1, 0, 0, 0, 1, 1, 1]);
  });
});

describe('calendar files: every mistake named with key, value and line', () => {
  it.each([
    [
      'unknown time zone',
      'timezone: Europe/Amsterdm\nhours: 24/7\n',
      ['timezone: "Europe/Amsterdm" is not an IANA time zone (line 1)'],
    ],
    [
      'missing time zone',
      'hours: 24/7\n',
      ['timezone: is required (an IANA name such as Europe/Amsterdam) (line 1)'],
    ],
    ['hours missing', `${base}`, ['hours: is required (line 1)']],
    [
      'hours not 24/7',
      `${base}hours: 24x7\n`,
      ['hours: "24x7" is neither "24/7" nor a map of days to spans (line 2)'],
    ],
    [
      'unknown day',
      `${base}hours:\n  mon-fry: "08:00-17:00"\n`,
      ['hours.mon-fry: "mon-fry" is not a day or range of days (mon…sun, mon-fri, mon,wed) (line 3)'],
    ],
    [
      'day given twice',
      `${base}hours:\n  mon-fri: "08:00-17:00"\n  fri: "08:00-12:00"\n`,
      ['hours.fri: fri is already given by "mon-fri" (line 4)'],
    ],
    [
      'malformed time',
      `${base}hours:\n  mon: "8-17"\n`,
      ['hours.mon: "8-17" is not a list of spans like "08:00-17:00" or "closed" (line 3)'],
    ],
    [
      'time that does not exist',
      `${base}hours:\n  mon: "08:00-24:30"\n`,
      ['hours.mon: "08:00-24:30" has a time of day that does not exist (line 3)'],
    ],
    [
      'end equal to start',
      `${base}hours:\n  mon: "08:00-08:00"\n`,
      ['hours.mon: "08:00-08:00" ends when it starts (line 3)'],
    ],
    [
      'overlapping spans',
      `${base}hours:\n  mon: "08:00-12:00,11:00-17:00"\n`,
      ['hours.mon: "08:00-12:00,11:00-17:00" has overlapping spans (line 3)'],
    ],
    [
      'midnight span into the next day',
      `${base}hours:\n  fri: "22:00-08:00"\n  sat: "07:00-12:00"\n`,
      ["hours.fri: fri's span past midnight overlaps sat's hours (line 3)"],
    ],
    [
      'unknown country',
      `${base}hours: 24/7\nholidays:\n  country: XX\n`,
      ['holidays.country: "XX" is not a known country or region (NL, DE-BY, US) (line 4)'],
    ],
    [
      'unknown region',
      `${base}hours: 24/7\nholidays:\n  country: DE-XX\n`,
      ['holidays.country: "DE-XX" is not a known country or region (NL, DE-BY, US) (line 4)'],
    ],
    [
      'unknown holiday type',
      `${base}hours: 24/7\nholidays:\n  types: [national]\n`,
      [
        'holidays.types[0]: "national" is not a holiday type (public, bank, school, optional, observance) (line 4)',
      ],
    ],
    [
      'bad extra date',
      `${base}hours: 24/7\nholidays:\n  dates: [2026-02-30]\n`,
      ['holidays.dates[0]: "2026-02-30" is not a date (YYYY-MM-DD) (line 4)'],
    ],
    [
      'bad special date',
      `${base}hours: 24/7\nspecial:\n  31-12-2026: closed\n`,
      ['special.31-12-2026: "31-12-2026" is not a date (YYYY-MM-DD) (line 4)'],
    ],
    [
      'closure with offset instead of local time',
      `${base}hours: 24/7\nclosures:\n  - { from: "2026-06-10T13:00+02:00", to: "2026-06-10T15:30" }\n`,
      ['closures[0].from: "2026-06-10T13:00+02:00" is not a local date-time (YYYY-MM-DDTHH:MM) (line 4)'],
    ],
    [
      'closure ending before it starts',
      `${base}hours: 24/7\nclosures:\n  - from: "2026-06-10T13:00"\n    to: "2026-06-10T12:00"\n`,
      ['closures[0].to: "2026-06-10T12:00" is not after from "2026-06-10T13:00" (line 5)'],
    ],
    [
      'misspelt key',
      `${base}hours: 24/7\nholiday:\n  country: NL\n`,
      ['holiday: is not a known key (line 3)'],
    ],
    ['wrong type', `${base}hours: 24/7\nclosures: yes\n`, ['closures: "yes" is not a list (line 3)']],
    [
      'YAML syntax error',
      `${base}hours: {mon: "08:00-17:00"\n`,
      [expect.stringMatching(/^cal\.yaml: .*\(line \d+, column \d+\)$/)],
    ],
    [
      'duplicate key',
      `${base}hours: 24/7\nhours: 24/7\n`,
      [expect.stringMatching(/^cal\.yaml: Map keys must be unique \(line 3, column 1\)$/)],
    ],
  ])('%s', (_name, yaml, expected) => {
    expect(errorsOf(yaml)).toEqual(expected);
  });

  it('reports every mistake at once, not only the first', () => {
    expect(errorsOf('timezone: Mars/Olympus\nhours:\n  mon: "9-5"\n  tue: "10:00-10:00"\n')).toHaveLength(3);
  });
});
