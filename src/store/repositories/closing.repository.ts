/**
 * Period closes and disputes (contract.md, Closing and disputes). A close is proposed by one party with the
 * evaluate document it agrees to, and closed when the other agrees to the same document; the database
 * refuses to change a closed one. A dispute asks to exclude one contact; agreed by the other party, the
 * contact leaves every population, with the reason kept.
 */
import type { Dialect } from '../dialect.js';
import type { DisputesTable, PeriodClosesTable, StoreDb } from '../schema.js';

export type Side = 'client' | 'partner';

export interface PeriodClose {
  readonly organisationId: string;
  readonly contractId: string;
  readonly period: string;
  readonly status: 'proposed' | 'closed';
  readonly asOf: number;
  readonly inputDigest: string;
  readonly document: string;
  readonly clientAgreedAt: number | null;
  readonly clientAgreedBy: string | null;
  readonly partnerAgreedAt: number | null;
  readonly partnerAgreedBy: string | null;
  readonly closedAt: number | null;
}

export interface Dispute {
  readonly id: string;
  readonly organisationId: string;
  readonly contractId: string;
  readonly source: string;
  readonly contactId: string;
  readonly reason: string;
  readonly note: string | null;
  readonly status: 'proposed' | 'agreed' | 'rejected';
  readonly raisedAt: number;
  readonly raisedBy: string;
  readonly raisedSide: Side;
  readonly decidedAt: number | null;
  readonly decidedBy: string | null;
}

export interface ClosingRepository {
  close(
    organisationId: string,
    contractId: string,
    period: string,
    options?: { lock?: boolean },
  ): Promise<PeriodClose | undefined>;
  closes(organisationId: string, contractId: string): Promise<PeriodClose[]>;
  saveClose(c: PeriodClose, existed: boolean): Promise<void>;
  createDispute(d: Dispute): Promise<void>;
  dispute(
    organisationId: string,
    contractId: string,
    id: string,
    options?: { lock?: boolean },
  ): Promise<Dispute | undefined>;
  disputes(organisationId: string, contractId: string, status?: Dispute['status']): Promise<Dispute[]>;
  decideDispute(id: string, status: 'agreed' | 'rejected', at: number, by: string): Promise<void>;
}

function toClose(r: PeriodClosesTable): PeriodClose {
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    period: r.period,
    status: r.status as PeriodClose['status'],
    asOf: Number(r.as_of),
    inputDigest: r.input_digest,
    document: r.document,
    clientAgreedAt: n(r.client_agreed_at),
    clientAgreedBy: r.client_agreed_by,
    partnerAgreedAt: n(r.partner_agreed_at),
    partnerAgreedBy: r.partner_agreed_by,
    closedAt: n(r.closed_at),
  };
}

function toDispute(r: DisputesTable): Dispute {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    source: r.source,
    contactId: r.contact_id,
    reason: r.reason,
    note: r.note,
    status: r.status as Dispute['status'],
    raisedAt: Number(r.raised_at),
    raisedBy: r.raised_by,
    raisedSide: r.raised_side as Side,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    decidedBy: r.decided_by,
  };
}

export function closingRepository(db: StoreDb, dialect: Dialect): ClosingRepository {
  return {
    async close(organisationId, contractId, period, options = {}) {
      let q = db
        .selectFrom('period_closes')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .where('period', '=', period);
      if (options.lock === true && dialect === 'postgres') q = q.forUpdate();
      const r = await q.executeTakeFirst();
      return r && toClose(r);
    },

    async closes(organisationId, contractId) {
      const rows = await db
        .selectFrom('period_closes')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .orderBy('period')
        .execute();
      return rows.map(toClose);
    },

    async saveClose(c, existed) {
      const row: PeriodClosesTable = {
        organisation_id: c.organisationId,
        contract_id: c.contractId,
        period: c.period,
        status: c.status,
        as_of: c.asOf,
        input_digest: c.inputDigest,
        document: c.document,
        client_agreed_at: c.clientAgreedAt,
        client_agreed_by: c.clientAgreedBy,
        partner_agreed_at: c.partnerAgreedAt,
        partner_agreed_by: c.partnerAgreedBy,
        closed_at: c.closedAt,
      };
      if (!existed) {
        await db.insertInto('period_closes').values(row).execute();
        return;
      }
      const { organisation_id, contract_id, period, ...rest } = row;
      await db
        .updateTable('period_closes')
        .set(rest)
        .where('organisation_id', '=', organisation_id)
        .where('contract_id', '=', contract_id)
        .where('period', '=', period)
        .execute();
    },

    async createDispute(d) {
      await db
        .insertInto('disputes')
        .values({
          id: d.id,
          organisation_id: d.organisationId,
          contract_id: d.contractId,
          source: d.source,
          contact_id: d.contactId,
          reason: d.reason,
          note: d.note,
          status: d.status,
          raised_at: d.raisedAt,
          raised_by: d.raisedBy,
          raised_side: d.raisedSide,
          decided_at: d.decidedAt,
          decided_by: d.decidedBy,
        })
        .execute();
    },

    async dispute(organisationId, contractId, id, options = {}) {
      let q = db
        .selectFrom('disputes')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .where('id', '=', id);
      if (options.lock === true && dialect === 'postgres') q = q.forUpdate();
      const r = await q.executeTakeFirst();
      return r && toDispute(r);
    },

    async disputes(organisationId, contractId, status) {
      let q = db
        .selectFrom('disputes')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId);
      if (status !== undefined) q = q.where('status', '=', status);
      return (await q.orderBy('raised_at').orderBy('id').execute()).map(toDispute);
    },

    async decideDispute(id, status, at, by) {
      await db
        .updateTable('disputes')
        .set({ status, decided_at: at, decided_by: by })
        .where('id', '=', id)
        .where('status', '=', 'proposed')
        .execute();
    },
  };
}
