import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contractDigest } from '../../src/domain/contract/canonical.js';
import { formatContractError } from '../../src/domain/contract/check.js';
import { explainContract, explainMetric, explainMoney } from '../../src/domain/contract/explain.js';
import { isPeriodEnd, isPeriodStart, periodEndOf, periodStartOf } from '../../src/domain/contract/periods.js';
import { parseContract } from '../../src/domain/contract/schema.js';
import type { Contract, MetricOf } from '../../src/domain/contract/types.js';
import { checkContractText, parseSourceText } from '../../src/ingest/contract-text.js';

const EXAMPLE = readFileSync(resolve(import.meta.dirname, '../../examples/contract.yaml'), 'utf8');

/** The example with one piece of text replaced (which must be there). */
function edit(from: string, to: string, text = EXAMPLE): string {
  expect(text, `the example contains ${JSON.stringify(from)}`).toContain(from);
  return text.replace(from, to);
}

function valid(text: string): { contract: Contract; digest: string } {
  const r = checkContractText(text, 'contract.yaml');
  if (!r.ok) throw new Error(r.errors.map(formatContractError).join('\n'));
  return r;
}

/** What a user sees: `path: message (line N)`, one per error. */
function errorsOf(text: string): string[] {
  const r = checkContractText(text, 'contract.yaml');
  if (r.ok) return [];
  return r.errors.map(formatContractError);
}

const MINIMAL = `contract: mini
version: 1
effective_from: 2026-01-01
client: C
partner: P
timezone: Europe/Amsterdam
currency: EUR
monthly_fee: 1000
period: month
metrics:
  - id: sl
    kind: service_level
    threshold: 30s
    target: 80%
`;

describe('the example contract of contract.md', () => {
  it('validates, with 17 metrics', () => {
    const { contract } = valid(EXAMPLE);
    expect(contract.id).toBe('acme-customer-service');
    expect(contract.version).toBe(3);
    expect(contract.metrics).toHaveLength(17);
    expect(contract.monthlyFeeCents).toBe(12_000_000);
    expect(contract.metrics.map((m) => `${m.id}:${m.kind}:${m.direction}`)).toMatchInlineSnapshot(`
      [
        "phone-service-level:service_level:higher",
        "phone-speed-of-answer:average:lower",
        "phone-abandonment:abandonment_rate:lower",
        "email-first-response:response_time:higher",
        "chat-acceptance:service_level:higher",
        "question-resolution:resolution_time:higher",
        "complaint-resolution:resolution_time:higher",
        "premium-reachability:service_level:higher",
        "first-time-right:rate:higher",
        "csat:mean_score:higher",
        "csat-top-box:top_box:higher",
        "nps:nps:higher",
        "quality-monitoring:mean_score:higher",
        "script-compliance:rate:higher",
        "opening-hours:availability:higher",
        "critical-escalations:incident_reaction:higher",
        "privacy:compliance:lower",
      ]
    `);
  });

  it('holds every value in exact units', () => {
    const { contract } = valid(EXAMPLE);
    const sl = contract.metrics[0] as MetricOf<'service_level'>;
    expect(sl).toEqual({
      id: 'phone-service-level',
      kind: 'service_level',
      direction: 'higher',
      title: { en: 'Calls answered within 30 s', nl: 'Oproepen binnen 30 s beantwoord', de: null },
      population: { channel: ['phone'] },
      target: { unit: 'percent', ppm: 800_000 },
      thresholdMs: 30_000,
      abandoned: { shortMs: 5000, count: 'as_failure' },
      clock: { calendar: null, pauseWhen: [], resolution: 'final' },
      split: ['language'],
      splitTargets: { language: { fr: { unit: 'percent', ppm: 700_000 } } },
      minimumSample: 1,
    });
    const byId = new Map(contract.metrics.map((m) => [m.id, m]));
    expect(byId.get('phone-speed-of-answer')?.target).toEqual({ unit: 'duration', ms: 20_000 });
    expect(byId.get('csat')?.target).toEqual({ unit: 'number', value: 8 });
    expect(byId.get('csat')?.minimumSample).toBe(30);
    expect(byId.get('nps')?.target).toEqual({ unit: 'number', value: 30 });
    expect(byId.get('opening-hours')?.target).toEqual({ unit: 'percent', ppm: 995_000 });
    expect(byId.get('privacy')).toMatchObject({ target: { unit: 'count', count: 0 }, minimumSample: 0 });
    expect(byId.get('question-resolution')).toMatchObject({
      clock: { calendar: 'standard', pauseWhen: ['pending_customer'], resolution: 'final' },
    });
    expect(contract.credits).toEqual({
      atRiskPpm: 120_000,
      poolPpm: 2_000_000,
      allocationPpm: {
        'phone-service-level': 400_000,
        'email-first-response': 300_000,
        'complaint-resolution': 300_000,
        csat: 300_000,
        'first-time-right': 200_000,
      },
      minimumPpm: { 'phone-service-level': 700_000 },
      earnBack: { periods: 3 },
      annualCapPpm: 80_000,
    });
    expect(contract.bonus).toEqual({ exceedByPpm: 50_000, periods: 3, amountPpm: 30_000 });
    expect(contract.acceptance).toEqual({
      rampUpPpm: [800_000, 900_000],
      feePpm: 900_000,
      endsWhen: { allTargetsMet: 2 },
      longStop: 6,
    });
    expect(contract.volume).toEqual({ forecastTolerancePpm: 150_000 });
    expect(contract.exclusions).toEqual([
      { from: '2026-03-02T10:00', to: '2026-03-02T14:00', reason: 'client CRM outage' },
    ]);
    expect(contract.escalation.map((e) => [e.level, e.when, e.acknowledgeWithinMs])).toEqual([
      [1, { event: 'at_risk' }, 1_800_000],
      [2, { event: 'breached' }, 7_200_000],
      [3, { event: 'missed_periods', periods: 2 }, 86_400_000],
    ]);
    expect(contract.calendars.standard?.holidays.country).toBe('NL');
    expect(contract.calendars.always?.alwaysOpen).toBe(true);
    expect(contract.segments).toEqual({ premium: { customer_tier: ['premium'] } });
  });
});

describe('defaults are filled in', () => {
  it('a minimal contract gets every default, explicitly', () => {
    const { contract } = valid(MINIMAL);
    expect(contract).toEqual({
      id: 'mini',
      version: 1,
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      client: 'C',
      partner: 'P',
      timezone: 'Europe/Amsterdam',
      currency: 'EUR',
      monthlyFeeCents: 100_000,
      period: 'month',
      report: ['month'],
      calendars: {},
      segments: {},
      metrics: [
        {
          id: 'sl',
          kind: 'service_level',
          direction: 'higher',
          title: { en: null, nl: null, de: null },
          population: {},
          target: { unit: 'percent', ppm: 800_000 },
          thresholdMs: 30_000,
          abandoned: { shortMs: 0, count: 'as_failure' },
          clock: { calendar: null, pauseWhen: [], resolution: 'final' },
          split: [],
          splitTargets: {},
          minimumSample: 1,
        },
      ],
      credits: null,
      bonus: null,
      acceptance: null,
      volume: null,
      exclusions: [],
      escalation: [],
      data: { comments: 'drop', retention: null },
    });
  });

  it('credits, bonus and acceptance get their defaults', () => {
    const { contract } = valid(
      `${MINIMAL}credits:\n  at_risk: 10%\n  allocation: { sl: 100% }\nbonus: { periods: 2, amount: 1% }\nacceptance: { long_stop: 3 }\n`,
    );
    expect(contract.credits).toEqual({
      atRiskPpm: 100_000,
      poolPpm: 1_000_000,
      allocationPpm: { sl: 1_000_000 },
      minimumPpm: {},
      earnBack: null,
      annualCapPpm: null,
    });
    expect(contract.bonus).toEqual({ exceedByPpm: 0, periods: 2, amountPpm: 10_000 });
    expect(contract.acceptance).toEqual({
      rampUpPpm: [1_000_000],
      feePpm: 1_000_000,
      endsWhen: null,
      longStop: 3,
    });
  });

  it('a title written once stands in every language; abandonment_rate and resolution clocks get defaults', () => {
    const { contract } = valid(
      edit(
        '    target: 80%\n',
        '    target: 80%\n    title: Service level\n  - id: ab\n    kind: abandonment_rate\n    target: 5%\n  - id: res\n    kind: resolution_time\n    threshold: 24h\n    target: 90%\n    clock: { pause_when: [on_hold, pending_customer, on_hold] }\n',
        MINIMAL,
      ),
    );
    expect(contract.metrics[0]?.title).toEqual({
      en: 'Service level',
      nl: 'Service level',
      de: 'Service level',
    });
    expect(contract.metrics[1]).toMatchObject({ abandoned: { shortMs: 0 }, direction: 'lower' });
    expect(contract.metrics[2]).toMatchObject({
      clock: { calendar: null, pauseWhen: ['pending_customer', 'on_hold'], resolution: 'final' },
    });
  });
});

describe('canonical form and digest', () => {
  const { contract, digest } = valid(EXAMPLE);

  it('is pinned for the example (a change here changes every signed digest)', () => {
    expect(digest).toMatchInlineSnapshot(
      `"sha256:0a62933a179b84c8cb350efda743482f98f9e90cd628908e402746579f1ccd65"`,
    );
  });

  it('is JSON with sorted keys and no whitespace, and the digest is its SHA-256', () => {
    const json = canonicalJson(contract);
    expect(json).not.toMatch(/\n|": |, "/);
    expect(json.startsWith('{"acceptance":{"endsWhen":{"allTargetsMet":2},"feePpm":900000,')).toBe(true);
    expect(digest).toBe(`sha256:${createHash('sha256').update(json, 'utf8').digest('hex')}`);
    expect(contractDigest(contract)).toBe(digest);
    // Sorting is recursive: re-serialising the parsed canonical form with sorted keys changes nothing.
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
            )
          : v;
    expect(JSON.stringify(sortDeep(JSON.parse(json)))).toBe(json);
  });

  it('is stable: the same file gives the same digest', () => {
    expect(valid(EXAMPLE).digest).toBe(digest);
  });

  it('changes when a value changes', () => {
    expect(valid(edit('    target: 80%\n', '    target: 81%\n')).digest).not.toBe(digest);
    expect(valid(edit('monthly_fee: 120000.00', 'monthly_fee: 120000.01')).digest).not.toBe(digest);
    expect(valid(edit('version: 3', 'version: 4')).digest).not.toBe(digest);
    expect(valid(edit('client: ACME B.V.', 'client: ACME Holding B.V.')).digest).not.toBe(digest);
  });

  it('does not depend on key order, comments, notation, or YAML versus JSON', () => {
    // Top-level keys reordered, comments dropped, metric keys reordered.
    const reordered = edit(
      '  - id: phone-speed-of-answer\n    kind: average\n    measure: speed_of_answer\n',
      '  - measure: speed_of_answer\n    kind: average\n    id: phone-speed-of-answer\n',
      `currency: EUR\n${edit('currency: EUR\n', '')}`,
    ).replace(/ # .*$/gm, '');
    expect(valid(reordered).digest).toBe(digest);
    // The same values written differently.
    expect(valid(edit('threshold: 30s', 'threshold: 30000ms')).digest).toBe(digest);
    expect(valid(edit('monthly_fee: 120000.00', 'monthly_fee: "120000"')).digest).toBe(digest);
    expect(
      valid(edit('population: { channel: phone }', 'population: { channel: [phone, phone] }')).digest,
    ).toBe(digest);
    // JSON text of the same document.
    const json = JSON.stringify(parseSourceText(EXAMPLE, 'contract.yaml').value, null, 2);
    expect(checkContractText(json, 'contract.json')).toMatchObject({ ok: true, digest });
  });

  it('gives equal meanings the same digest: defaults written out or left out', () => {
    const a = valid(MINIMAL).digest;
    const b = valid(
      edit(
        '    target: 80%\n',
        '    target: 80%\n    abandoned: { short: 0s, count: as_failure }\n    clock: { resolution: final }\n    minimum_sample: 1\n    split: []\n',
        `${MINIMAL}report: [month]\nexclusions: []\ndata: { comments: drop }\n`,
      ).replace('    clock: { resolution: final }\n', ''),
    ).digest;
    expect(b).toBe(a);
  });
});

describe('judgement periods', () => {
  it('knows the first and last days of weeks, months and quarters', () => {
    expect(periodStartOf('2026-11-28', 'week')).toBe('2026-11-23');
    expect(periodEndOf('2026-12-30', 'week')).toBe('2027-01-03');
    expect(periodStartOf('2026-11-28', 'quarter')).toBe('2026-10-01');
    expect(periodEndOf('2026-11-28', 'quarter')).toBe('2026-12-31');
    expect(periodEndOf('2028-02-03', 'month')).toBe('2028-02-29');
    expect(isPeriodStart('2026-04-01', 'quarter')).toBe(true);
    expect(isPeriodStart('2026-05-01', 'quarter')).toBe(false);
    expect(isPeriodStart('2026-01-05', 'week')).toBe(true);
    expect(isPeriodEnd('2026-06-30', 'quarter')).toBe(true);
    expect(isPeriodEnd('2026-01-04', 'week')).toBe(true);
  });
});

describe('mistakes, each with the exact message, path and line', () => {
  it('a fraction as percentage target', () => {
    expect(errorsOf(edit('    target: 80%\n', '    target: 0.8\n'))).toMatchInlineSnapshot(`
      [
        "metrics[0].target: 0.8 is not a percentage: write 80% (line 30)",
      ]
    `);
  });

  it('a duration that is not one', () => {
    expect(errorsOf(edit('threshold: 30s', 'threshold: 30 sec'))).toMatchInlineSnapshot(`
      [
        "metrics[0].threshold: "30 sec" is not a duration (line 29)",
      ]
    `);
    expect(errorsOf(edit('threshold: 30s', 'threshold: 30'))).toMatchInlineSnapshot(`
      [
        "metrics[0].threshold: 30 is not a duration: write 30s or 30m (line 29)",
      ]
    `);
  });

  it("an unknown kind (the metric's other keys are still checked)", () => {
    expect(
      errorsOf(
        edit('  - id: nps\n    kind: nps\n', '  - id: nps\n    kind: net_promoter\n    threshold: soon\n'),
      ),
    ).toMatchInlineSnapshot(`
      [
        "metrics[11].kind: "net_promoter" is not a metric kind (service_level, response_time, resolution_time, average, abandonment_rate, rate, mean_score, top_box, nps, availability, incident_reaction, compliance) (line 88)",
        "metrics[11].threshold: "soon" is not a duration (line 89)",
      ]
    `);
  });

  it('a metric without kind', () => {
    expect(errorsOf(edit('  - id: nps\n    kind: nps\n', '  - id: nps\n'))).toMatchInlineSnapshot(`
      [
        "metrics[11].kind: is required: every metric needs a kind (service_level, response_time, resolution_time, average, abandonment_rate, rate, mean_score, top_box, nps, availability, incident_reaction, compliance) (line 87)",
      ]
    `);
  });

  it('a service level without threshold (not SMART)', () => {
    expect(errorsOf(edit('    threshold: 30s\n', ''))).toMatchInlineSnapshot(`
      [
        "metrics[0].threshold: is required: a service_level metric needs a threshold such as 30s (line 25)",
      ]
    `);
  });

  it('a metric without target (not SMART)', () => {
    expect(errorsOf(edit('    kind: nps\n    target: 30\n', '    kind: nps\n'))).toMatchInlineSnapshot(`
      [
        "metrics[11].target: is required: an nps metric needs a target such as 30 (line 87)",
      ]
    `);
    expect(errorsOf(edit('    target: 99.5%\n', ''))).toMatchInlineSnapshot(`
      [
        "metrics[14].target: is required: an availability metric needs a target such as 99.5% (line 98)",
      ]
    `);
  });

  it('a misspelt metric key', () => {
    expect(
      errorsOf(
        edit(
          '    clock: { calendar: standard }\n    threshold: 24h\n',
          '    clock: { calendar: standard }\n    treshold: 24h\n',
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "metrics[3].threshold: is required: a response_time metric needs a threshold such as 24h (line 44)",
        "metrics[3].treshold: is not a known key (did you mean threshold?) (line 48)",
      ]
    `);
  });

  it('a key that means nothing for the kind', () => {
    expect(
      errorsOf(
        edit(
          '    measure: first_time_right\n',
          '    measure: first_time_right\n    threshold: 5m\n    calendar: standard\n    clock: { calendar: standard }\n',
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "metrics[8].threshold: does not apply to a rate metric (line 76)",
        "metrics[8].calendar: does not apply to a rate metric (line 77)",
        "metrics[8].clock: does not apply to a rate metric: it has no clock (line 78)",
      ]
    `);
    expect(
      errorsOf(edit('abandoned: { short: 5s }', 'abandoned: { short: 5s, count: ignore }')),
    ).toMatchInlineSnapshot(`
      [
        "metrics[2].abandoned.count: does not apply to an abandonment_rate metric: it counts every abandon that is not short (line 42)",
      ]
    `);
    expect(
      errorsOf(
        edit('    clock: { calendar: always }\n', '    clock: { calendar: always, pause_when: [on_hold] }\n'),
      ),
    ).toMatchInlineSnapshot(`
      [
        "metrics[7].clock.pause_when: does not apply to a service_level metric: only response_time and resolution_time clocks pause (line 70)",
      ]
    `);
  });

  it('a duplicate metric id', () => {
    expect(errorsOf(edit('  - id: chat-acceptance', '  - id: phone-abandonment'))).toMatchInlineSnapshot(`
      [
        "metrics[4].id: "phone-abandonment" is already the id of metrics[2] (line 50)",
      ]
    `);
  });

  it('an allocation naming an unknown metric', () => {
    expect(errorsOf(edit('    csat: 30%\n', '    cast: 30%\n'))).toMatchInlineSnapshot(`
      [
        "credits.allocation.cast: "cast" is not a metric id of this contract (known: phone-service-level, phone-speed-of-answer, phone-abandonment, email-first-response, chat-acceptance, question-resolution, complaint-resolution, premium-reachability, first-time-right, csat, csat-top-box, nps, quality-monitoring, script-compliance, opening-hours, critical-escalations, privacy) (line 118)",
      ]
    `);
  });

  it('allocations above the pool', () => {
    expect(errorsOf(edit('  pool: 200%', '  pool: 100%'))).toMatchInlineSnapshot(`
      [
        "credits.allocation: adds up to 150%, more than the pool of 100% (line 114)",
      ]
    `);
    expect(
      errorsOf(edit('  pool: 200% # the allocations below may add up to at most this\n', '')),
    ).toMatchInlineSnapshot(`
      [
        "credits.allocation: adds up to 150%, more than the pool of 100% (the default; set credits.pool to allow more) (line 113)",
      ]
    `);
  });

  it('a minimum on a metric that is not a percentage, or not below the target', () => {
    expect(
      errorsOf(
        edit('minimum: { phone-service-level: 70% }', 'minimum: { phone-service-level: 85%, csat: 7% }'),
      ),
    ).toMatchInlineSnapshot(`
      [
        "credits.minimum.csat: csat is a mean_score metric: a minimum applies to percentage metrics only (line 120)",
        "credits.minimum.phone-service-level: 85% is not below the target 80% of phone-service-level (line 120)",
      ]
    `);
  });

  it('a split target for a dimension that is not split', () => {
    expect(
      errorsOf(edit('split_targets: { language: { fr: 70% } }', 'split_targets: { channel: { chat: 70% } }')),
    ).toMatchInlineSnapshot(`
      [
        "metrics[0].split_targets.channel: channel is not in split (split: [language]) (line 33)",
      ]
    `);
    expect(errorsOf(edit('split: [language]', 'split: [language, lang, language]'))).toMatchInlineSnapshot(`
      [
        "metrics[0].split[1]: "lang" is not a split dimension (language, channel, queue, segment) (line 32)",
        "metrics[0].split[2]: "language" is given twice (line 32)",
      ]
    `);
  });

  it('a clock calendar that the contract does not have', () => {
    expect(
      errorsOf(edit('clock: { calendar: always }', 'clock: { calendar: allways }')),
    ).toMatchInlineSnapshot(`
      [
        "metrics[7].clock.calendar: "allways" is not a calendar of this contract (did you mean always?) (line 70)",
      ]
    `);
    expect(
      errorsOf(edit('    calendar: standard\n    target: 99.5%', '    calendar: night\n    target: 99.5%')),
    ).toMatchInlineSnapshot(`
      [
        "metrics[14].calendar: "night" is not a calendar of this contract (known: standard, always) (line 100)",
      ]
    `);
  });

  it('effective_from not at the start of a period, effective_to not at an end', () => {
    expect(errorsOf(edit('effective_from: 2026-01-01', 'effective_from: 2026-01-15'))).toMatchInlineSnapshot(`
      [
        "effective_from: "2026-01-15" is not the first day of a month: use 2026-01-01 or 2026-02-01 (line 6)",
      ]
    `);
    expect(errorsOf(edit('period: month', 'period: week'))).toMatchInlineSnapshot(`
      [
        "effective_from: "2026-01-01" is not the first day of a week (a Monday): use 2025-12-29 or 2026-01-05 (line 6)",
      ]
    `);
    expect(
      errorsOf(edit('period: month', 'period: quarter', edit('2026-01-01', '2026-02-01'))),
    ).toMatchInlineSnapshot(`
      [
        "effective_from: "2026-02-01" is not the first day of a quarter: use 2026-01-01 or 2026-04-01 (line 6)",
      ]
    `);
    expect(
      errorsOf(edit('effective_from: 2026-01-01', 'effective_from: 2026-01-01\neffective_to: 2026-06-15')),
    ).toMatchInlineSnapshot(`
      [
        "effective_to: "2026-06-15" is not the last day of a month: use 2026-05-31 or 2026-06-30 (line 7)",
      ]
    `);
    expect(
      errorsOf(edit('effective_from: 2026-01-01', 'effective_from: 2026-01-01\neffective_to: 2025-12-31')),
    ).toMatchInlineSnapshot(`
      [
        "effective_to: "2025-12-31" is before effective_from "2026-01-01" (line 7)",
      ]
    `);
  });

  it('a time zone that does not exist', () => {
    expect(errorsOf(edit('timezone: Europe/Amsterdam', 'timezone: Europe/Amsterdm'))).toMatchInlineSnapshot(`
      [
        "timezone: "Europe/Amsterdm" is not an IANA time zone (e.g. Europe/Amsterdam) (line 9)",
      ]
    `);
  });

  it('a calendar with a bad span or an unknown holiday country, prefixed with its name', () => {
    expect(errorsOf(edit('sat-sun: "09:00-18:00"', 'sat-sun: "09:00-25:00"'))).toMatchInlineSnapshot(`
      [
        "calendars.standard.hours.sat-sun: "09:00-25:00" has a time of day that does not exist (line 17)",
      ]
    `);
    expect(errorsOf(edit('holidays: { country: NL }', 'holidays: { country: XX }'))).toMatchInlineSnapshot(`
      [
        "calendars.standard.holidays.country: "XX" is not a known country or region (NL, DE-BY, US) (line 18)",
      ]
    `);
    expect(
      errorsOf(edit('always: { hours: 24/7 }', 'always: { hours: 24/7, open: true }')),
    ).toMatchInlineSnapshot(`
      [
        "calendars.always.open: is not a known key (line 19)",
      ]
    `);
  });

  it('a YAML syntax error, with its line', () => {
    expect(errorsOf(edit('report: [week, month]', 'report: [week, month'))).toMatchInlineSnapshot(`
      [
        "column 1: Flow sequence in block collection must be sufficiently indented and end with a ] (line 15)",
      ]
    `);
    expect(errorsOf(edit('client: ACME B.V.', 'client: "ACME B.V.'))).toMatchInlineSnapshot(`
      [
        "column 19: Missing closing "quote (line 7)",
      ]
    `);
  });

  it('a YAML syntax error is one message with its line and column, not one per consequence', () => {
    // Tabs as indentation on four lines and an unclosed flow map: the parser complains six times.
    const text = edit('currency: EUR\n', 'currency: EUR\nx:\n\t- 1\n\t- 2\n\t- 3\n\t- 4\ny: {a: 1\n');
    expect(errorsOf(text)).toEqual(['column 1: Tabs are not allowed as indentation (line 12)']);
  });

  it('a YAML alias bomb is refused with one message, without expanding it', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`),
    ].join('\n');
    expect(errorsOf(`${EXAMPLE}\n${bomb}\n`)).toEqual([
      'expands aliases (*name) more than 100 times: refused, as an alias bomb would exhaust memory',
    ]);
    // A few aliases, as a contract may use them, are fine.
    expect(() => parseSourceText('a: &a [1, 2]\nb: *a\nc: *a\n', 'x.yaml')).not.toThrow();
  });

  it('YAML nested too deeply is one message, not a crash', () => {
    expect(errorsOf(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toEqual([
      expect.stringMatching(/^column \d+: is nested too deeply \(line 1\)$/),
    ]);
  });

  it('a duplicate key', () => {
    expect(errorsOf(edit('currency: EUR\n', 'currency: EUR\ncurrency: USD\n'))).toMatchInlineSnapshot(`
      [
        "column 1: duplicate key "currency": a key may appear only once in a map (line 11)",
      ]
    `);
    expect(errorsOf('{"contract": "a", "contract": "b"}')).toMatchInlineSnapshot(`
      [
        "column 19: Map keys must be unique (line 1)",
      ]
    `);
  });

  it('a compliance target without "incidents"', () => {
    expect(errorsOf(edit('target: 0 incidents', 'target: 0'))).toMatchInlineSnapshot(`
      [
        "metrics[16].target: 0 is not a number of incidents: write "0 incidents" (line 109)",
      ]
    `);
    expect(errorsOf(edit('target: 0 incidents', 'target: none'))).toMatchInlineSnapshot(`
      [
        "metrics[16].target: "none" is not a number of incidents: write "0 incidents" (line 109)",
      ]
    `);
  });

  it('a mean score with a percentage target, or outside its scale', () => {
    expect(errorsOf(edit('    target: 8.0\n', '    target: 80%\n'))).toMatchInlineSnapshot(`
      [
        "metrics[9].target: "80%" is not a number: a mean_score target is a plain score such as 8.0 (for a share of answers use kind top_box) (line 80)",
      ]
    `);
    expect(errorsOf(edit('    target: 8.0\n', '    target: 80\n'))).toMatchInlineSnapshot(`
      [
        "metrics[9].target: 80 is outside the csat scale 1..10 (line 80)",
      ]
    `);
  });

  it('an average with a percentage target', () => {
    expect(errorsOf(edit('target: 20s', 'target: 20%'))).toMatchInlineSnapshot(`
      [
        "metrics[1].target: "20%" is not a duration: an average target is a duration such as 20s (line 38)",
      ]
    `);
  });

  it('a pause status outside the normalised vocabulary', () => {
    expect(
      errorsOf(
        edit(
          'pause_when: [pending_customer] }\n    threshold: 24h',
          'pause_when: [waiting] }\n    threshold: 24h',
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "metrics[5].clock.pause_when[0]: "waiting" is not a status (new, open, pending_customer, on_hold, solved, closed) (line 58)",
      ]
    `);
  });

  it('a bad period, report period and version', () => {
    expect(
      errorsOf(
        edit('report: [week, month]', 'report: [week, year]', edit('period: month', 'period: monthly')),
      ),
    ).toMatchInlineSnapshot(`
      [
        "period: "monthly" is not a period (week, month or quarter) (line 12)",
        "report[1]: "year" is not a period (week, month or quarter) (line 13)",
      ]
    `);
    expect(errorsOf(edit('version: 3', 'version: "3"'))).toMatchInlineSnapshot(`
      [
        "version: "3" is not a whole number of at least 1 (line 5)",
      ]
    `);
  });

  it('money, currency and percentages written wrongly', () => {
    expect(
      errorsOf(
        edit(
          'monthly_fee: 120000.00',
          'monthly_fee: 120000.005',
          edit('currency: EUR', 'currency: euro', edit('at_risk: 12%', 'at_risk: 120%')),
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "currency: "euro" is not an ISO 4217 currency code (3 capital letters, e.g. EUR) (line 10)",
        "monthly_fee: 120000.005 has more than 2 decimals (line 11)",
        "credits.at_risk: "120%" is more than 100% (line 112)",
      ]
    `);
  });

  it('a population value outside the vocabulary of data.md', () => {
    expect(
      errorsOf(edit('population: { channel: chat }', 'population: { channel: chatt }')),
    ).toMatchInlineSnapshot(`
      [
        "metrics[4].population.channel: "chatt" is not a channel (phone, email, chat, messaging, social, web, other) (line 52)",
      ]
    `);
    expect(
      errorsOf(edit('population: { severity: critical }', 'population: { severity: [critical, urgent] }')),
    ).toMatchInlineSnapshot(`
      [
        "metrics[15].population.severity[1]: "urgent" is not a severity (critical, high, normal, low) (line 104)",
      ]
    `);
  });

  it('a misspelt top-level key, and a title in a language the product does not speak', () => {
    expect(errorsOf(edit('monthly_fee:', 'monthly_fees:'))).toMatchInlineSnapshot(`
      [
        "monthly_fee: is required: the fee for one month, e.g. 120000.00 (line 4)",
        "monthly_fees: is not a known key (did you mean monthly_fee?) (line 11)",
      ]
    `);
    expect(
      errorsOf(edit('nl: Oproepen binnen 30 s beantwoord', 'fr: Appels répondus')),
    ).toMatchInlineSnapshot(`
      [
        "metrics[0].title.fr: is not a known key (known keys: en, nl, de) (line 26)",
      ]
    `);
  });

  it('escalation levels given twice and a misspelt trigger', () => {
    expect(
      errorsOf(
        edit(
          '  - level: 2',
          '  - level: 1',
          edit('when: { missed_periods: 2 }', 'when: { missed_period: 2 }'),
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "escalation[1].level: 1 is already the level of escalation[0] (line 143)",
        "escalation[2].when.missed_periods: is required (line 149)",
        "escalation[2].when.missed_period: is not a known key (did you mean missed_periods?) (line 149)",
      ]
    `);
    expect(errorsOf(edit('when: breached', 'when: late'))).toMatchInlineSnapshot(`
      [
        "escalation[1].when: "late" is not a trigger (at_risk, breached or { missed_periods: N }) (line 145)",
      ]
    `);
  });

  it('an acceptance phase that cannot end, and an exclusion that ends before it starts', () => {
    expect(
      errorsOf(
        edit(
          '  long_stop: 6 # the phase ends after at most 6 periods\n',
          '',
          edit('  ends_when: { all_targets_met: 2 } # periods in a row meeting the full targets\n', ''),
        ),
      ),
    ).toMatchInlineSnapshot(`
      [
        "acceptance: needs ends_when or long_stop: otherwise the phase never ends (line 128)",
      ]
    `);
    expect(errorsOf(edit('long_stop: 6', 'long_stop: 1'))).toMatchInlineSnapshot(`
      [
        "acceptance.ends_when.all_targets_met: 2 periods can never be reached before the long_stop of 1 (line 131)",
      ]
    `);
    expect(errorsOf(edit('to: 2026-03-02T14:00', 'to: 2026-03-02T09:00'))).toMatchInlineSnapshot(`
      [
        "exclusions[0].to: "2026-03-02T09:00" is not after from "2026-03-02T10:00" (line 136)",
      ]
    `);
  });

  it('a document that is not a contract', () => {
    expect(errorsOf('')).toMatchInlineSnapshot(`
      [
        "the contract is empty",
      ]
    `);
    expect(errorsOf('- a\n- b\n')).toMatchInlineSnapshot(`
      [
        "["a","b"] is not a contract (a map of keys to values) (line 1)",
      ]
    `);
    expect(
      errorsOf(edit(/metrics:[\s\S]*(?=\ncredits:)/.exec(EXAMPLE)![0], 'metrics: []\n')),
    ).toMatchInlineSnapshot(`
      [
        "metrics: is an empty list: a contract needs at least one metric (line 24)",
      ]
    `);
  });

  it('reports every mistake at once, in the order of the file', () => {
    const text = edit(
      'threshold: 30s',
      'threshold: 30 sec',
      edit(
        'version: 3',
        'version: 0',
        edit('    target: 8.0\n', '    target: 80%\n', edit('    csat: 30%\n', '    cast: 30%\n')),
      ),
    );
    expect(errorsOf(text)).toMatchInlineSnapshot(`
      [
        "version: 0 is not a whole number of at least 1 (line 5)",
        "metrics[0].threshold: "30 sec" is not a duration (line 29)",
        "metrics[9].target: "80%" is not a number: a mean_score target is a plain score such as 8.0 (for a share of answers use kind top_box) (line 80)",
        "credits.allocation.cast: "cast" is not a metric id of this contract (known: phone-service-level, phone-speed-of-answer, phone-abandonment, email-first-response, chat-acceptance, question-resolution, complaint-resolution, premium-reachability, first-time-right, csat, csat-top-box, nps, quality-monitoring, script-compliance, opening-hours, critical-escalations, privacy) (line 118)",
      ]
    `);
  });

  it('gives the error shape that `contract check --json` prints', () => {
    const r = checkContractText(edit('threshold: 30s', 'threshold: 30 sec'), 'contract.yaml');
    expect(r).toMatchInlineSnapshot(`
      {
        "errors": [
          {
            "line": 29,
            "message": ""30 sec" is not a duration",
            "path": "metrics[0].threshold",
          },
        ],
        "ok": false,
      }
    `);
  });

  it('parseContract works on values too, with paths and no lines', () => {
    const r = parseContract({ contract: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path.join('.'))).toContain('metrics');
  });
});

/** A contract that uses every kind and every variant the explanation has words for. */
const VARIANTS = `contract: variants
version: 1
effective_from: 2026-01-05
effective_to: 2026-12-27
client: C
partner: P
timezone: Europe/Berlin
currency: EUR
monthly_fee: "5200.00"
period: week
calendars:
  office:
    timezone: Europe/Amsterdam
    hours: { mon-fri: "08:00-12:00,13:00-17:00", sat: "22:00-06:00" }
    holidays: { country: DE-BY, types: [public, bank], dates: [2026-12-24] }
    special: { 2026-12-31: "08:00-12:00" }
    closures: [{ from: "2026-06-10T13:00", to: "2026-06-10T15:30" }]
segments:
  vip: { customer_tier: [gold, platinum], channel: [phone, chat] }
metrics:
  - id: a
    kind: service_level
    population: { channel: [phone, chat], segment: vip, priority: [high, urgent] }
    threshold: 1h30m
    target: 99.95%
    abandoned: { count: within_threshold_success }
    split: [language, channel]
    split_targets: { language: { fr: 70% }, channel: { chat: 90% } }
    minimum_sample: 50
  - id: b
    kind: service_level
    threshold: 20s
    target: 80%
    abandoned: { count: exclude_within_threshold, short: 3s }
  - id: c
    kind: service_level
    threshold: 20s
    target: 80%
    abandoned: { count: ignore }
  - id: d
    kind: resolution_time
    threshold: 2d
    target: 90%
    clock: { calendar: office, pause_when: [pending_customer, on_hold], resolution: first }
  - id: e
    kind: average
    measure: handle_time
    target: 5m
  - id: f
    kind: rate
    measure: callback_kept
    target: 90%
  - id: g
    kind: mean_score
    measure: ces
    target: 5.5
    population: { queue: billing }
  - id: h
    kind: top_box
    measure: nps
    box: 1
    target: 40%
  - id: i
    kind: nps
    target: -10
  - id: j
    kind: availability
    calendar: office
    population: { channel: phone }
    target: 99%
  - id: k
    kind: incident_reaction
    threshold: 15m
    target: 95%
    clock: { calendar: office }
  - id: l
    kind: compliance
    target: 1 incident
  - id: m
    kind: abandonment_rate
    target: 3%
credits:
  at_risk: 10%
  allocation: { a: 50%, b: 50% }
bonus: { periods: 4, amount: 2% }
acceptance: { ramp_up: [90%], ends_when: { all_targets_met: 3 } }
escalation:
  - { level: 1, who: ops, when: { missed_periods: 1 }, acknowledge_within: 1d2h }
`;

describe('explain', () => {
  const { contract, digest } = valid(EXAMPLE);
  const sl = contract.metrics[0]!;

  it('puts a metric in plain words with its defaults, in English', () => {
    expect(explainMetric(sl, 'month', 'en')).toBe(
      'phone-service-level — Calls answered within 30 s: at least 80% of inbound phone contacts are answered within 30 s on a 24/7 clock, per language (fr: 70%); abandoned calls count as failures, abandons under 5 s are left out; judged per month.',
    );
  });

  it('speaks Dutch and German', () => {
    expect(explainMetric(sl, 'month', 'nl')).toMatchInlineSnapshot(
      `"phone-service-level — Oproepen binnen 30 s beantwoord: minstens 80% van de inkomende contacten via telefoon wordt binnen 30 s beantwoord, op een 24/7-klok, per taal (fr: 70%); afgebroken gesprekken tellen als niet op tijd beantwoord; wie binnen 5 s afhaakt, telt niet mee; beoordeeld per maand."`,
    );
    expect(explainMetric(sl, 'month', 'de')).toMatchInlineSnapshot(
      `"phone-service-level — Calls answered within 30 s: mindestens 80 % der eingehenden Kontakte per Telefon werden innerhalb von 30 Sek. angenommen, rund um die Uhr gemessen (24/7), je Sprache (fr: 70 %); abgebrochene Anrufe zählen als nicht rechtzeitig angenommen, Abbrüche unter 5 Sek. bleiben unberücksichtigt; bewertet je Monat."`,
    );
    const resolution = contract.metrics.find((m) => m.id === 'complaint-resolution')!;
    expect(
      (['en', 'nl', 'de'] as const).map((lang) =>
        explainMetric(resolution, 'month', lang, contract.calendars),
      ),
    ).toMatchInlineSnapshot(`
      [
        "complaint-resolution: at least 95% of contacts with category complaint are resolved within 48 h on the business hours of calendar standard, pausing while a contact is waiting for the customer; the clock stops at the last resolution (the time between a resolution and a reopening does not count); judged per month.",
        "complaint-resolution: minstens 95% van de contacten met categorie klacht wordt binnen 48 uur opgelost, binnen de openingstijden van kalender standard, waarbij de klok stilstaat bij status ‘wacht op klant’; de klok stopt bij de laatste oplossing (de tijd tussen een oplossing en een heropening telt niet); beoordeeld per maand.",
        "complaint-resolution: mindestens 95 % der Kontakte mit Kategorie Beschwerde werden innerhalb von 48 Std. gelöst, gemessen in den Öffnungszeiten des Kalenders standard, wobei die Uhr im Status „wartet auf Kunden“ ruht; die Uhr stoppt bei der letzten Lösung (die Zeit zwischen einer Lösung und einer Wiedereröffnung zählt nicht); bewertet je Monat.",
      ]
    `);
  });

  it('explains the money rules', () => {
    expect(explainMoney(contract, 'en')).toMatchInlineSnapshot(`
      [
        "Credits: at most 12% of the period fee is at risk (EUR 14,400.00 per month). A missed metric costs its share of that amount: phone-service-level 40%, email-first-response 30%, complaint-resolution 30%, csat 30% and first-time-right 20% (together 150%, pool 200%); the credits of a period never exceed the amount at risk. A result beyond its minimum is a critical miss and costs double: phone-service-level 70%. A charged credit is paid back after 3 met periods in a row (earn-back). Per contract year, credits are capped at 8% of the fees charged.",
        "Bonus: 3% of the period fee (EUR 3,600.00) when, for 3 periods in a row, every judged metric meets its target and every percentage metric beats it by 5 percentage points; paid in the last of those periods, after which the count starts again.",
        "Acceptance: a start-up phase from the first period of version 1. Percentage targets are multiplied by 80% in period 1 and 90% from period 2 on (lower-is-better targets divided by it); the fee is 90% of the period fee and no credits or bonus apply. The phase ends after 2 periods in a row with every full target met, or at the latest after 6 periods.",
      ]
    `);
    expect(explainMoney(contract, 'nl')).toMatchInlineSnapshot(`
      [
        "Boetes: hoogstens 12% van de periodevergoeding staat op het spel (EUR 14.400,00 per maand). Een gemiste norm kost zijn aandeel van dat bedrag: phone-service-level 40%, email-first-response 30%, complaint-resolution 30%, csat 30% en first-time-right 20% (samen 150%, pool 200%); de boetes van een periode komen nooit boven het bedrag dat op het spel staat. Een uitkomst voorbij het minimum is een kritieke misser en kost het dubbele: phone-service-level 70%. Een in rekening gebrachte boete wordt terugbetaald na 3 gehaalde perioden op rij (earn-back). Per contractjaar zijn de boetes begrensd op 8% van de gefactureerde vergoedingen.",
        "Bonus: 3% van de periodevergoeding (EUR 3.600,00) als 3 perioden op rij elke beoordeelde norm gehaald is en elke percentagenorm met 5 procentpunt overtroffen is; uitbetaald in de laatste van die perioden, waarna de telling opnieuw begint.",
        "Acceptatie: een opstartfase vanaf de eerste periode van versie 1. Percentagenormen worden vermenigvuldigd met 80% in periode 1 en 90% vanaf periode 2 (normen waarbij lager beter is, worden erdoor gedeeld); de vergoeding is 90% van de periodevergoeding en er gelden geen boetes of bonus. De fase eindigt na 2 perioden op rij waarin elke volledige norm gehaald is, of uiterlijk na 6 perioden.",
      ]
    `);
    expect(explainMoney(contract, 'de')).toMatchInlineSnapshot(`
      [
        "Vertragsstrafen: höchstens 12 % der Periodenvergütung stehen auf dem Spiel (14.400,00 EUR je Monat). Eine verfehlte Kennzahl kostet ihren Anteil an diesem Betrag: phone-service-level 40 %, email-first-response 30 %, complaint-resolution 30 %, csat 30 % und first-time-right 20 % (zusammen 150 %, Pool 200 %); die Vertragsstrafen einer Periode übersteigen nie den Betrag, der auf dem Spiel steht. Ein Ergebnis jenseits des Minimums ist eine kritische Verfehlung und kostet das Doppelte: phone-service-level 70 %. Eine berechnete Vertragsstrafe wird nach 3 erfüllten Perioden in Folge zurückgezahlt (Earn-back). Je Vertragsjahr sind die Vertragsstrafen auf 8 % der berechneten Vergütungen begrenzt.",
        "Bonus: 3 % der Periodenvergütung (3.600,00 EUR), wenn 3 Perioden in Folge jede bewertete Kennzahl ihr Ziel erreicht und jede Prozent-Kennzahl es um 5 Prozentpunkte übertrifft; ausgezahlt in der letzten dieser Perioden, danach beginnt die Zählung von vorn.",
        "Abnahme: eine Anlaufphase ab der ersten Periode von Version 1. Prozentziele werden mit 80 % in Periode 1 und 90 % ab Periode 2 multipliziert (Ziele, bei denen weniger besser ist, dadurch geteilt); die Vergütung beträgt 90 % der Periodenvergütung, Vertragsstrafen und Bonus entfallen. Die Phase endet nach 2 Perioden in Folge, in denen jedes volle Ziel erreicht wurde, oder spätestens nach 6 Perioden.",
      ]
    `);
  });

  it('explains every metric of every kind in every language', () => {
    for (const lang of ['en', 'nl', 'de'] as const) {
      const text = explainContract(contract, { lang, digest });
      for (const m of contract.metrics) expect(text).toContain(`  ${m.id}`);
      expect(text).toContain(digest);
      expect(text).not.toMatch(/undefined|null|NaN|\[object/);
    }
    expect(explainContract(contract, { lang: 'de' })).toContain('Kennzahlen (17)');
    expect(explainContract(contract, { lang: 'nl' })).toContain('Normen (17)');
  });

  it('says so when a contract has no money rules', () => {
    const { contract: mini } = valid(MINIMAL);
    expect(explainMoney(mini, 'en')).toMatchInlineSnapshot(`
      [
        "Credits: none; a missed target costs nothing.",
        "Bonus: none.",
        "Acceptance: no start-up phase; full fees and credits apply from the first period.",
      ]
    `);
  });

  it('has words for every kind and variant, in every language', () => {
    const { contract: variants } = valid(VARIANTS);
    for (const lang of ['en', 'nl', 'de'] as const) {
      const text = explainContract(variants, { lang });
      expect(text).not.toMatch(/undefined|null|NaN|\[object|\.\.$/m);
    }
    expect(
      (['en', 'nl', 'de'] as const).map((lang) =>
        variants.metrics.map((m) => explainMetric(m, variants.period, lang, variants.calendars)),
      ),
    ).toMatchInlineSnapshot(`
      [
        [
          "a: at least 99.95% of inbound chat or phone contacts in segment vip with priority high or urgent are answered within 1 h 30 min on a 24/7 clock, per language and channel (language fr: 70%, channel chat: 90%); contacts abandoned within 1 h 30 min count as successes, later abandons as failures, there is no short-abandon limit; judged per week when there are at least 50 contacts.",
          "b: at least 80% of all inbound contacts are answered within 20 s on a 24/7 clock; contacts abandoned within 20 s are left out, later abandons count as failures, abandons under 3 s are left out; judged per week.",
          "c: at least 80% of all inbound contacts are answered within 20 s on a 24/7 clock; abandoned contacts are left out; judged per week.",
          "d: at least 90% of all contacts are resolved within 48 h on the business hours of calendar office, pausing while a contact is waiting for the customer or on hold; the clock stops at the first resolution; judged per week.",
          "e: the average handle time of all contacts is at most 5 min; judged per week.",
          "f: callback_kept (yes/no) holds for at least 90% of all contacts where it is known; judged per week.",
          "g: the average CES score is at least 5.5, for contacts with queue billing; judged per week.",
          "h: at least 40% of the NPS answers are the top answer of their scale; judged per week.",
          "i: the NPS (promoters 9–10 minus detractors 0–6, per 100 answers) is at least -10; judged per week.",
          "j: the service is available at least 99% of the open time of calendar office; outages on the phone channel count against it; judged per week.",
          "k: at least 95% of all incidents are acknowledged within 15 min on the business hours of calendar office; judged per week.",
          "l: at most 1 confirmed privacy incident (AVG/GDPR); always judged, per week.",
          "m: at most 3% of all inbound contacts are abandoned; there is no short-abandon limit; judged per week.",
        ],
        [
          "a: minstens 99,95% van de inkomende contacten via chat of telefoon in segment vip met prioriteit hoog of urgent wordt binnen 1 uur 30 min beantwoord, op een 24/7-klok, per taal en kanaal (taal fr: 70%, kanaal chat: 90%); contacten die binnen 1 uur 30 min worden afgebroken tellen als op tijd, later afgebroken contacten als te laat; er is geen grens voor korte afbrekingen; beoordeeld per week bij minstens 50 contacten.",
          "b: minstens 80% van alle inkomende contacten wordt binnen 20 s beantwoord, op een 24/7-klok; contacten die binnen 20 s worden afgebroken tellen niet mee, later afgebroken contacten tellen als te laat; wie binnen 3 s afhaakt, telt niet mee; beoordeeld per week.",
          "c: minstens 80% van alle inkomende contacten wordt binnen 20 s beantwoord, op een 24/7-klok; afgebroken contacten tellen niet mee; beoordeeld per week.",
          "d: minstens 90% van alle contacten wordt binnen 48 uur opgelost, binnen de openingstijden van kalender office, waarbij de klok stilstaat bij status ‘wacht op klant’ of ‘in de wacht’; de klok stopt bij de eerste oplossing; beoordeeld per week.",
          "e: de gemiddelde afhandeltijd van alle contacten is hoogstens 5 min; beoordeeld per week.",
          "f: callback_kept (ja/nee) geldt voor minstens 90% van alle contacten waarvoor dit bekend is; beoordeeld per week.",
          "g: de gemiddelde CES-score is minstens 5,5, voor contacten met wachtrij billing; beoordeeld per week.",
          "h: minstens 40% van de NPS-antwoorden valt in de hoogste waarde van de schaal; beoordeeld per week.",
          "i: de NPS (promotors 9–10 min criticasters 0–6, per 100 antwoorden) is minstens -10; beoordeeld per week.",
          "j: de dienst is minstens 99% van de openingstijd van kalender office bereikbaar; storingen op het kanaal telefoon gaan daarvan af; beoordeeld per week.",
          "k: minstens 95% van alle incidenten wordt binnen 15 min bevestigd, binnen de openingstijden van kalender office; beoordeeld per week.",
          "l: hoogstens 1 bevestigd privacy-incident (AVG); altijd beoordeeld, per week.",
          "m: hoogstens 3% van alle inkomende contacten wordt afgebroken; er is geen grens voor korte afbrekingen; beoordeeld per week.",
        ],
        [
          "a: mindestens 99,95 % der eingehenden Kontakte per Chat oder Telefon im Segment vip mit Priorität hoch oder dringend werden innerhalb von 1 Std. 30 Min. angenommen, rund um die Uhr gemessen (24/7), je Sprache und Kanal (Sprache fr: 70 %, Kanal chat: 90 %); innerhalb von 1 Std. 30 Min. abgebrochene Kontakte zählen als rechtzeitig, später abgebrochene als verspätet, es gibt keine Grenze für Kurzabbrüche; bewertet je Woche ab 50 Kontakten.",
          "b: mindestens 80 % aller eingehenden Kontakte werden innerhalb von 20 Sek. angenommen, rund um die Uhr gemessen (24/7); innerhalb von 20 Sek. abgebrochene Kontakte bleiben unberücksichtigt, später abgebrochene zählen als verspätet, Abbrüche unter 3 Sek. bleiben unberücksichtigt; bewertet je Woche.",
          "c: mindestens 80 % aller eingehenden Kontakte werden innerhalb von 20 Sek. angenommen, rund um die Uhr gemessen (24/7); abgebrochene Kontakte bleiben unberücksichtigt; bewertet je Woche.",
          "d: mindestens 90 % aller Kontakte werden innerhalb von 48 Std. gelöst, gemessen in den Öffnungszeiten des Kalenders office, wobei die Uhr im Status „wartet auf Kunden“ oder „angehalten“ ruht; die Uhr stoppt bei der ersten Lösung; bewertet je Woche.",
          "e: die durchschnittliche Bearbeitungszeit aller Kontakte beträgt höchstens 5 Min.; bewertet je Woche.",
          "f: callback_kept (ja/nein) gilt für mindestens 90 % aller Kontakte, bei denen der Wert bekannt ist; bewertet je Woche.",
          "g: der durchschnittliche CES-Wert beträgt mindestens 5,5, für Kontakte mit Warteschlange billing; bewertet je Woche.",
          "h: mindestens 40 % der NPS-Antworten liegen im obersten Wert ihrer Skala; bewertet je Woche.",
          "i: der NPS (Promotoren 9–10 minus Kritiker 0–6, je 100 Antworten) beträgt mindestens -10; bewertet je Woche.",
          "j: der Service ist mindestens 99 % der Öffnungszeit des Kalenders office erreichbar; Ausfälle im Kanal Telefon werden davon abgezogen; bewertet je Woche.",
          "k: mindestens 95 % aller Vorfälle werden innerhalb von 15 Min. bestätigt, gemessen in den Öffnungszeiten des Kalenders office; bewertet je Woche.",
          "l: höchstens 1 bestätigter Datenschutzvorfall (DSGVO); immer bewertet, je Woche.",
          "m: höchstens 3 % aller eingehenden Kontakte werden abgebrochen; es gibt keine Grenze für Kurzabbrüche; bewertet je Woche.",
        ],
      ]
    `);
    expect((['en', 'nl', 'de'] as const).map((lang) => explainMoney(variants, lang))).toMatchInlineSnapshot(`
      [
        [
          "Credits: at most 10% of the period fee is at risk (EUR 120.00 per week). A missed metric costs its share of that amount: a 50% and b 50% (together 100%, pool 100%); the credits of a period never exceed the amount at risk. Charged credits are not paid back. There is no annual cap.",
          "Bonus: 2% of the period fee (EUR 24.00) when, for 4 periods in a row, every judged metric meets its target; paid in the last of those periods, after which the count starts again.",
          "Acceptance: a start-up phase from the first period of version 1. Percentage targets are multiplied by 90% throughout the phase (lower-is-better targets divided by it); the fee is 100% of the period fee and no credits or bonus apply. The phase ends after 3 periods in a row with every full target met.",
        ],
        [
          "Boetes: hoogstens 10% van de periodevergoeding staat op het spel (EUR 120,00 per week). Een gemiste norm kost zijn aandeel van dat bedrag: a 50% en b 50% (samen 100%, pool 100%); de boetes van een periode komen nooit boven het bedrag dat op het spel staat. In rekening gebrachte boetes worden niet terugbetaald. Er is geen jaarplafond.",
          "Bonus: 2% van de periodevergoeding (EUR 24,00) als 4 perioden op rij elke beoordeelde norm gehaald is; uitbetaald in de laatste van die perioden, waarna de telling opnieuw begint.",
          "Acceptatie: een opstartfase vanaf de eerste periode van versie 1. Percentagenormen worden vermenigvuldigd met 90% gedurende de hele fase (normen waarbij lager beter is, worden erdoor gedeeld); de vergoeding is 100% van de periodevergoeding en er gelden geen boetes of bonus. De fase eindigt na 3 perioden op rij waarin elke volledige norm gehaald is.",
        ],
        [
          "Vertragsstrafen: höchstens 10 % der Periodenvergütung stehen auf dem Spiel (120,00 EUR je Woche). Eine verfehlte Kennzahl kostet ihren Anteil an diesem Betrag: a 50 % und b 50 % (zusammen 100 %, Pool 100 %); die Vertragsstrafen einer Periode übersteigen nie den Betrag, der auf dem Spiel steht. Berechnete Vertragsstrafen werden nicht zurückgezahlt. Es gibt keine Jahresobergrenze.",
          "Bonus: 2 % der Periodenvergütung (24,00 EUR), wenn 4 Perioden in Folge jede bewertete Kennzahl ihr Ziel erreicht; ausgezahlt in der letzten dieser Perioden, danach beginnt die Zählung von vorn.",
          "Abnahme: eine Anlaufphase ab der ersten Periode von Version 1. Prozentziele werden mit 90 % während der gesamten Phase multipliziert (Ziele, bei denen weniger besser ist, dadurch geteilt); die Vergütung beträgt 100 % der Periodenvergütung, Vertragsstrafen und Bonus entfallen. Die Phase endet nach 3 Perioden in Folge, in denen jedes volle Ziel erreicht wurde.",
        ],
      ]
    `);
  });
});
