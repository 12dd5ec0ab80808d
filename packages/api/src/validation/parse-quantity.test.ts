import { describe, expect, it } from 'vitest';
import { formatBytes, parseMilliQuantity, parseQuantity } from './parse-quantity.ts';

describe('parseQuantity', () => {
  it.each<[string | number, bigint]>([
    ['1Gi', 1073741824n],
    ['1024M', 1024000000n],
    ['128Mi', 134217728n],
    ['1.5', 2n],
    ['100m', 1n],
    ['1e3', 1000n],
    [2147483648, 2147483648n],
    ['-1Gi', -1073741824n],
    ['0', 0n],
  ])('reads %s as %s', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each<[unknown]>([['1 Gi'], ['lots'], ['1GB'], [''], [null], [{}], [Number.NaN]])(
    'rejects %s',
    (value) => {
      expect(parseQuantity(value)).toBeUndefined();
    },
  );

  it('keeps milli precision', () => {
    expect(parseMilliQuantity('250m')).toBe(250n);
  });
});

describe('formatBytes', () => {
  it.each<[bigint, string]>([
    [2147483648n, '2Gi'],
    [1610612736n, '1536Mi'],
    [1000n, '1000'],
    [0n, '0'],
  ])('formats %s as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
