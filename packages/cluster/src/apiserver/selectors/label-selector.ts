import { invalidValue, validateLabelKey, validateLabelValue } from './validate-label.ts';

/**
 * A label selector operator, spelled as apimachinery's `selection.Operator`:
 * `in`, `notin`, `=`, `==`, `!=`, `exists`, `!` (does not exist), `gt`, `lt`.
 */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One requirement of a label selector; all requirements of a selector must hold. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** The values as given (set-based operators list them deduplicated and sorted). */
  readonly values: readonly string[];
}

/** A parsed label selector: the AND of its requirements. No requirements match everything. */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
  /** True for the selector of a missing (null) metav1.LabelSelector, which matches nothing. */
  readonly matchesNothing: boolean;
}

/** The selector that matches every object. */
export const everythingSelector: LabelSelector = { requirements: [], matchesNothing: false };

/** The selector that matches no object (a nil metav1.LabelSelector). */
export const nothingSelector: LabelSelector = { requirements: [], matchesNothing: true };

const integerPattern = /^[+-]?\d+$/;

function goStringSlice(values: readonly string[]): string {
  if (values.length === 0) return '[]string(nil)';
  return `[]string{${values.map((value) => JSON.stringify(value)).join(', ')}}`;
}

interface ArityRule {
  readonly accepts: (count: number) => boolean;
  readonly message: string;
}

const arityRules: Readonly<Record<LabelOperator, ArityRule>> = {
  in: { accepts: (n) => n > 0, message: "for 'in', 'notin' operators, values set can't be empty" },
  notin: {
    accepts: (n) => n > 0,
    message: "for 'in', 'notin' operators, values set can't be empty",
  },
  '=': { accepts: (n) => n === 1, message: 'exact-match compatibility requires one single value' },
  '==': { accepts: (n) => n === 1, message: 'exact-match compatibility requires one single value' },
  '!=': { accepts: (n) => n === 1, message: 'exact-match compatibility requires one single value' },
  exists: {
    accepts: (n) => n === 0,
    message: 'values set must be empty for exists and does not exist',
  },
  '!': {
    accepts: (n) => n === 0,
    message: 'values set must be empty for exists and does not exist',
  },
  gt: {
    accepts: (n) => n === 1,
    message: "for 'Gt', 'Lt' operators, exactly one value is required",
  },
  lt: {
    accepts: (n) => n === 1,
    message: "for 'Gt', 'Lt' operators, exactly one value is required",
  },
};

function operatorErrors(
  operator: LabelOperator,
  values: readonly string[],
  valuesPath: string,
): string[] {
  const rule = arityRules[operator];
  const errors = rule.accepts(values.length)
    ? []
    : [`${valuesPath}: Invalid value: ${goStringSlice(values)}: ${rule.message}`];
  if (operator !== 'gt' && operator !== 'lt') return errors;
  values.forEach((value, index) => {
    if (!isInt64(value))
      errors.push(
        invalidValue(
          `${valuesPath}[${index}]`,
          value,
          "for 'Gt', 'Lt' operators, the value must be an integer",
        ),
      );
  });
  return errors;
}

function isInt64(value: string): boolean {
  if (!integerPattern.test(value)) return false;
  const parsed = BigInt(value);
  return parsed >= -(2n ** 63n) && parsed < 2n ** 63n;
}

/** Joins field errors as `utilerrors.NewAggregate` prints them. */
export function aggregateMessage(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/**
 * Builds a requirement as `labels.NewRequirement` does, validating key, operator arity and
 * values. Returns the requirement, or the aggregated error message. `path` prefixes the field
 * paths of the messages (empty for none, as upstream's nil path).
 */
export function newLabelRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
  path = '',
): LabelRequirement | { readonly error: string } {
  const errors: string[] = [];
  const keyError = validateLabelKey(key, path === '' ? 'key' : `${path}.key`);
  if (keyError !== undefined) errors.push(keyError);
  const valuesPath = path === '' ? 'values' : `${path}.values`;
  errors.push(...operatorErrors(operator, values, valuesPath));
  values.forEach((value, index) => {
    const valueError = validateLabelValue(value, `${valuesPath}[${index}][${key}]`);
    if (valueError !== undefined) errors.push(valueError);
  });
  if (errors.length > 0) return { error: aggregateMessage(errors) };
  return { key, operator, values: [...values] };
}

function requirementMatches(
  requirement: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && requirement.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !requirement.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt':
      return compares(requirement, value);
  }
}

function compares(requirement: LabelRequirement, value: string | undefined): boolean {
  const [wanted] = requirement.values;
  if (value === undefined || wanted === undefined || requirement.values.length !== 1) return false;
  if (!isInt64(value) || !isInt64(wanted)) return false;
  const actual = BigInt(value);
  const limit = BigInt(wanted);
  return requirement.operator === 'gt' ? actual > limit : actual < limit;
}

/** Whether `labels` satisfy every requirement; an empty selector matches everything. */
export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector.matchesNothing) return false;
  const set = labels ?? {};
  return selector.requirements.every((requirement) => requirementMatches(requirement, set));
}

const operatorText: Record<LabelOperator, string> = {
  in: ' in ',
  notin: ' notin ',
  '=': '=',
  '==': '==',
  '!=': '!=',
  exists: '',
  '!': '',
  gt: '>',
  lt: '<',
};

/** One requirement in Kubernetes' canonical text form (`k in (a,b)`, `!k`, `k>1`…). */
export function labelRequirementToString(requirement: LabelRequirement): string {
  const { key, operator } = requirement;
  if (operator === 'exists') return key;
  if (operator === '!') return `!${key}`;
  const values = [...requirement.values].sort().join(',');
  const shown = operator === 'in' || operator === 'notin' ? `(${values})` : values;
  return `${key}${operatorText[operator]}${shown}`;
}

/** The selector in Kubernetes' canonical text form (`labels.Selector.String()`). */
export function labelSelectorToString(selector: LabelSelector): string {
  return selector.requirements.map(labelRequirementToString).join(',');
}

/** Sorts requirements by key, keeping the given order among equal keys, as upstream does. */
export function sortRequirements(requirements: readonly LabelRequirement[]): LabelRequirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
