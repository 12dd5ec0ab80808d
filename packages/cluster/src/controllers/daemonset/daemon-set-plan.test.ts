import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { testPod, testWorkload } from '../replicaset/test-objects.ts';
import { withNodeNameAffinity } from './daemon-pod-spec.ts';
import {
  groupByNode,
  managePlan,
  rollingUpdatePlan,
  type DaemonSetPlan,
} from './daemon-set-plan.ts';
import { daemonSetStatus } from './daemon-set-status.ts';

const now = Date.parse('2024-01-01T00:10:00Z');
const ready = '2024-01-01T00:00:00Z';

function node(name: string, labels: JsonObject = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: {} };
}

function daemonSet(updateStrategy: JsonObject = {}, nodeSelector?: JsonObject): KubeObject {
  const podSpec: JsonObject = nodeSelector === undefined ? {} : { nodeSelector };
  return testWorkload('DaemonSet', 'ds', {
    metadata: { generation: 3 },
    spec: {
      updateStrategy: { type: 'RollingUpdate', ...updateStrategy },
      template: { metadata: { labels: { app: 'ds' } }, spec: podSpec },
    },
  });
}

/** A daemon pod for a node: `new` carries the current hash, `old` another; `ready` makes it available. */
function daemonPod(
  name: string,
  nodeName: string,
  options: {
    hash?: 'new' | 'old';
    ready?: boolean;
    phase?: string;
    created?: string;
    deleting?: boolean;
  } = {},
): KubeObject {
  return testPod({
    name,
    labels: { app: 'ds', 'controller-revision-hash': options.hash ?? 'new' },
    spec: withNodeNameAffinity({}, nodeName),
    ...(options.ready === true ? { readySince: ready, phase: 'Running' } : {}),
    ...(options.phase === undefined ? {} : { phase: options.phase }),
    ...(options.created === undefined ? {} : { created: options.created }),
    ...(options.deleting === true ? { deleting: true } : {}),
  });
}

function observe(ds: KubeObject, nodes: KubeObject[], pods: KubeObject[]) {
  return { ds, nodes, nodeToPods: groupByNode(pods), hash: 'new', now };
}

function summary(plan: DaemonSetPlan): { create: string[]; delete: string[] } {
  return { create: plan.create, delete: plan.delete.map((p) => metaString(p, 'name')) };
}

const nodes = [node('a'), node('b'), node('c')];

describe('managePlan', () => {
  it.each([
    [
      'creates a pod on each node without one',
      [daemonPod('pa', 'a')],
      { create: ['b', 'c'], delete: [] },
    ],
    [
      'keeps the oldest of two pods on a node',
      [
        daemonPod('p2', 'a', { created: '2024-01-01T00:00:05Z' }),
        daemonPod('p1', 'a'),
        daemonPod('pb', 'b'),
        daemonPod('pc', 'c'),
      ],
      { create: [], delete: ['p2'] },
    ],
    [
      'replaces failed pods',
      [daemonPod('pa', 'a', { phase: 'Failed' }), daemonPod('pb', 'b'), daemonPod('pc', 'c')],
      { create: [], delete: ['pa'] },
    ],
    [
      'waits for a terminating pod before creating its replacement',
      [daemonPod('pa', 'a', { deleting: true }), daemonPod('pb', 'b'), daemonPod('pc', 'c')],
      { create: [], delete: [] },
    ],
    [
      'removes unbound pods for nodes that are gone',
      [daemonPod('pa', 'a'), daemonPod('pb', 'b'), daemonPod('pc', 'c'), daemonPod('px', 'x')],
      { create: [], delete: ['px'] },
    ],
  ])('%s', (_, pods, expected) => {
    expect(summary(managePlan(observe(daemonSet(), nodes, pods)))).toEqual(expected);
  });

  it('removes pods from nodes that no longer match the nodeSelector', () => {
    const ds = daemonSet({}, { role: 'edge' });
    const plan = managePlan(
      observe(
        ds,
        [node('a', { role: 'edge' }), node('b')],
        [daemonPod('pa', 'a'), daemonPod('pb', 'b')],
      ),
    );
    expect(summary(plan)).toEqual({ create: [], delete: ['pb'] });
  });
});

describe('rollingUpdatePlan', () => {
  const allOld = [
    daemonPod('pa', 'a', { hash: 'old', ready: true }),
    daemonPod('pb', 'b', { hash: 'old', ready: true }),
    daemonPod('pc', 'c', { hash: 'old', ready: true }),
  ];

  it.each([
    ['deletes one old pod with maxUnavailable 1', {}, allOld, { create: [], delete: ['pa'] }],
    [
      'deletes two with maxUnavailable 2',
      { rollingUpdate: { maxUnavailable: 2 } },
      allOld,
      { create: [], delete: ['pa', 'pb'] },
    ],
    [
      'waits while an updated pod is not yet available',
      {},
      [daemonPod('pa', 'a'), allOld[1], allOld[2]] as KubeObject[],
      { create: [], delete: [] },
    ],
    [
      'replaces unavailable old pods at once',
      {},
      [daemonPod('pa', 'a'), daemonPod('pb', 'b', { hash: 'old' }), allOld[2]] as KubeObject[],
      { create: [], delete: ['pb'] },
    ],
    ['does nothing with OnDelete', { type: 'OnDelete' }, allOld, { create: [], delete: [] }],
    [
      'surges a new pod beside an available old one',
      { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      allOld,
      { create: ['a'], delete: [] },
    ],
    [
      'retires the old pod once the surged one is available',
      { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      [daemonPod('new-a', 'a', { ready: true }), ...allOld],
      { create: ['b'], delete: ['pa'] },
    ],
  ])('%s', (_, strategy, pods, expected) => {
    expect(summary(rollingUpdatePlan(observe(daemonSet(strategy), nodes, pods)))).toEqual(expected);
  });
});

describe('daemonSetStatus', () => {
  it('counts desired, scheduled, misscheduled, ready, available and updated pods', () => {
    const ds = daemonSet({}, { role: 'edge' });
    const edge = { role: 'edge' };
    const status = daemonSetStatus(
      observe(
        ds,
        [node('a', edge), node('b', edge), node('c', edge), node('d')],
        [
          daemonPod('pa', 'a', { ready: true }),
          daemonPod('pb', 'b', { hash: 'old', ready: true }),
          daemonPod('pd', 'd'),
        ],
      ),
    );
    expect(status).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 1,
      numberUnavailable: 1,
      observedGeneration: 3,
    });
  });
});
