import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { testWorkload } from '../replicaset/test-objects.ts';
import { nodeShouldRunDaemonPod } from './node-should-run.ts';

function node(labels: JsonObject = {}, taints: JsonObject[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels }, spec: { taints } };
}

function daemonSet(podSpec: JsonObject = {}): KubeObject {
  return testWorkload('DaemonSet', 'ds', {
    spec: {
      template: { metadata: { labels: { app: 'ds' } }, spec: { containers: [], ...podSpec } },
    },
  });
}

const taint = (key: string, effect: string): JsonObject => ({ key, value: 'x', effect });
const yes = { shouldRun: true, shouldContinueRunning: true };
const stay = { shouldRun: false, shouldContinueRunning: true };
const no = { shouldRun: false, shouldContinueRunning: false };

describe('nodeShouldRunDaemonPod', () => {
  it.each([
    ['a plain node', node(), daemonSet(), yes],
    [
      'a node the nodeSelector matches',
      node({ disk: 'ssd' }),
      daemonSet({ nodeSelector: { disk: 'ssd' } }),
      yes,
    ],
    ['a node the nodeSelector misses', node(), daemonSet({ nodeSelector: { disk: 'ssd' } }), no],
    [
      'a node the required affinity misses',
      node({ zone: 'a' }),
      daemonSet({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
              ],
            },
          },
        },
      }),
      no,
    ],
    ['another node named by the template', node(), daemonSet({ nodeName: 'n2' }), no],
    [
      'an untolerated NoSchedule taint (existing pods stay)',
      node({}, [taint('dedicated', 'NoSchedule')]),
      daemonSet(),
      stay,
    ],
    [
      'an untolerated NoExecute taint',
      node({}, [taint('dedicated', 'NoExecute')]),
      daemonSet(),
      no,
    ],
    [
      'a tolerated taint',
      node({}, [taint('dedicated', 'NoSchedule')]),
      daemonSet({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] }),
      yes,
    ],
    [
      'a not-ready node (default toleration)',
      node({}, [taint('node.kubernetes.io/not-ready', 'NoExecute')]),
      daemonSet(),
      yes,
    ],
    [
      'an unschedulable node (default toleration)',
      node({}, [taint('node.kubernetes.io/unschedulable', 'NoSchedule')]),
      daemonSet(),
      yes,
    ],
    [
      'network-unavailable without hostNetwork',
      node({}, [taint('node.kubernetes.io/network-unavailable', 'NoSchedule')]),
      daemonSet(),
      stay,
    ],
    [
      'network-unavailable with hostNetwork',
      node({}, [taint('node.kubernetes.io/network-unavailable', 'NoSchedule')]),
      daemonSet({ hostNetwork: true }),
      yes,
    ],
  ])('%s', (_, n, ds, expected) => {
    expect(nodeShouldRunDaemonPod(n, ds)).toEqual(expected);
  });
});
