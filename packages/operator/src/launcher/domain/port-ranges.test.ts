import { describe, expect, it } from 'vitest';
import { portRanges } from './port-ranges.ts';

describe('portRanges', () => {
  it.each([
    [[], []],
    [[80], [{ start: 80 }]],
    [
      [443, 80, 80],
      [{ start: 80 }, { start: 443 }],
    ],
    [
      [8081, 8080, 8082, 22],
      [{ start: 22 }, { start: 8080, end: 8082 }],
    ],
  ])('folds %j into %j', (ports, expected) => {
    expect(portRanges(ports)).toEqual(expected);
  });
});
