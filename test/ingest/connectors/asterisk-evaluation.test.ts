/**
 * Done-when of issue 18: an evaluation over an imported Asterisk queue_log gives the service level that the
 * log's own wait times imply. The log is imported with `accord ingest --format asterisk` into a store and
 * evaluated from it; the expectation is computed here from the log's lines alone (CONNECT holdtime,
 * ABANDON / EXITWITHTIMEOUT waittime), by the formulas of kpis.md, not from anything Accord computed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from '../../support/cli.js';

const CONTRACT = `contract: asterisk-check
version: 1
effective_from: 2026-10-01
client: ACME B.V.
partner: Example Contact Services B.V.
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: 1000.00
period: month
metrics:
  - id: phone-service-level
    kind: service_level
    population: { channel: phone }
    threshold: 30s
    target: 80%
    abandoned: { short: 5s, count: as_failure }
  - id: phone-speed-of-answer
    kind: average
    measure: speed_of_answer
    population: { channel: phone }
    target: 20s
  - id: phone-abandonment
    kind: abandonment_rate
    population: { channel: phone }
    abandoned: { short: 5s }
    target: 5%
`;

/** A deterministic month of queue_log: waits drawn from a small LCG, every way in and out of a queue. */
function queueLog(): string {
  let seed = 20261005;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const lines: string[] = ['1791072000|NONE|NONE|NONE|QUEUESTART|'];
  const start = Date.UTC(2026, 9, 2, 7) / 1000;
  for (let i = 0; i < 600; i++) {
    const t = start + Math.floor(i * 3900 + next() * 1800);
    const id = `${t}.${i}`;
    const queue = i % 3 === 0 ? 'support-de' : 'support-nl';
    lines.push(`${t}|${id}|${queue}|NONE|ENTERQUEUE||+3161${String(i).padStart(7, '0')}|1`);
    const r = next();
    // Exactly the threshold now and then: within (wait <= T).
    const wait = i % 50 === 7 ? 30 : Math.floor(next() * 75);
    if (r < 0.12) {
      lines.push(`${t + wait}|${id}|${queue}|NONE|ABANDON|2|2|${wait}`);
    } else if (r < 0.15) {
      lines.push(`${t + 300}|${id}|${queue}|NONE|EXITWITHTIMEOUT|1|1|300`);
    } else {
      if (r < 0.3) lines.push(`${t + 2}|${id}|${queue}|PJSIP/20${i % 9}|RINGNOANSWER|2000`);
      const talk = 60 + Math.floor(next() * 400);
      lines.push(`${t + wait}|${id}|${queue}|PJSIP/30${i % 7}|CONNECT|${wait}|${id}9|1`);
      const end = r < 0.6 ? 'COMPLETECALLER' : 'COMPLETEAGENT';
      lines.push(`${t + wait + talk}|${id}|${queue}|PJSIP/30${i % 7}|${end}|${wait}|${talk}|1`);
    }
    if (i % 40 === 0) lines.push(`${t + 5}|NONE|${queue}|PJSIP/301|PAUSE|break`);
  }
  // Lines out of time order, as two rotated files concatenated the wrong way round would give.
  return `${lines.reverse().join('\n')}\n`;
}

/** The figures the log's own waits imply (kpis.md), from the lines alone. */
function expected(log: string) {
  const answered: number[] = [];
  const unanswered: number[] = [];
  for (const line of log.trim().split('\n')) {
    const f = line.split('|');
    if (f[4] === 'CONNECT') answered.push(Number(f[5]));
    if (f[4] === 'ABANDON' || f[4] === 'EXITWITHTIMEOUT') unanswered.push(Number(f[7]));
  }
  const counted = unanswered.filter((w) => w >= 5);
  const within = answered.filter((w) => w <= 30).length;
  return {
    serviceLevel: { numerator: within, denominator: answered.length + counted.length },
    speedOfAnswer: answered.reduce((a, b) => a + b, 0) / answered.length,
    abandonment: { numerator: counted.length, denominator: answered.length + counted.length },
  };
}

describe('an evaluation over an imported Asterisk queue_log', () => {
  it('gives the service level, speed of answer and abandonment that the log’s own waits imply', async () => {
    process.env.ACCORD_PSEUDONYM_KEY ??= 'test-key';
    const log = queueLog();
    const dir = tempFiles({ queue_log: log, 'contract.yaml': CONTRACT });
    const db = `sqlite:${join(dir, 'accord.db')}`;
    const ingested = await runCli([
      'ingest',
      '--format',
      'asterisk',
      join(dir, 'queue_log'),
      '--db',
      db,
      '--json',
    ]);
    expect(ingested.stderr).toBe('');
    expect(ingested.code).toBe(0);
    expect(JSON.parse(ingested.stdout)).toMatchObject({ inserted: 600, rejected: 0 });
    const run = await runCli([
      'evaluate',
      '--contract',
      join(dir, 'contract.yaml'),
      '--period',
      '2026-10',
      '--as-of',
      '2026-11-05T00:00:00Z',
      '--db',
      db,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const metrics = JSON.parse(run.stdout).metrics as {
      id: string;
      numerator: number;
      denominator: number;
      value: number;
    }[];
    const row = (id: string) => metrics.find((m) => m.id === id)!;
    const want = expected(log);
    expect(want.serviceLevel.denominator).toBeGreaterThan(500);
    expect(row('phone-service-level')).toMatchObject(want.serviceLevel);
    expect(row('phone-service-level').value).toBeCloseTo(
      want.serviceLevel.numerator / want.serviceLevel.denominator,
      12,
    );
    expect(row('phone-speed-of-answer').value).toBeCloseTo(want.speedOfAnswer, 9);
    expect(row('phone-abandonment')).toMatchObject(want.abandonment);
  });
});
