/**
 * Required agents (kpis.md, "Staffing"): the smallest N meeting the service-level target, raised to
 * `ceil(A / max_occupancy)` when occupancy is capped; scheduled = `ceil(N / (1 − shrinkage))`. The
 * percentages are integer ppm and the two ceilings are computed on exact rationals, so 21 agents with 30%
 * shrinkage schedule 30, never 31.
 */
import { PPM } from '../percent.js';
import { erlangAFigures, QueueTooLongError } from './erlang-a.js';
import { checkAgents, erlangB, erlangCFigures, nextErlangB } from './erlang-c.js';
import type { QueueFigures, StaffingModel } from './figures.js';
import { ceil, div, rational } from './rational.js';
import { minimumStableAgents, type Traffic } from './traffic.js';

export interface ServiceLevelTarget {
  /** Share to answer within the threshold, ppm (80% = 800000); below 100%, which no queue can promise. */
  readonly serviceLevelPpm: number;
  readonly thresholdSeconds: number;
}

export interface StaffingPolicy {
  readonly target: ServiceLevelTarget;
  readonly model: StaffingModel;
  /** Occupancy cap, ppm; 100% (no cap) when absent. */
  readonly maxOccupancyPpm?: number;
  /** Shrinkage (breaks, training, absence), ppm; 0 when absent. */
  readonly shrinkagePpm?: number;
}

export interface StaffingResult extends QueueFigures {
  readonly trafficErlangs: number;
  /** Agents to roster: `ceil(agents / (1 − shrinkage))`. */
  readonly scheduled: number;
  /** The fewest agents meeting the service level alone; null when the agents were given (`--agents`). */
  readonly agentsForServiceLevel: number | null;
  /** `ceil(A / max_occupancy)` (0 without a cap or without traffic). */
  readonly agentsForOccupancy: number;
  /** Whether the service level at `agents` meets the target. */
  readonly meetsTarget: boolean;
  /** What the figures hide: an Erlang A target met only by running agents above the maximum occupancy. */
  readonly warnings: readonly StaffingWarning[];
}

/** The occupancy above which agents burn out, when the policy names none (kpis.md, "Staffing"). */
export const DEFAULT_MAX_OCCUPANCY_PPM = 850_000;

export interface StaffingWarning {
  readonly code: 'occupancy_above_max';
  readonly message: string;
  /** The occupancy of the plan, and the maximum it exceeds (fractions). */
  readonly occupancy: number;
  readonly maxOccupancy: number;
  /** The agents that keep occupancy at or below the maximum. */
  readonly agentsAtMaxOccupancy: number;
}

/**
 * Whether a service level (a double) meets a target in ppm. The comparison allows 1e-12 for the rounding
 * of the formulas, so an SL that is mathematically exactly 80% meets an 80% target even when the doubles
 * give 0.7999999999999999; a real shortfall is always far larger than that.
 */
export function meetsServiceLevel(serviceLevel: number, targetPpm: number): boolean {
  return serviceLevel * PPM >= targetPpm - 1e-6;
}

/** `ceil(agents / (1 − shrinkage))` in integers: 21 agents, 30% → 30. */
export function scheduledAgents(agents: number, shrinkagePpm = 0): number {
  checkAgents(agents);
  checkPpm(shrinkagePpm, 'shrinkage');
  if (shrinkagePpm >= PPM) throw new RangeError('shrinkage must be below 100%');
  return Number(ceil(rational(BigInt(agents) * BigInt(PPM), BigInt(PPM - shrinkagePpm))));
}

/** `ceil(A / max_occupancy)`, exactly; 0 without traffic. */
export function agentsForOccupancy(traffic: Traffic, maxOccupancyPpm: number): number {
  checkPpm(maxOccupancyPpm, 'maximum occupancy');
  if (maxOccupancyPpm === 0) throw new RangeError('maximum occupancy must be above 0%');
  return Number(ceil(div(traffic.exact, rational(BigInt(maxOccupancyPpm), BigInt(PPM)))));
}

function checkPpm(ppm: number, what: string): void {
  if (!Number.isInteger(ppm) || ppm < 0 || ppm > PPM)
    throw new RangeError(`${what} must be 0%..100%, not ${ppm} ppm`);
}

function checkTarget(target: ServiceLevelTarget): void {
  checkPpm(target.serviceLevelPpm, 'service-level target');
  if (target.serviceLevelPpm >= PPM)
    throw new RangeError('a service-level target of 100% can never be met by a queue; use less than 100%');
  if (!(target.thresholdSeconds >= 0) || !Number.isFinite(target.thresholdSeconds))
    throw new RangeError(`threshold must be 0 s or more, not ${target.thresholdSeconds}`);
}

/** The model's figures for exactly `agents` agents. */
export function figuresFor(
  traffic: Traffic,
  agents: number,
  thresholdSeconds: number,
  model: StaffingModel,
): QueueFigures {
  return model.kind === 'erlang-c'
    ? erlangCFigures(traffic, agents, thresholdSeconds)
    : erlangAFigures(traffic, agents, thresholdSeconds, model.patienceSeconds);
}

/** Erlang C: step N up from floor(A) + 1, carrying the Erlang B recursion along (O(N) in all). */
function agentsForServiceLevelErlangC(traffic: Traffic, target: ServiceLevelTarget): number {
  const a = traffic.erlangs;
  const first = minimumStableAgents(traffic);
  let b = erlangB(first, a);
  for (let n = first; n < first + 100_000_000; n++) {
    const f = erlangCFigures(traffic, n, target.thresholdSeconds, b);
    if (meetsServiceLevel(f.serviceLevel, target.serviceLevelPpm)) return n;
    b = nextErlangB(b, n + 1, a);
  }
  throw new RangeError('Erlang C: no number of agents meets the target');
}

/**
 * Erlang A: the service level rises with N, so double N until the target is met, then bisect. An N so far
 * below the traffic that the queue would hold millions of callers misses any target (nearly every caller
 * waits for the whole queue or abandons), so it counts as missing without being summed.
 */
function agentsForServiceLevelErlangA(
  traffic: Traffic,
  target: ServiceLevelTarget,
  patience: number,
): number {
  const meets = (n: number): boolean => {
    try {
      const f = erlangAFigures(traffic, n, target.thresholdSeconds, patience);
      return meetsServiceLevel(f.serviceLevel, target.serviceLevelPpm);
    } catch (e) {
      if (e instanceof QueueTooLongError) return false;
      throw e;
    }
  };
  let low = 0; // known to miss (or zero agents, which never serve)
  let high = Math.max(1, Math.ceil(traffic.erlangs));
  while (!meets(high)) {
    low = high;
    high *= 2;
    if (high > 1e9) throw new RangeError('Erlang A: no number of agents meets the target');
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
    else low = mid;
  }
  return high;
}

const percentText = (fraction: number) => `${Number((fraction * 100).toFixed(1))}%`;

/**
 * Erlang A lets callers abandon, so a queue run with fewer agents than its traffic can still answer the
 * target share in time: the callers who would have waited give up, and the agents are busy without a
 * pause. Such a plan meets the target only on paper; it says so when its occupancy lies above the maximum
 * (the policy's, else 85%), with the agents that keep occupancy at that maximum.
 */
function occupancyWarnings(
  traffic: Traffic,
  figures: QueueFigures,
  policy: StaffingPolicy,
  meetsTarget: boolean,
): StaffingWarning[] {
  if (policy.model.kind !== 'erlang-a' || !meetsTarget) return [];
  const maxPpm = policy.maxOccupancyPpm ?? DEFAULT_MAX_OCCUPANCY_PPM;
  if (figures.occupancy * PPM <= maxPpm + 1e-6) return [];
  const max = maxPpm / PPM;
  const atMax = agentsForOccupancy(traffic, maxPpm);
  const abandon =
    figures.abandonment === null
      ? ''
      : `, and with ${percentText(figures.abandonment)} of callers abandoning`;
  const maxText = `${percentText(max)}${policy.maxOccupancyPpm === undefined ? ' (the default)' : ''}`;
  return [
    {
      code: 'occupancy_above_max',
      message:
        `${figures.agents} agents meet the target only at ${percentText(figures.occupancy)} occupancy, ` +
        `above the maximum of ${maxText}${abandon}; ${atMax} agents keep occupancy at or below ${percentText(max)}`,
      occupancy: figures.occupancy,
      maxOccupancy: max,
      agentsAtMaxOccupancy: atMax,
    },
  ];
}

function resultFor(
  traffic: Traffic,
  figures: QueueFigures,
  policy: StaffingPolicy,
  agentsForServiceLevel: number | null,
  forOccupancy: number,
): StaffingResult {
  const meetsTarget = meetsServiceLevel(figures.serviceLevel, policy.target.serviceLevelPpm);
  return {
    ...figures,
    trafficErlangs: traffic.erlangs,
    scheduled: scheduledAgents(figures.agents, policy.shrinkagePpm ?? 0),
    agentsForServiceLevel,
    agentsForOccupancy: forOccupancy,
    meetsTarget,
    warnings: occupancyWarnings(traffic, figures, policy, meetsTarget),
  };
}

/**
 * The staffing an interval needs: the fewest agents meeting the service level, raised to the occupancy
 * cap, with the figures at that number and the scheduled headcount. No traffic needs no agents.
 */
export function requiredStaff(traffic: Traffic, policy: StaffingPolicy): StaffingResult {
  checkTarget(policy.target);
  scheduledAgents(0, policy.shrinkagePpm ?? 0); // validates shrinkage before any work
  const forOccupancy =
    policy.maxOccupancyPpm === undefined ? 0 : agentsForOccupancy(traffic, policy.maxOccupancyPpm);
  let forServiceLevel = 0;
  if (traffic.exact.num > 0n) {
    forServiceLevel =
      policy.model.kind === 'erlang-c'
        ? agentsForServiceLevelErlangC(traffic, policy.target)
        : agentsForServiceLevelErlangA(traffic, policy.target, policy.model.patienceSeconds);
  }
  const agents = Math.max(forServiceLevel, forOccupancy);
  const figures = figuresFor(traffic, agents, policy.target.thresholdSeconds, policy.model);
  return resultFor(traffic, figures, policy, forServiceLevel, forOccupancy);
}

/** The figures for exactly `agents` agents under a policy (`accord staffing --agents N`). */
export function staffWith(traffic: Traffic, agents: number, policy: StaffingPolicy): StaffingResult {
  checkTarget(policy.target);
  const figures = figuresFor(traffic, agents, policy.target.thresholdSeconds, policy.model);
  const forOccupancy =
    policy.maxOccupancyPpm === undefined ? 0 : agentsForOccupancy(traffic, policy.maxOccupancyPpm);
  return resultFor(traffic, figures, policy, null, forOccupancy);
}
