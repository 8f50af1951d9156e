/**
 * The queue of inbound calls and chats, as the kinds that judge it (service level, average speed of answer
 * and wait, abandonment rate) read it: whether and how a contact had left the queue by asOf.
 */
import type { ContactColumns, EvaluationData, InstantColumn } from '../evaluation/columns.js';

/** The direction code of inbound contacts: only they wait in a queue. */
export function inboundCode(data: EvaluationData): number {
  return data.directions.find('inbound');
}

/** How a contact left the queue: read one contact with `left`, then `at` and `answered` say when and how. */
export class QueueExit {
  /** When the contact last read left the queue. */
  at = 0;
  /** Whether it was answered (else abandoned). */
  answered = false;
  private readonly answeredAt: InstantColumn;
  private readonly abandonedAt: InstantColumn;

  constructor(
    contacts: ContactColumns,
    private readonly asOf: number,
  ) {
    this.answeredAt = contacts.answeredAt;
    this.abandonedAt = contacts.abandonedAt;
  }

  /**
   * Whether contact i left the queue at or before asOf. A known answer decides, even with an abandon beside
   * it: a contact answered after asOf was still waiting then.
   */
  left(i: number): boolean {
    const answered = this.answeredAt.get(i);
    if (!Number.isNaN(answered)) {
      if (answered > this.asOf) return false;
      this.at = answered;
      this.answered = true;
      return true;
    }
    const abandoned = this.abandonedAt.get(i);
    if (!(abandoned <= this.asOf)) return false; // (NaN: neither answered nor abandoned yet)
    this.at = abandoned;
    this.answered = false;
    return true;
  }
}

/**
 * Whether contact i was abandoned in the queue (abandoned, never answered): it never reached the partner,
 * so there is no reply or resolution to time.
 */
export function abandonedInQueue(contacts: ContactColumns, i: number): boolean {
  return !Number.isNaN(contacts.abandonedAt.get(i)) && Number.isNaN(contacts.answeredAt.get(i));
}
