/**
 * The heavy work behind a request — an evaluation, a drill-down, a trend, a report, a staffing answer — as plain
 * data in and out, so that it runs the same in a worker thread (`worker-pool.ts`, for `accord serve`) or in
 * the request's own thread (tests, `createApp` without a pool). The inputs were checked against the bounds
 * (`services/bounds.ts`) and the caller's tenancy before a job is made.
 */
import type { Lang } from '../domain/contract/types.js';
import type { StaffingPolicy, StaffingResult } from '../domain/staffing.js';
import { requiredStaff, staffWith, trafficOf } from '../domain/staffing.js';
import { type RenderedReport, type ReportFormat, renderReport } from '../reports/index.js';
import { type PeriodDocument, periodDocument } from '../services/closing.service.js';
import { signedVersions } from '../services/contracts.service.js';
import { ServiceError } from '../services/errors.js';
import { periodOf } from '../services/evaluation.service.js';
import { storedReport } from '../services/report.service.js';
import { breachesOf, type TrendRequest, trendOf } from '../services/results.service.js';
import type { Principal } from '../services/roles.js';
import type { ContractRecord, Store } from '../store/index.js';

export interface Jobs {
  staffing: {
    input: {
      readonly load: { volume: number; intervalSeconds: number; ahtSeconds: number };
      readonly agents?: number | undefined;
      readonly policy: StaffingPolicy;
    };
    output: StaffingResult;
  };
  evaluation: {
    input: { readonly contract: ContractRecord; readonly period: string; readonly asOf: number };
    output: PeriodDocument;
  };
  breaches: {
    input: {
      readonly contract: ContractRecord;
      readonly period: string;
      readonly metric: string;
      readonly asOf: number;
    };
    output: Awaited<ReturnType<typeof breachesOf>>;
  };
  trend: {
    input: { readonly contract: ContractRecord; readonly request: TrendRequest; readonly asOf: number };
    output: Awaited<ReturnType<typeof trendOf>>;
  };
  report: {
    input: {
      readonly contract: ContractRecord;
      readonly period: string;
      readonly asOf: number;
      readonly principal: Principal;
      readonly format: ReportFormat;
      readonly lang: Lang;
    };
    output: RenderedReport;
  };
}

export type JobKind = keyof Jobs;

/** Runs a job of a kind; `signal` cancels it when the client goes away. */
export type WorkRunner = <K extends JobKind>(
  kind: K,
  input: Jobs[K]['input'],
  signal?: AbortSignal,
) => Promise<Jobs[K]['output']>;

/** Does the work of one job with the store at hand (the worker's own, or the app's). */
export async function runJob<K extends JobKind>(
  store: () => Promise<Store>,
  kind: K,
  input: Jobs[K]['input'],
): Promise<Jobs[K]['output']> {
  type Out = Jobs[K]['output'];
  switch (kind) {
    case 'staffing': {
      const job = input as Jobs['staffing']['input'];
      const traffic = trafficOf(job.load);
      return (
        job.agents === undefined
          ? requiredStaff(traffic, job.policy)
          : staffWith(traffic, job.agents, job.policy)
      ) as Out;
    }
    case 'evaluation': {
      const job = input as Jobs['evaluation']['input'];
      const s = await store();
      const versions = await signedVersions(s, job.contract);
      const p = periodOf(versions, job.period, 'path.period');
      return (await periodDocument(s, job.contract, versions, p, job.asOf)) as Out;
    }
    case 'breaches': {
      const job = input as Jobs['breaches']['input'];
      return (await breachesOf(await store(), job.contract, job.period, job.metric, job.asOf)) as Out;
    }
    case 'trend': {
      const job = input as Jobs['trend']['input'];
      return (await trendOf(await store(), job.contract, job.request, job.asOf)) as Out;
    }
    case 'report': {
      const job = input as Jobs['report']['input'];
      const s = await store();
      const versions = await signedVersions(s, job.contract);
      const p = periodOf(versions, job.period, 'path.period');
      const model = await storedReport(s, job.contract, versions, p, job.asOf, job.principal);
      return (await renderReport(model, job.format, job.lang)) as Out;
    }
  }
  throw new Error(`unknown job ${String(kind)}`);
}

/** The work done in the request's own thread (no pool). */
export function inThread(store: Store): WorkRunner {
  return (kind, input) => runJob(async () => store, kind, input);
}

/** An error as data, to cross from a worker thread. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: unknown;
  readonly service?: {
    readonly kind: ServiceError['kind'];
    readonly details: ServiceError['details'];
    readonly extra: ServiceError['extra'];
  };
}

export function errorData(e: unknown): ErrorData {
  const error = e instanceof Error ? e : new Error(String(e));
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code }),
    ...(error instanceof ServiceError
      ? { service: { kind: error.kind, details: error.details, extra: error.extra } }
      : {}),
  };
}

/** The error again, as the class the edge maps (ServiceError, RangeError) where it was one. */
export function errorFromData(d: ErrorData): Error {
  if (d.service !== undefined)
    return new ServiceError(d.service.kind, d.message, d.service.details, d.service.extra);
  const e =
    d.name === 'RangeError' || d.name === 'QueueTooLongError'
      ? new RangeError(d.message)
      : new Error(d.message);
  if (d.name !== 'QueueTooLongError') e.name = d.name;
  if (d.code !== undefined) (e as { code?: unknown }).code = d.code;
  return e;
}
