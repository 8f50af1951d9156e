/**
 * Alerts (issue 15): raising them — the alert row, the delivery outbox and the audit entry in one
 * transaction, so that an alert is raised exactly once and always delivered —, escalating one that was not
 * acknowledged in time, acknowledging, and the feed the dashboard and `accord alerts list` read.
 */
import type { AlertMessage } from '../domain/monitor/alert.js';
import type {
  AlertRecord,
  AlertState,
  ContractRecord,
  Store,
  TransactionRepositories,
} from '../store/index.js';
import { contractAudit } from './contract-audit.js';
import { invalid, notFound } from './errors.js';
import type { Principal } from './roles.js';
import { visibleContract } from './tenancy.service.js';

/** Who raises alerts, as the audit log names it. */
export const MONITOR_ACTOR = 'monitor';

/**
 * Hands an alert to the notifiers: the delivery rows of every recipient of its `who`, in the transaction
 * that raised it (the outbox, migration 0008), so that a raised alert is always delivered and never twice.
 */
async function enqueueDelivery(tx: TransactionRepositories, message: AlertMessage): Promise<void> {
  await tx.deliveries.enqueue(message);
}

function alertAudit(
  record: Pick<ContractRecord, 'organisationId' | 'partnerId' | 'id'>,
  at: number,
  actor: string,
  action: string,
  m: AlertMessage,
) {
  return contractAudit(record as ContractRecord, at, actor, action, {
    alert: m.id,
    kind: m.kind,
    level: m.level,
    who: m.who,
    metric: m.metric,
    contact: m.contact === null ? null : `${m.contact.source}/${m.contact.key}`,
    period: m.period,
    dueAt: m.dueAt,
  });
}

/**
 * Raises the alerts that are not raised yet (by id), each with its outbox rows and audit entry, all in one
 * transaction; returns those raised now. Raising an alert again (a restart, another instance) does nothing.
 */
export async function raiseAlerts(
  store: Store,
  contract: Pick<ContractRecord, 'organisationId' | 'partnerId' | 'id'>,
  messages: readonly AlertMessage[],
  at: number,
): Promise<AlertMessage[]> {
  if (messages.length === 0) return [];
  return store.transaction(async (tx) => {
    const raised: AlertMessage[] = [];
    for (const m of messages) {
      if (!(await tx.alerts.insertNew(m))) continue;
      await enqueueDelivery(tx, m);
      await tx.audit.appendScoped(alertAudit(contract, at, MONITOR_ACTOR, 'alert.raised', m));
      raised.push(m);
    }
    return raised;
  });
}

/**
 * An alert not acknowledged by its acknowledge-by goes to the next level: it is marked escalated and the
 * next level's alert raised, in one transaction. Nothing happens when it was acknowledged meanwhile (here or
 * in another process). Returns the escalated alert when raised now.
 */
export async function escalateAlert(
  store: Store,
  contract: Pick<ContractRecord, 'organisationId' | 'partnerId' | 'id'>,
  alert: AlertMessage,
  next: AlertMessage,
  at: number,
): Promise<AlertMessage | undefined> {
  return store.transaction(async (tx) => {
    if (!(await tx.alerts.markEscalated(alert.id))) return undefined;
    if (!(await tx.alerts.insertNew(next))) return undefined;
    await enqueueDelivery(tx, next);
    await tx.audit.appendScoped(alertAudit(contract, at, MONITOR_ACTOR, 'alert.escalated', next));
    return next;
  });
}

/** An alert as the feed and the CLI show it. */
export function alertJson(r: AlertRecord) {
  const m = r.message;
  return {
    id: m.id,
    contract: m.contract,
    kind: m.kind,
    level: m.level,
    who: [...m.who],
    metric: m.metric,
    contact: m.contact === null ? null : { ...m.contact },
    period: m.period,
    dueAt: m.dueAt,
    deadline: m.deadline,
    raisedAt: m.raisedAt,
    acknowledgeBy: m.acknowledgeBy,
    state: r.state,
    open: r.state !== 'acknowledged',
    acknowledgedAt: r.acknowledgedAt === null ? null : new Date(r.acknowledgedAt).toISOString(),
    acknowledgedBy: r.acknowledgedBy,
    ...(m.periodRisk === undefined ? {} : { periodRisk: m.periodRisk }),
    ...(m.missedPeriods === undefined ? {} : { missedPeriods: m.missedPeriods }),
  };
}
export type AlertJson = ReturnType<typeof alertJson>;

const STATES: readonly AlertState[] = ['open', 'acknowledged', 'escalated'];

/** `open` (not acknowledged: open or escalated), `acknowledged`, or every alert. */
export type AlertFilter = 'open' | 'acknowledged' | 'all';

export function statesOf(filter: AlertFilter): readonly AlertState[] | undefined {
  if (filter === 'all') return undefined;
  return filter === 'open' ? ['open', 'escalated'] : ['acknowledged'];
}

/** The alerts of a contract the caller can see, newest first. */
export async function listAlerts(
  store: Store,
  principal: Principal,
  contractId: string,
  filter: AlertFilter = 'all',
  limit = 200,
): Promise<AlertJson[]> {
  const contract = await visibleContract(store, principal, contractId);
  const states = statesOf(filter);
  const rows = await store.alerts.list(contract.organisationId, contract.id, {
    ...(states === undefined ? {} : { states }),
    limit,
  });
  return rows.map(alertJson);
}

async function acknowledgeIn(
  store: Store,
  contract: ContractRecord,
  alertId: string,
  actor: string,
  at: number,
): Promise<AlertJson> {
  return store.transaction(async (tx) => {
    const found = await tx.alerts.get(alertId);
    if (
      found === undefined ||
      found.message.organisationId !== contract.organisationId ||
      found.message.contract !== contract.id
    )
      throw notFound(`alert "${alertId}" not found`);
    if (await tx.alerts.acknowledge(alertId, actor, at))
      await tx.audit.appendScoped(alertAudit(contract, at, actor, 'alert.acknowledged', found.message));
    return alertJson((await tx.alerts.get(alertId))!);
  });
}

/**
 * Acknowledges an alert of a contract the caller can see: its escalation stops. Acknowledging again
 * changes nothing (the first acknowledgement stands) and answers the alert as it is.
 */
export async function acknowledgeAlert(
  store: Store,
  principal: Principal,
  contractId: string,
  alertId: string,
  at: number,
): Promise<AlertJson> {
  const contract = await visibleContract(store, principal, contractId);
  return acknowledgeIn(store, contract, alertId, principal.actor, at);
}

/** The operator's acknowledgement (`accord alerts ack ID`), for the alert's own contract. */
export async function acknowledgeAlertAsOperator(
  store: Store,
  alertId: string,
  actor: string,
  at: number,
): Promise<AlertJson> {
  const found = await store.alerts.get(alertId);
  if (found === undefined) throw notFound(`alert "${alertId}" not found`);
  const contract = await store.contracts.contract(found.message.organisationId, found.message.contract);
  if (contract === undefined) throw notFound(`alert "${alertId}" not found`);
  return acknowledgeIn(store, contract, alertId, actor, at);
}

/** Acknowledges the alert a verified acknowledge link names (the link is checked by the caller). */
export async function acknowledgeByLink(store: Store, alertId: string, at: number): Promise<AlertJson> {
  if (alertId.length === 0) throw invalid('the acknowledge link names no alert');
  return acknowledgeAlertAsOperator(store, alertId, 'link:mail', at);
}

export { STATES as ALERT_STATES };
