import { describe, expect, it } from 'vitest';
import type { Service } from './service.ts';
import { serviceSelects, servicesSelecting } from './services-selecting.ts';

function service(name: string, selector?: Record<string, string>): Service {
  return {
    metadata: { name, namespace: 'apps' },
    spec: selector === undefined ? {} : { selector },
  };
}

const pod = { app: 'shop', tier: 'web', 'vm.kubevirt.io/name': 'vm-n', empty: '' };

describe('serviceSelects', () => {
  it.each([
    ['no selector', undefined, false],
    ['an empty selector', {}, false],
    ['one matching key', { app: 'shop' }, true],
    ['every key matching (the pod has more labels)', { app: 'shop', tier: 'web' }, true],
    ['one key with another value', { app: 'shop', tier: 'db' }, false],
    ['a key the pod lacks', { app: 'shop', zone: 'a' }, false],
    ['a key the pod lacks, asked with an empty value', { zone: '' }, false],
    ['a key the pod has with an empty value', { empty: '' }, true],
    ['a value differing in case', { app: 'Shop' }, false],
  ])('a Service with %s selects the pod: %s', (_, selector, selects) => {
    expect(serviceSelects(service('s', selector), pod)).toBe(selects);
  });

  it('selects nothing from a pod without labels', () => {
    expect(serviceSelects(service('s', { app: 'shop' }), {})).toBe(false);
  });
});

describe('servicesSelecting', () => {
  it('keeps the Services that select the pod, in their order', () => {
    const services = [
      service('web', { tier: 'web' }),
      service('manual'),
      service('db', { tier: 'db' }),
      service('by-vm', { 'vm.kubevirt.io/name': 'vm-n' }),
    ];
    expect(servicesSelecting(services, pod).map((s) => s.metadata.name)).toEqual(['web', 'by-vm']);
  });

  it('returns nothing from no Services', () => {
    expect(servicesSelecting([], pod)).toEqual([]);
  });
});
