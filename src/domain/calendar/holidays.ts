/**
 * Public holidays per country or region, from the date-holidays package. Only the local calendar date
 * of a holiday matters: a holiday closes its whole day, 00:00 to 24:00 (calendar-and-clock.md).
 */
import Holidays from 'date-holidays';

export const holidayTypes: readonly string[] = ['public', 'bank', 'school', 'optional', 'observance'];

const catalogue = new Holidays();
const byRegion = new Map<string, Holidays>();
const byYear = new Map<string, readonly { date: string; type: string; name: string }[]>();

function splitRegion(code: string): string[] {
  return code.toUpperCase().split('-');
}

/** `NL`, `DE-BY`, `DE-BY-A`: is it a country (and state, region) that date-holidays knows? */
export function isHolidayRegion(code: string): boolean {
  const [country, state, region] = splitRegion(code);
  if (!country || !catalogue.getCountries()?.[country]) return false;
  if (state === undefined) return true;
  if (!catalogue.getStates(country)?.[state]) return false;
  if (region === undefined) return true;
  return Boolean(catalogue.getRegions(country, state)?.[region]);
}

function holidaysOf(code: string): Holidays {
  let h = byRegion.get(code);
  if (!h) {
    const [country, state, region] = splitRegion(code);
    h = new Holidays(country!, state ?? '', region ?? '');
    byRegion.set(code, h);
  }
  return h;
}

/** The holidays of a year as `{date: YYYY-MM-DD, type, name}`, cached. */
export function holidaysInYear(
  code: string,
  year: number,
): readonly { date: string; type: string; name: string }[] {
  const key = `${code}|${year}`;
  let list = byYear.get(key);
  if (!list) {
    list = holidaysOf(code)
      .getHolidays(year)
      .map((h) => ({ date: h.date.slice(0, 10), type: h.type, name: h.name }));
    byYear.set(key, list);
  }
  return list;
}

/** Closed dates (`YYYY-MM-DD`) of the year for the given holiday types. */
export function closedHolidayDates(code: string, types: readonly string[], year: number): string[] {
  return holidaysInYear(code, year)
    .filter((h) => types.includes(h.type))
    .map((h) => h.date);
}
