import { describe, expect, it } from 'vitest';
import { DomainConversionError } from './domain-conversion-error.ts';
import { parseQuantity } from './parse-quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['128Mi', 134217728],
    ['1Gi', 1073741824],
    ['1.5Gi', 1610612736],
    ['1G', 1e9],
    ['500M', 5e8],
    ['2k', 2000],
    ['64Ki', 65536],
    ['134217728', 134217728],
    [134217728, 134217728],
    ['1e9', 1e9],
    ['2', 2],
    ['1500m', 2],
    ['100m', 1],
    ['0.5', 1],
    [' 3 ', 3],
    ['0', 0],
  ] as const)('reads %j as %d whole units, rounding up', (value, expected) => {
    expect(parseQuantity(value, 'f')).toBe(expected);
  });

  it.each(['', 'abc', '12Qi', '-1Gi', '1 Gi', 'Gi', '1.2.3', '0x10', '1ki'])(
    'rejects %j naming the field',
    (value) => {
      expect(() => parseQuantity(value, 'spec.x')).toThrow(DomainConversionError);
      expect(() => parseQuantity(value, 'spec.x')).toThrow(/^spec\.x: .* is not a valid quantity/);
    },
  );

  it('rejects a value beyond 2^53 units', () => {
    expect(() => parseQuantity('1e30', 'spec.y')).toThrow("spec.y: '1e30' is too large");
  });
});
