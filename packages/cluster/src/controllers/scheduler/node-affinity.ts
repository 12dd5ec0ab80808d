import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { labelsOf, metaString } from '../../apiserver/objects/lifecycle.ts';

/** A `nodeSelectorRequirement`: key, operator (In, NotIn, Exists, DoesNotExist, Gt, Lt), values. */
interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

function requirementsOf(term: JsonObject, field: string): Requirement[] {
  const list = term[field];
  if (!Array.isArray(list)) return [];
  return list.filter(isJsonObject).map((r) => ({
    key: typeof r['key'] === 'string' ? r['key'] : '',
    operator: typeof r['operator'] === 'string' ? r['operator'] : '',
    values: Array.isArray(r['values'])
      ? r['values'].filter((v): v is string => typeof v === 'string')
      : [],
  }));
}

/** An integer label value for Gt/Lt, or undefined when it is not one. */
function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

function compare(requirement: Requirement, value: string | undefined): boolean {
  const label = integer(value);
  const bound = requirement.values.length === 1 ? integer(requirement.values[0]) : undefined;
  if (label === undefined || bound === undefined) return false;
  return requirement.operator === 'Gt' ? label > bound : label < bound;
}

/** Whether one requirement holds for a value (undefined when the label is absent). */
function matchesRequirement(requirement: Requirement, value: string | undefined): boolean {
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt':
      return compare(requirement, value);
    default:
      return false;
  }
}

/** Whether a node selector term matches: all its expressions and fields; an empty term matches nothing. */
function matchesTerm(term: JsonObject, node: KubeObject): boolean {
  const expressions = requirementsOf(term, 'matchExpressions');
  const fields = requirementsOf(term, 'matchFields');
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = labelsOf(node);
  const fieldValue = (key: string): string | undefined =>
    key === 'metadata.name' ? metaString(node, 'name') : undefined;
  return (
    expressions.every((r) => matchesRequirement(r, labels[r.key])) &&
    fields.every((r) => matchesRequirement(r, fieldValue(r.key)))
  );
}

function at(obj: Json | undefined, ...path: string[]): Json | undefined {
  let current = obj;
  for (const key of path) current = isJsonObject(current) ? current[key] : undefined;
  return current;
}

/**
 * Whether a pod may run on a node by its `nodeSelector` (every label equal) and its required node
 * affinity (`requiredDuringSchedulingIgnoredDuringExecution`: any of the nodeSelectorTerms, each
 * with all its matchExpressions and matchFields on `metadata.name`).
 */
export function matchesNodeAffinity(pod: KubeObject, node: KubeObject): boolean {
  const labels = labelsOf(node);
  const selector = at(pod, 'spec', 'nodeSelector');
  if (isJsonObject(selector) && Object.entries(selector).some(([k, v]) => labels[k] !== v))
    return false;
  const required = at(
    pod,
    'spec',
    'affinity',
    'nodeAffinity',
    'requiredDuringSchedulingIgnoredDuringExecution',
  );
  if (!isJsonObject(required)) return true;
  const terms = required['nodeSelectorTerms'];
  return Array.isArray(terms) && terms.filter(isJsonObject).some((t) => matchesTerm(t, node));
}
