import { describe, expect, it } from 'vitest';
import { defaultPrinter } from './default-printer.ts';
import { tableFor } from './table-for.ts';
import { testNow, testObject } from './test-objects.ts';
import { toTable } from './to-table.ts';

const pod = testObject(
  'Pod',
  { spec: { containers: [{ name: 'c' }] }, status: { phase: 'Succeeded' } },
  {
    uid: 'u1',
    resourceVersion: '7',
    labels: { app: 'web' },
  },
);

describe('toTable', () => {
  it('builds a meta.k8s.io/v1 Table with PartialObjectMetadata rows by default', () => {
    const table = toTable({
      objects: [pod],
      printer: tableFor('', 'pods'),
      includeObject: 'Metadata',
      now: testNow,
      resourceVersion: '42',
    });
    expect(table['kind']).toBe('Table');
    expect(table['apiVersion']).toBe('meta.k8s.io/v1');
    expect(table['metadata']).toEqual({ resourceVersion: '42' });
    expect(table['columnDefinitions']).toHaveLength(9);
    expect(table['rows']).toEqual([
      {
        cells: ['x', '0/1', 'Succeeded', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
        conditions: [
          {
            type: 'Completed',
            status: 'True',
            reason: 'Succeeded',
            message: 'The pod has completed successfully.',
          },
        ],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: pod.metadata,
        },
      },
    ]);
  });

  it('carries the whole object for Object and none for None', () => {
    const base = { objects: [pod], printer: defaultPrinter, now: testNow, resourceVersion: '' };
    const full = toTable({ ...base, includeObject: 'Object' });
    const bare = toTable({ ...base, includeObject: 'None' });
    expect(full['rows']).toEqual([{ cells: ['x', '2025-01-01T11:55:00Z'], object: pod }]);
    expect(bare['rows']).toEqual([{ cells: ['x', '2025-01-01T11:55:00Z'] }]);
    expect(bare['metadata']).toEqual({});
  });

  it('passes continue and remainingItemCount through', () => {
    const table = toTable({
      objects: [],
      printer: defaultPrinter,
      includeObject: 'None',
      now: testNow,
      resourceVersion: '5',
      continue: 'token',
      remainingItemCount: 3,
    });
    expect(table['metadata']).toEqual({
      resourceVersion: '5',
      continue: 'token',
      remainingItemCount: 3,
    });
    expect(table['rows']).toEqual([]);
  });
});

describe('tableFor', () => {
  it.each([
    ['', 'pods', ['Name', 'Ready', 'Status', 'Restarts', 'Age']],
    ['', 'namespaces', ['Name', 'Status', 'Age']],
    ['', 'configmaps', ['Name', 'Data', 'Age']],
    ['', 'events', ['Last Seen', 'Type', 'Reason', 'Object', 'Message']],
    ['', 'services', ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age']],
    ['apps', 'deployments', ['Name', 'Ready', 'Up-to-date', 'Available', 'Age']],
    ['coordination.k8s.io', 'leases', ['Name', 'Holder', 'Age']],
    ['rbac.authorization.k8s.io', 'clusterroles', ['Name', 'Created At']],
    ['apiextensions.k8s.io', 'customresourcedefinitions', ['Name', 'Created At']],
    ['example.com', 'widgets', ['Name', 'Created At']],
  ])('gives %s/%s the default columns %j', (group, resource, names) => {
    const columns = tableFor(group, resource).columns.filter((c) => c.priority === 0);
    expect(columns.map((c) => c.name)).toEqual(names);
  });

  it('shows Go zero time in Created At for an object without a timestamp', () => {
    const bare = testObject('Role', {}, { creationTimestamp: null });
    expect(defaultPrinter.row(bare, testNow).cells).toEqual(['x', '0001-01-01T00:00:00Z']);
  });
});
