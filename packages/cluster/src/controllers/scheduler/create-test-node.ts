import type { JsonObject, KubeObject } from '../../apiserver/json.ts';
import { timestamp } from '../../apiserver/objects/lifecycle.ts';
import type { ClusterClient } from '../cluster-client.ts';
import { nodesRef } from './scheduler.ts';

/** The shape of a hand-made Node for tests (no node agent needed). */
export interface TestNode {
  readonly labels?: Record<string, string>;
  readonly taints?: readonly JsonObject[];
  readonly allocatable?: JsonObject;
  readonly ready?: 'True' | 'False' | 'Unknown';
  /** When the kubelet last posted status (ms); now by default. */
  readonly heartbeat?: number;
}

/** The status a kubelet posts: allocatable, capacity and a Ready condition. */
export function testNodeStatus(shape: TestNode): JsonObject {
  const allocatable = shape.allocatable ?? { cpu: '2', memory: '4Gi', pods: '110' };
  const heartbeat = timestamp(shape.heartbeat ?? Date.now());
  return {
    capacity: allocatable,
    allocatable,
    conditions: [
      {
        type: 'Ready',
        status: shape.ready ?? 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: heartbeat,
        lastTransitionTime: heartbeat,
      },
    ],
  };
}

/** Creates a Node and posts its status, as a node agent registering would. */
export async function createTestNode(
  client: ClusterClient,
  name: string,
  shape: TestNode = {},
): Promise<KubeObject> {
  await client.create(nodesRef, '', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...shape.labels } },
    spec: shape.taints === undefined ? {} : { taints: [...shape.taints] },
  });
  return client.patch(
    nodesRef,
    { namespace: '', name },
    { type: 'merge', body: { status: testNodeStatus(shape) } },
    { subresource: 'status' },
  );
}

/** Polls `check` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
