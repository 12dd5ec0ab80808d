import type { V1Affinity, V1NodeSelectorTerm, V1Pod } from '@kubernetes/client-node';
import {
  annotations,
  labels,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
} from '@podvisor/api';
import { TerminalError } from '@podvisor/kube';
import { launcherPod, type LauncherPodConfig } from '../vmi/launcher-pod.ts';

/** A label value's longest length (Kubernetes' `IsValidLabelValue`). */
const maxLabelValueLength = 63;

/** VMI labels that describe where the VMI runs now: the target pod must not inherit them. */
const placementLabels: readonly string[] = [labels.nodeName, labels.migrationTargetNodeName];

/**
 * Adds "not the source node" to the required node affinity: to every term (terms are ORed, a
 * term's requirements ANDed), or as one term of its own when there is none. `matchFields` on
 * `metadata.name` is honoured by kube-scheduler and by the embedded scheduler alike, and needs
 * no `kubernetes.io/hostname` label on the nodes. Mutates `affinity` (a fresh copy).
 */
function keepAwayFrom(affinity: V1Affinity, sourceNode: string): void {
  const notSource = { key: 'metadata.name', operator: 'NotIn', values: [sourceNode] };
  const nodeAffinity = (affinity.nodeAffinity ??= {});
  const required = (nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ??= {
    nodeSelectorTerms: [],
  });
  const terms: V1NodeSelectorTerm[] = required.nodeSelectorTerms;
  if (terms.length === 0) terms.push({ matchFields: [notSource] });
  else for (const term of terms) term.matchFields = [...(term.matchFields ?? []), notSource];
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw new TerminalError(`the ${field} is missing`);
  return value;
}

/**
 * Renders the migration target launcher pod of `vmi` for `migration` (issue 12's contract 1):
 * the VMI controller's launcher pod (same containers, resources, owner and scheduling fields)
 * plus the labels `kubevirt.io/migrationJobUID` and `kubevirt.io/migrationJobName` (the name
 * also as KubeVirt's annotation), the migration's `addedNodeSelector` under the VMI's own
 * nodeSelector (which wins on a shared key, so it can only narrow the choice), and a required
 * node affinity away from `sourceNode`. The VMI's `kubevirt.io/nodeName` and migration target
 * labels are not copied. Pure; throws a `TerminalError` for objects it cannot render.
 */
export function migrationTargetPod(
  vmi: VirtualMachineInstance,
  migration: VirtualMachineInstanceMigration,
  options: { readonly sourceNode: string; readonly launcherPod: LauncherPodConfig },
): V1Pod {
  const uid = required(migration.metadata.uid, 'migration metadata.uid');
  const name = required(migration.metadata.name, 'migration metadata.name');
  const sourceNode = required(options.sourceNode, 'source node (the VMI status.nodeName)');
  const pod = structuredClone(launcherPod(vmi, options.launcherPod));
  const metadata = (pod.metadata ??= {});
  const podLabels = (metadata.labels ??= {});
  for (const key of placementLabels) Reflect.deleteProperty(podLabels, key);
  podLabels[labels.migrationJobUid] = uid;
  if (name.length <= maxLabelValueLength) podLabels[annotations.migrationJobName] = name;
  (metadata.annotations ??= {})[annotations.migrationJobName] = name;
  const spec = pod.spec;
  if (spec === undefined) throw new TerminalError('the launcher pod has no spec');
  const added = Object.entries(migration.spec.addedNodeSelector ?? {});
  const nodeSelector = (spec.nodeSelector ??= {});
  for (const [key, value] of added) if (!(key in nodeSelector)) nodeSelector[key] = value;
  keepAwayFrom((spec.affinity ??= {}), sourceNode);
  return pod;
}
