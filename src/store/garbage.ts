/**
 * Garbage collections the period reader asks for, where the runtime would otherwise leave tens of MB
 * behind (measured on a month of 1,000,000 contacts; bench/RESULTS.md, B7):
 *
 * - `minor` while blocks are read: the driver hands every piece of a body over in a buffer of its own,
 *   which the C allocator holds until a collection finds it dead, and V8 waits for 64 MB of such memory
 *   before it collects for it; the allocator then keeps what it had to grab. Reading a month's contact
 *   blocks alone grew the `[heap]` mapping from 2 to 40 MB, and to 13 MB with a young-generation
 *   collection per 3 MB read (about a millisecond each: the buffers are young and dead by then).
 * - `major` after a large read: the read's own working memory (the block buffers, the days' key maps,
 *   the index of the keys) is garbage by then, and without a collection the evaluation that follows
 *   allocates on top of it: the process peaked at about 295 MB instead of 275 (the collection takes
 *   about 30 ms). And after each day built into blocks: the day's rows and blocks, promoted by then,
 *   made the first read after an import swing between 230 and 320 MB (PostgreSQL), 286 MB at most with
 *   the collection.
 *
 * `gc` is V8's, which it gives to a context made after `--expose-gc` is set (as jest-leak-detector gets
 * it); where that fails, nothing is collected and only memory is lost.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = (options?: { type: 'minor' }) => void;

let gc: Gc | null | undefined;

export function collectGarbage(type: 'minor' | 'major'): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as Gc;
    } catch {
      gc = null;
    }
  }
  // Without options `gc` is V8's full, forced collection: `{ type: 'major' }` (Node 20) leaves what a
  // weak reference or a buffer just dropped points to (measured: test/store/garbage.test.ts).
  if (type === 'minor') gc?.({ type });
  else gc?.();
}
