/**
 * The server's repositories over one database handle. `transaction(fn)` runs `fn` with repositories bound
 * to one write transaction (SQLite `BEGIN IMMEDIATE`, PostgreSQL `BEGIN`), so that a change and its audit
 * entry commit together or not at all.
 */
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../audit.js';
import { writeTransaction } from '../audit.js';
import type { Dialect } from '../migrations.js';
import type { StoreSchema } from '../schema.js';
import {
  type AuditListFilter,
  appendScopedAudit,
  listScopedAudit,
  type ScopedAuditEntry,
  type ScopedAuditInput,
} from './audit.js';
import { type AuthRepository, authRepository } from './auth.js';
import { type ClosingRepository, closingRepository } from './closing.js';
import { type ContractRepository, contractRepository } from './contracts.js';
import { type PartnerRecordReader, partnerRecordReader } from './partner-records.js';
import type { ServerDb } from './schema.js';
import { type TenancyRepository, tenancyRepository } from './tenancy.js';

export type { AuditListFilter, AuditScope, ScopedAuditEntry, ScopedAuditInput } from './audit.js';
export type { AuthRepository, SessionRecord, TokenRecord, UserRecord } from './auth.js';
export type { ClosingRepository, Dispute, PeriodClose, Side } from './closing.js';
export type {
  ContractRecord,
  ContractRepository,
  StoredContractError,
  VersionRecord,
  VersionStatus,
} from './contracts.js';
export { ConflictError } from './errors.js';
export type { PartnerRecordReader } from './partner-records.js';
export type { ServerDb, ServerSchema } from './schema.js';
export type { Organisation, Partner, TenancyRepository } from './tenancy.js';

export class ServerRepositories {
  readonly tenancy: TenancyRepository;
  readonly auth: AuthRepository;
  readonly contracts: ContractRepository;
  readonly closing: ClosingRepository;
  readonly records: PartnerRecordReader;

  constructor(
    readonly db: ServerDb,
    readonly dialect: Dialect,
    private readonly inTransaction = false,
  ) {
    this.tenancy = tenancyRepository(db);
    this.auth = authRepository(db);
    this.contracts = contractRepository(db, dialect);
    this.closing = closingRepository(db, dialect);
    this.records = partnerRecordReader(db);
  }

  /** Runs `fn` in one write transaction (inside one already, it simply runs). */
  transaction<T>(fn: (tx: ServerRepositories) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return writeTransaction(this.db as unknown as Kysely<StoreSchema>, this.dialect, (trx) =>
      fn(new ServerRepositories(trx as unknown as ServerDb, this.dialect, true)),
    );
  }

  /** Appends an audit entry with its tenant scope (in a transaction of its own unless inside one). */
  appendAudit(entry: ScopedAuditInput): Promise<AuditEntry> {
    return this.transaction((tx) => appendScopedAudit(tx.db, tx.dialect, entry));
  }

  listAudit(filter: AuditListFilter): Promise<ScopedAuditEntry[]> {
    return listScopedAudit(this.db, filter);
  }
}

export function serverRepositories(db: Kysely<StoreSchema>, dialect: Dialect): ServerRepositories {
  return new ServerRepositories(db as unknown as ServerDb, dialect);
}
