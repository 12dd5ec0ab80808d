import { createLogger } from '@podvisor/kube';
import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import type { TestCluster } from '../../testing/test-cluster.ts';
import type { ResourceRef } from '../cluster-client.ts';
import {
  startControllers,
  type ControllerFactory,
  type StartedController,
} from '../controller-host.ts';

const podsRef: ResourceRef = { group: '', version: 'v1', resource: 'pods' };

/** A pod as a node agent would report it: its IP, readiness and container ports. */
export interface FakePod {
  readonly labels?: Record<string, string>;
  readonly ip?: string;
  readonly ready?: boolean;
  readonly ports?: readonly JsonObject[];
  readonly serviceAccountName?: string;
  readonly namespace?: string;
}

/** Helpers of the networking controllers' integration tests (no node agent runs there). */
export interface NetworkTestKit {
  /** Starts controllers against the test cluster (stopped by `stopAll`). */
  start(...factories: ControllerFactory[]): void;
  stopAll(): Promise<void>;
  /** Polls `check` until it returns something other than undefined/false (15 s at most). */
  eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false): Promise<T>;
  /** Creates a pod on `node-1` and, when it has an IP, reports it Running with that IP. */
  createPod(name: string, pod: FakePod): Promise<KubeObject>;
  /** Reports a pod's IP and readiness, as the node agent would. */
  setPodStatus(name: string, ip: string, ready: boolean, namespace?: string): Promise<void>;
}

/** Builds the helpers over a started test cluster. */
export function networkTestKit(cluster: TestCluster): NetworkTestKit {
  const { client } = cluster;
  const logger = createLogger({ component: 'controllers', level: 'silent' });
  const started: StartedController[] = [];
  const setPodStatus = async (
    name: string,
    ip: string,
    ready: boolean,
    namespace = 'default',
  ): Promise<void> => {
    const status = {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    };
    await client.patch(
      podsRef,
      { namespace, name },
      { type: 'merge', body: { status } },
      { subresource: 'status' },
    );
  };
  return {
    start: (...factories) => {
      started.push(startControllers(factories, { client, logger, dataDir: cluster.dataDir }));
    },
    stopAll: async () => {
      await Promise.all(started.splice(0).map((c) => c.stop()));
    },
    eventually: async (check) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error('condition not reached in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    createPod: async (name, pod) => {
      const namespace = pod.namespace ?? 'default';
      const created = await client.create(podsRef, namespace, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: pod.labels ?? {} },
        spec: {
          nodeName: 'node-1',
          serviceAccountName: pod.serviceAccountName ?? 'default',
          containers: [{ name: 'main', image: 'busybox', ports: [...(pod.ports ?? [])] }],
        },
      });
      if (pod.ip !== undefined) await setPodStatus(name, pod.ip, pod.ready ?? true, namespace);
      return created;
    },
    setPodStatus,
  };
}
