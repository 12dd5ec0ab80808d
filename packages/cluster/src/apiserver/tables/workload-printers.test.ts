import { describe, expect, it } from 'vitest';
import { testNow, testObject } from './test-objects.ts';
import {
  daemonSetPrinter,
  deploymentPrinter,
  formatLabelSelector,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workload-printers.ts';

const template = {
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1' },
      { name: 'side', image: 'busybox' },
    ],
    nodeSelector: { disk: 'ssd' },
  },
};

describe('workload printers', () => {
  it('prints a deployment with its wide columns', () => {
    const deployment = testObject('Deployment', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    expect(deploymentPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(deploymentPrinter.row(deployment, testNow).cells).toEqual([
      'x',
      '2/3',
      3,
      2,
      '5m',
      'web,side',
      'nginx:1,busybox',
      'app=web',
    ]);
  });

  it('defaults replicas to 1 and shows an invalid deployment selector as <invalid>', () => {
    const deployment = testObject('Deployment', {
      spec: { selector: { matchExpressions: [{ key: 'a', operator: 'Bad' }] } },
    });
    const cells = deploymentPrinter.row(deployment, testNow).cells;
    expect([cells[1], cells[5], cells[7]]).toEqual(['0/1', '', '<invalid>']);
  });

  it('prints a replica set', () => {
    const rs = testObject('ReplicaSet', {
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(replicaSetPrinter.row(rs, testNow).cells).toEqual([
      'x',
      2,
      2,
      1,
      '5m',
      'web,side',
      'nginx:1,busybox',
      'app=web',
    ]);
  });

  it('prints a daemon set with its node selector', () => {
    const ds = testObject('DaemonSet', {
      spec: { selector: { matchLabels: { app: 'agent' } }, template },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 1,
        numberAvailable: 2,
      },
    });
    expect(daemonSetPrinter.row(ds, testNow).cells).toEqual([
      'x',
      3,
      3,
      2,
      1,
      2,
      'disk=ssd',
      '5m',
      'web,side',
      'nginx:1,busybox',
      'app=agent',
    ]);
  });

  it('prints a stateful set', () => {
    const sts = testObject('StatefulSet', {
      spec: { replicas: 2, template },
      status: { readyReplicas: 2 },
    });
    expect(statefulSetPrinter.row(sts, testNow).cells).toEqual([
      'x',
      '2/2',
      '5m',
      'web,side',
      'nginx:1,busybox',
    ]);
  });

  it.each([
    [null, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { b: '1', a: '2' } }, 'a=2,b=1'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, '<error>'],
  ])('formats the label selector %j as %j', (spec, text) => {
    expect(formatLabelSelector(spec)).toBe(text);
  });
});
