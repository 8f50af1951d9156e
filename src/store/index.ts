/** The store's public face: open a store, its repositories, and the types they speak. */
export type {
  AuditEntry,
  AuditEntryInput,
  AuditListOptions,
  AuditRepository,
  AuditVerification,
} from './audit.js';
export { BatchEncoder, type EncodedBatch, encodeRecords } from './encode.js';
export type { Dialect } from './migrations.js';
export type { AuditContext, ErasureResult, PrivacyRepository, PurgeResult } from './privacy.js';
export type {
  ContactPage,
  PageOptions,
  RecordCounts,
  RecordRepository,
  StandaloneKind,
  TimeRange,
} from './records.js';
export { type OpenStoreOptions, openStore, pingStore, type Store, StoreOpenError } from './store.js';
export {
  DEFAULT_STORE_URL,
  parseStoreUrl,
  redactStoreUrl,
  resolveStoreUrl,
  type StoreLocation,
  StoreUrlError,
} from './url.js';
export { addCounts, emptyCounts, type StoredRecord, type WriteCounts } from './writers.js';
