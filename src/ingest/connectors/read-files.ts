/**
 * The files of a connector import, bounded before any work starts, then read by the format's connector.
 * A connector reads its files whole (an API page is a single JSON document, and records of one ticket
 * are spread over several endpoints), so the bounds keep what is held in memory known.
 */
import { readFileSync, statSync } from 'node:fs';
import type { RecordError } from '../read-records.js';
import type { ConnectorFile, ConnectorFormat, MappedInput } from './connector.js';
import { connectorOf } from './registry.js';

/** One file: an API page is a few MB at most; a day of queue_log or of contact records a few tens. */
export const MAX_CONNECTOR_FILE_BYTES = 64 << 20;
/** All files of one run together. */
export const MAX_CONNECTOR_TOTAL_BYTES = 512 << 20;
/** Files of one run. */
export const MAX_CONNECTOR_FILES = 10_000;

const MB = 1 << 20;

/** Files read for a connector, and the ones that could not be (named with why). */
export interface ConnectorFiles {
  readonly files: readonly ConnectorFile[];
  readonly errors: readonly RecordError[];
}

/** Reads the files within the bounds; a file beyond them, missing or unreadable is one error each. */
export function loadConnectorFiles(paths: readonly string[]): ConnectorFiles {
  const errors: RecordError[] = [];
  const files: ConnectorFile[] = [];
  const fail = (file: string, message: string) => errors.push({ file, line: 0, field: null, message });
  if (paths.length > MAX_CONNECTOR_FILES) {
    fail(
      paths[MAX_CONNECTOR_FILES] ?? '',
      `more than ${MAX_CONNECTOR_FILES} files in one import: import them in several runs`,
    );
    return { files, errors };
  }
  let total = 0;
  for (const name of paths) {
    let size: number;
    try {
      const stat = statSync(name);
      if (stat.isDirectory()) {
        fail(name, 'cannot be read (is a directory)');
        continue;
      }
      size = stat.size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      fail(name, `cannot be read (${code === 'ENOENT' ? 'no such file' : (e as Error).message})`);
      continue;
    }
    if (size > MAX_CONNECTOR_FILE_BYTES) {
      fail(
        name,
        `is ${(size / MB).toFixed(1)} MB, more than the ${MAX_CONNECTOR_FILE_BYTES / MB} MB a connector file may be: export smaller pages or periods`,
      );
      continue;
    }
    total += size;
    if (total > MAX_CONNECTOR_TOTAL_BYTES) {
      fail(
        name,
        `the files up to this one hold more than the ${MAX_CONNECTOR_TOTAL_BYTES / MB} MB one import may read: import the rest in another run`,
      );
      break;
    }
    files.push(fileFromBytes(name, readFileSync(name)));
  }
  return { files, errors };
}

/** Bytes (a file's, a request body's) as a connector file; bytes that are not UTF-8 are found by the mappers. */
export function fileFromBytes(name: string, bytes: Uint8Array): ConnectorFile {
  return { name, text: new TextDecoder('utf-8').decode(bytes) };
}

/** The files the format's connector recognises by their content; the others are errors. */
export function recognisedFiles(format: ConnectorFormat, loaded: ConnectorFiles): ConnectorFiles {
  const connector = connectorOf(format);
  const errors: RecordError[] = [...loaded.errors];
  const files: ConnectorFile[] = [];
  for (const file of loaded.files) {
    const d = connector.detect(file);
    if ('problem' in d) errors.push({ file: file.name, line: 0, field: null, message: d.problem });
    else files.push(file);
  }
  return { files, errors };
}

/**
 * The files of one import, mapped by the format's connector. Files the connector does not recognise are
 * errors (and not read), the others are read together, whatever their order.
 */
export function mapConnectorFiles(format: ConnectorFormat, loaded: ConnectorFiles): MappedInput {
  const known = recognisedFiles(format, loaded);
  const mapped = connectorOf(format).read(known.files);
  return { ...mapped, errors: [...known.errors, ...mapped.errors] };
}
