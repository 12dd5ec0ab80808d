import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { deepEqualJson } from './deep-equal-json.ts';

describe('deepEqualJson', () => {
  it.each<[string, Json, Json]>([
    ['equal primitives', 'a', 'a'],
    ['null and null', null, null],
    [
      'objects with members in another order',
      { a: 1, b: [1, { c: true }] },
      { b: [1, { c: true }], a: 1 },
    ],
    ['empty containers of the same type', { x: [], y: {} }, { y: {}, x: [] }],
  ])('treats %s as equal', (_name, a, b) => {
    expect(deepEqualJson(a, b)).toBe(true);
  });

  it.each<[string, Json, Json]>([
    ['a number and its string', 1, '1'],
    ['null and an empty object', null, {}],
    ['an array and an object', [], {}],
    ['arrays in another order', [1, 2], [2, 1]],
    ['arrays of different lengths', [1], [1, null]],
    ['objects with different members', { a: 1 }, { b: 1 }],
    ['objects where one has an extra member', { a: 1 }, { a: 1, b: null }],
    ['a null member and a missing one', { a: null, b: 1 }, { b: 1, c: 1 }],
  ])('treats %s as different', (_name, a, b) => {
    expect(deepEqualJson(a, b)).toBe(false);
    expect(deepEqualJson(b, a)).toBe(false);
  });

  it('does not see inherited properties as members', () => {
    const parsed = JSON.parse('{"toString": 1}') as Json;
    expect(deepEqualJson({ constructor: 1 }, parsed)).toBe(false);
  });
});
