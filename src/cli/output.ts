/** stdout carries results (exactly one JSON document with --json); everything else goes to stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value));
}

/**
 * A decimal money string of the evaluate document (`4320.00`, or signed `-12.00` for an adjustment) with
 * the sign it has in a text line: `−4320.00`, `+3600.00`. Zero prints as `0.00`, never `−0.00` or `+0.00`.
 */
export function signedAmount(amount: string, sign: '−' | '+'): string {
  const negative = amount.startsWith('-') || amount.startsWith('−');
  const digits = negative ? amount.slice(1) : amount;
  if (/^0*(\.0*)?$/.test(digits)) return '0.00';
  if (negative) return `${sign === '−' ? '+' : '−'}${digits}`;
  return `${sign}${digits}`;
}
