import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { StatusError } from '../status-error.ts';
import { formatFieldPath, type FieldPath } from './field-path.ts';
import { FieldSet } from './field-set.ts';
import { decodeFieldSet, encodeFieldSet } from './fields-v1.ts';

const container = 'k:{"name":"c"}';

describe('encodeFieldSet / decodeFieldSet', () => {
  it('writes members as {} and members with children as "." entries', () => {
    const set = FieldSet.of([
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:spec', 'f:containers', container],
      ['f:spec', 'f:containers', container, 'f:image'],
    ]);
    expect(JSON.stringify(encodeFieldSet(set))).toBe(
      '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:image":{}}}}}',
    );
  });

  it('orders fields, then keys, then values, then indexes, with "." first', () => {
    const set = FieldSet.of([
      ['f:x', 'i:10'],
      ['f:x', 'i:2'],
      ['f:x', 'v:"a"'],
      ['f:x', 'k:{"a":1}'],
      ['f:x', 'f:b'],
      ['f:x'],
    ]);
    expect(Object.keys(encodeFieldSet(set)['f:x'] as object)).toEqual([
      '.',
      'f:b',
      'k:{"a":1}',
      'v:"a"',
      'i:2',
      'i:10',
    ]);
  });

  it('round-trips and canonicalizes key order inside k: elements', () => {
    const decoded = decodeFieldSet({
      'f:spec': {
        'f:ports': { 'k:{"protocol":"TCP","containerPort":80}': { '.': {}, 'f:name': {} } },
      },
    });
    const key = 'k:{"containerPort":80,"protocol":"TCP"}';
    expect(decoded.paths()).toEqual([
      ['f:spec', 'f:ports', key],
      ['f:spec', 'f:ports', key, 'f:name'],
    ]);
    expect(decodeFieldSet(encodeFieldSet(decoded)).equals(decoded)).toBe(true);
  });

  it('decodes an empty trie to the empty set', () => {
    expect(decodeFieldSet({}).isEmpty()).toBe(true);
  });

  it.each<[string, Json, string]>([
    ['a non-object', [], 'invalid fieldsV1 at the root: expected a JSON object'],
    ['an unknown prefix', { 'x:foo': {} }, 'bad path element "x:foo": the prefix is not one of'],
    ['keys that are not an object', { 'f:a': { 'k:[1]': {} } }, 'at f:a: bad path element "k:[1]"'],
    ['a non-numeric index', { 'i:one': {} }, 'the index is not a whole number'],
    ['a value that is not JSON', { 'v:{bad': {} }, 'the value is not JSON'],
    [
      'a child that is not an object',
      { 'f:a': 'yes' },
      'invalid fieldsV1 at f:a: expected a JSON object',
    ],
  ])('rejects %s with a 400 naming the problem', (_, input, message) => {
    const error = (() => {
      try {
        decodeFieldSet(input);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).code).toBe(400);
    expect((error as StatusError).message).toContain(message);
  });
});

describe('formatFieldPath', () => {
  it.each<[FieldPath, string]>([
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image'], '.spec.containers[name="c"].image'],
    [
      ['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'],
      '.ports[containerPort=80,protocol="TCP"]',
    ],
    [['f:metadata', 'f:finalizers', 'v:"a/b"'], '.metadata.finalizers[="a/b"]'],
    [['f:args', 'i:3'], '.args[3]'],
  ])('prints %j as %s', (path, text) => {
    expect(formatFieldPath(path)).toBe(text);
  });
});

describe('FieldSet', () => {
  const a = FieldSet.of([['f:a'], ['f:b', 'f:c']]);
  const b = FieldSet.of([['f:b', 'f:c'], ['f:d']]);

  it.each([
    ['union', a.union(b), [['f:a'], ['f:b', 'f:c'], ['f:d']]],
    ['intersection', a.intersection(b), [['f:b', 'f:c']]],
    ['difference', a.difference(b), [['f:a']]],
    ['withAncestors', b.withAncestors(), [['f:b'], ['f:b', 'f:c'], ['f:d']]],
  ])('computes the %s', (_, result, paths) => {
    expect(result.paths()).toEqual(paths);
  });

  it('knows whether members lie below a path', () => {
    expect(a.hasBelow(['f:b'])).toBe(true);
    expect(a.hasBelow(['f:a'])).toBe(false);
    expect(a.hasBelow([])).toBe(true);
  });
});
