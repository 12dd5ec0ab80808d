import { describe, expect, it } from 'vitest';
import { nodePrinter } from './node-printer.ts';
import { testNow, testObject } from './test-objects.ts';

describe('nodePrinter', () => {
  it.each([
    [{ status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'Ready'],
    [{ status: { conditions: [{ type: 'Ready', status: 'False' }] } }, 'NotReady'],
    [{ status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }, 'NotReady'],
    [{ status: { conditions: [{ type: 'MemoryPressure', status: 'False' }] } }, 'Unknown'],
    [
      {
        spec: { unschedulable: true },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      },
      'Ready,SchedulingDisabled',
    ],
    [{ spec: { unschedulable: true } }, 'Unknown,SchedulingDisabled'],
  ])('shows %j as %j', (body, status) => {
    expect(nodePrinter.row(testObject('Node', body), testNow).cells[1]).toBe(status);
  });

  it.each([
    [{}, '<none>'],
    [
      { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '' },
      'control-plane,worker',
    ],
    [{ 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/': '' }, 'master'],
    [{ 'kubernetes.io/role': '' }, '<none>'],
  ])('derives roles from labels %j as %j', (labels, roles) => {
    expect(nodePrinter.row(testObject('Node', {}, { labels }), testNow).cells[2]).toBe(roles);
  });

  it('prints version and the wide columns', () => {
    const node = testObject('Node', {
      status: {
        addresses: [
          { type: 'Hostname', address: 'h' },
          { type: 'InternalIP', address: '192.168.1.2' },
        ],
        nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian', containerRuntimeVersion: '' },
      },
    });
    expect(nodePrinter.row(node, testNow).cells).toEqual([
      'x',
      'Unknown',
      '<none>',
      '5m',
      'v1.32.0',
      '192.168.1.2',
      '<none>',
      'Debian',
      '<unknown>',
      '<unknown>',
    ]);
    expect(nodePrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      'Internal-IP',
      'External-IP',
      'OS-Image',
      'Kernel-Version',
      'Container-Runtime',
    ]);
  });
});
