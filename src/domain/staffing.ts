/**
 * Staffing for peaks and what-ifs (kpis.md, "Staffing (Erlang C and Erlang A)"): traffic, the Erlang C and
 * Erlang A queue figures, required and scheduled agents, and plans from forecasts. Pure: no I/O, no clock.
 */
export { erlangAFigures, MAX_QUEUE_STATES, QueueTooLongError } from './staffing/erlang-a.js';
export { erlangB, erlangC, erlangCFigures, nextErlangB } from './staffing/erlang-c.js';
export { ERLANG_C, type QueueFigures, type StaffingModel } from './staffing/figures.js';
export {
  type ForecastInterval,
  type PlanPeak,
  type PlanRow,
  planFromForecast,
  type StaffingPlan,
} from './staffing/plan.js';
export { type Rational, rationalFromNumber } from './staffing/rational.js';
export {
  agentsForOccupancy,
  DEFAULT_MAX_OCCUPANCY_PPM,
  figuresFor,
  meetsServiceLevel,
  requiredStaff,
  type ServiceLevelTarget,
  type StaffingPolicy,
  type StaffingResult,
  type StaffingWarning,
  scheduledAgents,
  staffWith,
} from './staffing/required.js';
export { isStable, type Load, minimumStableAgents, type Traffic, trafficOf } from './staffing/traffic.js';
