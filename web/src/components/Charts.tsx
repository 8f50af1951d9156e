/**
 * The dashboard's charts (recharts). Each chart is an image with a text alternative that says what it
 * shows; the numbers themselves are in the tables beside it, so no figure is only in a picture.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const INK = '#465467';
const BRAND = '#2c5aa0';
const TARGET = '#b0261d';
const FORECAST = '#8a5300';

export interface SeriesPoint {
  readonly label: string;
  readonly value: number | null;
}

/** A small line of a metric's values over periods, with its target as a dashed line. */
export function Sparkline({
  points,
  target,
  label,
}: {
  points: readonly SeriesPoint[];
  target: number | null;
  label: string;
}) {
  return (
    <div className="sparkline" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={44}>
        <LineChart
          data={points as SeriesPoint[]}
          margin={{ top: 4, right: 2, bottom: 4, left: 2 }}
          accessibilityLayer={false}
        >
          <YAxis hide domain={['auto', 'auto']} />
          {target !== null && (
            <ReferenceLine y={target} stroke={TARGET} strokeDasharray="3 3" ifOverflow="extendDomain" />
          )}
          <Line
            type="linear"
            dataKey="value"
            stroke={BRAND}
            strokeWidth={2}
            dot={{ r: 2 }}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A metric's value per period against its target line. */
export function AttainmentChart({
  points,
  target,
  label,
  format,
  valueName,
  targetName,
}: {
  points: readonly SeriesPoint[];
  target: number | null;
  label: string;
  format: (v: number) => string;
  valueName: string;
  targetName: string;
}) {
  return (
    <figure className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart
          data={points as SeriesPoint[]}
          margin={{ top: 12, right: 24, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e6eaf0" vertical={false} />
          <XAxis dataKey="label" stroke={INK} tick={{ fontSize: 12 }} />
          <YAxis
            stroke={INK}
            tick={{ fontSize: 12 }}
            tickFormatter={format}
            width={72}
            domain={['auto', 'auto']}
          />
          <Tooltip formatter={(v) => (typeof v === 'number' ? format(v) : String(v))} />
          <Legend />
          {target !== null && (
            <ReferenceLine
              y={target}
              ifOverflow="extendDomain"
              stroke={TARGET}
              strokeDasharray="6 4"
              label={{
                value: `${targetName} ${format(target)}`,
                position: 'insideTopRight',
                fill: TARGET,
                fontSize: 12,
              }}
            />
          )}
          <Line
            name={valueName}
            type="linear"
            dataKey="value"
            stroke={BRAND}
            strokeWidth={2.5}
            dot={{ r: 4 }}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export interface VolumePoint {
  readonly label: string;
  readonly actual: number;
  readonly forecast: number | null;
  /** The top of the forecast's band: the targets bind while the actual volume stays at or below it. */
  readonly bandTop: number | null;
}

/** A short dashed bar at the band's top. */
function BandMark(props: { cx?: number; cy?: number }) {
  if (props.cx === undefined || props.cy === undefined) return null;
  return (
    <line
      x1={props.cx - 14}
      x2={props.cx + 14}
      y1={props.cy}
      y2={props.cy}
      stroke={TARGET}
      strokeWidth={2}
      strokeDasharray="4 3"
    />
  );
}

/** Actual volume against the forecast, with the band within which the targets bind. */
export function VolumeChart({
  points,
  label,
  names,
}: {
  points: readonly VolumePoint[];
  label: string;
  names: { actual: string; forecast: string; bandTop: string };
}) {
  return (
    <figure className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart
          data={points as VolumePoint[]}
          margin={{ top: 12, right: 24, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e6eaf0" vertical={false} />
          <XAxis dataKey="label" stroke={INK} tick={{ fontSize: 12 }} />
          <YAxis stroke={INK} tick={{ fontSize: 12 }} width={64} />
          <Tooltip />
          <Legend />
          <Bar name={names.actual} dataKey="actual" fill={BRAND} isAnimationActive={false} />
          <Line
            name={names.forecast}
            dataKey="forecast"
            stroke={FORECAST}
            strokeWidth={0}
            legendType="circle"
            dot={{ r: 5, fill: FORECAST, stroke: FORECAST }}
            isAnimationActive={false}
          />
          <Line
            name={names.bandTop}
            dataKey="bandTop"
            stroke={TARGET}
            strokeWidth={0}
            strokeDasharray="4 3"
            dot={<BandMark />}
            legendType="plainline"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Counts per bucket (a score distribution, a service level per interval). */
export function BucketChart({
  points,
  label,
  valueName,
  format,
  target,
}: {
  points: readonly SeriesPoint[];
  label: string;
  valueName: string;
  format?: (v: number) => string;
  target?: number | null;
}) {
  return (
    <figure className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart
          data={points as SeriesPoint[]}
          margin={{ top: 12, right: 24, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid stroke="#e6eaf0" vertical={false} />
          <XAxis dataKey="label" stroke={INK} tick={{ fontSize: 12 }} />
          <YAxis
            stroke={INK}
            tick={{ fontSize: 12 }}
            width={64}
            {...(format ? { tickFormatter: format } : {})}
          />
          <Tooltip
            {...(format
              ? { formatter: (v: unknown) => (typeof v === 'number' ? format(v) : String(v)) }
              : {})}
          />
          {target != null && (
            <ReferenceLine y={target} stroke={TARGET} strokeDasharray="6 4" ifOverflow="extendDomain" />
          )}
          <Bar name={valueName} dataKey="value" fill={BRAND} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
