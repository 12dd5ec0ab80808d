import { describe, expect, it } from 'vitest';
import type { Json } from '../../json.ts';
import { parseYamlFlow } from './gnostic-test-decoder.ts';
import { yamlText } from './yaml-text.ts';

describe('yamlText', () => {
  it.each<[Json, string]>([
    ['merge', '"merge"'],
    ['', '""'],
    [null, 'null'],
    [true, 'true'],
    [42, '42'],
    [-1.5, '-1.5'],
    [1e21, '1.0e+21'],
    [['name'], '["name"]'],
    [
      [{ group: '', version: 'v1', kind: 'Pod' }],
      '[{"group": "", "version": "v1", "kind": "Pod"}]',
    ],
    [{}, '{}'],
  ])('writes %j as %s', (value, expected) => {
    expect(yamlText(value)).toBe(expected);
  });

  it.each([
    ['quotes and backslashes', 'say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'],
    ['newlines and tabs', 'a\nb\tc', '"a\\nb\\tc"'],
    ['control characters', '\u0001', '"\\x01"'],
    ['Latin-1 letters', 'é', '"\\xE9"'],
    ['other BMP characters', '—', '"\\u2014"'],
    ['astral characters', '😀', '"\\U0001F600"'],
    ['lone surrogates, as the replacement character', '\ud800', '"\\uFFFD"'],
  ])('escapes %s so the text stays printable ASCII', (_name, value, expected) => {
    const text = yamlText(value);

    expect(text).toBe(expected);
    expect(text).toMatch(/^[\x20-\x7e]*$/);
  });

  it('reads back as the same value', () => {
    const value: Json = {
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      text: 'ünïcödé 😀 "q" \\ \n',
      nested: [{ a: 1, b: [true, null] }],
    };

    expect(parseYamlFlow(yamlText(value))).toEqual(value);
  });
});
