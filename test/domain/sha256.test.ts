import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pureSha256, sha256Hex } from '../../src/domain/sha256.js';
import { nodeSha256 } from '../../src/ingest/sha256.js';

const native = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('the pure SHA-256 agrees with node:crypto', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('the FIPS 180-4 example %j', (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
  });

  it('on every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(pureSha256().update(bytes).digest(), `length ${n}`).toBe(native(bytes));
    }
  });

  it('on random strings (UTF-8, astral characters) and random byte chunks fed in pieces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(native(text));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 8 }), (chunks) => {
        const pure = pureSha256();
        const node = nodeSha256();
        for (const c of chunks) {
          pure.update(c);
          node.update(c);
        }
        const all = Buffer.concat(chunks);
        expect(pure.digest()).toBe(native(all));
        expect(node.digest()).toBe(native(all));
      }),
      { numRuns: 300 },
    );
  });

  it('a million bytes', () => {
    const bytes = new Uint8Array(1_000_000).fill(0x61);
    expect(pureSha256().update(bytes).digest()).toBe(native(bytes));
  });
});
