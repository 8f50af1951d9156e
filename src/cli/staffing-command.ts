/**
 * `accord staffing`: agents for a service-level target with Erlang C or Erlang A (kpis.md, "Staffing";
 * interfaces.md), for one interval (`--volume --interval --aht`) or for every row of a forecast file
 * (`--forecast`). Options that cannot be read are usage errors (exit 2); values that can be read but are
 * impossible (a negative volume, 100% shrinkage) are wrong input (exit 1).
 */
import { type Command, Option } from 'commander';
import { formatDuration, parseDuration } from '../domain/duration.js';
import { formatPercent, PPM, parseUnboundedPercent, percentToFraction } from '../domain/percent.js';
import {
  DEFAULT_MAX_OCCUPANCY_PPM,
  type PlanRow,
  planFromForecast,
  requiredStaff,
  type ServiceLevelTarget,
  type StaffingModel,
  type StaffingPlan,
  type StaffingPolicy,
  type StaffingResult,
  staffWith,
  trafficOf,
} from '../domain/staffing.js';
import { formatCsvRow } from '../ingest/csv-writer.js';
import { readForecastFile } from '../ingest/forecasts.js';
import { formatRecordError } from '../ingest/read-records.js';
import { InputError, UsageError } from './errors.js';
import { type Io, printJson } from './output.js';

interface StaffingOptions {
  volume?: string;
  interval?: string;
  aht?: string;
  target?: string;
  model?: 'erlang-c' | 'erlang-a';
  patience?: string;
  shrinkage?: string;
  maxOccupancy?: string;
  agents?: string;
  forecast?: string;
  uplift?: string;
  json?: boolean;
  csv?: boolean;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DEFAULT_PLAN_TARGET = '80/20';

function readNumber(text: string, option: string, example: string): number {
  if (!NUMBER.test(text.trim())) throw new InputError(`${option}: "${text}" is not a number (${example})`);
  const v = Number(text);
  if (!Number.isFinite(v)) throw new InputError(`${option}: "${text}" is too large`);
  return v;
}

function readVolume(text: string): number {
  const v = readNumber(text, '--volume', 'contacts offered in the interval, e.g. --volume 90');
  if (v < 0) throw new InputError(`--volume: ${text} is negative; a volume counts contacts (0 or more)`);
  return v;
}

function readAgents(text: string): number {
  const v = readNumber(text, '--agents', 'e.g. --agents 15');
  if (!Number.isInteger(v) || v < 1)
    throw new InputError(`--agents: ${text} is not a whole number of 1 or more`);
  return v;
}

/** A duration option in seconds; `0s` is refused (no interval, handle time or patience is empty). */
function readSeconds(text: string, option: string, example: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new InputError(`${option}: "${text}" is not a duration (${example})`);
  if (ms <= 0) throw new InputError(`${option}: ${text} must be longer than 0s`);
  return ms / 1000;
}

/** `30%` → ppm in 0..100%; unreadable → usage error, above 100% → wrong input. */
function readPercent(text: string, option: string, example: string): number {
  const ppm = parseUnboundedPercent(text);
  if (ppm === undefined) throw new InputError(`${option}: "${text}" is not a percentage (${example})`);
  if (ppm > PPM) throw new InputError(`${option}: ${text} is more than 100%`);
  return ppm;
}

/** `+30%`, `30%`, `-10%` → ppm; at least −100%. */
function readUplift(text: string): number {
  const m = /^\s*([+-]?)\s*(.*)$/.exec(text);
  const ppm = parseUnboundedPercent(m?.[2] ?? '');
  if (ppm === undefined) throw new InputError(`--uplift: "${text}" is not a percentage (e.g. 30% for +30%)`);
  const signed = m?.[1] === '-' ? -ppm : ppm;
  if (signed < -PPM) throw new InputError(`--uplift: ${text} would make volumes negative`);
  return signed;
}

/** `80/20`, `80%/20s`, `90.5/1m` → 80% within 20 s. */
export function readTarget(text: string): ServiceLevelTarget {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*\/\s*(\S+)\s*$/.exec(text);
  const usage = `--target: "${text}" is not PERCENT/SECONDS (80/20 = 80% answered within 20 s; 90/30s, 95/1m)`;
  if (!m) throw new InputError(usage);
  const ppm = parseUnboundedPercent(`${m[1]}%`);
  if (ppm === undefined) throw new InputError(usage);
  if (ppm > PPM) throw new InputError(`--target: ${m[1]}% is more than 100%`);
  if (ppm === PPM)
    throw new InputError(
      '--target: 100% can never be met by a queue (some callers always wait); use e.g. 99/20',
    );
  const threshold = m[2] ?? '';
  let thresholdSeconds: number;
  if (/^\d+(?:\.\d+)?$/.test(threshold)) thresholdSeconds = Number(threshold);
  else {
    const ms = parseDuration(threshold);
    if (ms === undefined) throw new InputError(usage);
    thresholdSeconds = ms / 1000;
  }
  return { serviceLevelPpm: ppm, thresholdSeconds };
}

function readPolicy(opts: StaffingOptions, target: string): StaffingPolicy {
  const model = readModel(opts);
  const policy: { -readonly [K in keyof StaffingPolicy]: StaffingPolicy[K] } = {
    target: readTarget(target),
    model,
  };
  if (opts.shrinkage !== undefined) {
    const s = readPercent(opts.shrinkage, '--shrinkage', 'e.g. 30%');
    if (s >= PPM)
      throw new InputError(`--shrinkage: ${opts.shrinkage} leaves no one to schedule; use less than 100%`);
    policy.shrinkagePpm = s;
  }
  if (opts.maxOccupancy !== undefined) {
    const o = readPercent(opts.maxOccupancy, '--max-occupancy', 'e.g. 85%');
    if (o === 0) throw new InputError('--max-occupancy: 0% would need infinitely many agents');
    policy.maxOccupancyPpm = o;
  }
  return policy;
}

function readModel(opts: StaffingOptions): StaffingModel {
  if (opts.model === 'erlang-a') {
    if (opts.patience === undefined)
      throw new UsageError(
        '--model erlang-a needs --patience (mean time callers wait before abandoning, e.g. 120s)',
      );
    return { kind: 'erlang-a', patienceSeconds: readSeconds(opts.patience, '--patience', 'e.g. 120s, 2m') };
  }
  if (opts.patience !== undefined) throw new UsageError('--patience applies to --model erlang-a only');
  return { kind: 'erlang-c' };
}

/** Domain range errors that slip past the option checks are wrong input, not crashes. */
function domain<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(e.message);
    throw e;
  }
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const secs = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} s` : 'infinite');
const num = (v: number): string => String(Number(v.toFixed(2)));
const seconds = (v: number): string => `${num(v)}s`;

/** Columns padded to their widest cell; `right` marks the right-aligned (numeric) columns. */
function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function modelName(model: StaffingModel): string {
  return model.kind === 'erlang-c' ? 'Erlang C' : `Erlang A (patience ${seconds(model.patienceSeconds)})`;
}

function targetText(target: ServiceLevelTarget): string {
  return `${formatPercent(target.serviceLevelPpm)} answered within ${seconds(target.thresholdSeconds)}`;
}

function singleJson(r: StaffingResult, model: StaffingModel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    agents: r.agents,
    serviceLevel: r.serviceLevel,
    asa: finite(r.asa),
    occupancy: r.occupancy,
    probabilityOfWaiting: r.probabilityOfWaiting,
    trafficErlangs: r.trafficErlangs,
    scheduled: r.scheduled,
  };
  if (model.kind === 'erlang-a') {
    out.abandonment = r.abandonment;
    out.warnings = r.warnings;
  }
  return out;
}

function singleText(r: StaffingResult, policy: StaffingPolicy, head: string): string {
  const rows: string[][] = [
    ['agents', String(r.agents), ''],
    ['scheduled', String(r.scheduled), `shrinkage ${formatPercent(policy.shrinkagePpm ?? 0)}`],
    [
      'service level',
      pct(r.serviceLevel),
      `target ${formatPercent(policy.target.serviceLevelPpm)}: ${r.meetsTarget ? 'met' : 'missed'}`,
    ],
    ['ASA', secs(r.asa), 'answered contacts'],
    [
      'occupancy',
      pct(r.occupancy),
      r.warnings.length > 0
        ? `above the maximum of ${formatPercent(policy.maxOccupancyPpm ?? DEFAULT_MAX_OCCUPANCY_PPM)}`
        : policy.maxOccupancyPpm === undefined
          ? ''
          : `cap ${formatPercent(policy.maxOccupancyPpm)}`,
    ],
    ['probability of waiting', pct(r.probabilityOfWaiting), ''],
  ];
  if (r.abandonment !== null) rows.push(['abandonment', pct(r.abandonment), '']);
  if (r.agentsForServiceLevel !== null && r.agentsForOccupancy > r.agentsForServiceLevel)
    rows[0] = ['agents', String(r.agents), `raised from ${r.agentsForServiceLevel} by the occupancy cap`];
  return `${head}\n\n${table(rows, [false, true, false])}`;
}

function runSingle(opts: StaffingOptions, io: Io): void {
  if (opts.csv) throw new UsageError('--csv applies to --forecast only');
  for (const [value, name, example] of [
    [opts.volume, '--volume', 'contacts offered in the interval, e.g. --volume 90'],
    [opts.interval, '--interval', 'e.g. --interval 30m'],
    [opts.aht, '--aht', 'average handle time, e.g. --aht 240s'],
    [opts.target, '--target', 'e.g. --target 80/20 for 80% within 20 s'],
  ] as const) {
    if (value === undefined) throw new UsageError(`missing ${name} (${example}), or use --forecast FILE`);
  }
  const volume = readVolume(opts.volume ?? '');
  const intervalSeconds = readSeconds(opts.interval ?? '', '--interval', 'e.g. 15m, 30m, 60m');
  const ahtSeconds = readSeconds(opts.aht ?? '', '--aht', 'e.g. 240s, 3m45s');
  const policy = readPolicy(opts, opts.target ?? '');
  const agents = opts.agents === undefined ? undefined : readAgents(opts.agents);
  const uplift = opts.uplift === undefined ? 0 : readUplift(opts.uplift);
  const traffic = domain(() => trafficOf({ volume, intervalSeconds, ahtSeconds }, uplift));
  const result = domain(() =>
    agents === undefined ? requiredStaff(traffic, policy) : staffWith(traffic, agents, policy),
  );
  if (!result.stable) {
    io.err(
      `accord: warning: ${result.agents} agents cannot carry ${num(traffic.erlangs)} Erlang (Erlang C needs ` +
        'more agents than Erlang); the queue grows without bound: service level 0, ASA infinite',
    );
  }
  for (const w of result.warnings) io.err(`accord staffing: warning: ${w.message}`);
  if (opts.json) {
    printJson(io, singleJson(result, policy.model));
    return;
  }
  const head =
    `${modelName(policy.model)}: ${num(traffic.volume)} contacts per ${formatDuration(intervalSeconds * 1000)}, ` +
    `AHT ${seconds(ahtSeconds)} = ${num(traffic.erlangs)} Erlang\n` +
    `target: ${targetText(policy.target)}`;
  io.out(singleText(result, policy, head));
}

function planRowJson(row: PlanRow, model: StaffingModel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    intervalStart: row.intervalStart,
    intervalMinutes: row.intervalMinutes,
    channel: row.channel,
    queue: row.queue,
    volume: row.volume,
    ahtSeconds: row.ahtSeconds,
    trafficErlangs: row.trafficErlangs,
    agents: row.agents,
    scheduled: row.scheduled,
    serviceLevel: row.serviceLevel,
    asa: finite(row.asa),
    occupancy: row.occupancy,
    probabilityOfWaiting: row.probabilityOfWaiting,
  };
  if (model.kind === 'erlang-a') {
    out.abandonment = row.abandonment;
    out.warnings = row.warnings;
  }
  return out;
}

function planJson(plan: StaffingPlan, policy: StaffingPolicy, uplift: number): unknown {
  return {
    model: policy.model.kind,
    patienceSeconds: policy.model.kind === 'erlang-a' ? policy.model.patienceSeconds : null,
    target: {
      serviceLevel: percentToFraction(policy.target.serviceLevelPpm),
      thresholdSeconds: policy.target.thresholdSeconds,
    },
    shrinkage: percentToFraction(policy.shrinkagePpm ?? 0),
    maxOccupancy: policy.maxOccupancyPpm === undefined ? null : percentToFraction(policy.maxOccupancyPpm),
    uplift: percentToFraction(uplift),
    intervals: plan.rows.map((r) => planRowJson(r, policy.model)),
    peaks: plan.peaks,
  };
}

function planCsv(plan: StaffingPlan, model: StaffingModel): string {
  const erlangA = model.kind === 'erlang-a';
  const header = [
    'interval_start',
    'interval_minutes',
    'channel',
    'queue',
    'volume',
    'aht_seconds',
    'traffic_erlangs',
    'required_agents',
    'scheduled_agents',
    'service_level',
    'asa_seconds',
    'occupancy',
    'probability_of_waiting',
    ...(erlangA ? ['abandonment'] : []),
  ];
  const lines = [formatCsvRow(header)];
  for (const r of plan.rows) {
    lines.push(
      formatCsvRow([
        r.intervalStart,
        r.intervalMinutes,
        r.channel,
        r.queue,
        r.volume,
        r.ahtSeconds,
        r.trafficErlangs,
        r.agents,
        r.scheduled,
        r.serviceLevel,
        finite(r.asa),
        r.occupancy,
        r.probabilityOfWaiting,
        ...(erlangA ? [r.abandonment] : []),
      ]),
    );
  }
  return lines.join('\n');
}

function planText(plan: StaffingPlan, policy: StaffingPolicy, uplift: number, file: string): string {
  const erlangA = policy.model.kind === 'erlang-a';
  const settings = [
    modelName(policy.model),
    `target ${targetText(policy.target)}`,
    `shrinkage ${formatPercent(policy.shrinkagePpm ?? 0)}`,
    ...(policy.maxOccupancyPpm === undefined
      ? []
      : [`max occupancy ${formatPercent(policy.maxOccupancyPpm)}`]),
    ...(uplift === 0 ? [] : [`uplift ${uplift > 0 ? '+' : '-'}${formatPercent(Math.abs(uplift))}`]),
  ];
  const rows: string[][] = [
    [
      'interval_start',
      'channel',
      'queue',
      'volume',
      'aht',
      'agents',
      'scheduled',
      'service level',
      'ASA',
      'occupancy',
      ...(erlangA ? ['abandonment'] : []),
    ],
  ];
  for (const r of plan.rows) {
    rows.push([
      r.intervalStart,
      r.channel,
      r.queue,
      num(r.volume),
      seconds(r.ahtSeconds),
      String(r.agents),
      String(r.scheduled),
      pct(r.serviceLevel),
      secs(r.asa),
      pct(r.occupancy),
      ...(erlangA ? [pct(r.abandonment ?? 0)] : []),
    ]);
  }
  const peaks: string[][] = [
    ['channel', 'queue', 'intervals', 'volume', 'peak interval', 'agents', 'scheduled', 'scheduled hours'],
  ];
  for (const p of plan.peaks) {
    peaks.push([
      p.channel,
      p.queue,
      String(p.intervals),
      num(p.volume),
      p.peakIntervalStart,
      String(p.peakAgents),
      String(p.peakScheduled),
      num(p.scheduledHours),
    ]);
  }
  return [
    `Staffing plan for ${file} (${plan.rows.length} intervals): ${settings.join(', ')}`,
    '',
    table(rows, [false, false, false, true, true, true, true, true, true, true, true]),
    '',
    'Peaks',
    table(peaks, [false, false, true, true, false, true, true, true]),
  ].join('\n');
}

async function runPlan(opts: StaffingOptions, io: Io): Promise<void> {
  const file = opts.forecast ?? '';
  for (const [value, name] of [
    [opts.volume, '--volume'],
    [opts.interval, '--interval'],
    [opts.aht, '--aht'],
    [opts.agents, '--agents'],
  ] as const) {
    if (value !== undefined)
      throw new UsageError(`${name} cannot be combined with --forecast (the file gives them)`);
  }
  if (opts.json && opts.csv) throw new UsageError('choose one of --json and --csv');
  const policy = readPolicy(opts, opts.target ?? DEFAULT_PLAN_TARGET);
  const uplift = opts.uplift === undefined ? 0 : readUplift(opts.uplift);
  const forecast = await readForecastFile(file);
  const errors = [...forecast.errors, ...forecast.planErrors].sort((a, b) => a.line - b.line);
  // A file that cannot be read at all is one problem of the file, said once.
  const unreadable = errors.find((e) => e.line === 0);
  if (unreadable !== undefined) throw new InputError(`${file}: ${unreadable.message}`);
  if (errors.length > 0) {
    throw new InputError(
      `${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}; no plan made`,
      errors.map(formatRecordError),
    );
  }
  if (forecast.records.length === 0) throw new InputError(`${file}: no forecast rows`);
  const plan = domain(() => planFromForecast(forecast.records, policy, uplift));
  // Each interval that meets the target only above the maximum occupancy, on stderr (all three formats).
  for (const r of plan.rows)
    for (const w of r.warnings)
      io.err(`accord staffing: warning: ${r.intervalStart} ${r.channel}/${r.queue}: ${w.message}`);
  if (opts.json) printJson(io, planJson(plan, policy, uplift));
  else if (opts.csv) io.out(planCsv(plan, policy.model));
  else io.out(planText(plan, policy, uplift, file));
}

const EXAMPLES = `
Examples:
  npx accord staffing --volume 90 --interval 30m --aht 225s --target 80/20 --shrinkage 30% --json
  npx accord staffing --volume 100 --interval 30m --aht 180s --target 80/20 --max-occupancy 85% --shrinkage 30%
  npx accord staffing --volume 90 --interval 30m --aht 225s --target 80/20 --agents 14
  npx accord staffing --volume 400 --interval 60m --aht 4m --target 90/30s --model erlang-a --patience 120s
  npx accord staffing --forecast examples/forecasts.csv --uplift 30% --target 80/20 --shrinkage 30% --csv

--target PERCENT/SECONDS: 80/20 is 80% of contacts answered within 20 s (also 80%/20s, 95/1m).
With --forecast the file gives volume, interval and AHT per row (data.md: interval_start,
interval_minutes, channel, queue, volume, aht_seconds) and --target defaults to ${DEFAULT_PLAN_TARGET}.`;

export function registerStaffingCommands(program: Command, io: Io): void {
  program
    .command('staffing')
    .description(
      'agents needed for a service-level target (Erlang C or Erlang A), for one interval or a forecast',
    )
    .option('--volume <n>', 'contacts offered in the interval: --volume 90')
    .option('--interval <duration>', 'length of the interval: --interval 30m (15m, 30m, 60m…)')
    .option('--aht <duration>', 'average handle time: --aht 240s')
    .option('--target <pct/seconds>', 'service-level target: --target 80/20 (80% within 20 s)')
    .addOption(
      new Option('--model <model>', 'queue model: --model erlang-a (default erlang-c)').choices([
        'erlang-c',
        'erlang-a',
      ]),
    )
    .option('--patience <duration>', 'Erlang A: mean patience before callers abandon: --patience 120s')
    .option(
      '--shrinkage <pct>',
      'paid time off the phones, for scheduled agents: --shrinkage 30% (default 0%)',
    )
    .option('--max-occupancy <pct>', 'occupancy cap: --max-occupancy 85% (default none)')
    .option('--agents <n>', 'the figures for exactly N agents: --agents 14')
    .option('--forecast <file>', 'a plan for every row of a forecasts CSV: --forecast forecasts.csv')
    .option('--uplift <pct>', 'raise every volume first (campaign peak): --uplift 30%')
    .option('--json', 'print JSON (numbers unrounded)')
    .option('--csv', 'with --forecast: print the plan as CSV')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: StaffingOptions) => {
      if (opts.forecast !== undefined) await runPlan(opts, io);
      else runSingle(opts, io);
    });
}
