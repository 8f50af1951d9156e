/**
 * Proof 7 of issue 13 (docs/reliability.md, "Load"): API ingest held for N minutes against the real `accord
 * serve` binary on loopback, at a fixed offered rate (an open loop: a batch every BATCH/rate seconds,
 * whatever the answers do, with a bound on the requests in flight). Figures: acknowledged records against
 * the records in the store afterwards (every key of every acknowledged batch, read directly), the server's
 * RSS sampled every few seconds (first, last, max), and latency p50/p99/max.
 */
import { loadavg } from 'node:os';
import { contactsBatch, postBatch, quantile, rssOf, startServe, stopServe } from './accord-serve.js';
import { countLost } from './reliability-faults.js';

export interface LoadOptions {
  readonly bin: string;
  readonly db: string;
  readonly minutes: number;
  /** Offered records per second. */
  readonly rate: number;
  readonly batch: number;
  /** Requests in flight at most; beyond, a due request waits (and counts as late). */
  readonly maxInFlight: number;
  readonly sampleSeconds: number;
  log(message: string): void;
}

export interface LoadFigures {
  readonly minutes: number;
  readonly offeredRate: number;
  readonly requests: number;
  readonly ackedRecords: number;
  readonly lost: number;
  readonly failures: Readonly<Record<string, number>>;
  /** Requests sent later than due because maxInFlight were still in flight. */
  readonly late: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** RSS in MiB: the first sample (after start-up), the last, the largest; and every sample. */
  readonly rss: { first: number; last: number; max: number; samples: number[] };
  readonly loadBefore: number[];
  readonly loadAfter: number[];
}

const MiB = 1024 * 1024;

export async function holdIngest(o: LoadOptions): Promise<LoadFigures> {
  const loadBefore = loadavg();
  const s = await startServe({ bin: o.bin, db: o.db });
  const pid = s.child.pid!;
  const samples: number[] = [rssOf(pid) / MiB];
  const acked: string[] = [];
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let requests = 0;
  let late = 0;
  let inFlight = 0;
  const interval = (o.batch / o.rate) * 1000;
  const started = performance.now();
  const end = started + o.minutes * 60_000;
  const sampler = setInterval(() => {
    samples.push(rssOf(pid) / MiB);
    const done = (performance.now() - started) / 1000;
    o.log(
      `load: ${done.toFixed(0)} s, ${acked.length * o.batch} records acknowledged, RSS ${samples.at(-1)!.toFixed(0)} MiB, in flight ${inFlight}`,
    );
  }, o.sampleSeconds * 1000);
  const pending = new Set<Promise<void>>();
  try {
    for (let i = 0; ; i++) {
      const due = started + i * interval;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight >= o.maxInFlight) {
        late++;
        await Promise.race(pending);
      }
      const prefix = `l${i.toString(36)}`;
      inFlight++;
      requests++;
      const p = postBatch(s, contactsBatch(prefix, o.batch)).then((a) => {
        inFlight--;
        if (a.status === 200) {
          acked.push(prefix);
          latencies.push(a.ms);
        } else failures[String(a.status)] = (failures[String(a.status)] ?? 0) + 1;
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await Promise.all(pending);
    samples.push(rssOf(pid) / MiB);
  } finally {
    clearInterval(sampler);
    await stopServe(s);
  }
  const loadAfter = loadavg();
  o.log('load: counting the acknowledged records in the store …');
  const lost = await countLost(o.db, acked, o.batch);
  const rss = samples.filter(Number.isFinite);
  return {
    minutes: o.minutes,
    offeredRate: o.rate,
    requests,
    ackedRecords: acked.length * o.batch,
    lost,
    failures,
    late,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    rss: { first: rss[0]!, last: rss.at(-1)!, max: Math.max(...rss), samples: rss },
    loadBefore,
    loadAfter,
  };
}
