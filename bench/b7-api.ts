/**
 * B7, through the API (issue 14, 5): the SQLite store that bench/b7-store.ts filled, served by the real
 * `accord serve` (bench/accord-serve.ts, the built binary), the way a user would set it up: `accord contract
 * import examples/contract.yaml --source <the demo's sources>` (the API evaluates the contract's partner's
 * sources only), `accord token create --role client-admin`, `accord serve --port 0`. Measured:
 *
 * - the first `GET /api/v1/contracts/{id}/evaluations/{period}` (no `asOf`: judged now), wall time against
 *   the `--data` time of the same run, and the server's peak memory;
 * - its document against `accord evaluate --db --json --as-of <its asOf>` on the same store (figures equal,
 *   and whether byte for byte);
 * - repeated requests (nothing arriving): p50/p99 and how each was answered (`accord-result` header);
 * - requests while 1,000 new contacts per second arrive through `POST /api/v1/ingest` (a batch every
 *   250 ms): p50/p99 and how many answered stale, computed or kept; then how long after the arrivals stop
 *   a request is answered fresh again.
 */
import { readFileSync } from 'node:fs';
import { DEMO_SOURCES } from '../src/demo/sources.js';
import {
  accord,
  contactsBatch,
  postBatch,
  quantile,
  type Served,
  type ServeOptions,
  startServe,
  stopServe,
} from './accord-serve.js';
import { runChild } from './child.js';
import type { BenchContext } from './harness.js';
import { fmtInt, fmtNum, table } from './harness.js';

const TARGET_P50_MS = 100;
const TARGET_P99_MS = 300;
/** Contacts per second arriving during (c), in batches every BATCH_MS. */
const RATE = 1000;
const BATCH_MS = 250;
/** Requests per second during the arrivals (a few dashboards open on the period). */
const REQUESTS_PER_S = 10;
const RESULT_HEADER = 'accord-result';

export interface ApiInput {
  readonly bin: string;
  readonly db: string;
  readonly contract: string;
  readonly period: string;
  readonly env: Readonly<Record<string, string>>;
  /** Median wall time of `accord evaluate --data` in the same run (ms). */
  readonly filesWallMs: number;
  readonly targetRatio: number;
  /** The figures compared with the CLI's document. */
  readonly compared: readonly string[];
}

export interface ApiOutcome {
  readonly lines: readonly string[];
  readonly correct: boolean;
}

interface Timed {
  readonly ms: number;
  readonly result: string;
  /** When the request was answered (epoch ms) and the `asOf` of the document it was answered with. */
  readonly at: number;
  readonly asOf: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function peakOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? Number.NaN : Number(m[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

async function get(s: Served, url: string): Promise<Timed & { status: number; text: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${s.token}` } });
  const text = await res.text();
  return {
    ms: performance.now() - t0,
    at: Date.now(),
    asOf: /"asOf":"([^"]+)"/.exec(text)?.[1] ?? '',
    result: res.headers.get(RESULT_HEADER) ?? '(none)',
    status: res.status,
    text,
  };
}

function counts(xs: readonly Timed[]): string {
  const by = new Map<string, number>();
  for (const x of xs) by.set(x.result, (by.get(x.result) ?? 0) + 1);
  return ['computed', 'kept', 'stale', ...by.keys()]
    .filter((k, i, a) => a.indexOf(k) === i && by.has(k))
    .map((k) => `${k} ${fmtInt(by.get(k)!)}`)
    .join(', ');
}

const ms = (x: number) => fmtInt(x);

export async function measureApi(ctx: BenchContext, input: ApiInput): Promise<ApiOutcome> {
  const o: ServeOptions = { bin: input.bin, db: input.db, env: input.env };
  const imported = accord(o, [
    'contract',
    'import',
    input.contract,
    '--source',
    ...DEMO_SOURCES,
    '--db',
    input.db,
    '--json',
  ]);
  if (imported.code !== 0) throw new Error(`B7 API: contract import failed: ${imported.stderr}`);
  const c = JSON.parse(imported.stdout) as { contract: string; organisationId: string; partnerId: string };
  const token = accord(o, [
    'token',
    'create',
    '--org',
    c.organisationId,
    '--role',
    'client-admin',
    '--label',
    'bench B7',
    '--db',
    input.db,
    '--json',
  ]);
  if (token.code !== 0) throw new Error(`B7 API: token create failed: ${token.stderr}`);
  const s = await startServe(o, {
    token: (JSON.parse(token.stdout) as { token: string }).token,
    partnerId: c.partnerId,
  });
  const url = `${s.base}/api/v1/contracts/${c.contract}/evaluations/${input.period}`;
  const repeats = ctx.quick ? 200 : 300;
  const liveSeconds = ctx.quick ? 15 : 30;
  try {
    // (a) The first request.
    ctx.log('B7 API: first request');
    const idle = peakOf(s.child.pid!);
    const first = await get(s, url);
    if (first.status !== 200) throw new Error(`B7 API: GET answered ${first.status}: ${first.text}`);
    const peakAfterFirst = peakOf(s.child.pid!);
    ctx.log(`B7 API: first request ${ms(first.ms)} ms (${first.result})`);
    const doc = JSON.parse(first.text) as Record<string, unknown>;

    // The same document as `accord evaluate --db --json --as-of <its asOf>`.
    const cli = await runChild(process.execPath, [
      input.bin,
      'evaluate',
      '--db',
      input.db,
      '--contract',
      input.contract,
      '--period',
      input.period,
      '--as-of',
      String(doc.asOf),
      '--json',
    ]);
    if (cli.code !== 0) throw new Error(`B7 API: accord evaluate --db failed: ${cli.stderr.slice(0, 2000)}`);
    const cliDoc = JSON.parse(cli.stdout) as Record<string, unknown>;
    const differ = input.compared.filter((k) => JSON.stringify(doc[k]) !== JSON.stringify(cliDoc[k]));
    const otherKeys = [...new Set([...Object.keys(doc), ...Object.keys(cliDoc)])].filter(
      (k) => !input.compared.includes(k) && JSON.stringify(doc[k]) !== JSON.stringify(cliDoc[k]),
    );
    const byteEqual = first.text.trim() === cli.stdout.trim();

    // (b) Repeated requests, nothing arriving.
    ctx.log(`B7 API: ${repeats} repeated requests`);
    const repeated: Timed[] = [];
    for (let i = 0; i < repeats; i++) repeated.push(await get(s, url));

    // (c) Requests while RATE contacts per second arrive.
    ctx.log(`B7 API: requests for ${liveSeconds} s while ${RATE} contacts/s arrive`);
    const perBatch = (RATE * BATCH_MS) / 1000;
    const posts: Promise<{ status: number; ms: number; stored: number }>[] = [];
    const live: Timed[] = [];
    const t0 = performance.now();
    const liveStart = Date.now();
    const end = t0 + liveSeconds * 1000;
    let stop = false;
    const feeder = (async () => {
      for (let k = 0; !stop; k++) {
        await sleep(t0 + k * BATCH_MS - performance.now());
        if (performance.now() >= end) break;
        posts.push(
          postBatch(s, contactsBatch(`b7-live-${k}`, perBatch)).then((a) => {
            let stored = 0;
            try {
              const b = JSON.parse(a.text) as { inserted?: number; updated?: number };
              stored = (b.inserted ?? 0) + (b.updated ?? 0);
            } catch {
              // Not JSON: counted as not stored.
            }
            return { status: a.status, ms: a.ms, stored };
          }),
        );
      }
    })();
    // Requests paced at REQUESTS_PER_S, one at a time (late ones follow at once): a loop as fast as
    // it can go would take the cores from the refresh it measures.
    for (let k = 0; performance.now() < end; k++) {
      await sleep(t0 + (k * 1000) / REQUESTS_PER_S - performance.now());
      if (performance.now() >= end) break;
      live.push(await get(s, url));
    }
    stop = true;
    await feeder;
    const ingested = await Promise.all(posts);
    const arrivalSeconds = (performance.now() - t0) / 1000;
    const stored = ingested.reduce((a, p) => a + p.stored, 0);
    const failedPosts = ingested.filter((p) => p.status !== 200).length;

    // How long until a request is answered fresh once the arrivals stopped.
    const t1 = performance.now();
    let fresh: Timed | undefined;
    let polls = 0;
    while (performance.now() - t1 < 600_000) {
      const r = await get(s, url);
      polls++;
      if (r.result !== 'stale') {
        fresh = r;
        break;
      }
      await sleep(100);
    }
    const freshMs = performance.now() - t1;
    const peak = peakOf(s.child.pid!);

    const rp50 = quantile(
      repeated.map((r) => r.ms),
      0.5,
    );
    const rp99 = quantile(
      repeated.map((r) => r.ms),
      0.99,
    );
    const lp50 = quantile(
      live.map((r) => r.ms),
      0.5,
    );
    const lp99 = quantile(
      live.map((r) => r.ms),
      0.99,
    );
    // How old the documents served during the arrivals were: answered at − the document's asOf.
    const ages = live.map((r) => r.at - Date.parse(r.asOf));
    const documents = new Set(live.map((r) => r.asOf)).size;
    /** When each document was first served, in seconds since the arrivals began (the refresh cadence). */
    const firstServed = [...new Map(live.map((r) => [r.asOf, r.at] as const).reverse()).values()]
      .map((at) => (at - liveStart) / 1000)
      .sort((a, b) => a - b);
    const ratio = first.ms / input.filesWallMs;
    const correct = differ.length === 0;
    const lines: string[] = [];
    lines.push('### Through the API');
    lines.push('');
    lines.push(
      `The SQLite store above, served by the built \`accord serve\` (bench/accord-serve.ts) after \`accord ` +
        `contract import examples/contract.yaml --source ${DEMO_SOURCES.join(' ')}\` and \`accord token create ` +
        `--role client-admin\`; \`GET /api/v1/contracts/${c.contract}/evaluations/${input.period}\` without ` +
        '`asOf` (judged now), one request at a time from this process; `answered` counts the `accord-result` ' +
        `header. During the arrivals a batch of ${fmtInt(perBatch)} contacts is posted every ${BATCH_MS} ms to ` +
        '`POST /api/v1/ingest?kind=contacts` (without waiting for the previous one), and the period is asked ' +
        `${REQUESTS_PER_S} times a second, one request at a time.`,
    );
    lines.push('');
    lines.push(
      table(
        ['request', 'requests', 'p50 ms', 'p99 ms', 'answered', 'target', ''],
        [
          [
            'first (nothing kept)',
            '1',
            `${ms(first.ms)} (${fmtNum(ratio)}x the \`--data\` median)`,
            '—',
            `${counts([first])}; server peak ${fmtInt(peakAfterFirst / 2 ** 20)} MB (${fmtInt(idle / 2 ** 20)} MB before it)`,
            `<= ${input.targetRatio}x \`--data\``,
            ratio <= input.targetRatio ? 'met' : '**missed**',
          ],
          [
            'repeated, nothing arriving',
            fmtInt(repeated.length),
            ms(rp50),
            ms(rp99),
            counts(repeated),
            `p50 <= ${TARGET_P50_MS}, p99 <= ${TARGET_P99_MS}`,
            rp50 <= TARGET_P50_MS && rp99 <= TARGET_P99_MS ? 'met' : '**missed**',
          ],
          [
            `while ${fmtInt(RATE)} contacts/s arrive (${liveSeconds} s)`,
            fmtInt(live.length),
            ms(lp50),
            ms(lp99),
            `${counts(live)}; ${fmtInt(documents)} different documents, age (answered − \`asOf\`) ` +
              `p50 ${fmtNum(quantile(ages, 0.5) / 1000)} s, p99 ${fmtNum(quantile(ages, 0.99) / 1000)} s; each first served at ` +
              `${firstServed.map((x) => `+${x.toFixed(1)}`).join(', ')} s`,
            '—',
            '',
          ],
          [
            'after the arrivals stop, until fresh',
            fmtInt(polls),
            '—',
            '—',
            fresh === undefined
              ? 'still stale after 600 s'
              : `fresh (${fresh.result}) after ${ms(freshMs)} ms`,
            '—',
            '',
          ],
        ],
      ),
    );
    lines.push('');
    lines.push(
      `Arrivals: ${fmtInt(stored)} contacts stored in ${fmtNum(arrivalSeconds)} s ` +
        `(${fmtInt(stored / arrivalSeconds)}/s; ${fmtInt(ingested.length)} batches, ${failedPosts} not 200; ` +
        `POST p50 ${ms(
          quantile(
            ingested.map((p) => p.ms),
            0.5,
          ),
        )} ms, p99 ${ms(
          quantile(
            ingested.map((p) => p.ms),
            0.99,
          ),
        )} ms). Server peak memory (VmHWM) ${fmtInt(idle / 2 ** 20)} MB before the first request, ` +
        `${fmtInt(peakAfterFirst / 2 ** 20)} MB after it, ${fmtInt(peak / 2 ** 20)} MB at the end. ` +
        'Issue 14 bounds the memory of the read (the `accord evaluate --db` rows above); the server holds, ' +
        'besides, its own modules and HTTP stack (the memory before the first request) and a worker ' +
        'thread, with modules of its own, in which the evaluation runs.',
    );
    lines.push('');
    lines.push(
      correct
        ? `The API's document has the same figures (${input.compared.join(', ')}) as \`accord evaluate --db ` +
            `--json --as-of ${String(doc.asOf)}\` on the same store` +
            (byteEqual
              ? ', byte for byte.'
              : `; it differs in ${otherKeys.length > 0 ? otherKeys.join(', ') : 'layout only'}.`)
        : `FAIL: the API's document differs from \`accord evaluate --db --as-of ${String(doc.asOf)}\` in ${differ.join(', ')}.`,
    );
    return { lines, correct };
  } finally {
    await stopServe(s);
  }
}
