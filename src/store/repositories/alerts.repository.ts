/**
 * Alerts of the live monitor (migration 0007): raised once per id, listed for the feed, acknowledged, marked
 * escalated; the monitor's checkpoint; and, on PostgreSQL, the advisory lock that makes one monitor the
 * leader among several instances on one database.
 */
import { sql } from 'kysely';
import type { AlertMessage } from '../../domain/monitor/alert.js';
import type { Dialect } from '../dialect.js';
import type { AlertsTable, StoreDb } from '../schema.js';

export type AlertState = 'open' | 'acknowledged' | 'escalated';

export interface AlertRecord {
  readonly message: AlertMessage;
  readonly state: AlertState;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
}

export interface AlertListOptions {
  /** Only alerts in these states; all when undefined. */
  readonly states?: readonly AlertState[];
  /** Newest first, at most this many (default 200). */
  readonly limit?: number;
}

/** The monitor holds the lead while this is not released; another instance waits. */
export interface Leadership {
  release(): Promise<void>;
}

export interface AlertRepository {
  /** Inserts the alert unless one with its id exists; true when it was inserted (raised now). */
  insertNew(message: AlertMessage): Promise<boolean>;
  get(id: string): Promise<AlertRecord | undefined>;
  list(organisationId: string, contractId: string, options?: AlertListOptions): Promise<AlertRecord[]>;
  /** Acknowledges an alert not acknowledged yet; false when it was already (or does not exist). */
  acknowledge(id: string, by: string, at: number): Promise<boolean>;
  /** An open alert not acknowledged in time: gone to the next level. False when no longer open. */
  markEscalated(id: string): Promise<boolean>;
  /** Open alerts with an acknowledge-by: the monitor's escalation timers. */
  awaiting(): Promise<AlertRecord[]>;
  /** Ids of the alerts already raised about these contacts (source, id) — a monitor's memory after a restart. */
  raisedFor(contract: string, contactSource: string, contactId: string): Promise<string[]>;
  /** The instant up to which every due alert was raised (0 when the monitor never ran). */
  checkpoint(): Promise<number>;
  setCheckpoint(at: number): Promise<void>;
  /**
   * PostgreSQL: the session advisory lock of the monitor, held on a connection of its own until released;
   * null when another instance holds it. SQLite: always granted (one process runs the monitor in-process).
   */
  tryLeadership(): Promise<Leadership | null>;
}

/** The key of the monitor's advisory lock (an arbitrary constant: "accord monitor"). */
const MONITOR_LOCK = 0x61636d6f;

const toMs = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function recordOf(r: AlertsTable): AlertRecord {
  return {
    message: JSON.parse(r.message) as AlertMessage,
    state: r.state as AlertState,
    acknowledgedAt: toMs(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
  };
}

const ms = (iso: string) => Date.parse(iso);

export function alertRepository(db: StoreDb, dialect: Dialect): AlertRepository {
  return {
    async insertNew(m) {
      const row: AlertsTable = {
        id: m.id,
        organisation_id: m.organisationId,
        contract_id: m.contract,
        kind: m.kind,
        level: m.level,
        metric: m.metric,
        contact_source: m.contact?.source ?? null,
        contact_id: m.contact?.key ?? null,
        period: m.period,
        due_at: ms(m.dueAt),
        deadline: m.deadline === null ? null : ms(m.deadline),
        raised_at: ms(m.raisedAt),
        acknowledge_by: m.acknowledgeBy === null ? null : ms(m.acknowledgeBy),
        acknowledged_at: null,
        acknowledged_by: null,
        state: 'open',
        message: JSON.stringify(m),
      };
      const inserted = await db
        .insertInto('alerts')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      return inserted.length === 1;
    },

    async get(id) {
      const r = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
      return r === undefined ? undefined : recordOf(r);
    },

    async list(organisationId, contractId, options = {}) {
      let q = db
        .selectFrom('alerts')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('contract_id', '=', contractId);
      if (options.states !== undefined && options.states.length > 0)
        q = q.where('state', 'in', options.states);
      const rows = await q
        .orderBy('raised_at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 200)
        .execute();
      return rows.map(recordOf);
    },

    async acknowledge(id, by, at) {
      const r = await db
        .updateTable('alerts')
        .set({ acknowledged_at: at, acknowledged_by: by, state: 'acknowledged' })
        .where('id', '=', id)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async markEscalated(id) {
      const r = await db
        .updateTable('alerts')
        .set({ state: 'escalated' })
        .where('id', '=', id)
        .where('state', '=', 'open')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async awaiting() {
      const rows = await db
        .selectFrom('alerts')
        .selectAll()
        .where('state', '=', 'open')
        .where('acknowledge_by', 'is not', null)
        .orderBy('acknowledge_by')
        .execute();
      return rows.map(recordOf);
    },

    async raisedFor(contract, contactSource, contactId) {
      const rows = await db
        .selectFrom('alerts')
        .select('id')
        .where('contract_id', '=', contract)
        .where('contact_source', '=', contactSource)
        .where('contact_id', '=', contactId)
        .execute();
      return rows.map((r) => r.id);
    },

    async checkpoint() {
      const r = await db
        .selectFrom('monitor_state')
        .select('value')
        .where('name', '=', 'checkpoint')
        .executeTakeFirst();
      return Number(r?.value ?? 0);
    },

    async setCheckpoint(at) {
      await db
        .insertInto('monitor_state')
        .values({ name: 'checkpoint', value: at })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: at }))
        .execute();
    },

    async tryLeadership() {
      if (dialect === 'sqlite') return { release: async () => undefined };
      let granted!: (held: boolean) => void;
      const decided = new Promise<boolean>((resolve) => (granted = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const holding = db
        .connection()
        .execute(async (conn) => {
          const r = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${MONITOR_LOCK}) as ok`.execute(
            conn,
          );
          const ok = r.rows[0]?.ok === true;
          granted(ok);
          if (!ok) return;
          await released;
          await sql`select pg_advisory_unlock(${MONITOR_LOCK})`.execute(conn);
        })
        .catch(() => granted(false));
      if (!(await decided)) {
        await holding;
        return null;
      }
      return {
        release: async () => {
          release();
          await holding;
        },
      };
    },
  };
}
