import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { statusErrors } from '../status-error.ts';
import {
  everythingSelector,
  newLabelRequirement,
  nothingSelector,
  sortRequirements,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelector,
} from './label-selector.ts';

const expressionOperators: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

class SpecError extends Error {}

function requirementOrFail(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
): LabelRequirement {
  const requirement = newLabelRequirement(key, operator, values);
  if ('error' in requirement) throw new SpecError(requirement.error);
  return requirement;
}

function matchLabelRequirements(matchLabels: Json | undefined): LabelRequirement[] {
  if (matchLabels === undefined || matchLabels === null) return [];
  if (!isJsonObject(matchLabels)) throw new SpecError('matchLabels: must be an object');
  return Object.entries(matchLabels).map(([key, value]) => {
    if (typeof value !== 'string') throw new SpecError(`matchLabels[${key}]: must be a string`);
    return requirementOrFail(key, '=', [value]);
  });
}

function expressionValues(expression: JsonObject, index: number): string[] {
  const values = expression['values'];
  if (values === undefined || values === null) return [];
  if (Array.isArray(values) && values.every((value): value is string => typeof value === 'string'))
    return values;
  throw new SpecError(`matchExpressions[${index}].values: must be a list of strings`);
}

function expressionRequirement(expression: Json, index: number): LabelRequirement {
  if (!isJsonObject(expression))
    throw new SpecError(`matchExpressions[${index}]: must be an object`);
  const key = expression['key'];
  const operator = expression['operator'];
  const mapped = typeof operator === 'string' ? expressionOperators[operator] : undefined;
  if (mapped === undefined)
    throw new SpecError(`${JSON.stringify(operator ?? '')} is not a valid label selector operator`);
  if (typeof key !== 'string')
    throw new SpecError(`matchExpressions[${index}].key: must be a string`);
  return requirementOrFail(key, mapped, expressionValues(expression, index));
}

function matchExpressionRequirements(expressions: Json | undefined): LabelRequirement[] {
  if (expressions === undefined || expressions === null) return [];
  if (!Array.isArray(expressions)) throw new SpecError('matchExpressions: must be a list');
  return expressions.map(expressionRequirement);
}

/**
 * Converts a `metav1.LabelSelector` object (`matchLabels`, `matchExpressions` with
 * In/NotIn/Exists/DoesNotExist) as `metav1.LabelSelectorAsSelector` does: null matches nothing,
 * `{}` matches everything. An invalid selector → 400 with upstream's message.
 */
export function labelSelectorFromSpec(spec: Json): LabelSelector {
  if (spec === null) return nothingSelector;
  try {
    if (!isJsonObject(spec)) throw new SpecError('a label selector must be an object');
    const requirements = [
      ...matchLabelRequirements(spec['matchLabels']),
      ...matchExpressionRequirements(spec['matchExpressions']),
    ];
    if (requirements.length === 0) return everythingSelector;
    return { requirements: sortRequirements(requirements), matchesNothing: false };
  } catch (error) {
    if (error instanceof SpecError) throw statusErrors.badRequest(error.message);
    throw error;
  }
}
