/**
 * The tables as Kysely sees them. Instants are BIGINT epoch milliseconds (read back as numbers on both
 * databases), booleans are BOOLEAN on PostgreSQL and 0/1 on SQLite, `attributes` and `details` are JSON
 * text. Every record table has the same upsert columns: `source` + `key` (unique), `digest` (of the content
 * as last imported) and `revision` (1 when inserted, +1 on each change).
 */
import type { Generated } from 'kysely';

/** A boolean as the two databases return it. */
export type DbBoolean = boolean | number;

export interface UpsertColumns {
  source: string;
  key: string;
  digest: string;
  revision: number;
}

export interface ContactsTable extends UpsertColumns {
  id: string;
  channel: string;
  direction: string;
  language: string | null;
  queue: string | null;
  segment: string | null;
  priority: string | null;
  category: string | null;
  created_at: number;
  answered_at: number | null;
  abandoned_at: number | null;
  first_response_at: number | null;
  resolved_at: number | null;
  first_resolved_at: number | null;
  reopen_count: number | null;
  handle_seconds: number | null;
  first_time_right: DbBoolean | null;
  agent: string | null;
  customer: string | null;
  attributes: string;
}

export interface StatusEventsTable extends UpsertColumns {
  contact_id: string;
  status: string;
  native_status: string | null;
  at: number;
}

export interface SurveysTable extends UpsertColumns {
  contact_id: string;
  kind: string;
  score: number;
  scale_min: number;
  scale_max: number;
  answered_at: number;
  comment: string | null;
}

export interface QaEvaluationsTable extends UpsertColumns {
  contact_id: string;
  evaluated_at: number;
  score: number | null;
  script_compliant: DbBoolean | null;
  tone_of_voice_ok: DbBoolean | null;
  evaluator: string | null;
  attributes: string;
}

export interface OutagesTable extends UpsertColumns {
  from_at: number;
  to_at: number;
  channel: string | null;
  reason: string | null;
}

export interface IncidentsTable extends UpsertColumns {
  id: string;
  severity: string;
  raised_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  summary: string | null;
}

export interface PrivacyIncidentsTable extends UpsertColumns {
  id: string;
  reported_at: number;
  confirmed: DbBoolean;
  summary: string | null;
}

export interface ForecastsTable extends UpsertColumns {
  interval_start: number;
  interval_minutes: number;
  channel: string | null;
  queue: string | null;
  volume: number;
  aht_seconds: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  subject: string | null;
  /** JSON text. */
  details: string;
  /** sha256 over the previous entry's digest and this entry: a hash chain that shows tampering. */
  digest: string;
}

export interface StoreSchema {
  contacts: ContactsTable;
  status_events: StatusEventsTable;
  surveys: SurveysTable;
  qa_evaluations: QaEvaluationsTable;
  outages: OutagesTable;
  incidents: IncidentsTable;
  privacy_incidents: PrivacyIncidentsTable;
  forecasts: ForecastsTable;
  audit_log: AuditLogTable;
}
