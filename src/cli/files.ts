/** Reading the files a command names, with errors that say which file and why. */
import { readFileSync } from 'node:fs';
import { type CalendarDefinition, parseCalendar } from '../domain/calendar/definition.js';
import { ValidationError } from '../domain/issues.js';
import { describeIssues, type SourceText } from '../domain/source-text.js';
import { parseSourceText } from '../ingest/contract-text.js';
import { InputError } from './errors.js';

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new InputError(`${path}: cannot read (${why})`);
  }
}

export function readSource(path: string): SourceText {
  try {
    return parseSourceText(readText(path), path);
  } catch (e) {
    if (e instanceof ValidationError)
      throw new InputError(
        `${path}: not valid YAML or JSON`,
        e.issues.map((i) => i.message),
      );
    throw e;
  }
}

/** A standalone calendar file (calendar-and-clock.md). */
export function loadCalendarFile(path: string): CalendarDefinition {
  const source = readSource(path);
  const parsed = parseCalendar(source.value);
  if (!parsed.ok) {
    throw new InputError(`${path}: invalid calendar`, describeIssues(parsed.issues, source));
  }
  return parsed.value;
}
