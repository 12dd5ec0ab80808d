import type { Logger } from '@podvisor/kube';
import type { Json, JsonObject, KubeObject } from '../json.ts';
import { objectKey } from '../registry/resource-definition.ts';
import { createObject } from '../service/create-object.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { allAuthenticated, allUnauthenticated, systemMasters } from './user-info.ts';

const rbacGroup = 'rbac.authorization.k8s.io';
const rbacVersion = `${rbacGroup}/v1`;

const read = ['get', 'list', 'watch'];
const write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const readWrite = [...read, ...write];

function rule(
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  names?: string[],
): JsonObject {
  const out: JsonObject = { verbs, apiGroups, resources };
  if (names !== undefined) out['resourceNames'] = names;
  return out;
}

function urls(verbs: string[], nonResourceURLs: string[]): JsonObject {
  return { verbs, nonResourceURLs };
}

function metadata(
  name: string,
  labels: Record<string, string> = {},
  namespace?: string,
): JsonObject {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels },
    annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
  };
}

function clusterRole(
  name: string,
  rules: JsonObject[],
  options: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): KubeObject {
  const role: KubeObject = {
    apiVersion: rbacVersion,
    kind: 'ClusterRole',
    metadata: metadata(name, options.labels),
    rules,
  };
  if (options.aggregateFrom !== undefined) {
    role['aggregationRule'] = {
      clusterRoleSelectors: [
        {
          matchLabels: {
            [`rbac.authorization.k8s.io/aggregate-to-${options.aggregateFrom}`]: 'true',
          },
        },
      ],
    };
  }
  return role;
}

const aggregateTo = (role: string): Record<string, string> => ({
  [`rbac.authorization.k8s.io/aggregate-to-${role}`]: 'true',
});

/** system:aggregate-to-edit, as upstream's bootstrap policy (1.32) defines it. */
const aggregateToEditRules: JsonObject[] = [
  rule(
    read,
    [''],
    ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy'],
  ),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(write, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(
    write,
    [''],
    [
      'configmaps',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
  ),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(write, ['', 'events.k8s.io'], ['events']),
  rule(
    write,
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
  ),
  rule(write, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(write, ['batch'], ['cronjobs', 'jobs']),
  rule(
    write,
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'ingresses',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
    ],
  ),
  rule(write, ['policy'], ['poddisruptionbudgets']),
  rule(write, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(readWrite, ['coordination.k8s.io'], ['leases']),
  rule(write, ['resource.k8s.io'], ['resourceclaims', 'resourceclaimtemplates']),
];

/** system:aggregate-to-view, as upstream's bootstrap policy (1.32) defines it. */
const aggregateToViewRules: JsonObject[] = [
  rule(
    read,
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'persistentvolumeclaims/status',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
      'services/status',
    ],
  ),
  rule(
    read,
    [''],
    [
      'bindings',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
  ),
  rule(read, [''], ['namespaces']),
  rule(read, ['', 'events.k8s.io'], ['events']),
  rule(read, ['discovery.k8s.io'], ['endpointslices']),
  rule(
    read,
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'statefulsets',
      'statefulsets/scale',
      'statefulsets/status',
    ],
  ),
  rule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(read, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(
    read,
    ['extensions'],
    [
      'daemonsets',
      'daemonsets/status',
      'deployments',
      'deployments/scale',
      'deployments/status',
      'ingresses',
      'ingresses/status',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicasets/status',
      'replicationcontrollers/scale',
    ],
  ),
  rule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(read, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
  rule(
    read,
    ['resource.k8s.io'],
    ['resourceclaims', 'resourceclaims/status', 'resourceclaimtemplates'],
  ),
];

/** The default ClusterRoles (a subset of upstream's bootstrap policy). */
export const bootstrapClusterRoles: readonly KubeObject[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  clusterRole('admin', [], { aggregateFrom: 'admin' }),
  clusterRole('edit', [], { labels: aggregateTo('admin'), aggregateFrom: 'edit' }),
  clusterRole('view', [], { labels: aggregateTo('edit'), aggregateFrom: 'view' }),
  clusterRole(
    'system:aggregate-to-admin',
    [
      rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
      rule(readWrite, [rbacGroup], ['rolebindings', 'roles']),
    ],
    { labels: aggregateTo('admin') },
  ),
  clusterRole('system:aggregate-to-edit', aggregateToEditRules, { labels: aggregateTo('edit') }),
  clusterRole('system:aggregate-to-view', aggregateToViewRules, { labels: aggregateTo('view') }),
  clusterRole('system:discovery', [
    urls(
      ['get'],
      [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    ),
  ]),
  clusterRole('system:basic-user', [
    rule(
      ['create'],
      ['authorization.k8s.io'],
      ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
    ),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  clusterRole('system:public-info-viewer', [
    urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/']),
  ]),
  clusterRole('system:auth-delegator', [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  ]),
];

function groupSubjects(groups: string[]): Json[] {
  return groups.map((name) => ({ apiGroup: rbacGroup, kind: 'Group', name }));
}

function clusterRoleBinding(name: string, groups: string[]): KubeObject {
  return {
    apiVersion: rbacVersion,
    kind: 'ClusterRoleBinding',
    metadata: metadata(name),
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name },
    subjects: groupSubjects(groups),
  };
}

/** The default ClusterRoleBindings, as upstream binds them. */
export const bootstrapClusterRoleBindings: readonly KubeObject[] = [
  clusterRoleBinding('cluster-admin', [systemMasters]),
  clusterRoleBinding('system:discovery', [allAuthenticated]),
  clusterRoleBinding('system:basic-user', [allAuthenticated]),
  clusterRoleBinding('system:public-info-viewer', [allAuthenticated, allUnauthenticated]),
];

/** Upstream's kube-system Role that aggregated API servers are bound to. */
export const bootstrapRoles: readonly KubeObject[] = [
  {
    apiVersion: rbacVersion,
    kind: 'Role',
    metadata: metadata('extension-apiserver-authentication-reader', {}, 'kube-system'),
    rules: [rule(read, [''], ['configmaps'], ['extension-apiserver-authentication'])],
  },
];

const plurals: Readonly<Record<string, string>> = {
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
};

/**
 * Creates the bootstrap policy objects that are missing (existing ones, possibly edited by the
 * user, are left alone). Needs the kube-system namespace for the namespaced Role.
 */
export async function ensureBootstrapPolicy(ctx: ServiceContext, logger: Logger): Promise<void> {
  const objects = [...bootstrapClusterRoles, ...bootstrapClusterRoleBindings, ...bootstrapRoles];
  for (const obj of objects) {
    const plural = plurals[obj.kind] ?? '';
    const def = ctx.registry.find(rbacGroup, 'v1', plural);
    const name = typeof obj.metadata['name'] === 'string' ? obj.metadata['name'] : '';
    const namespace =
      typeof obj.metadata['namespace'] === 'string' ? obj.metadata['namespace'] : '';
    if (def === undefined || ctx.store.get(objectKey(def, namespace, name)) !== undefined) continue;
    try {
      await createObject(ctx, { def, namespace }, structuredClone(obj), {
        dryRun: false,
        fieldManager: 'podvisor-apiserver',
        fieldValidation: 'Ignore',
      });
    } catch (error) {
      logger.warn({ err: error, kind: obj.kind, name }, 'creating bootstrap RBAC object failed');
    }
  }
}
