/**
 * Evaluations and action plans of a contract (docs/action-plans.md), for the API, the CLI and the reports
 * alike: notes per period, actions (what, owner party and person, due date, status, linked metric) carried
 * from period to period until closed, the plans the contract requires after an ended period's evaluation,
 * and the overdue check. Both parties read the same list; each party's admin writes; every change is in
 * the audit log.
 */
import {
  isOverdue,
  type JudgedPeriod,
  listedIn,
  OPEN_STATUSES,
  overdueFrom,
  requiredPlans,
} from '../domain/action-plans.js';
import { isIsoDate } from '../domain/calendar/definition.js';
import type { Contract } from '../domain/contract/types.js';
import type { AlertMessage } from '../domain/monitor/alert.js';
import { type Period, parsePeriod, periodContainingDay } from '../domain/period.js';
import { localDayOf } from '../domain/time/zone.js';
import { ACTION_PLAN_WORDS, ACTION_STATUSES, type ActionStatus } from '../locales/action-plans.js';
import type { ReportActionPlan } from '../reports/model.js';
import type {
  ActionItem,
  ActionSide,
  ContractRecord,
  PeriodNote,
  Store,
  TransactionRepositories,
} from '../store/index.js';
import { boundedPeriod } from './bounds.js';
import { contractAudit } from './contract-audit.js';
import { signedVersions } from './contracts.service.js';
import { invalid, notFound } from './errors.js';
import { type Principal, sideOf } from './roles.js';
import { newId } from './secrets.js';

export { ACTION_STATUSES, type ActionStatus };
export const ACTION_SIDES: readonly ActionSide[] = ['client', 'partner'];

/** Bounds of what a user writes (every input bounded before work starts). */
export const MAX_WHAT = 500;
export const MAX_PERSON = 200;
export const MAX_NOTE = 20_000;

const iso = (ms: number) => new Date(ms).toISOString();

export function actionJson(a: ActionItem, zone: string, now: number, period?: Period) {
  return {
    id: a.id,
    contract: a.contractId,
    period: a.period,
    metric: a.metric,
    what: a.what,
    owner: { side: a.ownerSide, person: a.ownerPerson },
    dueDate: a.dueDate,
    status: a.status,
    required: a.trigger !== null,
    overdue: isOverdue(a, zone, now),
    carried: period !== undefined && a.period !== period.name,
    created: { at: iso(a.createdAt), by: a.createdBy },
    updated: { at: iso(a.updatedAt), by: a.updatedBy },
    closedAt: a.closedAt === null ? null : iso(a.closedAt),
  };
}
export type ActionJson = ReturnType<typeof actionJson>;

export function noteJson(n: PeriodNote) {
  return { period: n.period, text: n.text, updated: { at: iso(n.updatedAt), by: n.updatedBy } };
}

/** The latest signed version (its zone, metrics, period kind), or conflict when none is signed. */
async function latestOf(
  store: Store,
  contract: ContractRecord,
): Promise<{ versions: Contract[]; latest: Contract }> {
  const versions = await signedVersions(store, contract);
  return { versions, latest: versions[versions.length - 1]! };
}

export interface ActionPlanView {
  readonly contract: string;
  readonly period: string | null;
  readonly actions: ActionJson[];
  readonly notes: ReturnType<typeof noteJson>[];
}

/**
 * The action plan as both parties see it: for a period, the actions its report lists (opened for it or
 * carried from earlier periods until closed) and its notes; without one, every action and every note.
 */
export async function actionPlanOf(
  store: Store,
  contract: ContractRecord,
  periodName: string | undefined,
  now: number,
): Promise<ActionPlanView> {
  const { versions, latest } = await latestOf(store, contract);
  const zone = latest.timezone;
  const items = await store.actionPlans.items(contract.organisationId, contract.id);
  const notes = await store.actionPlans.notes(contract.organisationId, contract.id);
  if (periodName === undefined)
    return {
      contract: contract.id,
      period: null,
      actions: items.map((a) => actionJson(a, zone, now)),
      notes: notes.map(noteJson),
    };
  const period = boundedPeriod(versions, periodName, now, 'period');
  const periodOf = (name: string) => parsePeriod(name, zone);
  return {
    contract: contract.id,
    period: period.name,
    actions: items.filter((a) => listedIn(a, period, periodOf)).map((a) => actionJson(a, zone, now, period)),
    notes: notes.filter((n) => n.period === period.name).map(noteJson),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LINE_BREAK = /[\r\n\t]/;

/** Text people read: no control characters (PostgreSQL refuses NUL); one line unless `lines`. */
function readable(path: string, text: string, lines = false): void {
  if (CONTROL.test(text) || (!lines && LINE_BREAK.test(text)))
    throw invalid(`${path}: contains control characters`, [{ path, message: 'contains control characters' }]);
}

function bounded(path: string, text: string, max: number): string {
  readable(path, text);
  const t = text.trim();
  if (t === '') throw invalid(`${path}: is empty`, [{ path, message: 'is empty' }]);
  if (t.length > max)
    throw invalid(`${path}: is longer than ${max} characters`, [
      { path, message: `longer than ${max} characters` },
    ]);
  return t;
}

function checkDueDate(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (!isIsoDate(value))
    throw invalid(`dueDate: "${value}" is not a date (YYYY-MM-DD)`, [
      { path: 'dueDate', message: 'is not a date' },
    ]);
  return value;
}

function checkMetric(versions: readonly Contract[], metric: string | null | undefined): string | null {
  if (metric === undefined || metric === null) return null;
  const known = new Set(versions.flatMap((v) => v.metrics.map((m) => m.id)));
  if (!known.has(metric))
    throw invalid(`metric: "${metric}" is not a metric of the contract (${[...known].join(', ')})`, [
      { path: 'metric', message: 'is not a metric of the contract' },
    ]);
  return metric;
}

function checkStatus(status: string): ActionStatus {
  if (!(ACTION_STATUSES as readonly string[]).includes(status))
    throw invalid(`status: "${status}" is not a status (${ACTION_STATUSES.join(', ')})`, [
      { path: 'status', message: 'is not a status' },
    ]);
  return status as ActionStatus;
}

function checkSide(side: string): ActionSide {
  if (!(ACTION_SIDES as readonly string[]).includes(side))
    throw invalid(`owner: "${side}" is not a party (client, partner)`, [
      { path: 'owner', message: 'is not a party' },
    ]);
  return side as ActionSide;
}

export interface NewAction {
  readonly what: string;
  readonly ownerSide: string;
  readonly ownerPerson?: string | null | undefined;
  readonly dueDate?: string | null | undefined;
  readonly metric?: string | null | undefined;
  /** The period it is opened for; default: the judgement period running now. */
  readonly period?: string | undefined;
}

const closedAtFor = (status: ActionStatus, before: number | null, now: number): number | null =>
  OPEN_STATUSES.includes(status) ? null : (before ?? now);

/** One party's admin adds an action. */
export async function addAction(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  input: NewAction,
  now: number,
): Promise<ActionItem> {
  sideOf(principal);
  const { versions, latest } = await latestOf(store, contract);
  const what = bounded('what', input.what, MAX_WHAT);
  const ownerSide = checkSide(input.ownerSide);
  const ownerPerson =
    input.ownerPerson === undefined || input.ownerPerson === null
      ? null
      : bounded('ownerPerson', input.ownerPerson, MAX_PERSON);
  const dueDate = checkDueDate(input.dueDate);
  const metric = checkMetric(versions, input.metric);
  const period =
    input.period === undefined
      ? currentPeriodName(latest, now)
      : boundedPeriod(versions, input.period, now, 'period').name;
  const item: ActionItem = {
    id: newId('act'),
    organisationId: contract.organisationId,
    contractId: contract.id,
    period,
    metric,
    what,
    ownerSide,
    ownerPerson,
    dueDate,
    status: 'open',
    trigger: null,
    createdAt: now,
    createdBy: principal.actor,
    updatedAt: now,
    updatedBy: principal.actor,
    closedAt: null,
    overdueAlertedAt: null,
  };
  await store.transaction(async (tx) => {
    await tx.actionPlans.createItem(item);
    await tx.audit.appendScoped(
      contractAudit(contract, now, principal.actor, 'action.added', {
        contract: contract.id,
        action: item.id,
        period,
        metric,
        ownerSide,
        dueDate,
      }),
    );
  });
  return item;
}

function currentPeriodName(latest: Contract, now: number): string {
  return periodContainingDay(latest.period, localDayOf(latest.timezone, now), latest.timezone).name;
}

export interface ActionChange {
  readonly what?: string | undefined;
  readonly ownerSide?: string | undefined;
  readonly ownerPerson?: string | null | undefined;
  readonly dueDate?: string | null | undefined;
  readonly status?: string | undefined;
  readonly metric?: string | null | undefined;
}

/** One party's admin changes an action: its words, owner, due date, status or metric. */
export async function updateAction(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  id: string,
  change: ActionChange,
  now: number,
): Promise<ActionItem> {
  sideOf(principal);
  const { versions } = await latestOf(store, contract);
  const patch: Partial<ActionItem> = {
    ...(change.what === undefined ? {} : { what: bounded('what', change.what, MAX_WHAT) }),
    ...(change.ownerSide === undefined ? {} : { ownerSide: checkSide(change.ownerSide) }),
    ...(change.ownerPerson === undefined
      ? {}
      : {
          ownerPerson:
            change.ownerPerson === null ? null : bounded('ownerPerson', change.ownerPerson, MAX_PERSON),
        }),
    ...(change.dueDate === undefined ? {} : { dueDate: checkDueDate(change.dueDate) }),
    ...(change.status === undefined ? {} : { status: checkStatus(change.status) }),
    ...(change.metric === undefined ? {} : { metric: checkMetric(versions, change.metric) }),
  };
  if (Object.keys(patch).length === 0)
    throw invalid('nothing to change: give what, owner, person, due date, status or metric', [
      { path: 'body', message: 'has no change' },
    ]);
  return store.transaction(async (tx) => {
    const before = await tx.actionPlans.item(contract.organisationId, contract.id, id, { lock: true });
    if (before === undefined) throw notFound(`action "${id}" not found in contract "${contract.id}"`);
    const status = patch.status ?? before.status;
    const after: ActionItem = {
      ...before,
      ...patch,
      closedAt: closedAtFor(status, before.closedAt, now),
      // A new due date may make it overdue again: the alert is raised for the new date.
      overdueAlertedAt:
        patch.dueDate !== undefined && patch.dueDate !== before.dueDate ? null : before.overdueAlertedAt,
      updatedAt: now,
      updatedBy: principal.actor,
    };
    const changed = Object.fromEntries(
      Object.entries(patch).filter(([k, v]) => before[k as keyof ActionItem] !== v),
    );
    if (Object.keys(changed).length === 0) return before;
    await tx.actionPlans.saveItem(after);
    await tx.audit.appendScoped(
      contractAudit(contract, now, principal.actor, 'action.updated', {
        contract: contract.id,
        action: id,
        changed,
        from: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof ActionItem]])),
      }),
    );
    return after;
  });
}

/** One party's admin writes the notes of a period; an empty text removes them. */
export async function setNotes(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  periodName: string,
  text: string,
  now: number,
): Promise<PeriodNote | null> {
  sideOf(principal);
  const { versions } = await latestOf(store, contract);
  const period = boundedPeriod(versions, periodName, now, 'period');
  if (text.length > MAX_NOTE)
    throw invalid(`text: is longer than ${MAX_NOTE} characters`, [{ path: 'text', message: 'too long' }]);
  readable('text', text, true);
  const trimmed = text.trim();
  return store.transaction(async (tx) => {
    const before = await tx.actionPlans.note(contract.organisationId, contract.id, period.name);
    const audit = (action: string) =>
      tx.audit.appendScoped(
        contractAudit(contract, now, principal.actor, action, {
          contract: contract.id,
          period: period.name,
          characters: trimmed.length,
        }),
      );
    if (trimmed === '') {
      if (before === undefined) return null;
      await tx.actionPlans.deleteNote(contract.organisationId, contract.id, period.name);
      await audit('notes.removed');
      return null;
    }
    const note: PeriodNote = {
      organisationId: contract.organisationId,
      contractId: contract.id,
      period: period.name,
      text: trimmed,
      updatedAt: now,
      updatedBy: principal.actor,
    };
    if (before?.text === trimmed) return before;
    await tx.actionPlans.saveNote(note);
    await audit('notes.set');
    return note;
  });
}

/**
 * Opens the plans the contract requires after an ended period's evaluation (idempotent: one plan per
 * metric and period, whoever asks first). Called when an ended judgement period is evaluated (the API's
 * evaluation, a report) and when a period is closed. Returns the plans this call opened.
 */
export async function openRequiredPlans(
  store: Store,
  contract: ContractRecord,
  latest: Contract,
  period: Period,
  judged: JudgedPeriod,
  now: number,
  actor = 'system:action-plans',
): Promise<ActionItem[]> {
  const plans = requiredPlans(latest, period, judged);
  if (plans.length === 0) return [];
  const existing = new Set(
    (await store.actionPlans.items(contract.organisationId, contract.id)).map((a) => a.trigger),
  );
  const missing = plans.filter((p) => !existing.has(p.trigger));
  if (missing.length === 0) return [];
  const words = ACTION_PLAN_WORDS.en;
  return store.transaction(async (tx) => {
    const opened: ActionItem[] = [];
    for (const p of missing) {
      const item: ActionItem = {
        id: newId('act'),
        organisationId: contract.organisationId,
        contractId: contract.id,
        period: p.period,
        metric: p.metric,
        what: words.requiredWhat(p.metric, p.period, p.when),
        ownerSide: 'partner',
        ownerPerson: null,
        dueDate: p.dueDate,
        status: 'open',
        trigger: p.trigger,
        createdAt: now,
        createdBy: actor,
        updatedAt: now,
        updatedBy: actor,
        closedAt: null,
        overdueAlertedAt: null,
      };
      if (!(await tx.actionPlans.openRequired(item))) continue;
      opened.push(item);
      await tx.audit.appendScoped(
        contractAudit(contract, now, actor, 'action_plan.opened', {
          contract: contract.id,
          action: item.id,
          metric: p.metric,
          period: p.period,
          when: p.when,
          dueDate: p.dueDate,
        }),
      );
    }
    return opened;
  });
}

/** The alert of an overdue action: the same id however often it is raised, so it is delivered once. */
export function overdueAlert(
  contract: ContractRecord,
  latest: Contract,
  a: ActionItem,
  now: number,
): AlertMessage {
  const zone = latest.timezone;
  const level = latest.escalation[0];
  return {
    id: `action_overdue:${contract.organisationId}:${contract.id}:${a.id}:${a.dueDate ?? ''}`,
    organisationId: contract.organisationId,
    contract: contract.id,
    contractName: contract.id,
    kind: 'action_overdue',
    level: level?.level ?? 1,
    who: level?.who ?? [],
    metric: a.metric,
    contact: null,
    period: a.period,
    dueAt: iso(overdueFrom(a.dueDate!, zone)),
    deadline: null,
    raisedAt: iso(now),
    acknowledgeBy: null,
  };
}

/** What raising an alert means here: notify's outbox once merged, recorded in the audit log always. */
export type AlertSink = (tx: TransactionRepositories, alert: AlertMessage) => Promise<void>;

/**
 * Raises `action_overdue` once per action and due date for every open action past its due date, in the
 * transaction that marks it raised (a second run or instance raises nothing). Returns the alerts raised.
 */
export async function raiseOverdueActions(
  store: Store,
  now: number,
  sink: AlertSink = async () => undefined,
): Promise<AlertMessage[]> {
  const raised: AlertMessage[] = [];
  const zones = new Map<string, { contract: ContractRecord; latest: Contract } | null>();
  for (const a of await store.actionPlans.openWithDueDate()) {
    if (a.overdueAlertedAt !== null) continue;
    const key = `${a.organisationId}\u0000${a.contractId}`;
    if (!zones.has(key)) zones.set(key, await contractOf(store, a.organisationId, a.contractId));
    const found = zones.get(key);
    if (found == null || !isOverdue(a, found.latest.timezone, now)) continue;
    const alert = overdueAlert(found.contract, found.latest, a, now);
    const done = await store.transaction(async (tx) => {
      if (!(await tx.actionPlans.markOverdueAlerted(a.id, now))) return false;
      await sink(tx, alert);
      await tx.audit.appendScoped(
        contractAudit(found.contract, now, 'system:action-plans', 'action.overdue', {
          contract: a.contractId,
          action: a.id,
          dueDate: a.dueDate,
          alert: alert.id,
        }),
      );
      return true;
    });
    if (done) raised.push(alert);
  }
  return raised;
}

/** The next instant an open action becomes overdue and is not alerted yet (the scheduler's timer). */
export async function nextOverdueAt(store: Store, now: number): Promise<number | undefined> {
  let next: number | undefined;
  const zones = new Map<string, string | null>();
  for (const a of await store.actionPlans.openWithDueDate()) {
    if (a.overdueAlertedAt !== null || a.dueDate === null) continue;
    const key = `${a.organisationId}\u0000${a.contractId}`;
    if (!zones.has(key))
      zones.set(key, (await contractOf(store, a.organisationId, a.contractId))?.latest.timezone ?? null);
    const zone = zones.get(key);
    if (zone == null) continue;
    const at = Math.max(overdueFrom(a.dueDate, zone), now);
    if (next === undefined || at < next) next = at;
  }
  return next;
}

async function contractOf(
  store: Store,
  organisationId: string,
  contractId: string,
): Promise<{ contract: ContractRecord; latest: Contract } | null> {
  const contract = await store.contracts.contract(organisationId, contractId);
  if (contract === undefined) return null;
  try {
    return { contract, latest: (await latestOf(store, contract)).latest };
  } catch {
    return null;
  }
}

/** A judged period as the report's trend holds it: its name, and what the rule reads. */
export type JudgedEntry = JudgedPeriod & { readonly period: string };

/**
 * The action plan of a stored contract's report of `period`: first the plans required by the ended
 * judgement periods of its trend are opened (once), then the actions its report lists and its notes,
 * overdue as of `asOf`.
 */
export async function reportActionPlan(
  store: Store,
  contract: ContractRecord,
  latest: Contract,
  period: Period,
  trend: readonly JudgedEntry[],
  asOf: number,
): Promise<ReportActionPlan> {
  const zone = latest.timezone;
  const periodOf = (name: string) => parsePeriod(name, zone);
  for (const entry of trend) {
    const judged = periodOf(entry.period);
    if (judged !== undefined && judged.end <= asOf)
      await openRequiredPlans(store, contract, latest, judged, entry, asOf);
  }
  const items = await store.actionPlans.items(contract.organisationId, contract.id);
  const notes = await store.actionPlans.notes(contract.organisationId, contract.id);
  return {
    actions: items
      .filter((a) => listedIn(a, period, periodOf))
      .map((a) => {
        const j = actionJson(a, zone, asOf, period);
        return {
          id: j.id,
          period: j.period,
          metric: j.metric,
          what: j.what,
          owner: j.owner,
          dueDate: j.dueDate,
          status: j.status,
          required: j.required,
          overdue: j.overdue,
          carried: j.carried,
        };
      }),
    notes: notes.filter((n) => n.period === period.name).map((n) => ({ period: n.period, text: n.text })),
  };
}
