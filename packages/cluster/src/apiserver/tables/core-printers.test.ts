import { describe, expect, it } from 'vitest';
import {
  configMapPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core-printers.ts';
import { testNow, testObject } from './test-objects.ts';

describe('core printers', () => {
  it.each([
    ['namespace', namespacePrinter, { status: { phase: 'Active' } }, ['x', 'Active', '5m']],
    [
      'configmap',
      configMapPrinter,
      { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
      ['x', 3, '5m'],
    ],
    ['empty configmap', configMapPrinter, {}, ['x', 0, '5m']],
    ['secret', secretPrinter, { type: 'Opaque', data: { a: 'MQ==' } }, ['x', 'Opaque', 1, '5m']],
    ['service account', serviceAccountPrinter, { secrets: [{ name: 's' }] }, ['x', 1, '5m']],
  ])('prints a %s', (_, printer, body, cells) => {
    expect(printer.row(testObject('X', body), testNow).cells).toEqual(cells);
    expect(printer.columns.length).toBe(cells.length);
  });

  it('names the columns as kube-apiserver does', () => {
    expect(secretPrinter.columns.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Type', 'string'],
      ['Data', 'string'],
      ['Age', 'string'],
    ]);
  });
});
