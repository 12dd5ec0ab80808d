import { describe, expect, it } from 'vitest';
import { ScrollbackRing } from './scrollback-ring.ts';

describe('ScrollbackRing', () => {
  it.each([
    { capacity: 8, chunks: [], contents: '' },
    { capacity: 8, chunks: ['abc'], contents: 'abc' },
    { capacity: 8, chunks: ['abc', 'defgh'], contents: 'abcdefgh' },
    { capacity: 8, chunks: ['abc', 'defghij'], contents: 'cdefghij' },
    { capacity: 8, chunks: ['abcdef', 'ghij', 'kl'], contents: 'efghijkl' },
    { capacity: 8, chunks: ['0123456789abcdef'], contents: '89abcdef' },
    { capacity: 4, chunks: ['ab', '', 'cdefg'], contents: 'defg' },
    { capacity: 3, chunks: ['a', 'b', 'c', 'd', 'e'], contents: 'cde' },
  ])('keeps the last $capacity bytes of $chunks', ({ capacity, chunks, contents }) => {
    const ring = new ScrollbackRing(capacity);
    for (const chunk of chunks) ring.push(Buffer.from(chunk));
    expect(ring.contents().toString()).toBe(contents);
    expect(ring.size).toBe(contents.length);
  });

  it('returns a copy that later writes do not change', () => {
    const ring = new ScrollbackRing(4);
    ring.push(Buffer.from('ab'));
    const before = ring.contents();
    ring.push(Buffer.from('cdef'));
    expect(before.toString()).toBe('ab');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %s', (capacity) => {
    expect(() => new ScrollbackRing(capacity)).toThrow(/positive integer/);
  });
});
