/**
 * The collections the period reader asks for (src/store/garbage.ts) free what is dead: memory held by
 * buffers nothing refers to any more is given back, young (a minor collection) and old (a major one).
 */
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/store/garbage.js';

const MB = 2 ** 20;

/** Array buffer memory, once the sweeping that follows a collection has caught up (it may run apart). */
async function arrayBuffersSettled(below: number): Promise<number> {
  let now = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 200 && now >= below; i++) {
    await new Promise((r) => setTimeout(r, 10));
    now = process.memoryUsage().arrayBuffers;
  }
  return now;
}

/** A weak reference to a buffer nothing else refers to, once the job that made it is over. */
async function dropped(): Promise<WeakRef<Uint8Array>> {
  const ref = new WeakRef(new Uint8Array(MB));
  await new Promise((r) => setTimeout(r, 0));
  return ref;
}

describe('garbage collection on request', () => {
  it('frees young buffers nothing refers to (minor)', async () => {
    const before = process.memoryUsage().arrayBuffers;
    // As the driver hands pieces over: 64 KiB buffers, each dropped once copied.
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += Buffer.alloc(64 * 1024, 1)[i]!;
    expect(sum).toBe(512);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThan(16 * MB);
    collectGarbage('minor');
    expect(await arrayBuffersSettled(before + 8 * MB)).toBeLessThan(before + 8 * MB);
  });

  it('frees what nothing refers to, old as well (major)', async () => {
    const ref = await dropped();
    // Two young-generation collections survived: the buffer is old now.
    collectGarbage('minor');
    collectGarbage('minor');
    collectGarbage('major');
    expect(ref.deref()).toBeUndefined();
  });
});
