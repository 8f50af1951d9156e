/**
 * The normalised records of data.md. Every source is mapped onto these; instants are epoch milliseconds,
 * unknown values are null (an empty cell is unknown, never false or zero), and columns the model does not
 * know are kept in `attributes` so that contract populations can filter on them.
 */
export const CHANNELS = ['phone', 'email', 'chat', 'messaging', 'social', 'web', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CATEGORIES = ['question', 'complaint', 'request', 'incident', 'other'] as const;

export const STATUSES = ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const SURVEY_KINDS = ['csat', 'nps', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Contact {
  readonly source: string;
  readonly id: string;
  readonly channel: Channel;
  readonly direction: Direction;
  readonly language: string | null;
  readonly queue: string | null;
  readonly segment: string | null;
  readonly priority: string | null;
  readonly category: string | null;
  readonly createdAt: number;
  readonly answeredAt: number | null;
  readonly abandonedAt: number | null;
  readonly firstResponseAt: number | null;
  readonly resolvedAt: number | null;
  readonly firstResolvedAt: number | null;
  readonly reopenCount: number | null;
  readonly handleSeconds: number | null;
  readonly firstTimeRight: boolean | null;
  readonly agent: string | null;
  /** Pseudonymised on ingest (HMAC-SHA-256); never the raw identifier. */
  readonly customer: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface StatusEvent {
  readonly source: string;
  readonly contactId: string;
  readonly status: Status;
  /** The source system's own status name, kept for disputes. */
  readonly nativeStatus: string | null;
  readonly at: number;
}

export interface Survey {
  readonly source: string;
  readonly contactId: string;
  readonly kind: SurveyKind;
  readonly score: number;
  readonly scaleMin: number;
  readonly scaleMax: number;
  readonly answeredAt: number;
  readonly comment: string | null;
}

export interface QaEvaluation {
  readonly source: string;
  readonly contactId: string;
  readonly evaluatedAt: number;
  readonly score: number | null;
  readonly scriptCompliant: boolean | null;
  readonly toneOfVoiceOk: boolean | null;
  readonly evaluator: string | null;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Outage {
  readonly source: string;
  readonly from: number;
  readonly to: number;
  readonly channel: Channel | null;
  readonly reason: string | null;
}

export interface Incident {
  readonly source: string;
  readonly id: string;
  /** Null when the source does not say (an empty cell): judged only by metrics not filtered by severity. */
  readonly severity: Severity | null;
  readonly raisedAt: number;
  readonly acknowledgedAt: number | null;
  readonly resolvedAt: number | null;
  readonly summary: string | null;
}

export interface PrivacyIncident {
  readonly source: string;
  readonly id: string;
  readonly reportedAt: number;
  /** Null when the source does not say (not yet established): not counted as confirmed. */
  readonly confirmed: boolean | null;
  readonly summary: string | null;
}

export interface Forecast {
  readonly source: string;
  readonly intervalStart: number;
  readonly intervalMinutes: number;
  readonly channel: Channel | null;
  readonly queue: string | null;
  readonly volume: number;
  readonly ahtSeconds: number | null;
}

export interface RecordKinds {
  contacts: Contact;
  status_events: StatusEvent;
  surveys: Survey;
  qa_evaluations: QaEvaluation;
  outages: Outage;
  incidents: Incident;
  privacy_incidents: PrivacyIncident;
  forecasts: Forecast;
}

export type RecordKind = keyof RecordKinds;

export const RECORD_KINDS: readonly RecordKind[] = [
  'contacts',
  'status_events',
  'surveys',
  'qa_evaluations',
  'outages',
  'incidents',
  'privacy_incidents',
  'forecasts',
];

/** The column layout of each kind in CSV (data.md), in the order files are written. */
export const RECORD_COLUMNS: { readonly [K in RecordKind]: readonly string[] } = {
  contacts: [
    'id',
    'source',
    'channel',
    'direction',
    'language',
    'queue',
    'segment',
    'priority',
    'category',
    'created_at',
    'answered_at',
    'abandoned_at',
    'first_response_at',
    'resolved_at',
    'first_resolved_at',
    'reopen_count',
    'handle_seconds',
    'first_time_right',
    'agent',
    'customer',
  ],
  status_events: ['contact_id', 'source', 'status', 'native_status', 'at'],
  surveys: ['contact_id', 'source', 'kind', 'score', 'scale_min', 'scale_max', 'answered_at', 'comment'],
  qa_evaluations: [
    'contact_id',
    'source',
    'evaluated_at',
    'score',
    'script_compliant',
    'tone_of_voice_ok',
    'evaluator',
  ],
  outages: ['source', 'from', 'to', 'channel', 'reason'],
  incidents: ['id', 'source', 'severity', 'raised_at', 'acknowledged_at', 'resolved_at', 'summary'],
  privacy_incidents: ['id', 'source', 'reported_at', 'confirmed', 'summary'],
  forecasts: ['source', 'interval_start', 'interval_minutes', 'channel', 'queue', 'volume', 'aht_seconds'],
};

/** Everything an evaluation reads, by kind. */
export type DataSet = { readonly [K in RecordKind]: readonly RecordKinds[K][] };

export function emptyDataSet(): { [K in RecordKind]: RecordKinds[K][] } {
  return {
    contacts: [],
    status_events: [],
    surveys: [],
    qa_evaluations: [],
    outages: [],
    incidents: [],
    privacy_incidents: [],
    forecasts: [],
  };
}
