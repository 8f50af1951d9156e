/**
 * How much each fuzz file runs. `npm test` runs a short pass (each file well under 20 s on a loaded
 * machine); `FUZZ_RUNS=100000 npx vitest run test/fuzz` is the long run (docs/reliability.md, Fuzzing).
 * `FUZZ_SEED` replays a run.
 */
import type fc from 'fast-check';

export const LONG = process.env.FUZZ_RUNS !== undefined;
/** Cases per property: FUZZ_RUNS, or the short run's count. */
export function runs(short: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : short;
}
/** A case slower than this is a hang (generous: the machine is shared and may be loaded). */
export const CASE_LIMIT_MS = 5_000;
/** The vitest timeout of a fuzz test: the long run may take as long as it needs. */
export const TEST_TIMEOUT_MS = LONG ? 6 * 3_600_000 : 60_000;

export function params(short: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: runs(short), ...(Number.isInteger(seed) ? { seed } : {}) };
}

/** Times each case; reports cases/second to stderr in the long run (for docs/reliability.md). */
export class Meter {
  private count = 0;
  private slowest = 0;
  private readonly started = performance.now();
  constructor(private readonly name: string) {}
  /** Runs one case, failing it when it takes longer than CASE_LIMIT_MS. */
  time<T>(f: () => T): T {
    const t0 = performance.now();
    const out = f();
    this.record(t0);
    return out;
  }
  async timeAsync<T>(f: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const out = await f();
    this.record(t0);
    return out;
  }
  private record(t0: number): void {
    const ms = performance.now() - t0;
    this.count++;
    if (ms > this.slowest) this.slowest = ms;
    if (ms > CASE_LIMIT_MS) throw new Error(`${this.name}: one case took ${Math.round(ms)} ms`);
  }
  report(): void {
    if (!LONG && process.env.FUZZ_REPORT === undefined) return;
    const s = (performance.now() - this.started) / 1000;
    process.stderr.write(
      `fuzz ${this.name}: ${this.count} cases in ${s.toFixed(1)} s = ${Math.round(this.count / s)}/s, slowest ${this.slowest.toFixed(1)} ms\n`,
    );
  }
}
