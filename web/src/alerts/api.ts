/**
 * The alerts calls of the dashboard (docs/api.md, docs/monitor.md): a contract's feed, acknowledging as the
 * signed-in user, and the signed link of an alert mail (shown by a GET, acknowledged only by a POST).
 */
import { api } from '../api/client.js';

const enc = encodeURIComponent;

export type AlertState = 'open' | 'acknowledged' | 'escalated';

/** An alert as `GET …/alerts` answers it (the API's `Alert` schema). */
export interface Alert {
  readonly id: string;
  readonly contract: string;
  readonly kind: 'at_risk' | 'breached' | 'missed_periods' | 'escalated' | 'action_overdue';
  readonly level: number;
  readonly who: readonly string[];
  readonly metric: string | null;
  readonly contact: {
    readonly source: string;
    readonly key: string;
    readonly channel: string;
    readonly createdAt: string;
    readonly language?: string;
    readonly queue?: string;
  } | null;
  readonly period: string | null;
  readonly dueAt: string;
  readonly deadline: string | null;
  readonly raisedAt: string;
  readonly acknowledgeBy: string | null;
  readonly state: AlertState;
  readonly open: boolean;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly periodRisk?: {
    readonly period: string;
    readonly value: number | null;
    readonly target: number;
    readonly needed: number | null;
    readonly remaining: number;
  };
  readonly missedPeriods?: number;
}

export const alertsApi = {
  list: (contract: string, state: 'open' | 'acknowledged' | 'all', limit: number) =>
    api.request<{ alerts: Alert[] }>('GET', `/api/v1/contracts/${enc(contract)}/alerts`, {
      query: { state, limit },
    }),
  acknowledge: (contract: string, id: string) =>
    api.request<Alert>('POST', `/api/v1/contracts/${enc(contract)}/alerts/${enc(id)}/acknowledge`),
  byLink: (token: string) => api.request<Alert>('GET', '/api/v1/alerts/acknowledge', { query: { token } }),
  acknowledgeByLink: (token: string) =>
    api.request<Alert>('POST', '/api/v1/alerts/acknowledge', { query: { token } }),
};
