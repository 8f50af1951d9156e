import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOverdue, listedIn, requiredPlans } from '../../src/domain/action-plans.js';
import { canonicalJson } from '../../src/domain/contract/canonical.js';
import { formatContractError } from '../../src/domain/contract/check.js';
import { explainContract } from '../../src/domain/contract/explain.js';
import type { Contract } from '../../src/domain/contract/types.js';
import { parsePeriod } from '../../src/domain/period.js';
import { checkContractText } from '../../src/ingest/contract-text.js';
import { at } from '../support/calendars.js';

const EXAMPLE = readFileSync(resolve(import.meta.dirname, '../../examples/contract.yaml'), 'utf8');
const ZONE = 'Europe/Amsterdam';

function edit(from: string, to: string, text = EXAMPLE): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}
function check(text: string): { contract?: Contract; errors: string[] } {
  const r = checkContractText(text, 'contract.yaml');
  return r.ok ? { contract: r.contract, errors: [] } : { errors: r.errors.map(formatContractError) };
}
const WITH_PLANS = edit(
  '    target: 8.0\n    minimum_sample: 30',
  '    target: 8.0\n    minimum_sample: 30\n    action_plan: { when: below_minimum, minimum: 7.5, due_within: 10d }',
  edit(
    '    split_targets: { language: { fr: 70% } } # optional: another target for one value',
    '    split_targets: { language: { fr: 70% } } # optional: another target for one value\n    action_plan: { when: missed, due_within: 10d }',
  ),
);
const planned = () => {
  const { contract, errors } = check(WITH_PLANS);
  expect(errors).toEqual([]);
  return contract!;
};
const period = (name: string) => parsePeriod(name, ZONE)!;

describe('action_plan in the contract', () => {
  it('reads the rule, leaves the canonical form of a metric without one as it was, and explains it', () => {
    const c = planned();
    const sl = c.metrics.find((m) => m.id === 'phone-service-level')!;
    expect(sl.actionPlan).toEqual({ when: 'missed', dueWithinMs: 10 * 86_400_000, minimum: null });
    expect(c.metrics.find((m) => m.id === 'csat')!.actionPlan?.minimum).toEqual({
      unit: 'number',
      value: 7.5,
    });
    expect(canonicalJson(check(EXAMPLE).contract!)).not.toContain('actionPlan');
    expect(explainContract(c)).toContain(
      'an action plan is required when it misses its target in a period, due 10 days after the period ends.',
    );
    expect(explainContract(c)).toContain('falls below 7.5 in a period');
    expect(explainContract(c, { lang: 'nl' })).toContain(
      'een actieplan is vereist wanneer de norm in een periode niet wordt gehaald, uiterlijk 10 dagen na het einde van de periode',
    );
    expect(explainContract(c, { lang: 'de' })).toContain(
      'ein Maßnahmenplan ist erforderlich, wenn das Ziel in einer Periode verfehlt wird, fällig 10 Tage nach Periodenende',
    );
  });

  it('refuses a rule without when or due_within, an unknown condition, and below_minimum without a level', () => {
    const bad = (rule: string) =>
      check(
        edit(
          '    target: 8.0\n    minimum_sample: 30',
          `    target: 8.0\n    minimum_sample: 30\n    action_plan: ${rule}`,
        ),
      ).errors;
    expect(bad('{ due_within: 10d }')[0]).toMatch(/metrics\[\d+\]\.action_plan\.when: is required/);
    expect(bad('{ when: missed }')[0]).toMatch(/due_within: is required/);
    expect(bad('{ when: late, due_within: 10d }')[0]).toMatch(/"late" is not a condition/);
    expect(bad('{ when: below_minimum, due_within: 10d }')[0]).toMatch(
      /action_plan\.when: below_minimum needs a minimum: write action_plan\.minimum .* or credits\.minimum\.csat/,
    );
    expect(bad('{ when: missed, minimum: 7, due_within: 10d }')[0]).toMatch(
      /minimum: applies to when: below_minimum only/,
    );
  });
});

const judged = (
  rows: { id: string; value: number | null; judged?: boolean }[],
  verdicts: Record<string, string>,
  provisional = false,
) => ({
  provisional,
  verdicts,
  metrics: rows.map((r) => ({ id: r.id, value: r.value, judged: r.judged ?? true })),
});

describe('requiredPlans', () => {
  it('opens one plan per metric whose rule the ended period triggers, due within the days after its end', () => {
    const c = planned();
    const plans = requiredPlans(
      c,
      period('2026-10'),
      judged(
        [
          { id: 'phone-service-level', value: 0.7 },
          { id: 'csat', value: 7.4 },
        ],
        { 'phone-service-level': 'missed', csat: 'missed' },
      ),
    );
    expect(plans).toEqual([
      {
        metric: 'phone-service-level',
        period: '2026-10',
        when: 'missed',
        dueDate: '2026-11-10',
        trigger: 'phone-service-level|2026-10',
      },
      {
        metric: 'csat',
        period: '2026-10',
        when: 'below_minimum',
        dueDate: '2026-11-10',
        trigger: 'csat|2026-10',
      },
    ]);
  });

  it('opens none for a met or unjudged metric, a value at the minimum, a provisional period or a week', () => {
    const c = planned();
    const rows = [
      { id: 'phone-service-level', value: 0.85 },
      { id: 'csat', value: 7.5 },
    ];
    expect(requiredPlans(c, period('2026-10'), judged(rows, { 'phone-service-level': 'met' }))).toEqual([]);
    expect(
      requiredPlans(
        c,
        period('2026-10'),
        judged([{ id: 'csat', value: 2, judged: false }], { csat: 'unjudged' }),
      ),
    ).toEqual([]);
    expect(
      requiredPlans(c, period('2026-10'), judged(rows, { 'phone-service-level': 'missed' }, true)),
    ).toEqual([]);
    expect(requiredPlans(c, period('2026-W44'), judged(rows, { 'phone-service-level': 'missed' }))).toEqual(
      [],
    );
  });
});

describe('overdue and carried actions', () => {
  it('is overdue from local midnight after the due date while open', () => {
    const a = { status: 'open' as const, dueDate: '2026-11-10' };
    expect(isOverdue(a, ZONE, at('2026-11-10T23:59:59+01:00'))).toBe(false);
    expect(isOverdue(a, ZONE, at('2026-11-11T00:00:00+01:00'))).toBe(true);
    expect(isOverdue({ ...a, status: 'done' }, ZONE, at('2026-12-01T00:00:00Z'))).toBe(false);
    expect(isOverdue({ ...a, dueDate: null }, ZONE, at('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('lists an action from its period until the period in which it is closed', () => {
    const of = (n: string) => parsePeriod(n, ZONE);
    const open = { period: '2026-10', closedAt: null };
    expect(['2026-09', '2026-10', '2026-11', '2027-03'].map((p) => listedIn(open, period(p), of))).toEqual([
      false,
      true,
      true,
      true,
    ]);
    const closed = { period: '2026-10', closedAt: at('2026-12-15T10:00:00Z') };
    expect(['2026-10', '2026-11', '2026-12', '2027-01'].map((p) => listedIn(closed, period(p), of))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('property: a listed open action stays listed in every later period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (a, b) => {
        const name = (i: number) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
        const of = (n: string) => parsePeriod(n, ZONE);
        const item = { period: name(a), closedAt: null };
        expect(listedIn(item, period(name(b)), of)).toBe(b >= a);
      }),
    );
  });
});
