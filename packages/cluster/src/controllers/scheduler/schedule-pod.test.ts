import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { effectiveTaints, schedulePod } from './schedule-pod.ts';

interface NodeShape {
  labels?: Record<string, string>;
  ready?: 'True' | 'False' | 'Unknown' | 'none';
  taints?: JsonObject[];
  unschedulable?: boolean;
  allocatable?: JsonObject;
}

function node(name: string, shape: NodeShape = {}): KubeObject {
  const ready = shape.ready ?? 'True';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: shape.labels ?? {} },
    spec: {
      ...(shape.taints ? { taints: shape.taints } : {}),
      ...(shape.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable: shape.allocatable ?? { cpu: '2', memory: '4Gi', pods: '110' },
      conditions: ready === 'none' ? [] : [{ type: 'Ready', status: ready }],
    },
  };
}

function pod(name: string, spec: JsonObject = {}, requests?: JsonObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: {
      containers: [{ name: 'c', image: 'busybox', resources: requests ? { requests } : {} }],
      ...spec,
    },
    status: { phase: 'Pending' },
  };
}

const bound = (p: KubeObject, nodeName: string, phase = 'Running'): KubeObject => ({
  ...p,
  spec: { ...(p['spec'] as JsonObject), nodeName },
  status: { phase },
});

const preemptionUnhelpful = (n: number, total: number): string =>
  `preemption: 0/${String(total)} nodes are available: ${String(n)} Preemption is not helpful for scheduling.`;

describe('schedulePod', () => {
  it.each([
    [
      'an impossible nodeSelector',
      pod('p', { nodeSelector: { disk: 'nvme' } }),
      [node('node-1'), node('node-2')],
      `0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. ${preemptionUnhelpful(2, 2)}`,
    ],
    [
      'a not-ready node and a mismatched one',
      pod('p', { nodeSelector: { zone: 'a' } }),
      [node('node-1', { ready: 'False', labels: { zone: 'a' } }), node('node-2')],
      `0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. ${preemptionUnhelpful(2, 2)}`,
    ],
    [
      'an unreachable node and one that never reported',
      pod('p'),
      [node('node-1', { ready: 'Unknown' }), node('node-2', { ready: 'none' })],
      `0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. ${preemptionUnhelpful(2, 2)}`,
    ],
    [
      'a cordoned node',
      pod('p'),
      [node('node-1', { unschedulable: true })],
      `0/1 nodes are available: 1 node(s) were unschedulable. ${preemptionUnhelpful(1, 1)}`,
    ],
    [
      'an untolerated NoExecute taint',
      pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web' }] }),
      [node('node-1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] })],
      `0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}. ${preemptionUnhelpful(1, 1)}`,
    ],
    [
      'too little cpu and memory',
      pod('p', {}, { cpu: '3', memory: '8Gi' }),
      [node('node-1')],
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    ],
    [
      'an extended resource no node has',
      pod('p', {}, { 'example.com/gpu': '1' }),
      [node('node-1')],
      '0/1 nodes are available: 1 Insufficient example.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    ],
    ['no nodes', pod('p'), [], 'no nodes available to schedule pods'],
  ])('refuses %s with kube-scheduler’s message', (_name, p, nodes, message) => {
    expect(schedulePod(p, nodes, [])).toEqual({ message });
  });

  it.each([
    ['a matching nodeSelector', pod('p', { nodeSelector: { zone: 'b' } }), 'node-2'],
    [
      'a toleration of the taint',
      pod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] }),
      'node-1',
    ],
    [
      'a toleration of the cordon',
      pod('p', {
        nodeSelector: { zone: 'c' },
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' }],
      }),
      'node-3',
    ],
  ])('places a pod with %s', (_name, p, expected) => {
    const nodes = [
      node('node-1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
      node('node-2', { labels: { zone: 'b' } }),
      node('node-3', { labels: { zone: 'c' }, unschedulable: true }),
    ];
    expect(schedulePod(p, nodes, [])).toEqual({ nodeName: expected });
  });

  it('counts the requests of the pods bound to a node, but not of finished ones', () => {
    const nodes = [node('node-1', { allocatable: { cpu: '1', memory: '1Gi', pods: '10' } })];
    const p = pod('p', {}, { cpu: '600m' });
    const running = bound(pod('a', {}, { cpu: '500m' }), 'node-1');
    expect(schedulePod(p, nodes, [running])).toHaveProperty('message');
    expect(
      schedulePod(p, nodes, [bound(pod('a', {}, { cpu: '500m' }), 'node-1', 'Succeeded')]),
    ).toEqual({ nodeName: 'node-1' });
    expect(schedulePod(pod('q', {}, { cpu: '500m' }), nodes, [running])).toEqual({
      nodeName: 'node-1',
    });
  });

  it('refuses a full node with Too many pods', () => {
    const nodes = [node('node-1', { allocatable: { cpu: '1', memory: '1Gi', pods: '1' } })];
    expect(schedulePod(pod('p'), nodes, [bound(pod('a'), 'node-1')])).toEqual({
      message:
        '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    });
  });

  it('prefers the least requested node, and the first name on a tie', () => {
    const nodes = [node('node-2'), node('node-1')];
    expect(schedulePod(pod('p'), nodes, [])).toEqual({ nodeName: 'node-1' });
    const busy = bound(pod('a', {}, { cpu: '1', memory: '1Gi' }), 'node-1');
    expect(schedulePod(pod('p'), nodes, [busy])).toEqual({ nodeName: 'node-2' });
  });

  it('adds the readiness taint only when the node lacks it', () => {
    const tainted = node('n', {
      ready: 'Unknown',
      taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }],
    });
    expect(effectiveTaints(tainted)).toEqual([
      { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' },
    ]);
    expect(effectiveTaints(node('n'))).toEqual([]);
  });
});
