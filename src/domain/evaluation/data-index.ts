/**
 * The records of an evaluation, indexed once: contacts in order of creation (a permutation, the columns
 * stay where they are), each contact key's status history packed by key and sorted by time, surveys by
 * answer time, and the small kinds selected per period by their own time field (contract.md, Periods).
 * A record that a later one with the same source and key replaces (src/domain/record-keys.ts: what the
 * store's upsert does to a row imported again) is left out, and counted in `replaced`.
 */
import { sourceAndKey } from '../record-keys.js';
import {
  type Forecast,
  type Incident,
  type Outage,
  type PrivacyIncident,
  type QaEvaluation,
  RECORD_KINDS,
  type RecordKind,
  STATUSES,
} from '../records.js';
import { type EvaluationData, InstantColumn, statusCode, UNKNOWN_CODE } from './columns.js';

/** Per kind, the rows that a later row with the same source and key replaced (record-keys.ts). */
export type ReplacedRows = Record<RecordKind, number>;

/**
 * The records of `list` that no later record with the same source and key replaces, in their order, and
 * how many were replaced.
 */
function lastOfEach<K extends RecordKind, T extends { readonly source: string }>(
  kind: K,
  list: readonly T[],
): { kept: T[]; replaced: number } {
  if (list.length < 2) return { kept: [...list], replaced: 0 };
  const last = new Map<string, number>();
  for (let i = 0; i < list.length; i++) last.set(sourceAndKey(kind, list[i] as never), i);
  if (last.size === list.length) return { kept: [...list], replaced: 0 };
  const kept = list.filter((r, i) => last.get(sourceAndKey(kind, r as never)) === i);
  return { kept, replaced: list.length - kept.length };
}

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
 * As lastOfEach, for a list sorted by a time that is part of the key (equal times in input order): only
 * records of one instant can repeat each other.
 */
function lastOfEachByTime<K extends RecordKind, T extends { readonly source: string }>(
  kind: K,
  sorted: T[],
  time: (r: T) => number,
): { kept: T[]; replaced: number } {
  let replaced: Set<number> | null = null;
  for (let lo = 0; lo < sorted.length; ) {
    const t = time(sorted[lo]!);
    let hi = lo + 1;
    while (hi < sorted.length && time(sorted[hi]!) === t) hi++;
    if (hi - lo > 1) {
      const last = new Map<string, number>();
      for (let i = lo; i < hi; i++) {
        const key = sourceAndKey(kind, sorted[i] as never);
        const before = last.get(key);
        if (before !== undefined) (replaced ??= new Set()).add(before);
        last.set(key, i);
      }
    }
    lo = hi;
  }
  if (replaced === null) return { kept: sorted, replaced: 0 };
  const gone = replaced;
  return { kept: sorted.filter((_, i) => !gone.has(i)), replaced: gone.size };
}

/**
 * Groups the status events by key, each key's events by time (equal times keep their input order). A file
 * already in that order (the usual export: by contact in the contacts' order, then by time) is used as it
 * is; otherwise the events are copied in key order. Events of one contact at one instant are put in the
 * store's order (orderTiesAsStored), and one that repeats an earlier one (the same contact, instant and
 * status: its key) is dropped; only a key with two events at one instant is looked at for that.
 */
function packEvents(data: EvaluationData, nKeys: number): { events: PackedEvents; replaced: number } {
  const ev = data.events;
  const n = ev.length;
  const start = new Int32Array(nKeys + 1);
  let ordered = true;
  /** Whether a key has two events at one instant (to be put in the store's order, repeats dropped). */
  let ties = false;
  for (let e = 1; e < n; e++) {
    const k = ev.key[e]!;
    const prev = ev.key[e - 1]!;
    if (k < prev) {
      ordered = false;
      break;
    }
    if (k !== prev) continue;
    const t = ev.at.get(e);
    const before = ev.at.get(e - 1);
    if (t < before) {
      ordered = false;
      break;
    }
    if (t === before) ties = true;
  }
  // Counts per key, then their running sums.
  for (let e = 0; e < n; e++) start[ev.key[e]! + 1]!++;
  for (let k = 0; k < nKeys; k++) start[k + 1]! += start[k]!;
  if (ordered) {
    const events = { start, at: ev.at, status: ev.status };
    return ties ? dropRepeatedEvents(events, nKeys) : { events, replaced: 0 };
  }
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
      const before = at.get(p - 1);
      if (t >= before) {
        if (t === before) ties = true;
        continue;
      }
      const s = status[p]!;
      let q = p - 1;
      while (q >= lo && at.get(q) > t) {
        at.set(q + 1, at.get(q));
        status[q + 1] = status[q]!;
        q--;
      }
      if (q >= lo && at.get(q) === t) ties = true;
      at.set(q + 1, t);
      status[q + 1] = s;
    }
  }
  const events = { start, at, status };
  return ties ? dropRepeatedEvents(events, nKeys) : { events, replaced: 0 };
}

/**
 * Where one contact has several events at the same instant, which came first is not in the data: the file's
 * order is an accident of the export, and the store reads them by key (contact, instant, status: record-keys.ts),
 * that is by status name. The files are read in that order too, so that `--data` and `--db` agree (a
 * `solved` and an `open` at one instant is no reopening on either). In place: only the statuses of a run of
 * equal instants of one contact move.
 */
function orderTiesAsStored(events: PackedEvents, nKeys: number): void {
  const { start, at, status } = events;
  for (let k = 0; k < nKeys; k++) {
    const hi = start[k + 1]!;
    for (let run = start[k]!; run < hi; ) {
      const t = at.get(run);
      let end = run + 1;
      while (end < hi && at.get(end) === t) end++;
      for (let p = run + 1; p < end; p++) {
        const s = status[p]!;
        let q = p - 1;
        while (q >= run && NAME_RANK[status[q]!]! > NAME_RANK[s]!) {
          status[q + 1] = status[q]!;
          q--;
        }
        status[q + 1] = s;
      }
      run = end;
    }
  }
}

/** A status code's place among the status names in the order the store compares them (bytewise). */
const NAME_RANK: readonly number[] = (() => {
  const byName = [...STATUSES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Array<number>(256).fill(byName.length);
  for (const [i, name] of byName.entries()) rank[statusCode(name)] = i;
  return rank;
})();

/**
 * The packed events without those that repeat an earlier event of their key at the same instant with the
 * same status (the store keeps one row per contact, instant and status: record-keys.ts).
 */
function dropRepeatedEvents(events: PackedEvents, nKeys: number): { events: PackedEvents; replaced: number } {
  const { start, at, status } = events;
  const n = start[nKeys]!;
  orderTiesAsStored(events, nKeys);
  const repeat = new Uint8Array(n);
  let replaced = 0;
  for (let k = 0; k < nKeys; k++) {
    const hi = start[k + 1]!;
    // Events of one instant are neighbours: [run, p) holds the earlier ones at p's instant.
    let run = start[k]!;
    for (let p = run + 1; p < hi; p++) {
      const t = at.get(p);
      if (t !== at.get(p - 1)) {
        run = p;
        continue;
      }
      const s = status[p]!;
      if (s === UNKNOWN_CODE) continue;
      for (let q = run; q < p; q++) {
        if (status[q] === s) {
          repeat[p] = 1;
          replaced++;
          break;
        }
      }
    }
  }
  if (replaced === 0) return { events, replaced };
  const keptStart = new Int32Array(nKeys + 1);
  const keptAt = new InstantColumn(n - replaced);
  const keptStatus = new Uint8Array(n - replaced);
  let w = 0;
  for (let k = 0; k < nKeys; k++) {
    keptStart[k] = w;
    for (let p = start[k]!; p < start[k + 1]!; p++) {
      if (repeat[p] === 1) continue;
      keptAt.set(w, at.get(p));
      keptStatus[w++] = status[p]!;
    }
  }
  keptStart[nKeys] = w;
  return { events: { start: keptStart, at: keptAt, status: keptStatus }, replaced };
}

/**
 * The survey order without the answers that a later answer with the same key (contact, kind and instant)
 * replaces: such answers are neighbours in the order (equal instants keep the input order).
 */
function dropReplacedSurveys(
  data: EvaluationData,
  order: Int32Array,
): { order: Int32Array; replaced: number } {
  const sv = data.surveys;
  const n = order.length;
  let replaced: Uint8Array | null = null;
  let count = 0;
  let run = 0;
  for (let p = 1; p < n; p++) {
    const s = order[p]!;
    if (sv.answeredAt[s] !== sv.answeredAt[order[p - 1]!]) {
      run = p;
      continue;
    }
    const key = sv.key[s]!;
    const kind = sv.kind[s]!;
    if (kind === UNKNOWN_CODE) continue;
    for (let q = run; q < p; q++) {
      const r = order[q]!;
      if (sv.key[r] === key && sv.kind[r] === kind && (replaced === null || replaced[q] === 0)) {
        replaced ??= new Uint8Array(n);
        replaced[q] = 1;
        count++;
        break;
      }
    }
  }
  if (replaced === null) return { order, replaced: 0 };
  const marks = replaced;
  return { order: order.filter((_, p) => marks[p] === 0), replaced: count };
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
  /** Contact indices by creation time (without the contacts that a later one with their key replaced). */
  readonly order: Int32Array;
  /**
   * Per key: the contact that `contact(source, id)` finds (the last read with that key), or -1; null when
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
  /**
   * Per kind, the records that a later one with the same source and key replaced (data.md: re-importing
   * updates instead of duplicating): none of them is in the index. Always zero for the store's records.
   */
  readonly replaced: ReplacedRows;

  /** The index of a data set, built on first use and kept with it. */
  static of(data: EvaluationData): DataIndex {
    if (!(data.index instanceof DataIndex)) data.index = new DataIndex(data);
    return data.index as DataIndex;
  }

  private constructor(data: EvaluationData) {
    this.data = data;
    const replaced = Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as ReplacedRows;
    // Every record is in: keys that name the same contact become one. A contact's id is added without a
    // lookup, so this also finds a contact read twice.
    data.keys.compact();
    const c = data.contacts;
    const lookups = data.events.length > 0 || data.surveys.length > 0 || data.qa.length > 0;
    const canon = lookups || c.length > 1 ? data.keys.dedupe() : null;
    if (canon !== null) remapKeys(data, canon);
    const nKeys = data.keys.size;
    let order = stableOrder(c.createdAt, c.length);
    // Contact i holds key i when ids are unique and the contacts were read first (keys beyond are ids of
    // other records that no contact has).
    let identity = nKeys >= c.length;
    for (let i = 0; identity && i < c.length; i++) identity = c.key[i] === i;
    if (identity) this.keyContacts = null;
    else {
      // A contact read again (the same source and id) replaces the one read before, as the store's upsert
      // does: the key finds the last one read, and the others leave the order.
      const keyContacts = new Int32Array(nKeys).fill(-1);
      for (let i = 0; i < c.length; i++) {
        const k = c.key[i]!;
        if (keyContacts[k]! >= 0) replaced.contacts++;
        keyContacts[k] = i;
      }
      if (replaced.contacts > 0) order = order.filter((i) => keyContacts[c.key[i]!] === i);
      this.keyContacts = keyContacts;
    }
    this.order = order;

    const packed = packEvents(data, nKeys);
    this.events = packed.events;
    replaced.status_events = packed.replaced;

    const surveys = dropReplacedSurveys(data, stableOrder(data.surveys.answeredAt, data.surveys.length));
    this.surveyOrder = surveys.order;
    replaced.surveys = surveys.replaced;
    this.qaKeyOf = new Map(data.qa.map((q, i) => [q, data.qaKeys[i]!]));
    // QA evaluations and forecasts have their time in their key: a repeat is among those of its instant.
    const qa = lastOfEachByTime(
      'qa_evaluations',
      byTime(data.qa, (q) => q.evaluatedAt),
      (q) => q.evaluatedAt,
    );
    const forecasts = lastOfEachByTime(
      'forecasts',
      byTime(data.forecasts, (f) => f.intervalStart),
      (f) => f.intervalStart,
    );
    const incidents = lastOfEach('incidents', data.incidents);
    const privacy = lastOfEach('privacy_incidents', data.privacy);
    const outages = lastOfEach('outages', data.outages);
    this.qa = qa.kept;
    this.forecastList = forecasts.kept;
    this.incidents = byTime(incidents.kept, (i) => i.raisedAt);
    this.privacy = byTime(privacy.kept, (p) => p.reportedAt);
    this.outages = outages.kept;
    replaced.qa_evaluations = qa.replaced;
    replaced.incidents = incidents.replaced;
    replaced.privacy_incidents = privacy.replaced;
    replaced.forecasts = forecasts.replaced;
    replaced.outages = outages.replaced;
    this.replaced = replaced;
  }

  /** The contact that `contact(source, id)` finds for a key (the last read with it), or -1. */
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
