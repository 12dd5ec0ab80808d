import type { VirtualMachineInstance } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { mergedVmiCache, type VmiCache } from './merged-vmi-cache.ts';

function vmi(name: string, node: string): VirtualMachineInstance {
  const object: VirtualMachineInstance = {
    metadata: { name, namespace: 'default' },
    spec: { domain: { devices: {} } },
    status: { nodeName: node },
  };
  return object;
}

function cache(...vmis: VirtualMachineInstance[]): VmiCache {
  return {
    get: (key) => vmis.find((v) => `default/${v.metadata.name}` === key),
    list: () => vmis,
  };
}

describe('mergedVmiCache', () => {
  const running = cache(vmi('a', 'node2'), vmi('b', 'node2'));
  const incoming = cache(vmi('b', 'node1'), vmi('c', 'node1'));
  const merged = mergedVmiCache(running, incoming);

  it('finds the VMIs of both watches, the running copy first', () => {
    expect(merged.get('default/a')?.status?.nodeName).toBe('node2');
    expect(merged.get('default/b')?.status?.nodeName).toBe('node2');
    expect(merged.get('default/c')?.status?.nodeName).toBe('node1');
    expect(merged.get('default/d')).toBeUndefined();
  });

  it('lists each VMI once', () => {
    expect(merged.list().map((v) => `${v.metadata.name}@${v.status?.nodeName ?? ''}`)).toEqual([
      'a@node2',
      'b@node2',
      'c@node1',
    ]);
  });
});
