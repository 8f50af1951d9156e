/**
 * Report schedules (docs/action-plans.md, Schedules): per contract and report period kind, when the report
 * of the period before runs; by default the contract's `report:` kinds on their default rules (Monday
 * 08:00 for the past week, the 2nd working day 08:00 for the past month or quarter). A due run is claimed
 * in the store (a unique row per contract, schedule and period) before its mail goes out, so that a re-run,
 * a restart or a second instance sends nothing a second time.
 */
import type { CalendarDefinition } from '../domain/calendar/definition.js';
import type { Contract, Lang, PeriodKind } from '../domain/contract/types.js';
import { versionInForce } from '../domain/evaluation/evaluate.js';
import type { Period } from '../domain/period.js';
import {
  defaultRule,
  formatTimeOfDay,
  MAX_WORKING_DAY,
  nextRun,
  parseTimeOfDay,
  type ScheduledRun,
  type ScheduleRule,
  WEEKDAY_NAMES,
  type WeekdayName,
} from '../domain/schedule/next-run.js';
import { dayNumberFromIso, isoFromDayNumber } from '../domain/time/zone.js';
import type { ContractRecord, ReportSchedule, Store } from '../store/index.js';
import { contractAudit } from './contract-audit.js';
import { signedVersions } from './contracts.service.js';
import { invalid } from './errors.js';
import { type Principal, sideOf } from './roles.js';

/** A run missed by more than this (the process was down) is not sent late; docs/action-plans.md. */
export const LATE_RUN_WINDOW_MS = 24 * 3_600_000;

export interface EffectiveSchedule {
  readonly periodKind: PeriodKind;
  readonly rule: ScheduleRule;
  readonly lang: Lang;
  readonly enabled: boolean;
  /** `contract`: the default of the contract's `report:`; `stored`: set through the API or the CLI. */
  readonly source: 'contract' | 'stored';
}

function ruleOf(s: ReportSchedule): ScheduleRule {
  return s.periodKind === 'week'
    ? { every: 'week', weekday: (s.weekday ?? 'mon') as WeekdayName, minute: s.minute }
    : { every: s.periodKind, workingDay: s.workingDay ?? 2, minute: s.minute };
}

/** The schedules of a contract: the stored ones, and the defaults of its `report:` kinds not stored. */
export async function effectiveSchedules(
  store: Store,
  contract: ContractRecord,
  latest: Contract,
): Promise<EffectiveSchedule[]> {
  const stored = await store.schedules.schedules(contract.organisationId, contract.id);
  const out: EffectiveSchedule[] = stored.map((s) => ({
    periodKind: s.periodKind,
    rule: ruleOf(s),
    lang: s.lang,
    enabled: s.enabled,
    source: 'stored',
  }));
  for (const kind of latest.report)
    if (!stored.some((s) => s.periodKind === kind))
      out.push({ periodKind: kind, rule: defaultRule(kind), lang: 'en', enabled: true, source: 'contract' });
  const order: readonly PeriodKind[] = ['week', 'month', 'quarter'];
  return out.sort((a, b) => order.indexOf(a.periodKind) - order.indexOf(b.periodKind));
}

/**
 * The calendar whose working days count: the contract's first calendar (in the order of its file);
 * without one, Monday to Friday.
 */
export function workingCalendar(latest: Contract): CalendarDefinition | null {
  return Object.values(latest.calendars)[0] ?? null;
}

/** Runs searched ahead for one whose period the contract covers (a contract that starts next year). */
const MAX_SKIPPED_RUNS = 120;

/** Whether a signed version is in force on the first day of the reported period (as an evaluation asks). */
function covered(versions: readonly Contract[], period: Period): boolean {
  return versionInForce(versions, isoFromDayNumber(period.firstDay)) !== undefined;
}

/**
 * The next run after `after` whose reported period the contract covers: runs before the contract's first
 * period are skipped; after its last one (`effective_to`) there is none.
 */
export function nextRunOf(
  versions: readonly Contract[],
  s: EffectiveSchedule,
  after: number,
): ScheduledRun | undefined {
  const latest = versions[versions.length - 1]!;
  const lastDay = Math.max(
    ...versions.map((v) =>
      v.effectiveTo === null ? Number.POSITIVE_INFINITY : dayNumberFromIso(v.effectiveTo),
    ),
  );
  let t = after;
  for (let i = 0; i < MAX_SKIPPED_RUNS; i++) {
    const r = nextRun(s.rule, workingCalendar(latest), latest.timezone, t);
    if (r === undefined || r.period.firstDay > lastDay) return undefined;
    if (covered(versions, r.period)) return r;
    t = r.at;
  }
  return undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function scheduleJson(versions: readonly Contract[], s: EffectiveSchedule, now: number) {
  const latest = versions[versions.length - 1]!;
  const next = s.enabled ? nextRunOf(versions, s, now) : undefined;
  return {
    period: s.periodKind,
    weekday: s.rule.every === 'week' ? s.rule.weekday : null,
    workingDay: s.rule.every === 'week' ? null : s.rule.workingDay,
    time: formatTimeOfDay(s.rule.minute),
    timezone: latest.timezone,
    lang: s.lang,
    enabled: s.enabled,
    source: s.source,
    nextRun: next === undefined ? null : { at: iso(next.at), period: next.period.name },
  };
}
export type ScheduleJson = ReturnType<typeof scheduleJson>;

export async function listSchedules(
  store: Store,
  contract: ContractRecord,
  now: number,
): Promise<ScheduleJson[]> {
  const versions = await signedVersions(store, contract);
  const latest = versions[versions.length - 1]!;
  return (await effectiveSchedules(store, contract, latest)).map((s) => scheduleJson(versions, s, now));
}

export interface ScheduleInput {
  readonly period: string;
  readonly weekday?: string | undefined;
  readonly workingDay?: number | undefined;
  readonly time?: string | undefined;
  readonly lang?: string | undefined;
  readonly enabled?: boolean | undefined;
}

const LANGS: readonly Lang[] = ['en', 'nl', 'de'];
const KINDS: readonly PeriodKind[] = ['week', 'month', 'quarter'];

function readInput(input: ScheduleInput, current: EffectiveSchedule | undefined): EffectiveSchedule {
  if (!(KINDS as readonly string[]).includes(input.period))
    throw invalid(`period: "${input.period}" is not a report period (week, month, quarter)`, [
      { path: 'period', message: 'is not week, month or quarter' },
    ]);
  const kind = input.period as PeriodKind;
  const base = current?.rule ?? defaultRule(kind);
  const minute = input.time === undefined ? base.minute : parseTimeOfDay(input.time);
  if (minute === undefined)
    throw invalid(`time: "${input.time}" is not a time of day (HH:MM, 00:00-23:59)`, [
      { path: 'time', message: 'is not HH:MM' },
    ]);
  if (input.lang !== undefined && !(LANGS as readonly string[]).includes(input.lang))
    throw invalid(`lang: "${input.lang}" is not en, nl or de`, [
      { path: 'lang', message: 'is not en, nl or de' },
    ]);
  const lang = (input.lang ?? current?.lang ?? 'en') as Lang;
  const enabled = input.enabled ?? current?.enabled ?? true;
  if (kind === 'week') {
    if (input.workingDay !== undefined)
      throw invalid('workingDay: a weekly report runs on a weekday (--weekday), not a working day', [
        { path: 'workingDay', message: 'applies to month and quarter' },
      ]);
    const weekday = input.weekday ?? (base.every === 'week' ? base.weekday : 'mon');
    if (!(WEEKDAY_NAMES as readonly string[]).includes(weekday))
      throw invalid(`weekday: "${weekday}" is not a weekday (${WEEKDAY_NAMES.join(', ')})`, [
        { path: 'weekday', message: 'is not a weekday' },
      ]);
    return {
      periodKind: kind,
      rule: { every: 'week', weekday: weekday as WeekdayName, minute },
      lang,
      enabled,
      source: 'stored',
    };
  }
  if (input.weekday !== undefined)
    throw invalid(`weekday: a ${kind}ly report runs on a working day (--working-day), not a weekday`, [
      { path: 'weekday', message: 'applies to week' },
    ]);
  const workingDay = input.workingDay ?? (base.every === 'week' ? 2 : base.workingDay);
  if (!Number.isInteger(workingDay) || workingDay < 1 || workingDay > MAX_WORKING_DAY)
    throw invalid(`workingDay: ${workingDay} is not a whole number from 1 to ${MAX_WORKING_DAY}`, [
      { path: 'workingDay', message: `not 1..${MAX_WORKING_DAY}` },
    ]);
  return { periodKind: kind, rule: { every: kind, workingDay, minute }, lang, enabled, source: 'stored' };
}

/** One party's admin sets (or switches off) the schedule of a report period kind. */
export async function setSchedule(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  input: ScheduleInput,
  now: number,
): Promise<ScheduleJson> {
  sideOf(principal);
  const versions = await signedVersions(store, contract);
  const latest = versions[versions.length - 1]!;
  const current = (await effectiveSchedules(store, contract, latest)).find(
    (s) => s.periodKind === input.period,
  );
  const s = readInput(input, current);
  const row: ReportSchedule = {
    organisationId: contract.organisationId,
    contractId: contract.id,
    periodKind: s.periodKind,
    weekday: s.rule.every === 'week' ? s.rule.weekday : null,
    workingDay: s.rule.every === 'week' ? null : s.rule.workingDay,
    minute: s.rule.minute,
    lang: s.lang,
    enabled: s.enabled,
    updatedAt: now,
    updatedBy: principal.actor,
  };
  await store.transaction(async (tx) => {
    await tx.schedules.saveSchedule(row);
    await tx.audit.appendScoped(
      contractAudit(contract, now, principal.actor, 'schedule.set', {
        contract: contract.id,
        period: s.periodKind,
        weekday: row.weekday,
        workingDay: row.workingDay,
        time: formatTimeOfDay(row.minute),
        lang: row.lang,
        enabled: row.enabled,
      }),
    );
  });
  return scheduleJson(versions, s, now);
}

/** A run that is due: its contract, schedule, the period it reports and the instant it was due. */
export interface DueRun {
  readonly contract: ContractRecord;
  readonly latest: Contract;
  readonly schedule: EffectiveSchedule;
  readonly period: Period;
  readonly dueAt: number;
}

/** Every contract with a signed version, with its versions and the latest (the scheduler's round). */
async function scheduledContracts(
  store: Store,
): Promise<{ contract: ContractRecord; versions: Contract[]; latest: Contract }[]> {
  const out: { contract: ContractRecord; versions: Contract[]; latest: Contract }[] = [];
  for (const o of await store.tenancy.organisations())
    for (const contract of await store.contracts.contracts(o.id)) {
      const signed = await store.contracts.signedVersions(o.id, contract.id);
      if (signed.length === 0) continue;
      const versions = await signedVersions(store, contract);
      out.push({ contract, versions, latest: versions[versions.length - 1]! });
    }
  return out;
}

/** Runs due at `now`: their instant within the late-run window before it. */
export async function dueRuns(store: Store, now: number, window = LATE_RUN_WINDOW_MS): Promise<DueRun[]> {
  const out: DueRun[] = [];
  for (const { contract, versions, latest } of await scheduledContracts(store))
    for (const schedule of await effectiveSchedules(store, contract, latest)) {
      if (!schedule.enabled) continue;
      const r = nextRunOf(versions, schedule, now - window);
      if (r !== undefined && r.at <= now)
        out.push({ contract, latest, schedule, period: r.period, dueAt: r.at });
    }
  return out;
}

/** The next instant any schedule runs after `now` (the scheduler's timer). */
export async function nextScheduledAt(store: Store, now: number): Promise<number | undefined> {
  let next: number | undefined;
  for (const { contract, versions, latest } of await scheduledContracts(store))
    for (const schedule of await effectiveSchedules(store, contract, latest)) {
      if (!schedule.enabled) continue;
      const r = nextRunOf(versions, schedule, now);
      if (r !== undefined && (next === undefined || r.at < next)) next = r.at;
    }
  return next;
}

/** Sends the report of a due run: renders it and mails it to the contract's recipients; throws on failure. */
export type ReportDelivery = (run: DueRun) => Promise<{ readonly recipients: number }>;

export interface RunOutcome {
  readonly contract: string;
  readonly period: string;
  readonly schedule: PeriodKind;
  readonly status: 'sent' | 'failed' | 'skipped';
  readonly detail: string | null;
}

/**
 * Sends every due run that no one has claimed: the run's row is written first (a unique key per contract,
 * schedule and period), and only the caller that wrote it sends. A failure is recorded and not retried
 * automatically (the mail may have gone out in part); docs/action-plans.md says how to send it again.
 */
export async function runDueReports(
  store: Store,
  now: number,
  deliver: ReportDelivery,
  instance: string,
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (const run of await dueRuns(store, now)) {
    const key = {
      organisationId: run.contract.organisationId,
      contractId: run.contract.id,
      periodKind: run.schedule.periodKind,
      period: run.period.name,
    };
    const claimed = await store.schedules.claimRun({
      ...key,
      dueAt: run.dueAt,
      startedAt: now,
      instance,
      status: 'sending',
      finishedAt: null,
      detail: null,
    });
    const base = { contract: run.contract.id, period: run.period.name, schedule: run.schedule.periodKind };
    if (!claimed) {
      outcomes.push({ ...base, status: 'skipped', detail: null });
      continue;
    }
    let status: 'sent' | 'failed';
    let detail: string;
    try {
      const { recipients } = await deliver(run);
      status = 'sent';
      detail = `${recipients} recipient${recipients === 1 ? '' : 's'}`;
    } catch (e) {
      status = 'failed';
      detail = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    }
    await store.transaction(async (tx) => {
      await tx.schedules.finishRun(key, status, now, detail);
      await tx.audit.appendScoped(
        contractAudit(
          run.contract,
          now,
          'system:scheduler',
          status === 'sent' ? 'report.sent' : 'report.failed',
          {
            contract: run.contract.id,
            period: run.period.name,
            schedule: run.schedule.periodKind,
            dueAt: iso(run.dueAt),
            detail,
          },
        ),
      );
    });
    outcomes.push({ ...base, status, detail });
  }
  return outcomes;
}
