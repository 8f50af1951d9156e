import moment from 'moment-timezone';
import 'moment-business-time';
import dayjs from 'dayjs';
import businessTime from 'dayjs-business-time';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';
import { closedHolidayDates } from '../../src/domain/calendar/holidays.js';
import { parseCalendar } from '../../src/domain/calendar/definition.js';
import { BusinessClock } from '../../src/domain/clock.js';
import { formatInstant } from '../../src/domain/time/instant.js';

const ZONE = 'Europe/Amsterdam';
const cal = parseCalendar({ timezone: ZONE, hours: { 'mon-fri': '08:00-12:30,13:00-22:00', sat: '09:00-17:00' }, holidays: { country: 'NL', types: ['public'] } });
if (!cal.ok) throw new Error('cal');
const clock = new BusinessClock(cal.value, { from: 2025, to: 2028 });
const hol = [2026, 2027, 2028].flatMap((y) => closedHolidayDates('NL', ['public'], y));
const wk = ['08:00:00', '12:30:00', '13:00:00', '22:00:00'];
(moment as any).updateLocale('en', { workinghours: { 0: null, 1: wk, 2: wk, 3: wk, 4: wk, 5: wk, 6: ['09:00:00', '17:00:00'] }, holidays: hol });
dayjs.extend(utc); dayjs.extend(timezone); dayjs.extend(businessTime);
const seg = [{ start: '08:00:00', end: '12:30:00' }, { start: '13:00:00', end: '22:00:00' }];
dayjs.setBusinessTime({ sunday: null, monday: seg, tuesday: seg, wednesday: seg, thursday: seg, friday: seg, saturday: [{ start: '09:00:00', end: '17:00:00' }] });
dayjs.setHolidays(hol);

let seed = 7;
const rnd = () => { seed = (seed + 0x6d2b79f5) | 0; let t = seed; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const T = [30e3, 3e5, 72e5, 288e5, 864e5, 1728e5];
const lo = Date.UTC(2025, 11, 31, 23), hi = Date.UTC(2027, 11, 31, 23);
const N = Number(process.argv[2] ?? 300);
const items = Array.from({ length: N }, () => ({ s: lo + Math.floor(rnd() * (hi - lo)), t: T[Math.floor(rnd() * 6)]! }));
const whole = process.argv[3] === 'whole';
if (whole) for (const it of items) { it.s -= it.s % 60000; if (it.t === 30e3) it.t = 60e3; }
function run(name: string, f: (s: number, t: number) => number) {
  let ok = 0; const bad: string[] = [];
  const t0 = performance.now();
  for (const it of items) { const a = clock.deadline(it.s, it.t); let b: number; try { b = f(it.s, it.t); } catch (e) { b = NaN; } if (a === b) ok++; else if (bad.length < 4) bad.push(`${formatInstant(it.s, ZONE)} +${it.t / 60000}m accord ${formatInstant(a, ZONE)} lib ${Number.isNaN(b) ? 'throw' : formatInstant(b, ZONE)}`); }
  console.log(name, ok, '/', N, ((performance.now() - t0) * 1000 / N).toFixed(1), 'us', '\n  ' + bad.join('\n  '));
}
run('moment tz ms', (s, t) => moment.tz(s, ZONE).addWorkingTime(t, 'milliseconds').valueOf());
run('moment tz sec', (s, t) => moment.tz(s, ZONE).addWorkingTime(t / 1000, 'seconds').valueOf());
run('dayjs tz', (s, t) => dayjs.tz(s, ZONE).addBusinessMinutes(t / 60000).valueOf());
process.env.TZ = ZONE;
run('moment local ms', (s, t) => moment(s).addWorkingTime(t, 'milliseconds').valueOf());
run('dayjs local', (s, t) => dayjs(s).addBusinessMinutes(t / 60000).valueOf());
delete process.env.TZ;
console.log(new Date(0).toString());
