// The @podvisor/kube informer against the real embedded API server: it syncs, sees adds, updates
// and deletes, keeps its indexes, and survives an API server restart (and starting before it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { createLogger, indexByLabel, Informer } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type RunningCluster } from '../start-cluster.ts';
import { freePort, until } from '../testing/wait.ts';

describe('Informer on the embedded API server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-kube-informer-'));
  const logger = createLogger({
    component: 'test',
    level: 'debug',
    destination: join(dataDir, 'test.log'),
  });
  let port = 0;
  let cluster: RunningCluster;
  let kc: KubeConfig;
  let core: CoreV1Api;
  const informers: Informer<V1ConfigMap>[] = [];

  const start = async (): Promise<void> => {
    // No controllers: the root CA publisher would add kube-root-ca.crt to every namespace.
    cluster = await startCluster({ dataDir, port, logger, watchHistory: 20, controllers: 'none' });
  };
  const configMap = (name: string, v: string, node = 'node-1'): V1ConfigMap => ({
    metadata: { name, labels: { node } },
    data: { v },
  });
  const informer = (namespace: string, labelSelector?: string): Informer<V1ConfigMap> => {
    const made = new Informer<V1ConfigMap>({
      kubeConfig: kc,
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      logger,
      indexers: { node: indexByLabel('node') },
      backoff: { initialMs: 100, maxMs: 400 },
      ...(labelSelector === undefined ? {} : { labelSelector }),
    });
    informers.push(made);
    return made;
  };

  beforeAll(async () => {
    port = await freePort();
    await start();
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await Promise.all(informers.map((i) => i.stop()));
    await cluster.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('syncs with the objects that exist, typed, and sees adds, updates (with the old object) and deletes', async () => {
    await core.createNamespace({ body: { metadata: { name: 'sync' } } });
    await core.createNamespacedConfigMap({ namespace: 'sync', body: configMap('before', '0') });
    const inf = informer('sync');
    const events: string[] = [];
    inf.on('add', (o) => events.push(`add ${o.metadata?.name ?? ''} ${o.data?.['v'] ?? ''}`));
    inf.on('update', (o, old) =>
      events.push(
        `update ${o.metadata?.name ?? ''} ${old.data?.['v'] ?? ''}->${o.data?.['v'] ?? ''}`,
      ),
    );
    inf.on('delete', (o) => events.push(`delete ${o.metadata?.name ?? ''}`));
    expect(inf.hasSynced()).toBe(false);
    inf.start();
    await inf.synced;
    expect(inf.hasSynced()).toBe(true);
    expect(inf.get('sync/before')).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      data: { v: '0' },
    });

    await core.createNamespacedConfigMap({ namespace: 'sync', body: configMap('new', 'a') });
    await core.replaceNamespacedConfigMap({
      name: 'before',
      namespace: 'sync',
      body: configMap('before', '1', 'node-2'),
    });
    await core.deleteNamespacedConfigMap({ name: 'new', namespace: 'sync' });
    await until(() => events.length >= 4, 'the watched changes');
    expect(events).toEqual(['add before 0', 'add new a', 'update before 0->1', 'delete new']);
    expect(inf.get('sync/new')).toBeUndefined();
    expect(inf.list('sync').map((o) => o.metadata?.name)).toEqual(['before']);
    expect(inf.byIndex('node', 'node-1')).toEqual([]);
    expect(inf.byIndex('node', 'node-2').map((o) => o.metadata?.name)).toEqual(['before']);
  });

  it('caches only the objects its label selector matches', async () => {
    await core.createNamespace({ body: { metadata: { name: 'selected' } } });
    await core.createNamespacedConfigMap({
      namespace: 'selected',
      body: configMap('one', '1', 'node-1'),
    });
    await core.createNamespacedConfigMap({
      namespace: 'selected',
      body: configMap('two', '2', 'node-2'),
    });
    const inf = informer('selected', 'node=node-2');
    inf.start();
    await inf.synced;
    expect(inf.list().map((o) => o.metadata?.name)).toEqual(['two']);
  });

  it('restarts after the API server goes away, syncs when started before the server, and catches up', async () => {
    await core.createNamespace({ body: { metadata: { name: 'restart' } } });
    await core.createNamespacedConfigMap({ namespace: 'restart', body: configMap('kept', '0') });
    const running = informer('restart');
    running.start();
    await running.synced;

    await cluster.close();
    const early = informer('restart');
    early.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(early.hasSynced()).toBe(false);
    await start();
    await early.synced;
    expect(early.get('restart/kept')?.data?.['v']).toBe('0');

    for (let i = 1; i <= 30; i += 1) {
      await core.replaceNamespacedConfigMap({
        name: 'kept',
        namespace: 'restart',
        body: configMap('kept', String(i)),
      });
    }
    await core.createNamespacedConfigMap({ namespace: 'restart', body: configMap('after', 'r') });
    for (const inf of [running, early]) {
      await until(
        () =>
          inf.get('restart/after') !== undefined && inf.get('restart/kept')?.data?.['v'] === '30',
        'the changes after the restart',
      );
    }
  });
});
