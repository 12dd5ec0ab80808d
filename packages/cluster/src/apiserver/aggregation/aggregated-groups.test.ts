import { describe, expect, it } from 'vitest';
import { aggregatedGroups, compareKubeVersions } from './aggregated-groups.ts';
import { readApiService } from './api-service.ts';

function apiService(group: string, version: string, priorities: [number, number], local = false) {
  return readApiService({
    apiVersion: 'apiregistration.k8s.io/v1',
    kind: 'APIService',
    metadata: { name: `${version}.${group}` },
    spec: {
      group,
      version,
      groupPriorityMinimum: priorities[0],
      versionPriority: priorities[1],
      service: local ? null : { namespace: 'ns', name: 'svc' },
    },
  });
}

describe('compareKubeVersions', () => {
  it('orders GA before beta before alpha before other strings, newest first', () => {
    const versions = ['v1alpha1', 'foo', 'v1beta1', 'v2', 'v1', 'v1beta2', 'v10alpha1'];
    expect(versions.sort(compareKubeVersions)).toEqual([
      'v2',
      'v1',
      'v1beta2',
      'v1beta1',
      'v10alpha1',
      'v1alpha1',
      'foo',
    ]);
  });
});

describe('aggregatedGroups', () => {
  it('orders remote groups by priority then name, versions by priority then version', () => {
    const groups = aggregatedGroups([
      apiService('b.example.com', 'v1', [100, 10]),
      apiService('a.example.com', 'v1', [100, 10]),
      apiService('z.example.com', 'v1beta1', [1000, 10]),
      apiService('z.example.com', 'v1', [1000, 10]),
      apiService('z.example.com', 'v1alpha1', [1000, 20]),
      apiService('local.example.com', 'v1', [5000, 10], true),
    ]);
    expect(groups).toEqual([
      { name: 'z.example.com', versions: ['v1alpha1', 'v1', 'v1beta1'] },
      { name: 'a.example.com', versions: ['v1'] },
      { name: 'b.example.com', versions: ['v1'] },
    ]);
  });
});
