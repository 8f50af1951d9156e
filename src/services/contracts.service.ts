/**
 * The contract lifecycle (contract.md, Versions; docs/api.md): a version is saved as a `draft` while its
 * text does not validate, `validated` when it does, and `signed` once the client and the partner have both
 * signed its digest; it is in force from its `effective_from`. A signed version never changes (the database
 * refuses it too). Every change and signature is an audit entry with who, when, what and the digest.
 */

import { basename } from 'node:path';
import { canonicalJson, contractDigest } from '../domain/contract/canonical.js';
import type { ContractError } from '../domain/contract/check.js';
import { diffCanonical } from '../domain/contract/diff.js';
import { explainContract } from '../domain/contract/explain.js';
import { type ContractWarning, retroactiveWarning } from '../domain/contract/retroactive.js';
import type { Contract, Lang } from '../domain/contract/types.js';
import { versionClash } from '../domain/contract/versions.js';
import { versionInForce } from '../domain/evaluation/evaluate.js';
import { formatInstant } from '../domain/time/instant.js';
import { checkContractText } from '../ingest/contract-text.js';
import type { ContractRecord, Store, VersionRecord } from '../store/index.js';
import { contractAudit } from './contract-audit.js';
import { conflict, forbidden, invalid, notFound, unprocessable } from './errors.js';
import type { Principal } from './roles.js';
import { newId } from './secrets.js';

const iso = (ms: number) => new Date(ms).toISOString();

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

function invalidText(errors: readonly ContractError[], file?: string) {
  const first = errors[0];
  const where =
    first === undefined
      ? ''
      : `${first.path === '' ? '' : `${first.path}: `}${first.message}${first.line === null ? '' : ` (line ${first.line})`}`;
  return unprocessable(
    `${file === undefined ? 'the contract text' : file} is not valid (${errors.length} error${errors.length === 1 ? '' : 's'}): ${where}`,
    errors.map((e) => ({
      path: e.path,
      message: e.message,
      line: e.line,
      ...(file === undefined ? {} : { file }),
    })),
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
  if (!check.ok) throw invalidText(check.errors);
  const id = check.contract.id;
  return store.transaction(async (tx) => {
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
    await tx.audit.appendScoped({
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
  if (!check.ok) throw invalidText(check.errors);
  return store.transaction(async (tx) => {
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
    await tx.audit.appendScoped(
      contractAudit(contract, at, principal.actor, 'contract.version.created', {
        contract: contract.id,
        version: n,
        status: version.status,
        digest: version.digest,
      }),
    );
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
  return store.transaction(async (tx) => {
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
    await tx.audit.appendScoped(
      contractAudit(
        contract,
        at,
        principal.actor,
        existing === undefined ? 'contract.version.created' : 'contract.version.changed',
        {
          contract: contract.id,
          version: n,
          status: version.status,
          digest: version.digest,
          previousDigest: existing?.digest ?? null,
          errors: version.errors?.length ?? 0,
        },
      ),
    );
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
): Promise<(VersionRecord & { readonly warnings: readonly ContractWarning[] }) | undefined> {
  const side =
    principal.role === 'client-admin' ? 'client' : principal.role === 'partner-admin' ? 'partner' : undefined;
  if (side === undefined) throw forbidden(`the role ${principal.role} may not sign contracts`);
  return store.transaction(async (tx) => {
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
    await tx.audit.appendScoped(
      contractAudit(contract, at, principal.actor, 'contract.version.signed', {
        contract: contract.id,
        version: n,
        side,
        digest: version.digest,
        status: updated.status,
      }),
    );
    const earlier = versions.filter((v) => v.status === 'signed' && v.version < n).at(-1);
    return { ...updated, warnings: versionWarnings(updated, earlier?.version ?? null, at) };
  });
}

/** The versions of a contract signed by both parties, oldest first; none is a conflict. */
export async function signedVersions(store: Store, contract: ContractRecord): Promise<Contract[]> {
  const versions = await store.contracts.signedVersions(contract.organisationId, contract.id);
  if (versions.length === 0)
    throw conflict(
      `contract "${contract.id}" has no version signed by both parties yet: nothing to evaluate`,
    );
  return versions.map(signedContract);
}

/** One version of a contract, or not found. */
export async function getVersion(store: Store, contract: ContractRecord, n: number): Promise<VersionRecord> {
  const v = await store.contracts.version(contract.organisationId, contract.id, n);
  if (v === undefined) throw notFound(`contract "${contract.id}" has no version ${n}`);
  return v;
}

/**
 * A version in plain words, the text of `accord contract explain` in the language asked; a draft that does
 * not validate has none (a conflict with its errors).
 */
export async function explainVersion(store: Store, contract: ContractRecord, n: number, lang: Lang) {
  const v = await getVersion(store, contract, n);
  if (v.canonical === null || v.digest === null)
    throw conflict(
      `version ${n} is a draft that does not validate: fix its errors to read it in plain words`,
      {
        errors: v.errors ?? [],
      },
    );
  const text = explainContract(JSON.parse(v.canonical) as Contract, { lang, digest: v.digest });
  return { contract: contract.id, version: n, digest: v.digest, lang, text };
}

/** The day (YYYY-MM-DD) of an instant in a contract's time zone. */
const dayIn = (timezone: string, ms: number) => formatInstant(ms, timezone).slice(0, 10);

/**
 * The warning for a version that takes effect before the day both parties signed it (or today, while it is
 * unsigned) and so judges again periods that `earlier` judged; none otherwise.
 */
export function versionWarnings(v: VersionRecord, earlier: number | null, now: number): ContractWarning[] {
  if (v.canonical === null || v.effectiveFrom === null) return [];
  const { timezone } = JSON.parse(v.canonical) as Contract;
  const signed = v.status === 'signed';
  const at = signed ? Math.max(v.clientSignedAt ?? now, v.partnerSignedAt ?? now) : now;
  const w = retroactiveWarning({
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    earlier,
    day: dayIn(timezone, at),
    signed,
  });
  return w === undefined ? [] : [w];
}

/**
 * What changed between two validated versions, key by key over their canonical JSON, keys and values as the
 * contract writes them; `warnings` says when the later one judges again periods the earlier one judged.
 */
export async function diffVersions(
  store: Store,
  contract: ContractRecord,
  from: number,
  to: number,
  now: number,
) {
  if (from === to)
    throw invalid('to: is the same version as from', [
      { path: 'to', message: 'is the same version as from' },
    ]);
  const load = async (n: number, which: string) => {
    const v = await getVersion(store, contract, n);
    if (v.canonical === null || v.digest === null)
      throw conflict(
        `version ${n} (${which}) is a draft that does not validate: it has no canonical form to compare`,
      );
    return { record: v, digest: v.digest, canonical: JSON.parse(v.canonical) as unknown };
  };
  const a = await load(from, 'from');
  const b = await load(to, 'to');
  const [older, newer] = from < to ? [a, b] : [b, a];
  return {
    contract: contract.id,
    from: { version: from, digest: a.digest },
    to: { version: to, digest: b.digest },
    changes: diffCanonical(a.canonical, b.canonical),
    warnings: versionWarnings(newer.record, older.record.version, now),
  };
}

/**
 * `accord contract diff OLD NEW`: two contract files, neither signed yet, as `diffVersions` compares stored
 * versions; the later version reaches back when it takes effect before `today` (YYYY-MM-DD), or before the
 * day of the instant `today` in its time zone.
 */
export function diffContracts(a: Contract, b: Contract, today: string | number) {
  const [older, newer] = a.version <= b.version ? [a, b] : [b, a];
  const warning =
    older.version === newer.version
      ? undefined
      : retroactiveWarning({
          version: newer.version,
          effectiveFrom: newer.effectiveFrom,
          earlier: older.version,
          day: typeof today === 'string' ? today : dayIn(newer.timezone, today),
          signed: false,
        });
  return {
    contract: b.id,
    from: { version: a.version, digest: contractDigest(a) },
    to: { version: b.version, digest: contractDigest(b) },
    changes: diffCanonical(JSON.parse(canonicalJson(a)), JSON.parse(canonicalJson(b))),
    warnings: warning === undefined ? [] : [warning],
  };
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

export interface ImportResult {
  readonly contract: string;
  readonly version: number;
  readonly digest: string;
  readonly organisationId: string;
  readonly partnerId: string;
  /** `unchanged` when the same version with the same digest is in force already. */
  readonly outcome: 'imported' | 'unchanged';
  /** A version that takes effect before today judges again what the signed version before it judged. */
  readonly warnings: readonly ContractWarning[];
}

/**
 * `accord contract import FILE` and `accord serve --contract FILE`: imports and activates a contract version for a quick single-tenant start.
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
  /** Source names the contract's partner owns besides its default one (the demo's systems). */
  sources: readonly string[] = [],
): Promise<ImportResult> {
  const check = checkText(text);
  if (!check.ok) throw invalidText(check.errors, file);
  const c = check.contract;
  return store.transaction(async (tx) => {
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
    const owners = await tx.tenancy.ownersOf(sources);
    for (const source of sources) {
      const owner = owners.get(source);
      if (owner === undefined) await tx.tenancy.addSource(partner.id, source, at);
      else if (owner !== partner.id)
        throw conflict(
          `${file}: the source "${source}" belongs to another partner: it cannot be claimed for ${c.partner}`,
        );
    }
    const existing = await tx.contracts.contract(organisation.id, c.id);
    if (existing !== undefined && existing.partnerId !== partner.id)
      throw conflict(`${file}: contract "${c.id}" belongs to another partner of ${organisation.name}`);
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
      const clash = versionClash(
        { label: 'the signed version', contract: c.id, version: c.version, digest: same.digest ?? '' },
        { label: file, contract: c.id, version: c.version, digest: check.digest },
      );
      if (clash) throw conflict(clash);
      return { ...base, outcome: 'unchanged' as const, warnings: [] };
    }
    const highest = versions.filter((v) => v.status === 'signed').at(-1);
    if (highest !== undefined && highest.version > c.version)
      throw conflict(
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
    await tx.audit.appendScoped({
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
    return {
      ...base,
      outcome: 'imported' as const,
      warnings: versionWarnings(record, highest?.version ?? null, at),
    };
  });
}

/** The contracts with this id in every organisation (or the named one): an operator works across them. */
export async function contractsWithId(
  store: Store,
  id: string,
  organisation?: string,
): Promise<ContractRecord[]> {
  const found: ContractRecord[] = [];
  for (const o of await store.tenancy.organisations()) {
    if (organisation !== undefined && o.id !== organisation && o.name !== organisation) continue;
    const c = await store.contracts.contract(o.id, id);
    if (c !== undefined) found.push(c);
  }
  return found;
}

/**
 * A contract by its id for an operator (the CLI), who works across organisations: the one contract with
 * that id, or the one of the named organisation when several organisations use the id.
 */
export async function findContract(store: Store, id: string, organisation?: string): Promise<ContractRecord> {
  const found = await contractsWithId(store, id, organisation);
  if (found.length === 0)
    throw notFound(
      `contract "${id}" is not in the store${organisation === undefined ? '' : ` for ${organisation}`}: import it with \`npx accord contract import FILE\``,
    );
  if (found.length > 1)
    throw invalid(`contract "${id}" exists in ${found.length} organisations: name one with --organisation`, [
      { path: '--organisation', message: 'is required: several organisations have this contract' },
    ]);
  return found[0]!;
}

/** The operator acting on both parties' behalf, as the audit log names them. */
export function operatorPrincipal(
  contract: ContractRecord,
  side: 'client' | 'partner',
  actor: string,
): Principal {
  return {
    kind: 'token',
    id: 'operator',
    role: side === 'client' ? 'client-admin' : 'partner-admin',
    organisationId: contract.organisationId,
    partnerId: side === 'partner' ? contract.partnerId : null,
    actor,
  };
}

/** Every version of a contract, drafts included, lowest first. */
export function versionsOf(store: Store, contract: ContractRecord): Promise<VersionRecord[]> {
  return store.contracts.versions(contract.organisationId, contract.id);
}

/** The contracts the caller can see (a partner role: its own partner's), each with its versions. */
export async function listContracts(
  store: Store,
  principal: Principal,
): Promise<{ contract: ContractRecord; versions: VersionRecord[] }[]> {
  const contracts = await store.contracts.contracts(
    principal.organisationId,
    principal.partnerId ?? undefined,
  );
  const out = [];
  for (const contract of contracts) out.push({ contract, versions: await versionsOf(store, contract) });
  return out;
}
