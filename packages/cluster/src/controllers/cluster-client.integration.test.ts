import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../apiserver/status-error.ts';
import { objectCacheKey } from './store-informer.ts';
import { startTestCluster, type TestCluster } from '../testing/test-cluster.ts';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster.close();
});

describe('the in-process cluster client', () => {
  it('writes through the service layer and keeps an informer up to date, selector transitions included', async () => {
    const { client } = cluster;
    const events: string[] = [];
    const informer = client.informer(configmaps, {
      namespace: 'default',
      labelSelector: 'watched=yes',
    });
    informer.on('add', (o) => events.push(`add ${objectCacheKey(o)}`));
    informer.on('update', (o) => events.push(`update ${objectCacheKey(o)}`));
    informer.on('delete', (o) => events.push(`delete ${objectCacheKey(o)}`));
    await informer.synced;

    const created = await client.create(configmaps, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', labels: { watched: 'yes' } },
      data: { k: '1' },
    });
    expect(created.metadata['managedFields']).toMatchObject([
      { manager: 'podvisor-controller-manager', operation: 'Update' },
    ]);
    await client.patch(
      configmaps,
      { namespace: 'default', name: 'a' },
      { type: 'merge', body: { data: { k: '2' } } },
    );
    await client.patch(
      configmaps,
      { namespace: 'default', name: 'a' },
      { type: 'merge', body: { metadata: { labels: { watched: 'no' } } } },
    );
    expect(informer.get('default/a')).toBeUndefined();
    await client.patch(
      configmaps,
      { namespace: 'default', name: 'a' },
      { type: 'merge', body: { metadata: { labels: { watched: 'yes' } } } },
    );
    expect(informer.get('default/a')?.['data']).toEqual({ k: '2' });
    expect(await client.delete(configmaps, { namespace: 'default', name: 'a' })).toBeDefined();
    expect(await client.delete(configmaps, { namespace: 'default', name: 'a' })).toBeUndefined();
    expect(events).toEqual([
      'add default/a',
      'update default/a',
      'delete default/a',
      'add default/a',
      'delete default/a',
    ]);
    informer.stop();
  });

  it('rejects with the StatusErrors an HTTP client gets', async () => {
    const { client } = cluster;
    const obj = await client.create(configmaps, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'b' },
    });
    await client.update(configmaps, { ...obj, data: { x: 'y' } });
    const stale = client.update(configmaps, { ...obj, data: { x: 'z' } });
    await expect(stale).rejects.toBeInstanceOf(StatusError);
    await expect(stale).rejects.toMatchObject({ code: 409 });
    await expect(
      client.create(configmaps, 'missing-ns', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
      }),
    ).rejects.toMatchObject({ code: 404 });
    expect(await client.get(configmaps, { namespace: 'default', name: 'nope' })).toBeUndefined();
    expect(
      (await client.list(configmaps, { namespace: 'default' })).map((o) => o.metadata['name']),
    ).toContain('b');
  });
});
