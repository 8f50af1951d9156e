/**
 * What the demo generates and the story of its months. Each month has a role: `good` (every target met),
 * `miss` (the phone team is understaffed: the phone service level misses its target, a critical incident
 * is acknowledged late, one privacy incident is confirmed) or `campaign` (a mailing drives about twice the
 * volume for five working days, so actual volume exceeds the forecast by more than the contract's 15 %
 * band). The default order is good, miss, campaign, then good again, so that six months show a credit and
 * its earn-back.
 */
import { daysInMonth } from '../domain/time/instant.js';
import { dayNumber, weekdayOf } from '../domain/time/zone.js';

export interface DemoOptions {
  /** First month, `YYYY-MM`. */
  readonly start: string;
  readonly months: number;
  /** Contacts created in each month (exactly; the campaign month spreads them differently, not more). */
  readonly contactsPerMonth: number;
  /** Any safe integer; the same seed gives byte-identical output. */
  readonly seed: number;
  /** IANA zone of the partner and the contract (`Europe/Amsterdam`). */
  readonly timezone: string;
  /** One role per month; default `defaultRoles(months)`. */
  readonly roles?: readonly MonthRole[];
}

export const DEMO_DEFAULTS = {
  months: 3,
  contactsPerMonth: 50_000,
  seed: 42,
  timezone: 'Europe/Amsterdam',
} as const;

export const MAX_DEMO_MONTHS = 120;
export const MAX_CONTACTS_PER_MONTH = 20_000_000;

export type MonthRole = 'good' | 'miss' | 'campaign';
export const MONTH_ROLES: readonly MonthRole[] = ['good', 'miss', 'campaign'];

/** good; good, miss; good, miss, campaign; then good for every further month. */
export function defaultRoles(months: number): MonthRole[] {
  return Array.from({ length: months }, (_, i) => (i === 1 ? 'miss' : i === 2 ? 'campaign' : 'good'));
}

export interface MonthPlan {
  readonly index: number;
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** `2026-09` */
  readonly label: string;
  readonly role: MonthRole;
  /** Local days of the month as day numbers (days since 1970-01-01), inclusive. */
  readonly firstDay: number;
  readonly lastDay: number;
  /** Campaign days and their volume factor (about 2). */
  readonly campaign: ReadonlyMap<number, number>;
  /** Phone workload relative to the staff planned for it: 1 on plan, above 1 understaffed. */
  readonly phoneStaffing: number;
  /** The month that carries the demo window's outage, late critical and confirmed privacy incident. */
  readonly eventful: boolean;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** `2026-09` → year and month, or undefined. */
export function parseMonth(text: string): { year: number; month: number } | undefined {
  const m = MONTH.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12 || year < 1971 || year > 9998) return undefined;
  return { year, month };
}

export function monthLabel(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `offset` months after year-month (negative goes back). */
export function addMonths(year: number, month: number, offset: number): { year: number; month: number } {
  const total = year * 12 + (month - 1) + offset;
  return { year: Math.floor(total / 12), month: (total % 12) + 1 };
}

/** Every problem with the options, in words; empty when they can be generated. */
export function demoOptionProblems(options: DemoOptions): string[] {
  const problems: string[] = [];
  if (parseMonth(options.start) === undefined)
    problems.push(`start: "${options.start}" is not a month (YYYY-MM)`);
  if (!Number.isInteger(options.months) || options.months < 1 || options.months > MAX_DEMO_MONTHS)
    problems.push(`months: ${options.months} is not a whole number from 1 to ${MAX_DEMO_MONTHS}`);
  if (
    !Number.isInteger(options.contactsPerMonth) ||
    options.contactsPerMonth < 1 ||
    options.contactsPerMonth > MAX_CONTACTS_PER_MONTH
  )
    problems.push(
      `contactsPerMonth: ${options.contactsPerMonth} is not a whole number from 1 to ${MAX_CONTACTS_PER_MONTH}`,
    );
  if (!Number.isSafeInteger(options.seed)) problems.push(`seed: ${options.seed} is not a whole number`);
  if (options.roles !== undefined) {
    if (options.roles.length !== options.months)
      problems.push(`roles: ${options.roles.length} roles for ${options.months} months`);
    options.roles.forEach((r, i) => {
      if (!MONTH_ROLES.includes(r)) problems.push(`roles[${i}]: "${r}" is not ${MONTH_ROLES.join(', ')}`);
    });
  }
  return problems;
}

/** Volume factors of the campaign's five working days: about twice the forecast, fading. */
export const CAMPAIGN_FACTORS: readonly number[] = [2.3, 2.2, 2.0, 1.8, 1.6];
/** Phone workload in the `miss` month: sickness leaves the phone team short. */
export const MISS_PHONE_STAFFING = 1.23;

function campaignDays(year: number, month: number): Map<number, number> {
  // From the first Monday on or after the 8th, Monday to Friday.
  let day = dayNumber(year, month, 8);
  while (weekdayOf(day) !== 0) day++;
  const out = new Map<number, number>();
  CAMPAIGN_FACTORS.forEach((f, i) => {
    out.set(day + i, f);
  });
  return out;
}

export function planMonths(options: DemoOptions): MonthPlan[] {
  const first = parseMonth(options.start);
  if (first === undefined) throw new RangeError(`start: "${options.start}" is not a month (YYYY-MM)`);
  const roles = options.roles ?? defaultRoles(options.months);
  const eventfulIndex = Math.max(0, roles.indexOf('miss'));
  return roles.map((role, index) => {
    const { year, month } = addMonths(first.year, first.month, index);
    return {
      index,
      year,
      month,
      label: monthLabel(year, month),
      role,
      firstDay: dayNumber(year, month, 1),
      lastDay: dayNumber(year, month, daysInMonth(year, month)),
      campaign: role === 'campaign' ? campaignDays(year, month) : new Map<number, number>(),
      phoneStaffing: role === 'miss' ? MISS_PHONE_STAFFING : 1,
      eventful: index === eventfulIndex,
    };
  });
}
