/**
 * Putting the app on a port (`accord serve`, and the test over a real port), the one-time set-up token of
 * a store without users, and the import of a contract file at start (`--contract`).
 */
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { serve } from '@hono/node-server';
import type { ContractError } from '../domain/contract/check.js';
import type { Store } from '../store/index.js';
import type { VersionRecord } from '../store/server/index.js';
import type { AccordApp } from './app.js';
import { checkText } from './contracts-service.js';
import { newId, randomSecret, sha256 } from '../services/secrets.js';

export interface RunningServer {
  /** `http://127.0.0.1:8080` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0: any free port) and resolves once the socket is open. */
export function startServer(app: AccordApp, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host },
      (info: AddressInfo) => {
        server.off('error', reject);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((e) => (e ? fail(e) : done()));
              // Idle keep-alive connections would hold close() open.
              (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}

/** Lifetime of a set-up token. */
export const SETUP_TOKEN_MS = 24 * 3_600_000;

/** A new one-time set-up token when the store has no user yet; undefined otherwise. */
export async function ensureSetupToken(store: Store, now: number): Promise<string | undefined> {
  if ((await store.server.auth.userCount()) > 0) return undefined;
  const token = randomSecret('setup');
  await store.server.auth.createSetupToken(sha256(token), now, now + SETUP_TOKEN_MS);
  return token;
}

/** A contract file that cannot be imported; `errors` name path and line. */
export class ContractImportError extends Error {
  constructor(
    message: string,
    readonly errors: readonly ContractError[] = [],
  ) {
    super(message);
    this.name = 'ContractImportError';
  }
}

export interface ImportResult {
  readonly contract: string;
  readonly version: number;
  readonly digest: string;
  readonly organisationId: string;
  readonly partnerId: string;
  /** `unchanged` when the same version with the same digest is in force already. */
  readonly outcome: 'imported' | 'unchanged';
}

/**
 * `accord serve --contract FILE`: imports and activates a contract version for a quick single-tenant start.
 * The organisation and partner are found by the contract's `client:` and `partner:` names (created when
 * missing; a new partner owns the source `default`, the one `accord ingest` uses, when no one else does).
 * The version is recorded as signed by the operator on both sides, in an audit entry `contract.imported`.
 */
export async function importContract(
  store: Store,
  text: string,
  file: string,
  actor: string,
  at: number,
): Promise<ImportResult> {
  const check = checkText(text);
  if (!check.ok) throw new ContractImportError(`${file}: invalid contract`, check.errors);
  const c = check.contract;
  return store.server.transaction(async (tx) => {
    let organisation = (await tx.tenancy.organisations()).find((o) => o.name === c.client);
    if (organisation === undefined)
      organisation = await tx.tenancy.createOrganisation({ id: newId('org'), name: c.client, createdAt: at });
    let partner = (await tx.tenancy.partners(organisation.id)).find((p) => p.name === c.partner);
    if (partner === undefined) {
      const taken = (await tx.tenancy.ownersOf(['default'])).has('default');
      const slug =
        c.partner
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'partner';
      partner = await tx.tenancy.createPartner({
        id: newId('ptn'),
        organisationId: organisation.id,
        name: c.partner,
        defaultSource: taken ? `${slug}-${newId('src').slice(4, 10).toLowerCase()}` : 'default',
        sources: [],
        createdAt: at,
      });
    }
    const existing = await tx.contracts.contract(organisation.id, c.id);
    if (existing !== undefined && existing.partnerId !== partner.id)
      throw new ContractImportError(
        `${file}: contract "${c.id}" belongs to another partner of ${organisation.name}`,
      );
    if (existing === undefined)
      await tx.contracts.createContract({
        organisationId: organisation.id,
        id: c.id,
        partnerId: partner.id,
        createdAt: at,
        createdBy: actor,
      });
    const versions = await tx.contracts.versions(organisation.id, c.id);
    const same = versions.find((v) => v.version === c.version);
    const base = {
      contract: c.id,
      version: c.version,
      digest: check.digest,
      organisationId: organisation.id,
      partnerId: partner.id,
    };
    if (same?.status === 'signed') {
      if (same.digest === check.digest) return { ...base, outcome: 'unchanged' as const };
      throw new ContractImportError(
        `${file}: version ${c.version} of "${c.id}" is signed already with another digest (${same.digest}); a signed version never changes: give the file a higher version`,
      );
    }
    const highest = versions.filter((v) => v.status === 'signed').at(-1);
    if (highest !== undefined && highest.version > c.version)
      throw new ContractImportError(
        `${file}: version ${c.version} is below the signed version ${highest.version} of "${c.id}"`,
      );
    const record: VersionRecord = {
      organisationId: organisation.id,
      contractId: c.id,
      version: c.version,
      status: 'signed',
      text,
      errors: null,
      digest: check.digest,
      canonical: check.canonical,
      effectiveFrom: c.effectiveFrom,
      createdAt: same?.createdAt ?? at,
      createdBy: same?.createdBy ?? actor,
      updatedAt: at,
      clientSignedAt: at,
      clientSignedBy: actor,
      partnerSignedAt: at,
      partnerSignedBy: actor,
    };
    if (same === undefined) await tx.contracts.insertVersion(record);
    else await tx.contracts.replaceVersion(record);
    await tx.appendAudit({
      at,
      actor,
      action: 'contract.imported',
      subject: c.id,
      details: {
        contract: c.id,
        version: c.version,
        digest: check.digest,
        file: basename(file),
        partner: partner.id,
        signedBy: 'operator (both parties)',
      },
      scope: { organisationId: organisation.id, partnerId: partner.id },
    });
    return { ...base, outcome: 'imported' as const };
  });
}
