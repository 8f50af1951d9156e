/**
 * The records of an evaluation, indexed once: contacts in order of creation (a permutation, the columns
 * stay where they are), each contact key's status history packed by key and sorted by time, surveys by
 * answer time, and the small kinds selected per period by their own time field (contract.md, Periods).
 */
import type { Forecast, Incident, Outage, PrivacyIncident, QaEvaluation } from '../records.js';
import { type EvaluationData, InstantColumn } from './columns.js';

function byTime<T>(list: readonly T[], time: (r: T) => number): T[] {
  return [...list].sort((a, b) => time(a) - time(b));
}

/** Index of the first element whose time is >= t (the list is sorted by time). */
function firstAtOrAfter<T>(list: readonly T[], time: (r: T) => number, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time(list[mid]!) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function slice<T>(list: readonly T[], time: (r: T) => number, from: number, to: number): T[] {
  return list.slice(firstAtOrAfter(list, time, from), firstAtOrAfter(list, time, to));
}

/** Times by index: a column of instants or of numbers. */
type Times = InstantColumn | Float64Array;
const timeAt = (time: Times, i: number) => (time instanceof InstantColumn ? time.get(i) : time[i]!);

/** First position p in `order` whose time at order[p] >= t. */
function lowerBoundBy(order: Int32Array, time: Times, t: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeAt(time, order[mid]!) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The indices 0..n-1 ordered by `time`, stable (equal times keep their input order): a merge sort of the
 * ascending runs the input already has, so a file sorted by time costs one pass.
 */
export function stableOrder(times: Times, n: number): Int32Array {
  let a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  const at = times instanceof InstantColumn ? (i: number) => times.get(i) : (i: number) => times[i]!;
  const runs: number[] = [0];
  let prev = n > 0 ? at(0) : 0;
  for (let i = 1; i < n; i++) {
    const t = at(i);
    if (t < prev) runs.push(i);
    prev = t;
  }
  if (runs.length === 1) return a;
  runs.push(n);
  let b = new Int32Array(n);
  let bounds = runs;
  while (bounds.length > 2) {
    const next: number[] = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r]!;
      const mid = bounds[r + 1]!;
      const hi = r + 2 < bounds.length ? bounds[r + 2]! : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Ties take the left run first: stable.
        if (at(a[j]!) < at(a[i]!)) b[k++] = a[j++]!;
        else b[k++] = a[i++]!;
      }
      while (i < mid) b[k++] = a[i++]!;
      while (j < hi) b[k++] = a[j++]!;
      next.push(hi);
    }
    const t = a;
    a = b;
    b = t;
    bounds = next;
  }
  return a;
}

/** Status events grouped by key, by time within each key: key k's are [start[k], start[k + 1]). */
export interface PackedEvents {
  readonly start: Int32Array;
  readonly at: InstantColumn;
  readonly status: Uint8Array;
}

/**
 * Groups the status events by key, each key's events by time (equal times keep their input order). A file
 * already in that order (the usual export: by contact in the contacts' order, then by time) is used as it
 * is; otherwise the events are copied in key order.
 */
function packEvents(data: EvaluationData, nKeys: number): PackedEvents {
  const ev = data.events;
  const n = ev.length;
  const start = new Int32Array(nKeys + 1);
  let ordered = true;
  for (let e = 1; e < n; e++) {
    const k = ev.key[e]!;
    const prev = ev.key[e - 1]!;
    if (k < prev || (k === prev && ev.at.get(e) < ev.at.get(e - 1))) {
      ordered = false;
      break;
    }
  }
  // Counts per key, then their running sums.
  for (let e = 0; e < n; e++) start[ev.key[e]! + 1]!++;
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  if (ordered) return { start, at: ev.at, status: ev.status };
  // Counting sort by key (stable), then by time within each key (insertion sort, stable).
  const fill = start.slice(0, nKeys);
  const at = new InstantColumn(n);
  const status = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    const p = fill[ev.key[e]!]!++;
    at.set(p, ev.at.get(e));
    status[p] = ev.status[e]!;
  }
  for (let k = 0; k < nKeys; k++) {
    const lo = start[k]!;
    const hi = start[k + 1]!;
    for (let p = lo + 1; p < hi; p++) {
      const t = at.get(p);
      if (t >= at.get(p - 1)) continue;
      const s = status[p]!;
      let q = p - 1;
      while (q >= lo && at.get(q) > t) {
        at.set(q + 1, at.get(q));
        status[q + 1] = status[q]!;
        q--;
      }
      at.set(q + 1, t);
      status[q + 1] = s;
    }
  }
  return { start, at, status };
}

/** Points every record at the canonical key of its key. */
function remapKeys(data: EvaluationData, canon: Int32Array): void {
  const remap = (keys: Int32Array, n: number) => {
    for (let i = 0; i < n; i++) keys[i] = canon[keys[i]!]!;
  };
  remap(data.contacts.key, data.contacts.length);
  remap(data.events.key, data.events.length);
  remap(data.surveys.key, data.surveys.length);
  for (let q = 0; q < data.qaKeys.length; q++) data.qaKeys[q] = canon[data.qaKeys[q]!]!;
}

export class DataIndex {
  readonly data: EvaluationData;
  /** Contact indices by creation time. */
  readonly order: Int32Array;
  /**
   * Per key: the contact that `contact(source, id)` finds (the last created with that key), or -1; null when
   * key k is contact k for every contact (the usual case: ids are unique and the contacts are read first).
   */
  private readonly keyContacts: Int32Array | null;
  /** Status events by key: key k's events are [start[k], start[k + 1]) of `at` and `status`, by time. */
  readonly events: PackedEvents;
  /** Survey indices by answer time. */
  readonly surveyOrder: Int32Array;
  private readonly qa: QaEvaluation[];
  private readonly qaKeyOf: Map<QaEvaluation, number>;
  private readonly incidents: Incident[];
  private readonly privacy: PrivacyIncident[];
  private readonly forecastList: Forecast[];
  readonly outages: readonly Outage[];

  /** The index of a data set, built on first use and kept with it. */
  static of(data: EvaluationData): DataIndex {
    if (!(data.index instanceof DataIndex)) data.index = new DataIndex(data);
    return data.index as DataIndex;
  }

  private constructor(data: EvaluationData) {
    this.data = data;
    // Every record is in: keys that name the same contact become one.
    data.keys.compact();
    // (Without records that name contacts, two contacts with the same id change nothing: no lookup is made.)
    const lookups = data.events.length > 0 || data.surveys.length > 0 || data.qa.length > 0;
    const canon = lookups ? data.keys.dedupe() : null;
    if (canon !== null) remapKeys(data, canon);
    const c = data.contacts;
    const nKeys = data.keys.size;
    this.order = stableOrder(c.createdAt, c.length);
    // Contact i holds key i when ids are unique and the contacts were read first (keys beyond are ids of
    // other records that no contact has).
    let identity = nKeys >= c.length;
    for (let i = 0; identity && i < c.length; i++) identity = c.key[i] === i;
    if (identity) this.keyContacts = null;
    else {
      const keyContacts = new Int32Array(nKeys).fill(-1);
      for (let p = 0; p < this.order.length; p++) {
        const i = this.order[p]!;
        keyContacts[c.key[i]!] = i;
      }
      this.keyContacts = keyContacts;
    }

    this.events = packEvents(data, nKeys);

    this.surveyOrder = stableOrder(data.surveys.answeredAt, data.surveys.length);
    this.qaKeyOf = new Map(data.qa.map((q, i) => [q, data.qaKeys[i]!]));
    this.qa = byTime(data.qa, (q) => q.evaluatedAt);
    this.incidents = byTime(data.incidents, (i) => i.raisedAt);
    this.privacy = byTime(data.privacy, (p) => p.reportedAt);
    this.forecastList = byTime(data.forecasts, (f) => f.intervalStart);
    this.outages = data.outages;
  }

  /** The contact that `contact(source, id)` finds for a key (the last created with it), or -1. */
  keyContact(key: number): number {
    if (this.keyContacts === null) return key < this.data.contacts.length ? key : -1;
    return this.keyContacts[key]!;
  }

  private scratchSpace: Int32Array | null = null;

  /** Scratch space of one integer per key, for a computation that leaves it as it found it (all zero). */
  get scratch(): Int32Array {
    this.scratchSpace ??= new Int32Array(this.data.keys.size);
    return this.scratchSpace;
  }

  /** Positions [lo, hi) in `order` of the contacts created in [from, to). */
  contactsCreated(from: number, to: number): { lo: number; hi: number } {
    const t = this.data.contacts.createdAt;
    return { lo: lowerBoundBy(this.order, t, from), hi: lowerBoundBy(this.order, t, to) };
  }

  /** Positions [lo, hi) in `surveyOrder` of the surveys answered in [from, to). */
  surveysAnswered(from: number, to: number): { lo: number; hi: number } {
    const t = this.data.surveys.answeredAt;
    return { lo: lowerBoundBy(this.surveyOrder, t, from), hi: lowerBoundBy(this.surveyOrder, t, to) };
  }

  /** The key of a QA evaluation's contact. */
  qaKey(q: QaEvaluation): number {
    return this.qaKeyOf.get(q)!;
  }

  qaEvaluated(from: number, to: number): QaEvaluation[] {
    return slice(this.qa, (q) => q.evaluatedAt, from, to);
  }

  incidentsRaised(from: number, to: number): Incident[] {
    return slice(this.incidents, (i) => i.raisedAt, from, to);
  }

  privacyReported(from: number, to: number): PrivacyIncident[] {
    return slice(this.privacy, (p) => p.reportedAt, from, to);
  }

  forecasts(from: number, to: number): Forecast[] {
    return slice(this.forecastList, (f) => f.intervalStart, from, to);
  }
}
