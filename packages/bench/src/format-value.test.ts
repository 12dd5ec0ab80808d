import { describe, expect, it } from 'vitest';
import type { Unit } from './benchmark.ts';
import { formatRatio, formatValue } from './format-value.ts';

describe('formatValue', () => {
  it.each<[number, Unit, string]>([
    [412.4, 'ms', '412 ms'],
    [4.06, 'ms', '4.06 ms'],
    [17.84, 'ms', '17.8 ms'],
    [1256, 'ms', '1,256 ms'],
    [17_500, 'ms', '17.5 s'],
    [2.6, 's', '2.60 s'],
    [786.2, 'per s', '786/s'],
    [223, 'MiB', '223 MiB'],
    [30, 'count', '30'],
    [7.25, 'count', '7.25'],
    [7, 'count', '7'],
    [Number.NaN, 'ms', '—'],
  ])('%d %s reads %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('formatRatio', () => {
  it.each([
    [3.02, 2.6, '×1.16'],
    [1256, 232, '×5.41'],
    [2600, 100, '×26.0'],
    [1, 0, '—'],
  ])('%d against %d is %s', (value, anchor, expected) => {
    expect(formatRatio(value, anchor)).toBe(expected);
  });
});
