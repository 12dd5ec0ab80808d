import { describe, expect, it } from 'vitest';
import { createDnsIndex } from './dns-index.ts';

describe('createDnsIndex', () => {
  it('moves a pod to its new address and forgets the old one', () => {
    const index = createDnsIndex();
    index.upsertPod({ namespace: 'demo', name: 'p', ip: '127.1.0.5' });
    index.upsertPod({ namespace: 'demo', name: 'p', ip: '127.1.0.6' });
    expect(index.podsWithIp('127.1.0.5')).toEqual([]);
    expect(index.podsWithIp('127.1.0.6')).toEqual([
      { namespace: 'demo', name: 'p', ip: '127.1.0.6' },
    ]);
  });

  it('lists the pods sharing an address by namespace and name', () => {
    const index = createDnsIndex();
    index.upsertPod({ namespace: 'b', name: 'x', ip: '127.1.0.5' });
    index.upsertPod({ namespace: 'a', name: 'y', ip: '127.1.0.5' });
    expect(index.podsWithIp('127.1.0.5').map((p) => `${p.namespace}/${p.name}`)).toEqual([
      'a/y',
      'b/x',
    ]);
    index.deletePod('a', 'y');
    expect(index.podsWithIp('127.1.0.5').map((p) => p.name)).toEqual(['x']);
  });

  it('knows a namespace while one of its Services exists, whatever the case', () => {
    const index = createDnsIndex();
    const service = { namespace: 'demo', name: 'a', kind: 'headless', ports: [] } as const;
    index.upsertService(service);
    index.upsertService(service);
    index.upsertService({ ...service, name: 'b' });
    index.deleteService('demo', 'a');
    expect(index.hasNamespace('DEMO')).toBe(true);
    index.deleteService('demo', 'b');
    expect(index.hasNamespace('demo')).toBe(false);
  });

  it('raises the serial on every change and not on deletes of unknown objects', () => {
    const index = createDnsIndex();
    const start = index.serial;
    index.upsertService({ namespace: 'demo', name: 'a', kind: 'headless', ports: [] });
    index.upsertEndpoints({ namespace: 'demo', name: 'a', subsets: [] });
    index.deletePod('demo', 'nobody');
    index.deleteEndpoints('demo', 'nothing');
    expect(index.serial).toBe(start + 2);
  });
});
