/**
 * Shared pieces of the benchmarks (benchmarks.md): the registry types, a seeded PRNG, timing as the
 * median of several runs, and the little formatting that RESULTS.md needs.
 */

export interface BenchContext {
  /** Smaller sizes for a fast look (`--quick`). */
  readonly quick: boolean;
  /** Timed runs per figure; each figure is their median, with min and max. */
  readonly runs: number;
  /** Progress line on stderr. */
  log(message: string): void;
}

export interface BenchOutcome {
  /** Markdown of the benchmark's section, without the markers. */
  readonly markdown: string;
  /** False when the benchmark computed a wrong answer (its section then says FAIL). */
  readonly correct: boolean;
}

export interface Benchmark {
  readonly id: string;
  readonly title: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
}

/** mulberry32: a tiny, fast, seeded PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Stats {
  /** Milliseconds per run. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

/**
 * A timing's own figures are CPU time of this process (user + system, `process.cpuUsage`): on a shared
 * machine the wall time also counts the time the process waited for a core while others ran, which varies
 * from minute to minute. The wall time is kept beside it.
 */
export interface Timing extends Stats {
  readonly wall: Stats;
  /** The work's checksum, identical in every run. */
  readonly checksum: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function stats(samples: readonly number[]): Stats {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

/**
 * Times several pieces of work in rounds: each runs once to warm up, then once per round, in an order that
 * rotates from round to round, after a GC when --expose-gc is on. Interleaving spreads the noise of a shared
 * machine over all of them, so that figures and ratios from the same rounds stay comparable. Each `work`
 * returns a checksum of its results, so that the JIT cannot drop the work; it must not change between runs.
 */
export function timeRounds(runs: number, works: readonly (() => number)[]): Timing[] {
  const gc = globalThis.gc;
  const checksums = works.map((work) => work());
  const cpu = works.map((): number[] => []);
  const wall = works.map((): number[] => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < works.length; k++) {
      const j = (k + r) % works.length;
      gc?.();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const sum = works[j]!();
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      wall[j]!.push(t1 - t0);
      cpu[j]!.push((c1.user + c1.system) / 1000);
      if (!Object.is(sum, checksums[j]))
        throw new Error(`checksum changed between runs: ${checksums[j]} then ${sum}`);
    }
  }
  return works.map((_, j) => ({ ...stats(cpu[j]!), wall: stats(wall[j]!), checksum: checksums[j]! }));
}

/** One piece of work timed on its own: a warm-up run, then `runs` timed runs. */
export function time(runs: number, work: () => number): Timing {
  return timeRounds(runs, [work])[0]!;
}

/** The ratio (a per op) / (b per op) in each round, as median, min and max over the rounds. */
export function roundRatio(
  a: Stats,
  aOps: number,
  b: Stats,
  bOps: number,
): { median: number; min: number; max: number } {
  const ratios = a.samples.map((x, r) => x / aOps / (b.samples[r]! / bOps));
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** Per-operation figure of a timing in µs. */
export function perOp(t: Omit<Stats, 'samples'>, ops: number): { median: number; min: number; max: number } {
  const k = 1000 / ops;
  return { median: t.median * k, min: t.min * k, max: t.max * k };
}

/** Significant digits suited to a µs figure: 0.1234, 12.3, 345. */
export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 100) return Math.round(x).toLocaleString('en-US');
  if (abs >= 10) return x.toFixed(1);
  if (abs >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** `0.123 (0.120–0.130)`: median with min–max. */
export function fmtRange(f: { median: number; min: number; max: number }): string {
  return `${fmtNum(f.median)} (${fmtNum(f.min)}–${fmtNum(f.max)})`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
