import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import { crdTable, type CrdPrinterColumn } from './crd-table.ts';
import { ago, testNow, testObject } from './test-objects.ts';

const vm = testObject('VirtualMachine', {
  spec: { running: true, cpus: 2.7, memory: '2Gi', tags: { b: 1, a: '<x>' }, ratio: 0.00001 },
  status: {
    started: ago(90 * 60_000),
    conditions: [{ type: 'Ready', status: 'True' }],
  },
});

function cell(column: Omit<CrdPrinterColumn, 'name'>): Json | undefined {
  return crdTable([{ name: 'C', ...column }]).row(vm, testNow).cells[1];
}

describe('crdTable', () => {
  it('starts with Name and keeps each column definition', () => {
    const printer = crdTable([
      { name: 'Running', type: 'boolean', jsonPath: '.spec.running' },
      {
        name: 'CPUs',
        type: 'integer',
        jsonPath: '.spec.cpus',
        priority: 1,
        format: 'int32',
        description: 'Cores',
      },
    ]);
    expect(printer.columns).toEqual([
      expect.objectContaining({ name: 'Name', type: 'string', format: 'name', priority: 0 }),
      {
        name: 'Running',
        type: 'boolean',
        format: '',
        priority: 0,
        description: 'Custom resource definition column (in JSONPath format): .spec.running',
      },
      { name: 'CPUs', type: 'integer', format: 'int32', priority: 1, description: 'Cores' },
    ]);
  });

  it('uses Name and Age when the CRD has no printer columns', () => {
    const printer = crdTable([]);
    expect(printer.columns.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    expect(printer.row(vm, testNow).cells).toEqual(['x', '5m']);
  });

  it.each<[string, string, Json]>([
    ['boolean', '.spec.running', true],
    ['integer', '.spec.cpus', 2],
    ['number', '.spec.cpus', 2.7],
    ['string', '.spec.memory', '2Gi'],
    ['string', '.spec.running', 'true'],
    ['string', '.spec.cpus', '2.7'],
    ['string', '.spec.ratio', '1e-05'],
    ['string', '.spec.tags', '{"a":"\\u003cx\\u003e","b":1}'],
    ['string', '.status.conditions[?(@.type=="Ready")].status', 'True'],
    ['date', '.status.started', '90m'],
    ['date', '.spec.memory', '<invalid>'],
    ['date', '.spec.cpus', null],
    ['integer', '.spec.memory', null],
    ['boolean', '.spec.cpus', null],
    ['string', '.spec.missing', null],
    ['string', '.spec[', null],
    ['unknown', '.spec.memory', null],
  ])('renders a %s column at %j as %j', (type, jsonPath, expected) => {
    expect(cell({ type, jsonPath })).toEqual(expected);
  });
});
