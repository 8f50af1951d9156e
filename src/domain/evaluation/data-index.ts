/**
 * The records of an evaluation, indexed once: contacts sorted by creation, each contact's status history,
 * and the records of every kind selected per period by their own time field (contract.md, Periods).
 */
import type {
  Contact,
  DataSet,
  Forecast,
  Incident,
  Outage,
  PrivacyIncident,
  QaEvaluation,
  StatusEvent,
  Survey,
} from '../records.js';

export const contactKey = (source: string, id: string) => `${source}\u0000${id}`;

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

export class DataIndex {
  private readonly contacts: Contact[];
  private readonly byKey = new Map<string, Contact>();
  private readonly events = new Map<string, StatusEvent[]>();
  private readonly surveys: Survey[];
  private readonly qa: QaEvaluation[];
  private readonly incidents: Incident[];
  private readonly privacy: PrivacyIncident[];
  private readonly forecastList: Forecast[];
  readonly outages: readonly Outage[];

  constructor(data: DataSet) {
    this.contacts = byTime(data.contacts, (c) => c.createdAt);
    for (const c of this.contacts) this.byKey.set(contactKey(c.source, c.id), c);
    for (const e of data.status_events) {
      const key = contactKey(e.source, e.contactId);
      let list = this.events.get(key);
      if (!list) this.events.set(key, (list = []));
      list.push(e);
    }
    // Stable sort: events at the same instant keep their input order.
    for (const list of this.events.values()) list.sort((a, b) => a.at - b.at);
    this.surveys = byTime(data.surveys, (s) => s.answeredAt);
    this.qa = byTime(data.qa_evaluations, (q) => q.evaluatedAt);
    this.incidents = byTime(data.incidents, (i) => i.raisedAt);
    this.privacy = byTime(data.privacy_incidents, (p) => p.reportedAt);
    this.forecastList = byTime(data.forecasts, (f) => f.intervalStart);
    this.outages = data.outages;
  }

  contact(source: string, id: string): Contact | undefined {
    return this.byKey.get(contactKey(source, id));
  }

  /** The contact's status history, by time. */
  eventsOf(c: Contact): readonly StatusEvent[] {
    return this.events.get(contactKey(c.source, c.id)) ?? [];
  }

  contactsCreated(from: number, to: number): Contact[] {
    return slice(this.contacts, (c) => c.createdAt, from, to);
  }

  surveysAnswered(from: number, to: number): Survey[] {
    return slice(this.surveys, (s) => s.answeredAt, from, to);
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
