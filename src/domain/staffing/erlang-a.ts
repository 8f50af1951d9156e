/**
 * Erlang A (M/M/N+M, Palm's queue): Poisson arrivals λ, exponential handle times (rate μ = 1/AHT), N agents,
 * and callers who abandon after an exponential patience with mean θ⁻¹. It is the birth–death chain of
 * kpis.md with birth rate λ and death rate `min(n, N)·μ + max(n − N, 0)·θ`.
 *
 * Method (exact formulas, summed numerically; see docs/staffing.md):
 *
 * - With x = Nμ/θ and y = λ/θ the stationary chain gives π(N + j) = π(N) · y^j / ((x+1)(x+2)…(x+j)), and the
 *   states below N are the Erlang B (loss system) distribution, so with E = B(N, A) and
 *   S = Σ_j y^j / ((x+1)…(x+j)):  P(wait) = S / (S + 1/E − 1)  and  P(abandon | wait) = 1/(ρS) + 1 − 1/ρ,
 *   ρ = λ/(Nμ) — Garnett, Mandelbaum & Reiman, "Designing a call center with impatient customers",
 *   Manufacturing & Service Operations Management 4(3), 2002, section 3.
 * - Service level: an arrival that finds j callers waiting ahead (probability π(N + j), PASTA) has an
 *   offered wait V = Σ_{i=0..j} Exp(Nμ + iθ) (the queue ahead shrinks by service at rate Nμ and by
 *   abandonment at rate iθ) and is answered iff its own patience outlasts V. Hence
 *   P(answered) = E[e^(−θV)] = x/(x+j+1), and by exponential tilting
 *   P(answered within T) = x/(x+j+1) · P(V' <= T) with V' = Σ_{i=0..j} Exp(θ(x+1+i)). e^(−θV') is
 *   Beta(x+1, j+1) distributed, so P(V' <= T) = I_p(j+1, x+1) = 1 − Σ_{k=0..j} NB(k; x+1, p) with
 *   p = 1 − e^(−θT), the negative-binomial tail. This is the M/M/N+M waiting-time distribution of
 *   Mandelbaum & Zeltyn ("The M/M/n+G queue: summary of performance measures", Technion), written as a
 *   sum that needs no incomplete gamma function; the test suite checks it against a transient
 *   (uniformisation) solution of the tagged caller's Markov chain.
 * - ASA of answered callers: E[V e^(−θV)] = x/(x+j+1) · Σ_{i=0..j} 1/(θ(x+1+i)), divided by P(answered).
 * - Occupancy: answered traffic over agents, λ(1 − P(abandon)) / (Nμ).
 *
 * All sums run in log space with a running maximum, so neither 1000 Erlang nor an overloaded queue (N < A,
 * which Erlang A handles: callers abandon) overflows. As θ → 0 every formula tends to Erlang C.
 */
import { checkAgents, idleFigures } from './erlang-c.js';
import type { QueueFigures } from './figures.js';
import type { Traffic } from './traffic.js';

/** More waiting positions than this means a queue of millions of callers; the sum is refused. */
export const MAX_QUEUE_STATES = 20_000_000;

export class QueueTooLongError extends RangeError {
  constructor(states: number) {
    super(
      `Erlang A: the queue would hold more than ${states} waiting callers (patience far longer than the ` +
        'overload can absorb); use more agents, a shorter patience or Erlang C',
    );
    this.name = 'QueueTooLongError';
  }
}

/** 1/B(N, A) − 1 by its own recursion R(n) = (n/A)·(1 + R(n − 1)), precise when B is near 1 or near 0. */
function inverseErlangBMinusOne(agents: number, erlangs: number): number {
  let r = 0;
  for (let n = 1; n <= agents && r < Number.POSITIVE_INFINITY; n++) r = (n / erlangs) * (1 + r);
  return r;
}

/**
 * Erlang A figures for exactly `agents` agents: service level within `thresholdSeconds` (answered within T
 * over offered), probability of waiting, probability of abandonment, ASA of answered callers, occupancy.
 */
export function erlangAFigures(
  traffic: Traffic,
  agents: number,
  thresholdSeconds: number,
  patienceSeconds: number,
): QueueFigures {
  checkAgents(agents);
  if (!(patienceSeconds > 0) || !Number.isFinite(patienceSeconds))
    throw new RangeError(`patience must be more than zero seconds, not ${patienceSeconds}`);
  if (!(thresholdSeconds >= 0))
    throw new RangeError(`threshold must be 0 s or more, not ${thresholdSeconds}`);
  if (traffic.exact.num === 0n) return idleFigures(agents, true);
  if (agents === 0) {
    return {
      agents,
      serviceLevel: 0,
      asa: Number.POSITIVE_INFINITY,
      occupancy: 0,
      probabilityOfWaiting: 1,
      abandonment: 1,
      stable: true,
    };
  }
  const a = traffic.erlangs;
  const aht = traffic.ahtSeconds;
  const theta = 1 / patienceSeconds;
  const x = (agents * patienceSeconds) / aht; // Nμ/θ
  const y = (a * patienceSeconds) / aht; // λ/θ
  const t = thresholdSeconds;

  // Negative binomial NB(k; x+1, p), p = 1 − e^(−θT), in log space: ln NB(0) = (x+1)·ln(1−p) = −(Nμ+θ)T.
  const p = -Math.expm1(-theta * t);
  let lnNb = -(agents / aht + theta) * t;
  let cumNb = Math.exp(lnNb);
  let harmonic = 1 / (x + 1); // Σ_{i=0..j} 1/(x+1+i)

  // Weights w_j = y^j / ((x+1)…(x+j)) as exp(lnW − top), rescaled whenever a larger one appears.
  let lnW = 0;
  let top = 0;
  let sum = 0; // Σ w_j
  let sumAbandon = 0; // Σ w_j (j+1)/(x+j+1)
  let sumWithin = 0; // Σ w_j x/(x+j+1) · P(V' <= T)
  let sumWait = 0; // Σ w_j x/(x+j+1) · Σ 1/(x+1+i)
  for (let j = 0; ; j++) {
    if (j > MAX_QUEUE_STATES) throw new QueueTooLongError(MAX_QUEUE_STATES);
    if (lnW > top) {
      const f = Math.exp(top - lnW);
      sum *= f;
      sumAbandon *= f;
      sumWithin *= f;
      sumWait *= f;
      top = lnW;
    }
    const w = Math.exp(lnW - top);
    const d = x + j + 1;
    const answered = x / d;
    sum += w;
    sumAbandon += (w * (j + 1)) / d;
    sumWithin += w * answered * Math.max(0, 1 - cumNb);
    sumWait += w * answered * harmonic;

    const ratio = y / d; // w_{j+1} / w_j
    lnW += Math.log(ratio);
    if (ratio < 1) {
      // Past the mode the ratios only fall, so the rest is at most w_{j+1} / (1 − y/(x+j+2)).
      const tail = Math.exp(lnW - top) / (1 - y / (d + 1));
      if (tail <= 1e-17 * sum) break;
    }
    const k = j + 1;
    if (p > 0) {
      lnNb += Math.log((p * (x + k)) / k);
      cumNb += Math.exp(lnNb);
    }
    harmonic += 1 / (x + 1 + k);
  }

  // P(wait) = 1 / (1 + (1/E − 1)/S), in logs: S = e^top · sum may be astronomically large.
  const lnRest = Math.log(inverseErlangBMinusOne(agents, a));
  const lnS = top + Math.log(sum);
  const pw = 1 / (1 + Math.exp(lnRest - lnS));
  const abandonment = (pw * sumAbandon) / sum;
  const answered = 1 - abandonment;
  const serviceLevel = 1 - pw + (pw * sumWithin) / sum;
  const asa = answered > 0 ? (pw * (sumWait / sum) * patienceSeconds) / answered : Number.POSITIVE_INFINITY;
  return {
    agents,
    serviceLevel: Math.min(1, Math.max(0, serviceLevel)),
    asa,
    occupancy: Math.min(1, (a * answered) / agents),
    probabilityOfWaiting: pw,
    abandonment,
    stable: true,
  };
}
