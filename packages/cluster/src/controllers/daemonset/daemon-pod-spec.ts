import { isJsonObject, type Json, type JsonObject } from '../../apiserver/json.ts';

/** The tolerations every DaemonSet pod gets (`AddOrUpdateDaemonPodTolerations`). */
const defaultTolerations: readonly { key: string; effect: string }[] = [
  { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
];

const hostNetworkToleration = {
  key: 'node.kubernetes.io/network-unavailable',
  effect: 'NoSchedule',
};

/**
 * A pod spec with the DaemonSet tolerations added (not-ready and unreachable NoExecute;
 * disk, memory and PID pressure and unschedulable NoSchedule; network-unavailable for
 * host-network pods), unless a toleration with the same key and effect is already there.
 */
export function withDaemonTolerations(spec: JsonObject): JsonObject {
  const current = Array.isArray(spec['tolerations'])
    ? spec['tolerations'].filter(isJsonObject)
    : [];
  const wanted =
    spec['hostNetwork'] === true
      ? [...defaultTolerations, hostNetworkToleration]
      : defaultTolerations;
  const added = wanted
    .filter((w) => !current.some((t) => t['key'] === w.key && t['effect'] === w.effect))
    .map((w): JsonObject => ({ key: w.key, operator: 'Exists', effect: w.effect }));
  return { ...spec, tolerations: [...current, ...added] };
}

/**
 * A pod spec pinned to one node the way the DaemonSet controller pins its pods
 * (`ReplaceDaemonSetPodNodeNameNodeAffinity`): the required node affinity becomes a single term
 * matching the field `metadata.name`, which the scheduler honours when it binds the pod.
 */
export function withNodeNameAffinity(spec: JsonObject, nodeName: string): JsonObject {
  const affinity = isJsonObject(spec['affinity']) ? spec['affinity'] : {};
  const nodeAffinity = isJsonObject(affinity['nodeAffinity']) ? affinity['nodeAffinity'] : {};
  const term: JsonObject = {
    matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }],
  };
  return {
    ...spec,
    affinity: {
      ...affinity,
      nodeAffinity: {
        ...nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
      },
    },
  };
}

function singleNameIn(term: Json): string | undefined {
  const fields = isJsonObject(term) ? term['matchFields'] : undefined;
  if (!Array.isArray(fields)) return undefined;
  for (const field of fields) {
    if (!isJsonObject(field) || field['key'] !== 'metadata.name' || field['operator'] !== 'In')
      continue;
    const values = field['values'];
    if (Array.isArray(values) && values.length === 1 && typeof values[0] === 'string')
      return values[0];
  }
  return undefined;
}

/**
 * The node a DaemonSet pod is for (`GetTargetNodeName`): its `spec.nodeName` once bound, else
 * the node its `metadata.name` node affinity names; undefined when neither says.
 */
export function targetNodeOf(pod: JsonObject): string | undefined {
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  if (typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '') return spec['nodeName'];
  const affinity = isJsonObject(spec['affinity']) ? spec['affinity'] : {};
  const nodeAffinity = isJsonObject(affinity['nodeAffinity']) ? affinity['nodeAffinity'] : {};
  const required = nodeAffinity['requiredDuringSchedulingIgnoredDuringExecution'];
  const terms = isJsonObject(required) ? required['nodeSelectorTerms'] : undefined;
  if (!Array.isArray(terms)) return undefined;
  for (const term of terms) {
    const name = singleNameIn(term);
    if (name !== undefined) return name;
  }
  return undefined;
}
