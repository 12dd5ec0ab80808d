/** A metav1.LabelSelector as plain JSON, read loosely. */
export interface LabelSelectorView {
  matchLabels?: Record<string, unknown>;
  matchExpressions?: readonly { key?: unknown; operator?: unknown; values?: unknown }[];
}

type Requirement = NonNullable<LabelSelectorView['matchExpressions']>[number];

/** Why a selector cannot be used, or undefined when it is well formed. */
export function labelSelectorError(selector: LabelSelectorView): string | undefined {
  for (const requirement of selector.matchExpressions ?? []) {
    const values = Array.isArray(requirement.values) ? requirement.values : [];
    switch (requirement.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return "for 'in', 'notin' operators, values set can't be empty";
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) return 'values set must be empty for exists and does not exist';
        break;
      default:
        return `"${String(requirement.operator)}" is not a valid label selector operator`;
    }
  }
  return undefined;
}

function requirementMatches(requirement: Requirement, labels: Record<string, unknown>): boolean {
  const key = String(requirement.key);
  const values = Array.isArray(requirement.values) ? (requirement.values as unknown[]) : [];
  const has = Object.hasOwn(labels, key);
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(labels[key]);
    case 'NotIn':
      return !has || !values.includes(labels[key]);
    case 'Exists':
      return has;
    default:
      return !has;
  }
}

/** Whether a well-formed label selector selects an object with these labels. */
export function labelSelectorMatches(
  selector: LabelSelectorView,
  labels: Record<string, unknown>,
): boolean {
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  return (
    matchLabels.every(([key, value]) => labels[key] === value) &&
    (selector.matchExpressions ?? []).every((r) => requirementMatches(r, labels))
  );
}
