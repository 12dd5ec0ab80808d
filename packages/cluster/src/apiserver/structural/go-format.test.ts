import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { canonicalJson, formatGoValue, goFloat, goQuote } from './go-format.ts';

describe('go formatting', () => {
  it.each<[string, string]>([
    ['plain', '"plain"'],
    ['say "hi"\n', '"say \\"hi\\"\\n"'],
    ['tab\tbell\u0007', '"tab\\tbell\\a"'],
    ['\u0001', '"\\x01"'],
    ['über 😀', '"über 😀"'],
    ['nbsp\u00a0', '"nbsp\\u00a0"'],
  ])('quotes %j as Go %%q', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it.each<[number, string]>([
    [0.5, '0.5'],
    [123456.5, '123456.5'],
    [1234567.5, '1.2345675e+06'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
  ])('prints the float %d as Go %%v', (input, expected) => {
    expect(goFloat(input)).toBe(expected);
  });

  it.each<[Json, string]>([
    ['x', '"x"'],
    [5, '5'],
    [2 ** 60, '1152921504606846976'],
    [true, 'true'],
    [null, '"null"'],
    [
      { b: [1, 'x'], a: null },
      'map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}}',
    ],
  ])('prints the bad value %j as field.Error does', (input, expected) => {
    expect(formatGoValue(input)).toBe(expected);
  });

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2], c: 'x' } })).toBe('{"a":{"c":"x","d":[2]},"b":1}');
  });
});
