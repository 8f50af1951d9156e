/**
 * `GET /metrics` in the Prometheus text format (version 0.0.4): requests by method, route template and
 * status, records ingested by outcome, and evaluation durations. Per process, as Prometheus expects (each
 * instance is scraped on its own); labels carry route templates, never ids or tenant data.
 */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

class Histogram {
  readonly counts = new Array<number>(DURATION_BUCKETS.length).fill(0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < DURATION_BUCKETS.length; i++) if (seconds <= DURATION_BUCKETS[i]!) this.counts[i]!++;
  }
}

const labelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export type IngestOutcome = 'read' | 'inserted' | 'updated' | 'unchanged' | 'rejected';

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly requestDurations = new Map<string, Histogram>();
  private readonly ingest = new Map<IngestOutcome, number>();
  private ingestRequests = 0;
  private readonly evaluations = new Histogram();
  private readonly started = Date.now();

  request(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${labelValue(method)}",route="${labelValue(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const routeKey = `route="${labelValue(route)}"`;
    let h = this.requestDurations.get(routeKey);
    if (h === undefined) this.requestDurations.set(routeKey, (h = new Histogram()));
    h.observe(seconds);
  }

  ingested(counts: Readonly<Record<IngestOutcome, number>>): void {
    this.ingestRequests++;
    for (const [k, v] of Object.entries(counts) as [IngestOutcome, number][])
      this.ingest.set(k, (this.ingest.get(k) ?? 0) + v);
  }

  evaluation(seconds: number): void {
    this.evaluations.observe(seconds);
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP accord_http_requests_total HTTP requests by method, route template and status.');
    out.push('# TYPE accord_http_requests_total counter');
    for (const [k, v] of [...this.requests].sort()) out.push(`accord_http_requests_total{${k}} ${v}`);
    out.push('# HELP accord_http_request_duration_seconds Time to answer a request, by route template.');
    out.push('# TYPE accord_http_request_duration_seconds histogram');
    for (const [k, h] of [...this.requestDurations].sort(([a], [b]) => (a < b ? -1 : 1)))
      histogram(out, 'accord_http_request_duration_seconds', h, k);
    out.push('# HELP accord_ingest_requests_total Ingest requests answered.');
    out.push('# TYPE accord_ingest_requests_total counter');
    out.push(`accord_ingest_requests_total ${this.ingestRequests}`);
    out.push('# HELP accord_ingest_records_total Records received through the API, by outcome.');
    out.push('# TYPE accord_ingest_records_total counter');
    for (const outcome of ['read', 'inserted', 'updated', 'unchanged', 'rejected'] as const)
      out.push(`accord_ingest_records_total{outcome="${outcome}"} ${this.ingest.get(outcome) ?? 0}`);
    out.push(
      '# HELP accord_evaluation_duration_seconds Time to evaluate a contract period (reading included).',
    );
    out.push('# TYPE accord_evaluation_duration_seconds histogram');
    histogram(out, 'accord_evaluation_duration_seconds', this.evaluations, '');
    out.push('# HELP accord_process_uptime_seconds Seconds since this process started serving.');
    out.push('# TYPE accord_process_uptime_seconds gauge');
    out.push(`accord_process_uptime_seconds ${(Date.now() - this.started) / 1000}`);
    return `${out.join('\n')}\n`;
  }
}

function histogram(out: string[], name: string, h: Histogram, labels: string): void {
  const sep = labels === '' ? '' : ',';
  for (let i = 0; i < DURATION_BUCKETS.length; i++)
    out.push(`${name}_bucket{${labels}${sep}le="${DURATION_BUCKETS[i]}"} ${h.counts[i]}`);
  out.push(`${name}_bucket{${labels}${sep}le="+Inf"} ${h.count}`);
  out.push(`${name}_sum${labels === '' ? '' : `{${labels}}`} ${h.sum}`);
  out.push(`${name}_count${labels === '' ? '' : `{${labels}}`} ${h.count}`);
}
