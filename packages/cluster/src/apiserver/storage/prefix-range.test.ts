import { describe, expect, it } from 'vitest';

import { prefixRange } from './prefix-range.ts';

describe('prefixRange', () => {
  it.each([
    ['/core/pods/default/', '/core/pods/default0'],
    ['/core/pods/', '/core/pods0'],
    ['a', 'b'],
    ['/x/\uffff', '/x/\u{10000}'],
    ['/x/\u{10ffff}', '/x0'],
  ])('bounds the keys under %j by %j', (prefix, end) => {
    expect(prefixRange(prefix)).toEqual({ start: prefix, end });
  });

  it('leaves the empty prefix unbounded', () => {
    expect(prefixRange('')).toEqual({ start: '', end: undefined });
  });
});
