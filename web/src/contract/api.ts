/**
 * The API calls and answer shapes of the contract, what-if, close, dispute, staffing and live pages
 * (docs/api.md), over the dashboard's one client (session cookie, CSRF token on writes).
 */
import { api } from '../api/client.js';
import type { ContractVersion, EvaluationDocument, MetricRow, Statement, TrendPeriod } from '../api/types.js';
import type { Lang } from '../i18n/index.js';

const enc = encodeURIComponent;
const base = (contract: string) => `/api/v1/contracts/${enc(contract)}`;

export interface ContractError {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

export interface FullVersion extends Omit<ContractVersion, 'errors'> {
  readonly text: string;
  readonly errors: readonly ContractError[] | null;
}

export interface Explanation {
  readonly contract: string;
  readonly version: number;
  readonly digest: string;
  readonly lang: Lang;
  readonly text: string;
}

export interface DiffDocument {
  readonly contract: string;
  readonly changes: readonly { readonly path: string; readonly op: string; readonly text: string }[];
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
}

export type Money = Readonly<Record<'fee' | 'credits' | 'earnBack' | 'bonus' | 'payable', string>>;

export interface WhatIfPeriod {
  readonly period: string;
  readonly closed: { readonly payable: string | null } | null;
  readonly current: TrendPeriod & { readonly statement: Statement | null };
  readonly proposed: TrendPeriod & { readonly statement: Statement | null };
  readonly changedVerdicts: readonly string[];
  readonly difference: Money | null;
}

export interface WhatIfDocument {
  readonly contract: string;
  readonly asOf: string;
  readonly basis: 'ended' | 'closed';
  readonly inForce: { readonly version: number; readonly digest: string };
  readonly proposed: {
    readonly version: number;
    readonly status: string;
    readonly digest: string;
    readonly effectiveFrom: string;
    readonly replayedFrom: string;
  };
  readonly periods: readonly WhatIfPeriod[];
  readonly totals: { readonly current: Money; readonly proposed: Money; readonly difference: Money };
}

export interface Agreement {
  readonly at: string;
  readonly by: string;
}

export interface CloseDocument {
  readonly contract: string;
  readonly period: string;
  readonly status: 'proposed' | 'closed';
  readonly asOf: string;
  readonly inputDigest: string;
  readonly agreements: { readonly client: Agreement | null; readonly partner: Agreement | null };
  readonly closedAt: string | null;
  readonly statement: Statement | null;
}

export interface DisputeDocument {
  readonly id: string;
  readonly source: string;
  readonly contact: string | null;
  readonly reason: string;
  readonly note: string | null;
  readonly status: 'proposed' | 'agreed' | 'rejected';
  readonly raised: { readonly at: string; readonly by: string; readonly side: 'client' | 'partner' };
  readonly decided: Agreement | null;
}

export interface StaffingAnswer {
  readonly agents: number;
  readonly serviceLevel: number;
  readonly asa: number | null;
  readonly occupancy: number;
  readonly probabilityOfWaiting: number;
  readonly trafficErlangs: number;
  readonly scheduled: number;
  readonly abandonment?: number | null;
}

export interface OutlookRow extends MetricRow {
  readonly outlook?: {
    readonly expectedRemaining: number;
    readonly basis: 'forecast' | 'pace';
    readonly requiredShare: number;
    readonly attainable: boolean;
  } | null;
}

export const contractApi = {
  version: (contract: string, n: number) =>
    api.request<FullVersion>('GET', `${base(contract)}/versions/${n}`),
  saveVersion: (contract: string, n: number, text: string) =>
    api.request<FullVersion>('PUT', `${base(contract)}/versions/${n}`, { json: { text } }),
  sign: (contract: string, n: number, digest: string) =>
    api.request<FullVersion>('POST', `${base(contract)}/versions/${n}/signatures`, { json: { digest } }),
  explanation: (contract: string, n: number, lang: Lang) =>
    api.request<Explanation>('GET', `${base(contract)}/versions/${n}/explanation`, { query: { lang } }),
  diff: (contract: string, from: number, to: number) =>
    api.request<DiffDocument>('GET', `${base(contract)}/diff`, { query: { from, to } }),
  whatIf: (contract: string, n: number, periods: number, basis: 'ended' | 'closed') =>
    api.request<WhatIfDocument>('GET', `${base(contract)}/versions/${n}/what-if`, {
      query: { periods, basis },
    }),
  evaluation: (contract: string, period: string) =>
    api.request<EvaluationDocument & { metrics: readonly OutlookRow[] }>(
      'GET',
      `${base(contract)}/evaluations/${enc(period)}`,
    ),
  close: (contract: string, period: string) =>
    api.request<CloseDocument>('GET', `${base(contract)}/periods/${enc(period)}/close`),
  agreeToClose: (contract: string, period: string, asOf: string, inputDigest: string) =>
    api.request<CloseDocument>('POST', `${base(contract)}/periods/${enc(period)}/close`, {
      json: { asOf, inputDigest },
    }),
  disputes: (contract: string) =>
    api.request<{ disputes: DisputeDocument[] }>('GET', `${base(contract)}/disputes`),
  raiseDispute: (
    contract: string,
    input: { contact: string; source?: string; reason: string; note?: string },
  ) => api.request<DisputeDocument>('POST', `${base(contract)}/disputes`, { json: input }),
  decideDispute: (contract: string, id: string, agree: boolean) =>
    api.request<DisputeDocument>('POST', `${base(contract)}/disputes/${enc(id)}/decision`, {
      json: { agree },
    }),
  staffing: (query: Readonly<Record<string, string | number | undefined>>) =>
    api.request<StaffingAnswer>('GET', '/api/v1/staffing', { query }),
};
