/** The store's public face: open a store, its repositories, and the types they speak. */
export {
  type BackupResult,
  BackupTargetExistsError,
  BackupUnsupportedError,
} from './backup.js';
export type { Dialect } from './dialect.js';
export { BatchEncoder, type EncodedBatch, encodeRecords, touchedContacts } from './encode.js';
export { ConflictError, storeFailure } from './errors.js';
export type {
  ActionItem,
  ActionItemStatus,
  ActionPlansRepository,
  ActionSide,
  PeriodNote,
} from './repositories/action-plans.repository.js';
export type {
  AlertListOptions,
  AlertRecord,
  AlertRepository,
  AlertState,
  Leadership,
} from './repositories/alerts.repository.js';
export type {
  AuditEntry,
  AuditEntryInput,
  AuditListFilter,
  AuditListOptions,
  AuditRepository,
  AuditScope,
  AuditVerification,
  ScopedAuditEntry,
  ScopedAuditInput,
} from './repositories/audit.repository.js';
export type {
  AuthRepository,
  SessionRecord,
  TokenRecord,
  UserRecord,
} from './repositories/auth.repository.js';
export type { ClosingRepository, Dispute, PeriodClose, Side } from './repositories/closing.repository.js';
export type {
  ContractRecord,
  ContractRepository,
  StoredContractError,
  VersionRecord,
  VersionStatus,
} from './repositories/contracts.repository.js';
export {
  type DeliveriesRepository,
  type Delivery,
  type DeliveryListFilter,
  type DeliveryState,
  deliveryId,
} from './repositories/deliveries.repository.js';
export type { TransactionRepositories } from './repositories/index.js';
export type {
  AuditContext,
  ErasureResult,
  PrivacyRepository,
  PurgeResult,
  RetentionResult,
} from './repositories/privacy.repository.js';
export type {
  RecipientChannel,
  RecipientEntry,
  RecipientLanguage,
  RecipientSide,
  RecipientsRepository,
  RecipientTarget,
} from './repositories/recipients.repository.js';
export type {
  ContactKey,
  ContactsWithEvents,
  PageOptions,
  RecordCounts,
  RecordRepository,
  TimeRange,
} from './repositories/records.repository.js';
export type {
  KeptKey,
  KeptResult,
  ResultsRepository,
} from './repositories/results.repository.js';
export type {
  ReportSchedule,
  ScheduleRun,
  SchedulesRepository,
} from './repositories/schedules.repository.js';
export type {
  Organisation,
  Partner,
  TenancyRepository,
  UnownedRecords,
} from './repositories/tenancy.repository.js';
export { writerThreadByDefault } from './sqlite.js';
export { type OpenStoreOptions, openStore, type Store, StoreOpenError } from './store.js';
export {
  DEFAULT_STORE_URL,
  parseStoreUrl,
  redactStoreUrl,
  resolveStoreUrl,
  type StoreLocation,
  StoreUrlError,
} from './url.js';
export { addCounts, emptyCounts, type StoredRecord, type WriteCounts } from './writers.js';
