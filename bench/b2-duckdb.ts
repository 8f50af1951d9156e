/**
 * B2's reference for the calendar-time subset: DuckDB (`@duckdb/node-api`, in this process) computing
 * phone and chat service level per language and e-mail 24 h first-response attainment (24/7) straight from
 * contacts.csv, with the same rules as kpis.md:
 *
 * - contacts of the period by `created_at` (and at or before as-of); queue kinds count inbound contacts only
 *   (an empty direction is inbound);
 * - the wait ends at `answered_at`, else at `abandoned_at`, when at or before as-of; a queued contact with
 *   neither is left out; an abandon that waited less than the short-abandon limit leaves numerator and
 *   denominator; `as_failure`: answered within the threshold / (answered + abandoned);
 * - the response clock stops at `first_response_at`, or at `resolved_at` without a reply, when at or before
 *   as-of; an open contact inside its threshold is pending (not counted), past it a breach; a call or chat
 *   abandoned in the queue is left out.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface SubsetRow {
  readonly metric: string;
  /** Language of a split row; null for the pooled row (and for contacts without a language). */
  readonly language: string | null;
  readonly pooled: boolean;
  readonly numerator: number;
  readonly denominator: number;
}

export interface SubsetQuery {
  readonly contactsCsv: string;
  /** Period [from, to) and as-of, epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly asOf: number;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Column types given, not sniffed: on a large file DuckDB samples the first rows, and a column empty there
 * (answered_at of e-mails) comes out as a timestamp without zone, read as UTC.
 */
const TYPES = [
  ['channel', 'VARCHAR'],
  ['direction', 'VARCHAR'],
  ['language', 'VARCHAR'],
  ['created_at', 'TIMESTAMPTZ'],
  ['answered_at', 'TIMESTAMPTZ'],
  ['abandoned_at', 'TIMESTAMPTZ'],
  ['first_response_at', 'TIMESTAMPTZ'],
  ['resolved_at', 'TIMESTAMPTZ'],
]
  .map(([column, type]) => `'${column}': '${type}'`)
  .join(', ');

/** The SQL of the subset: one row per (metric, language) and a pooled row per metric. */
export function subsetSql(q: SubsetQuery): string {
  const csv = sqlString(q.contactsCsv);
  return `
with c as (
  select channel, coalesce(direction, 'inbound') as direction, language,
         epoch_ms(created_at) as created, epoch_ms(answered_at) as answered,
         epoch_ms(abandoned_at) as abandoned, epoch_ms(first_response_at) as replied,
         epoch_ms(resolved_at) as resolved
  from read_csv(${csv}, header = true, types = {${TYPES}})
  where epoch_ms(created_at) >= ${q.from} and epoch_ms(created_at) < ${Math.min(q.to, q.asOf + 1)}
),
queue as (
  select channel, language,
         case when answered is not null then (case when answered <= ${q.asOf} then answered end)
              when abandoned <= ${q.asOf} then abandoned end as stop,
         answered is not null as was_answered, created
  from c
  where direction = 'inbound' and channel in ('phone', 'chat')
),
waits as (
  select channel, language, was_answered, stop - created as wait from queue where stop is not null
),
sl as (
  select case channel when 'phone' then 'phone-service-level' else 'chat-service-level' end as metric,
         language,
         (was_answered and wait <= 30000)::int as hit
  from waits
  -- short abandons (phone: 5 s; chat: none) leave numerator and denominator
  where was_answered or wait >= (case channel when 'phone' then 5000 else 0 end)
),
mail as (
  select language,
         case when replied is not null then (case when replied <= ${q.asOf} then replied end)
              when resolved <= ${q.asOf} then resolved end as stop,
         created
  from c
  where channel = 'email' and not (abandoned is not null and answered is null)
),
rt as (
  select 'email-response-24h' as metric, language, stop is not null as stopped,
         coalesce(stop, ${q.asOf}) - created as elapsed
  from mail
),
rt_counted as (
  select metric, language, (stopped and elapsed <= 86400000)::int as hit
  from rt where stopped or elapsed > 86400000
),
rows as (
  select metric, language, hit from sl
  union all
  select metric, language, hit from rt_counted
)
select metric, language, grouping(language) = 1 as pooled, sum(hit) as numerator, count(*) as denominator
from rows
group by grouping sets ((metric, language), (metric))
order by metric, pooled, language`;
}

/** An open DuckDB database in memory, and the subset query on it. */
export class DuckSubset {
  private constructor(
    private readonly connection: Awaited<ReturnType<DuckDBInstance['connect']>>,
    public threads: number,
    readonly version: string,
  ) {}

  /** `SET threads = n`. */
  async setThreads(n: number): Promise<void> {
    await this.connection.run(`SET threads = ${n}`);
    this.threads = n;
  }

  static async open(): Promise<DuckSubset> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const threads = Number(
      (await connection.runAndReadAll(`select current_setting('threads')`)).getRows()[0]![0],
    );
    const version = String((await connection.runAndReadAll('select version()')).getRows()[0]![0]);
    return new DuckSubset(connection, threads, version);
  }

  async run(q: SubsetQuery): Promise<SubsetRow[]> {
    const reader = await this.connection.runAndReadAll(subsetSql(q));
    return reader.getRows().map((r) => ({
      metric: String(r[0]),
      language: r[1] === null ? null : String(r[1]),
      pooled: r[2] === true,
      numerator: Number(r[3]),
      denominator: Number(r[4]),
    }));
  }
}
