import { isJsonObject, type Json, type KubeObject } from '../../apiserver/json.ts';
import { deepEqualJson } from '../../apiserver/patch/index.ts';
import { readPath } from '../../apiserver/selectors/read-json.ts';
import { byCreation, podTemplateHashLabel, type ReplicaSetView } from './replica-set-view.ts';

function withoutHashLabel(template: Json | undefined): Json {
  if (!isJsonObject(template)) return null;
  const metadata = isJsonObject(template['metadata']) ? { ...template['metadata'] } : {};
  if (isJsonObject(metadata['labels'])) {
    const labels = { ...metadata['labels'] };
    Reflect.deleteProperty(labels, podTemplateHashLabel);
    if (Object.keys(labels).length === 0) Reflect.deleteProperty(metadata, 'labels');
    else metadata['labels'] = labels;
  }
  return { ...template, metadata };
}

/** Whether two pod templates are equal apart from the `pod-template-hash` label (`EqualIgnoreHash`). */
export function equalIgnoreHash(a: Json | undefined, b: Json | undefined): boolean {
  return deepEqualJson(withoutHashLabel(a), withoutHashLabel(b));
}

/**
 * The Deployment's new ReplicaSet, the oldest whose template equals the Deployment's
 * (`FindNewReplicaSet`), and all the others, oldest first.
 */
export function splitReplicaSets(
  d: KubeObject,
  list: readonly ReplicaSetView[],
): { newRS: ReplicaSetView | undefined; old: ReplicaSetView[] } {
  const template = readPath(d, 'spec', 'template');
  const sorted = [...list].sort(byCreation);
  const newRS = sorted.find((rs) =>
    equalIgnoreHash(readPath(rs.obj, 'spec', 'template'), template),
  );
  return { newRS, old: sorted.filter((rs) => rs !== newRS) };
}
