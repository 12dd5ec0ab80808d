import { describe, expect, it } from 'vitest';
import { replicaSetStatus } from './replica-set-status.ts';
import { testPod, testWorkload } from './test-objects.ts';

const now = Date.parse('2024-01-01T00:01:00Z');

describe('replicaSetStatus', () => {
  const rs = testWorkload('ReplicaSet', 'web', {
    spec: {
      replicas: 3,
      minReadySeconds: 30,
      template: { metadata: { labels: { app: 'web', tier: 'x' } } },
    },
    metadata: { generation: 4 },
  });

  it('counts replicas, fully labeled, ready and available pods', () => {
    const pods = [
      testPod({ name: 'a', labels: { app: 'web', tier: 'x' }, readySince: '2024-01-01T00:00:00Z' }),
      testPod({ name: 'b', labels: { app: 'web', tier: 'x' }, readySince: '2024-01-01T00:00:55Z' }),
      testPod({ name: 'c', labels: { app: 'web' } }),
    ];
    expect(replicaSetStatus({ rs, pods, now })).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 1,
      observedGeneration: 4,
    });
  });

  it('adds a ReplicaFailure condition on a failed create and drops it once creates succeed', () => {
    const failed = replicaSetStatus({ rs, pods: [], manageError: 'pods "web-" is forbidden', now });
    expect(failed['conditions']).toEqual([
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: '2024-01-01T00:01:00Z',
        reason: 'FailedCreate',
        message: 'pods "web-" is forbidden',
      },
    ]);
    expect(replicaSetStatus({ rs: { ...rs, status: failed }, pods: [], now })).not.toHaveProperty(
      'conditions',
    );
  });
});
