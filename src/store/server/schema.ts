/** The server's tables as Kysely sees them (created by migration 0002, `migration.ts`). */
import type { Kysely } from 'kysely';
import type { StoreSchema } from '../schema.js';

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

export interface ServerTables {
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
}

export type ServerSchema = StoreSchema & ServerTables;

export type ServerDb = Kysely<ServerSchema>;
