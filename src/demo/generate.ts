/**
 * `generateDemo`: synthetic months of contact-centre data for the example contract, streamed day by day
 * into a sink. Pure: no clock, no I/O, no global randomness; the same options give the same records in
 * the same order. Each month draws from its own random streams (seed × month) and the customer pool does
 * not depend on the number of months, so adding months never changes the ones before (once there are
 * two: a one-month demo carries the outage in its only month).
 */
import { isoFromDayNumber } from '../domain/time/zone.js';
import { partnerHours } from './calendar.js';
import { ContactGenerator } from './contacts.js';
import { incidentsOf, outageOf, privacyIncidentsOf } from './events.js';
import { ForecastWriter } from './forecasts.js';
import { AgentTeams, CustomerPool } from './people.js';
import { type DemoOptions, demoOptionProblems, planMonths } from './plan.js';
import { Random } from './random.js';
import { countingSink, type DemoCounts, type DemoSink, zeroCounts } from './sink.js';
import { DEMO_CHANNELS, planVolume } from './volume.js';

/** Random streams per month. */
const STREAM = { volume: 1, contacts: 2, events: 3 } as const;

/** Generates every record of the demo into the sink; resolves to the count of records per kind. */
export async function generateDemo(options: DemoOptions, sink: DemoSink): Promise<DemoCounts> {
  const problems = demoOptionProblems(options);
  if (problems.length > 0) throw new RangeError(`demo options: ${problems.join('; ')}`);
  const months = planMonths(options);
  const hours = partnerHours(options.timezone, months[0]!.firstDay, months[months.length - 1]!.lastDay);
  const counts = zeroCounts();
  const out = countingSink(sink, counts);
  const contacts = new ContactGenerator({
    sink: out,
    clock: hours.clock,
    customers: new CustomerPool(options.seed, options.contactsPerMonth),
    agents: new AgentTeams(options.contactsPerMonth),
  });
  const totalContacts = options.contactsPerMonth * months.length;

  for (const month of months) {
    const key = month.year * 12 + month.month - 1;
    const eventsRng = new Random(options.seed, key, STREAM.events);
    const outage = outageOf(month, hours, eventsRng);
    const days = planVolume(
      month,
      options.contactsPerMonth,
      hours,
      outage === null
        ? null
        : {
            from: outage.from,
            to: outage.to,
            channel: (DEMO_CHANNELS as readonly string[]).indexOf(outage.channel ?? ''),
          },
      new Random(options.seed, key, STREAM.volume),
    );
    if (outage !== null) out.outages(outage);
    for (const incident of incidentsOf(month, hours, outage, eventsRng)) out.incidents(incident);
    for (const p of privacyIncidentsOf(month, hours, eventsRng)) out.privacy_incidents(p);

    const forecasts = new ForecastWriter();
    const rng = new Random(options.seed, key, STREAM.contacts);
    contacts.skipTo(month.index * options.contactsPerMonth);
    for (const day of days) {
      forecasts.day(day, (f) => out.forecasts(f));
      contacts.generateDay(day, month, rng);
      await sink.checkpoint?.({
        month: month.label,
        monthIndex: month.index,
        months: months.length,
        day: isoFromDayNumber(day.day),
        contacts: contacts.generated,
        totalContacts,
      });
    }
  }
  return counts;
}
