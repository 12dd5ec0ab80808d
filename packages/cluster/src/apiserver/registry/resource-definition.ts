import type { JsonSchema } from '../json-schema.ts';

/** The verbs a resource may support, as discovery lists them. */
export type Verb =
  'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

export const allVerbs: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** A subresource: `status` and `scale` are stored in the object; the others are served by nodes. */
export interface SubresourceDefinition {
  readonly name: string;
  /** The kind answered (`Scale` for scale), in `group/version` form or just the kind. */
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly verbs: readonly string[];
}

/** How `scale` maps onto an object (CRDs' `subresources.scale`, apps' deployments). */
export interface ScaleDefinition {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** A printer column of a custom resource (`additionalPrinterColumns`). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
  readonly jsonPath: string;
}

/**
 * Everything the server knows about one resource of one group-version: names, scope, verbs,
 * subresources, and where its schema comes from. Built-in kinds and CRDs are both described
 * this way, so one set of handlers serves them all.
 */
export interface ResourceDefinition {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** The plural, lower-case resource name used in paths. */
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly Verb[];
  readonly subresources: readonly SubresourceDefinition[];
  /** Whether `status` is a subresource: main writes then ignore `.status`, and /status writes only it. */
  readonly hasStatus: boolean;
  readonly scale?: ScaleDefinition;
  /** Built-in (schema from the upstream OpenAPI documents) or defined by a CRD. */
  readonly source: 'builtin' | 'crd';
  /** For CRDs: the version's `openAPIV3Schema`. */
  readonly schema?: JsonSchema;
  readonly printerColumns?: readonly PrinterColumn[];
  /** For CRDs: `selectableFields` JSON paths. */
  readonly selectableFields?: readonly string[];
  /** Whether a PUT without metadata.resourceVersion is allowed (built-ins yes, custom resources no). */
  readonly allowUnconditionalUpdate: boolean;
}

/** The `group/version` string (`v1` for the core group). */
export function groupVersion(def: { group: string; version: string }): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

/** The storage key prefix of a resource: `/<group or core>/<plural>/`. */
export function resourcePrefix(def: { group: string; plural: string }): string {
  return `/${def.group === '' ? 'core' : def.group}/${def.plural}/`;
}

/** The storage key of one object. Cluster-scoped objects have an empty namespace segment. */
export function objectKey(
  def: { group: string; plural: string },
  namespace: string,
  name: string,
): string {
  return `${resourcePrefix(def)}${namespace}/${name}`;
}

/** Whether a definition is a given built-in kind (`''` is the core group). */
export function isBuiltinKind(def: ResourceDefinition, group: string, kind: string): boolean {
  return def.source === 'builtin' && def.group === group && def.kind === kind;
}

/** Whether a definition is CustomResourceDefinition itself. */
export function isCrdKind(def: ResourceDefinition): boolean {
  return isBuiltinKind(def, 'apiextensions.k8s.io', 'CustomResourceDefinition');
}
