import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { cloneJson, getJsonProperty, jsonTypeName, setJsonProperty } from './json-property.ts';
import { malformedPatch } from './patch-error.ts';
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  describePath,
  isDirectiveKey,
  parallelListField,
  patchDirective,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  withoutPatchDirective,
} from './strategic-directives.ts';
import { applyElementOrder, cleanList, deleteFromList, mergeList } from './strategic-list.ts';
import { fieldSite, sitePatchMeta, type Site, type StrategicMerger } from './strategic-site.ts';

const merger: StrategicMerger = { mergeObject, cleanValue };

/**
 * Applies a Kubernetes strategic merge patch, driven by the kind's OpenAPI v3 schema
 * (`x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`, following `$ref` and
 * `allOf` through `resolve`). Maps merge recursively and `null` deletes; lists with the `merge`
 * strategy merge by key (maps) or by value (primitives), other lists are replaced. Directives:
 * `$patch: replace|delete|merge`, `$setElementOrder/<list>`, `$retainKeys` and
 * `$deleteFromPrimitiveList/<list>`; none appears in the result. Without a schema it behaves like
 * a JSON merge patch that still obeys directives. The inputs are never mutated. Throws a
 * PatchError (malformed) for an invalid patch or directive.
 */
export function applyStrategicMergePatch(
  original: Json,
  patch: Json,
  schema: JsonSchema | undefined,
  resolve: SchemaResolver,
): Json {
  if (!isJsonObject(patch)) {
    throw malformedPatch(
      `a strategic merge patch must be a JSON object, not ${jsonTypeName(patch)}`,
    );
  }
  const base = isJsonObject(original) ? cloneJson(original) : {};
  const site: Site = { schema, path: '', resolve, merger };
  return mergeObject(isJsonObject(base) ? base : {}, patch, site);
}

/** Merges `patch` into `original`, which it owns and mutates. */
function mergeObject(original: JsonObject, patch: JsonObject, site: Site): JsonObject {
  const directive = patchDirective(patch, site.path);
  if (directive === 'delete') return {};
  if (directive === 'replace') return mergeObject({}, withoutPatchDirective(patch), site);
  const fields = directive === 'merge' ? withoutPatchDirective(patch) : patch;
  applyRetainKeys(original, fields, site);
  const ordered = applyElementOrders(original, fields, site);
  for (const [key, value] of Object.entries(fields)) {
    if (!ordered.has(key) && !isDirectiveKey(key)) mergeField(original, key, value, site);
  }
  applyPrimitiveListDeletions(original, fields, site);
  return original;
}

function mergeField(original: JsonObject, key: string, value: Json, site: Site): void {
  const merged =
    value === null
      ? undefined
      : mergeValue(getJsonProperty(original, key), value, fieldSite(site, key));
  if (merged === undefined) Reflect.deleteProperty(original, key);
  else setJsonProperty(original, key, merged);
}

function mergeValue(current: Json | undefined, value: Json, site: Site): Json | undefined {
  if (isJsonObject(current) && isJsonObject(value)) {
    const replace = sitePatchMeta(site).strategies.has('replace');
    return replace ? cleanValue(value, site) : mergeObject(current, value, site);
  }
  if (Array.isArray(current) && Array.isArray(value)) return mergeList(current, value, site).items;
  return cleanValue(value, site);
}

/** A patch value with nothing to merge into; undefined when it says to delete itself. */
function cleanValue(value: Json, site: Site): Json | undefined {
  if (Array.isArray(value)) return cleanList(value, site);
  if (!isJsonObject(value)) return value;
  const directive = patchDirective(value, site.path);
  if (directive === 'delete') return undefined;
  return mergeObject({}, directive === undefined ? value : withoutPatchDirective(value), site);
}

/** `$retainKeys`: drops the live fields not listed; the patch may only set listed fields. */
function applyRetainKeys(original: JsonObject, patch: JsonObject, site: Site): void {
  const list = getJsonProperty(patch, RETAIN_KEYS_DIRECTIVE);
  if (list === undefined) return;
  if (!Array.isArray(list) || !list.every((key) => typeof key === 'string')) {
    throw malformedPatch(
      `the ${RETAIN_KEYS_DIRECTIVE} directive at ${describePath(site.path)} must be a list of field names`,
    );
  }
  const retained = new Set<string>(list);
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !isDirectiveKey(key) && !retained.has(key)) {
      throw malformedPatch(
        `the patch sets the field "${key}" at ${describePath(site.path)}, which its ${RETAIN_KEYS_DIRECTIVE} directive does not list`,
      );
    }
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) Reflect.deleteProperty(original, key);
  }
}

/** `$setElementOrder/<list>`: merges and orders those lists; returns the list fields it handled. */
function applyElementOrders(original: JsonObject, patch: JsonObject, site: Site): Set<string> {
  const handled = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX)) continue;
    const field = parallelListField(key, SET_ELEMENT_ORDER_PREFIX, site.path);
    if (!Array.isArray(order)) {
      throw malformedPatch(
        `the directive "${key}" at ${describePath(site.path)} must be a list, not ${jsonTypeName(order)}`,
      );
    }
    const patchList = getJsonProperty(patch, field);
    if (patchList !== undefined && !Array.isArray(patchList)) continue;
    handled.add(field);
    const current = getJsonProperty(original, field);
    const list = applyElementOrder(current, patchList, order, fieldSite(site, field));
    if (list !== undefined) setJsonProperty(original, field, list);
  }
  return handled;
}

/** `$deleteFromPrimitiveList/<list>`: removes the listed values from a live list. */
function applyPrimitiveListDeletions(original: JsonObject, patch: JsonObject, site: Site): void {
  for (const [key, values] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) continue;
    const field = parallelListField(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX, site.path);
    if (!Array.isArray(values)) {
      throw malformedPatch(
        `the directive "${key}" at ${describePath(site.path)} must be a list, not ${jsonTypeName(values)}`,
      );
    }
    const current = getJsonProperty(original, field);
    if (Array.isArray(current)) setJsonProperty(original, field, deleteFromList(current, values));
  }
}
