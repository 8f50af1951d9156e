/**
 * Contracts and their versions. A contract belongs to one organisation and one partner; its id is the
 * contract file's `contract:` key, unique within the organisation. A version is `draft` (its text does not
 * validate), `validated`, or `signed` (by client and partner; the database refuses to change it).
 */
import type { Dialect } from '../dialect.js';
import { ConflictError, isUniqueViolation } from '../errors.js';
import type { ContractVersionsTable, StoreDb } from '../schema.js';

export type VersionStatus = 'draft' | 'validated' | 'signed';

export interface ContractRecord {
  readonly organisationId: string;
  readonly id: string;
  readonly partnerId: string;
  readonly createdAt: number;
  readonly createdBy: string;
}

export interface StoredContractError {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

export interface VersionRecord {
  readonly organisationId: string;
  readonly contractId: string;
  readonly version: number;
  readonly status: VersionStatus;
  readonly text: string;
  readonly errors: readonly StoredContractError[] | null;
  readonly digest: string | null;
  /** The canonical JSON of the validated contract (null for a draft). */
  readonly canonical: string | null;
  readonly effectiveFrom: string | null;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
  readonly clientSignedAt: number | null;
  readonly clientSignedBy: string | null;
  readonly partnerSignedAt: number | null;
  readonly partnerSignedBy: string | null;
}

export interface ContractRepository {
  createContract(c: ContractRecord): Promise<ContractRecord>;
  contract(organisationId: string, id: string): Promise<ContractRecord | undefined>;
  /** Every contract of the organisation, or only the partner's. */
  contracts(organisationId: string, partnerId?: string): Promise<ContractRecord[]>;
  versions(organisationId: string, contractId: string): Promise<VersionRecord[]>;
  /** With `lock`, the row stays locked until the transaction ends (PostgreSQL; SQLite locks the file). */
  version(
    organisationId: string,
    contractId: string,
    version: number,
    options?: { lock?: boolean },
  ): Promise<VersionRecord | undefined>;
  insertVersion(v: VersionRecord): Promise<VersionRecord>;
  /** Replaces an unsigned version (the database refuses a signed one). */
  replaceVersion(v: VersionRecord): Promise<VersionRecord>;
  /** Versions signed by both parties, in version order. */
  signedVersions(organisationId: string, contractId: string): Promise<VersionRecord[]>;
}

function toVersion(r: ContractVersionsTable): VersionRecord {
  return {
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    version: Number(r.version),
    status: r.status as VersionStatus,
    text: r.text,
    errors: r.errors === null ? null : (JSON.parse(r.errors) as StoredContractError[]),
    digest: r.digest,
    canonical: r.canonical,
    effectiveFrom: r.effective_from,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    updatedAt: Number(r.updated_at),
    clientSignedAt: r.client_signed_at === null ? null : Number(r.client_signed_at),
    clientSignedBy: r.client_signed_by,
    partnerSignedAt: r.partner_signed_at === null ? null : Number(r.partner_signed_at),
    partnerSignedBy: r.partner_signed_by,
  };
}

function toRow(v: VersionRecord): ContractVersionsTable {
  return {
    organisation_id: v.organisationId,
    contract_id: v.contractId,
    version: v.version,
    status: v.status,
    text: v.text,
    errors: v.errors === null ? null : JSON.stringify(v.errors),
    digest: v.digest,
    canonical: v.canonical,
    effective_from: v.effectiveFrom,
    created_at: v.createdAt,
    created_by: v.createdBy,
    updated_at: v.updatedAt,
    client_signed_at: v.clientSignedAt,
    client_signed_by: v.clientSignedBy,
    partner_signed_at: v.partnerSignedAt,
    partner_signed_by: v.partnerSignedBy,
  };
}

type ContractRow = {
  organisation_id: string;
  id: string;
  partner_id: string;
  created_at: number;
  created_by: string;
};

function toContract(r: ContractRow): ContractRecord {
  return {
    organisationId: r.organisation_id,
    id: r.id,
    partnerId: r.partner_id,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
  };
}

export function contractRepository(db: StoreDb, dialect: Dialect): ContractRepository {
  return {
    async createContract(c) {
      try {
        await db
          .insertInto('contracts')
          .values({
            organisation_id: c.organisationId,
            id: c.id,
            partner_id: c.partnerId,
            created_at: c.createdAt,
            created_by: c.createdBy,
          })
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new ConflictError(`contract "${c.id}" exists already`);
        throw e;
      }
      return c;
    },

    async contract(organisationId, id) {
      const r = await db
        .selectFrom('contracts')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toContract(r);
    },

    async contracts(organisationId, partnerId) {
      let q = db.selectFrom('contracts').selectAll().where('organisation_id', '=', organisationId);
      if (partnerId !== undefined) q = q.where('partner_id', '=', partnerId);
      return (await q.orderBy('id').execute()).map(toContract);
    },

    async versions(organisationId, contractId) {
      const rows = await db
        .selectFrom('contract_versions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .orderBy('version')
        .execute();
      return rows.map(toVersion);
    },

    async version(organisationId, contractId, version, options = {}) {
      let q = db
        .selectFrom('contract_versions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .where('version', '=', version);
      if (options.lock === true && dialect === 'postgres') q = q.forUpdate();
      const r = await q.executeTakeFirst();
      return r && toVersion(r);
    },

    async insertVersion(v) {
      try {
        await db.insertInto('contract_versions').values(toRow(v)).execute();
      } catch (e) {
        if (isUniqueViolation(e))
          throw new ConflictError(`version ${v.version} of contract "${v.contractId}" exists already`);
        throw e;
      }
      return v;
    },

    async replaceVersion(v) {
      const { organisation_id, contract_id, version, created_at, created_by, ...rest } = toRow(v);
      await db
        .updateTable('contract_versions')
        .set(rest)
        .where('organisation_id', '=', organisation_id)
        .where('contract_id', '=', contract_id)
        .where('version', '=', version)
        .execute();
      return v;
    },

    async signedVersions(organisationId, contractId) {
      const rows = await db
        .selectFrom('contract_versions')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .where('status', '=', 'signed')
        .orderBy('version')
        .execute();
      return rows.map(toVersion);
    },
  };
}
