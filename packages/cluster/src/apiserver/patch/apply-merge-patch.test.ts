import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { applyMergePatch } from './apply-merge-patch.ts';

/** Freezes a value and everything in it, so that any mutation throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

describe('applyMergePatch', () => {
  // RFC 7386, Appendix A.
  it.each<[Json, Json, Json]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('merges %j with %j into %j (RFC 7386)', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('keeps the order of existing members and appends new ones', () => {
    const result = applyMergePatch({ a: 1, b: 2, c: 3 }, { d: 4, a: 5, b: null });
    expect(Object.keys(result as object)).toEqual(['a', 'c', 'd']);
  });

  it('applies a kubectl label patch to an object', () => {
    const pod = {
      metadata: { name: 'p', labels: { app: 'a', tier: 'x' } },
      spec: { containers: [{ name: 'c' }] },
    };
    const result = applyMergePatch(pod, { metadata: { labels: { tier: null, env: 'prod' } } });
    expect(result).toEqual({
      metadata: { name: 'p', labels: { app: 'a', env: 'prod' } },
      spec: { containers: [{ name: 'c' }] },
    });
  });

  it('never mutates its inputs and shares nothing with them', () => {
    const target = deepFreeze({ a: { b: [1, { c: 2 }] }, keep: { x: 1 } });
    const patch = deepFreeze({ a: { d: { e: 1 } }, n: [{ m: 1 }] });
    const result = applyMergePatch(target, patch) as {
      a: { b: unknown[]; d: { e: number } };
      keep: { x: number };
      n: { m: number }[];
    };
    result.keep.x = 2;
    result.a.d.e = 2;
    result.n[0] = { m: 2 };
    expect(target).toEqual({ a: { b: [1, { c: 2 }] }, keep: { x: 1 } });
    expect(patch).toEqual({ a: { d: { e: 1 } }, n: [{ m: 1 }] });
  });

  it('treats a "__proto__" member as plain data', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Json;
    const result = applyMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
