import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.ts';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted

  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [0, 1],
  ])('P%d of 1..100 is the measured value %d (nearest rank)', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
  ])('of %j is %d', (samples, expected) => {
    expect(median(samples)).toBe(expected);
  });
});

describe('summarize', () => {
  it('reports min, max, mean and the coefficient of variation', () => {
    const s = summarize([10, 20, 30]);
    expect(s).toMatchObject({ count: 3, min: 10, median: 20, max: 30, mean: 20 });
    expect(s.cv).toBeCloseTo(0.5, 5); // sample standard deviation 10 over mean 20
  });

  it('has no spread for one sample', () => {
    expect(summarize([5]).cv).toBe(0);
  });
});
