import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import { numberAt, objectAt } from '../../apiserver/selectors/read-json.ts';
import { isPodAvailable, isPodReady, msUntilAvailable } from '../replicaset/is-pod-available.ts';
import { setCount } from '../replicaset/status-patch.ts';
import { byAge, revisionHashLabel, type DaemonSetObservation } from './daemon-set-plan.ts';
import { nodeShouldRunDaemonPod } from './node-should-run.ts';

interface Tally {
  desired: number;
  current: number;
  misscheduled: number;
  ready: number;
  available: number;
  updated: number;
}

/** The oldest pod of each node that should run one (what the counts look at). */
function scheduledPods(obs: DaemonSetObservation, tally: Tally): KubeObject[] {
  const pods: KubeObject[] = [];
  for (const node of obs.nodes) {
    const onNode = [...(obs.nodeToPods.get(metaString(node, 'name')) ?? [])].sort(byAge);
    if (!nodeShouldRunDaemonPod(node, obs.ds).shouldRun) {
      if (onNode.length > 0) tally.misscheduled++;
      continue;
    }
    tally.desired++;
    const pod = onNode[0];
    if (pod === undefined) continue;
    tally.current++;
    pods.push(pod);
  }
  return pods;
}

/**
 * A DaemonSet's status (`updateDaemonSetStatus`): desiredNumberScheduled (eligible nodes),
 * currentNumberScheduled (eligible nodes with a pod), numberMisscheduled (ineligible nodes with
 * one), and over the oldest pod of each eligible node numberReady, numberAvailable
 * (minReadySeconds), updatedNumberScheduled (current template hash) and numberUnavailable.
 */
export function daemonSetStatus(obs: DaemonSetObservation): JsonObject {
  const { ds, hash, now } = obs;
  const minReady = numberAt(ds, 'spec', 'minReadySeconds');
  const tally: Tally = {
    desired: 0,
    current: 0,
    misscheduled: 0,
    ready: 0,
    available: 0,
    updated: 0,
  };
  for (const pod of scheduledPods(obs, tally)) {
    if (isPodReady(pod)) tally.ready++;
    if (isPodAvailable(pod, minReady, now)) tally.available++;
    if (labelsOf(pod)[revisionHashLabel] === hash) tally.updated++;
  }
  const status: JsonObject = {
    currentNumberScheduled: tally.current,
    numberMisscheduled: tally.misscheduled,
    desiredNumberScheduled: tally.desired,
    numberReady: tally.ready,
    observedGeneration: numberAt(ds, 'metadata', 'generation'),
  };
  setCount(status, 'updatedNumberScheduled', tally.updated);
  setCount(status, 'numberAvailable', tally.available);
  setCount(status, 'numberUnavailable', tally.desired - tally.available);
  const previous = objectAt(ds, 'status') ?? {};
  for (const key of ['collisionCount', 'conditions'])
    if (previous[key] !== undefined) status[key] = previous[key] ?? null;
  return status;
}

/** When a ready daemon pod next becomes available by minReadySeconds, in ms, if any will. */
export function nextDaemonAvailabilityCheck(obs: DaemonSetObservation): number | undefined {
  const minReady = numberAt(obs.ds, 'spec', 'minReadySeconds');
  const waits = [...obs.nodeToPods.values()]
    .flat()
    .map((p) => msUntilAvailable(p, minReady, obs.now))
    .filter((ms): ms is number => ms !== undefined && ms > 0);
  return waits.length === 0 ? undefined : Math.min(...waits);
}
