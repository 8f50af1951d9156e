/**
 * One day of contacts, in order of arrival, with what happens to each: waits and abandons for calls and
 * chats, replies on the partner's business clock for e-mails and web forms, resolution with its status
 * history (new → open → pending_customer → open → solved, sometimes reopened), handling time, first time
 * right, then the surveys and QA evaluations they draw. Each record goes to the sink as soon as it is
 * made; nothing of a day outlives it.
 *
 * Queues: a call or chat waits with probability Pw (else it rings through in 1-4 s), and a waiting one
 * waits exponentially long; Pw and the mean wait grow with the pressure of its half hour (actual volume
 * over forecast, understaffing, noise). The caller's patience is exponential too: shorter than the wait
 * means an abandon. A few callers hang up within 5 s (short abandons).
 */
import type { BusinessClock } from '../domain/clock.js';
import type { Contact, Status, StatusEvent } from '../domain/records.js';
import { type Handled, qaFor, surveysFor } from './feedback.js';
import type { AgentTeams, CustomerPool } from './people.js';
import { TIER_ATTRIBUTES } from './people.js';
import type { MonthPlan } from './plan.js';
import { cumulative, type Random } from './random.js';
import type { RecordSink } from './sink.js';
import { type DayVolume, DEMO_CHANNELS, LANGUAGE_SHARES, LANGUAGES, SLOTS, sampleArrival } from './volume.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const PHONE = 0;
const EMAIL = 1;
const CHAT = 2;

/** Sources as the partner's systems would name them: calls and chats from the contact-centre platform. */
export const SOURCES: readonly string[] = ['genesys', 'zendesk', 'genesys', 'zendesk'];
const ID_PREFIX: readonly string[] = ['CALL-', 'MAIL-', 'CHAT-', 'WEB-'];
/** First contact number; ids are `CALL-1000001`, `MAIL-1000002`, … in order of arrival over the run. */
export const FIRST_CONTACT_NUMBER = 1_000_001;

/** The routing queues of each channel, `<channel>-<language>` (`phone-nl` …), as contacts and forecasts name them. */
export const QUEUE_NAMES: readonly (readonly string[])[] = DEMO_CHANNELS.map((c) =>
  LANGUAGES.map((l) => `${c}-${l}`),
);
const LANGUAGE_CUMULATIVE = cumulative([...LANGUAGE_SHARES]);

export const CATEGORIES = ['question', 'request', 'complaint'] as const;
const QUESTION = 0;
const COMPLAINT = 2;
const CATEGORY_CUMULATIVE = cumulative([0.62, 0.3, 0.08]);

/** Forecast average handling time in seconds, per channel and language (nl, de, en, fr). */
export const AHT_SECONDS: readonly (readonly number[])[] = [
  [285, 300, 310, 330],
  [400, 420, 420, 440],
  [450, 470, 480, 500],
  [360, 370, 380, 400],
];
const HANDLE_SIGMA = 0.55;
const HANDLE_MEDIAN_FACTOR = Math.exp((-HANDLE_SIGMA * HANDLE_SIGMA) / 2);

interface QueueModel {
  /** Probability of waiting at all, at pressure 1. */
  readonly waitChance: number;
  /** Mean wait of those who wait (s), at pressure 1. */
  readonly meanWait: number;
  /** Mean patience (s). */
  readonly patience: number;
  /** Hang-ups within 5 s. */
  readonly shortAbandons: number;
}

const QUEUE_MODELS: readonly (QueueModel | null)[] = [
  { waitChance: 0.3, meanWait: 26, patience: 300, shortAbandons: 0.015 },
  null,
  { waitChance: 0.1, meanWait: 14, patience: 420, shortAbandons: 0.004 },
  null,
];
/** Pressure by language team (nl, de, en, fr): small differences, so that the splits differ a little. */
const LANGUAGE_PRESSURE: readonly number[] = [1.0, 1.01, 1.0, 0.97];

/** Share resolved within the call or chat itself, by category (question, request, complaint). */
const RESOLVED_IN_CONTACT: readonly number[] = [0.95, 0.9, 0.62];
/** Share of tickets solved by the first reply, by category. */
const SOLVED_BY_FIRST_REPLY: readonly number[] = [0.9, 0.85, 0.55];
/** Median business hours to the first reply to an e-mail or web form. */
const FIRST_REPLY_MEDIAN_HOURS: readonly number[] = [0, 4.5, 0, 4];
const FIRST_REPLY_SIGMA = 0.95;
/** Median business hours of back-office work after the customer's reply, by category. */
const WORK_MEDIAN_HOURS: readonly number[] = [3, 3.5, 8];
const REOPEN_SHARE = 0.035;
const CLOSE_AFTER = 4 * DAY;

const NATIVE_STATUS: Readonly<Record<Status, string>> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Pending',
  on_hold: 'On-hold',
  solved: 'Solved',
  closed: 'Closed',
};

const ceilSecond = (ms: number) => Math.ceil(ms / SECOND) * SECOND;

export interface ContactGeneratorSetup {
  readonly sink: RecordSink;
  readonly clock: BusinessClock;
  readonly customers: CustomerPool;
  readonly agents: AgentTeams;
}

export class ContactGenerator {
  private sequence = FIRST_CONTACT_NUMBER - 1;
  private readonly pressure = new Float64Array(DEMO_CHANNELS.length * SLOTS);
  private events: StatusEvent[] = [];

  constructor(private readonly setup: ContactGeneratorSetup) {}

  /** Contacts generated so far. */
  get generated(): number {
    return this.sequence - FIRST_CONTACT_NUMBER + 1;
  }

  /** Starts the numbering at the given contact (months generated on their own keep their ids). */
  skipTo(contactsBefore: number): void {
    this.sequence = FIRST_CONTACT_NUMBER - 1 + contactsBefore;
  }

  generateDay(day: DayVolume, month: MonthPlan, rng: Random): void {
    this.preparePressure(day, month, rng);
    const keys = this.arrivals(day, rng);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const channel = key % 4;
      const rest = (key - channel) / 4;
      const slot = rest % 64;
      const at = ((rest - slot) / 64) * SECOND;
      this.contact(channel, at, slot, day, rng);
    }
  }

  /**
   * Half-hour pressure per channel: the day's actual volume over its forecast (damped: staff follows the
   * forecast, and for a campaign extra staff is found only partly), understaffing, a surge in a half hour
   * (callers retrying after the outage), and noise.
   */
  private preparePressure(day: DayVolume, month: MonthPlan, rng: Random): void {
    DEMO_CHANNELS.forEach((_, c) => {
      const ch = day.channels[c]!;
      const load = ch.forecast > 0 ? ch.count / ch.forecast : 1;
      const base = 1 + (load - 1) * (day.campaign > 1 ? 0.6 : 0.3);
      const staffing = c === PHONE ? month.phoneStaffing : 1;
      for (let s = 0; s < SLOTS; s++) {
        const planned = ch.planned.slotWeights[s]!;
        const arriving = ch.arrivals.slotWeights[s]!;
        const surge = planned > 0 && arriving > planned ? 1 + (arriving / planned - 1) * 0.5 : 1;
        this.pressure[c * SLOTS + s] = base * staffing * surge * rng.lognormal(1, 0.1);
      }
    });
  }

  /** Arrival keys `((second × 64 + slot) × 4 + channel)`, sorted: every channel's contacts in time order. */
  private arrivals(day: DayVolume, rng: Random): Float64Array {
    let total = 0;
    for (const ch of day.channels) total += ch.count;
    const keys = new Float64Array(total);
    let k = 0;
    day.channels.forEach((ch, c) => {
      for (let i = 0; i < ch.count; i++) {
        const { at, slot } = sampleArrival(ch.arrivals, rng);
        keys[k++] = ((at / SECOND) * 64 + slot) * 4 + c;
      }
    });
    return keys.sort();
  }

  private contact(c: number, createdAt: number, slot: number, day: DayVolume, rng: Random): void {
    const { customers, agents, sink, clock } = this.setup;
    const id = ID_PREFIX[c]! + ++this.sequence;
    const source = SOURCES[c]!;
    const lang = rng.pick(LANGUAGE_CUMULATIVE);
    const language = LANGUAGES[lang]!;
    const customerIndex = customers.draw(rng);
    const premium = customers.isPremium(customerIndex);
    const channel = DEMO_CHANNELS[c]!;
    const queue = QUEUE_NAMES[c]![lang]!;
    const customer = customers.id(customerIndex);
    const attributes = premium ? TIER_ATTRIBUTES.premium : TIER_ATTRIBUTES.standard;
    const model = QUEUE_MODELS[c] ?? null;
    let answeredAt: number | null = null;
    let waitSeconds = 0;
    if (model !== null) {
      // Queued: ring through, wait, or give up.
      const pressure = this.pressure[c * SLOTS + slot]! * LANGUAGE_PRESSURE[lang]!;
      let waitChance = Math.min(0.97, model.waitChance * pressure * pressure);
      let meanWait = model.meanWait * pressure ** 2.5;
      if (premium) {
        waitChance *= 0.45;
        meanWait *= 0.6;
      }
      let abandonSeconds = 0;
      if (rng.chance(model.shortAbandons)) {
        abandonSeconds = 1 + rng.int(4);
      } else {
        const wait = rng.chance(waitChance) ? 3 + rng.exponential(meanWait) : 1 + 3 * rng.next();
        const patience = rng.exponential(model.patience);
        if (patience < wait) abandonSeconds = Math.max(1, Math.round(patience));
        else waitSeconds = Math.max(1, Math.round(wait));
      }
      if (abandonSeconds > 0) {
        // Object literals with every field in one order keep records in one hidden class (no spread).
        sink.contacts({
          source,
          id,
          channel,
          direction: 'inbound',
          language,
          queue,
          segment: null,
          priority: premium ? 'high' : 'normal',
          category: null,
          createdAt,
          answeredAt: null,
          abandonedAt: createdAt + abandonSeconds * SECOND,
          firstResponseAt: null,
          resolvedAt: null,
          firstResolvedAt: null,
          reopenCount: null,
          handleSeconds: null,
          firstTimeRight: null,
          agent: null,
          customer,
          attributes,
        });
        return;
      }
      answeredAt = createdAt + waitSeconds * SECOND;
    }

    const category = rng.pick(CATEGORY_CUMULATIVE);
    const agent = agents.pick(lang, rng);
    const complaint = category === COMPLAINT;
    const handleMedian = AHT_SECONDS[c]![lang]! * HANDLE_MEDIAN_FACTOR * (complaint ? 1.3 : 1);
    const handleSeconds = Math.max(20, Math.round(rng.lognormal(handleMedian, HANDLE_SIGMA)));
    const priority = rng.chance(0.004)
      ? 'urgent'
      : premium || complaint
        ? 'high'
        : c === 3 && rng.chance(0.3)
          ? 'low'
          : 'normal';
    const events = this.events;
    events.length = 0;

    let firstResponseAt: number | null = null;
    let endedAt: number;
    let resolution: Resolution;
    let firstTimeRight: boolean;
    let lateReply = false;
    if (answeredAt !== null) {
      endedAt = answeredAt + handleSeconds * SECOND;
      if (rng.chance(RESOLVED_IN_CONTACT[category]!)) {
        resolution = { firstResolvedAt: endedAt, resolvedAt: endedAt, reopenCount: 0 };
        firstTimeRight = rng.chance(0.99);
      } else {
        // A follow-up: the call or chat becomes a case with a status history.
        events.push(
          { source, contactId: id, status: 'new', nativeStatus: NATIVE_STATUS.new, at: createdAt },
          { source, contactId: id, status: 'open', nativeStatus: NATIVE_STATUS.open, at: answeredAt },
        );
        resolution = this.resolve(source, id, endedAt, category, rng.chance(0.4), rng);
        firstTimeRight = false;
      }
    } else {
      // E-mail or web form: the first reply comes on the partner's business clock.
      const backlog =
        day.campaign > 1 ? (day.channels[c]!.count / Math.max(1, day.channels[c]!.forecast)) ** 1.6 : 1;
      const hours = Math.max(0.1, rng.lognormal(FIRST_REPLY_MEDIAN_HOURS[c]!, FIRST_REPLY_SIGMA) * backlog);
      lateReply = hours > 24;
      firstResponseAt = ceilSecond(clock.deadline(createdAt, hours * HOUR));
      const pickedUp = Math.max(createdAt + SECOND, firstResponseAt - handleSeconds * SECOND);
      events.push(
        { source, contactId: id, status: 'new', nativeStatus: NATIVE_STATUS.new, at: createdAt },
        { source, contactId: id, status: 'open', nativeStatus: NATIVE_STATUS.open, at: pickedUp },
      );
      endedAt = firstResponseAt;
      if (rng.chance(SOLVED_BY_FIRST_REPLY[category]!)) {
        resolution = this.solve(source, id, firstResponseAt, rng);
        firstTimeRight = resolution.reopenCount === 0 && rng.chance(0.985);
      } else {
        resolution = this.resolve(source, id, firstResponseAt, category, true, rng);
        firstTimeRight = false;
      }
    }
    if (events.length > 0) {
      events.push({
        source,
        contactId: id,
        status: 'closed',
        nativeStatus: NATIVE_STATUS.closed,
        at: resolution.resolvedAt + CLOSE_AFTER,
      });
    }

    sink.contacts({
      source,
      id,
      channel,
      direction: 'inbound',
      language,
      queue,
      segment: null,
      priority,
      category: CATEGORIES[category]!,
      createdAt,
      answeredAt,
      abandonedAt: null,
      firstResponseAt,
      resolvedAt: resolution.resolvedAt,
      firstResolvedAt: resolution.reopenCount > 0 ? resolution.firstResolvedAt : null,
      reopenCount: resolution.reopenCount,
      handleSeconds,
      firstTimeRight,
      agent,
      customer,
      attributes,
    } satisfies Contact);
    for (const e of events) sink.status_events(e);

    const handled: Handled = {
      source,
      id,
      language,
      endedAt,
      resolvedAt: resolution.resolvedAt,
      bad: complaint || resolution.reopenCount > 0 || waitSeconds > 90 || lateReply,
      complaint,
      live: c === PHONE ? 'phone' : c === CHAT ? 'chat' : null,
    };
    surveysFor(handled, rng, (s) => sink.surveys(s));
    if (c === PHONE || c === CHAT || c === EMAIL) qaFor(handled, rng, clock, (q) => sink.qa_evaluations(q));
  }

  /**
   * Work after the first touch at `from`: optionally wait for the customer (pending_customer, the SLA
   * clock paused), then back-office work on the business clock, then solved (and maybe reopened).
   */
  private resolve(
    source: string,
    id: string,
    from: number,
    category: number,
    askCustomer: boolean,
    rng: Random,
  ): Resolution {
    const { clock } = this.setup;
    let cursor = from;
    if (askCustomer) {
      this.events.push({
        source,
        contactId: id,
        status: 'pending_customer',
        nativeStatus: NATIVE_STATUS.pending_customer,
        at: cursor,
      });
      cursor = ceilSecond(cursor + Math.max(15 * 60_000, rng.lognormal(16 * HOUR, 1.0)));
      this.events.push({
        source,
        contactId: id,
        status: 'open',
        nativeStatus: NATIVE_STATUS.open,
        at: cursor,
      });
    }
    const workMedian = WORK_MEDIAN_HOURS[category]! * (askCustomer ? 1 : 1.5);
    const work = Math.max(0.05, rng.lognormal(workMedian, category === QUESTION ? 0.9 : 0.85));
    return this.solve(source, id, ceilSecond(clock.deadline(cursor, work * HOUR)), rng);
  }

  /** Solved at `at`; now and then the customer reopens it and it is solved again (once, seldom twice). */
  private solve(source: string, id: string, at: number, rng: Random): Resolution {
    const { clock } = this.setup;
    this.events.push({ source, contactId: id, status: 'solved', nativeStatus: NATIVE_STATUS.solved, at });
    let reopenCount = 0;
    let resolvedAt = at;
    while (rng.chance(reopenCount === 0 ? REOPEN_SHARE : 0.12)) {
      reopenCount++;
      const reopened = ceilSecond(resolvedAt + Math.max(HOUR, rng.lognormal(28 * HOUR, 0.8)));
      this.events.push({
        source,
        contactId: id,
        status: 'open',
        nativeStatus: NATIVE_STATUS.open,
        at: reopened,
      });
      resolvedAt = Math.max(reopened, ceilSecond(clock.deadline(reopened, rng.lognormal(2.5 * HOUR, 0.8))));
      this.events.push({
        source,
        contactId: id,
        status: 'solved',
        nativeStatus: NATIVE_STATUS.solved,
        at: resolvedAt,
      });
    }
    return { firstResolvedAt: at, resolvedAt, reopenCount };
  }
}

interface Resolution {
  readonly firstResolvedAt: number;
  readonly resolvedAt: number;
  readonly reopenCount: number;
}
