// @kubernetes/client-node against the embedded API server: an informer lists, then watches, sees
// every change in order, survives a server restart, and relists after a 410.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type RunningCluster } from '../../start-cluster.ts';
import { freePort, until } from '../../testing/wait.ts';

describe('client-node informer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-informer-'));
  const logFile = join(dataDir, 'requests.log');
  const logger = createLogger({ component: 'test', level: 'debug', destination: logFile });
  let port = 0;
  let cluster: RunningCluster;
  const start = async (): Promise<void> => {
    cluster = await startCluster({ dataDir, port, logger, watchHistory: 50 });
  };

  beforeAll(async () => {
    port = await freePort();
    await start();
  });
  afterAll(async () => {
    await cluster.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sees every change in order, across a restart and a 410', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'inf' } } });
    await core.createNamespacedConfigMap({
      namespace: 'inf',
      body: { metadata: { name: 'before' }, data: { v: '0' } },
    });

    const events: string[] = [];
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/inf/configmaps', () =>
      core.listNamespacedConfigMap({ namespace: 'inf' }),
    );
    // The root CA publisher's kube-root-ca.crt appears in every namespace, as on any cluster.
    const record = (type: string) => (obj: k8s.V1ConfigMap) => {
      if (obj.metadata?.name !== 'kube-root-ca.crt')
        events.push(`${type} ${obj.metadata?.name ?? ''} ${obj.data?.['v'] ?? ''}`);
    };
    informer.on('add', record('add'));
    informer.on('update', record('update'));
    informer.on('delete', record('delete'));
    let errors = 0;
    let stopped = false;
    informer.on('error', () => {
      errors += 1;
      if (!stopped) setTimeout(() => void informer.start(), 200);
    });
    await informer.start();
    await until(() => events.includes('add before 0'), 'the initial list');

    for (let i = 1; i <= 5; i += 1) {
      await core.replaceNamespacedConfigMap({
        name: 'before',
        namespace: 'inf',
        body: { metadata: { name: 'before' }, data: { v: String(i) } },
      });
    }
    await core.createNamespacedConfigMap({
      namespace: 'inf',
      body: { metadata: { name: 'second' }, data: { v: 'a' } },
    });
    await core.deleteNamespacedConfigMap({ name: 'second', namespace: 'inf' });
    await until(() => events.length >= 8, 'the watched changes');
    expect(events).toEqual([
      'add before 0',
      'update before 1',
      'update before 2',
      'update before 3',
      'update before 4',
      'update before 5',
      'add second a',
      'delete second a',
    ]);

    await cluster.close();
    await start();
    await core.createNamespacedConfigMap({
      namespace: 'inf',
      body: { metadata: { name: 'after-restart' }, data: { v: 'r' } },
    });
    await until(() => events.includes('add after-restart r'), 'a change after the restart');
    expect(errors).toBeGreaterThan(0);

    stopped = true;
    await informer.stop();
    for (let i = 0; i < 60; i += 1) {
      await core.replaceNamespacedConfigMap({
        name: 'before',
        namespace: 'inf',
        body: { metadata: { name: 'before' }, data: { v: `x${i}` } },
      });
    }
    stopped = false;
    const seen = events.length;
    await informer.start();
    await until(() => events.slice(seen).includes('update before x59'), 'the relist after 410');
    expect(events.slice(seen)).toEqual(['update before x59']);
    const expiredWatches = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"code":410') && line.includes('watch=true'));
    expect(expiredWatches.length).toBeGreaterThan(0);
    stopped = true;
    await informer.stop();
  });
});
