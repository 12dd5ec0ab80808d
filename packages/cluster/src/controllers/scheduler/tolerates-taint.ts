import { isJsonObject, type Json, type KubeObject } from '../../apiserver/json.ts';

/** A node taint (`spec.taints[]`). */
export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: string;
  readonly timeAdded?: string;
}

/** A pod toleration (`spec.tolerations[]`). */
export interface Toleration {
  readonly key: string;
  readonly operator: string;
  readonly value: string;
  readonly effect: string;
  readonly tolerationSeconds?: number;
}

function text(obj: Record<string, Json>, field: string): string {
  const value = obj[field];
  return typeof value === 'string' ? value : '';
}

function objectsAt(obj: KubeObject, field: string, list: string): Record<string, Json>[] {
  const parent = obj[field];
  const items = isJsonObject(parent) ? parent[list] : undefined;
  return Array.isArray(items) ? items.filter(isJsonObject) : [];
}

/** The taints of a node. */
export function taintsOf(node: KubeObject): Taint[] {
  return objectsAt(node, 'spec', 'taints').map((t) => ({
    key: text(t, 'key'),
    value: text(t, 'value'),
    effect: text(t, 'effect'),
    ...(typeof t['timeAdded'] === 'string' ? { timeAdded: t['timeAdded'] } : {}),
  }));
}

/** The tolerations of a pod. */
export function tolerationsOf(pod: KubeObject): Toleration[] {
  return objectsAt(pod, 'spec', 'tolerations').map((t) => ({
    key: text(t, 'key'),
    operator: text(t, 'operator'),
    value: text(t, 'value'),
    effect: text(t, 'effect'),
    ...(typeof t['tolerationSeconds'] === 'number'
      ? { tolerationSeconds: t['tolerationSeconds'] }
      : {}),
  }));
}

/**
 * Whether a toleration tolerates a taint, as upstream decides: an empty effect matches every
 * effect, an empty key with `Exists` matches every key, `Exists` ignores the value and `Equal`
 * (the default operator) compares it.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key !== '' && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return toleration.value === taint.value;
}

/** The first taint with one of the effects that no toleration tolerates, if any. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly string[],
): Taint | undefined {
  return taints.find(
    (taint) => effects.includes(taint.effect) && !tolerations.some((t) => toleratesTaint(t, taint)),
  );
}
