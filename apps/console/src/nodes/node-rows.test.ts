// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { makePod, makeVmi } from '../workloads/workload-fixtures.ts';
import { makeNode } from './node-fixtures.ts';
import { buildNodeRows, filterNodeRows } from './node-rows.ts';

const nodes = [
  makeNode({ name: 'cp-1', roles: ['control-plane'], ip: '10.0.0.1', version: 'v1.33.1' }),
  makeNode({ name: 'worker-1', ip: '10.0.0.2', unschedulable: true }),
];

describe('buildNodeRows', () => {
  it('reads each node and counts the live pods and VMIs on it', () => {
    const rows = buildNodeRows({
      nodes,
      pods: [
        makePod({ name: 'a', node: 'cp-1' }),
        makePod({ name: 'b', node: 'cp-1', phase: 'Succeeded' }),
        makePod({ name: 'c', node: 'worker-1' }),
        makePod({ name: 'pending' }),
      ],
      vmis: [makeVmi({ name: 'vm', node: 'worker-1' })],
    });
    expect(
      rows.map(({ name, status, roles, pods, vms }) => ({ name, status, roles, pods, vms })),
    ).toEqual([
      { name: 'cp-1', status: 'Ready', roles: ['control-plane'], pods: 1, vms: 0 },
      { name: 'worker-1', status: 'Ready,SchedulingDisabled', roles: [], pods: 1, vms: 1 },
    ]);
    expect(rows[0]).toMatchObject({
      internalIp: '10.0.0.1',
      kubeletVersion: 'v1.33.1',
      cpuMillis: 4000n,
      memoryBytes: 8n * 1024n ** 3n,
    });
  });

  it('leaves the counts unknown when pods or VMIs could not be listed', () => {
    const [row] = buildNodeRows({ nodes, pods: undefined, vmis: undefined });
    expect(row?.pods).toBeUndefined();
    expect(row?.vms).toBeUndefined();
  });
});

describe('filterNodeRows', () => {
  const rows = buildNodeRows({ nodes, pods: [], vmis: [] });
  it.each([
    ['', ['cp-1', 'worker-1']],
    ['WORKER', ['worker-1']],
    ['control', ['cp-1']],
    ['10.0.0.2', ['worker-1']],
    ['nothing', []],
  ])('finds %j in %j', (text, names) => {
    expect(filterNodeRows(rows, text).map((row) => row.name)).toEqual(names);
  });
});
