/**
 * A version that takes effect before the day both parties have signed it (contract.md, Versions: the
 * version in force at a period's start judges it) judges again the periods from its `effective_from` that an
 * earlier version judged already: figures people have seen, maybe invoiced, change. That is allowed, but
 * never silently: the diff and the sign-off answer say so.
 */
export interface ContractWarning {
  readonly code: 'retroactive';
  readonly message: string;
}

export interface RetroactiveCase {
  readonly version: number;
  readonly effectiveFrom: string;
  /** The earlier version whose judgements change; null for a first version (nothing was judged). */
  readonly earlier: number | null;
  /** The day (YYYY-MM-DD, in the contract's time zone) both parties signed it, or today while unsigned. */
  readonly day: string;
  /** Whether both parties have signed it (on `day`). */
  readonly signed: boolean;
}

export function retroactiveWarning(c: RetroactiveCase): ContractWarning | undefined {
  if (c.earlier === null || c.earlier >= c.version || c.effectiveFrom >= c.day) return undefined;
  const rejudged = `periods from ${c.effectiveFrom} that version ${c.earlier} judged already are judged again under version ${c.version}`;
  return {
    code: 'retroactive',
    message: c.signed
      ? `version ${c.version} takes effect on ${c.effectiveFrom}, before ${c.day}, the day both parties signed it: ${rejudged}`
      : `version ${c.version} takes effect on ${c.effectiveFrom}, before today (${c.day}): once both parties have signed it, ${rejudged}`,
  };
}
