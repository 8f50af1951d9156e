/**
 * The live monitor (docs/monitor.md): running contact clocks and escalation timers in one priority queue,
 * one timer armed for its head; recomputed when records arrive; alerts raised through the alerts service
 * (alert row, outbox and audit entry in one transaction). Runs inside `accord serve` or alone
 * (`accord monitor`); on PostgreSQL only the instance holding the advisory lock works, the others wait.
 *
 * How it hears of changes:
 * - in the same process, from the ingest pipeline's post-commit hook (`onBatchCommitted`), with the contacts
 *   each batch touched: read again at once;
 * - from another process, through the store's data watermark (`record_changes`, migration 0006), checked
 *   every `changeCheckMs`: when it moved by more than the batches heard of, the open contacts are read
 *   again. This is a check for changes, not for deadlines: deadlines come from the queue.
 */
import type { Contract } from '../domain/contract/types.js';
import type { Evaluation } from '../domain/evaluation/evaluate.js';
import type { AlertContact, AlertMessage } from '../domain/monitor/alert.js';
import { alertsFor, escalationOf, type Trigger } from '../domain/monitor/escalation.js';
import {
  type ClockReading,
  ContractClocks,
  type LiveContact,
  readClocks,
  timedMetrics,
} from '../domain/monitor/live-clock.js';
import { missedStreaks, periodRisks } from '../domain/monitor/period-risk.js';
import { TimerHeap } from '../domain/monitor/timer-heap.js';
import { periodContainingDay } from '../domain/period.js';
import type { Contact, StatusEvent } from '../domain/records.js';
import { formatInstant } from '../domain/time/instant.js';
import { dayNumberFromIso } from '../domain/time/zone.js';
import { escalateAlert, raiseAlerts } from '../services/alerts.service.js';
import { contractScope, evaluateContract } from '../services/closing.service.js';
import { signedVersions, versionInForceNow } from '../services/contracts.service.js';
import { onBatchCommitted } from '../services/ingest.service.js';
import type { ContactKey, ContractRecord, Leadership, Store } from '../store/index.js';

const DAY = 86_400_000;
/** setTimeout's longest delay; a later head is re-armed when this one fires. */
const MAX_DELAY = 2 ** 31 - 1;

export interface MonitorOptions {
  readonly store: Store;
  /** Epoch ms; default Date.now. */
  readonly now?: () => number;
  /** Contacts created longer ago than this are not watched (default 35 days). */
  readonly lookbackMs?: number;
  /** How often the data watermark is checked for changes made by other processes (default 1 s). */
  readonly changeCheckMs?: number;
  /** How often the contracts are read again, and the period risks judged (default 60 s, 5 min). */
  readonly contractCheckMs?: number;
  readonly periodCheckMs?: number;
  /** Progress and problems, one line each. */
  readonly log?: (line: string) => void;
  /** Every alert raised (handed to the outbox), as it is raised: for tests and the benchmark. */
  readonly onRaised?: (alerts: readonly AlertMessage[], at: number) => void;
}

interface Watched {
  readonly key: string;
  readonly record: ContractRecord;
  readonly versions: readonly Contract[];
  readonly contract: Contract;
  readonly sources: readonly string[];
  readonly clocks: ContractClocks;
}

type Due =
  | {
      readonly type: 'contact';
      readonly contract: string;
      readonly metric: string;
      readonly phase: 'at_risk' | 'breached';
      readonly contact: AlertContact;
      readonly dueAt: number;
      readonly deadline: number;
    }
  | { readonly type: 'acknowledge'; readonly contract: string; readonly alert: AlertMessage };

const contactRef = (source: string, id: string) => `${source}\u0000${id}`;

function alertContact(c: Contact): AlertContact {
  return {
    source: c.source,
    key: c.id,
    channel: c.channel,
    createdAt: new Date(c.createdAt).toISOString(),
    ...(c.language === null ? {} : { language: c.language }),
    ...(c.queue === null ? {} : { queue: c.queue }),
  };
}

/** Groups status events by their contact. */
function liveContacts(contacts: readonly Contact[], events: readonly StatusEvent[]): LiveContact[] {
  const byContact = new Map<string, StatusEvent[]>();
  for (const e of events) {
    const k = contactRef(e.source, e.contactId);
    const list = byContact.get(k);
    if (list === undefined) byContact.set(k, [e]);
    else list.push(e);
  }
  return contacts.map((contact) => ({
    contact,
    events: byContact.get(contactRef(contact.source, contact.id)) ?? [],
  }));
}

export class Monitor {
  private readonly store: Store;
  private readonly now: () => number;
  private readonly options: MonitorOptions;
  private readonly heap = new TimerHeap<Due>();
  /** Heap keys of each watched contact (contract, source, id), so that a recompute replaces them. */
  private readonly contactKeys = new Map<string, string[]>();
  /** Contact timers that fired, so that a recompute does not queue them again. */
  private readonly fired = new Set<string>();
  private watched = new Map<string, Watched>();
  private bySource = new Map<string, Watched[]>();
  private timer: NodeJS.Timeout | undefined;
  private armedAt = Number.POSITIVE_INFINITY;
  private intervals: NodeJS.Timeout[] = [];
  private work: Promise<void> = Promise.resolve();
  private firing: Promise<void> = Promise.resolve();
  private ready = false;
  private unsubscribe: (() => void) | undefined;
  private leadership: Leadership | null = null;
  private stopped = false;
  private watermark = -1;
  /** Batches heard of through the ingest hook since the last watermark check. */
  private heard = 0;
  private pending = new Map<string, ContactKey>();
  private flushScheduled = false;

  constructor(options: MonitorOptions) {
    this.options = options;
    this.store = options.store;
    this.now = options.now ?? Date.now;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  /** Alerts queued and contact timers watched (tests, the benchmark). */
  get queued(): number {
    return this.heap.size;
  }

  /**
   * Takes the lead (waiting while another instance holds it), reads the contracts, rebuilds every clock
   * from the store (raising what fell due while no monitor ran), and starts listening.
   */
  async start(): Promise<void> {
    while (!this.stopped) {
      this.leadership = await this.store.alerts.tryLeadership();
      if (this.leadership !== null) break;
      this.log('another monitor holds the lead; waiting');
      await new Promise((r) => setTimeout(r, 2000));
    }
    if (this.stopped) return;
    this.unsubscribe = onBatchCommitted((store, contacts) => {
      if (store !== this.store) return;
      this.heard++;
      this.touched(contacts);
    });
    await this.serial(async () => {
      await this.loadContracts();
      this.watermark = await this.store.results.watermark();
      await this.rebuild();
      await this.loadAwaiting();
      this.ready = true;
      await this.fireDue();
    });
    this.arm();
    const every = (ms: number, fn: () => Promise<void>) => {
      if (ms > 0) this.intervals.push(setInterval(() => void this.serial(fn), ms).unref());
    };
    every(this.options.changeCheckMs ?? 1000, () => this.checkWatermark());
    every(this.options.contractCheckMs ?? 60_000, async () => {
      if (await this.loadContracts()) await this.rebuild();
    });
    // A period's outlook moves slowly and its evaluation reads the whole running period: judged every few
    // minutes (not at start, so that a server's first minutes go to its requests).
    every(this.options.periodCheckMs ?? 300_000, () => this.checkPeriods());
  }

  /** Stops: timers cleared, the work in hand finished, the checkpoint written, the lead released. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const i of this.intervals) clearInterval(i);
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.work;
    await this.firing;
    await this.leadership?.release();
  }

  /** Contacts changed in this process (the ingest hook): read again on the next turn. */
  touched(contacts: readonly ContactKey[]): void {
    for (const c of contacts)
      if (this.bySource.has(c.source)) this.pending.set(contactRef(c.source, c.id), c);
    if (this.pending.size === 0 || this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const refs = [...this.pending.values()];
      this.pending.clear();
      void this.serial(() => this.recompute(refs));
    });
  }

  /** Work runs one piece at a time; a failure is logged and the monitor goes on. */
  private serial(fn: () => Promise<void>): Promise<void> {
    this.work = this.work.then(async () => {
      if (this.stopped) return;
      try {
        await fn();
      } catch (e) {
        this.log(`monitor: ${(e as Error).message}`);
      }
    });
    return this.work;
  }

  /** Reads the contracts in force with their partners' sources; true when they changed. */
  private async loadContracts(): Promise<boolean> {
    const now = this.now();
    const next = new Map<string, Watched>();
    for (const org of await this.store.tenancy.organisations()) {
      for (const record of await this.store.contracts.contracts(org.id)) {
        const versions = await signedVersions(this.store, record).catch(() => [] as Contract[]);
        const inForce = versionInForceNow(versions, now);
        const contract = versions.find((v) => v.version === inForce);
        if (contract === undefined) continue;
        if (contract.escalation.length === 0) continue;
        const scope = await contractScope(this.store, record);
        const key = `${record.organisationId}\u0000${record.id}`;
        const old = this.watched.get(key);
        const same =
          old !== undefined &&
          old.contract.version === contract.version &&
          old.sources.join('\u0000') === (scope.sources ?? []).join('\u0000');
        next.set(
          key,
          same
            ? old
            : {
                key,
                record,
                versions,
                contract,
                sources: scope.sources ?? [],
                clocks: new ContractClocks(contract),
              },
        );
      }
    }
    const changed = next.size !== this.watched.size || [...next].some(([k, w]) => this.watched.get(k) !== w);
    this.watched = next;
    this.bySource = new Map();
    for (const w of next.values())
      for (const s of w.sources) {
        const list = this.bySource.get(s);
        if (list === undefined) this.bySource.set(s, [w]);
        else list.push(w);
      }
    return changed;
  }

  /** Every watched contract's open contacts, read from the store again. */
  private async rebuild(): Promise<void> {
    const now = this.now();
    // A store no monitor ever watched (checkpoint 0) has history, not alerts that fell due: contacts stopped
    // before now raise nothing late.
    const saved = await this.store.alerts.checkpoint();
    const checkpoint = saved > 0 ? saved : now;
    const since = now - (this.options.lookbackMs ?? 35 * DAY);
    const seen = new Set<string>();
    for (const w of this.watched.values()) {
      if (timedMetrics(w.contract).length === 0) continue;
      for await (const page of this.store.records.liveContactPages(since, checkpoint, {
        sources: w.sources,
      })) {
        const live = liveContacts(page.contacts, page.events);
        for (const c of page.contacts) seen.add(`${w.key}\u0000${contactRef(c.source, c.id)}`);
        this.apply(w, live, readClocks(w.contract, live, now, w.clocks), now, checkpoint);
      }
    }
    // Contacts queued before but not read now stopped before the checkpoint (or left the window): read them
    // one by one, so that a stop the query no longer returns still takes their timers out.
    const stale: ContactKey[] = [];
    for (const key of this.contactKeys.keys()) {
      if (seen.has(key)) continue;
      const [, , source, id] = key.split('\u0000') as [string, string, string, string];
      stale.push({ source, id });
    }
    if (stale.length > 0) await this.recompute(stale);
    await this.fireDue();
  }

  /** Reads these contacts again and requeues their timers. */
  private async recompute(refs: readonly ContactKey[]): Promise<void> {
    const now = this.now();
    const { contacts, events } = await this.store.records.contactsWithEvents(refs);
    const found = new Set(contacts.map((c) => contactRef(c.source, c.id)));
    for (const r of refs) {
      // A contact gone from the store (erased): its timers go.
      if (!found.has(contactRef(r.source, r.id)))
        for (const w of this.bySource.get(r.source) ?? [])
          this.forget(`${w.key}\u0000${contactRef(r.source, r.id)}`);
    }
    const live = liveContacts(contacts, events);
    const byContract = new Map<Watched, LiveContact[]>();
    for (const l of live)
      for (const w of this.bySource.get(l.contact.source) ?? []) {
        const list = byContract.get(w);
        if (list === undefined) byContract.set(w, [l]);
        else list.push(l);
      }
    for (const [w, list] of byContract)
      this.apply(w, list, readClocks(w.contract, list, now, w.clocks), now, now);
    await this.fireDue();
  }

  private forget(contactKey: string, keep?: ReadonlySet<string>): void {
    const keys = this.contactKeys.get(contactKey);
    if (keys === undefined) return;
    for (const k of keys) {
      if (keep?.has(k)) continue;
      this.heap.delete(k);
    }
    this.contactKeys.delete(contactKey);
  }

  /**
   * Requeues the timers of the contacts read: a running clock's at-risk point and breach (unless fired); a
   * clock that stopped after `lateAfter` and past a point raises that alert late (it fell due while no monitor
   * ran, or before the stop was heard of); a paused or stopped clock has no timers.
   */
  private apply(
    w: Watched,
    live: readonly LiveContact[],
    readings: readonly ClockReading[],
    now: number,
    lateAfter: number,
  ): void {
    const byContact = new Map<number, ClockReading[]>();
    for (const r of readings) {
      const list = byContact.get(r.contact);
      if (list === undefined) byContact.set(r.contact, [r]);
      else list.push(r);
    }
    for (let i = 0; i < live.length; i++) {
      const c = live[i]!.contact;
      const ck = `${w.key}\u0000${contactRef(c.source, c.id)}`;
      this.forget(ck);
      const keys: string[] = [];
      let stoppedEverywhere = true;
      for (const r of byContact.get(i) ?? []) {
        if (r.state !== 'stopped') stoppedEverywhere = false;
        for (const phase of ['at_risk', 'breached'] as const) {
          const key = `${ck}\u0000${r.metric}\u0000${phase}`;
          const at = phase === 'at_risk' ? r.atRiskAt : r.breachAt;
          if (at === null || r.deadline === null || this.fired.has(key)) continue;
          if (r.state === 'stopped' && !(r.stoppedAt! > lateAfter && at <= r.stoppedAt!)) continue;
          if (r.state === 'stopped' && at > r.stoppedAt!) continue;
          const due: Due = {
            type: 'contact',
            contract: w.key,
            metric: r.metric,
            phase,
            contact: alertContact(c),
            dueAt: at,
            deadline: r.deadline,
          };
          this.heap.set(key, at, due);
          keys.push(key);
        }
      }
      if (keys.length > 0) this.contactKeys.set(ck, keys);
      if (stoppedEverywhere)
        for (const m of timedMetrics(w.contract))
          for (const phase of ['at_risk', 'breached']) this.fired.delete(`${ck}\u0000${m.id}\u0000${phase}`);
    }
    void now;
  }

  /** Open alerts waiting for an acknowledgement: their escalation timers. */
  private async loadAwaiting(): Promise<void> {
    for (const a of await this.store.alerts.awaiting()) {
      const m = a.message;
      const key = `${m.organisationId}\u0000${m.contract}`;
      if (m.acknowledgeBy !== null)
        this.heap.set(`ack\u0000${m.id}`, Date.parse(m.acknowledgeBy), {
          type: 'acknowledge',
          contract: key,
          alert: m,
        });
    }
    await this.fireDue();
  }

  /** Arms the one timer for the head of the queue. */
  private arm(): void {
    if (this.stopped) return;
    const head = this.heap.peek();
    if (head === undefined) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.armedAt = Number.POSITIVE_INFINITY;
      return;
    }
    if (this.timer !== undefined && head.at === this.armedAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedAt = head.at;
    const delay = Math.min(MAX_DELAY, Math.max(0, head.at - this.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.armedAt = Number.POSITIVE_INFINITY;
      void this.fireDue();
    }, delay);
  }

  /**
   * Raising runs on a chain of its own, beside the reading of changed contacts: an alert that falls due
   * does not wait behind the recomputation of a batch (the queue is consistent at every await: a timer is
   * marked fired before its alert is written, so a recompute meanwhile does not queue it again).
   */
  private fireDue(): Promise<void> {
    this.firing = this.firing.then(async () => {
      if (this.stopped) return;
      try {
        await this.fire();
      } catch (e) {
        this.log(`monitor: ${(e as Error).message}`);
      }
    });
    return this.firing;
  }

  /** Raises every alert due now, writes the checkpoint, and arms the timer for what comes next. */
  private async fire(): Promise<void> {
    const now = this.now();
    const due = this.heap.popDue(now);
    if (due.length > 0) {
      const byContract = new Map<string, AlertMessage[]>();
      const escalations: { w: Watched; alert: AlertMessage }[] = [];
      for (const entry of due) {
        const d = entry.value;
        const w = this.watched.get(d.contract);
        if (d.type === 'acknowledge') {
          if (w !== undefined) escalations.push({ w, alert: d.alert });
          continue;
        }
        this.fired.add(entry.key);
        const ck = entry.key.slice(0, entry.key.lastIndexOf('\u0000', entry.key.lastIndexOf('\u0000') - 1));
        const keys = this.contactKeys.get(ck);
        if (keys !== undefined) {
          const left = keys.filter((k) => k !== entry.key);
          if (left.length > 0) this.contactKeys.set(ck, left);
          else this.contactKeys.delete(ck);
        }
        if (w === undefined) continue;
        const metric = w.contract.metrics.find((m) => m.id === d.metric) ?? null;
        const trigger: Trigger = { event: d.phase };
        const alerts = alertsFor(
          {
            organisationId: w.record.organisationId,
            contract: w.contract,
            metric,
            contact: d.contact,
            period: null,
            dueAt: d.dueAt,
            deadline: d.deadline,
          },
          trigger,
          now,
        );
        const list = byContract.get(w.key) ?? [];
        list.push(...alerts);
        byContract.set(w.key, list);
      }
      for (const [key, alerts] of byContract) {
        const w = this.watched.get(key)!;
        const raised = await raiseAlerts(this.store, w.record, alerts, now);
        this.raised(w, raised, now);
      }
      for (const { w, alert } of escalations) {
        const next = escalationOf(w.contract, alert, now);
        if (next === undefined) continue;
        const raised = await escalateAlert(this.store, w.record, alert, next, now);
        if (raised !== undefined) this.raised(w, [raised], now);
      }
    }
    // Only once every contact was read: a checkpoint claims that everything due before it was raised.
    if (this.ready && (due.length > 0 || this.heap.size === 0 || (this.heap.peek()?.at ?? 0) > now))
      await this.store.alerts.setCheckpoint(now);
    this.arm();
  }

  /** Alerts raised now: their escalation timers, and the listener. */
  private raised(w: Watched, alerts: readonly AlertMessage[], now: number): void {
    for (const m of alerts)
      if (m.acknowledgeBy !== null)
        this.heap.set(`ack\u0000${m.id}`, Date.parse(m.acknowledgeBy), {
          type: 'acknowledge',
          contract: w.key,
          alert: m,
        });
    if (alerts.length > 0) {
      for (const m of alerts)
        this.log(
          `alert ${m.id}: ${m.kind} level ${m.level} ${m.metric ?? ''} ${m.contact ? `${m.contact.source}/${m.contact.key}` : (m.period ?? '')}`,
        );
      this.options.onRaised?.(alerts, now);
    }
  }

  /** Another process changed records: read the open contacts again. */
  private async checkWatermark(): Promise<void> {
    const mark = await this.store.results.watermark();
    const moved = mark - this.watermark;
    const heard = this.heard;
    this.heard = 0;
    this.watermark = mark;
    if (moved > heard) await this.rebuild();
  }

  /**
   * The running period of every watched contract, evaluated as the API does (its partner's sources): metrics
   * forecast to miss raise `at_risk`, streaks of missed periods `missed_periods`.
   */
  private async checkPeriods(): Promise<void> {
    const now = this.now();
    for (const w of this.watched.values()) {
      const c = w.contract;
      const day = dayNumberFromIso(formatInstant(now, c.timezone).slice(0, 10));
      const period = periodContainingDay(c.period, day, c.timezone);
      let e: Evaluation;
      try {
        [e] = (await evaluateContract(this.store, w.record, w.versions, [period], now)) as [Evaluation];
      } catch (error) {
        this.log(`monitor: period risk of ${c.id}: ${(error as Error).message}`);
        continue;
      }
      const alerts: AlertMessage[] = [];
      const subject = {
        organisationId: w.record.organisationId,
        contract: c,
        contact: null,
        deadline: period.end,
      };
      for (const { metric, risk } of periodRisks(e))
        alerts.push(
          ...alertsFor(
            { ...subject, metric, period: risk.period, dueAt: now, periodRisk: risk },
            { event: 'at_risk' },
            now,
          ),
        );
      for (const s of missedStreaks(e))
        alerts.push(
          ...alertsFor(
            {
              ...subject,
              metric: s.metric,
              period: s.lastPeriod,
              dueAt: now,
              deadline: null,
              missedPeriods: s.periods,
            },
            { event: 'missed_periods', periods: s.periods },
            now,
          ),
        );
      this.raised(w, await raiseAlerts(this.store, w.record, alerts, now), now);
    }
    this.arm();
  }
}
