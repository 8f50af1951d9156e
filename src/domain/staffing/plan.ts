/**
 * A staffing plan from a forecast (data.md `forecasts`): per interval, channel and queue the agents the
 * target needs, the headcount to schedule and the service level expected with them. `upliftPpm` raises
 * every volume by that share first (a campaign peak: 300000 = +30%).
 */
import { requiredStaff, type StaffingPolicy, type StaffingWarning } from './required.js';
import { trafficOf } from './traffic.js';

/** One forecast row, as `src/ingest/forecasts.ts` reads it. */
export interface ForecastInterval {
  /** As written in the file (ISO 8601 with offset); printed back unchanged. */
  readonly intervalStart: string;
  /** The same instant in epoch milliseconds, for ordering. */
  readonly intervalStartMs: number;
  readonly intervalMinutes: number;
  readonly channel: string;
  readonly queue: string;
  readonly volume: number;
  readonly ahtSeconds: number;
}

export interface PlanRow {
  readonly intervalStart: string;
  readonly intervalMinutes: number;
  readonly channel: string;
  readonly queue: string;
  /** The volume after the uplift. */
  readonly volume: number;
  readonly ahtSeconds: number;
  readonly trafficErlangs: number;
  readonly agents: number;
  readonly scheduled: number;
  readonly serviceLevel: number;
  /** Seconds; Infinity never occurs here (the plan always staffs N > A for Erlang C). */
  readonly asa: number;
  readonly occupancy: number;
  readonly probabilityOfWaiting: number;
  readonly abandonment: number | null;
  /** An Erlang A interval that meets the target only above the maximum occupancy says so. */
  readonly warnings: readonly StaffingWarning[];
}

/** Per channel and queue: the busiest interval and the scheduled agent-hours over the plan. */
export interface PlanPeak {
  readonly channel: string;
  readonly queue: string;
  readonly intervals: number;
  readonly volume: number;
  readonly peakIntervalStart: string;
  readonly peakAgents: number;
  readonly peakScheduled: number;
  /** Σ scheduled × interval length, in hours. */
  readonly scheduledHours: number;
}

export interface StaffingPlan {
  readonly rows: readonly PlanRow[];
  readonly peaks: readonly PlanPeak[];
}

/** The plan for every row, in the order of the forecast; identical loads are computed once. */
export function planFromForecast(
  intervals: readonly ForecastInterval[],
  policy: StaffingPolicy,
  upliftPpm = 0,
): StaffingPlan {
  const cache = new Map<string, ReturnType<typeof requiredStaff>>();
  const rows: PlanRow[] = intervals.map((f) => {
    const key = `${f.volume}|${f.ahtSeconds}|${f.intervalMinutes}`;
    const traffic = trafficOf(
      { volume: f.volume, intervalSeconds: f.intervalMinutes * 60, ahtSeconds: f.ahtSeconds },
      upliftPpm,
    );
    let staff = cache.get(key);
    if (staff === undefined) {
      staff = requiredStaff(traffic, policy);
      cache.set(key, staff);
    }
    return {
      intervalStart: f.intervalStart,
      intervalMinutes: f.intervalMinutes,
      channel: f.channel,
      queue: f.queue,
      volume: traffic.volume,
      ahtSeconds: f.ahtSeconds,
      trafficErlangs: staff.trafficErlangs,
      agents: staff.agents,
      scheduled: staff.scheduled,
      serviceLevel: staff.serviceLevel,
      asa: staff.asa,
      occupancy: staff.occupancy,
      probabilityOfWaiting: staff.probabilityOfWaiting,
      abandonment: staff.abandonment,
      warnings: staff.warnings,
    };
  });
  return { rows, peaks: peaksOf(rows, intervals) };
}

function peaksOf(rows: readonly PlanRow[], intervals: readonly ForecastInterval[]): PlanPeak[] {
  const groups = new Map<string, { peak: PlanRow; peakMs: number; rows: PlanRow[] }>();
  rows.forEach((row, i) => {
    const key = JSON.stringify([row.channel, row.queue]);
    const ms = intervals[i]?.intervalStartMs ?? 0;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { peak: row, peakMs: ms, rows: [row] });
    else {
      g.rows.push(row);
      // The busiest interval; on a tie the earliest.
      if (row.agents > g.peak.agents || (row.agents === g.peak.agents && ms < g.peakMs)) {
        g.peak = row;
        g.peakMs = ms;
      }
    }
  });
  return [...groups.values()].map(({ peak, rows: group }) => ({
    channel: peak.channel,
    queue: peak.queue,
    intervals: group.length,
    volume: group.reduce((s, r) => s + r.volume, 0),
    peakIntervalStart: peak.intervalStart,
    peakAgents: peak.agents,
    peakScheduled: peak.scheduled,
    scheduledHours: group.reduce((s, r) => s + r.scheduled * r.intervalMinutes, 0) / 60,
  }));
}
