/**
 * Erlang C (M/M/N): Poisson arrivals, exponential handle times, N agents, callers who wait as long as it
 * takes. Everything goes through the Erlang B recursion (kpis.md), never through A^N / N!, which overflows
 * at 171!: `B0 = 1`, `Bn = A·Bn−1 / (n + A·Bn−1)`, then `C = N·B / (N − A(1 − B))`. The recursion only
 * multiplies and divides numbers in [0, 1] by moderate factors, so it is stable for thousands of agents.
 */
import type { QueueFigures } from './figures.js';
import { isStable, type Traffic } from './traffic.js';

/** Erlang B blocking probability for `agents` servers and `erlangs` of offered traffic. */
export function erlangB(agents: number, erlangs: number): number {
  checkAgents(agents);
  let b = 1;
  for (let n = 1; n <= agents && b > 0; n++) b = nextErlangB(b, n, erlangs); // once 0, B stays 0
  return b;
}

/** One step of the recursion: B(n) from B(n − 1). */
export function nextErlangB(previous: number, n: number, erlangs: number): number {
  const ab = erlangs * previous;
  return ab / (n + ab);
}

/** C from B: the probability that a contact has to wait, for N > A. */
export function erlangCFromB(b: number, agents: number, erlangs: number): number {
  return (agents * b) / (agents - erlangs * (1 - b));
}

/**
 * The Erlang C probability of waiting. 0 without traffic; 1 when `agents <= erlangs` (the queue grows
 * without bound, every contact waits).
 */
export function erlangC(agents: number, erlangs: number): number {
  checkAgents(agents);
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  return erlangCFromB(erlangB(agents, erlangs), agents, erlangs);
}

export function checkAgents(agents: number): void {
  if (!Number.isSafeInteger(agents) || agents < 0)
    throw new RangeError(`agents must be a whole number of 0 or more, not ${agents}`);
}

/** The figures for no traffic at all: nobody waits, nobody is busy. */
export function idleFigures(agents: number, erlangA: boolean): QueueFigures {
  return {
    agents,
    serviceLevel: 1,
    asa: 0,
    occupancy: 0,
    probabilityOfWaiting: 0,
    abandonment: erlangA ? 0 : null,
    stable: true,
  };
}

/**
 * Erlang C figures for exactly `agents` agents, T = `thresholdSeconds`:
 * `SL(T) = 1 − Pw·exp(−(N − A)·T / AHT)`, `ASA = Pw·AHT / (N − A)`, occupancy `A / N`.
 * `b` may pass B(N, A) when the caller already has it (the agent search steps the recursion itself).
 * With N <= A the model has no steady state: reported as service level 0, probability of waiting 1,
 * ASA Infinity, occupancy 1 (every agent always busy) and `stable: false`.
 */
export function erlangCFigures(
  traffic: Traffic,
  agents: number,
  thresholdSeconds: number,
  b?: number,
): QueueFigures {
  checkAgents(agents);
  const a = traffic.erlangs;
  if (traffic.exact.num === 0n) return idleFigures(agents, false);
  if (!isStable(traffic, agents)) {
    return {
      agents,
      serviceLevel: 0,
      asa: Number.POSITIVE_INFINITY,
      occupancy: agents === 0 ? 0 : 1,
      probabilityOfWaiting: 1,
      abandonment: null,
      stable: false,
    };
  }
  const pw = erlangCFromB(b ?? erlangB(agents, a), agents, a);
  const spare = agents - a;
  const serviceLevel = 1 - pw * Math.exp((-spare * thresholdSeconds) / traffic.ahtSeconds);
  return {
    agents,
    serviceLevel: Math.min(1, Math.max(0, serviceLevel)),
    asa: (pw * traffic.ahtSeconds) / spare,
    occupancy: a / agents,
    probabilityOfWaiting: pw,
    abandonment: null,
    stable: true,
  };
}
