/**
 * The demo written as a system's native export (`accord demo --format …`), imported again, gives the same
 * evaluation as the normalised demo files, for the metrics the format can carry (docs/connectors.md,
 * "The demo as native exports"). Both sides take the `--data` way: records read by the pipeline's reader,
 * judged by the one evaluation.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoContractText, readExampleContract } from '../../../src/cli/demo-contract.js';
import { type NativeDemoFormat, writeNativeDemo } from '../../../src/demo/native/index.js';
import { ticketNumber } from '../../../src/demo/native/pages.js';
import { writeDemoFiles } from '../../../src/demo/write-files.js';
import { metricRowJson } from '../../../src/domain/evaluation/json.js';
import {
  type DataSet,
  emptyDataSet,
  type RecordKind,
  type RecordKinds,
} from '../../../src/domain/records.js';
import { checkContractText } from '../../../src/ingest/contract-text.js';
import { transientPseudonym } from '../../../src/ingest/load-data.js';
import { kindFromFileName, readRecordFile } from '../../../src/ingest/read-records.js';
import { nodeSha256 } from '../../../src/ingest/sha256.js';
import { runEvaluation } from '../../../src/services/evaluation.service.js';
import { tempFiles } from '../../support/cli.js';
import { importFiles } from './support.js';

const OPTIONS = {
  start: '2026-10',
  months: 1,
  contactsPerMonth: 3000,
  seed: 7,
  timezone: 'Europe/Amsterdam',
};
const AS_OF = Date.parse('2026-11-15T00:00:00Z');

/** Metrics of the demo contract every format carries: e-mail first response, and the records kept as CSV. */
const ALWAYS = [
  'email-first-response',
  'nps',
  'quality-monitoring',
  'script-compliance',
  'opening-hours',
  'critical-escalations',
  'privacy',
];

/** The metrics each format carries besides (their rows are equal, breaches included, ids by their number). */
const CARRIED: Readonly<Record<NativeDemoFormat, readonly string[]>> = {
  zendesk: ['question-resolution'],
  freshdesk: ['csat-top-box'],
  intercom: ['csat', 'csat-top-box'],
};

/** The phone metrics: calls are no helpdesk's records (answered, abandoned, handle time, segment). */
const PHONE = ['phone-service-level', 'phone-speed-of-answer', 'phone-abandonment', 'premium-reachability'];

/** And why the rest differ (docs/connectors.md, "The demo as native exports"). */
const NOT_CARRIED: Readonly<Record<NativeDemoFormat, readonly string[]>> = {
  // No chat acceptance time, no category complaint (ticket types), no first-time-right, CSAT good/bad.
  zendesk: [...PHONE, 'chat-acceptance', 'complaint-resolution', 'first-time-right', 'csat', 'csat-top-box'],
  // No chat acceptance time, no status history (pending pauses), no first-time-right, CSAT on 1..7.
  freshdesk: [
    ...PHONE,
    'chat-acceptance',
    'question-resolution',
    'complaint-resolution',
    'first-time-right',
    'csat',
  ],
  // Abandoned chats and categories are not Intercom's; no first-time-right.
  intercom: [...PHONE, 'chat-acceptance', 'question-resolution', 'complaint-resolution', 'first-time-right'],
};

function contract() {
  const r = checkContractText(demoContractText(readExampleContract(), OPTIONS.start), 'demo.yaml');
  if (!r.ok) throw new Error('demo contract invalid');
  return r.contract;
}

async function addCsv(data: DataSet, path: string): Promise<void> {
  for await (const batch of readRecordFile({
    file: path,
    format: 'csv',
    kind: kindFromFileName(path),
    context: { source: 'default', pseudonymise: transientPseudonym },
  })) {
    expect(batch.errors).toEqual([]);
    for (const r of batch.records) (data[r.kind] as RecordKinds[RecordKind][]).push(r.record);
  }
}

function rows(data: DataSet) {
  const evaluation = runEvaluation({
    versions: [contract()],
    period: OPTIONS.start,
    asOf: AS_OF,
    data,
    sha256: nodeSha256,
  });
  return new Map(
    evaluation.result.rows
      .filter((r) => r.split === null)
      .map((r) => {
        const { breaches, ...row } = metricRowJson(r, true);
        return [r.id, { ...row, breaches: breaches!.map(ticketNumber).sort((a, b) => a - b) }] as const;
      }),
  );
}

let normalised: ReturnType<typeof rows> | undefined;
async function normalisedRows() {
  if (normalised !== undefined) return normalised;
  const dir = tempFiles({});
  const files = await writeDemoFiles(OPTIONS, join(dir, 'demo'));
  const data = emptyDataSet();
  for (const f of files.files) await addCsv(data, f.path);
  normalised = rows(data);
  return normalised;
}

describe.each(['zendesk', 'freshdesk', 'intercom'] as const)('the demo as %s pages', (format) => {
  it('imports to the same evaluation as the normalised demo, for the metrics the format carries', async () => {
    const dir = join(tempFiles({}), format);
    const native = await writeNativeDemo(format, OPTIONS, dir);
    const imported = await importFiles(format, native.pages);
    expect(imported.errors).toEqual([]);
    const data = emptyDataSet();
    for (const [kind, list] of Object.entries(imported.records))
      (data[kind as RecordKind] as unknown[]).push(...(list as unknown[]));
    for (const f of native.csv) await addCsv(data, f.path);
    const back = rows(data);
    const expected = await normalisedRows();
    for (const id of [...ALWAYS, ...CARRIED[format]]) {
      expect(back.get(id), `${format} ${id}`).toEqual(expected.get(id));
    }
    // Not trivially equal: the helpdesk metrics count hundreds of the demo's contacts.
    for (const id of ['email-first-response', ...CARRIED[format]])
      expect(expected.get(id)!.denominator, id).toBeGreaterThan(50);
    const differing = [...expected.keys()].filter(
      (id) => JSON.stringify(back.get(id)) !== JSON.stringify(expected.get(id)),
    );
    expect(differing.sort()).toEqual([...NOT_CARRIED[format]].sort());
    expect([...expected.keys()].sort()).toEqual(
      [...ALWAYS, ...CARRIED[format], ...NOT_CARRIED[format]].sort(),
    );
  });
});
