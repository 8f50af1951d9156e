/**
 * The npm business-time libraries B1 compares against (benchmarks.md), configured with B1's opening hours
 * and holidays, each wrapped as "add N business time to an instant" in epoch ms.
 *
 * - moment-business-time on moment-timezone moments in the calendar's zone, counting in seconds (every B1
 *   target is a whole number of seconds; the library carries the start's milliseconds along).
 * - dayjs-business-time counts whole minutes only and its arithmetic goes wrong on dayjs.tz() instances
 *   across a DST switch (`DAYJS_TZ_FINDINGS`), so it runs on plain local dayjs objects with the process
 *   zone (TZ) set to the calendar's zone while it runs; targets are passed as (possibly fractional) minutes.
 */
import { createRequire } from 'node:module';
import dayjs from 'dayjs';
import dayjsTimezone from 'dayjs/plugin/timezone.js';
import dayjsUtc from 'dayjs/plugin/utc.js';
import dayjsBusinessTime from 'dayjs-business-time';
import moment from 'moment-timezone';
import 'moment-business-time';

/** One weekday's spans as `['08:00', '12:30']` pairs; index 0 = Sunday … 6 = Saturday. */
export type WeekHours = readonly (readonly (readonly [string, string])[])[];

export interface Library {
  readonly name: string;
  readonly version: string;
  /** Runs `work` with whatever process state the library needs (and restores it). */
  within<T>(work: () => T): T;
  /** The instant `target` ms of business time after `start` (epoch ms); call inside `within`. */
  deadline(start: number, target: number): number;
}

interface WorkingMoment {
  addWorkingTime(amount: number, unit: string): { valueOf(): number };
}

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

function withZone<T>(zone: string, work: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return work();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

let dayjsReady = false;
function setUpDayjs(week: WeekHours, holidays: readonly string[]): void {
  if (!dayjsReady) {
    dayjs.extend(dayjsUtc);
    dayjs.extend(dayjsTimezone);
    dayjs.extend(dayjsBusinessTime);
    dayjsReady = true;
  }
  const map = Object.fromEntries(
    DAY_NAMES.map((name, d) => [
      name,
      week[d]!.length === 0
        ? null
        : week[d]!.map(([start, end]) => ({ start: `${start}:00`, end: `${end}:00` })),
    ]),
  ) as unknown as dayjs.BusinessHoursMap;
  dayjs.setBusinessTime(map);
  dayjs.setHolidays([...holidays]);
}

/** Configures both libraries with the same hours and holidays; both keep this as global locale state. */
export function libraries(zone: string, week: WeekHours, holidays: readonly string[]): Library[] {
  const workinghours: Record<number, string[] | null> = {};
  week.forEach((spans, d) => {
    workinghours[d] = spans.length === 0 ? null : spans.flatMap(([s, e]) => [`${s}:00`, `${e}:00`]);
  });
  moment.updateLocale(moment.locale(), { workinghours, holidays: [...holidays] });
  setUpDayjs(week, holidays);

  return [
    {
      name: 'moment-business-time',
      version: `${versionOf('moment-business-time')} (moment ${versionOf('moment')}, moment-timezone ${versionOf('moment-timezone')})`,
      within: (work) => work(),
      deadline: (start, target) =>
        (moment.tz(start, zone) as unknown as WorkingMoment)
          .addWorkingTime(target / 1000, 'seconds')
          .valueOf(),
    },
    {
      name: 'dayjs-business-time',
      version: `${versionOf('dayjs-business-time')} (dayjs ${versionOf('dayjs')})`,
      within: (work) => withZone(zone, work),
      deadline: (start, target) =>
        dayjs(start)
          .addBusinessMinutes(target / 60_000)
          .valueOf(),
    },
  ];
}

/**
 * What dayjs-business-time 1.0.4 did on dayjs.tz(start, 'Europe/Amsterdam') objects with this calendar, found
 * while setting up B1 on whole-minute items (not re-run by the benchmark, because one of them never returns).
 */
export const DAYJS_TZ_FINDINGS = [
  'Sat 2026-03-28T21:44+01:00 + 480 business minutes never returns (the next opening lies after the switch to summer time)',
  'Thu 2026-10-22T23:44+02:00 + 2880 business minutes gives 2026-10-27T19:30+01:00, two hours early (right: 21:30)',
  'Wed 2027-10-27T09:12+02:00 + 2880 business minutes gives 2027-11-01T07:42+01:00, an hour early (right: 08:42)',
];
