import { stringify } from 'yaml';
import { encodeKubernetesProtobuf } from './encode-protobuf.ts';
import { fuzzNamespace, fuzzResources } from './fuzz-resources.ts';
import type { FuzzTarget } from './fuzz-target.ts';
import { expandMarkers, mutateJson, mutateText, serializeJson, type Value } from './mutate-json.ts';
import type { Random } from './seeded-random.ts';

/** A request body and the Content-Type it is sent with (either may be absent). */
export interface FuzzBody {
  readonly contentType: string | undefined;
  readonly body: string | Buffer | undefined;
}

const json = 'application/json';
const yaml = 'application/yaml';
const protobuf = 'application/vnd.kubernetes.protobuf';
const mergePatch = 'application/merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const strategicPatch = 'application/strategic-merge-patch+json';
const applyPatch = 'application/apply-patch+yaml';
const oddTypes = [
  'text/plain',
  'application/json; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '*/*',
  'application/cbor',
  'application/json;as=Table',
];

const yamlTricks = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y2}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!binary aGVsbG8=\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: y3}\ndata:\n  <<: *m\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y4, name: y5}\n',
  '!!js/function "function () {}"\n',
  '? [a, b]\n: c\n',
  'key: "unterminated\n',
  '- - - - - - -\n',
  '',
];

function objectFor(target: FuzzTarget, random: Random): Value {
  const resource =
    target.resource === undefined || random.chance(0.1)
      ? random.pick(fuzzResources)
      : target.resource;
  const name = target.name !== '' && random.chance(0.8) ? target.name : `fz-${random.int(12)}`;
  const object = resource.template(
    name,
    target.namespace === '' ? fuzzNamespace : target.namespace,
  ) as Value;
  if (random.chance(0.05)) return random.pick<Value>([[], null, 'string', 42, [object]]);
  return object;
}

function jsonPatchOps(target: FuzzTarget, random: Random): Value {
  const pool: Value[] = [
    { op: 'add', path: '/metadata/labels/fuzzed', value: 'yes' },
    { op: 'replace', path: '/metadata/labels', value: { app: 'fuzz' } },
    { op: 'remove', path: '/metadata/annotations' },
    { op: 'test', path: '/metadata/name', value: target.name },
    { op: 'move', from: '/metadata/labels', path: '/metadata/annotations' },
    { op: 'copy', from: '/spec', path: '/status' },
    {
      op: 'add',
      path: '/metadata/managedFields/-',
      value: {
        manager: 'fuzz',
        operation: 'Update',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:x': {} },
      },
    },
    { op: 'replace', path: '/metadata/managedFields', value: [] },
    { op: 'add', path: '/spec/containers/-', value: { name: 'c2', image: 'x' } },
    { op: 'remove', path: '/spec/containers/99' },
    { op: 'add', path: '/metadata/finalizers', value: ['fuzz.example.com/hold'] },
    { op: 'replace', path: '/metadata/resourceVersion', value: '1' },
    { op: 'replace', path: '/metadata/name', value: 'renamed' },
    { op: 'add', path: '/a/~2/b', value: 1 },
    { op: 'add', path: 'no-slash', value: 1 },
    { op: 'bogus', path: '/x' },
    { op: 'add', path: '/spec/replicas', value: 'three' },
  ];
  return Array.from({ length: random.between(1, 3) }, () => random.pick(pool));
}

function strategicPatchBody(random: Random): Value {
  return random.pick<Value>([
    {
      spec: {
        containers: [{ name: 'c', image: 'busybox:2' }],
        '$setElementOrder/containers': [{ name: 'c' }],
      },
    },
    { spec: { containers: [{ name: 'c', $patch: 'delete' }] } },
    { spec: { $retainKeys: ['containers'], containers: [{ name: 'c', image: 'y' }] } },
    { metadata: { $patch: 'delete' } },
    { $patch: 'replace', metadata: { labels: { a: 'b' } } },
    { metadata: { finalizers: ['x'], '$deleteFromPrimitiveList/finalizers': ['x'] } },
    { spec: { '$setElementOrder/containers': 'not a list' } },
    { spec: { containers: { name: 'c' } } },
    {
      spec: {
        template: { spec: { containers: [{ name: 'c', env: [{ name: 'A', $patch: 'delete' }] }] } },
      },
    },
    { metadata: { labels: { app: null } }, spec: { replicas: 3 } },
  ]);
}

function mergePatchBody(target: FuzzTarget, random: Random): Value {
  return random.pick<Value>([
    { metadata: { labels: { fuzzed: 'yes', app: null } } },
    { metadata: { annotations: null } },
    { spec: { replicas: random.int(5) } },
    { spec: null },
    { metadata: { name: 'other' } },
    { metadata: { resourceVersion: '1' } },
    { status: { phase: 'Running', replicas: 1 } },
    { data: { key: null, added: 'v' } },
    objectFor(target, random),
  ]);
}

function patchValue(type: string, target: FuzzTarget, random: Random): Value {
  if (type === jsonPatch) return jsonPatchOps(target, random);
  if (type === strategicPatch) return strategicPatchBody(random);
  if (type === mergePatch) return mergePatchBody(target, random);
  return objectFor(target, random);
}

function randomProtobuf(target: FuzzTarget, random: Random): Buffer {
  const encoded = encodeKubernetesProtobuf({
    apiVersion: target.resource?.apiVersion ?? 'v1',
    kind: random.pick([
      target.resource?.kind ?? 'ConfigMap',
      'ConfigMap',
      'Namespace',
      'Bogus',
      '',
    ]),
    name: random.pick([target.name, `fz-${random.int(12)}`]),
    namespace: random.chance(0.5) ? target.namespace : '',
    labels: random.chance(0.5) ? { app: 'fuzz' } : {},
    data: random.chance(0.5) ? { key: 'value' } : {},
  });
  if (random.chance(0.4)) return encoded;
  const mutated = mutateText(encoded.toString('latin1'), random);
  return typeof mutated === 'string' ? Buffer.from(mutated, 'latin1') : mutated;
}

function serialize(value: Value, type: string | undefined, random: Random): string | Buffer {
  const text =
    (type === yaml || type === applyPatch) && random.chance(0.6)
      ? expandMarkers(stringify(value))
      : serializeJson(value);
  return random.chance(0.12) ? mutateText(text, random) : text;
}

/** A valid object carrying a 1–3.3 MB annotation (kube-apiserver's request limit is 3 MiB). */
function hugeBody(target: FuzzTarget, random: Random): FuzzBody {
  const object = objectFor(target, random);
  const size = random.between(1_000_000, 3_300_000);
  const text = serializeJson(object).replace(
    '"annotations":{',
    `"annotations":{"huge":"${'h'.repeat(size)}",`,
  );
  return { contentType: json, body: text };
}

const patchTypes = [
  mergePatch,
  mergePatch,
  jsonPatch,
  jsonPatch,
  strategicPatch,
  strategicPatch,
  applyPatch,
  json,
];
const writeTypes = [json, json, json, json, json, yaml, yaml, protobuf, applyPatch, undefined];

function randomContentType(method: string, random: Random): string | undefined {
  if (random.chance(0.05)) return random.pick(oddTypes);
  return random.pick<string | undefined>(method === 'PATCH' ? patchTypes : writeTypes);
}

/** Bodies that are not built from a JSON value: huge objects, protobuf, YAML tricks. */
function specialBody(
  contentType: string | undefined,
  target: FuzzTarget,
  random: Random,
): FuzzBody | undefined {
  if (random.chance(0.006)) return hugeBody(target, random);
  if (contentType === protobuf || (random.chance(0.02) && contentType !== undefined))
    return { contentType, body: randomProtobuf(target, random) };
  if ((contentType === yaml || contentType === applyPatch) && random.chance(0.1))
    return { contentType, body: random.pick(yamlTricks) };
  return undefined;
}

function writeBody(method: string, target: FuzzTarget, random: Random): FuzzBody {
  const contentType = randomContentType(method, random);
  const special = specialBody(contentType, target, random);
  if (special !== undefined) return special;
  const base =
    method === 'PATCH' ? patchValue(contentType ?? '', target, random) : objectFor(target, random);
  const value = random.chance(0.5) ? base : mutateJson(base, random, random.between(1, 4));
  return { contentType, body: serialize(value, contentType, random) };
}

function deleteBody(random: Random): FuzzBody {
  if (random.chance(0.5)) return { contentType: undefined, body: undefined };
  const options: Value = random.pick<Value>([
    { propagationPolicy: 'Background' },
    {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      gracePeriodSeconds: 0,
      propagationPolicy: 'Foreground',
    },
    { preconditions: { uid: 'not-the-uid', resourceVersion: '1' } },
    { propagationPolicy: 'Orphan', dryRun: ['All'] },
    { gracePeriodSeconds: 'soon' },
    { kind: 'Pod' },
    [],
  ]);
  const value = random.chance(0.4) ? mutateJson(options, random, random.between(1, 3)) : options;
  return { contentType: json, body: serialize(value, json, random) };
}

/**
 * A random body for a request: objects for POST/PUT (valid templates, wrong kinds, mutated), patch
 * documents of every patch type for PATCH, DeleteOptions for DELETE, in JSON, YAML or protobuf,
 * sometimes damaged as text or bytes.
 */
export function randomBody(random: Random, method: string, target: FuzzTarget): FuzzBody {
  if (method === 'POST' || method === 'PUT' || method === 'PATCH')
    return writeBody(method, target, random);
  if (method === 'DELETE') return deleteBody(random);
  if (random.chance(0.95)) return { contentType: undefined, body: undefined };
  return writeBody('POST', target, random);
}
