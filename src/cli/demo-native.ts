/**
 * `accord demo --format zendesk|freshdesk|intercom`: the demo written as that system's export
 * (src/demo/native/), the records no helpdesk holds as CSV beside it, and, unless `--no-ingest`, both
 * imported: the pages with `accord ingest --format <system>`, the CSV files with `accord ingest`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NativeDemoFiles, type NativeDemoFormat, writeNativeDemo } from '../demo/native/index.js';
import type { DemoOptions } from '../demo/plan.js';
import type { DemoProgress } from '../demo/sink.js';
import { DEMO_SOURCES } from '../demo/sources.js';
import { importContract } from '../services/contracts.service.js';
import { importSentence, operatorActor } from './contract-import-command.js';
import { demoContractText, readExampleContract } from './demo-contract.js';
import { InputError } from './errors.js';
import { type Io, printJson } from './output.js';
import { withStore } from './store-options.js';

export interface NativeDemoRun {
  readonly format: NativeDemoFormat;
  readonly options: DemoOptions;
  readonly out: string;
  readonly db: string | undefined;
  readonly ingest: boolean;
  readonly json: boolean;
  readonly now: () => number;
  readonly run: ((argv: readonly string[], io: Io) => Promise<number>) | undefined;
}

/** Runs a command and returns its one JSON document; its stderr goes on to ours. */
async function ingestJson(r: NativeDemoRun, io: Io, args: string[]): Promise<Record<string, unknown>> {
  const stdout: string[] = [];
  const sub: Io = { out: (t) => void stdout.push(t), err: (t) => io.err(t) };
  const code = await r.run!([...args, '--json', ...(r.db === undefined ? [] : ['--db', r.db])], sub);
  if (code !== 0) throw new InputError(`storing the demo data failed (accord ${args[0]} exited ${code})`);
  return JSON.parse(stdout.join('')) as Record<string, unknown>;
}

export async function runNativeDemo(r: NativeDemoRun, io: Io): Promise<void> {
  let month = '';
  const progress = (p: DemoProgress) => {
    if (p.month === month) return;
    month = p.month;
    io.err(`accord demo: generating ${p.month} as ${r.format} pages (${p.monthIndex + 1}/${p.months}) …`);
  };
  let files: NativeDemoFiles;
  try {
    files = await writeNativeDemo(r.format, r.options, r.out, progress);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    throw new InputError(`${r.out}: cannot write the demo files (${(e as Error).message})`);
  }
  const contractPath = join(files.dir, 'contract.yaml');
  writeFileSync(contractPath, demoContractText(readExampleContract(), r.options.start));
  let stored: { pages: Record<string, unknown>; csv: Record<string, unknown> } | undefined;
  if (r.ingest && r.run !== undefined) {
    io.err(`accord demo: ingesting the ${r.format} pages and the CSV files …`);
    stored = {
      pages: await ingestJson(r, io, ['ingest', '--format', r.format, ...files.pages]),
      csv: await ingestJson(r, io, ['ingest', ...files.csv.map((f) => f.path)]),
    };
    // The contacts now come from the system itself: the demo's partner owns that source too.
    const sources = [...new Set([...DEMO_SOURCES, r.format])].sort();
    const text = readFileSync(contractPath, 'utf8');
    const imported = await withStore(r.db, (store) =>
      importContract(store, text, contractPath, operatorActor(), r.now(), sources),
    );
    io.err(`accord demo: ${importSentence(imported)}; its partner owns ${sources.join(', ')}`);
  }
  if (r.json) {
    printJson(io, {
      dir: files.dir,
      format: r.format,
      start: r.options.start,
      months: r.options.months,
      seed: r.options.seed,
      pages: files.pages,
      files: files.csv,
      counts: files.counts,
      contract: contractPath,
      ingest: stored ?? null,
    });
    return;
  }
  io.out(
    [
      `Demo data for ${r.options.start} (seed ${r.options.seed}) written to ${files.dir} as ${r.format} pages:`,
      `  ${files.pages.length} pages (${files.counts.contacts} contacts with their status events and surveys)`,
      ...files.csv.map((f) => `  ${f.path}  ${f.rows} rows`),
      `  ${contractPath}  the demo contract`,
      '',
      stored === undefined
        ? 'Nothing stored (--no-ingest).'
        : `Stored: ${Number(stored.pages.inserted) + Number(stored.csv.inserted)} records inserted.`,
      '',
      'Next:',
      `  npx accord reconcile --format ${r.format} --contract ${contractPath} ${join(files.dir, `${r.format}-*.json`)}`,
      `  npx accord status${r.db === undefined ? '' : ` --db ${r.db}`}`,
    ].join('\n'),
  );
}
