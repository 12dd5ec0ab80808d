import type { VirtualMachineInstance } from '@podvisor/api';
import { labels, labelValues } from '@podvisor/api';
import { useMemo } from 'react';
import { type K8sObject, useK8sWatchResource } from '../k8s/index.ts';

function isFinished(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

interface PodLike extends K8sObject {
  readonly status?: { readonly phase?: string };
}

/** The launcher pod to show for a VM: the current VMI's, else a live one, else any. */
export function pickLauncherPod(
  pods: readonly PodLike[],
  vmi: VirtualMachineInstance | undefined,
): string | undefined {
  const uid = vmi?.metadata.uid;
  const ofVmi = pods.filter(
    (pod) => uid !== undefined && pod.metadata.labels?.[labels.createdBy] === uid,
  );
  const chosen =
    ofVmi.find((pod) => !isFinished(pod)) ?? ofVmi[0] ?? pods.find((pod) => !isFinished(pod));
  return chosen?.metadata.name;
}

/** Watches the launcher pods of VM `name` and names the one to link to. */
export function useLauncherPod(
  namespace: string,
  name: string,
  vmi: VirtualMachineInstance | undefined,
): string | undefined {
  const watch = useMemo(
    () => ({
      groupVersionResource: { group: '', version: 'v1', resource: 'pods' },
      namespace,
      isList: true as const,
      selector: { matchLabels: { [labels.app]: labelValues.virtLauncher, [labels.vmName]: name } },
    }),
    [namespace, name],
  );
  const [pods] = useK8sWatchResource<PodLike>(watch);
  return pickLauncherPod(pods, vmi);
}
