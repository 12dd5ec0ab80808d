import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../json.ts';
import type { SchemaResolver } from '../json-schema.ts';
import { StatusError } from '../status-error.ts';
import { formatFieldPath } from './field-path.ts';
import { deploymentSchema, resolveCurrent, resolveLegacy } from './fixture-schemas.ts';
import { decodeManagedFields } from './managed-fields.ts';
import { serverSideApply, type ServerSideApplyInput } from './server-side-apply.ts';
import { trackUpdate } from './track-update.ts';

const T1 = '2024-05-01T10:00:00Z';
const T2 = '2024-05-01T10:05:00Z';

type Container = JsonObject & { name: string };

/** A Deployment manifest; `labels: null` leaves labels out. */
function deployment(spec: JsonObject, labels: JsonObject | null = { app: 'web' }): KubeObject {
  const metadata: JsonObject = { name: 'web', namespace: 'default' };
  if (labels !== null) metadata['labels'] = labels;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
}

function withContainers(containers: Container[], extra: JsonObject = {}): JsonObject {
  return { ...extra, template: { spec: { containers } } };
}

/** What the store adds after a create. */
function stored(object: KubeObject): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, uid: 'uid-1', resourceVersion: '10', creationTimestamp: T1 },
  };
}

function apply(
  live: KubeObject | null,
  applied: KubeObject,
  manager: string,
  extra: Partial<ServerSideApplyInput> = {},
): KubeObject {
  const result = serverSideApply({
    live,
    applied,
    manager,
    force: false,
    now: T1,
    schema: deploymentSchema,
    resolve: resolveCurrent,
    ...extra,
  });
  return live === null ? stored(result) : result;
}

/** An Update by `manager` that changes `live` into `next`, as the handlers will record it. */
function update(
  live: KubeObject | null,
  next: KubeObject,
  manager: string,
  subresource?: string,
): KubeObject {
  const managedFields = trackUpdate({
    before: live,
    after: next,
    manager,
    now: T1,
    schema: deploymentSchema,
    resolve: resolveCurrent,
    subresource,
  });
  const result = { ...next, metadata: { ...next.metadata, managedFields } };
  return live === null ? stored(result) : result;
}

function owned(object: KubeObject, manager: string): string[] {
  const entry = decodeManagedFields(object.metadata['managedFields']).find(
    (e) => e.manager === manager,
  );
  return entry?.fields.paths().map(formatFieldPath) ?? [];
}

function thrown(action: () => unknown): StatusError {
  try {
    action();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

function spec(object: KubeObject): JsonObject {
  return object['spec'] as JsonObject;
}

function containersOf(object: KubeObject): Container[] {
  const template = spec(object)['template'] as { spec: { containers: Container[] } };
  return template.spec.containers;
}

const base = deployment(
  withContainers([{ name: 'c', image: 'nginx:1' }], {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
  }),
);

describe('serverSideApply: ownership', () => {
  it('creates the object on a first apply and records an Apply entry', () => {
    const applied = { ...base, status: { replicas: 9 } };
    const result = serverSideApply({
      live: null,
      applied,
      manager: 'kubectl',
      force: false,
      now: T1,
      schema: deploymentSchema,
      resolve: resolveCurrent,
    });
    expect(result['spec']).toEqual(base['spec']);
    expect(result['status']).toBeUndefined();
    expect(result.metadata['managedFields']).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:spec': {
                'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
              },
            },
          },
        },
      },
    ]);
  });

  it.each<[string, KubeObject, (o: KubeObject) => unknown, unknown]>([
    [
      'a label',
      deployment(spec(base), { app: 'web' }),
      (o) => o.metadata['labels'],
      { app: 'web' },
    ],
    ['every label', deployment(spec(base), null), (o) => o.metadata['labels'], undefined],
    [
      'a container',
      deployment(
        withContainers([{ name: 'c', image: 'nginx:1' }], {
          selector: { matchLabels: { app: 'web' } },
        }),
      ),
      (o) => containersOf(o).map((c) => c.name),
      ['c'],
    ],
    [
      'a scalar',
      deployment(
        withContainers([
          { name: 'c', image: 'nginx:1' },
          { name: 'd', image: 'redis' },
        ]),
      ),
      (o) => spec(o)['replicas'],
      undefined,
    ],
  ])('removes %s the manager stops applying', (_, reapplied, read, expected) => {
    const first = deployment(
      withContainers(
        [
          { name: 'c', image: 'nginx:1' },
          { name: 'd', image: 'redis' },
        ],
        { replicas: 2, selector: { matchLabels: { app: 'web' } } },
      ),
      { app: 'web', tier: 'front' },
    );
    const live = apply(null, first, 'kubectl');
    const result = apply(live, reapplied, 'kubectl', { now: T2 });
    expect(read(result)).toEqual(expected);
    expect(result.metadata['uid']).toBe('uid-1');
  });

  it('keeps a field the manager stops applying while another manager owns it', () => {
    const live = apply(null, base, 'alice');
    const shared = apply(live, deployment({ replicas: 2 }, null), 'bob');
    expect(owned(shared, 'alice')).toContain('.spec.replicas');
    expect(owned(shared, 'bob')).toEqual(['.spec.replicas']);
    const withoutReplicas = deployment(withContainers([{ name: 'c', image: 'nginx:1' }]));
    const result = apply(shared, withoutReplicas, 'alice', { now: T2 });
    expect(spec(result)['replicas']).toBe(2);
    expect(owned(result, 'alice')).not.toContain('.spec.replicas');
    expect(owned(result, 'bob')).toEqual(['.spec.replicas']);
  });

  it('returns the live object untouched when a re-apply changes nothing', () => {
    const live = apply(null, base, 'kubectl');
    const again = apply(live, base, 'kubectl', { now: T2 });
    expect(again).toEqual(live);
  });

  it('keeps server-set metadata from the live object', () => {
    const live = apply(null, base, 'kubectl');
    const sneaky = {
      ...base,
      metadata: { ...base.metadata, uid: 'other', resourceVersion: '1', generation: 5 },
    };
    const result = apply(live, sneaky, 'kubectl', { now: T2 });
    expect(result.metadata).toMatchObject({ uid: 'uid-1', resourceVersion: '10' });
    expect(result.metadata['generation']).toBeUndefined();
  });
});

describe('serverSideApply: conflicts', () => {
  const scaled = deployment({ replicas: 5 }, null);

  it('lets two managers share a field that they set to the same value', () => {
    const live = apply(null, base, 'alice');
    const result = apply(live, deployment({ replicas: 2 }, null), 'bob');
    expect(owned(result, 'alice')).toContain('.spec.replicas');
    expect(owned(result, 'bob')).toEqual(['.spec.replicas']);
  });

  it('refuses a different value for a field another manager owns', () => {
    const live = apply(null, base, 'alice');
    const error = thrown(() => apply(live, scaled, 'bob'));
    expect(error.code).toBe(409);
    expect(error.reason).toBe('Conflict');
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "alice": .spec.replicas',
    );
    expect(error.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' },
    ]);
  });

  it('moves the field to the applier when forced', () => {
    const live = apply(null, base, 'alice');
    const result = apply(live, scaled, 'bob', { force: true });
    expect(spec(result)['replicas']).toBe(5);
    expect(owned(result, 'bob')).toEqual(['.spec.replicas']);
    expect(owned(result, 'alice')).not.toContain('.spec.replicas');
  });

  it('treats a null for a field another manager owns as a conflicting change', () => {
    const live = apply(null, base, 'alice');
    const error = thrown(() => apply(live, deployment({ replicas: null }, null), 'bob'));
    expect(error.causes.map((c) => c.field)).toEqual(['.spec.replicas']);
  });

  it('clears the field and takes it over when a null is forced', () => {
    const live = apply(null, base, 'alice');
    const result = apply(live, deployment({ replicas: null }, null), 'bob', { force: true });
    expect(spec(result)).not.toHaveProperty('replicas');
    expect(owned(result, 'alice')).not.toContain('.spec.replicas');
    expect(owned(result, 'bob')).toEqual(['.spec.replicas']);
  });

  it('names an Update owner with its apiVersion, as after kubectl client-side apply', () => {
    const live = update(null, base, 'kubectl-client-side-apply');
    const error = thrown(() => apply(live, scaled, 'kubectl'));
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(error.causes[0]).toEqual({
      reason: 'FieldManagerConflict',
      message: 'conflict with "kubectl-client-side-apply" using apps/v1',
      field: '.spec.replicas',
    });
  });

  it('reports a changed field inside an associative list item by its key', () => {
    const live = update(null, base, 'kubectl-edit');
    const bumped = deployment(withContainers([{ name: 'c', image: 'nginx:2' }]));
    const error = thrown(() => apply(live, bumped, 'kubectl'));
    expect(error.causes.map((c) => c.field)).toEqual([
      '.spec.template.spec.containers[name="c"].image',
    ]);
  });

  it('words several conflicts per manager, managers sorted', () => {
    const live = apply(null, base, 'alice');
    const paused = update(live, { ...live, spec: { ...spec(live), paused: true } }, 'bob');
    const error = thrown(() =>
      apply(paused, deployment({ replicas: 5, paused: false }, null), 'carol'),
    );
    expect(error.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.replicas\nconflicts with "bob" using apps/v1:\n- .spec.paused',
    );
    expect(error.causes).toHaveLength(2);
  });

  it('names a status manager with its subresource', () => {
    const live = apply(null, base, 'kubectl');
    const reported = update(live, { ...live, status: { replicas: 2 } }, 'ctl', 'status');
    const error = thrown(() =>
      apply(reported, { ...deployment({}, null), status: { replicas: 3 } }, 'other', {
        subresource: 'status',
      }),
    );
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "ctl" with subresource "status" using apps/v1: .status.replicas',
    );
  });
});

describe('serverSideApply: merging', () => {
  it.each<[string, SchemaResolver]>([
    ['list-type map schema', resolveCurrent],
    ['legacy patch-merge-key schema', resolveLegacy],
  ])('merges containers by name with a %s', (_, resolve) => {
    const first = deployment(
      withContainers([
        { name: 'c', image: 'nginx:1', args: ['a'], env: [{ name: 'A', value: '1' }] },
      ]),
    );
    const live = apply(null, first, 'kubectl', { resolve });
    const added = update(
      live,
      {
        ...live,
        spec: withContainers([...containersOf(live), { name: 'sidecar', image: 'envoy' }]),
      },
      'injector',
    );
    const next = deployment(
      withContainers([
        { name: 'c', image: 'nginx:2', args: ['b', 'c'], env: [{ name: 'B', value: '2' }] },
      ]),
    );
    const result = apply(added, next, 'kubectl', { resolve, now: T2 });
    expect(containersOf(result)).toEqual([
      { name: 'c', image: 'nginx:2', args: ['b', 'c'], env: [{ name: 'B', value: '2' }] },
      { name: 'sidecar', image: 'envoy' },
    ]);
  });

  it('merges maps key by key but replaces atomic lists and atomic maps whole', () => {
    const podSpec = (nodeSelector: JsonObject, tolerations: JsonObject[]): JsonObject => ({
      template: { spec: { containers: [{ name: 'c' }], nodeSelector, tolerations } },
    });
    const live = update(
      null,
      deployment(podSpec({ disk: 'ssd' }, [{ key: 'a' }]), { app: 'web', team: 'x' }),
      'kubectl-create',
    );
    const result = apply(
      live,
      deployment(podSpec({ zone: 'z1' }, [{ key: 'b' }]), { tier: 'front' }),
      'kubectl',
      {
        force: true,
      },
    );
    const template = spec(result)['template'] as { spec: JsonObject };
    expect(result.metadata['labels']).toEqual({ app: 'web', team: 'x', tier: 'front' });
    expect(template.spec['nodeSelector']).toEqual({ zone: 'z1' });
    expect(template.spec['tolerations']).toEqual([{ key: 'b' }]);
  });

  it('puts new list items before the next item both lists share', () => {
    const live = update(
      null,
      deployment(withContainers([{ name: 'a' }, { name: 'b' }])),
      'kubectl-create',
    );
    const result = apply(
      live,
      deployment(withContainers([{ name: 'new' }, { name: 'b' }])),
      'kubectl',
    );
    expect(containersOf(result).map((c) => c.name)).toEqual(['a', 'new', 'b']);
  });

  it('merges only status on a status apply, and ignores status on a main apply', () => {
    const live = update(null, { ...base, status: { replicas: 1 } }, 'kubectl-create');
    const main = apply(live, { ...base, status: { replicas: 7 } }, 'kubectl', { force: true });
    expect(main['status']).toEqual({ replicas: 1 });
    const status = apply(
      live,
      { ...deployment({ replicas: 99 }), status: { replicas: 7 } },
      'ctl',
      {
        subresource: 'status',
        force: true,
      },
    );
    expect(status['status']).toEqual({ replicas: 7 });
    expect(spec(status)['replicas']).toBe(2);
    const entry = (status.metadata['managedFields'] as JsonObject[]).find(
      (e) => e['manager'] === 'ctl',
    );
    expect(entry).toMatchObject({
      operation: 'Apply',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:replicas': {} } },
    });
  });

  it('owns untyped objects by field and replaces untyped lists when there is no schema', () => {
    const thing = (specValue: JsonObject): KubeObject => ({
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't' },
      spec: specValue,
    });
    const noSchema = { schema: undefined, resolve: (): undefined => undefined };
    const live = apply(null, thing({ a: { x: 1, y: 2 }, list: [1, 2] }), 'm', noSchema);
    const result = apply(live, thing({ a: { x: 1 }, list: [3] }), 'm', noSchema);
    expect(result['spec']).toEqual({ a: { x: 1 }, list: [3] });
  });
});

describe('serverSideApply: bad configurations', () => {
  it.each<[string, KubeObject, string]>([
    [
      'managedFields in the configuration',
      { ...base, metadata: { ...base.metadata, managedFields: [] } },
      'metadata.managedFields must be nil',
    ],
    [
      'duplicate keys',
      deployment(withContainers([{ name: 'c' }, { name: 'c' }])),
      'failed to create typed patch object (apps/v1, Kind=Deployment default/web): .spec.template.spec.containers: duplicate entries for key [name="c"]',
    ],
    [
      'an item without its key',
      deployment(withContainers([{ name: 'c', env: [{ value: '1' }] }])),
      '.spec.template.spec.containers[name="c"].env: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    ],
  ])('answers 400 for %s', (_, applied, message) => {
    const error = thrown(() => apply(null, applied, 'kubectl'));
    expect(error.code).toBe(400);
    expect(error.message).toContain(message);
  });
});
