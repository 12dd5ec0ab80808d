import { randomBytes } from 'node:crypto';
import type { Logger } from '@podvisor/kube';
import type { JsonObject } from '../apiserver/json.ts';
import { apiTime } from './pod-status.ts';
import type { KubeClient } from './kube-client.ts';
import type { PodEventRecorder } from './pod-worker.ts';
import { objectRef, readString } from './read-json.ts';

/** Posts pod events (`kubectl describe pod` shows them) from this node; failures are only logged. */
export function eventRecorder(
  client: KubeClient,
  nodeName: string,
  logger: Logger,
): PodEventRecorder {
  return (pod: JsonObject, event) => {
    const ref = objectRef(pod);
    const now = apiTime(new Date());
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ref.name}.${randomBytes(8).toString('hex')}`, namespace: ref.namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: ref.namespace,
        name: ref.name,
        uid: ref.uid,
        resourceVersion: readString(
          (pod['metadata'] as JsonObject | undefined)?.['resourceVersion'],
        ),
      },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: 'kubelet', host: nodeName },
      reportingComponent: 'kubelet',
      reportingInstance: nodeName,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    client
      .call('POST', `/api/v1/namespaces/${ref.namespace}/events`, { body })
      .catch((error: unknown) => {
        logger.debug({ err: error, reason: event.reason }, 'could not record event');
      });
  };
}
