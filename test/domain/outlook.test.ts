import { describe, expect, it } from 'vitest';
import type { Metric } from '../../src/domain/contract/types.js';
import { outlookOf } from '../../src/domain/evaluation/outlook.js';
import { fromPpm } from '../../src/domain/rational.js';

const metric = (direction: 'higher' | 'lower') => ({ kind: 'service_level', direction }) as Metric;

describe('the outlook of a running period is exact', () => {
  // Floating point gave 0.6000000000000001, 0.8999999999999999 and 0.8500000000000001 for these.
  it.each([
    // target, numerator, denominator, remaining, required share
    [800_000, 1, 1, 1, 0.6],
    [800_000, 2, 2, 2, 0.6],
    [800_000, 2, 3, 4, 0.9],
    [800_000, 3, 4, 2, 0.9],
    [800_000, 3, 4, 4, 0.85],
    [950_000, 0, 0, 20, 0.95],
    [803_000, 7, 10, 10, 0.906],
  ])('target %i ppm, %i of %i so far, %i to come: %d must meet it', (ppm, n, d, r, share) => {
    const o = outlookOf(
      metric('higher'),
      { numerator: n, denominator: d, target: fromPpm(ppm) },
      { remaining: r, basis: 'forecast' },
    );
    expect(o).toEqual({ expectedRemaining: r, basis: 'forecast', requiredShare: share, attainable: true });
  });

  it('lower is better: the largest share that may still fail, exact and within 0 and 1', () => {
    const out = (n: number, d: number, r: number) =>
      outlookOf(
        metric('lower'),
        { numerator: n, denominator: d, target: fromPpm(50_000) },
        {
          remaining: r,
          basis: 'pace',
        },
      );
    // (1 + x) / 20 <= 5% → x <= 0; (0 + x) / 40 <= 5% → x <= 2 of 20 = 0.1.
    expect(out(1, 10, 10)).toMatchObject({ requiredShare: 0, attainable: true });
    expect(out(0, 20, 20)).toMatchObject({ requiredShare: 0.1, attainable: true });
    expect(out(5, 10, 10)).toMatchObject({ requiredShare: 0, attainable: false });
  });

  it('a target out of reach asks for every remaining contact; a secured one for none', () => {
    const higher = (n: number, d: number, r: number) =>
      outlookOf(
        metric('higher'),
        { numerator: n, denominator: d, target: fromPpm(800_000) },
        {
          remaining: r,
          basis: 'pace',
        },
      );
    expect(higher(0, 10, 10)).toMatchObject({ requiredShare: 1, attainable: false });
    expect(higher(10, 10, 2)).toMatchObject({ requiredShare: 0, attainable: true });
    expect(higher(3, 10, 0)).toMatchObject({ requiredShare: 1, attainable: false });
  });
});
