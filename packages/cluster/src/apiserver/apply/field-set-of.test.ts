import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../json-schema.ts';
import type { KubeObject } from '../json.ts';
import { fieldSetOf } from './field-set-of.ts';
import { encodeFieldSet } from './fields-v1.ts';
import { deploymentSchema, resolveCurrent, resolveLegacy } from './fixture-schemas.ts';

const noRefs = (): undefined => undefined;

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'u1',
    resourceVersion: '7',
    labels: { app: 'web' },
    finalizers: ['example.com/keep'],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            args: ['-g', 'daemon off;'],
            env: [{ name: 'A', value: '1' }],
            ports: [{ containerPort: 80 }],
          },
        ],
        nodeSelector: { disk: 'ssd' },
      },
    },
  },
  status: { replicas: 2 },
};

describe('fieldSetOf', () => {
  it('tracks a Deployment with map lists, atomic lists and atomic maps as Kubernetes does', () => {
    const set = fieldSetOf(deployment, deploymentSchema, resolveCurrent);
    expect(encodeFieldSet(set)).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"example.com/keep"': {} }, 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"c"}': {
                '.': {},
                'f:args': {},
                'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                },
              },
            },
            'f:nodeSelector': {},
          },
        },
      },
    });
  });

  it('keys lists of a legacy schema by their patch merge key', () => {
    const set = fieldSetOf(deployment, deploymentSchema, resolveLegacy);
    const containers = encodeFieldSet(set)['f:spec'] as Record<string, Record<string, unknown>>;
    const podSpec = (containers['f:template'] as Record<string, Record<string, object>>)['f:spec'];
    const items = (podSpec as Record<string, Record<string, Record<string, object>>>)[
      'f:containers'
    ];
    expect(Object.keys(items ?? {})).toEqual(['k:{"name":"c"}']);
    expect(Object.keys(items?.['k:{"name":"c"}']?.['f:ports'] ?? {})).toEqual([
      'k:{"containerPort":80}',
    ]);
  });

  it('owns untyped objects field by field (with ".") and untyped lists whole', () => {
    const object: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Thing',
      metadata: { name: 't', labels: { a: 'b' } },
      spec: { size: 3, nested: { on: true }, items: [1, 2], empty: {} },
    };
    expect(encodeFieldSet(fieldSetOf(object, undefined, noRefs))).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': {
        '.': {},
        'f:empty': {},
        'f:items': {},
        'f:nested': { '.': {}, 'f:on': {} },
        'f:size': {},
      },
    });
  });

  it('mixes declared fields and preserved unknown fields in a CRD schema', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        metadata: { type: 'object' },
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: {
            running: { type: 'boolean' },
            disks: {
              type: 'array',
              items: { type: 'object', properties: { name: { type: 'string' } } },
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name'],
            },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
          },
        },
      },
    };
    const object: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'VM',
      metadata: { name: 'vm', annotations: { note: 'x' } },
      spec: { running: true, disks: [{ name: 'root' }], tags: ['a', 'b'], extra: { x: 1 } },
    };
    expect(encodeFieldSet(fieldSetOf(object, schema, noRefs))).toEqual({
      'f:metadata': { 'f:annotations': { 'f:note': {} } },
      'f:spec': {
        'f:disks': { 'k:{"name":"root"}': { '.': {}, 'f:name': {} } },
        'f:extra': { '.': {}, 'f:x': {} },
        'f:running': {},
        'f:tags': { 'v:"a"': {}, 'v:"b"': {} },
      },
    });
  });

  it.each([
    ['main-resource writes leave status out', undefined, 'f:spec', 'f:status'],
    ['status writes own only status', 'status', 'f:status', 'f:spec'],
  ])('%s', (_, subresource, present, absent) => {
    const set = fieldSetOf(deployment, deploymentSchema, resolveCurrent, { subresource });
    const tops = new Set(set.paths().map((path) => path[0]));
    expect(tops.has(present)).toBe(true);
    expect(tops.has(absent)).toBe(false);
  });

  it('tracks status on the main resource when the kind has no status subresource', () => {
    const set = fieldSetOf(deployment, deploymentSchema, resolveCurrent, {
      statusSubresource: false,
    });
    expect(set.has(['f:status', 'f:replicas'])).toBe(true);
  });

  it('never tracks apiVersion, kind or server-set metadata', () => {
    const set = fieldSetOf(deployment, deploymentSchema, resolveCurrent);
    const tracked = set.paths().map((path) => path.slice(0, 2).join('.'));
    for (const untracked of [
      'f:apiVersion',
      'f:kind',
      'f:metadata.f:name',
      'f:metadata.f:uid',
      'f:metadata.f:resourceVersion',
    ]) {
      expect(tracked).not.toContain(untracked);
    }
  });

  it('leaves out list items that cannot be keyed instead of failing', () => {
    const object: KubeObject = {
      ...deployment,
      spec: { template: { spec: { containers: [{ image: 'x' }, { name: 'ok' }] } } },
    };
    const set = fieldSetOf(object, deploymentSchema, resolveCurrent);
    // The name default ("") keys the first item; an item that is not an object is left out.
    expect(set.has(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":""}'])).toBe(true);
    const broken: KubeObject = {
      ...deployment,
      spec: { template: { spec: { containers: ['x', { name: 'ok' }] } } },
    };
    const paths = fieldSetOf(broken, deploymentSchema, resolveCurrent).paths();
    expect(paths.filter((path) => path[3] === 'f:containers').map((path) => path[4])).toEqual([
      'k:{"name":"ok"}',
      'k:{"name":"ok"}',
    ]);
  });
});
