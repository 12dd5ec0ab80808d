import { TerminalError } from '@podvisor/kube';
import type { KubeObject } from '../../apiserver/json.ts';
import { labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';
import {
  labelSelectorFromSpec,
  matchesLabels,
  type LabelSelector,
} from '../../apiserver/selectors/index.ts';
import { objectAt, readPath } from '../../apiserver/selectors/read-json.ts';
import { controllerRefOf } from './controller-ref.ts';

function goMap(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).map(
    ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
  );
  return `map[string]string{${entries.join(', ')}}`;
}

/**
 * The `spec.selector` of a workload (ReplicaSet, Deployment, DaemonSet), checked as the API
 * server's validation does: required, well-formed, not empty, and matching the pod template's labels
 * (otherwise the controller would create pods it does not select, forever). A bad selector is a
 * TerminalError with upstream's wording.
 */
export function workloadSelector(obj: KubeObject): LabelSelector {
  const spec = readPath(obj, 'spec', 'selector');
  if (spec === undefined || spec === null) throw new TerminalError('spec.selector: Required value');
  let selector: LabelSelector;
  try {
    selector = labelSelectorFromSpec(spec);
  } catch (error) {
    throw new TerminalError(
      `spec.selector: Invalid value: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (selector.requirements.length === 0)
    throw new TerminalError(
      `spec.selector: Invalid value: {}: empty selector is invalid for ${obj.kind.toLowerCase()}`,
    );
  const template = objectAt(obj, 'spec', 'template', 'metadata', 'labels') ?? {};
  const labels = labelsOf({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: template } });
  if (!matchesLabels(selector, labels))
    throw new TerminalError(
      `spec.template.metadata.labels: Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
    );
  return selector;
}

/** The workload's selector, or undefined when it is invalid (for event handlers, which must not throw). */
export function selectorOrUndefined(obj: KubeObject): LabelSelector | undefined {
  try {
    return workloadSelector(obj);
  } catch {
    return undefined;
  }
}

/** Keys of the workloads among `candidates` whose selector matches `obj`'s labels. */
export function selectingKeys(obj: KubeObject, candidates: readonly KubeObject[]): string[] {
  const labels = labelsOf(obj);
  return candidates
    .filter((c) => {
      const selector = selectorOrUndefined(c);
      return selector !== undefined && matchesLabels(selector, labels);
    })
    .map((c) => `${metaString(c, 'namespace')}/${metaString(c, 'name')}`);
}

/**
 * The keys of the workloads of `kind` an object concerns: its controller when that is of `kind`,
 * none when another controller owns it, and, for an orphan, the workloads that select it.
 */
export function ownerOrSelectingKeys(
  obj: KubeObject,
  kind: string,
  workloads: readonly KubeObject[],
): string[] {
  const ref = controllerRefOf(obj);
  if (ref === undefined) return selectingKeys(obj, workloads);
  return ref.kind === kind ? [`${metaString(obj, 'namespace')}/${ref.name}`] : [];
}
