import { describe, expect, it } from 'vitest';
import { Registry, sortVersions } from './registry.ts';
import { builtinResources } from './builtin-resources.ts';

describe('Registry', () => {
  it('serves the built-ins and lists groups core first', () => {
    const registry = new Registry();
    expect(registry.find('', 'v1', 'pods')?.kind).toBe('Pod');
    expect(registry.find('apps', 'v1', 'deployments')?.subresources.map((s) => s.name)).toEqual([
      'status',
      'scale',
    ]);
    expect(registry.groups()[0]).toEqual({ name: '', versions: ['v1'] });
  });

  it('adds and removes the resources of a CRD and bumps its generation', () => {
    const registry = new Registry();
    const before = registry.generation;
    const vm = {
      ...builtinResources[0],
      group: 'kubevirt.io',
      version: 'v1',
      kind: 'VirtualMachine',
      plural: 'virtualmachines',
      source: 'crd',
    } as (typeof builtinResources)[number];
    registry.setCrdResources('virtualmachines.kubevirt.io', [vm]);
    expect(registry.find('kubevirt.io', 'v1', 'virtualmachines')).toBe(vm);
    expect(registry.generation).toBe(before + 1);
    registry.setCrdResources('virtualmachines.kubevirt.io', []);
    expect(registry.find('kubevirt.io', 'v1', 'virtualmachines')).toBeUndefined();
  });

  it('orders versions GA, beta, alpha, higher first', () => {
    expect(sortVersions(['v1alpha1', 'v1beta1', 'v2', 'v1', 'v2beta3', 'foo'])).toEqual([
      'v2',
      'v1',
      'v2beta3',
      'v1beta1',
      'v1alpha1',
      'foo',
    ]);
  });
});
