import { describe, expect, it } from 'vitest';
import { parseQuantity, QuantityError } from './parse-quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['100m', 100],
    ['1', 1000],
    ['0.1', 100],
    ['1.5', 1500],
    ['.5', 500],
    ['2k', 2_000_000],
    ['1e3', 1_000_000],
    ['1E3', 1_000_000],
    ['1Ki', 1024 * 1000],
    ['512Mi', 512 * 2 ** 20 * 1000],
    ['1Gi', 2 ** 30 * 1000],
    ['1G', 1e9 * 1000],
    ['1.5Gi', 1.5 * 2 ** 30 * 1000],
    ['1n', 1],
    ['1500u', 2],
    ['-1', -1000],
    [2, 2000],
    [0.25, 250],
  ])('reads %j as %d thousandths, exactly and rounded up', (text, millis) => {
    expect(parseQuantity(text)).toBe(millis);
  });

  it.each(['', 'abc', '1Q', '1 Gi', '--1', '1.2.3', 'Mi'])('rejects %j', (text) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
    expect(() => parseQuantity(text)).toThrow(/quantities must match the regular expression/);
  });
});
