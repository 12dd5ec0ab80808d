import { isJsonObject, type Json, type JsonObject } from '../json.ts';

/**
 * One step of a field path, in its FieldsV1 spelling: `f:<name>` (a struct field or map key),
 * `k:<json object>` (an associative-list item by its key fields), `v:<json>` (a set item by
 * value) or `i:<index>` (a list position). The spelling is canonical, so equal elements are
 * equal strings.
 */
export type PathElement = string;

/** A path from the root of an object to one field or item. */
export type FieldPath = readonly PathElement[];

/** JSON with object keys sorted, so that equal values serialize identically. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `f:<name>`. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** `k:{...}` for an associative-list item with these key fields. */
export function keyElement(keys: JsonObject): PathElement {
  return `k:${canonicalJson(keys)}`;
}

/** `v:<json>` for a set item. */
export function valueElement(value: Json): PathElement {
  return `v:${canonicalJson(value)}`;
}

/** Why a path element is malformed, or undefined when it is well-formed. */
function pathElementProblem(text: string): string | undefined {
  const body = text.slice(2);
  switch (text.slice(0, 2)) {
    case 'f:':
      return undefined;
    case 'i:':
      return /^(0|[1-9][0-9]*)$/.test(body) ? undefined : 'the index is not a whole number';
    case 'k:':
      return isJsonObject(parseJson(body)) ? undefined : 'the keys are not a JSON object';
    case 'v:':
      return parseJson(body) === undefined ? 'the value is not JSON' : undefined;
    default:
      return 'the prefix is not one of f:, k:, v:, i:';
  }
}

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/**
 * Parses one FieldsV1 key into its canonical spelling.
 * @returns the element, or a string describing what is wrong (as `{ problem }`).
 */
export function parsePathElement(text: string): { element: PathElement } | { problem: string } {
  const problem = pathElementProblem(text);
  if (problem !== undefined) return { problem };
  const body = text.slice(2);
  if (text.startsWith('k:')) return { element: keyElement(JSON.parse(body) as JsonObject) };
  if (text.startsWith('v:')) return { element: valueElement(JSON.parse(body) as Json) };
  return { element: text };
}

/** Kubernetes' `value.ToString`: strings quoted, everything else as JSON. */
function valueString(value: Json): string {
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}=${valueString(value[k] ?? null)}`)
      .join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(valueString).join(',')}]`;
  return JSON.stringify(value);
}

function elementString(element: PathElement): string {
  const body = element.slice(2);
  switch (element.slice(0, 2)) {
    case 'f:':
      return `.${body}`;
    case 'k:': {
      const keys = JSON.parse(body) as JsonObject;
      const parts = Object.keys(keys).map((k) => `${k}=${valueString(keys[k] ?? null)}`);
      return `[${parts.join(',')}]`;
    }
    case 'v:':
      return `[=${valueString(JSON.parse(body) as Json)}]`;
    default:
      return `[${body}]`;
  }
}

/** A path as Kubernetes prints it in conflicts: `.spec.containers[name="c"].image`. */
export function formatFieldPath(path: FieldPath): string {
  return path.map(elementString).join('');
}

const elementRank: Record<string, number> = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 };

/** Kubernetes' order of path elements: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const rank = (elementRank[a.slice(0, 2)] ?? 4) - (elementRank[b.slice(0, 2)] ?? 4);
  if (rank !== 0) return rank;
  if (a.startsWith('i:') && b.startsWith('i:')) return Number(a.slice(2)) - Number(b.slice(2));
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Orders whole paths element by element; a prefix sorts before its extensions. */
export function compareFieldPaths(a: FieldPath, b: FieldPath): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = comparePathElements(a[i] ?? '', b[i] ?? '');
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
