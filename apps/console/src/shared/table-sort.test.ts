// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { compareSortValues, sortRows, type SortValue } from './table-sort.ts';

interface Row {
  readonly name: string;
  readonly size: number | undefined;
}

const rows: readonly Row[] = [
  { name: 'b', size: 2 },
  { name: 'node-10', size: undefined },
  { name: 'node-9', size: 2 },
  { name: 'a', size: 10 },
];

const valueOf = (row: Row, column: 'name' | 'size'): SortValue => row[column];

describe('compareSortValues', () => {
  it.each<[SortValue, SortValue, number]>([
    ['a', 'b', -1],
    ['node-9', 'node-10', -1],
    [2, 10, -1],
    [10, 2, 1],
    ['x', undefined, -1],
    ['', 'x', 1],
    [undefined, undefined, 0],
  ])('orders %j before or after %j (%i)', (a, b, expected) => {
    expect(Math.sign(compareSortValues(a, b))).toBe(expected);
  });
});

describe('sortRows', () => {
  it.each([
    ['asc' as const, ['b', 'node-9', 'a', 'node-10']],
    ['desc' as const, ['a', 'b', 'node-9', 'node-10']],
  ])('sorts by a column %s, ties by name, and missing values last', (direction, expected) => {
    const sorted = sortRows(rows, {
      sort: { column: 'size', direction },
      valueOf,
      tieBreakers: ['name'],
    });
    expect(sorted.map((row) => row.name)).toEqual(expected);
  });

  it('sorts names naturally and leaves the input alone', () => {
    const sorted = sortRows(rows, {
      sort: { column: 'name', direction: 'asc' },
      valueOf,
      tieBreakers: [],
    });
    expect(sorted.map((row) => row.name)).toEqual(['a', 'b', 'node-9', 'node-10']);
    expect(rows[0]?.name).toBe('b');
  });
});
