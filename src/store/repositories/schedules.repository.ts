/**
 * Report schedules per contract and report period kind, and the run records that make a scheduled report
 * go out once (docs/action-plans.md, Schedules): `claimRun` inserts the run's row before anything is sent;
 * only the caller whose insert took the row sends.
 */
import type { ReportSchedulesTable, ScheduleRunsTable, StoreDb } from '../schema.js';

export interface ReportSchedule {
  readonly organisationId: string;
  readonly contractId: string;
  readonly periodKind: 'week' | 'month' | 'quarter';
  readonly weekday: string | null;
  readonly workingDay: number | null;
  readonly minute: number;
  readonly lang: 'en' | 'nl' | 'de';
  readonly enabled: boolean;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

export interface ScheduleRun {
  readonly organisationId: string;
  readonly contractId: string;
  readonly periodKind: string;
  readonly period: string;
  readonly dueAt: number;
  readonly startedAt: number;
  readonly instance: string;
  readonly status: 'sending' | 'sent' | 'failed';
  readonly finishedAt: number | null;
  readonly detail: string | null;
}

export interface SchedulesRepository {
  schedules(organisationId: string, contractId: string): Promise<ReportSchedule[]>;
  saveSchedule(s: ReportSchedule): Promise<void>;
  /** Inserts the run unless one exists for its contract, schedule and period; true when this call did. */
  claimRun(run: ScheduleRun): Promise<boolean>;
  finishRun(
    key: Pick<ScheduleRun, 'organisationId' | 'contractId' | 'periodKind' | 'period'>,
    status: 'sent' | 'failed',
    at: number,
    detail: string | null,
  ): Promise<void>;
  runs(organisationId: string, contractId: string): Promise<ScheduleRun[]>;
}

function toSchedule(r: ReportSchedulesTable): ReportSchedule {
  return {
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    periodKind: r.period_kind as ReportSchedule['periodKind'],
    weekday: r.weekday,
    workingDay: r.working_day === null ? null : Number(r.working_day),
    minute: Number(r.minute),
    lang: r.lang as ReportSchedule['lang'],
    enabled: Number(r.enabled) === 1,
    updatedAt: Number(r.updated_at),
    updatedBy: r.updated_by,
  };
}

function toRun(r: ScheduleRunsTable): ScheduleRun {
  return {
    organisationId: r.organisation_id,
    contractId: r.contract_id,
    periodKind: r.period_kind,
    period: r.period,
    dueAt: Number(r.due_at),
    startedAt: Number(r.started_at),
    instance: r.instance,
    status: r.status as ScheduleRun['status'],
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    detail: r.detail,
  };
}

export function schedulesRepository(db: StoreDb): SchedulesRepository {
  return {
    async schedules(organisationId, contractId) {
      const rows = await db
        .selectFrom('report_schedules')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .orderBy('period_kind')
        .execute();
      return rows.map(toSchedule);
    },

    async saveSchedule(s) {
      const row: ReportSchedulesTable = {
        organisation_id: s.organisationId,
        contract_id: s.contractId,
        period_kind: s.periodKind,
        weekday: s.weekday,
        working_day: s.workingDay,
        minute: s.minute,
        lang: s.lang,
        enabled: s.enabled ? 1 : 0,
        updated_at: s.updatedAt,
        updated_by: s.updatedBy,
      };
      const { organisation_id, contract_id, period_kind, ...rest } = row;
      await db
        .insertInto('report_schedules')
        .values(row)
        .onConflict((oc) => oc.columns(['organisation_id', 'contract_id', 'period_kind']).doUpdateSet(rest))
        .execute();
    },

    async claimRun(run) {
      const r = await db
        .insertInto('schedule_runs')
        .values({
          organisation_id: run.organisationId,
          contract_id: run.contractId,
          period_kind: run.periodKind,
          period: run.period,
          due_at: run.dueAt,
          started_at: run.startedAt,
          instance: run.instance,
          status: run.status,
          finished_at: run.finishedAt,
          detail: run.detail,
        })
        .onConflict((oc) =>
          oc.columns(['organisation_id', 'contract_id', 'period_kind', 'period']).doNothing(),
        )
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async finishRun(key, status, at, detail) {
      await db
        .updateTable('schedule_runs')
        .set({ status, finished_at: at, detail })
        .where('organisation_id', '=', key.organisationId)
        .where('contract_id', '=', key.contractId)
        .where('period_kind', '=', key.periodKind)
        .where('period', '=', key.period)
        .execute();
    },

    async runs(organisationId, contractId) {
      const rows = await db
        .selectFrom('schedule_runs')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId)
        .orderBy('due_at')
        .execute();
      return rows.map(toRun);
    },
  };
}
