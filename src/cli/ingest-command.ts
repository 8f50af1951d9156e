/**
 * `accord ingest FILE...` (interfaces.md, data.md "Bad input"): normalised CSV/NDJSON into the store, one
 * transaction per batch, every bad row reported with file, line, field and reason.
 *
 * Exit codes: 0 every record stored; 3 some rejected, the rest stored; 1 nothing could be stored (no file
 * readable, every record bad) or `--strict` refused; 2 usage.
 */
import { type Command, Option } from 'commander';
import { RECORD_KINDS, type RecordKind } from '../domain/records.js';
import {
  CONNECTOR_FORMATS,
  type ConnectorFormat,
  isConnectorFormat,
} from '../ingest/connectors/connector.js';
import { loadPseudonymKey, Pseudonymiser, PseudonymKeyError } from '../ingest/pseudonym.js';
import { formatRecordError, type InputFormat } from '../ingest/read-records.js';
import {
  connectorInput,
  DEFAULT_SOURCE,
  type IngestInput,
  type IngestSummary,
  ingest,
} from '../services/ingest.service.js';
import { checkRegion, commentPolicy, personalPolicy } from '../services/privacy.service.js';
import { InputError, ReportedError, UsageError } from './errors.js';
import { type Io, printJson, processIo } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

/** Errors printed without --json. */
const SHOWN_ERRORS = 20;

interface IngestOptions {
  format?: string;
  kind?: RecordKind;
  source?: string;
  strict?: boolean;
  personal?: string;
  region?: string;
  db?: string;
  json?: boolean;
}

function formatOption(value: string | undefined): InputFormat | ConnectorFormat | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'csv' || v === 'ndjson' || isConnectorFormat(v)) return v;
  throw new UsageError(`--format: "${value}" is not a format (csv, ndjson, ${CONNECTOR_FORMATS.join(', ')})`);
}

/**
 * The pipeline's inputs: each file, or for a connector format all files as one input (a ticket's records
 * are spread over several endpoints' pages), whose rows name the connector's system as their source.
 */
function ingestInputs(
  files: readonly string[],
  format: InputFormat | ConnectorFormat | undefined,
  kind: RecordKind | undefined,
): IngestInput[] {
  if (format !== undefined && isConnectorFormat(format)) {
    if (kind !== undefined)
      throw new UsageError(`--kind: the ${format} connector tells the kinds of records itself`);
    return [connectorInput(format, files)];
  }
  return files.map((name) => ({
    name,
    ...(format === undefined ? {} : { format }),
    ...(kind === undefined ? {} : { kind }),
  }));
}

class Progress {
  private last = 0;
  private readonly started = Date.now();
  private shown = false;

  constructor(private readonly enabled: boolean) {}

  update(file: string, read: number, bytesDone: number, totalBytes: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 250) return;
    this.last = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.round(read / seconds);
    const pct = totalBytes > 0 ? Math.min(100, (100 * bytesDone) / totalBytes).toFixed(1) : '?';
    process.stderr.write(`\r\x1b[K${file}: ${read} records, ${rate}/s, ${pct}%`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}

function printSummary(io: Io, summary: IngestSummary, json: boolean, refused: boolean): void {
  if (json) {
    printJson(io, summary);
    return;
  }
  const stored = summary.inserted + summary.updated + summary.unchanged;
  if (refused) {
    io.out(
      `--strict: nothing stored; ${summary.rejected} of ${summary.read} records are bad` +
        (summary.errors.length > 0
          ? ` (${summary.errors.length + (summary.errorsOmitted ?? 0)} errors)`
          : ''),
    );
  } else {
    io.out(
      `read ${summary.read} records: ${summary.inserted} inserted, ${summary.updated} updated, ` +
        `${summary.unchanged} unchanged, ${summary.rejected} rejected (${stored} stored)`,
    );
  }
  const total = summary.errors.length + (summary.errorsOmitted ?? 0);
  if (total > 0) {
    io.err(summary.errors.slice(0, SHOWN_ERRORS).map(formatRecordError).join('\n'));
    if (total > SHOWN_ERRORS) io.err(`… and ${total - SHOWN_ERRORS} more errors (--json lists them)`);
  }
}

export function registerIngestCommand(program: Command, io: Io): void {
  program
    .command('ingest')
    .description('read normalised CSV or NDJSON files into the store (data.md); re-running a file is safe')
    .argument('<files...>', 'files; the kind of records comes from the name (contacts.csv, surveys.ndjson …)')
    .option(
      '--format <format>',
      `csv or ndjson (default: from the extension), or a system's own export: ${CONNECTOR_FORMATS.join(', ')} (docs/connectors.md)`,
    )
    .addOption(new Option('--kind <kind>', 'the kind of records in every file').choices(RECORD_KINDS))
    .option(
      '--source <name>',
      `source name for rows without a source column (default: "${DEFAULT_SOURCE}", or the connector's format)`,
    )
    .option('--strict', 'check every file first and store nothing when any record is bad')
    .option(
      '--personal <columns>',
      "more attribute columns to pseudonymise, comma-separated (beside the name patterns and the contracts' data.personal)",
    )
    .option(
      '--region <code>',
      "country of phone numbers written without +country code (default: the contracts' calendar country or time zone)",
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print the summary as one JSON document')
    .action(async (files: string[], opts: IngestOptions) => {
      if (opts.source !== undefined && opts.source.trim() === '')
        throw new InputError('--source: name is empty');
      const format = formatOption(opts.format);
      const inputs = ingestInputs(files, format, opts.kind);
      const defaultSource =
        opts.source ?? (format !== undefined && isConnectorFormat(format) ? format : DEFAULT_SOURCE);
      const region = checkRegion(opts.region);
      const columns = (opts.personal ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const warnings: string[] = [];
      const warn = (message: string) => {
        warnings.push(message);
        io.err(`accord: ${message}`);
      };
      // Loaded (or created) on first use only, so that files without personal data never touch the key.
      let pseudonymiser: Pseudonymiser | undefined;
      const pseudonymiserLoader = () =>
        (pseudonymiser ??= new Pseudonymiser(loadPseudonymKey({ create: true, warn }).key));
      const progress = new Progress(io === processIo && process.stderr.isTTY === true);

      const exitCode = await withStore(opts.db, async (store) => {
        let outcome: Awaited<ReturnType<typeof ingest>>;
        try {
          outcome = await ingest(inputs, {
            store,
            pseudonymiser: pseudonymiserLoader,
            sources: { defaultSource },
            // Survey comments only where a contract allows them (data.md `data: { comments: keep }`).
            keepComments: await commentPolicy(store, Date.now()),
            // Columns declared personal and the phone region (docs/privacy.md).
            personal: await personalPolicy(store, Date.now(), { columns, region }),
            strict: opts.strict === true,
            warn,
            progress: (name, read, done, total) => progress.update(name, read, done, total),
            audit: {
              actor: cliActor(),
              subject: files.join(' '),
              details: {
                files,
                source: opts.source ?? null,
                ...(format === undefined ? {} : { format }),
                ...detectedOf(inputs),
              },
            },
          });
        } catch (e) {
          if (e instanceof PseudonymKeyError) throw new InputError(e.message);
          throw e;
        } finally {
          progress.done();
        }
        const summary = { ...outcome.summary, warnings };
        printSummary(io, summary, opts.json === true, outcome.strictRefused);
        if (outcome.strictRefused) return 1;
        if (outcome.errorCount === 0) return 0;
        return outcome.stored > 0 ? 3 : 1;
      });
      if (exitCode !== 0) throw new ReportedError(exitCode);
    });
}

/** Which endpoint each file of a connector import was taken for, for the audit log. */
function detectedOf(inputs: readonly IngestInput[]): { detected?: Record<string, string> } {
  const mapped = inputs[0]?.mapped;
  if (mapped === undefined) return {};
  return { detected: Object.fromEntries(mapped.detected.map((d) => [d.file, d.endpoint])) };
}
