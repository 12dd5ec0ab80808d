import { describe, expect, it } from 'vitest';
import { parseQuantity } from './quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['2', 2],
    ['500m', 0.5],
    ['1Ki', 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1e3', 1000],
    ['128M', 128e6],
    ['abc', undefined],
    ['1Qi', undefined],
  ])('reads %s as %s', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });
});
