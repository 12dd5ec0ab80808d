import { describe, expect, it } from 'vitest';
import type { Json, JsonObject, KubeObject } from '../json.ts';
import { formatFieldPath } from './field-path.ts';
import { deploymentSchema, resolveCurrent } from './fixture-schemas.ts';
import { decodeManagedFields } from './managed-fields.ts';
import { serverSideApply } from './server-side-apply.ts';
import { trackUpdate } from './track-update.ts';

const T1 = '2024-05-01T10:00:00Z';
const T2 = '2024-05-01T10:05:00Z';
const T3 = '2024-05-01T10:10:00Z';

function deployment(
  replicas: number,
  image: string,
  labels: JsonObject = { app: 'web' },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-1', resourceVersion: '3', labels },
    spec: { replicas, template: { spec: { containers: [{ name: 'c', image }] } } },
  };
}

interface Write {
  readonly before: KubeObject | null;
  readonly after: KubeObject;
  readonly manager: string;
  readonly now?: string;
  readonly subresource?: string;
}

function track(write: Write): Json[] {
  return trackUpdate({
    ...write,
    now: write.now ?? T1,
    schema: deploymentSchema,
    resolve: resolveCurrent,
  });
}

/** Runs the write and stores the managedFields it yields on the object. */
function write(input: Write): KubeObject {
  return { ...input.after, metadata: { ...input.after.metadata, managedFields: track(input) } };
}

function withMeta(object: KubeObject, extra: JsonObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, ...extra } };
}

function ownership(managedFields: Json[] | Json | undefined): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const entry of decodeManagedFields(managedFields)) {
    result[`${entry.manager}/${entry.operation}`] = entry.fields.paths().map(formatFieldPath);
  }
  return result;
}

const containerPaths = [
  '.spec.template.spec.containers[name="c"]',
  '.spec.template.spec.containers[name="c"].image',
  '.spec.template.spec.containers[name="c"].name',
];

describe('trackUpdate', () => {
  it('gives the creator every field it set, in an Update entry', () => {
    const created = { ...deployment(1, 'nginx'), status: { replicas: 0 } };
    const managedFields = track({ before: null, after: created, manager: 'kubectl-create' });
    expect(managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
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

  it('moves a changed field from its owner to the writer and orders Apply entries first', () => {
    const applied = serverSideApply({
      live: null,
      applied: deployment(1, 'nginx'),
      manager: 'kubectl',
      force: false,
      now: T2,
      schema: deploymentSchema,
      resolve: resolveCurrent,
    });
    const managedFields = track({
      before: applied,
      after: { ...applied, spec: { ...(deployment(3, 'nginx')['spec'] as JsonObject) } },
      manager: 'hpa',
      now: T1,
    });
    expect(ownership(managedFields)).toEqual({
      'kubectl/Apply': ['.metadata.labels.app', ...containerPaths],
      'hpa/Update': ['.spec.replicas'],
    });
    expect(managedFields.map((e) => (e as JsonObject)['manager'])).toEqual(['kubectl', 'hpa']);
  });

  it('accumulates one entry per manager and stamps it when it gains fields', () => {
    const created = write({ before: null, after: deployment(1, 'nginx'), manager: 'creator' });
    const scaled = write({
      before: created,
      after: deployment(2, 'nginx'),
      manager: 'kubectl-edit',
      now: T2,
    });
    const bumped = write({
      before: scaled,
      after: deployment(2, 'nginx:2'),
      manager: 'kubectl-edit',
      now: T3,
    });
    const entries = bumped.metadata['managedFields'] as JsonObject[];
    expect(ownership(entries)['kubectl-edit/Update']).toEqual([
      '.spec.replicas',
      containerPaths[1],
    ]);
    expect(entries.find((e) => e['manager'] === 'kubectl-edit')?.['time']).toBe(T3);
  });

  it.each<[string, KubeObject, Record<string, string[]>]>([
    [
      'drops an owner whose last field another manager took',
      deployment(1, 'nginx', { app: 'web', team: 'x' }),
      {
        'creator/Update': ['.metadata.labels.app', '.spec.replicas', ...containerPaths],
        'other/Update': ['.metadata.labels.team'],
      },
    ],
    [
      'takes removed fields away from every owner',
      deployment(1, 'nginx', { team: 'y' }),
      {
        'creator/Update': ['.spec.replicas', ...containerPaths],
        'labeller/Update': ['.metadata.labels.team'],
      },
    ],
  ])('%s', (_, after, expected) => {
    const created = write({ before: null, after: deployment(1, 'nginx'), manager: 'creator' });
    const labelled = write({
      before: created,
      after: deployment(1, 'nginx', { app: 'web', team: 'y' }),
      manager: 'labeller',
    });
    const next = write({
      before: labelled,
      after: {
        ...after,
        metadata: { ...after.metadata, managedFields: labelled.metadata['managedFields'] ?? null },
      },
      manager: 'other',
    });
    expect(ownership(next.metadata['managedFields'])).toEqual(expected);
  });

  it('keeps the stored entries, times included, when nothing changed', () => {
    const created = write({ before: null, after: deployment(1, 'nginx'), manager: 'creator' });
    const managedFields = track({ before: created, after: created, manager: 'someone', now: T3 });
    expect(managedFields).toEqual(created.metadata['managedFields']);
  });

  it('keeps valid managedFields the client sends (kubectl migrating client-side apply)', () => {
    const created = write({
      before: null,
      after: deployment(1, 'nginx'),
      manager: 'kubectl-client-side-apply',
    });
    const [csa] = created.metadata['managedFields'] as JsonObject[];
    const migrated = [{ ...csa, manager: 'kubectl', operation: 'Apply' }];
    const managedFields = track({
      before: created,
      after: withMeta(created, { managedFields: migrated }),
      manager: 'kubectl',
    });
    expect(managedFields).toEqual(migrated);
  });

  it.each<[string, Json, Record<string, string[]>]>([
    ['an empty list resets ownership', [], {}],
    ['a single empty entry resets ownership', [{}], {}],
    [
      'invalid entries fall back to the stored ones',
      [
        {
          manager: 'x',
          operation: 'Delete',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: {},
        },
      ],
      { 'creator/Update': ['.metadata.labels.app', '.spec.replicas', ...containerPaths] },
    ],
    [
      'undecodable fieldsV1 falls back to the stored ones',
      [
        {
          manager: 'x',
          operation: 'Update',
          apiVersion: 'v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'q:1': {} },
        },
      ],
      { 'creator/Update': ['.metadata.labels.app', '.spec.replicas', ...containerPaths] },
    ],
  ])('%s', (_, supplied, expected) => {
    const created = write({ before: null, after: deployment(1, 'nginx'), manager: 'creator' });
    const managedFields = track({
      before: created,
      after: withMeta(created, { managedFields: supplied }),
      manager: 'other',
    });
    expect(ownership(managedFields)).toEqual(expected);
  });

  it('records status writes under the subresource and ignores managedFields they carry', () => {
    const created = write({ before: null, after: deployment(1, 'nginx'), manager: 'creator' });
    const reported = withMeta({ ...created, status: { replicas: 1 } }, { managedFields: [] });
    const managedFields = track({
      before: created,
      after: reported,
      manager: 'controller',
      subresource: 'status',
      now: T2,
    });
    expect(ownership(managedFields)).toEqual({
      'creator/Update': ['.metadata.labels.app', '.spec.replicas', ...containerPaths],
      'controller/Update': ['.status.replicas'],
    });
    expect(managedFields[1]).toMatchObject({
      manager: 'controller',
      subresource: 'status',
      time: T2,
    });
  });

  it('orders Update entries by time, then by manager', () => {
    const created = write({
      before: null,
      after: deployment(1, 'nginx'),
      manager: 'zeta',
      now: T2,
    });
    const labelled = write({
      before: created,
      after: deployment(1, 'nginx', { app: 'web', a: 'b' }),
      manager: 'alpha',
      now: T2,
    });
    const scaled = write({
      before: labelled,
      after: deployment(4, 'nginx', { app: 'web', a: 'b' }),
      manager: 'beta',
      now: T1,
    });
    const managers = (scaled.metadata['managedFields'] as JsonObject[]).map((e) => e['manager']);
    expect(managers).toEqual(['beta', 'alpha', 'zeta']);
  });
});
