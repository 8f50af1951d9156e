/**
 * The monitor's one priority queue: every pending instant that matters (a contact's at-risk point or
 * deadline, an alert's acknowledge-by) keyed by a string, ordered by instant. An indexed binary min-heap:
 * the head is read in O(1), and setting, moving or removing a key is O(log n), so a status change that
 * moves a deadline costs a few comparisons and the monitor arms one timer, for the head.
 */
export interface TimerEntry<T> {
  readonly key: string;
  readonly at: number;
  readonly value: T;
}

export class TimerHeap<T> {
  private readonly items: { key: string; at: number; value: T }[] = [];
  private readonly positions = new Map<string, number>();

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  /** The entry with the earliest instant (ties: any), or undefined when empty. */
  peek(): TimerEntry<T> | undefined {
    return this.items[0];
  }

  /** Adds `key` at `at`, or moves it there (and replaces its value) when it is already queued. */
  set(key: string, at: number, value: T): void {
    const pos = this.positions.get(key);
    if (pos === undefined) {
      this.items.push({ key, at, value });
      this.positions.set(key, this.items.length - 1);
      this.up(this.items.length - 1);
      return;
    }
    const item = this.items[pos]!;
    const earlier = at < item.at;
    item.at = at;
    item.value = value;
    if (earlier) this.up(pos);
    else this.down(pos);
  }

  delete(key: string): boolean {
    const pos = this.positions.get(key);
    if (pos === undefined) return false;
    this.removeAt(pos);
    return true;
  }

  /** Removes and returns the head. */
  pop(): TimerEntry<T> | undefined {
    if (this.items.length === 0) return undefined;
    const head = this.items[0]!;
    this.removeAt(0);
    return head;
  }

  /** Removes and returns every entry due at or before `now`, earliest first. */
  popDue(now: number): TimerEntry<T>[] {
    const due: TimerEntry<T>[] = [];
    while (this.items.length > 0 && this.items[0]!.at <= now) due.push(this.pop()!);
    return due;
  }

  private removeAt(pos: number): void {
    const items = this.items;
    const removed = items[pos]!;
    const last = items.pop()!;
    this.positions.delete(removed.key);
    if (pos === items.length) return;
    items[pos] = last;
    this.positions.set(last.key, pos);
    this.up(pos);
    this.down(this.positions.get(last.key)!);
  }

  private up(pos: number): void {
    const items = this.items;
    const item = items[pos]!;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = items[parent]!;
      if (p.at <= item.at) break;
      items[pos] = p;
      this.positions.set(p.key, pos);
      pos = parent;
    }
    items[pos] = item;
    this.positions.set(item.key, pos);
  }

  private down(pos: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[pos]!;
    for (;;) {
      const left = 2 * pos + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && items[right]!.at < items[left]!.at ? right : left;
      const c = items[child]!;
      if (c.at >= item.at) break;
      items[pos] = c;
      this.positions.set(c.key, pos);
      pos = child;
    }
    items[pos] = item;
    this.positions.set(item.key, pos);
  }
}
