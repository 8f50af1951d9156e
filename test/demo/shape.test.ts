/**
 * The demo's data looks like a contact centre's and tells the intended story: three months of 20,000
 * contacts (good, miss, campaign), checked with plain arithmetic and the business clock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { partnerHours } from '../../src/demo/calendar.js';
import { planMonths } from '../../src/demo/plan.js';
import type { Contact, DataSet } from '../../src/domain/records.js';
import { dayNumber, localDayOf, localToEpoch, weekdayOf } from '../../src/domain/time/zone.js';
import { collectDemo, demoOptions, groupBy, monthOf, ZONE } from './collect.js';

const options = demoOptions();
const months = planMonths(options);
const hours = partnerHours(ZONE, dayNumber(2026, 9, 1), dayNumber(2026, 12, 31));
const clock = hours.clock;
const HOUR = 3_600_000;
let data: DataSet;
let byMonth: Map<string, Contact[]>;

beforeAll(async () => {
  data = (await collectDemo(options)).data;
  byMonth = groupBy(data.contacts, (c) => monthOf(c.createdAt));
});

const share = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);
const wait = (c: Contact) => ((c.answeredAt ?? c.abandonedAt)! - c.createdAt) / 1000;

/** kpis.md service level, abandons as failures, short abandons (< short s) left out. */
function serviceLevel(contacts: readonly Contact[], threshold: number, short = 0): number {
  let answeredWithin = 0;
  let counted = 0;
  for (const c of contacts) {
    if (c.answeredAt === null && wait(c) < short) continue;
    counted++;
    if (c.answeredAt !== null && wait(c) <= threshold) answeredWithin++;
  }
  return share(answeredWithin, counted);
}

const phone = (list: readonly Contact[], language?: string) =>
  list.filter((c) => c.channel === 'phone' && (language === undefined || c.language === language));

describe('volume shape', () => {
  it('has exactly the contacts per month and the channel mix 60/20/15/5', () => {
    expect([...byMonth.keys()]).toEqual(['2026-09', '2026-10', '2026-11']);
    for (const list of byMonth.values()) {
      expect(list.length).toBe(20_000);
      const channels = groupBy(list, (c) => c.channel);
      expect(channels.get('phone')?.length).toBe(12_000);
      expect(channels.get('email')?.length).toBe(4_000);
      expect(channels.get('chat')?.length).toBe(3_000);
      expect(channels.get('web')?.length).toBe(1_000);
    }
  });

  it('speaks nl/de/en/fr about 60/20/15/5, with a queue per channel and language', () => {
    const languages = groupBy(data.contacts, (c) => c.language);
    const n = data.contacts.length;
    expect(share(languages.get('nl')!.length, n)).toBeCloseTo(0.6, 1);
    expect(share(languages.get('de')!.length, n)).toBeCloseTo(0.2, 1);
    expect(share(languages.get('en')!.length, n)).toBeCloseTo(0.15, 1);
    expect(share(languages.get('fr')!.length, n)).toBeCloseTo(0.05, 1);
    for (const c of data.contacts.slice(0, 2000)) expect(c.queue).toBe(`${c.channel}-${c.language}`);
  });

  it('is busiest on Monday and quietest on Sunday', () => {
    const september = byMonth.get('2026-09')!;
    const perDay = groupBy(september, (c) => localDayOf(ZONE, c.createdAt));
    const byWeekday = groupBy([...perDay], ([day]) => weekdayOf(day));
    const mean = (wd: number) => {
      const days = byWeekday.get(wd)!;
      return days.reduce((a, [, l]) => a + l.length, 0) / days.length;
    };
    expect(mean(0)).toBeGreaterThan(mean(1));
    for (const wd of [1, 2, 3, 4, 5, 6]) expect(mean(0)).toBeGreaterThan(mean(wd));
    expect(mean(6)).toBeLessThan(mean(5));
    expect(mean(0) / mean(6)).toBeGreaterThan(2);
  });

  it('peaks mid-morning and after lunch; calls and chats only in opening hours, e-mail around the clock', () => {
    const september = byMonth.get('2026-09')!;
    const hourOf = (ms: number) => Number(new Date(ms + 2 * HOUR).toISOString().slice(11, 13)); // CEST
    const weekdayCalls = september.filter(
      (c) => c.channel === 'phone' && weekdayOf(localDayOf(ZONE, c.createdAt)) < 5,
    );
    const perHour = groupBy(weekdayCalls, (c) => hourOf(c.createdAt));
    const at = (h: number) => perHour.get(h)?.length ?? 0;
    expect(at(10)).toBeGreaterThan(at(8));
    expect(at(10)).toBeGreaterThan(at(12));
    expect(at(14)).toBeGreaterThan(at(12));
    expect(at(14)).toBeGreaterThan(at(19));
    for (const c of data.contacts) {
      if (c.channel === 'phone' || c.channel === 'chat') {
        expect(clock.elapsed(c.createdAt, c.createdAt + 1000), c.id).toBe(1000);
      }
    }
    const nightMail = september.filter(
      (c) => c.channel === 'email' && (hourOf(c.createdAt) >= 23 || hourOf(c.createdAt) < 7),
    );
    expect(nightMail.length).toBeGreaterThan(50);
  });

  it('has a campaign of about twice the volume on five working days of the campaign month', () => {
    const campaign = months.find((m) => m.role === 'campaign')!;
    const list = byMonth.get(campaign.label)!;
    const perDay = groupBy(list, (c) => localDayOf(ZONE, c.createdAt));
    for (const [day, factor] of campaign.campaign) {
      const same = [...perDay].filter(([d]) => weekdayOf(d) === weekdayOf(day) && !campaign.campaign.has(d));
      const normal = same.reduce((a, [, l]) => a + l.length, 0) / same.length;
      const ratio = perDay.get(day)!.length / normal;
      expect(ratio, `day ${day}`).toBeGreaterThan(factor * 0.85);
      expect(ratio, `day ${day}`).toBeLessThan(factor * 1.15);
    }
    const ratios = [...campaign.campaign.keys()].map((d) => perDay.get(d)!.length);
    expect(ratios.length).toBe(5);
  });
});

describe('forecasts', () => {
  it('are 30-minute intervals per channel, per queue for phone', () => {
    expect(new Set(data.forecasts.map((f) => f.intervalMinutes))).toEqual(new Set([30]));
    const phoneQueues = new Set(data.forecasts.filter((f) => f.channel === 'phone').map((f) => f.queue));
    expect(phoneQueues).toEqual(new Set(['phone-nl', 'phone-de', 'phone-en', 'phone-fr']));
    for (const ch of ['email', 'chat', 'web']) {
      expect(new Set(data.forecasts.filter((f) => f.channel === ch).map((f) => f.queue))).toEqual(
        new Set([null]),
      );
    }
  });

  it('match the actual volume within 10% per channel and day, except on campaign days, where actual is far above', () => {
    const campaignDays = new Set(months.flatMap((m) => [...m.campaign.keys()]));
    const key = (channel: string, ms: number) => `${channel} ${localDayOf(ZONE, ms)}`;
    const forecast = new Map<string, number>();
    for (const f of data.forecasts)
      forecast.set(
        key(f.channel!, f.intervalStart),
        (forecast.get(key(f.channel!, f.intervalStart)) ?? 0) + f.volume,
      );
    const actual = new Map<string, number>();
    for (const c of data.contacts)
      actual.set(key(c.channel, c.createdAt), (actual.get(key(c.channel, c.createdAt)) ?? 0) + 1);
    let checked = 0;
    for (const [k, f] of forecast) {
      const a = actual.get(k) ?? 0;
      const day = Number(k.split(' ')[1]);
      if (campaignDays.has(day)) {
        if (f >= 50) expect(a / f, k).toBeGreaterThan(1.35);
      } else if (f >= 100) {
        expect(Math.abs(a / f - 1), k).toBeLessThanOrEqual(0.1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('per month: within 3% in ordinary months, more than 15% under the actual volume in the campaign month', () => {
    const fByMonth = groupBy(data.forecasts, (f) => `${f.channel} ${monthOf(f.intervalStart)}`);
    for (const m of months) {
      for (const ch of ['phone', 'email', 'chat', 'web']) {
        const f = fByMonth.get(`${ch} ${m.label}`)!.reduce((a, r) => a + r.volume, 0);
        const a = byMonth.get(m.label)!.filter((c) => c.channel === ch).length;
        if (m.role === 'campaign') expect(a * 100, `${ch} ${m.label}`).toBeGreaterThan(f * 115);
        else expect(Math.abs(a / f - 1), `${ch} ${m.label}`).toBeLessThan(0.03);
      }
    }
  });
});

describe('queues', () => {
  it('has short and long abandons, mostly short waits and a tail of minutes', () => {
    const calls = phone(data.contacts);
    const abandoned = calls.filter((c) => c.abandonedAt !== null);
    const short = abandoned.filter((c) => wait(c) < 5);
    const long = abandoned.filter((c) => wait(c) >= 5);
    expect(share(short.length, calls.length)).toBeGreaterThan(0.01);
    expect(share(short.length, calls.length)).toBeLessThan(0.05);
    expect(share(long.length, calls.length)).toBeGreaterThan(0.015);
    expect(long.some((c) => wait(c) > 120)).toBe(true);
    const answered = calls.filter((c) => c.answeredAt !== null).map(wait);
    expect(share(answered.filter((w) => w <= 30).length, answered.length)).toBeGreaterThan(0.75);
    expect(answered.filter((w) => w > 180).length).toBeGreaterThan(20);
    for (const c of abandoned) {
      expect(c.answeredAt).toBeNull();
      expect(c.agent).toBeNull();
      expect(c.category).toBeNull();
      expect(c.resolvedAt).toBeNull();
    }
  });

  it('meets the phone service level in good months and misses it (above the 70% minimum) in the miss month', () => {
    for (const m of months) {
      const list = byMonth.get(m.label)!;
      for (const lang of ['nl', 'de', 'en']) {
        const sl = serviceLevel(phone(list, lang), 30, 5);
        if (m.role === 'good') expect(sl, `${m.label} ${lang}`).toBeGreaterThanOrEqual(0.82);
        if (m.role === 'miss') {
          expect(sl, `${m.label} ${lang}`).toBeLessThan(0.79);
          expect(sl, `${m.label} ${lang}`).toBeGreaterThan(0.7);
        }
      }
      const fr = serviceLevel(phone(list, 'fr'), 30, 5);
      expect(fr, `${m.label} fr`).toBeGreaterThan(0.7);
    }
  });

  it('answers chats within 30 s (95%) and premium callers within 20 s (90%) in a good month', () => {
    const september = byMonth.get('2026-09')!;
    expect(
      serviceLevel(
        september.filter((c) => c.channel === 'chat'),
        30,
      ),
    ).toBeGreaterThanOrEqual(0.95);
    const premium = phone(september).filter((c) => c.attributes.customer_tier === 'premium');
    expect(serviceLevel(premium, 20)).toBeGreaterThanOrEqual(0.9);
  });

  it('waits longer on campaign days', () => {
    const campaign = months.find((m) => m.role === 'campaign')!;
    const calls = phone(byMonth.get(campaign.label)!);
    const peak = calls.filter((c) => campaign.campaign.has(localDayOf(ZONE, c.createdAt)));
    const rest = calls.filter((c) => !campaign.campaign.has(localDayOf(ZONE, c.createdAt)));
    expect(serviceLevel(peak, 30, 5)).toBeLessThan(serviceLevel(rest, 30, 5) - 0.15);
  });

  it('has no call during the outage, and the callers come back after it', () => {
    expect(data.outages).toHaveLength(1);
    const o = data.outages[0]!;
    expect((o.to - o.from) / 60_000).toBe(40);
    expect(clock.elapsed(o.from, o.to)).toBe(o.to - o.from);
    const calls = phone(data.contacts);
    expect(calls.filter((c) => c.createdAt >= o.from && c.createdAt < o.to)).toEqual([]);
    // The hour after the outage against the same hour on the same weekday of the month's other weeks.
    const outageDay = localDayOf(ZONE, o.from);
    const minute = (o.to - localToEpoch(ZONE, outageDay, 0)) / 60_000;
    const inHourAfter = (day: number) => {
      const from = localToEpoch(ZONE, day, minute);
      return calls.filter((c) => c.createdAt >= from && c.createdAt < from + HOUR).length;
    };
    const others = [-21, -14, -7, 7, 14]
      .map((d) => outageDay + d)
      .filter((d) => monthOf(localToEpoch(ZONE, d, 720)) === monthOf(o.from));
    const usual = others.reduce((a, d) => a + inHourAfter(d), 0) / others.length;
    expect(inHourAfter(outageDay)).toBeGreaterThan(usual * 1.3);
  });
});

describe('e-mail and resolution', () => {
  it('replies to most e-mails within 24 business hours, with some breaches', () => {
    for (const m of months) {
      const mails = byMonth.get(m.label)!.filter((c) => c.channel === 'email');
      const late = mails.filter((c) => clock.elapsed(c.createdAt, c.firstResponseAt!) > 24 * HOUR).length;
      expect(late, m.label).toBeGreaterThan(0);
      if (m.role !== 'campaign') expect(share(late, mails.length), m.label).toBeLessThan(0.08);
    }
  });

  it('has status histories that start new, move in time order, and match reopen counts', () => {
    const events = groupBy(data.status_events, (e) => e.contactId);
    const contacts = new Map(data.contacts.map((c) => [c.id, c]));
    let pending = 0;
    let reopened = 0;
    for (const [id, list] of events) {
      const c = contacts.get(id)!;
      expect(list[0]!.status).toBe('new');
      expect(list[0]!.at).toBe(c.createdAt);
      for (let i = 1; i < list.length; i++) expect(list[i]!.at, id).toBeGreaterThanOrEqual(list[i - 1]!.at);
      const solved = list.filter((e) => e.status === 'solved');
      expect(solved.at(-1)!.at, id).toBe(c.resolvedAt);
      expect(solved.length - 1, id).toBe(c.reopenCount);
      if (c.reopenCount! > 0) {
        reopened++;
        expect(c.firstResolvedAt, id).toBe(solved[0]!.at);
      } else expect(c.firstResolvedAt, id).toBeNull();
      if (list.some((e) => e.status === 'pending_customer')) pending++;
      expect(list.at(-1)!.status).toBe('closed');
    }
    expect(pending).toBeGreaterThan(500);
    expect(reopened).toBeGreaterThan(50);
    // Every e-mail and web form has a history; calls resolved in the call have none.
    for (const c of data.contacts) {
      if (c.channel === 'email' || c.channel === 'web') expect(events.has(c.id)).toBe(true);
    }
  });

  it('has complaints at about 8%, and first time right around 85-90%', () => {
    const handled = data.contacts.filter((c) => c.category !== null);
    const complaints = handled.filter((c) => c.category === 'complaint').length;
    expect(share(complaints, handled.length)).toBeGreaterThan(0.06);
    expect(share(complaints, handled.length)).toBeLessThan(0.1);
    const known = data.contacts.filter((c) => c.firstTimeRight !== null);
    const ftr = share(known.filter((c) => c.firstTimeRight).length, known.length);
    expect(ftr).toBeGreaterThan(0.86);
    expect(ftr).toBeLessThan(0.92);
  });
});

describe('customers, surveys, QA and incidents', () => {
  it('has pseudonymous customers who come back, about 10% of them premium', () => {
    const perCustomer = groupBy(data.contacts, (c) => c.customer);
    expect(perCustomer.size).toBeLessThan(data.contacts.length * 0.8);
    expect([...perCustomer.values()].some((l) => l.length >= 5)).toBe(true);
    const premium = [...perCustomer.values()].filter(
      (l) => l[0]!.attributes.customer_tier === 'premium',
    ).length;
    expect(share(premium, perCustomer.size)).toBeGreaterThan(0.08);
    expect(share(premium, perCustomer.size)).toBeLessThan(0.12);
    for (const l of perCustomer.values()) {
      expect(new Set(l.map((c) => c.attributes.customer_tier)).size).toBe(1);
      expect(l[0]!.customer).toMatch(/^cus-[0-9a-z]{7}$/);
    }
  });

  it('has CSAT (1..5) for about 15% of handled contacts and NPS (0..10), answered after the contact', () => {
    const handled = data.contacts.filter((c) => c.resolvedAt !== null);
    const csat = data.surveys.filter((s) => s.kind === 'csat');
    const nps = data.surveys.filter((s) => s.kind === 'nps');
    expect(share(csat.length, handled.length)).toBeGreaterThan(0.13);
    expect(share(csat.length, handled.length)).toBeLessThan(0.17);
    expect(nps.length).toBeGreaterThan(csat.length * 0.5);
    const contacts = new Map(data.contacts.map((c) => [c.id, c]));
    for (const s of data.surveys) {
      const c = contacts.get(s.contactId)!;
      expect(s.answeredAt).toBeGreaterThanOrEqual(c.resolvedAt!);
      expect(s.answeredAt - c.resolvedAt!).toBeLessThanOrEqual(7 * 24 * HOUR + 1000);
      if (s.kind === 'csat') expect([s.scaleMin, s.scaleMax]).toEqual([1, 5]);
      else expect([s.scaleMin, s.scaleMax]).toEqual([0, 10]);
    }
    const september = csat.filter((s) => monthOf(s.answeredAt) === '2026-09');
    const mean = september.reduce((a, s) => a + 1 + (9 * (s.score - 1)) / 4, 0) / september.length;
    expect(mean).toBeGreaterThan(8.1);
    expect(data.surveys.some((s) => s.comment?.includes(','))).toBe(true);
  });

  it('has QA evaluations for about 2% of contacts, scored 0..100', () => {
    expect(share(data.qa_evaluations.length, data.contacts.length)).toBeGreaterThan(0.015);
    expect(share(data.qa_evaluations.length, data.contacts.length)).toBeLessThan(0.025);
    const mean = data.qa_evaluations.reduce((a, q) => a + q.score!, 0) / data.qa_evaluations.length;
    expect(mean).toBeGreaterThan(90);
    expect(data.qa_evaluations.some((q) => q.scriptCompliant === false)).toBe(true);
    expect(data.qa_evaluations.some((q) => q.toneOfVoiceOk === false)).toBe(true);
  });

  it('has critical and high incidents, one critical acknowledged late, and one confirmed privacy incident', () => {
    const critical = data.incidents.filter((i) => i.severity === 'critical');
    expect(critical.length).toBe(3);
    expect(data.incidents.filter((i) => i.severity === 'high').length).toBe(6);
    const late = critical.filter((i) => i.acknowledgedAt! - i.raisedAt > 2 * HOUR);
    expect(late).toHaveLength(1);
    expect(monthOf(late[0]!.raisedAt)).toBe(months.find((m) => m.role === 'miss')!.label);
    expect(data.privacy_incidents.map((p) => p.confirmed)).toEqual([false, true]);
    expect(new Set(data.incidents.map((i) => i.id)).size).toBe(data.incidents.length);
  });
});

describe('daylight saving time', () => {
  it('gives the 23-hour and the 25-hour day one forecast row per real half hour, none twice', async () => {
    for (const [start, day, halfHours] of [
      ['2027-03', dayNumber(2027, 3, 28), 46],
      ['2026-10', dayNumber(2026, 10, 25), 50],
    ] as const) {
      const { data: d } = await collectDemo(demoOptions({ start, months: 1, contactsPerMonth: 2000 }));
      const seen = new Set<string>();
      for (const f of d.forecasts) {
        const key = `${f.channel} ${f.queue} ${f.intervalStart}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
      const mail = d.forecasts
        .filter((f) => f.channel === 'email' && localDayOf(ZONE, f.intervalStart) === day)
        .map((f) => f.intervalStart);
      expect(mail).toHaveLength(halfHours);
      for (let i = 1; i < mail.length; i++) expect(mail[i]! - mail[i - 1]!).toBe(30 * 60_000);
    }
  });
});
