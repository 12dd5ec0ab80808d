import { describe, expect, it } from 'vitest';
import { canonicalJson, documentHash } from './document-hash.ts';

describe('documentHash', () => {
  it('is upper-case hex SHA-512', () => {
    expect(documentHash({ a: 1 })).toMatch(/^[0-9A-F]{128}$/);
  });

  it('ignores the order of object keys, at every depth', () => {
    const a = { paths: { x: 1, y: [{ b: 2, a: 1 }] }, openapi: '3.0.0' };
    const b = { openapi: '3.0.0', paths: { y: [{ a: 1, b: 2 }], x: 1 } };

    expect(documentHash(a)).toBe(documentHash(b));
  });

  it.each([
    [{ a: 1 }, { a: 2 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: 1 }, { b: 1 }],
  ])('changes when the content changes: %j vs %j', (a, b) => {
    expect(documentHash(a)).not.toBe(documentHash(b));
  });
});

describe('canonicalJson', () => {
  it('sorts keys and keeps array order', () => {
    expect(canonicalJson({ b: [3, 1], a: { d: null, c: true } })).toBe(
      '{"a":{"c":true,"d":null},"b":[3,1]}',
    );
  });
});
