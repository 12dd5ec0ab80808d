import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import type { StatusCause } from '../status-error.ts';
import { fieldErrors } from './field-errors.ts';
import { childPath, indexPath, keyPath } from './field-path.ts';
import { canonicalJson } from './go-format.ts';
import {
  MAX_DEPTH,
  additionalSchema,
  itemsSchema,
  propertyEntries,
  resolveSchema,
} from './resolve-schema.ts';

interface Extras {
  readonly resolve: SchemaResolver;
  readonly causes: StatusCause[];
}

const UNSPECIFIED = '\u0000unspecified';
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " +
  "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or " +
  "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/**
 * The passes Kubernetes runs after schema validation of a custom resource: embedded resources
 * (`x-kubernetes-embedded-resource`: apiVersion and kind required and well-formed) and
 * `x-kubernetes-list-type` set/map uniqueness (`FieldValueDuplicate`).
 */
export function validateExtras(
  value: Json,
  schema: JsonSchema,
  resolve: SchemaResolver,
  path: string,
): StatusCause[] {
  const extras: Extras = { resolve, causes: [] };
  walk(extras, { value, schema, path, depth: 0 });
  return extras.causes;
}

interface At {
  readonly value: Json;
  readonly schema: JsonSchema;
  readonly path: string;
  readonly depth: number;
}

function walk(extras: Extras, at: At): void {
  const { value, path, depth } = at;
  if (depth > MAX_DEPTH) return;
  const node = resolveSchema(at.schema, extras.resolve);
  if (Array.isArray(value)) {
    checkListType(extras.causes, value, node, path);
    const items = itemsSchema(node);
    if (items === undefined) return;
    value.forEach((v, i) => {
      walk(extras, { value: v, schema: items, path: indexPath(path, i), depth: depth + 1 });
    });
  } else if (isJsonObject(value)) {
    if (node['x-kubernetes-embedded-resource'] === true) checkEmbedded(extras.causes, value, path);
    const extra = additionalSchema(node);
    if (extra !== undefined && extra !== true) {
      for (const [k, v] of Object.entries(value)) {
        walk(extras, { value: v, schema: extra, path: keyPath(path, k), depth: depth + 1 });
      }
    }
    for (const [k, prop] of propertyEntries(node)) {
      const v = value[k];
      if (!Object.hasOwn(value, k) || v === undefined) continue;
      walk(extras, { value: v, schema: prop, path: childPath(path, k), depth: depth + 1 });
    }
  }
}

/** For each repeated identity, the index of its first repetition (reported once, as upstream). */
function repeatedIndices(identities: readonly string[]): number[] {
  const counts = new Map<string, number>();
  const repeated: number[] = [];
  identities.forEach((id, i) => {
    const count = (counts.get(id) ?? 0) + 1;
    counts.set(id, count);
    if (count === 2) repeated.push(i);
  });
  return repeated;
}

function checkListType(
  causes: StatusCause[],
  list: readonly Json[],
  node: JsonSchema,
  path: string,
): void {
  const listType = node['x-kubernetes-list-type'];
  if (listType === 'set') {
    for (const i of repeatedIndices(list.map(canonicalJson))) {
      causes.push(fieldErrors.duplicate(indexPath(path, i), list[i] ?? null));
    }
  } else if (listType === 'map') {
    checkListMap(causes, list, node, path);
  }
}

function mapKeys(node: JsonSchema): string[] {
  const keys = node['x-kubernetes-list-map-keys'];
  return Array.isArray(keys) ? keys.filter((k) => typeof k === 'string') : [];
}

function keyObject(item: Json, keys: readonly string[]): JsonObject {
  if (!isJsonObject(item)) return {};
  return Object.fromEntries(
    keys.filter((k) => Object.hasOwn(item, k)).map((k) => [k, item[k] ?? null]),
  );
}

function checkListMap(
  causes: StatusCause[],
  list: readonly Json[],
  node: JsonSchema,
  path: string,
): void {
  const bad = list.findIndex((item) => item !== null && !isJsonObject(item));
  if (bad >= 0) {
    const detail = 'must be an object for an array of list-type map';
    causes.push(fieldErrors.invalid(indexPath(path, bad), list[bad] ?? null, detail));
    return;
  }
  const keys = mapKeys(node);
  const identities = list.map((item) => {
    const key = keyObject(item, keys);
    if (keys.length === 1 && Object.keys(key).length === 0) return UNSPECIFIED;
    return keys.length === 1 ? canonicalJson(key[keys[0] ?? ''] ?? null) : canonicalJson(key);
  });
  for (const i of repeatedIndices(identities)) {
    causes.push(fieldErrors.duplicate(indexPath(path, i), keyObject(list[i] ?? null, keys)));
  }
}

function checkEmbedded(causes: StatusCause[], obj: JsonObject, path: string): void {
  for (const field of ['apiVersion', 'kind']) {
    if (!Object.hasOwn(obj, field)) causes.push(fieldErrors.required(childPath(path, field)));
  }
  if (Object.hasOwn(obj, 'apiVersion'))
    checkApiVersion(causes, obj['apiVersion'] ?? null, childPath(path, 'apiVersion'));
  if (Object.hasOwn(obj, 'kind')) checkKind(causes, obj['kind'] ?? null, childPath(path, 'kind'));
}

function checkApiVersion(causes: StatusCause[], value: Json, path: string): void {
  if (typeof value !== 'string') {
    causes.push(fieldErrors.invalid(path, value, 'must be a string'));
  } else if (value === '') {
    causes.push(fieldErrors.required(path));
  } else if (value.split('/').length > 2) {
    causes.push(fieldErrors.invalid(path, value, `unexpected GroupVersion string: ${value}`));
  }
}

function checkKind(causes: StatusCause[], value: Json, path: string): void {
  if (typeof value !== 'string') {
    causes.push(fieldErrors.invalid(path, value, 'must be a string'));
    return;
  }
  if (value === '') {
    causes.push(fieldErrors.required(path));
    return;
  }
  const problems: string[] = [];
  if (value.length > 63) problems.push('must be no more than 63 characters');
  if (!DNS1035.test(value.toLowerCase())) problems.push(DNS1035_MESSAGE);
  if (problems.length > 0) {
    const detail = `may have mixed case, but should otherwise match: ${problems.join(',')}`;
    causes.push(fieldErrors.invalid(path, value, detail));
  }
}
