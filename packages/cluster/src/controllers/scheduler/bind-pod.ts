import type { KubeObject } from '../../apiserver/json.ts';
import { metaString, timestamp } from '../../apiserver/objects/lifecycle.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';

/** `v1 pods`. */
export const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

/** The field manager of the scheduler's writes. */
export const schedulerManager = 'default-scheduler';

/**
 * Binds a pod to a node in process, as `POST pods/{name}/binding` does: sets `spec.nodeName`
 * with the pod's resourceVersion as a precondition (a pod changed or bound meanwhile is a 409,
 * and the scheduler looks again), then records `PodScheduled=True` in its status.
 */
export async function bindPod(
  client: ClusterClient,
  pod: KubeObject,
  nodeName: string,
  now: number = Date.now(),
): Promise<KubeObject> {
  const name = { namespace: metaString(pod, 'namespace'), name: metaString(pod, 'name') };
  await client.patch(
    podsRef,
    name,
    {
      type: 'merge',
      body: {
        metadata: { resourceVersion: metaString(pod, 'resourceVersion') },
        spec: { nodeName },
      },
    },
    { fieldManager: schedulerManager },
  );
  const condition = {
    type: 'PodScheduled',
    status: 'True',
    reason: null,
    message: null,
    lastProbeTime: null,
    lastTransitionTime: timestamp(now),
  };
  return client.patch(
    podsRef,
    name,
    { type: 'strategic', body: { status: { conditions: [condition] } } },
    { fieldManager: schedulerManager, subresource: 'status' },
  );
}
