/** Turns schema definitions into TypeScript source (interfaces and string-literal unions). */
import { objectMeta } from './core.ts';
import type { Definition, ObjectNode, SchemaNode } from './dsl.ts';
import type { KindDefinition } from './kinds.ts';

const printWidth = 100;

/** The header of the generated types file: what it is and how to regenerate it. */
export const typesFileHeader = [
  '/**',
  ' * @packageDocumentation',
  ' * The kubevirt.io/v1 types. GENERATED from `packages/api/src/schema/`: do not edit by hand.',
  ' * Regenerate with `npm run generate -w @podvisor/api`.',
  ' */',
].join('\n');

/**
 * The TypeScript source of every kind, `ObjectMeta` and every named type they reach, in a
 * stable order (kinds first, then named types in the order they are first referenced).
 */
export function generateTypeScript(kinds: readonly KindDefinition[]): string {
  const definitions = collectDefinitions([objectMeta, ...kinds.flatMap((k) => [k.spec, k.status])]);
  const blocks = [
    typesFileHeader,
    ...kinds.map(kindInterface),
    ...definitions.map(definitionSource),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** Every named type reachable from `roots`, breadth first; names must be unique. */
export function collectDefinitions(roots: readonly Definition[]): Definition[] {
  const byName = new Map<string, Definition>();
  const queue = [...roots];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const known = byName.get(next.name);
    if (known !== undefined) {
      if (known !== next) throw new Error(`two schema definitions are named ${next.name}`);
      continue;
    }
    byName.set(next.name, next);
    queue.push(...referencedDefinitions(next.node));
  }
  return [...byName.values()];
}

/** The named types a node refers to directly or through anonymous children, in field order. */
function referencedDefinitions(node: SchemaNode): Definition[] {
  switch (node.kind) {
    case 'ref':
      return [node.target];
    case 'metadata':
      return [objectMeta];
    case 'object':
      return Object.values(node.properties).flatMap(referencedDefinitions);
    case 'array':
      return referencedDefinitions(node.items);
    case 'map':
      return referencedDefinitions(node.values);
    default:
      return [];
  }
}

function kindInterface(kind: KindDefinition): string {
  const lines = [
    ...docComment(kind.description, ''),
    `export interface ${kind.kind} {`,
    '  apiVersion?: string;',
    '  kind?: string;',
    '  metadata: ObjectMeta;',
    `  spec: ${kind.spec.name};`,
    `  status?: ${kind.status.name};`,
    '}',
  ];
  return lines.join('\n');
}

function definitionSource(definition: Definition): string {
  const { name, node } = definition;
  const doc = docComment(node.description, '');
  if (node.kind === 'string') {
    return [...doc, typeAlias(name, node.enum ?? [])].join('\n');
  }
  const body = objectBody(node, '');
  const declaration = body.startsWith('{')
    ? `export interface ${name} ${body}`
    : `export type ${name} = ${body};`;
  return [...doc, declaration].join('\n');
}

function typeAlias(name: string, values: readonly string[]): string {
  const members = values.map(literal);
  if (members.length === 0) return `export type ${name} = string;`;
  return unionLines({ head: `export type ${name} =`, members, indent: '' });
}

/**
 * A union after `head`, laid out as Prettier does: on one line if it fits, else on the next
 * line, else one member per line.
 */
function unionLines(union: { head: string; members: readonly string[]; indent: string }): string {
  const { head, members, indent } = union;
  const joined = members.join(' | ');
  const flat = `${head} ${joined};`;
  if (flat.length <= printWidth) return flat;
  const next = `${indent}  ${joined};`;
  if (next.length <= printWidth) return `${head}\n${next}`;
  return [head, ...members.map((m) => `${indent}  | ${m}`)].join('\n') + ';';
}

function objectBody(node: ObjectNode, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set(node.required ?? []);
  const fields = Object.entries(node.properties).flatMap(([key, child]) => [
    ...docComment(fieldDoc(child), inner),
    fieldLine({ key, optional: !required.has(key), child, indent: inner }),
  ]);
  if (node.preserveUnknown === true) fields.push(`${inner}[key: string]: unknown;`);
  if (fields.length === 0) return 'Record<string, never>';
  return `{\n${fields.join('\n')}\n${indent}}`;
}

function fieldLine(field: {
  key: string;
  optional: boolean;
  child: SchemaNode;
  indent: string;
}): string {
  const { key, optional, child, indent } = field;
  const head = `${indent}${key}${optional ? '?' : ''}:`;
  const members = inlineUnion(child);
  if (members !== undefined) return unionLines({ head, members, indent });
  return `${head} ${typeOf(child, indent)};`;
}

function inlineUnion(node: SchemaNode): string[] | undefined {
  return node.kind === 'string' && node.enum !== undefined ? node.enum.map(literal) : undefined;
}

/** The TypeScript of nodes without children. */
const leafTypes = {
  integer: 'number',
  number: 'number',
  boolean: 'boolean',
  quantity: 'string | number',
  preserveUnknown: 'Record<string, unknown>',
} as const;

function typeOf(node: SchemaNode, indent: string): string {
  switch (node.kind) {
    case 'string':
      return node.enum === undefined ? 'string' : node.enum.map(literal).join(' | ');
    case 'ref':
      return node.target.name;
    case 'metadata':
      return objectMeta.name;
    case 'object':
      return objectBody(node, indent);
    case 'array':
      return arrayOf(node.items, indent);
    case 'map':
      return `Record<string, ${typeOf(node.values, indent)}>`;
    default:
      return leafTypes[node.kind];
  }
}

function arrayOf(items: SchemaNode, indent: string): string {
  const item = typeOf(items, indent);
  const needsParens = item.includes(' | ') && !item.startsWith('{');
  return needsParens ? `(${item})[]` : `${item}[]`;
}

function fieldDoc(node: SchemaNode): string | undefined {
  const text = node.description ?? (node.kind === 'ref' ? node.target.node.description : undefined);
  if (node.deprecated === undefined) return text;
  return `${text ?? ''}\n@deprecated ${node.deprecated}`;
}

function literal(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** A TSDoc comment, wrapped to the print width; nothing when there is no text. */
function docComment(text: string | undefined, indent: string): string[] {
  if (text === undefined || text === '') return [];
  const paragraphs = text.split('\n').filter((p) => p !== '');
  const single = `${indent}/** ${paragraphs.join(' ')} */`;
  if (paragraphs.length === 1 && single.length <= printWidth) return [single];
  const width = printWidth - indent.length - 3;
  const body = paragraphs.flatMap((p) => wrap(p, width)).map((line) => `${indent} * ${line}`);
  return [`${indent}/**`, ...body, `${indent} */`];
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}
