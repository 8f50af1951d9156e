/**
 * What the contract, close, staffing and live pages share: their wording, the periods of a contract (the
 * domain's own period reader, so the browser names periods as the server does), and the formatting of a
 * metric's value by its target's unit and of the API's money strings.
 */
import { useParams } from 'react-router';
import { type Period, periodContainingDay } from '../../../src/domain/period.js';
import { dayNumberFromIso, localDayOf } from '../../../src/domain/time/zone.js';
import type { CanonicalContract, CanonicalMetric, Contract } from '../api/types.js';
import { VerdictBadge, type VerdictKind } from '../components/Status.js';
import { CONTRACT_MESSAGES } from '../i18n/contract.js';
import { type I18n, useI18n } from '../i18n/index.js';
import { useSession } from '../session.js';

export function useContractI18n(): I18n & { m: (typeof CONTRACT_MESSAGES)['en'] } {
  const i = useI18n();
  return { ...i, m: CONTRACT_MESSAGES[i.lang] };
}

/** The contract id of the address. */
export function useContractId(): string {
  return useParams().contract ?? '';
}

/** The side the caller acts for, when its role may act (sign, close, decide disputes). */
export function useSide(): 'client' | 'partner' | null {
  const role = useSession().session?.role as string | undefined;
  if (role === 'client-admin') return 'client';
  if (role === 'partner-admin') return 'partner';
  return null;
}

/** The periods of the contract's kind: the running one and the `n` ended before it, latest first. */
export function periodsOf(c: CanonicalContract, firstDay: string, now: number, n: number) {
  const running = periodContainingDay(c.period, localDayOf(c.timezone, now), c.timezone);
  const ended: Period[] = [];
  const first = dayNumberFromIso(firstDay);
  for (let p = running; ended.length < n; ) {
    p = periodContainingDay(c.period, p.firstDay - 1, c.timezone);
    if (p.endDay <= first) break;
    ended.push(p);
  }
  return { running, ended };
}

/** The first day of the contract's life: the earliest `effective_from` of a signed version. */
export function lifeStart(c: Contract): string | undefined {
  return c.versions
    .filter((v) => v.status === 'signed' && v.effectiveFrom !== null)
    .map((v) => v.effectiveFrom!)
    .sort()[0];
}

/** A metric's title in the language, else its id. */
export function metricTitle(m: CanonicalMetric | undefined, id: string, lang: 'en' | 'nl' | 'de'): string {
  return m?.title?.[lang] ?? m?.title?.en ?? id;
}

export function useFormatValue() {
  const { fmt } = useI18n();
  return (m: CanonicalMetric | undefined, v: number | null | undefined): string => {
    if (v === null || v === undefined) return '–';
    switch (m?.target.unit) {
      case 'percent':
        return fmt.percent(v, 1);
      case 'duration':
        return fmt.duration(v * 1000);
      case 'count':
        return fmt.number(v, 0);
      default:
        return fmt.number(v, 2);
    }
  };
}

/** "90000.00" → cents. */
export const cents = (amount: string): number => Math.round(Number(amount) * 100);

export function useMoney(currency: string) {
  const { fmt } = useI18n();
  return (amount: string | null | undefined) => (amount == null ? '–' : fmt.money(cents(amount), currency));
}

/** A difference with its sign always shown. */
export function useSignedMoney(currency: string) {
  const { fmt } = useI18n();
  return (amount: string) => {
    const c = cents(amount);
    return c > 0 ? `+${fmt.money(c, currency)}` : fmt.money(c, currency);
  };
}

export function Verdict({ verdict }: { verdict: string | undefined }) {
  const kind: VerdictKind =
    verdict === 'met'
      ? 'met'
      : verdict === 'missed'
        ? 'missed'
        : verdict === 'at_risk'
          ? 'at_risk'
          : 'not_judged';
  return <VerdictBadge verdict={kind} />;
}
