/**
 * Evaluation notes per period and the actions of action plans (docs/action-plans.md). A required plan
 * carries a `trigger` unique per contract: `openRequired` inserts it once, whoever asks first.
 */
import type { Dialect } from '../dialect.js';
import type { ActionItemsTable, StoreDb } from '../schema.js';

export type ActionSide = 'client' | 'partner';
export type ActionItemStatus = 'open' | 'in_progress' | 'done' | 'cancelled';

export interface ActionItem {
  readonly id: string;
  readonly organisationId: string;
  readonly contractId: string;
  readonly period: string;
  readonly metric: string | null;
  readonly what: string;
  readonly ownerSide: ActionSide;
  readonly ownerPerson: string | null;
  readonly dueDate: string | null;
  readonly status: ActionItemStatus;
  readonly trigger: string | null;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
  readonly closedAt: number | null;
  readonly overdueAlertedAt: number | null;
}

export interface PeriodNote {
  readonly organisationId: string;
  readonly contractId: string;
  readonly period: string;
  readonly text: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

export interface ActionPlansRepository {
  items(organisationId: string, contractId: string): Promise<ActionItem[]>;
  item(
    organisationId: string,
    contractId: string,
    id: string,
    options?: { lock?: boolean },
  ): Promise<ActionItem | undefined>;
  createItem(item: ActionItem): Promise<void>;
  /** Inserts a required plan unless its trigger is there already; true when this call inserted it. */
  openRequired(item: ActionItem): Promise<boolean>;
  saveItem(item: ActionItem): Promise<void>;
  /** Open actions with a due date, of every contract (the overdue check). */
  openWithDueDate(): Promise<ActionItem[]>;
  /** Marks the overdue alert as raised; false when another run did so first. */
  markOverdueAlerted(id: string, at: number): Promise<boolean>;
  notes(organisationId: string, contractId: string): Promise<PeriodNote[]>;
  note(organisationId: string, contractId: string, period: string): Promise<PeriodNote | undefined>;
  saveNote(note: PeriodNote): Promise<void>;
  deleteNote(organisationId: string, contractId: string, period: string): Promise<void>;
}

function toItem(r: ActionItemsTable): ActionItem {
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    id: r.id,
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    period: r.period,
    metric: r.metric,
    what: r.what,
    ownerSide: r.owner_side as ActionSide,
    ownerPerson: r.owner_person,
    dueDate: r.due_date,
    status: r.status as ActionItemStatus,
    trigger: r.trigger,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    updatedAt: Number(r.updated_at),
    updatedBy: r.updated_by,
    closedAt: n(r.closed_at),
    overdueAlertedAt: n(r.overdue_alerted_at),
  };
}

function toRow(i: ActionItem): ActionItemsTable {
  return {
    id: i.id,
    organisation_id: i.organisationId,
    contract_id: i.contractId,
    period: i.period,
    metric: i.metric,
    what: i.what,
    owner_side: i.ownerSide,
    owner_person: i.ownerPerson,
    due_date: i.dueDate,
    status: i.status,
    trigger: i.trigger,
    created_at: i.createdAt,
    created_by: i.createdBy,
    updated_at: i.updatedAt,
    updated_by: i.updatedBy,
    closed_at: i.closedAt,
    overdue_alerted_at: i.overdueAlertedAt,
  };
}

export function actionPlansRepository(db: StoreDb, dialect: Dialect): ActionPlansRepository {
  return {
    async items(organisationId, contractId) {
      const rows = await db
        .selectFrom('action_items')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toItem);
    },

    async item(organisationId, contractId, id, options = {}) {
      let q = db
        .selectFrom('action_items')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .where('id', '=', id);
      if (options.lock === true && dialect === 'postgres') q = q.forUpdate();
      const r = await q.executeTakeFirst();
      return r && toItem(r);
    },

    async createItem(item) {
      await db.insertInto('action_items').values(toRow(item)).execute();
    },

    async openRequired(item) {
      const r = await db
        .insertInto('action_items')
        .values(toRow(item))
        .onConflict((oc) => oc.columns(['organisation_id', 'contract_id', 'trigger']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async saveItem(item) {
      const { id, organisation_id, contract_id, ...rest } = toRow(item);
      await db
        .updateTable('action_items')
        .set(rest)
        .where('organisation_id', '=', organisation_id)
        .where('contract_id', '=', contract_id)
        .where('id', '=', id)
        .execute();
    },

    async openWithDueDate() {
      const rows = await db
        .selectFrom('action_items')
        .selectAll()
        .where('status', 'in', ['open', 'in_progress'])
        .where('due_date', 'is not', null)
        .orderBy('due_date')
        .orderBy('id')
        .execute();
      return rows.map(toItem);
    },

    async markOverdueAlerted(id, at) {
      const r = await db
        .updateTable('action_items')
        .set({ overdue_alerted_at: at })
        .where('id', '=', id)
        .where('overdue_alerted_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async notes(organisationId, contractId) {
      const rows = await db
        .selectFrom('period_notes')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .orderBy('period')
        .execute();
      return rows.map(toNote);
    },

    async note(organisationId, contractId, period) {
      const r = await db
        .selectFrom('period_notes')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .where('period', '=', period)
        .executeTakeFirst();
      return r && toNote(r);
    },

    async saveNote(note) {
      const row = {
        organisation_id: note.organisationId,
        contract_id: note.contractId,
        period: note.period,
        text: note.text,
        updated_at: note.updatedAt,
        updated_by: note.updatedBy,
      };
      await db
        .insertInto('period_notes')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['organisation_id', 'contract_id', 'period'])
            .doUpdateSet({ text: row.text, updated_at: row.updated_at, updated_by: row.updated_by }),
        )
        .execute();
    },

    async deleteNote(organisationId, contractId, period) {
      await db
        .deleteFrom('period_notes')
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .where('period', '=', period)
        .execute();
    },
  };
}

function toNote(r: {
  organisation_id: string;
  contract_id: string;
  period: string;
  text: string;
  updated_at: number;
  updated_by: string;
}): PeriodNote {
  return {
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    period: r.period,
    text: r.text,
    updatedAt: Number(r.updated_at),
    updatedBy: r.updated_by,
  };
}
