/** The repositories that also run inside `store.transaction` (see store.ts). */
import type { Dialect } from '../dialect.js';
import type { StoreDb } from '../schema.js';
import { type ActionPlansRepository, actionPlansRepository } from './action-plans.repository.js';
import { type AlertRepository, alertRepository } from './alerts.repository.js';
import { type AuditRepository, auditRepository } from './audit.repository.js';
import { type AuthRepository, authRepository } from './auth.repository.js';
import { type ClosingRepository, closingRepository } from './closing.repository.js';
import { type ContractRepository, contractRepository } from './contracts.repository.js';
import { type DeliveriesRepository, deliveriesRepository } from './deliveries.repository.js';
import { type RecipientsRepository, recipientsRepository } from './recipients.repository.js';
import { type SchedulesRepository, schedulesRepository } from './schedules.repository.js';
import { type SecretsRepository, secretsRepository } from './secrets.repository.js';
import { type TenancyRepository, tenancyRepository } from './tenancy.repository.js';

/** What a write transaction offers: a change and its audit entry commit together or not at all. */
export interface TransactionRepositories {
  readonly audit: AuditRepository;
  readonly tenancy: TenancyRepository;
  readonly auth: AuthRepository;
  readonly contracts: ContractRepository;
  readonly closing: ClosingRepository;
  readonly alerts: AlertRepository;
  readonly actionPlans: ActionPlansRepository;
  readonly schedules: SchedulesRepository;
  /** Who receives a contract's alerts, per escalation name and side. */
  readonly recipients: RecipientsRepository;
  /** The alert delivery outbox: the monitor enqueues in its own transaction. */
  readonly deliveries: DeliveriesRepository;
  readonly secrets: SecretsRepository;
}

/** `inTransaction`: `db` is the connection of a running write transaction (audit appends join it). */
export function transactionRepositories(
  db: StoreDb,
  dialect: Dialect,
  inTransaction: boolean,
): TransactionRepositories {
  return {
    audit: auditRepository(db, dialect, inTransaction),
    tenancy: tenancyRepository(db),
    auth: authRepository(db, dialect),
    contracts: contractRepository(db, dialect),
    closing: closingRepository(db, dialect),
    alerts: alertRepository(db, dialect),
    actionPlans: actionPlansRepository(db, dialect),
    schedules: schedulesRepository(db),
    recipients: recipientsRepository(db, dialect),
    deliveries: deliveriesRepository(db),
    secrets: secretsRepository(db),
  };
}
