import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentsForOccupancy,
  ERLANG_C,
  erlangAFigures,
  erlangB,
  erlangC,
  erlangCFigures,
  type ForecastInterval,
  meetsServiceLevel,
  planFromForecast,
  QueueTooLongError,
  requiredStaff,
  type StaffingPolicy,
  scheduledAgents,
  staffWith,
  type Traffic,
  trafficOf,
} from '../../src/domain/staffing.js';

// ---------------------------------------------------------------------------------------------------------
// Independent references, written for these tests with different methods than the implementation.
// ---------------------------------------------------------------------------------------------------------

/** a / b for huge BigInts as a double, by scaling to 64 significant bits. */
function bigRatio(a: bigint, b: bigint): number {
  if (a === 0n) return 0;
  const shift = 64 - (a.toString(2).length - b.toString(2).length);
  const q = shift >= 0 ? (a << BigInt(shift)) / b : a / (b << BigInt(-shift));
  return Number(q) / 2 ** shift;
}

/**
 * Erlang C straight from the textbook factorial formula, in exact rational arithmetic (A = aNum/aDen):
 * Pw = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)). Everything is multiplied through by
 * aDen^N · N! · (N·aDen − aNum) so that only BigInt integers remain.
 */
function exactErlangC(aNum: bigint, aDen: bigint, n: number): number {
  const N = BigInt(n);
  let factorialRatio = 1n; // N!/k!, k running down from N
  const ratios: bigint[] = [];
  for (let k = n; k >= 0; k--) {
    ratios[k] = factorialRatio;
    factorialRatio *= BigInt(k === 0 ? 1 : k);
  }
  let sum = 0n;
  for (let k = 0; k < n; k++) sum += aNum ** BigInt(k) * aDen ** (N - BigInt(k)) * (ratios[k] ?? 0n);
  const top = aNum ** N * N * aDen;
  const spare = N * aDen - aNum;
  return bigRatio(top, sum * spare + top);
}

/** Erlang B from its definition (A^N/N!) / Σ_{k<=N} A^k/k!, exactly. */
function exactErlangB(aNum: bigint, aDen: bigint, n: number): number {
  const N = BigInt(n);
  let sum = 0n;
  let ratio = 1n; // N!/k!
  for (let k = n; k >= 0; k--) {
    sum += aNum ** BigInt(k) * aDen ** (N - BigInt(k)) * ratio;
    ratio *= BigInt(k === 0 ? 1 : k);
  }
  return bigRatio(aNum ** N, sum);
}

interface ErlangAReference {
  probabilityOfWaiting: number;
  abandonment: number;
  occupancy: number;
  serviceLevel: number;
  asa: number;
}

/**
 * Erlang A by brute force: the stationary distribution of the birth–death chain by plain products
 * (truncated far in the tail), P(abandon) by Little's law (θ·E[queue]/λ), occupancy from E[busy agents],
 * the service level by uniformisation of the tagged caller's transient chain (j callers ahead, advancing
 * at Nμ + jθ, abandoning at θ), and the ASA of answered callers by first-step analysis of that chain.
 */
function erlangAReference(
  lambda: number,
  aht: number,
  patience: number,
  n: number,
  t: number,
): ErlangAReference {
  const mu = 1 / aht;
  const theta = 1 / patience;
  const pi: number[] = [1];
  let total = 1;
  for (let k = 1; ; k++) {
    const death = Math.min(k, n) * mu + Math.max(k - n, 0) * theta;
    const next = ((pi[k - 1] ?? 0) * lambda) / death;
    pi.push(next);
    total += next;
    if (k > n + lambda / theta + 50 && next < 1e-22 * total) break;
  }
  const p = pi.map((v) => v / total);
  let pw = 0;
  let queue = 0;
  let busy = 0;
  p.forEach((v, k) => {
    if (k >= n) pw += v;
    queue += Math.max(k - n, 0) * v;
    busy += Math.min(k, n) * v;
  });
  const abandonment = (theta * queue) / lambda;
  // Tagged caller, j ahead (arrival sees N + j).
  const J = p.length - n;
  const advance = (j: number) => n * mu + j * theta;
  let v = Array.from({ length: J }, (_, j) => p[n + j] ?? 0);
  const rate = advance(J) + theta;
  const steps = Math.ceil(rate * t + 12 * Math.sqrt(rate * t + 1) + 60);
  let poisson = Math.exp(-rate * t);
  let served = 0;
  let within = 0;
  for (let k = 0; k <= steps; k++) {
    within += poisson * served;
    const next = v.map(
      (x, j) => x * (1 - (advance(j) + theta) / rate) + ((v[j + 1] ?? 0) * advance(j + 1)) / rate,
    );
    served += ((v[0] ?? 0) * advance(0)) / rate;
    v = next;
    poisson *= (rate * t) / (k + 1);
  }
  // First step: s_j = P(served | j), g_j = E[W · 1{served} | j].
  let s = 1;
  let g = 0;
  let waitServed = 0;
  for (let j = 0; j < J; j++) {
    const out = advance(j) + theta;
    s = (advance(j) / out) * s;
    g = s / out + (advance(j) / out) * g;
    waitServed += (p[n + j] ?? 0) * g;
  }
  return {
    probabilityOfWaiting: pw,
    abandonment,
    occupancy: busy / n,
    serviceLevel: 1 - pw + within,
    asa: waitServed / (1 - abandonment),
  };
}

const load = (volume: number, intervalSeconds: number, ahtSeconds: number): Traffic =>
  trafficOf({ volume, intervalSeconds, ahtSeconds });

const policy = (slPercent: number, seconds: number, extra: Partial<StaffingPolicy> = {}): StaffingPolicy => ({
  target: { serviceLevelPpm: slPercent * 10_000, thresholdSeconds: seconds },
  model: ERLANG_C,
  ...extra,
});

// ---------------------------------------------------------------------------------------------------------

describe('Erlang C: the reference of kpis.md', () => {
  // kpis.md "Staffing": 100 calls per 30 min, AHT 180 s (A = 10), N = 14, T = 20 s.
  const traffic = load(100, 1800, 180);

  it('A = 10 Erlang; Pw 0.1741319, SL 0.88835, ASA 7.8359 s, occupancy 0.7142857', () => {
    expect(traffic.erlangs).toBe(10);
    const f = erlangCFigures(traffic, 14, 20);
    expect(f.probabilityOfWaiting).toBeCloseTo(0.1741319, 7);
    expect(f.serviceLevel).toBeCloseTo(0.88835, 5);
    expect(f.asa).toBeCloseTo(7.8359, 4);
    expect(f.occupancy).toBeCloseTo(0.7142857, 7);
    expect(f.stable).toBe(true);
  });

  it('target 80%, maximum occupancy 85%, shrinkage 30%: 14 agents, 20 scheduled', () => {
    const r = requiredStaff(traffic, policy(80, 20, { maxOccupancyPpm: 850_000, shrinkagePpm: 300_000 }));
    expect(r.agents).toBe(14);
    expect(r.scheduled).toBe(20);
    expect(r.agentsForServiceLevel).toBe(14);
    expect(r.agentsForOccupancy).toBe(12); // ceil(10 / 0.85)
    expect(r.meetsTarget).toBe(true);
    // 13 agents miss the target: 14 is the smallest.
    expect(erlangCFigures(traffic, 13, 20).serviceLevel).toBeLessThan(0.8);
  });
});

describe('Erlang C: the example of interfaces.md', () => {
  it('--volume 90 --interval 30m --aht 225s --target 80/20 --shrinkage 30%', () => {
    const r = requiredStaff(load(90, 1800, 225), policy(80, 20, { shrinkagePpm: 300_000 }));
    expect(r.agents).toBe(15);
    expect(r.serviceLevel).toBeCloseTo(0.8438, 4);
    expect(r.asa).toBeCloseTo(13.08, 2);
    expect(r.occupancy).toBe(0.75);
    expect(r.probabilityOfWaiting).toBeCloseTo(0.218, 3);
    expect(r.trafficErlangs).toBe(11.25);
    expect(r.scheduled).toBe(22);
  });
});

describe('Erlang C against the exact factorial formula (BigInt rationals)', () => {
  // [A numerator, A denominator, N]. Expected values are computed in this test by exactErlangC, a different
  // method (textbook factorial formula in exact arithmetic) from the implementation's Erlang B recursion.
  // Parameters: kpis.md (A = 10), interfaces.md (A = 11.25), the widely reproduced worked example of
  // 360 calls per half hour, 4-minute calls, 55 agents, 15 s target (A = 48), traffic below one Erlang,
  // and large loads.
  const cases: [bigint, bigint, number][] = [
    [10n, 1n, 11],
    [10n, 1n, 14],
    [45n, 4n, 12],
    [45n, 4n, 15],
    [48n, 1n, 49],
    [48n, 1n, 55],
    [1n, 2n, 1],
    [1n, 2n, 2],
    [3n, 10n, 1],
    [2n, 1n, 3],
    [100n, 1n, 110],
    [250n, 1n, 270],
    [1000n, 1n, 1001],
    [1000n, 1n, 1030],
  ];
  it.each(cases)('A = %d/%d, N = %d', (num, den, n) => {
    const a = Number(num) / Number(den);
    const exact = exactErlangC(num, den, n);
    expect(Math.abs(erlangC(n, a) - exact) / exact).toBeLessThan(1e-12);
  });

  it('Erlang B matches its definition, e.g. 5 Erlang on 10 lines blocks 1.84% (Erlang B tables)', () => {
    expect(erlangB(10, 5)).toBeCloseTo(0.01838, 5);
    for (const [num, den, n] of [
      [5n, 1n, 10],
      [45n, 4n, 15],
      [1000n, 1n, 1000],
      [2000n, 1n, 2100],
    ] as const) {
      const exact = exactErlangB(num, den, n);
      expect(Math.abs(erlangB(n, Number(num) / Number(den)) - exact) / exact).toBeLessThan(1e-12);
    }
  });

  it('the 360 calls / 4 min / 55 agents / 15 s example: A = 48, occupancy 87.3%', () => {
    const traffic = load(360, 1800, 240);
    const f = erlangCFigures(traffic, 55, 15);
    const pw = exactErlangC(48n, 1n, 55);
    expect(traffic.erlangs).toBe(48);
    expect(f.occupancy).toBeCloseTo(0.8727, 4);
    expect(f.probabilityOfWaiting).toBeCloseTo(pw, 12);
    expect(f.serviceLevel).toBeCloseTo(1 - pw * Math.exp((-7 * 15) / 240), 12);
    expect(f.asa).toBeCloseTo((pw * 240) / 7, 10);
  });
});

describe('Erlang C: edge cases', () => {
  it('traffic below one Erlang: M/M/1 waits with probability ρ', () => {
    const traffic = load(10, 3600, 180); // A = 0.5
    const f = erlangCFigures(traffic, 1, 20);
    expect(f.probabilityOfWaiting).toBeCloseTo(0.5, 14);
    expect(f.serviceLevel).toBeCloseTo(1 - 0.5 * Math.exp((-0.5 * 20) / 180), 14);
    expect(f.asa).toBeCloseTo(180, 10); // Pw·AHT/(N − A) = 0.5·180/0.5
    const r = requiredStaff(traffic, policy(80, 20));
    expect(r.agents).toBe(2);
    expect(requiredStaff(load(1, 1800, 60), policy(50, 20)).agents).toBe(1);
  });

  it('no traffic needs no agents', () => {
    const r = requiredStaff(
      load(0, 1800, 180),
      policy(80, 20, { shrinkagePpm: 300_000, maxOccupancyPpm: 850_000 }),
    );
    expect(r).toMatchObject({ agents: 0, scheduled: 0, serviceLevel: 1, asa: 0, probabilityOfWaiting: 0 });
  });

  it('N <= A is reported as unstable, not a crash: SL 0, ASA Infinity, Pw 1', () => {
    const traffic = load(100, 1800, 180); // A = 10 exactly
    for (const n of [1, 9, 10]) {
      const f = erlangCFigures(traffic, n, 20);
      expect(f).toMatchObject({ stable: false, serviceLevel: 0, probabilityOfWaiting: 1, occupancy: 1 });
      expect(f.asa).toBe(Number.POSITIVE_INFINITY);
    }
    expect(erlangCFigures(traffic, 11, 20).stable).toBe(true);
    expect(erlangC(10, 10)).toBe(1);
    expect(staffWith(traffic, 10, policy(80, 20)).meetsTarget).toBe(false);
  });

  it('1,000 and 10,000 Erlang: no overflow, no NaN, and the smallest N', () => {
    for (const volume of [10_000, 100_000]) {
      const traffic = load(volume, 1800, 180);
      const r = requiredStaff(traffic, policy(80, 20));
      expect(Number.isFinite(r.serviceLevel) && Number.isFinite(r.asa)).toBe(true);
      expect(r.agents).toBeGreaterThan(traffic.erlangs);
      expect(r.serviceLevel).toBeGreaterThanOrEqual(0.8);
      expect(erlangCFigures(traffic, r.agents - 1, 20).serviceLevel).toBeLessThan(0.8);
    }
    const f = erlangCFigures(load(10_000, 1800, 180), 1030, 20);
    expect(f.probabilityOfWaiting).toBeGreaterThan(0);
    expect(f.probabilityOfWaiting).toBeLessThan(1);
    expect(erlangB(5000, 4000)).toBeGreaterThan(0);
  });
});

describe('exact percentages', () => {
  it('ceil(21 / (1 − 30%)) is 30, though 21 / (1 - 0.3) in floating point is 30.000000000000004', () => {
    expect(Math.ceil(21 / (1 - 0.3))).toBe(31); // the trap
    expect(scheduledAgents(21, 300_000)).toBe(30);
    expect(scheduledAgents(14, 300_000)).toBe(20);
    expect(scheduledAgents(15, 300_000)).toBe(22);
    expect(scheduledAgents(7, 0)).toBe(7);
    expect(() => scheduledAgents(7, 1_000_000)).toThrow(RangeError);
  });

  it('scheduled is the smallest S with S·(1 − shrinkage) >= N, in integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 999_999 }), (n, s) => {
        const scheduled = BigInt(scheduledAgents(n, s));
        const keep = BigInt(1_000_000 - s);
        const need = BigInt(n) * 1_000_000n;
        return scheduled * keep >= need && (scheduled === 0n || (scheduled - 1n) * keep < need);
      }),
    );
  });

  it('the occupancy cap is exact: 5.7 Erlang at 95% needs 6 agents, not 7', () => {
    const traffic = load(57, 1800, 180); // 5.7 Erlang
    expect(5.7 / 0.95).toBe(6.000000000000001); // floating point would ask for 7
    expect(agentsForOccupancy(traffic, 950_000)).toBe(6);
    expect(agentsForOccupancy(load(85, 1800, 180), 850_000)).toBe(10);
    expect(agentsForOccupancy(load(100, 1800, 180), 850_000)).toBe(12);
  });

  it('an SL of exactly the target meets it, also after rounding in the last place', () => {
    expect(meetsServiceLevel(0.8, 800_000)).toBe(true);
    expect(meetsServiceLevel(0.7999999999999999, 800_000)).toBe(true);
    expect(meetsServiceLevel(0.799999, 800_000)).toBe(false);
    expect(meetsServiceLevel(0.955, 955_000)).toBe(true);
  });

  it('the uplift is exact: 90 contacts + 40% are 126, not 125.99999999999999', () => {
    expect(90 * 1.4).toBe(125.99999999999999); // the trap
    const t = trafficOf({ volume: 90, intervalSeconds: 1800, ahtSeconds: 100 }, 400_000);
    expect(t.volume).toBe(126);
    expect(t.erlangs).toBe(7);
    // 126 contacts × 100 s / 1800 s = 7 Erlang exactly: 7 agents are unstable (the doubles would say 6.99…).
    expect(erlangCFigures(t, 7, 20).stable).toBe(false);
    expect(erlangCFigures(t, 8, 20).stable).toBe(true);
  });

  it('refuses a target of 100%, which no queue meets', () => {
    expect(() => requiredStaff(load(90, 1800, 225), policy(100, 20))).toThrow(/100%/);
  });
});

describe('Erlang C: properties', () => {
  it('SL rises and Pw, ASA fall as agents are added; Pw stays in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 300, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 120 }),
        (a, extra, t) => {
          const traffic = trafficOf({ volume: a, intervalSeconds: 180, ahtSeconds: 180 });
          const n = Math.floor(traffic.erlangs) + 1 + extra;
          const f = erlangCFigures(traffic, n, t);
          const g = erlangCFigures(traffic, n + 1, t);
          return (
            f.probabilityOfWaiting >= 0 &&
            f.probabilityOfWaiting <= 1 &&
            g.serviceLevel >= f.serviceLevel - 1e-12 &&
            g.probabilityOfWaiting <= f.probabilityOfWaiting + 1e-12 &&
            g.asa <= f.asa + 1e-9
          );
        },
      ),
    );
  });

  it('required agents are the smallest meeting the target', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 30, max: 600 }),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 60 }),
        (volume, aht, sl, t) => {
          const traffic = load(volume, 1800, aht);
          const r = requiredStaff(traffic, policy(sl, t));
          const below = erlangCFigures(traffic, r.agents - 1, t);
          return r.meetsTarget && !meetsServiceLevel(below.serviceLevel, sl * 10_000);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('Erlang A (M/M/N+M)', () => {
  it('matches a brute-force birth–death and transient computation', () => {
    const cases: [number, number, number, number, number][] = [
      // volume per 30 min, AHT s, patience s, agents, T s
      [90, 225, 120, 15, 20],
      [90, 225, 120, 13, 20],
      [90, 225, 300, 10, 20], // fewer agents than Erlang: stable thanks to abandonment
      [100, 180, 60, 14, 0],
      [100, 180, 600, 12, 45],
      [10, 360, 90, 1, 30], // A = 2 on one agent
      [20, 300, 200, 6, 60],
    ];
    for (const [volume, aht, patience, n, t] of cases) {
      const traffic = load(volume, 1800, aht);
      const f = erlangAFigures(traffic, n, t, patience);
      const ref = erlangAReference(volume / 1800, aht, patience, n, t);
      expect(f.probabilityOfWaiting).toBeCloseTo(ref.probabilityOfWaiting, 10);
      expect(f.abandonment).toBeCloseTo(ref.abandonment, 10);
      expect(f.occupancy).toBeCloseTo(ref.occupancy, 10);
      expect(f.serviceLevel).toBeCloseTo(ref.serviceLevel, 9);
      expect(f.asa).toBeCloseTo(ref.asa, 8);
    }
  });

  it('agrees with the closed forms of Garnett, Mandelbaum & Reiman (2002)', () => {
    // P(W > 0) = S·E / (1 + (S − 1)·E) and P(Ab | W > 0) = 1/(ρS) + 1 − 1/ρ, with E = Erlang B,
    // x = Nμ/θ, y = λ/θ, S = Σ_j y^j / ((x+1)…(x+j)), ρ = λ/(Nμ).
    const [volume, aht, patience, n] = [90, 225, 120, 13];
    const lambda = volume / 1800;
    const x = (n / aht) * patience;
    const y = lambda * patience;
    let s = 0;
    let term = 1;
    for (let j = 0; j < 2000; j++) {
      s += term;
      term *= y / (x + j + 1);
    }
    const e = erlangB(n, (volume * aht) / 1800);
    const rho = (lambda * aht) / n;
    const pw = (s * e) / (1 + (s - 1) * e);
    const f = erlangAFigures(load(volume, 1800, aht), n, 20, patience);
    expect(f.probabilityOfWaiting).toBeCloseTo(pw, 12);
    expect((f.abandonment ?? 0) / f.probabilityOfWaiting).toBeCloseTo(1 / (rho * s) + 1 - 1 / rho, 12);
  });

  it('tends to Erlang C as patience grows', () => {
    for (const [volume, aht, n, t] of [
      [100, 180, 14, 20],
      [90, 225, 15, 20],
      [10_000, 180, 1011, 20],
      [10, 90, 1, 10], // A = 0.5 on one agent
    ] as const) {
      const traffic = load(volume, 1800, aht);
      const c = erlangCFigures(traffic, n, t);
      let previous = Number.POSITIVE_INFINITY;
      for (const patience of [1e3, 1e5, 1e7, 1e9, 1e11]) {
        const a = erlangAFigures(traffic, n, t, patience);
        const gap =
          Math.abs(a.serviceLevel - c.serviceLevel) +
          Math.abs(a.probabilityOfWaiting - c.probabilityOfWaiting);
        expect(gap).toBeLessThanOrEqual(previous + 1e-12);
        previous = gap;
      }
      const far = erlangAFigures(traffic, n, t, 1e11);
      expect(far.serviceLevel).toBeCloseTo(c.serviceLevel, 7);
      expect(far.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 7);
      expect(far.asa).toBeCloseTo(c.asa, 5);
      expect(far.occupancy).toBeCloseTo(c.occupancy, 7);
      expect(far.abandonment).toBeLessThan(1e-6);
    }
  });

  it('handles 1,000 Erlang and overload without overflow', () => {
    const traffic = load(10_000, 1800, 180);
    for (const n of [1, 500, 900, 1000, 1050, 3000]) {
      const f = erlangAFigures(traffic, n, 20, 120);
      for (const v of [f.serviceLevel, f.probabilityOfWaiting, f.abandonment ?? 0, f.occupancy, f.asa])
        expect(Number.isFinite(v)).toBe(true);
    }
    const r = requiredStaff(traffic, {
      ...policy(80, 20),
      model: { kind: 'erlang-a', patienceSeconds: 120 },
    });
    expect(r.meetsTarget).toBe(true);
    const below = erlangAFigures(traffic, r.agents - 1, 20, 120);
    expect(below.serviceLevel).toBeLessThan(0.8);
  });

  it('refuses a queue of millions of callers rather than summing it', () => {
    expect(() => erlangAFigures(load(10_000, 1800, 180), 10, 20, 1e9)).toThrow(QueueTooLongError);
  });

  it('probabilities stay in [0, 1]; SL rises and abandonment falls with agents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 60, max: 600 }),
        fc.integer({ min: 10, max: 900 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (volume, aht, patience, n, t) => {
          const traffic = load(volume, 1800, aht);
          const f = erlangAFigures(traffic, n, t, patience);
          const g = erlangAFigures(traffic, n + 1, t, patience);
          const inUnit = (v: number) => v >= 0 && v <= 1;
          return (
            inUnit(f.serviceLevel) &&
            inUnit(f.probabilityOfWaiting) &&
            inUnit(f.abandonment ?? -1) &&
            inUnit(f.occupancy) &&
            g.serviceLevel >= f.serviceLevel - 1e-12 &&
            (g.abandonment ?? 0) <= (f.abandonment ?? 0) + 1e-12
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('planFromForecast', () => {
  const rows: ForecastInterval[] = [
    ['2026-03-02T09:00:00+01:00', 90],
    ['2026-03-02T09:30:00+01:00', 100],
    ['2026-03-02T10:00:00+01:00', 0],
  ].map(([start, volume]) => ({
    intervalStart: String(start),
    intervalStartMs: Date.parse(String(start)),
    intervalMinutes: 30,
    channel: 'phone',
    queue: 'general',
    volume: Number(volume),
    ahtSeconds: 180,
  }));

  it('staffs every row and finds the peak', () => {
    const plan = planFromForecast(rows, policy(80, 20, { shrinkagePpm: 300_000 }));
    expect(plan.rows.map((r) => [r.agents, r.scheduled])).toEqual([
      [requiredStaff(load(90, 1800, 180), policy(80, 20)).agents, expect.any(Number)],
      [14, 20],
      [0, 0],
    ]);
    expect(plan.peaks).toHaveLength(1);
    expect(plan.peaks[0]).toMatchObject({
      channel: 'phone',
      queue: 'general',
      intervals: 3,
      volume: 190,
      peakIntervalStart: '2026-03-02T09:30:00+01:00',
      peakAgents: 14,
      peakScheduled: 20,
    });
  });

  it('an uplift multiplies the volumes exactly', () => {
    const plan = planFromForecast(rows, policy(80, 20), 300_000);
    expect(plan.rows.map((r) => r.volume)).toEqual([117, 130, 0]);
    expect(plan.rows[1]?.agents).toBe(requiredStaff(load(130, 1800, 180), policy(80, 20)).agents);
  });
});
