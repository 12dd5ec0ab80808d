import { describe, expect, it } from 'vitest';
import { resourcePath } from './kube-client.ts';

const pods = { apiVersion: 'v1', plural: 'pods', namespaced: true };
const vms = { apiVersion: 'kubevirt.io/v1', plural: 'virtualmachines', namespaced: true };
const nodes = { apiVersion: 'v1', plural: 'nodes', namespaced: false };

describe('resourcePath', () => {
  it.each([
    { type: pods, at: {}, path: '/api/v1/pods' },
    { type: pods, at: { namespace: 'ns' }, path: '/api/v1/namespaces/ns/pods' },
    {
      type: pods,
      at: { namespace: 'ns', name: 'p', subresource: 'status' },
      path: '/api/v1/namespaces/ns/pods/p/status',
    },
    {
      type: vms,
      at: { namespace: 'ns', name: 'vm' },
      path: '/apis/kubevirt.io/v1/namespaces/ns/virtualmachines/vm',
    },
    { type: nodes, at: { namespace: 'ignored', name: 'node-1' }, path: '/api/v1/nodes/node-1' },
  ])('builds $path', ({ type, at, path }) => {
    expect(resourcePath(type, at)).toBe(path);
  });
});
