// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { makePod, makeVm, makeVmi } from './workload-fixtures.ts';
import { buildWorkloadRows } from './workload-rows.ts';
import { defaultWorkloadSort, sortWorkloadRows, type WorkloadSort } from './workload-sort.ts';

const rows = buildWorkloadRows({
  pods: [
    makePod({
      name: 'b',
      namespace: 'ns2',
      node: 'node-10',
      ip: '10.0.0.10',
      created: '2025-01-03T00:00:00Z',
    }),
    makePod({ name: 'a', namespace: 'ns2', phase: 'Pending', created: '2025-01-01T00:00:00Z' }),
    makePod({
      name: 'z',
      namespace: 'ns1',
      node: 'node-9',
      ip: '10.0.0.9',
      created: '2025-01-02T00:00:00Z',
    }),
  ],
  vms: [
    makeVm({ name: 'a', namespace: 'ns1', status: 'Stopped', created: '2025-01-04T00:00:00Z' }),
  ],
  vmis: [makeVmi({ name: 'a', namespace: 'ns1', node: 'node-1' })],
});

const order = (sort: WorkloadSort): string[] =>
  sortWorkloadRows(rows, sort).map((row) => `${row.namespace}/${row.name}/${row.kind}`);

describe('sortWorkloadRows', () => {
  it('sorts by namespace then name by default', () => {
    expect(order(defaultWorkloadSort)).toEqual([
      'ns1/a/VirtualMachine',
      'ns1/z/Pod',
      'ns2/a/Pod',
      'ns2/b/Pod',
    ]);
  });

  it.each<[WorkloadSort, string[]]>([
    [
      { column: 'name', direction: 'asc' },
      ['ns1/a/VirtualMachine', 'ns2/a/Pod', 'ns2/b/Pod', 'ns1/z/Pod'],
    ],
    [
      { column: 'name', direction: 'desc' },
      ['ns1/z/Pod', 'ns2/b/Pod', 'ns1/a/VirtualMachine', 'ns2/a/Pod'],
    ],
    [
      { column: 'kind', direction: 'desc' },
      ['ns1/a/VirtualMachine', 'ns1/z/Pod', 'ns2/a/Pod', 'ns2/b/Pod'],
    ],
    [
      { column: 'status', direction: 'asc' },
      ['ns2/a/Pod', 'ns1/z/Pod', 'ns2/b/Pod', 'ns1/a/VirtualMachine'],
    ],
    [
      { column: 'age', direction: 'asc' },
      ['ns1/a/VirtualMachine', 'ns2/b/Pod', 'ns1/z/Pod', 'ns2/a/Pod'],
    ],
    [
      { column: 'age', direction: 'desc' },
      ['ns2/a/Pod', 'ns1/z/Pod', 'ns2/b/Pod', 'ns1/a/VirtualMachine'],
    ],
  ])('sorts by %j', (sort, expected) => {
    expect(order(sort)).toEqual(expected);
  });

  it('orders nodes and IPs numerically and puts missing values last', () => {
    expect(order({ column: 'node', direction: 'asc' })).toEqual([
      'ns1/a/VirtualMachine',
      'ns1/z/Pod',
      'ns2/b/Pod',
      'ns2/a/Pod',
    ]);
    expect(order({ column: 'ip', direction: 'asc' }).slice(0, 2)).toEqual([
      'ns1/z/Pod',
      'ns2/b/Pod',
    ]);
  });

  it('does not change the rows it is given', () => {
    const before = rows.map((row) => row.key);
    sortWorkloadRows(rows, { column: 'name', direction: 'desc' });
    expect(rows.map((row) => row.key)).toEqual(before);
  });
});
