/**
 * `POST /api/v1/ingest`: a batch of records as a JSON array, NDJSON or CSV, read by the same readers as
 * `accord ingest` (src/ingest/read-records.ts) and answered with the same summary. The partner's tenancy is
 * enforced per record: a row without `source` gets the partner's default source (or `?source=`), and a row
 * whose source the partner does not own is rejected with an error that says so. The answer comes after every
 * batch has committed: acknowledged means stored.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordKind } from '../domain/records.js';
import { type InputFormat, type RecordError, readRecordFile } from '../ingest/read-records.js';
import type { Principal } from '../services/roles.js';
import type { Partner } from '../store/index.js';
import { addCounts, emptyCounts, type StoredRecord, type WriteCounts } from '../store/index.js';
import type { AppDeps } from './context.js';

/** Records per transaction, as `accord ingest`. */
export const API_INGEST_BATCH = 5000;
const MAX_ERRORS = 10_000;

/** The summary of `accord ingest --json` (interfaces.md). */
export interface IngestSummary {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: RecordError[];
  errorsOmitted?: number;
  warnings: string[];
}

export interface IngestRequest {
  readonly partner: Partner;
  readonly kind: RecordKind | undefined;
  /** `json` bodies are turned into NDJSON lines first (`line` = position in the array, from 1). */
  readonly format: InputFormat | 'json';
  /** Source for rows without one (default: the partner's default source). */
  readonly source: string | undefined;
  readonly strict: boolean;
  readonly body: Uint8Array | readonly unknown[];
}

export interface IngestOutcome {
  readonly summary: IngestSummary;
  /** Nothing stored because of errors (or --strict refused). */
  readonly refused: boolean;
  readonly stored: number;
}

interface Pass {
  read: number;
  rejected: number;
  errors: RecordError[];
  errorCount: number;
  counts: WriteCounts;
}

const BODY = 'body';

export async function ingestRecords(
  deps: AppDeps,
  principal: Principal,
  r: IngestRequest,
): Promise<IngestOutcome> {
  const { store } = deps;
  const owned = new Set(r.partner.sources);
  const defaultSource = r.source ?? r.partner.defaultSource;
  const warnings: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'accord-ingest-'));
  try {
    const format: InputFormat = r.format === 'json' ? 'ndjson' : r.format;
    const file = join(dir, format === 'csv' ? 'body.csv' : 'body.ndjson');
    const bytes =
      r.body instanceof Uint8Array
        ? r.body
        : Buffer.from((r.body as readonly unknown[]).map((x) => JSON.stringify(x)).join('\n'), 'utf8');
    await writeFile(file, bytes);

    const pass = async (write: boolean): Promise<Pass> => {
      const out: Pass = { read: 0, rejected: 0, errors: [], errorCount: 0, counts: emptyCounts() };
      const addError = (e: RecordError) => {
        out.errorCount++;
        if (out.errors.length < MAX_ERRORS) out.errors.push({ ...e, file: BODY });
      };
      let pending: StoredRecord[] = [];
      const flush = async () => {
        if (!write || pending.length === 0) return;
        const batch = pending;
        pending = [];
        addCounts(out.counts, await store.records.write(batch));
      };
      for await (const batch of readRecordFile({
        file,
        format,
        kind: r.kind,
        context: { source: defaultSource, pseudonymise: deps.pseudonymise },
        warn: (message) => {
          if (!write || !r.strict) warnings.push(message.split(file).join(BODY));
        },
      })) {
        out.read = batch.read;
        out.rejected += batch.rejected;
        for (const e of batch.errors) addError(e);
        for (const rec of batch.records) {
          if (!owned.has(rec.record.source)) {
            out.rejected++;
            addError({
              file: BODY,
              line: rec.line,
              field: 'source',
              message: `"${rec.record.source}" is not a source of partner ${r.partner.id} (its sources: ${[...owned].join(', ')})`,
            });
            continue;
          }
          pending.push({ kind: rec.kind, record: rec.record });
        }
        if (pending.length >= API_INGEST_BATCH) await flush();
      }
      await flush();
      return out;
    };

    let result: Pass;
    let refused = false;
    if (r.strict) {
      result = await pass(false);
      if (result.errorCount > 0) refused = true;
      else result = await pass(true);
    } else {
      result = await pass(true);
    }
    const summary: IngestSummary = {
      read: result.read,
      inserted: result.counts.inserted,
      updated: result.counts.updated,
      unchanged: result.counts.unchanged,
      rejected: result.rejected,
      errors: result.errors,
      warnings,
    };
    if (result.errorCount > result.errors.length)
      summary.errorsOmitted = result.errorCount - result.errors.length;
    const stored = summary.inserted + summary.updated + summary.unchanged;
    if (!refused && stored === 0 && result.errorCount > 0) refused = true;
    deps.metrics.ingested({
      read: summary.read,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
    });
    await store.audit.appendScoped({
      at: deps.now(),
      actor: principal.actor,
      action: 'ingest',
      subject: `api:${r.partner.id}`,
      details: {
        via: 'api',
        partner: r.partner.id,
        kind: r.kind ?? null,
        format: r.format,
        source: defaultSource,
        strict: r.strict,
        refused,
        read: summary.read,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
        errors: result.errorCount,
      },
      scope: { organisationId: r.partner.organisationId, partnerId: r.partner.id },
    });
    return { summary, refused, stored };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
