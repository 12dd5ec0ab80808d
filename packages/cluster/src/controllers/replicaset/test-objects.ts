import type { JsonObject, KubeObject } from '../../apiserver/json.ts';

/** How to build a test pod. */
export interface TestPod {
  readonly name: string;
  readonly labels?: Record<string, string>;
  readonly node?: string;
  readonly phase?: string;
  /** Ready since this ISO time ('' for ready without a transition time). */
  readonly readySince?: string;
  readonly created?: string;
  readonly owner?: { kind: string; name: string; uid: string };
  readonly deleting?: boolean;
  readonly restarts?: number;
  readonly spec?: JsonObject;
}

/** A pod object for unit tests of the workload controllers' pure parts. */
export function testPod(options: TestPod): KubeObject {
  const metadata: JsonObject = {
    name: options.name,
    namespace: 'default',
    uid: `uid-${options.name}`,
    creationTimestamp: options.created ?? '2024-01-01T00:00:00Z',
    labels: options.labels ?? {},
  };
  if (options.owner !== undefined)
    metadata['ownerReferences'] = [{ apiVersion: 'apps/v1', ...options.owner, controller: true }];
  if (options.deleting === true) metadata['deletionTimestamp'] = '2024-01-01T00:00:00Z';
  const status: JsonObject = { phase: options.phase ?? 'Pending' };
  if (options.readySince !== undefined)
    status['conditions'] = [
      options.readySince === ''
        ? { type: 'Ready', status: 'True' }
        : { type: 'Ready', status: 'True', lastTransitionTime: options.readySince },
    ];
  if (options.restarts !== undefined)
    status['containerStatuses'] = [{ name: 'c', restartCount: options.restarts }];
  const spec: JsonObject = { ...options.spec };
  if (options.node !== undefined) spec['nodeName'] = options.node;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status };
}

/** A workload (ReplicaSet, Deployment, DaemonSet) object for unit tests. */
export function testWorkload(
  kind: string,
  name: string,
  fields: { spec?: JsonObject; status?: JsonObject; metadata?: JsonObject } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      generation: 1,
      creationTimestamp: '2024-01-01T00:00:00Z',
      ...fields.metadata,
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [] } },
      ...fields.spec,
    },
    ...(fields.status === undefined ? {} : { status: fields.status }),
  };
}
