import { formatContractError } from '../../src/domain/contract/check.js';
import type { Contract } from '../../src/domain/contract/types.js';
import { type Evaluation, evaluate } from '../../src/domain/evaluation/evaluate.js';
import { evaluationJson } from '../../src/domain/evaluation/json.js';
import {
  type Contact,
  type DataSet,
  emptyDataSet,
  type RecordKinds,
  type StatusEvent,
  type Survey,
} from '../../src/domain/records.js';
import { instantOrThrow } from '../../src/domain/time/instant.js';
import { checkContractText } from '../../src/ingest/contract-text.js';
import { nodeSha256 } from '../../src/ingest/sha256.js';

export const BASE = `contract: t
version: 1
effective_from: 2026-10-01
client: Client B.V.
partner: Partner B.V.
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: 100000.00
period: month
calendars:
  standard: { hours: { mon-fri: "08:00-22:00" }, holidays: { country: NL } }
`;

export function contract(yaml: string): Contract {
  const r = checkContractText(yaml, 'test.yaml');
  if (!r.ok) throw new Error(`test contract invalid:\n${r.errors.map(formatContractError).join('\n')}`);
  return r.contract;
}

/** A contract of BASE plus the given YAML (metrics:, credits: …). */
export const withBase = (rest: string) => contract(BASE + rest);

const at = (iso: string) => instantOrThrow(iso, 'test');

export function contact(
  id: string,
  fields: Partial<Record<keyof Contact, unknown>> & { created: string },
): Contact {
  const t = (k: string) =>
    fields[k as keyof Contact] === undefined ? null : at(String(fields[k as keyof Contact]));
  return {
    source: 'default',
    id,
    channel: (fields.channel as Contact['channel']) ?? 'phone',
    direction: (fields.direction as Contact['direction']) ?? 'inbound',
    language: (fields.language as string) ?? null,
    queue: (fields.queue as string) ?? null,
    segment: (fields.segment as string) ?? null,
    priority: (fields.priority as string) ?? null,
    category: (fields.category as string) ?? null,
    createdAt: at(fields.created),
    answeredAt: t('answeredAt'),
    abandonedAt: t('abandonedAt'),
    firstResponseAt: t('firstResponseAt'),
    resolvedAt: t('resolvedAt'),
    firstResolvedAt: t('firstResolvedAt'),
    reopenCount: (fields.reopenCount as number) ?? null,
    handleSeconds: (fields.handleSeconds as number) ?? null,
    firstTimeRight: (fields.firstTimeRight as boolean) ?? null,
    agent: null,
    customer: null,
    attributes: (fields.attributes as Record<string, string>) ?? {},
  };
}

/** A phone call created at `created` that waited `waitS` seconds and was answered (or abandoned). */
export function call(
  id: string,
  created: string,
  waitS: number,
  outcome: 'answered' | 'abandoned' = 'answered',
  extra: Partial<Record<keyof Contact, unknown>> = {},
): Contact {
  const end = new Date(at(created) + waitS * 1000).toISOString();
  return contact(id, {
    created,
    ...(outcome === 'answered' ? { answeredAt: end } : { abandonedAt: end }),
    ...extra,
  });
}

export function event(contactId: string, status: StatusEvent['status'], when: string): StatusEvent {
  return { source: 'default', contactId, status, nativeStatus: null, at: at(when) };
}

export function survey(
  contactId: string,
  kind: Survey['kind'],
  score: number,
  when: string,
  scale: [number, number] = kind === 'nps' ? [0, 10] : [1, 5],
): Survey {
  return {
    source: 'default',
    contactId,
    kind,
    score,
    scaleMin: scale[0],
    scaleMax: scale[1],
    answeredAt: at(when),
    comment: null,
  };
}

export function data(parts: Partial<{ [K in keyof RecordKinds]: RecordKinds[K][] }>): DataSet {
  return { ...emptyDataSet(), ...parts };
}

export const AS_OF = '2026-11-28T09:00:00+01:00';

export function run(versions: Contract | Contract[], period: string, d: DataSet, asOf = AS_OF): Evaluation {
  return evaluate({
    versions: Array.isArray(versions) ? versions : [versions],
    period,
    asOf: at(asOf),
    data: d,
    sha256: nodeSha256,
  });
}

/** The JSON document as `accord evaluate --json` prints it. */
export function runJson(versions: Contract | Contract[], period: string, d: DataSet, asOf = AS_OF) {
  return evaluationJson(run(versions, period, d, asOf), { asOf: at(asOf) });
}

/** The printed row of a metric (and split value). */
export function rowOf(
  doc: ReturnType<typeof runJson>,
  id: string,
  split: Record<string, string | null> | null = null,
) {
  const row = doc.metrics.find((m) => m.id === id && JSON.stringify(m.split) === JSON.stringify(split));
  if (!row)
    throw new Error(
      `no row ${id} ${JSON.stringify(split)} in ${JSON.stringify(doc.metrics.map((m) => [m.id, m.split]))}`,
    );
  return row;
}
