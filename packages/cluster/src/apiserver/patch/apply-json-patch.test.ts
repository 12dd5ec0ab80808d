import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { applyJsonPatch } from './apply-json-patch.ts';
import { formatJsonPointer, parseJsonPointer } from './json-pointer.ts';
import { PatchError } from './patch-error.ts';

/** Freezes a value and everything in it, so that any mutation throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

function patchError(run: () => unknown): PatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}

describe('applyJsonPatch', () => {
  // RFC 6902, Appendix A (the successful examples).
  it.each<[string, Json, Json, Json]>([
    [
      'adds an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'adds an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'removes an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'removes an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'replaces a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'moves a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'moves an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'passes a test',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'adds a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'ignores unrecognized members of an operation',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'unescapes ~1 and ~0 in pointers',
      { '/': 9, '~1': 10 },
      [
        { op: 'test', path: '/~01', value: 10 },
        { op: 'replace', path: '/~1', value: 1 },
      ],
      { '/': 1, '~1': 10 },
    ],
    [
      'adds an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    [
      'appends with "-"',
      { a: [1] },
      [
        { op: 'add', path: '/a/-', value: 2 },
        { op: 'add', path: '/a/-', value: 3 },
      ],
      { a: [1, 2, 3] },
    ],
    ['adds at the end index', { a: [1] }, [{ op: 'add', path: '/a/1', value: 2 }], { a: [1, 2] }],
    [
      'replaces an existing member with add',
      { a: 1 },
      [{ op: 'add', path: '/a', value: 2 }],
      { a: 2 },
    ],
    ['replaces the whole document', { a: 1 }, [{ op: 'replace', path: '', value: [1] }], [1]],
    ['adds the whole document', { a: 1 }, [{ op: 'add', path: '', value: { b: 2 } }], { b: 2 }],
    [
      'copies a value',
      { a: { b: [1] } },
      [{ op: 'copy', from: '/a/b', path: '/c' }],
      { a: { b: [1] }, c: [1] },
    ],
    ['moves a value onto itself', { a: 1 }, [{ op: 'move', from: '/a', path: '/a' }], { a: 1 }],
    [
      'tests an object regardless of member order',
      { a: { x: 1, y: [2] } },
      [{ op: 'test', path: '/a', value: { y: [2], x: 1 } }],
      { a: { x: 1, y: [2] } },
    ],
    ['tests the whole document', { a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }], { a: 1 }],
    ['applies an empty patch', { a: 1 }, [], { a: 1 }],
    ['addresses the empty key', { '': 1 }, [{ op: 'replace', path: '/', value: 2 }], { '': 2 }],
  ])('%s', (_name, target, patch, expected) => {
    expect(applyJsonPatch(deepFreeze(target), deepFreeze(patch))).toEqual(expected);
  });

  it('applies the managedFields migration kubectl sends after a client-side apply', () => {
    const pod = {
      metadata: {
        name: 'p1',
        resourceVersion: '7',
        managedFields: [
          {
            manager: 'kubectl-client-side-apply',
            operation: 'Update',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': {} },
          },
          { manager: 'kubelet', operation: 'Update', subresource: 'status' },
        ],
      },
    };
    const patch = [
      { op: 'test', path: '/metadata/resourceVersion', value: '7' },
      { op: 'replace', path: '/metadata/managedFields/0/manager', value: 'kubectl' },
      { op: 'replace', path: '/metadata/managedFields/0/operation', value: 'Apply' },
      { op: 'remove', path: '/metadata/managedFields/1' },
    ];
    expect(applyJsonPatch(deepFreeze(pod), patch)).toEqual({
      metadata: {
        name: 'p1',
        resourceVersion: '7',
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:metadata': {} },
          },
        ],
      },
    });
  });

  it.each<[string, Json, string]>([
    [
      'a patch that is not an array',
      { op: 'add', path: '/a', value: 1 },
      'a JSON patch must be a JSON array of operations, not an object',
    ],
    [
      'an operation that is not an object',
      [1],
      "the patch's operation 0 must be a JSON object, not a number",
    ],
    [
      'an operation without "op"',
      [{ path: '/a' }],
      `the patch's operation 0 has no "op"; expected one of add, remove, replace, move, copy, test`,
    ],
    [
      'an unknown op',
      [
        { op: 'test', path: '/a', value: 1 },
        { op: 'merge', path: '/a' },
      ],
      `the patch's operation 1 has an unknown "op" "merge"`,
    ],
    [
      'an operation without "path"',
      [{ op: 'remove' }],
      `the patch's operation 0 (remove) has no "path"`,
    ],
    [
      'a path that is not a string',
      [{ op: 'remove', path: 3 }],
      `the patch's operation 0 (remove) has a number as its "path"`,
    ],
    [
      'a path without a leading slash',
      [{ op: 'remove', path: 'a/b' }],
      `the patch's operation 0 (remove) has an invalid "path" "a/b": a JSON pointer must be empty or start with "/"`,
    ],
    [
      'a bad escape in a path',
      [{ op: 'remove', path: '/a~2' }],
      `the patch's operation 0 (remove) has an invalid "path" "/a~2"`,
    ],
    [
      'an add without "value"',
      [{ op: 'add', path: '/a' }],
      `the patch's operation 0 (add) has no "value"`,
    ],
    [
      'a test without "value"',
      [{ op: 'test', path: '/a' }],
      `the patch's operation 0 (test) has no "value"`,
    ],
    [
      'a move without "from"',
      [{ op: 'move', path: '/a' }],
      `the patch's operation 0 (move) has no "from"`,
    ],
    [
      'a move into its own child',
      [{ op: 'move', from: '/a', path: '/a/b' }],
      `the patch's operation 0 (move) cannot move "/a" into its own child "/a/b"`,
    ],
  ])('rejects %s as malformed', (_name, patch, message) => {
    const error = patchError(() => applyJsonPatch({ a: { b: 1 } }, patch));
    expect(error.malformed).toBe(true);
    expect(error.name).toBe('PatchError');
    expect(error.message).toContain(message);
  });

  it.each<[string, Json, string]>([
    [
      'removing a missing member',
      [{ op: 'remove', path: '/spec/foo' }],
      `the patch's operation 0 (remove) failed: path "/spec/foo" does not exist`,
    ],
    [
      'replacing a missing member',
      [{ op: 'replace', path: '/spec/foo', value: 1 }],
      `the patch's operation 0 (replace) failed: path "/spec/foo" does not exist`,
    ],
    [
      'adding under a missing parent',
      [{ op: 'add', path: '/status/phase', value: 'x' }],
      `path "/status/phase" does not exist: its parent "/status" does not exist`,
    ],
    [
      'adding under a scalar',
      [{ op: 'add', path: '/spec/replicas/x', value: 1 }],
      `its parent "/spec/replicas" is a number, not an object or an array`,
    ],
    [
      'adding past the end of an array',
      [{ op: 'add', path: '/spec/list/3', value: 1 }],
      `cannot add at path "/spec/list/3": "3" is not an index from 0 to 2 or "-"`,
    ],
    [
      'removing past the end of an array',
      [{ op: 'remove', path: '/spec/list/2' }],
      `path "/spec/list/2" does not exist: "2" is not an index of the array of 2 items`,
    ],
    [
      'removing with "-"',
      [{ op: 'remove', path: '/spec/list/-' }],
      `path "/spec/list/-" does not exist`,
    ],
    [
      'an index with a leading zero',
      [{ op: 'replace', path: '/spec/list/01', value: 1 }],
      `"01" is not an index`,
    ],
    [
      'a failing test',
      [
        { op: 'add', path: '/a', value: 1 },
        { op: 'test', path: '/spec/replicas', value: '2' },
      ],
      `the patch's operation 1 (test) failed: the value at path "/spec/replicas" is not equal to the test value`,
    ],
    [
      'testing a missing member',
      [{ op: 'test', path: '/nope', value: null }],
      `path "/nope" does not exist`,
    ],
    [
      'moving from a missing member',
      [{ op: 'move', from: '/nope', path: '/a' }],
      `the patch's operation 0 (move) failed: path "/nope" does not exist`,
    ],
    [
      'copying from a missing member',
      [{ op: 'copy', from: '/spec/list/5', path: '/a' }],
      `the patch's operation 0 (copy) failed`,
    ],
    [
      'removing the whole document',
      [{ op: 'remove', path: '' }],
      'the whole document cannot be removed',
    ],
    [
      'an inherited member',
      [{ op: 'remove', path: '/toString' }],
      `path "/toString" does not exist`,
    ],
  ])('fails on %s without being malformed', (_name, patch, message) => {
    const target = deepFreeze({ spec: { replicas: 2, list: [1, 2] } });
    const error = patchError(() => applyJsonPatch(target, patch));
    expect(error.malformed).toBe(false);
    expect(error.message).toContain(message);
  });

  it('applies all operations or none', () => {
    const target = deepFreeze({ a: [1, 2] });
    expect(() =>
      applyJsonPatch(target, [
        { op: 'add', path: '/a/-', value: 3 },
        { op: 'remove', path: '/b' },
      ]),
    ).toThrow(PatchError);
    expect(target).toEqual({ a: [1, 2] });
  });

  it('shares nothing with the patch or the target', () => {
    const value = { deep: [1] };
    const patch = [
      { op: 'add', path: '/x', value },
      { op: 'add', path: '/y', value },
      { op: 'copy', from: '/keep', path: '/z' },
    ];
    const target = { keep: { k: 1 } };
    const result = applyJsonPatch(target, patch) as {
      x: { deep: number[] };
      y: { deep: number[] };
      z: { k: number };
    };
    result.x.deep.push(2);
    result.z.k = 2;
    expect(result.y.deep).toEqual([1]);
    expect(value).toEqual({ deep: [1] });
    expect(target).toEqual({ keep: { k: 1 } });
  });
});

describe('parseJsonPointer', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['/', ['']],
    ['/a/b', ['a', 'b']],
    ['/a~1b/~0c/~01', ['a/b', '~c', '~1']],
    ['/metadata/managedFields/0', ['metadata', 'managedFields', '0']],
  ])('parses %j and formats it back', (pointer, tokens) => {
    expect(parseJsonPointer(pointer)).toEqual(tokens);
    expect(formatJsonPointer(tokens)).toBe(pointer);
  });

  it.each(['a', '/a~', '/~2'])('rejects %j', (pointer) => {
    expect(parseJsonPointer(pointer)).toHaveProperty('invalid');
  });
});
