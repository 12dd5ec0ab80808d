import type { JsonObject, KubeObject } from '../../apiserver/json.ts';

/** A Service in `default` for endpoint tests. */
export function testService(name: string, spec: JsonObject, labels: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `svc-${name}`, labels },
    spec: { type: 'ClusterIP', clusterIP: '127.96.1.0', ...spec },
  };
}

/** What a test pod looks like: its IP, readiness, labels and the like. */
export interface TestPod {
  readonly ip?: string;
  readonly ready?: boolean;
  readonly labels?: JsonObject;
  readonly node?: string;
  readonly ports?: JsonObject[];
  readonly phase?: string;
  readonly restartPolicy?: string;
  readonly deleting?: boolean;
  readonly namespace?: string;
  readonly spec?: JsonObject;
}

/** A pod in `default` (labelled `app: web` unless told otherwise) for endpoint tests. */
export function testPod(name: string, pod: TestPod = {}): KubeObject {
  const metadata: JsonObject = {
    name,
    namespace: pod.namespace ?? 'default',
    uid: `uid-${name}`,
    labels: pod.labels ?? { app: 'web' },
  };
  if (pod.deleting === true) metadata['deletionTimestamp'] = '2025-01-01T00:00:00Z';
  const status: JsonObject = {
    phase: pod.phase ?? 'Running',
    conditions: [{ type: 'Ready', status: pod.ready === false ? 'False' : 'True' }],
  };
  if (pod.ip !== undefined) status['podIP'] = pod.ip;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: {
      nodeName: pod.node ?? 'node-1',
      restartPolicy: pod.restartPolicy ?? 'Always',
      containers: [{ name: 'c', image: 'busybox', ports: pod.ports ?? [] }],
      ...pod.spec,
    },
    status,
  };
}
