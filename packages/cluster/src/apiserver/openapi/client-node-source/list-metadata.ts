import type { JsonSchema } from '../../json-schema.ts';

/**
 * The strategic-merge-patch and list extensions of one field, as upstream's `k8s.io/api` types
 * declare them (`patchStrategy`/`patchMergeKey` struct tags, `+listType`/`+listMapKey`
 * markers). Client-node's models do not carry them.
 */
export interface ListMetadata {
  readonly patchStrategy?: string;
  readonly patchMergeKey?: string;
  readonly listType?: 'atomic' | 'set' | 'map';
  readonly listMapKeys?: readonly string[];
}

const meta = (kind: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${kind}`;
const core = (kind: string): string => `io.k8s.api.core.v1.${kind}`;
const apps = (kind: string): string => `io.k8s.api.apps.v1.${kind}`;

const mergeMap = (key: string, ...moreKeys: string[]): ListMetadata => ({
  patchStrategy: 'merge',
  patchMergeKey: key,
  listType: 'map',
  listMapKeys: [key, ...moreKeys],
});
const conditions = mergeMap('type');

/**
 * Reviewed table: component name → JSON field → extensions. The strategies and merge keys are
 * cross-checked against the struct tags compiled into kubectl (`list-metadata.test.ts`).
 */
export const LIST_METADATA: ReadonlyMap<string, Readonly<Record<string, ListMetadata>>> = new Map<
  string,
  Readonly<Record<string, ListMetadata>>
>([
  [
    meta('ObjectMeta'),
    {
      finalizers: { patchStrategy: 'merge', listType: 'set' },
      ownerReferences: mergeMap('uid'),
    },
  ],
  [
    core('PodSpec'),
    {
      containers: mergeMap('name'),
      initContainers: mergeMap('name'),
      ephemeralContainers: mergeMap('name'),
      volumes: { ...mergeMap('name'), patchStrategy: 'merge,retainKeys' },
      imagePullSecrets: mergeMap('name'),
      hostAliases: mergeMap('ip'),
      topologySpreadConstraints: mergeMap('topologyKey', 'whenUnsatisfiable'),
      schedulingGates: mergeMap('name'),
      resourceClaims: { ...mergeMap('name'), patchStrategy: 'merge,retainKeys' },
    },
  ],
  [
    core('Container'),
    {
      ports: mergeMap('containerPort', 'protocol'),
      env: mergeMap('name'),
      volumeMounts: mergeMap('mountPath'),
      volumeDevices: mergeMap('devicePath'),
    },
  ],
  [
    core('EphemeralContainer'),
    {
      ports: mergeMap('containerPort', 'protocol'),
      env: mergeMap('name'),
      volumeMounts: mergeMap('mountPath'),
      volumeDevices: mergeMap('devicePath'),
    },
  ],
  [
    core('PodStatus'),
    {
      conditions,
      podIPs: mergeMap('ip'),
      hostIPs: { patchStrategy: 'merge', patchMergeKey: 'ip', listType: 'atomic' },
    },
  ],
  [core('ServiceSpec'), { ports: mergeMap('port', 'protocol') }],
  [core('ServiceAccount'), { secrets: mergeMap('name') }],
  [
    core('NodeStatus'),
    {
      conditions,
      // Merged by type, but a node may list several addresses of one type: atomic for apply.
      addresses: { patchStrategy: 'merge', patchMergeKey: 'type', listType: 'atomic' },
    },
  ],
  [core('NodeSpec'), { podCIDRs: { patchStrategy: 'merge', listType: 'set' } }],
  [core('NamespaceStatus'), { conditions }],
  [core('PersistentVolumeClaimStatus'), { conditions }],
  [apps('DeploymentSpec'), { strategy: { patchStrategy: 'retainKeys' } }],
  [apps('DeploymentStatus'), { conditions }],
  [apps('ReplicaSetStatus'), { conditions }],
  [apps('DaemonSetStatus'), { conditions }],
  ['io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceStatus', { conditions }],
  [
    // Upstream declares no patch strategy here, only the list type.
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus',
    { conditions: { listType: 'map', listMapKeys: ['type'] } },
  ],
  [
    'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration',
    { webhooks: mergeMap('name') },
  ],
  [
    'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration',
    { webhooks: mergeMap('name') },
  ],
]);

/** The table's extensions for one field, as schema keywords (empty when it has none). */
export function listExtensions(schemaName: string, field: string): JsonSchema {
  const entry = LIST_METADATA.get(schemaName)?.[field];
  if (entry === undefined) return {};
  const extensions: JsonSchema = {};
  if (entry.patchStrategy !== undefined) {
    extensions['x-kubernetes-patch-strategy'] = entry.patchStrategy;
  }
  if (entry.patchMergeKey !== undefined) {
    extensions['x-kubernetes-patch-merge-key'] = entry.patchMergeKey;
  }
  if (entry.listType !== undefined) extensions['x-kubernetes-list-type'] = entry.listType;
  if (entry.listMapKeys !== undefined) {
    extensions['x-kubernetes-list-map-keys'] = [...entry.listMapKeys];
  }
  return extensions;
}
