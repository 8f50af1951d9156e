/**
 * A small, fast CSV file writer: lines are encoded straight into a reused 1 MB buffer that is written out
 * with a synchronous write whenever it fills, so memory stays flat, every line string dies young (cheap
 * for the garbage collector) and no back-pressure has to be handled. Cells
 * are quoted only when they must be (a comma, a quote, a line break, or spaces at either end), RFC 4180
 * style with doubled quotes; lines end in `\n`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const BLOCK = 1 << 20;
const NEWLINE = 10;

/** A text cell: empty for null, quoted when needed. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export class CsvFileWriter {
  private fd: number | null;
  private buffer = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  /** Data lines written (the header not counted). */
  rows = 0;

  constructor(
    readonly path: string,
    columns: readonly string[],
  ) {
    this.fd = openSync(path, 'w');
    this.append(columns.map(csvCell).join(','));
  }

  /** Appends one line (its cells already joined; no line break). */
  line(text: string): void {
    this.append(text);
    this.rows++;
  }

  private append(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    const worst = text.length * 3 + 1;
    if (this.used + worst > this.buffer.length) {
      this.flush();
      if (worst > this.buffer.length) this.buffer = Buffer.allocUnsafe(worst);
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
    this.buffer[this.used++] = NEWLINE;
  }

  flush(): void {
    if (this.fd === null) throw new Error(`${this.path}: written after close`);
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.buffer, done, this.used - done);
    this.used = 0;
  }

  close(): void {
    if (this.fd === null) return;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
  }
}
