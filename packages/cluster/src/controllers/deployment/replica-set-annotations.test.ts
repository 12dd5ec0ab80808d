import { describe, expect, it } from 'vitest';
import { testWorkload } from '../replicaset/test-objects.ts';
import { newReplicaSetAnnotations } from './replica-set-annotations.ts';

const d = testWorkload('Deployment', 'd', {
  metadata: {
    annotations: {
      'kubernetes.io/change-cause': 'set image',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'deployment.kubernetes.io/revision': '7',
    },
  },
  spec: { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
});

describe('newReplicaSetAnnotations', () => {
  it('copies the deployment annotations, sets the revision and the replica annotations on creation', () => {
    expect(newReplicaSetAnnotations(d, {}, { revision: 3, creating: true })).toEqual({
      'kubernetes.io/change-cause': 'set image',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
  });

  it('keeps earlier revisions in revision-history when an old ReplicaSet comes back', () => {
    const current = {
      'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/revision-history': '1',
    };
    expect(newReplicaSetAnnotations(d, current, { revision: 5, creating: false })).toMatchObject({
      'deployment.kubernetes.io/revision': '5',
      'deployment.kubernetes.io/revision-history': '1,2',
    });
  });

  it('never lowers a revision', () => {
    const current = { 'deployment.kubernetes.io/revision': '6' };
    expect(newReplicaSetAnnotations(d, current, { revision: 6, creating: false })).toMatchObject(
      current,
    );
  });
});
