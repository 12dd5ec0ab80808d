import type { JsonSchema } from '../json-schema.ts';
import type { StatusCause } from '../status-error.ts';
import { fieldErrors } from './field-errors.ts';
import { childPath, indexPath, keyPath } from './field-path.ts';
import { compareBytes } from './go-format.ts';
import { isSchemaNode, MAX_DEPTH } from './resolve-schema.ts';

type Level = 'root' | 'items' | 'field';

const EMPTY_TYPE: Readonly<Record<Level, string>> = {
  root: 'must not be empty at the root',
  items: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

/** Keywords a value validation (allOf/anyOf/oneOf/not) must not carry, with upstream's words. */
const NESTED_FORBIDDEN: readonly [keyof JsonSchema | 'title', string][] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
];

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;

interface Check {
  readonly causes: StatusCause[];
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === false || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

/**
 * The problems that make a CRD `openAPIV3Schema` non-structural (a basic subset of upstream's
 * ValidateStructural): a type at every specified level, `object` at the root, `items` for arrays,
 * no additionalProperties at the root, embedded resources of type object, int-or-string
 * exclusivity, no structure inside allOf/anyOf/oneOf/not (except the int-or-string pattern),
 * metadata at the root restricted to name/generateName, no `$ref` and no `type: null`. Fields
 * are relative to `basePath` (e.g. `spec.versions[0].schema.openAPIV3Schema`), sorted as
 * upstream sorts them.
 */
export function structuralCauses(schema: JsonSchema, basePath: string): StatusCause[] {
  const check: Check = { causes: [] };
  checkNode(check, schema, { path: basePath, level: 'root', depth: 0 });
  const text = (c: StatusCause): string => `${c.field ?? ''}: ${c.message}`;
  return check.causes.sort((a, b) => compareBytes(text(a), text(b)));
}

/** structuralCauses as `field: message` lines, fields relative to the schema's root. */
export function checkStructural(schema: JsonSchema): string[] {
  return structuralCauses(schema, '').map((c) =>
    c.field === undefined ? c.message : `${c.field}: ${c.message}`,
  );
}

interface Where {
  readonly path: string;
  readonly level: Level;
  readonly depth: number;
}

function checkNode(check: Check, node: unknown, where: Where): void {
  const { path } = where;
  if (where.depth > MAX_DEPTH) {
    check.causes.push(fieldErrors.forbidden(path, `must not nest deeper than ${MAX_DEPTH} levels`));
    return;
  }
  if (!isSchemaNode(node)) {
    check.causes.push(fieldErrors.invalid(path, typeof node, 'must be a schema object'));
    return;
  }
  checkChildren(check, node, where);
  checkRefAndType(check, node, where);
  checkExtensions(check, node, path);
  checkValueValidations(check, node, where);
  if (
    node.properties !== undefined &&
    isSchemaNode(node.properties) &&
    'metadata' in node.properties
  ) {
    checkMetadata(check, node, where);
  }
}

function checkChildren(check: Check, node: JsonSchema, where: Where): void {
  const { path, depth } = where;
  if (node.type === 'array' && node.items === undefined) {
    check.causes.push(fieldErrors.required(childPath(path, 'items'), 'must be specified'));
  }
  if (node.items !== undefined) {
    checkNode(check, node.items, {
      path: childPath(path, 'items'),
      level: 'items',
      depth: depth + 1,
    });
  }
  const props: unknown = node.properties;
  if (isSchemaNode(props)) {
    for (const [key, child] of Object.entries(props)) {
      const at = keyPath(childPath(path, 'properties'), key);
      checkNode(check, child, { path: at, level: 'field', depth: depth + 1 });
    }
  }
  if (node.additionalProperties !== undefined) {
    const at = childPath(path, 'additionalProperties');
    if (where.level === 'root')
      check.causes.push(fieldErrors.forbidden(at, 'must not be used at the root'));
    if (node['x-kubernetes-embedded-resource'] === true) {
      check.causes.push(
        fieldErrors.forbidden(at, 'must not be used if x-kubernetes-embedded-resource is set'),
      );
    }
    if (isSchemaNode(node.additionalProperties)) {
      checkNode(check, node.additionalProperties, { path: at, level: 'field', depth: depth + 1 });
    }
  }
}

function checkRefAndType(check: Check, node: JsonSchema, where: Where): void {
  const { path } = where;
  const type: unknown = node.type;
  if (node.$ref !== undefined)
    check.causes.push(fieldErrors.forbidden(childPath(path, '$ref'), '$ref is not supported'));
  if (type === 'null') {
    const detail = 'type cannot be set to null, use nullable as an alternative';
    check.causes.push(fieldErrors.forbidden(childPath(path, 'type'), detail));
  }
  const typePath = childPath(path, 'type');
  if (node['x-kubernetes-embedded-resource'] === true && type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    check.causes.push(
      typeof type === 'string'
        ? fieldErrors.invalid(typePath, type, detail)
        : fieldErrors.required(typePath, detail),
    );
  } else if (
    type === undefined &&
    node['x-kubernetes-int-or-string'] !== true &&
    node['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    check.causes.push(fieldErrors.required(typePath, EMPTY_TYPE[where.level]));
  }
  if (where.level === 'root' && typeof type === 'string' && type !== 'object') {
    check.causes.push(fieldErrors.invalid(typePath, type, 'must be object at the root'));
  }
}

function checkExtensions(check: Check, node: JsonSchema, path: string): void {
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  if (node['x-kubernetes-int-or-string'] === true) {
    for (const key of [
      'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-embedded-resource',
    ] as const) {
      if (node[key] === true) {
        const detail = 'must be false if x-kubernetes-int-or-string is true';
        check.causes.push(fieldErrors.invalid(childPath(path, key), true, detail));
      }
    }
  }
  const hasProperties = isSchemaNode(node.properties) && Object.keys(node.properties).length > 0;
  if (embedded && node['x-kubernetes-preserve-unknown-fields'] !== true && !hasProperties) {
    const detail =
      'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields';
    check.causes.push(fieldErrors.required(childPath(path, 'properties'), detail));
  }
}

function isIntOrStringAnyOf(value: unknown): boolean {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [a, b] = value as unknown[];
  const only = (s: unknown, type: string): boolean =>
    isSchemaNode(s) && Object.keys(s).length === 1 && s.type === type;
  return only(a, 'integer') && only(b, 'string');
}

function checkValueValidations(check: Check, node: JsonSchema, where: Where): void {
  const skipAnyOf = isIntOrStringAnyOf(node.anyOf);
  for (const key of COMBINATORS) {
    const list: unknown = node[key];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i) => {
      const firstAllOf =
        key === 'allOf' && i === 0 && isSchemaNode(entry) && isIntOrStringAnyOf(entry.anyOf);
      if (key === 'anyOf' && skipAnyOf) return;
      checkNested(check, entry, {
        path: indexPath(childPath(where.path, key), i),
        skipAnyOf: firstAllOf,
        depth: where.depth + 1,
      });
    });
  }
  if (node.not !== undefined)
    checkNested(check, node.not, {
      path: childPath(where.path, 'not'),
      skipAnyOf: false,
      depth: where.depth + 1,
    });
}

interface NestedWhere {
  readonly path: string;
  readonly skipAnyOf: boolean;
  readonly depth: number;
}

function checkNested(check: Check, node: unknown, where: NestedWhere): void {
  const { path } = where;
  if (!isSchemaNode(node) || where.depth > MAX_DEPTH) return;
  const record = node as Record<string, unknown>;
  for (const [key, detail] of NESTED_FORBIDDEN) {
    if (isSet(record[key])) check.causes.push(fieldErrors.forbidden(childPath(path, key), detail));
  }
  if (node.$ref !== undefined)
    check.causes.push(fieldErrors.forbidden(childPath(path, '$ref'), '$ref is not supported'));
  const props: unknown = node.properties;
  if (isSchemaNode(props)) {
    for (const [key, child] of Object.entries(props)) {
      const at = keyPath(childPath(path, 'properties'), key);
      if (key === 'metadata')
        check.causes.push(fieldErrors.forbidden(at, 'must not be specified in a nested context'));
      checkNested(check, child, { path: at, skipAnyOf: false, depth: where.depth + 1 });
    }
  }
  if (node.items !== undefined)
    checkNested(check, node.items, {
      path: childPath(path, 'items'),
      skipAnyOf: false,
      depth: where.depth + 1,
    });
  checkNestedCombinators(check, node, where);
}

function checkNestedCombinators(check: Check, node: JsonSchema, where: NestedWhere): void {
  for (const key of COMBINATORS) {
    const list: unknown = node[key];
    if (!Array.isArray(list) || (key === 'anyOf' && where.skipAnyOf)) continue;
    list.forEach((entry: unknown, i) => {
      checkNested(check, entry, {
        path: indexPath(childPath(where.path, key), i),
        skipAnyOf: false,
        depth: where.depth + 1,
      });
    });
  }
  if (node.not !== undefined)
    checkNested(check, node.not, {
      path: childPath(where.path, 'not'),
      skipAnyOf: false,
      depth: where.depth + 1,
    });
}

function checkMetadata(check: Check, node: JsonSchema, where: Where): void {
  const embedded = node['x-kubernetes-embedded-resource'] === true;
  const at = keyPath(childPath(where.path, 'properties'), 'metadata');
  const metadata: unknown = node.properties?.['metadata'];
  if (!isSchemaNode(metadata)) return;
  if ((where.level === 'root' || embedded) && metadata.type !== 'object') {
    check.causes.push(
      fieldErrors.invalid(childPath(at, 'type'), metadata.type ?? '', 'must be object'),
    );
  }
  if (where.level !== 'root') return;
  const rest = Object.keys(metadata).filter((k) => !['type', 'default', 'properties'].includes(k));
  const extraProps = Object.keys(metadata.properties ?? {}).filter(
    (k) => k !== 'name' && k !== 'generateName',
  );
  if (rest.length > 0 || extraProps.length > 0) {
    const detail =
      'must not specify anything other than name and generateName, but metadata is implicitly specified';
    check.causes.push(fieldErrors.forbidden(at, detail));
  }
}
