import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';

/** The condition of a node (or pod) with this type, if it has one. */
export function conditionOf(obj: KubeObject, type: string): JsonObject | undefined {
  const status = obj['status'];
  const conditions = isJsonObject(status) ? status['conditions'] : undefined;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.filter(isJsonObject).find((c) => c['type'] === type);
}

/** A node's `Ready` status: `True`, `False` or `Unknown` (a node that never reported is `False`). */
export function nodeReadyStatus(node: KubeObject): 'True' | 'False' | 'Unknown' {
  const status = conditionOf(node, 'Ready')?.['status'];
  return status === 'True' || status === 'Unknown' ? status : 'False';
}
