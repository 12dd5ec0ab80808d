/**
 * Client-node model names and upstream component names. The generator names a model after its
 * version and kind (`V1Pod`, `V1beta1DeviceClass`), and prefixes the Go package only when two
 * packages share a kind in one version (`CoreV1Event`, `EventsV1Event`); the package of every
 * other model is derived from the API classes (see `createModelCatalog`).
 */

/** A model name split into its parts. */
export interface ModelNameParts {
  /** The Go package named by the prefix (`core`, `events`, `rbac`…), when there is one. */
  readonly packageName: string | undefined;
  readonly version: string;
  readonly kind: string;
}

const MODEL_NAME = /^((?:[A-Z][a-z]+)*)(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/;

/** `CoreV1Event` → core, v1, Event; `V1beta1DeviceClass` → v1beta1, DeviceClass; else undefined. */
export function splitModelName(model: string): ModelNameParts | undefined {
  const match = MODEL_NAME.exec(model);
  if (match === null) return undefined;
  const [, prefix = '', version = '', kind = ''] = match;
  return {
    packageName: prefix === '' ? undefined : prefix.toLowerCase(),
    version: version.toLowerCase(),
    kind,
  };
}

/** The Go package of an API group: its first label, except where Kubernetes named it otherwise. */
export function packageOfGroup(group: string): string {
  if (group === '') return 'core';
  if (group === 'internal.apiserver.k8s.io') return 'apiserverinternal';
  return group.split('.')[0] ?? group;
}

/** Where the packages outside `k8s.io/api` live, as their component names spell it. */
const PACKAGE_PREFIXES: Readonly<Record<string, string>> = {
  apiextensions: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  apiregistration: 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
};

/** `io.k8s.api.<package>.<version>.<Kind>`, or the apiextensions/kube-aggregator forms. */
export function componentName(packageName: string, version: string, kind: string): string {
  const prefix = PACKAGE_PREFIXES[packageName] ?? `io.k8s.api.${packageName}`;
  return `${prefix}.${version}.${kind}`;
}

/** The package of `k8s.io/apimachinery/pkg/apis/meta/v1`. */
export const META_V1_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

/**
 * The models of `k8s.io/apimachinery` (a fixed, small set): every API group uses them, so
 * nothing in the API classes tells them apart from a group's own models.
 */
export const APIMACHINERY_MODELS: ReadonlyMap<string, string> = new Map([
  ...[
    'APIGroup',
    'APIGroupList',
    'APIResource',
    'APIResourceList',
    'APIVersions',
    'Condition',
    'DeleteOptions',
    'FieldSelectorRequirement',
    'GroupVersionForDiscovery',
    'LabelSelector',
    'LabelSelectorRequirement',
    'ListMeta',
    'ManagedFieldsEntry',
    'ObjectMeta',
    'OwnerReference',
    'Preconditions',
    'ServerAddressByClientCIDR',
    'Status',
    'StatusCause',
    'StatusDetails',
    'WatchEvent',
  ].map((kind): [string, string] => [`V1${kind}`, META_V1_PREFIX + kind]),
  ['VersionInfo', 'io.k8s.apimachinery.pkg.version.Info'],
]);

/**
 * Models that a group-version's API class returns although another group owns them: the
 * `scale` and `eviction` subresources. Model → owning group-version.
 */
export const SUBRESOURCE_MODELS: ReadonlyMap<string, string> = new Map([
  ['V1Scale', 'autoscaling/v1'],
  ['V1ScaleSpec', 'autoscaling/v1'],
  ['V1ScaleStatus', 'autoscaling/v1'],
  ['V1Eviction', 'policy/v1'],
]);

/** The component name of `resource.Quantity`, which client-node types as a plain string. */
export const QUANTITY_SCHEMA = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** The component name of `intstr.IntOrString`, a class of client-node's but not a model. */
export const INT_OR_STRING_SCHEMA = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
