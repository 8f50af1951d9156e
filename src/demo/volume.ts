/**
 * Arrival patterns: how many contacts of each channel arrive on each day of a month, when in the day they
 * arrive, and what the client's forecast said.
 *
 * - Channel mix 60 % phone, 20 % e-mail, 15 % chat, 5 % web form; language mix 60 % nl, 20 % de, 15 % en,
 *   5 % fr. Each month's channel totals are exact.
 * - Weekly pattern: Monday busiest, Friday quieter, weekends low (phone lowest, e-mail highest).
 * - Daily pattern per half hour: a mid-morning peak, a lunch dip, a second peak after lunch, a tail into
 *   the evening; e-mail and web forms also arrive at night. Calls and chats arrive only while the partner
 *   is open (closed on holidays); during the outage no call gets through, and the callers try again in
 *   the hour after it.
 * - The forecast is the same pattern without the day-to-day noise (±7 %), the campaign and the outage, so
 *   it matches the actual volume within 10 % per channel and day, except on campaign days.
 *
 * Counts are allocated by cumulative rounding (the running total rounded, each cell the difference), so
 * they add up exactly; arrival times within a day are sampled from the half-hour density.
 */
import { localToEpoch, weekdayOf } from '../domain/time/zone.js';
import { openWithin, type PartnerHours, without } from './calendar.js';
import type { MonthPlan } from './plan.js';
import type { Random } from './random.js';

export const DEMO_CHANNELS = ['phone', 'email', 'chat', 'web'] as const;
export type DemoChannel = (typeof DEMO_CHANNELS)[number];
export const CHANNEL_SHARES: readonly number[] = [0.6, 0.2, 0.15, 0.05];
/** Calls and chats wait in a queue while the partner is open; e-mails and web forms arrive at any time. */
export const QUEUED: readonly boolean[] = [true, false, true, false];

export const LANGUAGES = ['nl', 'de', 'en', 'fr'] as const;
export type DemoLanguage = (typeof LANGUAGES)[number];
export const LANGUAGE_SHARES: readonly number[] = [0.6, 0.2, 0.15, 0.05];

export const SLOT_MINUTES = 30;
export const SLOTS = 48;
const SLOT_MS = SLOT_MINUTES * 60_000;

/** Day volume relative to a Thursday, Monday first (for a fully open day). */
const WEEKDAY_FACTORS: readonly (readonly number[])[] = [
  [1.3, 1.1, 1.05, 1.0, 0.92, 0.5, 0.35], // phone
  [1.35, 1.1, 1.02, 1.0, 0.95, 0.55, 0.6], // email
  [1.2, 1.08, 1.05, 1.0, 0.95, 0.65, 0.55], // chat
  [1.25, 1.05, 1.0, 1.0, 0.95, 0.7, 0.75], // web
];
/** E-mails and web forms on a public holiday, relative to the same weekday. */
const HOLIDAY_WRITTEN_FACTOR = 0.6;

/** Relative arrival rate at the start of each local hour (interpolated to half-hour midpoints). */
const HOURLY = {
  spoken: {
    weekday: [
      0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.1, 0.3, 0.8, 1.35, 1.75, 1.55, 1.05, 1.35, 1.5, 1.3, 1.15, 0.9,
      0.65, 0.55, 0.45, 0.3, 0.18, 0.1,
    ],
    weekend: [
      0.08, 0.05, 0.03, 0.02, 0.02, 0.03, 0.06, 0.15, 0.3, 0.6, 0.95, 1.1, 1.05, 1.0, 0.95, 0.85, 0.75, 0.65,
      0.55, 0.5, 0.45, 0.35, 0.25, 0.15,
    ],
  },
  written: {
    weekday: [
      0.18, 0.12, 0.08, 0.07, 0.07, 0.1, 0.22, 0.5, 0.95, 1.3, 1.45, 1.35, 1.1, 1.25, 1.35, 1.25, 1.1, 0.95,
      0.8, 0.75, 0.75, 0.65, 0.45, 0.3,
    ],
    weekend: [
      0.2, 0.14, 0.1, 0.08, 0.08, 0.1, 0.18, 0.3, 0.5, 0.75, 0.95, 1.05, 1.0, 0.95, 0.95, 0.9, 0.85, 0.8, 0.8,
      0.85, 0.9, 0.8, 0.55, 0.35,
    ],
  },
};

function slotProfile(hourly: readonly number[]): Float64Array {
  const out = new Float64Array(SLOTS);
  for (let s = 0; s < SLOTS; s++) {
    const hour = (s * SLOT_MINUTES + SLOT_MINUTES / 2) / 60;
    const h0 = Math.floor(hour);
    const f = hour - h0;
    out[s] = hourly[h0 % 24]! * (1 - f) + hourly[(h0 + 1) % 24]! * f;
  }
  return out;
}

const PROFILES = {
  spoken: { weekday: slotProfile(HOURLY.spoken.weekday), weekend: slotProfile(HOURLY.spoken.weekend) },
  written: { weekday: slotProfile(HOURLY.written.weekday), weekend: slotProfile(HOURLY.written.weekend) },
};

export function profileOf(channel: number, weekday: number): Float64Array {
  const kind = QUEUED[channel] ? PROFILES.spoken : PROFILES.written;
  return weekday >= 5 ? kind.weekend : kind.weekday;
}

/** Where and how densely arrivals fall in one day: sub-intervals of half-hour slots, cumulative weights. */
export interface Segments {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly slots: Uint8Array;
  readonly cumulative: Float64Array;
  /** Total weight (a fully open ordinary day weighs its profile's sum). */
  readonly mass: number;
  /** Weight per slot. */
  readonly slotWeights: Float64Array;
}

/** The profile over [bounds[s], bounds[s+1]) slots, restricted to the available intervals (flat pairs). */
function segmentsOf(bounds: Float64Array, profile: Float64Array, available: readonly number[]): Segments {
  const starts: number[] = [];
  const ends: number[] = [];
  const slots: number[] = [];
  const weights: number[] = [];
  const slotWeights = new Float64Array(SLOTS);
  let j = 0;
  for (let s = 0; s < SLOTS; s++) {
    const a = bounds[s]!;
    const b = bounds[s + 1]!;
    if (!(b > a)) continue; // a slot skipped by the spring-forward gap
    while (j + 1 < available.length && available[j + 1]! <= a) j += 2;
    for (let k = j; k + 1 < available.length && available[k]! < b; k += 2) {
      const from = Math.max(a, available[k]!);
      const to = Math.min(b, available[k + 1]!);
      if (!(to > from)) continue;
      // Density is per local half hour; the repeated hour of autumn's DST change simply lasts longer.
      const w = (profile[s]! * (to - from)) / SLOT_MS;
      starts.push(from);
      ends.push(to);
      slots.push(s);
      weights.push(w);
      slotWeights[s]! += w;
    }
  }
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    cumulative[i] = sum;
  });
  return {
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    slots: Uint8Array.from(slots),
    cumulative,
    mass: sum,
    slotWeights,
  };
}

/** Callers who could not get through during an outage call again within this time after it. */
const RETRY_MS = 60 * 60_000;

/** The segments plus one more over [from, to) carrying `weight` (it may overlap others). */
function withExtra(seg: Segments, bounds: Float64Array, from: number, to: number, weight: number): Segments {
  if (!(to > from) || !(weight > 0)) return seg;
  let slot = 0;
  while (slot + 1 < SLOTS && bounds[slot + 1]! <= from) slot++;
  const n = seg.starts.length;
  const starts = new Float64Array(n + 1);
  const ends = new Float64Array(n + 1);
  const slots = new Uint8Array(n + 1);
  const cumulative = new Float64Array(n + 1);
  starts.set(seg.starts);
  ends.set(seg.ends);
  slots.set(seg.slots);
  cumulative.set(seg.cumulative);
  starts[n] = from;
  ends[n] = to;
  slots[n] = slot;
  cumulative[n] = seg.mass + weight;
  const slotWeights = Float64Array.from(seg.slotWeights);
  slotWeights[slot]! += weight;
  return { starts, ends, slots, cumulative, mass: seg.mass + weight, slotWeights };
}

/** A uniformly weighted arrival instant (whole seconds) and its slot, from the segments. */
export function sampleArrival(seg: Segments, rng: Random): { at: number; slot: number } {
  const i = rng.pick(seg.cumulative);
  const from = seg.starts[i]!;
  const to = seg.ends[i]!;
  let at = Math.floor((from + rng.next() * (to - from)) / 1000) * 1000;
  if (at < from) at = from;
  return { at, slot: seg.slots[i]! };
}

export interface ChannelDay {
  /** Contacts that arrive. */
  readonly count: number;
  /** What the forecast expected (not rounded). */
  readonly forecast: number;
  /** Where arrivals fall: opening hours for calls and chats; no calls during the outage, more after it. */
  readonly arrivals: Segments;
  /** Nominal availability, as the forecast saw it. */
  readonly planned: Segments;
}

export interface DayVolume {
  readonly day: number;
  /** 0 = Monday. */
  readonly weekday: number;
  /** Epoch ms of local 00:00, 00:30, … 24:00 (49 values; equal ones on the spring-forward day). */
  readonly bounds: Float64Array;
  /** Whether the partner is closed all day (a public holiday or a closed weekday). */
  readonly closed: boolean;
  /** Campaign factor, 1 on ordinary days. */
  readonly campaign: number;
  /** Indexed like DEMO_CHANNELS. */
  readonly channels: readonly ChannelDay[];
}

/** Splits `total` over weights by cumulative rounding: every part is within 1 of its share; sum exact. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  let cum = 0;
  let given = 0;
  for (const w of weights) {
    cum += w;
    const upTo = sum > 0 ? Math.round((total * cum) / sum) : 0;
    out.push(upTo - given);
    given = upTo;
  }
  return out;
}

/** Nominal (ordinary-day) weight of a channel's profile on a weekday, over the calendar's weekly hours. */
function nominalMass(hours: PartnerHours, channel: number, weekday: number): number {
  const profile = profileOf(channel, weekday);
  if (!QUEUED[channel]) return profile.reduce((a, b) => a + b, 0);
  let mass = 0;
  for (const span of hours.calendar.week[weekday] ?? []) {
    for (let s = 0; s < SLOTS; s++) {
      const a = s * SLOT_MINUTES;
      const overlap = Math.min(a + SLOT_MINUTES, span.end) - Math.max(a, span.start);
      if (overlap > 0) mass += (profile[s]! * overlap) / SLOT_MINUTES;
    }
  }
  return mass;
}

export interface Outage {
  readonly from: number;
  readonly to: number;
  /** Index into DEMO_CHANNELS. */
  readonly channel: number;
}

/** Day-by-day volumes of one month. `rng` gives the day-to-day noise. */
export function planVolume(
  month: MonthPlan,
  contacts: number,
  hours: PartnerHours,
  outage: Outage | null,
  rng: Random,
): DayVolume[] {
  const zone = hours.calendar.timezone;
  const nominal = DEMO_CHANNELS.map((_, c) =>
    Array.from({ length: 7 }, (_, wd) => nominalMass(hours, c, wd)),
  );
  const shapes: {
    day: number;
    weekday: number;
    bounds: Float64Array;
    closed: boolean;
    planned: Segments[];
    arrivals: Segments[];
  }[] = [];
  for (let day = month.firstDay; day <= month.lastDay; day++) {
    const bounds = new Float64Array(SLOTS + 1);
    // Backwards, each bound at most the next: the local times skipped by the spring-forward gap (which
    // `compatible` moves to after the gap) become empty slots instead of repeating the hour after it.
    bounds[SLOTS] = localToEpoch(zone, day, SLOTS * SLOT_MINUTES);
    for (let s = SLOTS - 1; s >= 0; s--)
      bounds[s] = Math.min(localToEpoch(zone, day, s * SLOT_MINUTES), bounds[s + 1]!);
    const weekday = weekdayOf(day);
    const open = openWithin(hours.timeline, bounds[0]!, bounds[SLOTS]!);
    const always = [bounds[0]!, bounds[SLOTS]!];
    const planned: Segments[] = [];
    const arrivals: Segments[] = [];
    DEMO_CHANNELS.forEach((_, c) => {
      const available = QUEUED[c] ? open : always;
      const plan = segmentsOf(bounds, profileOf(c, weekday), available);
      planned.push(plan);
      const cut =
        outage !== null && outage.channel === c && outage.from < bounds[SLOTS]! && outage.to > bounds[0]!;
      if (!cut) arrivals.push(plan);
      else {
        // Nobody gets through during the outage; those callers try again in the hour after it.
        const left = segmentsOf(bounds, profileOf(c, weekday), without(available, outage.from, outage.to));
        const retryUntil = Math.min(outage.to + RETRY_MS, bounds[SLOTS]!);
        arrivals.push(withExtra(left, bounds, outage.to, retryUntil, plan.mass - left.mass));
      }
    });
    const scheduled = (hours.calendar.week[weekday] ?? []).length > 0;
    shapes.push({ day, weekday, bounds, closed: open.length === 0 && scheduled, planned, arrivals });
  }

  const channelTotals = allocate(contacts, CHANNEL_SHARES);
  const perChannel = DEMO_CHANNELS.map((_, c) => {
    const planWeights: number[] = [];
    const actualWeights: number[] = [];
    for (const sh of shapes) {
      const holiday = sh.closed && !QUEUED[c] ? HOLIDAY_WRITTEN_FACTOR : 1;
      const base = nominal[c]![sh.weekday]!;
      const fw = base > 0 ? (WEEKDAY_FACTORS[c]![sh.weekday]! * holiday * sh.planned[c]!.mass) / base : 0;
      const noise = 1 + Math.max(-0.07, Math.min(0.07, 0.03 * rng.normal()));
      planWeights.push(fw);
      actualWeights.push(fw * (month.campaign.get(sh.day) ?? 1) * noise);
    }
    const total = channelTotals[c]!;
    const counts = allocate(total, actualWeights);
    const actualSum = actualWeights.reduce((a, b) => a + b, 0);
    const forecasts = planWeights.map((w) => (actualSum > 0 ? (total * w) / actualSum : 0));
    return { counts, forecasts };
  });

  return shapes.map((sh, i) => ({
    day: sh.day,
    weekday: sh.weekday,
    bounds: sh.bounds,
    closed: sh.closed,
    campaign: month.campaign.get(sh.day) ?? 1,
    channels: DEMO_CHANNELS.map((_, c) => ({
      count: perChannel[c]!.counts[i]!,
      forecast: perChannel[c]!.forecasts[i]!,
      arrivals: sh.arrivals[c]!,
      planned: sh.planned[c]!,
    })),
  }));
}
