import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { objectAt, stringAt } from '../../apiserver/selectors/read-json.ts';
import { matchesNodeAffinity } from '../scheduler/node-affinity.ts';
import { findUntoleratedTaint, taintsOf, tolerationsOf } from '../scheduler/tolerates-taint.ts';
import { withDaemonTolerations } from './daemon-pod-spec.ts';

/** Whether a DaemonSet wants a pod on a node, and whether an existing one may stay. */
export interface NodeVerdict {
  readonly shouldRun: boolean;
  readonly shouldContinueRunning: boolean;
}

/**
 * Whether a DaemonSet's pod belongs on a node (`NodeShouldRunDaemonPod`): the template's
 * nodeName (if any) names it, its nodeSelector and required node affinity match it, and the pod
 * (with the default DaemonSet tolerations) tolerates its NoSchedule and NoExecute taints. A pod
 * already there may continue running when only NoSchedule taints are untolerated.
 */
export function nodeShouldRunDaemonPod(node: KubeObject, ds: KubeObject): NodeVerdict {
  const name = metaString(node, 'name');
  const template = objectAt(ds, 'spec', 'template') ?? {};
  const wanted = stringAt(template, 'spec', 'nodeName');
  const no = { shouldRun: false, shouldContinueRunning: false };
  if (wanted !== '' && wanted !== name) return no;
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {},
    spec: withDaemonTolerations(objectAt(template, 'spec') ?? {}),
  };
  if (!matchesNodeAffinity(pod, node)) return no;
  const taints = taintsOf(node);
  const tolerations = tolerationsOf(pod);
  if (findUntoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute']) === undefined)
    return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(taints, tolerations, ['NoExecute']);
  return { shouldRun: false, shouldContinueRunning: evicting === undefined };
}
