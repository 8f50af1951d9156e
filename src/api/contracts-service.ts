/**
 * The contract lifecycle (contract.md, Versions; docs/api.md): a version is saved as a `draft` while its
 * text does not validate, `validated` when it does, and `signed` once the client and the partner have both
 * signed its digest; it is in force from its `effective_from`. A signed version never changes (the database
 * refuses it too). Every change and signature is an audit entry with who, when, what and the digest.
 */
import { canonicalJson, contractDigest } from '../domain/contract/canonical.js';
import type { ContractError } from '../domain/contract/check.js';
import type { Contract } from '../domain/contract/types.js';
import { versionInForce } from '../domain/evaluation/evaluate.js';
import { formatInstant } from '../domain/time/instant.js';
import { checkContractText } from '../ingest/contract-text.js';
import type { Store } from '../store/index.js';
import type { ContractRecord, VersionRecord } from '../store/server/index.js';
import { conflict, forbidden, unprocessable } from './problem.js';
import type { Principal } from './roles.js';
import { iso } from './schemas.js';

export type TextCheck =
  | { readonly ok: true; readonly contract: Contract; readonly digest: string; readonly canonical: string }
  | { readonly ok: false; readonly errors: readonly ContractError[] };

/** The 1-based line of a top-level key (`contract:`), or null. */
function lineOfTopKey(text: string, key: string): number | null {
  const lines = text.split(/\r?\n/);
  const re = new RegExp(`^["']?${key}["']?\\s*:`);
  for (let i = 0; i < lines.length; i++)
    if (re.test(lines[i]!.trimStart()) || re.test(lines[i]!)) return i + 1;
  return null;
}

/** Validates a contract text; with `expect`, its `contract:` and `version:` must be those. */
export function checkText(text: string, expect: { id?: string; version?: number } = {}): TextCheck {
  const r = checkContractText(text, 'contract');
  if (!r.ok) return { ok: false, errors: r.errors };
  const errors: ContractError[] = [];
  if (expect.id !== undefined && r.contract.id !== expect.id)
    errors.push({
      path: 'contract',
      line: lineOfTopKey(text, 'contract'),
      message: `is "${r.contract.id}" but this is contract "${expect.id}"`,
    });
  if (expect.version !== undefined && r.contract.version !== expect.version)
    errors.push({
      path: 'version',
      line: lineOfTopKey(text, 'version'),
      message: `is ${r.contract.version} but this is version ${expect.version}`,
    });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, contract: r.contract, digest: r.digest, canonical: canonicalJson(r.contract) };
}

function invalid(errors: readonly ContractError[]) {
  const first = errors[0];
  const where =
    first === undefined
      ? ''
      : `${first.path === '' ? '' : `${first.path}: `}${first.message}${first.line === null ? '' : ` (line ${first.line})`}`;
  return unprocessable(
    `the contract text is not valid (${errors.length} error${errors.length === 1 ? '' : 's'}): ${where}`,
    { errors },
  );
}

function newVersion(
  organisationId: string,
  contractId: string,
  version: number,
  text: string,
  check: TextCheck,
  actor: string,
  at: number,
): VersionRecord {
  return {
    organisationId,
    contractId,
    version,
    status: check.ok ? 'validated' : 'draft',
    text,
    errors: check.ok ? null : check.errors,
    digest: check.ok ? check.digest : null,
    canonical: check.ok ? check.canonical : null,
    effectiveFrom: check.ok ? check.contract.effectiveFrom : null,
    createdAt: at,
    createdBy: actor,
    updatedAt: at,
    clientSignedAt: null,
    clientSignedBy: null,
    partnerSignedAt: null,
    partnerSignedBy: null,
  };
}

/** A new contract from the text of its first version (which must validate). */
export async function createContract(
  store: Store,
  principal: Principal,
  partnerId: string,
  text: string,
  at: number,
): Promise<{ contract: ContractRecord; version: VersionRecord }> {
  const check = checkText(text);
  if (!check.ok) throw invalid(check.errors);
  const id = check.contract.id;
  return store.server.transaction(async (tx) => {
    if ((await tx.contracts.contract(principal.organisationId, id)) !== undefined)
      throw conflict(
        `contract "${id}" exists already: add a version with POST /api/v1/contracts/${id}/versions`,
      );
    const contract = await tx.contracts.createContract({
      organisationId: principal.organisationId,
      id,
      partnerId,
      createdAt: at,
      createdBy: principal.actor,
    });
    const version = await tx.contracts.insertVersion(
      newVersion(principal.organisationId, id, check.contract.version, text, check, principal.actor, at),
    );
    await tx.appendAudit({
      at,
      actor: principal.actor,
      action: 'contract.created',
      subject: id,
      details: {
        contract: id,
        partner: partnerId,
        version: version.version,
        status: version.status,
        digest: version.digest,
      },
      scope: { organisationId: principal.organisationId, partnerId },
    });
    return { contract, version };
  });
}

function highestSigned(versions: readonly VersionRecord[]): VersionRecord | undefined {
  return versions.filter((v) => v.status === 'signed').at(-1);
}

/** A new version from a valid text; its number comes from the text. */
export async function addVersion(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  text: string,
  at: number,
): Promise<VersionRecord> {
  const check = checkText(text, { id: contract.id });
  if (!check.ok) throw invalid(check.errors);
  return store.server.transaction(async (tx) => {
    const versions = await tx.contracts.versions(contract.organisationId, contract.id);
    const n = check.contract.version;
    if (versions.some((v) => v.version === n))
      throw conflict(
        `version ${n} of contract "${contract.id}" exists already: change it with PUT …/versions/${n} while it is unsigned`,
      );
    const signed = highestSigned(versions);
    if (signed !== undefined && n <= signed.version)
      throw conflict(
        `version ${n} is not above the signed version ${signed.version}: a new version needs a higher number`,
      );
    const version = await tx.contracts.insertVersion(
      newVersion(contract.organisationId, contract.id, n, text, check, principal.actor, at),
    );
    await tx.appendAudit({
      at,
      actor: principal.actor,
      action: 'contract.version.created',
      subject: contract.id,
      details: { contract: contract.id, version: n, status: version.status, digest: version.digest },
      scope: { organisationId: contract.organisationId, partnerId: contract.partnerId },
    });
    return version;
  });
}

/** Creates or replaces an unsigned version; a text that does not validate is kept as a draft. */
export async function saveVersion(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  n: number,
  text: string,
  at: number,
): Promise<{ version: VersionRecord; created: boolean }> {
  const check = checkText(text, { id: contract.id, version: n });
  return store.server.transaction(async (tx) => {
    const versions = await tx.contracts.versions(contract.organisationId, contract.id);
    const existing = versions.find((v) => v.version === n);
    if (
      existing !== undefined &&
      (existing.status === 'signed' || existing.clientSignedAt !== null || existing.partnerSignedAt !== null)
    )
      throw conflict(
        `version ${n} is signed${existing.status === 'signed' ? '' : ' by one party'}: its text never changes; write a new version`,
      );
    const signed = highestSigned(versions);
    if (existing === undefined && signed !== undefined && n <= signed.version)
      throw conflict(
        `version ${n} is not above the signed version ${signed.version}: a new version needs a higher number`,
      );
    const fresh = newVersion(contract.organisationId, contract.id, n, text, check, principal.actor, at);
    const version =
      existing === undefined
        ? await tx.contracts.insertVersion(fresh)
        : await tx.contracts.replaceVersion({
            ...fresh,
            createdAt: existing.createdAt,
            createdBy: existing.createdBy,
          });
    await tx.appendAudit({
      at,
      actor: principal.actor,
      action: existing === undefined ? 'contract.version.created' : 'contract.version.changed',
      subject: contract.id,
      details: {
        contract: contract.id,
        version: n,
        status: version.status,
        digest: version.digest,
        previousDigest: existing?.digest ?? null,
        errors: version.errors?.length ?? 0,
      },
      scope: { organisationId: contract.organisationId, partnerId: contract.partnerId },
    });
    return { version, created: existing === undefined };
  });
}

/** The caller signs a version's digest for its side (client-admin: client; partner-admin: partner). */
export async function signVersion(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  n: number,
  digest: string,
  at: number,
): Promise<VersionRecord | undefined> {
  const side =
    principal.role === 'client-admin' ? 'client' : principal.role === 'partner-admin' ? 'partner' : undefined;
  if (side === undefined) throw forbidden(`the role ${principal.role} may not sign contracts`);
  return store.server.transaction(async (tx) => {
    const version = await tx.contracts.version(contract.organisationId, contract.id, n, { lock: true });
    if (version === undefined) return undefined;
    if (version.status === 'signed') throw conflict(`version ${n} is signed by both parties already`);
    if (version.status === 'draft' || version.digest === null)
      throw conflict(`version ${n} is a draft that does not validate: fix its errors before signing`, {
        errors: version.errors ?? [],
      });
    if (digest !== version.digest)
      throw conflict(
        `the digest ${digest} is not that of version ${n} (${version.digest}): the text changed since you read it; review it again`,
      );
    if ((side === 'client' ? version.clientSignedAt : version.partnerSignedAt) !== null)
      throw conflict(`version ${n} is signed by the ${side} already`);
    const versions = await tx.contracts.versions(contract.organisationId, contract.id);
    const signed = highestSigned(versions);
    if (signed !== undefined && n < signed.version)
      throw conflict(
        `version ${n} is below the signed version ${signed.version}: it can no longer be signed`,
      );
    if (
      signed !== undefined &&
      version.effectiveFrom !== null &&
      signed.effectiveFrom !== null &&
      version.effectiveFrom < signed.effectiveFrom
    )
      throw conflict(
        `version ${n} takes effect on ${version.effectiveFrom}, before the signed version ${signed.version} (${signed.effectiveFrom})`,
      );
    const both = side === 'client' ? version.partnerSignedAt !== null : version.clientSignedAt !== null;
    const updated: VersionRecord = {
      ...version,
      status: both ? 'signed' : 'validated',
      updatedAt: at,
      ...(side === 'client'
        ? { clientSignedAt: at, clientSignedBy: principal.actor }
        : { partnerSignedAt: at, partnerSignedBy: principal.actor }),
    };
    await tx.contracts.replaceVersion(updated);
    await tx.appendAudit({
      at,
      actor: principal.actor,
      action: 'contract.version.signed',
      subject: contract.id,
      details: { contract: contract.id, version: n, side, digest: version.digest, status: updated.status },
      scope: { organisationId: contract.organisationId, partnerId: contract.partnerId },
    });
    return updated;
  });
}

/** A signed version as the evaluation needs it, checked against its signed digest. */
export function signedContract(v: VersionRecord): Contract {
  const contract = JSON.parse(v.canonical ?? 'null') as Contract;
  if (contract === null || contractDigest(contract) !== v.digest)
    throw new Error(`version ${v.version} of contract "${v.contractId}" does not match its signed digest`);
  return contract;
}

/** The signed version in force at `now` (in the contract's time zone), or null. */
export function versionInForceNow(signed: readonly Contract[], now: number): number | null {
  const latest = signed.at(-1);
  if (latest === undefined) return null;
  const today = formatInstant(now, latest.timezone).slice(0, 10);
  return versionInForce(signed, today)?.version ?? null;
}

export function versionSummaryJson(v: VersionRecord) {
  return {
    version: v.version,
    status: v.status,
    digest: v.digest,
    effectiveFrom: v.effectiveFrom,
    createdAt: iso(v.createdAt),
    createdBy: v.createdBy,
    updatedAt: iso(v.updatedAt),
    signatures: {
      client: v.clientSignedAt === null ? null : { at: iso(v.clientSignedAt), by: v.clientSignedBy ?? '' },
      partner:
        v.partnerSignedAt === null ? null : { at: iso(v.partnerSignedAt), by: v.partnerSignedBy ?? '' },
    },
  };
}

export function versionJson(v: VersionRecord) {
  return {
    contract: v.contractId,
    ...versionSummaryJson(v),
    text: v.text,
    errors:
      v.errors === null ? null : v.errors.map((e) => ({ path: e.path, line: e.line, message: e.message })),
    canonical: v.canonical === null ? null : (JSON.parse(v.canonical) as Record<string, unknown>),
  };
}

export function contractJson(c: ContractRecord, versions: readonly VersionRecord[], now: number) {
  const signed = versions.filter((v) => v.status === 'signed').map(signedContract);
  return {
    id: c.id,
    organisationId: c.organisationId,
    partnerId: c.partnerId,
    createdAt: iso(c.createdAt),
    createdBy: c.createdBy,
    inForce: versionInForceNow(signed, now),
    versions: versions.map(versionSummaryJson),
  };
}
