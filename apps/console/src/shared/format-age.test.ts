// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { formatAge } from './format-age.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [5 * m + 30 * s, '5m30s'],
    [5 * m, '5m'],
    [12 * m, '12m'],
    [3 * h + 4 * m, '3h4m'],
    [20 * h, '20h'],
    [2 * d + 3 * h, '2d3h'],
    [40 * d, '40d'],
    [3 * 365 * d + 10 * d, '3y10d'],
    [-5 * s, '0s'],
  ])('shows an age of %i ms as %s', (age, expected) => {
    const now = Date.UTC(2025, 5, 1);
    expect(formatAge(now - age, now)).toBe(expected);
  });
});
