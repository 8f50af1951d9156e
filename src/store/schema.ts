/**
 * The tables as Kysely sees them. Instants are BIGINT epoch milliseconds (read back as numbers on both
 * databases), booleans are BOOLEAN on PostgreSQL and 0/1 on SQLite, `attributes` and `details` are JSON
 * text. Every record table has the same upsert columns: `source` + `key` (unique), `digest` (of the content
 * as last imported) and `revision` (1 when inserted, +1 on each change).
 *
 * Every table of every migration is here, in one schema: the record tables and the audit log (0001), the
 * server's tenancy, auth and contract tables (0002), period closes and disputes (0003), kept results and
 * the data watermark (0006).
 */
import type { ColumnType, Generated, Kysely } from 'kysely';

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
  severity: string | null;
  raised_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  summary: string | null;
}

export interface PrivacyIncidentsTable extends UpsertColumns {
  id: string;
  reported_at: number;
  confirmed: DbBoolean | null;
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

// The server's tables (migrations 0002 and 0003).

export interface OrganisationsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface PartnersTable {
  id: string;
  organisation_id: string;
  name: string;
  default_source: string;
  created_at: number;
}

export interface PartnerSourcesTable {
  source: string;
  partner_id: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  partner_id: string | null;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
  /** The dashboard language the user chose (migration 0011), null until they choose one. */
  lang: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  role: string;
  organisation_id: string;
  partner_id: string | null;
  label: string | null;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface LoginFailuresTable {
  key: string;
  at: number;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ContractsTable {
  organisation_id: string;
  id: string;
  partner_id: string;
  created_at: number;
  created_by: string;
}

export interface ContractVersionsTable {
  organisation_id: string;
  contract_id: string;
  version: number;
  status: string;
  text: string;
  /** JSON list of {path, line, message} for a draft. */
  errors: string | null;
  digest: string | null;
  canonical: string | null;
  effective_from: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  client_signed_at: number | null;
  client_signed_by: string | null;
  partner_signed_at: number | null;
  partner_signed_by: string | null;
}

export interface AuditScopesTable {
  audit_id: number;
  organisation_id: string;
  partner_id: string | null;
}

export interface PeriodClosesTable {
  organisation_id: string;
  contract_id: string;
  period: string;
  status: string;
  as_of: number;
  input_digest: string;
  /** The evaluate document agreed to (JSON). */
  document: string;
  client_agreed_at: number | null;
  client_agreed_by: string | null;
  partner_agreed_at: number | null;
  partner_agreed_by: string | null;
  closed_at: number | null;
}

export interface DisputesTable {
  id: string;
  organisation_id: string;
  contract_id: string;
  source: string;
  contact_id: string;
  reason: string;
  note: string | null;
  status: string;
  raised_at: number;
  raised_by: string;
  raised_side: string;
  decided_at: number | null;
  decided_by: string | null;
}

/** The data watermark (migration 0006): `seq` rises with every write transaction that changes records. */
export interface RecordChangesTable {
  scope: string;
  seq: number;
}

/**
 * A piece of a columnar copy of one UTC day's rows of a kind (migrations 0013 and 0014,
 * src/store/period-blocks.ts).
 */
export interface PeriodBlocksTable {
  kind: string;
  day: number;
  /** The block's place among the day's blocks of its kind, from 0. */
  part: number;
  /** The piece's place in its block's body, from 0: the body is its pieces one after another. */
  piece: number;
  /** The body's format (period-blocks.ts, BLOCK_FORMAT): a block of another is built again. */
  format: number;
  /** The rows the block holds (contacts, status events or surveys), on its piece 0; 0 on the others. */
  rows: number;
  body: Uint8Array;
}

/** A kept evaluate document and what it was computed from (migration 0006). */
export interface KeptResultsTable {
  organisation_id: string;
  contract_id: string;
  period: string;
  as_of_rule: string;
  versions_digest: string;
  scope_digest: string;
  watermark: number;
  as_of: number;
  computed_at: number;
  computations: number;
  document: string;
}

// The live monitor (migration 0007).

export interface AlertsTable {
  id: string;
  organisation_id: string;
  contract_id: string;
  kind: string;
  level: number;
  metric: string | null;
  contact_source: string | null;
  contact_id: string | null;
  period: string | null;
  due_at: number;
  deadline: number | null;
  raised_at: number;
  acknowledge_by: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  /** `open`, `acknowledged`, `escalated`. */
  state: string;
  /** The AlertMessage as raised, JSON. */
  message: string;
}

export interface MonitorStateTable {
  name: string;
  value: number;
}

/** Evaluation notes of a period (migration 0009). */
export interface PeriodNotesTable {
  organisation_id: string;
  contract_id: string;
  period: string;
  text: string;
  updated_at: number;
  updated_by: string;
}

/** Actions of action plans (migration 0009). */
export interface ActionItemsTable {
  id: string;
  organisation_id: string;
  contract_id: string;
  period: string;
  metric: string | null;
  what: string;
  owner_side: string;
  owner_person: string | null;
  due_date: string | null;
  status: string;
  trigger: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
  closed_at: number | null;
  overdue_alerted_at: number | null;
}

/** A contract's report schedule per report period kind (migration 0009). */
export interface ReportSchedulesTable {
  organisation_id: string;
  contract_id: string;
  period_kind: string;
  weekday: string | null;
  working_day: number | null;
  minute: number;
  lang: string;
  enabled: number;
  updated_at: number;
  updated_by: string;
}

/** One scheduled report run per contract, schedule and period (migration 0009). */
export interface ScheduleRunsTable {
  organisation_id: string;
  contract_id: string;
  period_kind: string;
  period: string;
  due_at: number;
  started_at: number;
  instance: string;
  status: string;
  finished_at: number | null;
  detail: string | null;
}

/** Who receives the alerts of an escalation name, as one side set it (migration 0008). */
export interface RecipientsTable {
  organisation_id: string;
  contract_id: string;
  who: string;
  side: string;
  channel: string;
  target: string;
  language: string;
  set_at: number;
  set_by: string;
}

/** The alert delivery outbox (migration 0008). */
export interface AlertDeliveriesTable {
  id: string;
  organisation_id: string;
  contract_id: string;
  alert_id: string;
  channel: string;
  target: string;
  language: string;
  message: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** Secrets every instance on one database shares (migration 0008). */
export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: number;
}

/** Where a pull sync of one system, source and endpoint stands (migration 0010). */
export interface SyncCursorsTable {
  system: string;
  source: string;
  endpoint: string;
  cursor: string;
  pages: number;
  records: number;
  updated_at: number;
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
  period_closes: PeriodClosesTable;
  disputes: DisputesTable;
  organisations: OrganisationsTable;
  partners: PartnersTable;
  partner_sources: PartnerSourcesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  setup_tokens: SetupTokensTable;
  contracts: ContractsTable;
  contract_versions: ContractVersionsTable;
  audit_scopes: AuditScopesTable;
  record_changes: RecordChangesTable;
  period_blocks: PeriodBlocksTable;
  kept_results: KeptResultsTable;
  alerts: AlertsTable;
  monitor_state: MonitorStateTable;
  period_notes: PeriodNotesTable;
  action_items: ActionItemsTable;
  report_schedules: ReportSchedulesTable;
  schedule_runs: ScheduleRunsTable;
  recipients: RecipientsTable;
  alert_deliveries: AlertDeliveriesTable;
  server_secrets: ServerSecretsTable;
  sync_cursors: SyncCursorsTable;
}

/** A query builder over the whole schema (or one connection of it, inside a transaction). */
export type StoreDb = Kysely<StoreSchema>;
