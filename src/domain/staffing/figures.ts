/** What a queue model says about one interval staffed with a given number of agents. */
export interface QueueFigures {
  readonly agents: number;
  /**
   * Share of offered contacts answered within the threshold T. For Erlang A abandoned contacts count as
   * failures, like the contract's default `abandoned: as_failure` (kpis.md).
   */
  readonly serviceLevel: number;
  /** Average speed of answer of answered contacts, seconds; Infinity when the queue is unstable. */
  readonly asa: number;
  /** Share of agent time spent handling contacts. */
  readonly occupancy: number;
  /** Probability that an arriving contact finds every agent busy. */
  readonly probabilityOfWaiting: number;
  /** Probability that a contact abandons (Erlang A); null for Erlang C. */
  readonly abandonment: number | null;
  /** Erlang C is defined only for N > A; false means the queue grows without bound. */
  readonly stable: boolean;
}

/** The queue model: Erlang C (infinitely patient callers) or Erlang A (exponential patience). */
export type StaffingModel =
  | { readonly kind: 'erlang-c' }
  | {
      readonly kind: 'erlang-a';
      /** Mean patience θ⁻¹ in seconds. */
      readonly patienceSeconds: number;
    };

export const ERLANG_C: StaffingModel = { kind: 'erlang-c' };
