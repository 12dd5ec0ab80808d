import type { Random } from './seeded-random.ts';

/** A JSON-like value the fuzzer builds and mutates. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** A string that {@link serializeJson} replaces by `n` levels of nesting (too deep to build as objects). */
const deepMarker = /"?@@DEEP:(\d+):(\w+)@@"?/g;

const oddKeys = [
  '__proto__',
  'constructor',
  'prototype',
  '$patch',
  '$retainKeys',
  '$setElementOrder/containers',
  '$deleteFromPrimitiveList/finalizers',
  'metadata',
  'spec',
  'status',
  'apiVersion',
  'kind',
  'items',
  'managedFields',
  'resourceVersion',
  '',
  'a.b',
  '~1',
  'ünïcødé',
  'ключ✓',
  'x'.repeat(300),
];

function randomScalar(random: Random): Value {
  return random.pick<Value>([
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0,
    1e308,
    2 ** 53 + 1,
    '',
    'x',
    '0',
    'true',
    'null',
    '2025-13-45T99:99:99Z',
    '1Gi',
    '-1Ki',
    'not a quantity',
    '\u0000',
    '\ud800',
    'ünïcødé ✓',
    '../../etc/passwd',
    'a'.repeat(random.between(254, 70_000)),
  ]);
}

function randomValue(random: Random, depth = 0): Value {
  const roll = random.int(10);
  if (roll < 5 || depth > 2) return randomScalar(random);
  if (roll < 7) return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
  if (roll < 8) return `@@DEEP:${random.between(50, 3000)}:${random.pick(['array', 'object'])}@@`;
  const out: { [key: string]: Value } = {};
  for (let i = random.int(4); i > 0; i--)
    setKey(out, random.pick(oddKeys), randomValue(random, depth + 1));
  return out;
}

/** Sets a key as an own property, even `__proto__`. */
function setKey(target: { [key: string]: Value }, key: string, value: Value): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function isContainer(value: Value): value is Value[] | { [key: string]: Value } {
  return typeof value === 'object' && value !== null;
}

/** Every container node of a tree (depth-first), with the key under which each member sits. */
function containers(root: Value): (Value[] | { [key: string]: Value })[] {
  const found: (Value[] | { [key: string]: Value })[] = [];
  const stack: Value[] = [root];
  while (stack.length > 0 && found.length < 500) {
    const node = stack.pop() ?? null;
    if (!isContainer(node)) continue;
    found.push(node);
    stack.push(...Object.values(node));
  }
  return found;
}

/** Ways to change the member at an existing key: a random value, wrapped in an array, as JSON text… */
const replacements: readonly ((old: Value, random: Random) => Value)[] = [
  (_, random) => randomValue(random),
  (old) => [old],
  (old) => JSON.stringify(old),
  (_, random) => randomScalar(random),
];

function removeMember(node: Value[] | { [key: string]: Value }, key: string): void {
  if (Array.isArray(node)) node.splice(Number(key), 1);
  else Reflect.deleteProperty(node, key);
}

function addMember(node: Value[] | { [key: string]: Value }, random: Random): void {
  if (Array.isArray(node)) node.push(structuredClone(node[0] ?? randomValue(random)));
  else setKey(node, random.pick(oddKeys), randomValue(random));
}

function mutateContainer(node: Value[] | { [key: string]: Value }, random: Random): void {
  const keys = Object.keys(node);
  const roll = random.int(replacements.length + 2);
  if (keys.length === 0 || roll === 0) {
    addMember(node, random);
    return;
  }
  const key = random.pick(keys);
  if (roll === 1) {
    removeMember(node, key);
    return;
  }
  const record = node as { [key: string]: Value };
  const replace = replacements[roll - 2] ?? replacements[0];
  if (replace !== undefined) setKey(record, key, replace(record[key] ?? null, random));
}

/** Returns a copy of `value` with `count` random structural changes (remove, replace, add, wrap…). */
export function mutateJson(value: Value, random: Random, count: number): Value {
  const root: Value = structuredClone(value);
  for (let i = 0; i < count; i++) {
    const nodes = containers(root);
    if (nodes.length === 0) return randomValue(random);
    mutateContainer(random.pick(nodes), random);
  }
  return root;
}

function nested(depth: number, shape: string): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** JSON text of a value, with deep-nesting markers expanded. */
export function serializeJson(value: Value): string {
  return JSON.stringify(value).replace(deepMarker, (_, depth: string, shape: string) =>
    nested(Number(depth), shape),
  );
}

/** Expands deep-nesting markers in text of another format (YAML flow style accepts the JSON form). */
export function expandMarkers(text: string): string {
  return text.replace(deepMarker, (_, depth: string, shape: string) =>
    nested(Number(depth), shape),
  );
}

/** Returns text or bytes damaged at random: truncated, a byte flipped, junk inserted, a key duplicated… */
export function mutateText(text: string, random: Random): string | Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = random.int(bytes.length + 1);
  switch (random.int(7)) {
    case 0:
      return bytes.subarray(0, at);
    case 1: {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[Math.min(at, copy.length - 1)] = random.int(256);
      return copy;
    }
    case 2:
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from([0xff, 0xfe, 0x00, 0x22, 0x7b]),
        bytes.subarray(at),
      ]);
    case 3:
      return text.replace(/"name":/, '"name":"dup","name":');
    case 4:
      return `\ufeff${text}`;
    case 5:
      return `${text}${text}`;
    default:
      return text.replace(/[{[]/, (open) => `${open}${open}`);
  }
}
