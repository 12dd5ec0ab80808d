import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import type { StatusCause } from '../status-error.ts';
import { fieldErrors } from './field-errors.ts';
import { childPath, indexPath } from './field-path.ts';
import { canonicalJson, goQuote } from './go-format.ts';
import {
  MAX_DEPTH,
  additionalSchema,
  isSchemaNode,
  itemsSchema,
  propertyEntries,
  propertySchema,
  resolveSchema,
} from './resolve-schema.ts';
import { checkNumber, checkString } from './scalar-checks.ts';
import {
  allowedTypes,
  cloneJson,
  effectiveFormat,
  jsonTypeOf,
  numberKeyword,
  type JsonTypeName,
} from './schema-types.ts';
import { validateExtras } from './validate-extras.ts';

/** Options of validateObject. */
export interface ValidateOptions {
  /** Prefix of every field path, e.g. `metadata` when validating ObjectMeta alone. */
  readonly basePath?: string;
}

interface Walk {
  readonly resolve: SchemaResolver;
  readonly causes: StatusCause[];
}

interface At {
  readonly value: Json;
  readonly schema: JsonSchema;
  readonly path: string;
  readonly depth: number;
}

/**
 * Validates a decoded object against an OpenAPI v3 schema the way a Kubernetes API server
 * validates a custom resource (kube-openapi's schema validator, then the embedded-resource and
 * `x-kubernetes-list-type` passes). Returns one StatusCause per problem, in Kubernetes' wording,
 * e.g. `{field: 'spec.running', reason: 'FieldValueTypeInvalid', message: 'Invalid value:
 * "string": spec.running in body must be of type boolean: "string"'}`. Empty when valid.
 * Map entries are named `spec.selector.app` (schema pass) and `spec.selector[app]` (list pass).
 */
export function validateObject(
  obj: Json,
  schema: JsonSchema,
  resolve: SchemaResolver,
  options: ValidateOptions = {},
): StatusCause[] {
  const path = options.basePath ?? '';
  const walk: Walk = { resolve, causes: [] };
  validateValue(walk, { value: obj, schema, path, depth: 0 });
  return [...walk.causes, ...validateExtras(obj, schema, resolve, path)];
}

function validateValue(walk: Walk, at: At): void {
  if (at.depth > MAX_DEPTH) {
    const detail = `exceeds the maximum nesting depth of ${MAX_DEPTH}`;
    walk.causes.push(fieldErrors.invalid(at.path, jsonTypeOf(at.value), detail));
    return;
  }
  const node: At = { ...at, schema: resolveSchema(at.schema, walk.resolve) };
  if (node.value === null) {
    checkNull(walk, node);
    return;
  }
  checkType(walk, node);
  checkCombinators(walk, node);
  const value = node.value;
  if (typeof value === 'string') walk.causes.push(...checkString(node.schema, node.path, value));
  if (typeof value === 'number') walk.causes.push(...checkNumber(node.schema, node.path, value));
  if (Array.isArray(value)) checkArray(walk, node, value);
  checkEnum(walk, node);
  if (isJsonObject(value)) checkObject(walk, node, value);
}

function typeCause(at: At, expected: string, actual: string): StatusCause {
  const detail = `${at.path} in body must be of type ${expected}: ${goQuote(actual)}`;
  return fieldErrors.typeInvalid(at.path, actual, detail);
}

function checkNull(walk: Walk, at: At): void {
  const types = allowedTypes(at.schema);
  if (at.schema.nullable === true) return;
  if (types !== undefined) walk.causes.push(typeCause(at, types.join(','), 'null'));
  checkEnum(walk, at);
}

/** Go's format name of a decoded scalar, as kube-openapi's type validator reports it. */
function goFormatOf(kind: JsonTypeName): string {
  if (kind === 'integer') return 'int64';
  return kind === 'number' ? 'float64' : '';
}

interface Mismatch {
  readonly expected: string;
  readonly actual: string;
}

function matchesType(types: readonly string[], kind: JsonTypeName): boolean {
  return types.includes(kind) || (kind === 'integer' && types.includes('number'));
}

/** kube-openapi's type validator, format rules included (a format names the expected type). */
function typeMismatch(
  types: readonly string[],
  format: string | undefined,
  kind: JsonTypeName,
): Mismatch | undefined {
  const matches = matchesType(types, kind);
  if (format === undefined)
    return matches ? undefined : { expected: types.join(','), actual: kind };
  const scalar = kind !== 'string' && kind !== 'array';
  if (scalar && !matches && goFormatOf(kind) !== format) {
    return { expected: format, actual: goFormatOf(kind) };
  }
  const numeric = types.includes('number') || types.includes('integer');
  if (!scalar && !numeric) return undefined;
  return matches ? undefined : { expected: types.join(','), actual: kind };
}

function checkType(walk: Walk, at: At): void {
  const types = allowedTypes(at.schema);
  const format = effectiveFormat(at.schema);
  if (types === undefined && format === undefined) return;
  const mismatch = typeMismatch(types ?? [], format, jsonTypeOf(at.value));
  if (mismatch !== undefined) walk.causes.push(typeCause(at, mismatch.expected, mismatch.actual));
}

function branchCauses(walk: Walk, at: At, branch: JsonSchema): StatusCause[] {
  const sub: Walk = { resolve: walk.resolve, causes: [] };
  validateValue(sub, { ...at, schema: branch });
  return sub.causes;
}

function combinatorCause(path: string, text: string): StatusCause {
  return fieldErrors.invalid('', '', `${goQuote(path)} ${text}`);
}

function fewest(results: readonly StatusCause[][]): StatusCause[] {
  return (
    results.reduce<StatusCause[] | undefined>(
      (best, r) => (best === undefined || r.length < best.length ? r : best),
      undefined,
    ) ?? []
  );
}

function branches(value: unknown): JsonSchema[] {
  return Array.isArray(value) ? value.filter(isSchemaNode) : [];
}

function checkCombinators(walk: Walk, at: At): void {
  const anyOf = branches(at.schema.anyOf).map((b) => branchCauses(walk, at, b));
  if (anyOf.length > 0 && anyOf.every((r) => r.length > 0)) {
    walk.causes.push(combinatorCause(at.path, 'must validate at least one schema (anyOf)'));
    walk.causes.push(...fewest(anyOf));
  }
  const oneOf = branches(at.schema.oneOf).map((b) => branchCauses(walk, at, b));
  const oneValid = oneOf.filter((r) => r.length === 0).length;
  if (oneOf.length > 0 && oneValid !== 1) {
    const found = oneValid === 0 ? 'Found none valid' : `Found ${oneValid} valid alternatives`;
    const text = `must validate one and only one schema (oneOf). ${found}`;
    walk.causes.push(combinatorCause(at.path, text));
    if (oneValid === 0) walk.causes.push(...fewest(oneOf));
  }
  const allOf = branches(at.schema.allOf).map((b) => branchCauses(walk, at, b));
  const allValid = allOf.filter((r) => r.length === 0).length;
  walk.causes.push(...allOf.flat());
  if (allValid !== allOf.length) {
    const none = allValid === 0 ? '. None validated' : '';
    walk.causes.push(combinatorCause(at.path, `must validate all the schemas (allOf)${none}`));
  }
  const not = at.schema.not;
  if (isSchemaNode(not) && branchCauses(walk, at, not).length === 0) {
    walk.causes.push(combinatorCause(at.path, 'must not validate the schema (not)'));
  }
}

function hasDuplicates(items: readonly Json[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = canonicalJson(item);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

function checkArray(walk: Walk, at: At, items: readonly Json[]): void {
  const itemSchema = itemsSchema(at.schema);
  if (itemSchema !== undefined) {
    items.forEach((value, i) => {
      validateValue(walk, {
        value,
        schema: itemSchema,
        path: indexPath(at.path, i),
        depth: at.depth + 1,
      });
    });
  }
  const min = numberKeyword(at.schema.minItems);
  const max = numberKeyword(at.schema.maxItems);
  if (min !== undefined && items.length < min) {
    const detail = `${at.path} in body should have at least ${min} items`;
    walk.causes.push(fieldErrors.invalid(at.path, items.length, detail));
  }
  if (max !== undefined && items.length > max) {
    walk.causes.push(fieldErrors.tooMany(at.path, items.length, max));
  }
  if (at.schema.uniqueItems === true && hasDuplicates(items)) {
    const detail = `${at.path} in body shouldn't contain duplicates`;
    walk.causes.push(fieldErrors.invalid(at.path, '', detail));
  }
}

function checkEnum(walk: Walk, at: At): void {
  const values = at.schema.enum;
  if (!Array.isArray(values) || values.length === 0) return;
  const allowed = values.map(cloneJson);
  const key = canonicalJson(at.value);
  if (allowed.some((v) => canonicalJson(v) === key)) return;
  const names = allowed.map((v) => (typeof v === 'string' ? v : canonicalJson(v)));
  walk.causes.push(fieldErrors.notSupported(at.path, at.value, names));
}

function propertyCountCause(at: At, count: number): StatusCause | undefined {
  const min = numberKeyword(at.schema.minProperties);
  const max = numberKeyword(at.schema.maxProperties);
  if (min !== undefined && count < min) {
    const detail = `${at.path} in body should have at least ${min} properties`;
    return fieldErrors.invalid(at.path, count, detail);
  }
  if (max !== undefined && count > max) return fieldErrors.tooMany(at.path, count, max);
  return undefined;
}

function checkObject(walk: Walk, at: At, obj: JsonObject): void {
  const countCause = propertyCountCause(at, Object.keys(obj).length);
  if (countCause !== undefined) {
    walk.causes.push(countCause);
    return;
  }
  const child = (key: string, schema: JsonSchema): void => {
    const value = obj[key] ?? null;
    validateValue(walk, { value, schema, path: childPath(at.path, key), depth: at.depth + 1 });
  };
  const extra = additionalSchema(at.schema);
  if (extra !== undefined && extra !== true) {
    for (const key of Object.keys(obj)) {
      if (propertySchema(at.schema, key) === undefined) child(key, extra);
    }
  }
  for (const [key, schema] of propertyEntries(at.schema)) {
    if (Object.hasOwn(obj, key)) child(key, schema);
  }
  const required = Array.isArray(at.schema.required) ? at.schema.required : [];
  for (const key of required) {
    if (typeof key === 'string' && !Object.hasOwn(obj, key)) {
      walk.causes.push(fieldErrors.required(childPath(at.path, key)));
    }
  }
}
