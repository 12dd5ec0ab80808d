import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { metaString, timestamp } from '../../apiserver/objects/lifecycle.ts';
import type { TestCluster } from '../../testing/test-cluster.ts';
import type { ControllerFactory, StartedController } from '../controller-host.ts';
import { nodesRef, podsRef } from './resource-refs.ts';

/** Helpers of the workload controllers' integration tests (no node agents run there). */
export interface ControllerTestKit {
  /** Starts controllers against the test cluster; stop them with the result. */
  start(...factories: ControllerFactory[]): StartedController;
  /** Polls until `check` returns a value other than undefined/false (or throws after `timeoutMs`). */
  eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  /** The active pods of a namespace whose labels include `labels`, oldest first. */
  pods(namespace: string, labels?: Record<string, string>): Promise<KubeObject[]>;
  /** Marks pods Running and Ready (as a node agent would), `readySince` ms ago. */
  markReady(pods: readonly KubeObject[], readySinceMs?: number): Promise<void>;
  /** Creates a Ready node (2 CPUs, 4Gi, 110 pods) with labels and taints. */
  createNode(name: string, options?: { labels?: JsonObject; taints?: JsonObject[] }): Promise<void>;
}

/** Builds the helpers over a started test cluster. */
export function controllerTestKit(cluster: TestCluster): ControllerTestKit {
  const { client } = cluster;
  const logger = createLogger({
    component: 'controllers',
    level: 'info',
    destination: join(cluster.dataDir, 'controllers.log'),
  });
  return {
    start: (...factories) => {
      const started = factories.map((f) =>
        f.start({ client, logger: logger.child({ controller: f.name }), dataDir: cluster.dataDir }),
      );
      return {
        stop: async () => {
          await Promise.all(started.map((s) => s.stop()));
        },
      };
    },
    eventually: async <T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error('condition not reached in time');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    pods: async (namespace, labels = {}) => {
      const selector = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      const items = await client.list(podsRef, { namespace, labelSelector: selector });
      return items
        .filter((p) => p.metadata['deletionTimestamp'] === undefined)
        .sort((a, b) =>
          metaString(a, 'creationTimestamp').localeCompare(metaString(b, 'creationTimestamp')),
        );
    },
    markReady: async (pods, readySinceMs = 0) => {
      const since = timestamp(Date.now() - readySinceMs);
      for (const pod of pods) {
        const status = {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }],
        };
        await client.patch(
          podsRef,
          { namespace: metaString(pod, 'namespace'), name: metaString(pod, 'name') },
          { type: 'merge', body: { status } },
          { subresource: 'status' },
        );
      }
    },
    createNode: async (name, options = {}) => {
      const allocatable = { cpu: '2', memory: '4Gi', pods: '110' };
      await client.create(nodesRef, '', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, ...options.labels } },
        spec: options.taints === undefined ? {} : { taints: options.taints },
      });
      await client.patch(
        nodesRef,
        { namespace: '', name },
        {
          type: 'merge',
          body: {
            status: {
              capacity: allocatable,
              allocatable,
              conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
            },
          },
        },
        { subresource: 'status' },
      );
    },
  };
}
