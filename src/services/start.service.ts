/**
 * What `accord start` judges and how it sums it up (docs/demo-data.md, `npm start`): a contract (the demo's
 * file, else the first contract the store holds with a signed version), its last period that has ended (its
 * first period when none has ended yet), evaluated from the store exactly as the API shows it, and the
 * headline of the figures: verdicts, the missed metrics, the excused ones, the money.
 */
import type { Contract } from '../domain/contract/types.js';
import { type Period, periodContainingDay } from '../domain/period.js';
import { dayNumberFromIso, localDayOf } from '../domain/time/zone.js';
import type { ContractRecord, Store } from '../store/index.js';
import { operatorPeriodDocument, type PeriodDocument, periodDocument } from './closing.service.js';
import { signedVersions } from './contracts.service.js';

/** The period start shows: the last one that ended by `now`; the contract's first while none has. */
export function periodToShow(versions: readonly Contract[], now: number): { period: Period; ended: boolean } {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const latest = sorted[sorted.length - 1]!;
  const zone = latest.timezone;
  const current = periodContainingDay(latest.period, localDayOf(zone, now), zone);
  const last = periodContainingDay(latest.period, current.firstDay - 1, zone);
  const first = periodContainingDay(latest.period, dayNumberFromIso(sorted[0]!.effectiveFrom), zone);
  if (last.firstDay >= first.firstDay) return { period: last, ended: true };
  return { period: first, ended: first.end <= now };
}

/** The first contract of the store (organisations and contracts in creation order) with a signed version. */
export async function firstStoredContract(
  store: Store,
): Promise<{ record: ContractRecord; versions: Contract[] } | undefined> {
  for (const o of await store.tenancy.organisations())
    for (const record of await store.contracts.contracts(o.id)) {
      const signed = await store.contracts.signedVersions(o.id, record.id);
      if (signed.length > 0) return { record, versions: await signedVersions(store, record) };
    }
  return undefined;
}

export interface StartJudgement {
  readonly versions: readonly Contract[];
  readonly period: Period;
  /** False: the contract's first period is still running (or has not begun). */
  readonly ended: boolean;
  readonly document: PeriodDocument;
}

/**
 * The evaluation start shows, from the store as the API shows it: of the contract file's versions when
 * given, else of the store's first signed contract; undefined when the store holds no contract.
 */
export async function judgeForStart(
  store: Store,
  fileVersions: readonly Contract[] | undefined,
  now: number,
): Promise<StartJudgement | undefined> {
  if (fileVersions !== undefined) {
    const { period, ended } = periodToShow(fileVersions, now);
    const document = await operatorPeriodDocument(store, fileVersions, period, now);
    return { versions: fileVersions, period, ended, document };
  }
  const stored = await firstStoredContract(store);
  if (stored === undefined) return undefined;
  const { period, ended } = periodToShow(stored.versions, now);
  const document = await periodDocument(store, stored.record, stored.versions, period, now);
  return { versions: stored.versions, period, ended, document };
}

export interface Headline {
  /** Metrics with a verdict of the period. */
  readonly metrics: number;
  readonly met: number;
  /** The missed metrics' ids, a split metric's with the values that missed. */
  readonly missed: readonly string[];
  /** Metrics not judged, with the reason of their first row (`volume_band`, `no_data` …). */
  readonly notJudged: readonly { readonly id: string; readonly reason: string }[];
  readonly statement: { readonly fee: string; readonly credits: string; readonly payable: string } | null;
  readonly currency: string | null;
  /** Warnings about records outside every partner's sources (`unowned_source`). */
  readonly unowned: readonly string[];
  readonly warnings: number;
}

/** The figures of an evaluate document in a few numbers and names. */
export function headlineOf(doc: PeriodDocument): Headline {
  const verdicts = Object.entries(doc.verdicts as Record<string, string>);
  const notJudged = verdicts
    .filter(([, v]) => v !== 'met' && v !== 'missed')
    .map(([id]) => {
      const row =
        doc.metrics.find((m) => m.id === id && m.reason !== null && m.reason !== 'pooled') ??
        doc.metrics.find((m) => m.id === id);
      return { id, reason: row?.reason ?? 'not judged' };
    });
  return {
    metrics: verdicts.length,
    met: verdicts.filter(([, v]) => v === 'met').length,
    missed: verdicts
      .filter(([, v]) => v === 'missed')
      .map(([id]) => {
        // A split metric: the values that missed (`phone-service-level (de, en, nl)`).
        const values = doc.metrics
          .filter((m) => m.id === id && m.split !== null && m.judged && m.met === false)
          .map((m) => Object.values(m.split ?? {}).join('/'));
        return values.length === 0 ? id : `${id} (${values.join(', ')})`;
      }),
    notJudged,
    statement: doc.statement,
    currency: doc.credits?.currency ?? null,
    unowned: doc.warnings.filter((w) => w.code === 'unowned_source').map((w) => w.message),
    warnings: doc.warnings.length,
  };
}
