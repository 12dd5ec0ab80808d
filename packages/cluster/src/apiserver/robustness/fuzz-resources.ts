/** A resource the fuzzer builds paths and bodies for. */
export interface FuzzResource {
  /** `/api/v1` or `/apis/<group>/<version>`. */
  readonly prefix: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly subresources: readonly string[];
  /** A valid object of this kind with the given name (and namespace, when namespaced). */
  readonly template: (name: string, namespace: string) => Record<string, unknown>;
}

/** The namespace the fuzz run creates and fills with seed objects. */
export const fuzzNamespace = 'fuzz';
/** The CRD the fuzz run creates, so custom-resource paths exist. */
export const widgetGroup = 'fuzz.example.com';

const meta = (name: string, namespace: string): Record<string, unknown> => ({
  name,
  ...(namespace === '' ? {} : { namespace }),
  labels: { app: 'fuzz', tier: name.length % 2 === 0 ? 'a' : 'b' },
  annotations: { 'fuzz.example.com/note': 'seed' },
});

const container = {
  name: 'c',
  image: 'busybox:1.36',
  command: ['sleep', '3600'],
  ports: [{ containerPort: 80, protocol: 'TCP' }],
  env: [{ name: 'A', value: '1' }],
};
const podSpec = { containers: [container], restartPolicy: 'Always' };
const selector = { matchLabels: { app: 'fuzz' } };
const podTemplate = { metadata: { labels: { app: 'fuzz' } }, spec: podSpec };

function resource(
  prefix: string,
  kind: string,
  plural: string,
  extra: { namespaced?: boolean; subresources?: string[]; body?: Record<string, unknown> },
): FuzzResource {
  const apiVersion = prefix === '/api/v1' ? 'v1' : prefix.slice('/apis/'.length);
  return {
    prefix,
    apiVersion,
    kind,
    plural,
    namespaced: extra.namespaced ?? true,
    subresources: extra.subresources ?? [],
    template: (name, namespace) => ({
      apiVersion,
      kind,
      metadata: meta(name, extra.namespaced === false ? '' : namespace),
      ...structuredClone(extra.body ?? {}),
    }),
  };
}

const widgetSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        size: { type: 'integer', minimum: 0, default: 1 },
        color: { type: 'string', enum: ['red', 'blue'] },
        replicas: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port'],
          items: {
            type: 'object',
            required: ['port'],
            properties: { port: { type: 'integer' }, name: { type: 'string' } },
          },
        },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        either: { 'x-kubernetes-int-or-string': true },
      },
    },
    status: {
      type: 'object',
      properties: { replicas: { type: 'integer' }, selector: { type: 'string' } },
    },
  },
};

/** The CRD that defines `widgets.fuzz.example.com` (namespaced, status and scale subresources). */
export function widgetCrd(name = `widgets.${widgetGroup}`): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: widgetGroup,
      scope: 'Namespaced',
      names: {
        plural: 'widgets',
        singular: 'widget',
        kind: 'Widget',
        listKind: 'WidgetList',
        shortNames: ['wd'],
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: structuredClone(widgetSchema) },
          subresources: {
            status: {},
            scale: {
              specReplicasPath: '.spec.replicas',
              statusReplicasPath: '.status.replicas',
              labelSelectorPath: '.status.selector',
            },
          },
          additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
        },
      ],
    },
  };
}

/** The resources whose paths and bodies the fuzzer uses (built-in kinds, the CRD, a custom kind). */
export const fuzzResources: readonly FuzzResource[] = [
  resource('/api/v1', 'Pod', 'pods', {
    subresources: [
      'status',
      'log',
      'exec',
      'attach',
      'portforward',
      'binding',
      'eviction',
      'ephemeralcontainers',
      'proxy',
    ],
    body: { spec: podSpec },
  }),
  resource('/api/v1', 'ConfigMap', 'configmaps', {
    body: { data: { key: 'value', 'other.key': 'x' } },
  }),
  resource('/api/v1', 'Secret', 'secrets', {
    body: { type: 'Opaque', data: { key: 'dmFsdWU=' }, stringData: { plain: 'text' } },
  }),
  resource('/api/v1', 'Service', 'services', {
    subresources: ['status', 'proxy'],
    body: {
      spec: { selector: { app: 'fuzz' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    },
  }),
  resource('/api/v1', 'ServiceAccount', 'serviceaccounts', { subresources: ['token'] }),
  resource('/api/v1', 'Event', 'events', {
    body: {
      involvedObject: { kind: 'Pod', name: 'seed-0', namespace: fuzzNamespace },
      reason: 'Fuzz',
      message: 'm',
      type: 'Normal',
    },
  }),
  resource('/api/v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', {
    subresources: ['status'],
    body: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
  }),
  resource('/api/v1', 'Namespace', 'namespaces', {
    namespaced: false,
    subresources: ['status', 'finalize'],
  }),
  resource('/api/v1', 'Node', 'nodes', {
    namespaced: false,
    subresources: ['status', 'proxy'],
    body: { spec: { unschedulable: false } },
  }),
  resource('/api/v1', 'PersistentVolume', 'persistentvolumes', {
    namespaced: false,
    subresources: ['status'],
    body: {
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/tmp/pv' },
      },
    },
  }),
  resource('/apis/apps/v1', 'Deployment', 'deployments', {
    subresources: ['status', 'scale'],
    body: { spec: { replicas: 1, selector, template: podTemplate } },
  }),
  resource('/apis/apps/v1', 'ReplicaSet', 'replicasets', {
    subresources: ['status', 'scale'],
    body: { spec: { replicas: 1, selector, template: podTemplate } },
  }),
  resource('/apis/apps/v1', 'DaemonSet', 'daemonsets', {
    subresources: ['status'],
    body: { spec: { selector, template: podTemplate } },
  }),
  resource('/apis/coordination.k8s.io/v1', 'Lease', 'leases', {
    body: { spec: { holderIdentity: 'fuzz', leaseDurationSeconds: 15 } },
  }),
  resource('/apis/events.k8s.io/v1', 'Event', 'events', {
    body: {
      eventTime: '2025-01-01T00:00:00.000000Z',
      reportingController: 'fuzz',
      reportingInstance: 'f',
      action: 'A',
      reason: 'R',
      type: 'Normal',
    },
  }),
  resource('/apis/rbac.authorization.k8s.io/v1', 'Role', 'roles', {
    body: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  }),
  resource('/apis/rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', {
    namespaced: false,
    body: { rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
  }),
  resource('/apis/storage.k8s.io/v1', 'StorageClass', 'storageclasses', {
    namespaced: false,
    body: { provisioner: 'fuzz.example.com/none' },
  }),
  resource(
    '/apis/apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    {
      namespaced: false,
      subresources: ['status'],
      body: { spec: widgetCrd()['spec'] },
    },
  ),
  resource(`/apis/${widgetGroup}/v1`, 'Widget', 'widgets', {
    subresources: ['status', 'scale'],
    body: {
      spec: {
        size: 3,
        color: 'red',
        replicas: 2,
        tags: ['a', 'b'],
        ports: [{ port: 80, name: 'http' }],
        free: { any: [1, 'two'] },
        either: 'x',
      },
    },
  }),
  resource('/apis/authorization.k8s.io/v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', {
    namespaced: false,
    body: {
      spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: fuzzNamespace } },
    },
  }),
  resource('/apis/authentication.k8s.io/v1', 'TokenReview', 'tokenreviews', {
    namespaced: false,
    body: { spec: { token: 'not-a-token' } },
  }),
  resource(
    '/apis/admissionregistration.k8s.io/v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    { namespaced: false },
  ),
  resource('/apis/nope.example.com/v1', 'Thing', 'things', {}),
  resource('/api/v2', 'Pod', 'pods', {}),
];

/** Names of objects the fuzz run creates up front, so paths also hit existing objects. */
export const seedNames = ['seed-0', 'seed-1'];
