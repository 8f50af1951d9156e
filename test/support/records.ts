/** Normalised records for store tests: complete defaults, override what the test is about. */
import type {
  Contact,
  Forecast,
  Incident,
  Outage,
  PrivacyIncident,
  QaEvaluation,
  StatusEvent,
  Survey,
} from '../../src/domain/records.js';
import type { StoredRecord } from '../../src/store/index.js';

export const T0 = Date.parse('2026-10-05T08:00:00Z');
export const MINUTE = 60_000;

export function contact(id: string, overrides: Partial<Contact> = {}): Contact {
  return {
    source: 'crm',
    id,
    channel: 'phone',
    direction: 'inbound',
    language: 'nl',
    queue: 'general',
    segment: null,
    priority: 'normal',
    category: 'question',
    createdAt: T0,
    answeredAt: T0 + MINUTE,
    abandonedAt: null,
    firstResponseAt: null,
    resolvedAt: T0 + 10 * MINUTE,
    firstResolvedAt: null,
    reopenCount: 0,
    handleSeconds: 312.5,
    firstTimeRight: true,
    agent: 'agent-7',
    customer: null,
    attributes: {},
    ...overrides,
  };
}

export function statusEvent(
  contactId: string,
  at: number,
  overrides: Partial<StatusEvent> = {},
): StatusEvent {
  return { source: 'crm', contactId, status: 'open', nativeStatus: null, at, ...overrides };
}

export function survey(contactId: string, overrides: Partial<Survey> = {}): Survey {
  return {
    source: 'crm',
    contactId,
    kind: 'csat',
    score: 4,
    scaleMin: 1,
    scaleMax: 5,
    answeredAt: T0 + 60 * MINUTE,
    comment: null,
    ...overrides,
  };
}

export function qa(contactId: string, overrides: Partial<QaEvaluation> = {}): QaEvaluation {
  return {
    source: 'crm',
    contactId,
    evaluatedAt: T0 + 120 * MINUTE,
    score: 87.5,
    scriptCompliant: true,
    toneOfVoiceOk: false,
    evaluator: 'qa-1',
    attributes: {},
    ...overrides,
  };
}

export function outage(from: number, to: number, overrides: Partial<Outage> = {}): Outage {
  return { source: 'crm', from, to, channel: 'phone', reason: 'carrier down', ...overrides };
}

export function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    source: 'crm',
    id,
    severity: 'high',
    raisedAt: T0,
    acknowledgedAt: T0 + 5 * MINUTE,
    resolvedAt: null,
    summary: 'queue overflow',
    ...overrides,
  };
}

export function privacyIncident(id: string, overrides: Partial<PrivacyIncident> = {}): PrivacyIncident {
  return {
    source: 'crm',
    id,
    reportedAt: T0,
    confirmed: false,
    summary: 'mail to wrong customer',
    ...overrides,
  };
}

export function forecast(intervalStart: number, overrides: Partial<Forecast> = {}): Forecast {
  return {
    source: 'crm',
    intervalStart,
    intervalMinutes: 30,
    channel: 'phone',
    queue: 'general',
    volume: 120.5,
    ahtSeconds: 240,
    ...overrides,
  };
}

export const rec = {
  contacts: (r: Contact): StoredRecord => ({ kind: 'contacts', record: r }),
  status_events: (r: StatusEvent): StoredRecord => ({ kind: 'status_events', record: r }),
  surveys: (r: Survey): StoredRecord => ({ kind: 'surveys', record: r }),
  qa_evaluations: (r: QaEvaluation): StoredRecord => ({ kind: 'qa_evaluations', record: r }),
  outages: (r: Outage): StoredRecord => ({ kind: 'outages', record: r }),
  incidents: (r: Incident): StoredRecord => ({ kind: 'incidents', record: r }),
  privacy_incidents: (r: PrivacyIncident): StoredRecord => ({ kind: 'privacy_incidents', record: r }),
  forecasts: (r: Forecast): StoredRecord => ({ kind: 'forecasts', record: r }),
};
