// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { appendCapped } from './use-pod-log.ts';

describe('appendCapped', () => {
  it.each([
    [['a'], ['b', 'c'], 5, ['a', 'b', 'c'], 0],
    [['a', 'b'], ['c', 'd'], 3, ['b', 'c', 'd'], 1],
    [[], ['a', 'b', 'c', 'd'], 2, ['c', 'd'], 2],
  ])('appends %o + %o within %i lines', (...[current, lines, max, expected, dropped]) => {
    expect(appendCapped(current, lines, max)).toEqual({ lines: expected, dropped });
  });
});
