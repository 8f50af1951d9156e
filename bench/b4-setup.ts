/**
 * What B4's processes share (bench/b4-ingest.ts, b4-server.ts, b4-profile.ts): the batch of contacts every
 * request posts, and a store with a partner and a partner-admin token, opened as `accord serve` opens it.
 */
import { issueToken } from '../src/services/accounts.service.js';
import { newId } from '../src/services/secrets.js';
import { openStore, type Store, writerThreadByDefault } from '../src/store/index.js';
import { contactsBatch } from './accord-serve.js';

/** Contacts per request. */
export const BATCH = 500;

/** A JSON array of BATCH contacts whose ids start with `@@` (replaced per request). */
export function template(): string {
  return contactsBatch('@@', BATCH);
}

/** The store at `url` opened as `accord serve` opens it, a partner and its admin's token. */
export async function openBenchStore(url: string): Promise<{ store: Store; token: string }> {
  process.env.ACCORD_PSEUDONYM_KEY ??= 'b4-benchmark-key';
  // As `accord serve` decides (a writer thread from 4 cores on); B4_WRITER_THREAD=1 or 0 to choose.
  const forced = process.env.B4_WRITER_THREAD;
  const store = await openStore(url, {
    writerThread: forced === undefined || forced === '' ? writerThreadByDefault() : forced === '1',
  });
  const at = Date.now();
  const organisationId = newId('org');
  const partnerId = newId('ptn');
  await store.tenancy.createOrganisation({ id: organisationId, name: 'B4 client', createdAt: at });
  await store.tenancy.createPartner({
    id: partnerId,
    organisationId,
    name: 'B4 partner',
    defaultSource: `b4-${partnerId}`,
    sources: [],
    createdAt: at,
  });
  const { token } = await issueToken(store, {
    role: 'partner-admin',
    organisationId,
    partnerId,
    label: 'B4',
    createdBy: 'bench',
    at,
  });
  return { store, token };
}
