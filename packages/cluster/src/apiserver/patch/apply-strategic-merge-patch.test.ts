import { describe, expect, it } from 'vitest';
import type { Json } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import { applyStrategicMergePatch } from './apply-strategic-merge-patch.ts';
import { PatchError } from './patch-error.ts';

/** Freezes a value and everything in it, so that any mutation throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

const ref = (name: string): JsonSchema => ({
  allOf: [{ $ref: `#/components/schemas/${name}` }],
  default: {},
});
const string: JsonSchema = { type: 'string' };
const stringMap: JsonSchema = { type: 'object', additionalProperties: string };
const mergeList = (item: string, mergeKey: string, strategy = 'merge'): JsonSchema => ({
  type: 'array',
  items: ref(item),
  'x-kubernetes-patch-merge-key': mergeKey,
  'x-kubernetes-patch-strategy': strategy,
});

/** Small schemas in the shape of the upstream OpenAPI v3 documents (`allOf: [{ $ref }]`). */
const schemas: Record<string, JsonSchema> = {
  Pod: {
    type: 'object',
    properties: {
      apiVersion: string,
      kind: string,
      metadata: ref('ObjectMeta'),
      spec: ref('PodSpec'),
      status: ref('PodStatus'),
    },
  },
  ObjectMeta: {
    type: 'object',
    properties: {
      name: string,
      labels: stringMap,
      annotations: stringMap,
      finalizers: {
        type: 'array',
        items: string,
        'x-kubernetes-patch-strategy': 'merge',
        'x-kubernetes-list-type': 'set',
      },
      ownerReferences: mergeList('OwnerReference', 'uid'),
    },
  },
  OwnerReference: { type: 'object', properties: { uid: string, name: string, kind: string } },
  PodSpec: {
    type: 'object',
    properties: {
      containers: mergeList('Container', 'name'),
      initContainers: mergeList('Container', 'name'),
      volumes: mergeList('Volume', 'name', 'merge,retainKeys'),
      tolerations: { type: 'array', items: ref('Toleration') },
      nodeSelector: stringMap,
    },
  },
  Container: {
    type: 'object',
    properties: {
      name: string,
      image: string,
      args: { type: 'array', items: string },
      env: mergeList('EnvVar', 'name'),
      ports: mergeList('ContainerPort', 'containerPort'),
      volumeMounts: mergeList('VolumeMount', 'mountPath'),
    },
  },
  EnvVar: { type: 'object', properties: { name: string, value: string } },
  ContainerPort: {
    type: 'object',
    properties: { containerPort: { type: 'integer' }, protocol: string },
  },
  VolumeMount: { type: 'object', properties: { name: string, mountPath: string } },
  Volume: {
    type: 'object',
    properties: { name: string, configMap: { type: 'object' }, emptyDir: { type: 'object' } },
  },
  Toleration: { type: 'object', properties: { key: string, effect: string } },
  PodStatus: { type: 'object', properties: { conditions: mergeList('PodCondition', 'type') } },
  PodCondition: { type: 'object', properties: { type: string, status: string } },
  Deployment: {
    type: 'object',
    properties: { metadata: ref('ObjectMeta'), spec: ref('DeploymentSpec') },
  },
  DeploymentSpec: {
    type: 'object',
    properties: {
      replicas: { type: 'integer' },
      strategy: { ...ref('DeploymentStrategy'), 'x-kubernetes-patch-strategy': 'retainKeys' },
      template: ref('PodTemplateSpec'),
    },
  },
  DeploymentStrategy: {
    type: 'object',
    properties: { type: string, rollingUpdate: { type: 'object' } },
  },
  PodTemplateSpec: {
    type: 'object',
    properties: { metadata: ref('ObjectMeta'), spec: ref('PodSpec') },
  },
  /** The test fixture of upstream's strategicpatch tests. */
  MergeItem: {
    type: 'object',
    properties: {
      name: string,
      value: string,
      other: string,
      mergingList: mergeList('MergeItem', 'name'),
      mergeItemPtr: mergeList('MergeItem', 'name'),
      nonMergingList: { type: 'array', items: ref('MergeItem') },
      mergingIntList: {
        type: 'array',
        items: { type: 'integer' },
        'x-kubernetes-patch-strategy': 'merge',
      },
      nonMergingIntList: { type: 'array', items: { type: 'integer' } },
      simpleMap: stringMap,
      replacingItem: { type: 'object', 'x-kubernetes-patch-strategy': 'replace' },
      retainKeysMap: { ...ref('MergeItem'), 'x-kubernetes-patch-strategy': 'retainKeys' },
      retainKeysMergingList: mergeList('MergeItem', 'name', 'merge,retainKeys'),
    },
  },
};

const resolve: SchemaResolver = (target) => schemas[target.replace('#/components/schemas/', '')];

function patchKind(kind: string, original: Json, patch: Json): Json {
  return applyStrategicMergePatch(deepFreeze(original), deepFreeze(patch), schemas[kind], resolve);
}

function patchError(run: () => unknown): PatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p1', labels: { app: 'web' }, finalizers: ['a', 'b'] },
  spec: {
    containers: [
      {
        name: 'c',
        image: 'x',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
      { name: 'side', image: 's' },
    ],
    tolerations: [{ key: 'k1' }, { key: 'k2' }],
  },
};

describe('applyStrategicMergePatch on a Pod', () => {
  it('updates a container image the way kubectl edit sends it', () => {
    const edited = patchKind('Pod', pod, {
      spec: {
        '$setElementOrder/containers': [{ name: 'c' }, { name: 'side' }],
        containers: [{ image: 'y', name: 'c' }],
      },
    });
    expect(edited).toEqual({
      ...pod,
      spec: {
        ...pod.spec,
        containers: [{ ...pod.spec.containers[0], image: 'y' }, pod.spec.containers[1]],
      },
    });
  });

  it('merges labels and the last-applied annotation the way kubectl apply sends them', () => {
    const lastApplied =
      '{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"tier":"x"},"name":"p1"}}\n';
    const result = patchKind('Pod', pod, {
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
        labels: { tier: 'x', app: null },
      },
    });
    expect(result).toEqual({
      ...pod,
      metadata: {
        ...pod.metadata,
        labels: { tier: 'x' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
      },
    });
  });

  it('adds a container in the order of $setElementOrder', () => {
    const result = patchKind('Pod', pod, {
      spec: {
        '$setElementOrder/containers': [{ name: 'c' }, { name: 'new' }, { name: 'side' }],
        containers: [{ name: 'new', image: 'n' }],
      },
    }) as typeof pod;
    expect(result.spec.containers.map((c) => c.name)).toEqual(['c', 'new', 'side']);
  });

  it('deletes a container with a $patch: delete item', () => {
    const result = patchKind('Pod', pod, {
      spec: {
        '$setElementOrder/containers': [{ name: 'c' }],
        containers: [{ $patch: 'delete', name: 'side' }],
      },
    }) as typeof pod;
    expect(result.spec.containers).toEqual([pod.spec.containers[0]]);
  });

  it('replaces the whole container list with a $patch: replace item', () => {
    const result = patchKind('Pod', pod, {
      spec: { containers: [{ name: 'only', image: 'o' }, { $patch: 'replace' }] },
    }) as typeof pod;
    expect(result.spec.containers).toEqual([{ name: 'only', image: 'o' }]);
  });

  it('merges nested lists: env by name and ports by containerPort', () => {
    const result = patchKind('Pod', pod, {
      spec: {
        containers: [
          {
            name: 'c',
            env: [
              { name: 'B', value: '20' },
              { name: 'C', value: '3' },
              { name: 'A', $patch: 'delete' },
            ],
            ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
          },
        ],
      },
    }) as typeof pod;
    expect(result.spec.containers[0]?.env).toEqual([
      { name: 'B', value: '20' },
      { name: 'C', value: '3' },
    ]);
    expect(result.spec.containers[0]?.ports).toEqual([
      { containerPort: 80, protocol: 'TCP', name: 'http' },
      { containerPort: 443 },
    ]);
    expect(result.spec.containers[1]).toEqual(pod.spec.containers[1]);
  });

  it('deletes a field of a list item with null', () => {
    const result = patchKind('Pod', pod, {
      spec: { containers: [{ name: 'side', image: null }] },
    }) as typeof pod;
    expect(result.spec.containers[1]).toEqual({ name: 'side' });
  });

  it('replaces lists without a patch strategy', () => {
    const result = patchKind('Pod', pod, { spec: { tolerations: [{ key: 'k3' }] } }) as typeof pod;
    expect(result.spec.tolerations).toEqual([{ key: 'k3' }]);
  });

  it.each<[string, Json, string[]]>([
    [
      'adds a finalizer (new values go first, as upstream)',
      { metadata: { finalizers: ['c'] } },
      ['c', 'a', 'b'],
    ],
    [
      'keeps a finalizer that is already there once',
      { metadata: { finalizers: ['b', 'c'] } },
      ['a', 'b', 'c'],
    ],
    [
      'removes a finalizer with $deleteFromPrimitiveList',
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      ['b'],
    ],
    [
      'reorders and deletes with $setElementOrder the way kubectl apply sends it',
      {
        metadata: {
          '$setElementOrder/finalizers': ['b', 'c'],
          '$deleteFromPrimitiveList/finalizers': ['a'],
          finalizers: ['c'],
        },
      },
      ['b', 'c'],
    ],
  ])('%s', (_name, patch, finalizers) => {
    const result = patchKind('Pod', pod, patch) as typeof pod;
    expect(result.metadata.finalizers).toEqual(finalizers);
  });

  it('merges ownerReferences by uid and conditions by type', () => {
    const original = {
      metadata: { ownerReferences: [{ uid: 'u1', name: 'rs1', kind: 'ReplicaSet' }] },
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'Initialized', status: 'True' },
        ],
      },
    };
    const result = patchKind('Pod', original, {
      metadata: {
        ownerReferences: [
          { uid: 'u1', name: 'rs2' },
          { uid: 'u2', name: 'x', kind: 'Job' },
        ],
      },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(result).toEqual({
      metadata: {
        ownerReferences: [
          { uid: 'u1', name: 'rs2', kind: 'ReplicaSet' },
          { uid: 'u2', name: 'x', kind: 'Job' },
        ],
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Initialized', status: 'True' },
        ],
      },
    });
  });

  it('drops the fields of a volume that $retainKeys does not list', () => {
    const original = {
      spec: {
        volumes: [
          { name: 'v', configMap: { name: 'cm' } },
          { name: 'w', emptyDir: {} },
        ],
      },
    };
    const result = patchKind('Pod', original, {
      spec: {
        '$setElementOrder/volumes': [{ name: 'v' }, { name: 'w' }],
        volumes: [{ $retainKeys: ['emptyDir', 'name'], emptyDir: {}, name: 'v' }],
      },
    });
    expect(result).toEqual({
      spec: {
        volumes: [
          { name: 'v', emptyDir: {} },
          { name: 'w', emptyDir: {} },
        ],
      },
    });
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    const original = { metadata: { labels: { a: '1', b: '2' }, annotations: { x: 'y' } } };
    const result = patchKind('Pod', original, {
      metadata: { labels: { $patch: 'replace', c: '3' }, annotations: { $patch: 'delete' } },
    });
    expect(result).toEqual({ metadata: { labels: { c: '3' }, annotations: {} } });
  });

  it('merges normally under $patch: merge', () => {
    const result = patchKind(
      'Pod',
      { metadata: { labels: { a: '1' } } },
      { metadata: { labels: { $patch: 'merge', b: '2' } } },
    );
    expect(result).toEqual({ metadata: { labels: { a: '1', b: '2' } } });
  });

  it('cleans directives and nulls out of values that are new', () => {
    const result = patchKind(
      'Pod',
      { metadata: { name: 'p' } },
      {
        metadata: { labels: { a: '1', gone: null } },
        spec: {
          '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
          containers: [
            { name: 'b', $retainKeys: ['name'] },
            {
              name: 'a',
              env: [
                { name: 'X', $patch: 'delete' },
                { name: 'Y', value: null },
              ],
              args: ['x', null],
            },
            { $patch: 'replace' },
          ],
          nodeSelector: { $patch: 'delete' },
        },
      },
    );
    expect(result).toEqual({
      metadata: { name: 'p', labels: { a: '1' } },
      spec: { containers: [{ name: 'b' }, { name: 'a', env: [{ name: 'Y' }], args: ['x', null] }] },
    });
  });

  it('never mutates its inputs and shares nothing with them', () => {
    const patch = { spec: { containers: [{ name: 'new', env: [{ name: 'E', value: 'v' }] }] } };
    const result = applyStrategicMergePatch(
      deepFreeze(pod),
      deepFreeze(patch),
      schemas['Pod'],
      resolve,
    ) as {
      spec: { containers: { name: string; env?: { value: string }[] }[] };
    };
    const added = result.spec.containers.find((c) => c.name === 'new');
    expect(added?.env?.[0]?.value).toBe('v');
    expect(Object.isFrozen(added)).toBe(false);
    expect(Object.isFrozen(result.spec.containers[1])).toBe(false);
  });
});

describe('applyStrategicMergePatch on a Deployment', () => {
  it('switches the strategy to Recreate and drops rollingUpdate with $retainKeys', () => {
    const deployment = {
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      },
    };
    const result = patchKind('Deployment', deployment, {
      spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } },
    });
    expect(result).toEqual({ spec: { replicas: 2, strategy: { type: 'Recreate' } } });
  });

  it('merges the containers of the pod template by name', () => {
    const deployment = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'a', image: '1' },
              { name: 'b', image: '2' },
            ],
          },
        },
      },
    };
    const result = patchKind('Deployment', deployment, {
      spec: { template: { spec: { containers: [{ name: 'b', image: '3' }] } } },
    });
    expect(result).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'a', image: '1' },
              { name: 'b', image: '3' },
            ],
          },
        },
      },
    });
  });
});

/** Cases from upstream's pkg/util/strategicpatch tests (expected results as upstream computes them). */
describe('applyStrategicMergePatch like upstream apimachinery', () => {
  const names = (...values: (number | [number, string, string?])[]): Json[] =>
    values.map((v) => {
      if (typeof v === 'number') return { name: v };
      const [name, value, other] = v;
      return other === undefined ? { name, value } : { name, value, other };
    });

  it.each<[string, Json, Json, Json]>([
    [
      'unions scalars',
      { mergingIntList: [1, 2] },
      { mergingIntList: [2, 3] },
      { mergingIntList: [1, 2, 3] },
    ],
    [
      'keeps patch order for an int list',
      { mergingIntList: [1, 2, 3] },
      { mergingIntList: [3, 1] },
      { mergingIntList: [2, 3, 1] },
    ],
    [
      'keeps patch order in a merging list',
      { mergingList: [{ name: 1 }, { name: 2, value: 'b' }, { name: 3 }] },
      {
        mergingList: [
          { name: 3, value: 'c' },
          { name: 1, value: 'a' },
        ],
      },
      {
        mergingList: [
          { name: 2, value: 'b' },
          { name: 3, value: 'c' },
          { name: 1, value: 'a' },
        ],
      },
    ],
    [
      'adds and deletes maps with server-only items',
      { mergingList: [{ name: 1 }, { name: 2, other: 'b' }, { name: 4, other: 'c' }] },
      {
        '$setElementOrder/mergingList': names(2, 3),
        mergingList: [{ name: 3 }, { name: 1, $patch: 'delete' }],
      },
      { mergingList: [{ name: 2, other: 'b' }, { name: 4, other: 'c' }, { name: 3 }] },
    ],
    [
      'adds and deletes maps when a server-only item remains',
      {
        mergingList: [
          { name: 1, other: 'a' },
          { name: 4, other: 'c' },
        ],
      },
      {
        '$setElementOrder/mergingList': names(2, 3),
        mergingList: [{ name: 2 }, { name: 3 }, { name: 1, $patch: 'delete' }],
      },
      { mergingList: [{ name: 4, other: 'c' }, { name: 2 }, { name: 3 }] },
    ],
    [
      'adds a map before a server-only item',
      {
        mergingList: [
          { name: 1, other: 'a' },
          { name: 3, value: 2, other: 'b' },
        ],
      },
      {
        '$setElementOrder/mergingList': names(1, 2),
        mergingList: [
          { name: 1, value: 1 },
          { name: 2, value: 2 },
        ],
      },
      {
        mergingList: [
          { name: 1, other: 'a', value: 1 },
          { name: 2, value: 2 },
          { name: 3, value: 2, other: 'b' },
        ],
      },
    ],
    [
      'merges lists of maps into the order of $setElementOrder',
      {
        mergingList: [
          { name: 1, other: 'a' },
          { name: 2, value: 2, other: 'b' },
        ],
      },
      {
        '$setElementOrder/mergingList': names(4, 1, 2, 3),
        mergingList: [
          { name: 4, value: 4 },
          { name: 3, value: 3 },
        ],
      },
      {
        mergingList: [
          { name: 4, value: 4 },
          { name: 1, other: 'a' },
          { name: 2, value: 2, other: 'b' },
          { name: 3, value: 3 },
        ],
      },
    ],
    [
      'adds and deletes scalars with $setElementOrder',
      { mergingIntList: [1, 2, 3, 4] },
      {
        '$setElementOrder/mergingIntList': [1, 2, 4],
        '$deleteFromPrimitiveList/mergingIntList': [3],
        mergingIntList: [4],
      },
      { mergingIntList: [1, 2, 4] },
    ],
    [
      'orders scalars with only $setElementOrder',
      { mergingIntList: [1, 3] },
      { '$setElementOrder/mergingIntList': [3, 2, 1] },
      { mergingIntList: [3, 1] },
    ],
    [
      'deletes from a list without merge strategy',
      { nonMergingIntList: [1, 2, 3] },
      { '$deleteFromPrimitiveList/nonMergingIntList': [2] },
      { nonMergingIntList: [1, 3] },
    ],
    [
      'does not add a missing list on deletion',
      { foo: ['bar'] },
      { '$deleteFromPrimitiveList/mergingIntList': [3] },
      { foo: ['bar'] },
    ],
    [
      'does not add deleted values',
      { mergingIntList: [1, 2] },
      { '$deleteFromPrimitiveList/mergingIntList': [3] },
      { mergingIntList: [1, 2] },
    ],
    [
      'deletes all duplicate entries in a merging list',
      {
        mergingList: [{ name: 1 }, { name: 1 }, { name: 2, value: 'a' }, { name: 3 }, { name: 3 }],
      },
      {
        mergingList: [
          { name: 1, $patch: 'delete' },
          { name: 3, $patch: 'delete' },
        ],
      },
      { mergingList: [{ name: 2, value: 'a' }] },
    ],
    [
      'empties a merging list with $patch: replace',
      { mergingList: [{ name: 1 }, { name: 2 }] },
      { mergingList: [{ $patch: 'replace' }] },
      { mergingList: [] },
    ],
    [
      'empties a map with $patch: delete',
      { simpleMap: { key1: '1', key2: '1' } },
      { simpleMap: { $patch: 'delete' } },
      { simpleMap: {} },
    ],
    [
      'replaces the whole object with $patch: replace',
      { name: '1', value: '1' },
      { other: 'a', $patch: 'replace' },
      { other: 'a' },
    ],
    [
      'replaces a field with the replace strategy',
      { replacingItem: { Some: 'Generic', Field: 'Period' } },
      { replacingItem: { Newly: 'Modified' } },
      { replacingItem: { Newly: 'Modified' } },
    ],
    [
      'replaces a non-merging list nested in a merging list',
      {
        mergingList: [
          { name: 1, other: 'a', nonMergingList: [{ name: 1 }, { name: 2, value: 2 }] },
          { name: 2 },
        ],
      },
      {
        '$setElementOrder/mergingList': names(1, 2),
        mergingList: [{ name: 1, nonMergingList: [{ name: 1, value: 1 }] }],
      },
      {
        mergingList: [
          { name: 1, other: 'a', nonMergingList: [{ name: 1, value: 1 }] },
          { name: 2 },
        ],
      },
    ],
    [
      'drops nulls from new values but not from scalar lists',
      {},
      { complex: { key: { keynotnull: 'value', keynull: null } }, list: ['key1', null, 'key2'] },
      { complex: { key: { keynotnull: 'value' } }, list: ['key1', null, 'key2'] },
    ],
    [
      'keeps nulls that are already there',
      { thing: null },
      { nested: { value: 5 } },
      { thing: null, nested: { value: 5 } },
    ],
    [
      'clears fields with $retainKeys in a retainKeys list',
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'modified', other: 'x' }] },
      {
        '$setElementOrder/retainKeysMergingList': [{ name: 'bar' }, { name: 'foo' }],
        retainKeysMergingList: [{ $retainKeys: ['name', 'value'], name: 'foo', value: 'new' }],
      },
      { retainKeysMergingList: [{ name: 'bar' }, { name: 'foo', value: 'new' }] },
    ],
    [
      'keeps a retainKeys map without the directive',
      { retainKeysMap: { name: 'foo', value: 'a' } },
      { retainKeysMap: { value: null } },
      { retainKeysMap: { name: 'foo' } },
    ],
    [
      'deletes in one list and reorders another',
      {
        mergingList: [
          { name: 'a', value: 'a' },
          { name: 'b', value: 'b' },
        ],
        mergeItemPtr: [{ name: 'c' }, { name: 'd' }],
      },
      {
        '$setElementOrder/mergingList': [{ name: 'b' }],
        '$setElementOrder/mergeItemPtr': [{ name: 'd' }, { name: 'c' }],
        mergingList: [{ $patch: 'delete', name: 'a' }],
      },
      { mergingList: [{ name: 'b', value: 'b' }], mergeItemPtr: [{ name: 'd' }, { name: 'c' }] },
    ],
  ])('%s', (_name, original, patch, expected) => {
    expect(patchKind('MergeItem', original, patch)).toEqual(expected);
  });
});

describe('applyStrategicMergePatch without a schema', () => {
  const patchUnknown = (original: Json, patch: Json): Json =>
    applyStrategicMergePatch(deepFreeze(original), deepFreeze(patch), undefined, () => undefined);

  it('merges maps and replaces lists like a JSON merge patch', () => {
    const result = patchUnknown(
      { spec: { running: false, list: [{ name: 'a' }], keep: 1 } },
      { spec: { running: true, list: [{ name: 'b' }], keep: null } },
    );
    expect(result).toEqual({ spec: { running: true, list: [{ name: 'b' }] } });
  });

  it('still obeys and strips directives', () => {
    const result = patchUnknown(
      { spec: { a: { x: 1 }, b: { y: 1, z: 2 }, list: [1, 2, 3] } },
      {
        spec: {
          a: { $patch: 'replace', w: 1 },
          b: { $retainKeys: ['y'], y: 5 },
          '$setElementOrder/list': [2, 1],
          list: [2, 1, { $patch: 'delete', name: 'x' }],
        },
      },
    );
    expect(result).toEqual({ spec: { a: { w: 1 }, b: { y: 5 }, list: [2, 1] } });
  });
});

describe('applyStrategicMergePatch errors', () => {
  it.each<[string, Json, string]>([
    [
      'a patch that is not an object',
      [{ op: 'add' }],
      'a strategic merge patch must be a JSON object, not an array',
    ],
    [
      'an unknown $patch value on a map',
      { metadata: { labels: { $patch: 'remove' } } },
      'invalid $patch directive "remove" at "metadata.labels": expected "replace", "delete" or "merge"',
    ],
    [
      'an unknown $patch value in a list',
      { spec: { containers: [{ name: 'c', $patch: 'drop' }] } },
      'invalid $patch directive "drop" at "spec.containers[0]"',
    ],
    [
      'a $setElementOrder that is not a list',
      { spec: { '$setElementOrder/containers': { name: 'c' } } },
      'the directive "$setElementOrder/containers" at "spec" must be a list, not an object',
    ],
    [
      'a $setElementOrder without a field',
      { spec: { $setElementOrder: [] } },
      'invalid directive "$setElementOrder" at "spec": expected "$setElementOrder/<list field>"',
    ],
    [
      'a $deleteFromPrimitiveList that is not a list',
      { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } },
      'must be a list, not a string',
    ],
    [
      'a $retainKeys that is not a list of names',
      { spec: { volumes: [{ name: 'v', $retainKeys: 'name' }] } },
      'the $retainKeys directive at "spec.volumes[name="v"]" must be a list of field names',
    ],
    [
      'a field that $retainKeys does not list',
      { spec: { volumes: [{ name: 'v', emptyDir: {}, $retainKeys: ['name'] }] } },
      'the patch sets the field "emptyDir" at "spec.volumes[name="v"]", which its $retainKeys directive does not list',
    ],
    [
      'a list item without the merge key',
      { spec: { containers: [{ image: 'y' }] } },
      'item 0 of "spec.containers" does not contain the list\'s merge key "name"',
    ],
    [
      'a deletion without the merge key',
      { spec: { containers: [{ $patch: 'delete' }] } },
      'item 0 of "spec.containers" does not contain the list\'s merge key "name"',
    ],
    [
      'a list item that is not an object',
      { spec: { containers: [{ name: 'c' }, 'c'] } },
      'item 1 of "spec.containers" is a string, but the list is merged by "name" and needs objects',
    ],
    [
      'a $setElementOrder item without the merge key',
      { spec: { '$setElementOrder/containers': [{ image: 'x' }] } },
      'item 0 of the $setElementOrder list of "spec.containers" must be an object with the merge key "name"',
    ],
    [
      'a patch list out of the $setElementOrder order',
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'c' }, { name: 'side' }],
          containers: [{ name: 'side' }, { name: 'c' }],
        },
      },
      'the items of "spec.containers" are not in the order of its $setElementOrder list',
    ],
  ])('rejects %s as malformed', (_name, patch, message) => {
    const error = patchError(() => patchKind('Pod', pod, patch));
    expect(error.malformed).toBe(true);
    expect(error.message).toContain(message);
  });
});
