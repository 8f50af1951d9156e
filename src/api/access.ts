/**
 * Which roles may call which routes: the roles matrix of docs/api.md. The tenant rule comes on top: a
 * partner role only ever finds its own partner, contracts and data.
 */
import type { Role } from '../services/roles.js';

/** Every role. */
export const ANY: readonly Role[] = [
  'client-admin',
  'client-viewer',
  'partner-admin',
  'partner-viewer',
  'finance',
];
/** Organisation-wide changes: partners, contracts and their versions. */
export const CLIENT_ADMIN: readonly Role[] = ['client-admin'];
/** Users, tokens, the audit log, signatures and ingest: each admin for its own side. */
export const ADMINS: readonly Role[] = ['client-admin', 'partner-admin'];
/** The records behind a figure (contact ids): the operational roles, not finance. */
export const DRILL_DOWN: readonly Role[] = [
  'client-admin',
  'client-viewer',
  'partner-admin',
  'partner-viewer',
];
