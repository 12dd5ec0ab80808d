import type { Json } from '../json.ts';
import type { JsonSchema } from '../json-schema.ts';
import { isGoInteger } from './go-format.ts';
import { isSupportedFormat } from './string-formats.ts';

/** The JSON type of a decoded value, as kube-openapi names it (`integer` for int64 values). */
export type JsonTypeName =
  'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

/** The JSON type of a value: `integer` when Go would decode it as an int64. */
export function jsonTypeOf(value: Json): JsonTypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return isGoInteger(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

/**
 * The types a node allows: `integer,string` for `x-kubernetes-int-or-string` (and the built-in
 * documents' `format: int-or-string`), `string,number` for `format: quantity`, else its `type`.
 */
export function allowedTypes(node: JsonSchema): string[] | undefined {
  if (node['x-kubernetes-int-or-string'] === true || node.format === 'int-or-string') {
    return ['integer', 'string'];
  }
  if (node.format === 'quantity') return ['string', 'number'];
  return typeof node.type === 'string' ? [node.type] : undefined;
}

/** The node's format, when Kubernetes keeps it (unknown formats are ignored). */
export function effectiveFormat(node: JsonSchema): string | undefined {
  const format = node.format;
  return typeof format === 'string' && isSupportedFormat(format) ? format : undefined;
}

/** A finite number keyword, or undefined. */
export function numberKeyword(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A JSON-shaped deep copy of a schema-supplied value (`default`, `enum`); non-JSON becomes null. */
export function cloneJson(value: unknown): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(cloneJson);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneJson(v)]));
  }
  return null;
}
