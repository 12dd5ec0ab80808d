import { describe, expect, it } from 'vitest';
import { humanDuration, parseTimestamp, timestampSince } from './human-duration.ts';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-1999, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [2 * m - 1, '119s'],
    [2 * m, '2m'],
    [2 * m + 1 * s, '2m1s'],
    [10 * m - 1, '9m59s'],
    [10 * m, '10m'],
    [3 * h - 1, '179m'],
    [3 * h, '3h'],
    [3 * h + 30 * m, '3h30m'],
    [8 * h - 1, '7h59m'],
    [8 * h, '8h'],
    [48 * h - 1, '47h'],
    [48 * h, '2d'],
    [49 * h, '2d1h'],
    [8 * d - 1, '7d23h'],
    [8 * d, '8d'],
    [730 * d - 1, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [8 * 365 * d - 1, '7y364d'],
    [8 * 365 * d, '8y'],
    [20 * 365 * d + 100 * d, '20y'],
  ])('formats %i ms as %j', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('timestamps', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it.each([
    ['2025-01-01T11:55:00Z', '5m'],
    ['2025-01-01T11:59:59.500000Z', '0s'],
    ['2025-01-01T08:00:00+02:00', '6h'],
    ['0001-01-01T00:00:00Z', '<unknown>'],
    ['', '<unknown>'],
    ['yesterday', '<unknown>'],
  ])('gives %j the age %j', (timestamp, age) => {
    expect(timestampSince(timestamp, now)).toBe(age);
  });

  it('tells unset timestamps from unreadable ones', () => {
    expect(parseTimestamp(undefined)).toBeUndefined();
    expect(parseTimestamp('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(parseTimestamp('2025-13-45')).toBeNaN();
    expect(parseTimestamp('2025-01-01T00:00:00Z')).toBe(Date.UTC(2025, 0, 1));
  });
});
