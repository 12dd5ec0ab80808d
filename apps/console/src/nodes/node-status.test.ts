// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { makeNode, type NodeFixture } from './node-fixtures.ts';
import {
  nodeInternalIp,
  nodeReadiness,
  nodeRoles,
  nodeStatus,
  nodeStatusCounts,
} from './node-status.ts';

describe('nodeStatus', () => {
  it.each<[NodeFixture, string, string]>([
    [{ name: 'a' }, 'Ready', 'Ready'],
    [{ name: 'a', ready: 'False' }, 'NotReady', 'NotReady'],
    [{ name: 'a', ready: 'Unknown' }, 'Unknown', 'Unknown'],
    [{ name: 'a', ready: 'none' }, 'Unknown', 'Unknown'],
    [{ name: 'a', unschedulable: true }, 'Ready', 'Ready,SchedulingDisabled'],
    [{ name: 'a', ready: 'False', unschedulable: true }, 'NotReady', 'NotReady,SchedulingDisabled'],
  ])('reads %j as %s, printed %s', (fixture, readiness, status) => {
    const node = makeNode(fixture);
    expect(nodeReadiness(node)).toBe(readiness);
    expect(nodeStatus(node)).toBe(status);
  });
});

describe('nodeRoles', () => {
  it.each<[Record<string, string>, string[]]>([
    [{}, []],
    [{ 'node-role.kubernetes.io/control-plane': '' }, ['control-plane']],
    [
      { 'node-role.kubernetes.io/worker': 'true', 'node-role.kubernetes.io/control-plane': '' },
      ['control-plane', 'worker'],
    ],
    [{ 'kubernetes.io/role': 'master' }, ['master']],
    [{ 'node-role.kubernetes.io/': '', 'topology.kubernetes.io/zone': 'a' }, []],
  ])('reads the roles of labels %j as %j', (labels, roles) => {
    expect(nodeRoles({ metadata: { name: 'n', labels } })).toEqual(roles);
  });
});

describe('nodeInternalIp', () => {
  it('picks the InternalIP address, and nothing when there is none', () => {
    expect(nodeInternalIp(makeNode({ name: 'a', ip: '10.1.2.3' }))).toBe('10.1.2.3');
    expect(nodeInternalIp({ metadata: { name: 'a' } })).toBeUndefined();
  });
});

describe('nodeStatusCounts', () => {
  it('counts nodes by readiness, and the cordoned ones', () => {
    const nodes = [
      makeNode({ name: 'a' }),
      makeNode({ name: 'b', unschedulable: true }),
      makeNode({ name: 'c', ready: 'False' }),
      makeNode({ name: 'd', ready: 'Unknown' }),
    ];
    expect(nodeStatusCounts(nodes)).toEqual({
      total: 4,
      ready: 2,
      notReady: 1,
      unknown: 1,
      schedulingDisabled: 1,
    });
  });
});
