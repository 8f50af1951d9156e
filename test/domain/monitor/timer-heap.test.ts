import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap } from '../../../src/domain/monitor/timer-heap.js';

type Op =
  | { readonly op: 'set'; readonly key: number; readonly at: number }
  | { readonly op: 'delete'; readonly key: number };

const ops = fc.array(
  fc.oneof(
    fc.record({
      op: fc.constant('set' as const),
      key: fc.integer({ min: 0, max: 30 }),
      at: fc.integer({ min: -1000, max: 1000 }),
    }),
    fc.record({ op: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 30 }) }),
  ),
  { maxLength: 300 },
);

/** What the heap must hold after the operations: the last instant set per key, unless deleted since. */
function model(list: readonly Op[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of list) {
    if (o.op === 'set') m.set(String(o.key), o.at);
    else m.delete(String(o.key));
  }
  return m;
}

describe('TimerHeap', () => {
  it('yields instants in order, each key once, with its last instant (property)', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const heap = new TimerHeap<number>();
        for (const o of list) {
          if (o.op === 'set') heap.set(String(o.key), o.at, o.at);
          else heap.delete(String(o.key));
        }
        const expected = model(list);
        expect(heap.size).toBe(expected.size);
        const out: [string, number][] = [];
        for (let e = heap.pop(); e !== undefined; e = heap.pop()) {
          expect(e.value).toBe(e.at);
          out.push([e.key, e.at]);
        }
        for (let i = 1; i < out.length; i++) expect(out[i]![1]).toBeGreaterThanOrEqual(out[i - 1]![1]);
        expect(new Map(out)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('popDue takes exactly the entries at or before now, earliest first (property)', () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: -1000, max: 1000 }), (list, now) => {
        const heap = new TimerHeap<null>();
        for (const o of list) {
          if (o.op === 'set') heap.set(String(o.key), o.at, null);
          else heap.delete(String(o.key));
        }
        const expected = [...model(list).values()].filter((at) => at <= now).sort((a, b) => a - b);
        expect(heap.popDue(now).map((e) => e.at)).toEqual(expected);
        const head = heap.peek();
        if (head !== undefined) expect(head.at).toBeGreaterThan(now);
      }),
      { numRuns: 300 },
    );
  });

  it('moves a key earlier and later', () => {
    const heap = new TimerHeap<string>();
    heap.set('a', 10, 'a');
    heap.set('b', 20, 'b');
    heap.set('b', 5, 'b2');
    expect(heap.peek()).toEqual({ key: 'b', at: 5, value: 'b2' });
    heap.set('b', 30, 'b3');
    expect(heap.peek()?.key).toBe('a');
    expect(heap.delete('a')).toBe(true);
    expect(heap.delete('a')).toBe(false);
    expect(heap.pop()).toEqual({ key: 'b', at: 30, value: 'b3' });
    expect(heap.pop()).toBeUndefined();
  });
});
