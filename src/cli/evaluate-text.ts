/**
 * The text output of `accord evaluate`: the evaluate document of interfaces.md as people read it, worded by
 * src/locales. It says what the JSON says and nothing else: a provisional period and its estimate, the
 * acceptance phase (which period of it, the ramp-up, the reduced fee, why no credits), every money line,
 * and with `--breaches` the records that count against a metric.
 */
import type { Contract, Lang, MetricKind } from '../domain/contract/types.js';
import { periodFee, rampUpPpm } from '../domain/evaluation/settlement.js';
import { isPercentageKind } from '../domain/kpis/index.js';
import { formatCents } from '../domain/money.js';
import { formatPercent } from '../domain/percent.js';
import { parsePeriod } from '../domain/period.js';
import { formatInstant } from '../domain/time/instant.js';
import { LOCALES } from '../locales/index.js';
import type { PeriodDocument } from '../services/closing.service.js';
import { signedAmount } from './output.js';

/** A value as people read it: percentages for percentage kinds, seconds for averages, plain otherwise. */
function display(value: number | null, kind: MetricKind, decimal: string): string {
  if (value === null) return '—';
  let text: string;
  if (isPercentageKind(kind)) text = `${(value * 100).toFixed(1)}%`;
  else if (kind === 'average') text = `${value.toFixed(1)} s`;
  else if (kind === 'compliance') text = String(value);
  else text = value.toFixed(2);
  return text.replace('.', decimal);
}

/** Ids wrapped into indented lines of at most about 100 characters. */
function wrapIds(ids: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const id of ids) {
    const next = line === '' ? id : `${line}, ${id}`;
    if (line !== '' && indent.length + next.length > 100) {
      lines.push(`${indent}${line},`);
      line = id;
    } else line = next;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

type Row = PeriodDocument['metrics'][number] & { breaches?: readonly string[] };

/** The evaluate document as text lines, in the given language. */
export function evaluationText(
  doc: PeriodDocument & { warnings: readonly unknown[] },
  versions: readonly Contract[],
  lang: Lang = 'en',
): string {
  const t = LOCALES[lang].evaluation;
  const decimal = LOCALES[lang].decimal;
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  const first = sorted[0]!;
  const latest = sorted[sorted.length - 1]!;
  const judgedBy = versions.find((v) => v.version === doc.version) ?? latest;
  const zone = judgedBy.timezone;
  const period = parsePeriod(doc.period, zone);
  const metrics = new Map(judgedBy.metrics.map((m) => [m.id, m]));
  const currency = doc.credits?.currency ?? judgedBy.currency;

  const lines = [
    t.header({ contract: doc.contract, version: doc.version, period: doc.period, asOf: doc.asOf }),
  ];
  if (doc.provisional && period)
    lines.push(t.provisional({ period: doc.period, end: formatInstant(period.end, zone) }));

  // The acceptance phase: which period of it, the ramp-up, the reduced fee, why no credits.
  const acceptance = doc.acceptance;
  const terms = first.acceptance ?? judgedBy.acceptance;
  let factorPpm: number | null = null;
  if (acceptance.phase === 'acceptance' && terms) {
    factorPpm = rampUpPpm(first, judgedBy, acceptance.period);
    if (factorPpm === 1_000_000) factorPpm = null;
    // The full fee of a judgement period (a week in a monthly contract has no money).
    const fullFee = doc.statement ? periodFee(judgedBy, judgedBy.period) : null;
    const credited = judgedBy.credits?.allocationPpm ?? {};
    lines.push(
      t.acceptance({
        period: acceptance.period,
        longStop: terms.longStop,
        factor: factorPpm === null ? null : formatPercent(factorPpm),
        feeShare: formatPercent(terms.feePpm),
        fullFee: fullFee === null ? null : formatCents(fullFee),
        fee: doc.statement?.fee ?? null,
        currency,
        uncharged: Object.entries(doc.verdicts)
          .filter(([id, v]) => v === 'missed' && credited[id] !== undefined)
          .map(([id]) => id),
      }),
    );
  }
  lines.push('');

  for (const m of doc.metrics as readonly Row[]) {
    const split = m.split
      ? ` [${Object.entries(m.split)
          .map(([k, v]) => `${k}=${v ?? '?'}`)
          .join(', ')}]`
      : '';
    const metric = metrics.get(m.id);
    const kind = metric?.kind ?? 'rate';
    const status = m.judged ? (m.met ? t.met : t.missed) : t.notJudged(m.reason ?? '');
    // A ramped percentage target: the full target it came from (× factor, or ÷ for lower-is-better).
    let ramped = '';
    if (factorPpm !== null && metric && isPercentageKind(kind)) {
      const f = factorPpm / 1_000_000;
      const full = metric.direction === 'higher' ? m.target / f : m.target * f;
      ramped = `  ${t.fullTarget(display(full, kind, decimal))}`;
    }
    lines.push(
      `  ${(m.id + split).padEnd(44)} ${display(m.value, kind, decimal).padStart(9)}  ${t.target} ${display(m.target, kind, decimal).padStart(7)}  ${status}${ramped}`,
    );
    if (m.breaches !== undefined) {
      lines.push(`      ${t.breaches(m.breaches.length)}`);
      lines.push(...wrapIds(m.breaches, '        '));
    }
  }

  const s = doc.statement;
  if (s) {
    lines.push(
      '',
      `  ${t.statement({
        fee: s.fee,
        credits: signedAmount(s.credits, '−'),
        earnBack: signedAmount(s.earnBack, '+'),
        bonus: signedAmount(s.bonus, '+'),
        payable: s.payable,
        currency,
        estimate: doc.provisional === true,
      })}`,
    );
    for (const l of doc.credits?.lines ?? []) lines.push(`    ${t.credit(l.metric, l.amount, l.rule)}`);
    for (const c of doc.credits?.caps ?? []) lines.push(`    ${t.cap(c.rule, c.before, c.after)}`);
    for (const l of doc.earnBack?.lines ?? []) lines.push(`    ${t.earnBack(l.metric, l.amount, l.rule)}`);
    if (doc.bonus?.earned) lines.push(`    ${t.bonusEarned(doc.bonus.amount, doc.bonus.streak)}`);
    for (const a of doc.adjustments ?? [])
      lines.push(`    ${t.adjustment(a.period, signedAmount(a.amount, '+'))}`);
    const net = (s as { payableAfterAdjustments?: string }).payableAfterAdjustments;
    if (net !== undefined) lines.push(`  ${t.payableAfterAdjustments(net, currency)}`);
  } else if (period && period.kind !== judgedBy.period) {
    lines.push('', `  ${t.figuresOnly(doc.period)}`);
  }
  if (doc.warnings.length > 0) lines.push('', `  ${t.warnings(doc.warnings.length)}`);
  return lines.join('\n');
}
