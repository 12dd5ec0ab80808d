import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { StatusError } from '../status-error.ts';
import { labelSelectorToString, matchesLabels } from './label-selector.ts';
import { labelSelectorFromSpec } from './label-selector-from-spec.ts';

describe('labelSelectorFromSpec', () => {
  it.each<[Json, string]>([
    [{}, ''],
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['b', 'a'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'x', operator: 'Exists' },
          { key: 'y', operator: 'DoesNotExist' },
        ],
      },
      'app=web,env notin (dev),tier in (a,b),x,!y',
    ],
  ])('converts %j into %j', (spec, text) => {
    expect(labelSelectorToString(labelSelectorFromSpec(spec))).toBe(text);
  });

  it('matches everything for {} and nothing for null', () => {
    expect(matchesLabels(labelSelectorFromSpec({}), { a: 'b' })).toBe(true);
    expect(matchesLabels(labelSelectorFromSpec(null), { a: 'b' })).toBe(false);
    expect(matchesLabels(labelSelectorFromSpec(null), {})).toBe(false);
  });

  it.each<[Json, string]>([
    [
      { matchExpressions: [{ key: 'a', operator: 'Foo', values: ['x'] }] },
      '"Foo" is not a valid label selector operator',
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
    [{ matchLabels: { a: 'b c' } }, 'values[0][a]: Invalid value: "b c": a valid label'],
    [{ matchLabels: { 'a b': 'c' } }, 'key: Invalid value: "a b": name part must consist'],
    [{ matchLabels: ['a'] }, 'matchLabels: must be an object'],
    [{ matchLabels: { a: 1 } }, 'matchLabels[a]: must be a string'],
    [{ matchExpressions: {} }, 'matchExpressions: must be a list'],
    ['app=web', 'a label selector must be an object'],
  ])('rejects %j with 400 starting %j', (spec, message) => {
    let caught: unknown;
    try {
      labelSelectorFromSpec(spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatusError);
    expect((caught as StatusError).code).toBe(400);
    expect((caught as StatusError).message.startsWith(message)).toBe(true);
  });
});
