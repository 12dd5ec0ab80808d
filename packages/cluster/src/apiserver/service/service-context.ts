import type { KubeObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import type { Registry } from '../registry/registry.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import type { Store } from '../storage/index.ts';

/** A kind's schema and the resolver for the `$ref`s inside it. */
export interface KindSchema {
  readonly schema: JsonSchema | undefined;
  readonly resolve: SchemaResolver;
}

/** Finds the schema of a resource: the upstream documents for built-ins, the CRD's for custom resources. */
export type SchemaSource = (def: ResourceDefinition) => KindSchema;

/** What the resource operations need: storage, the registry, schemas and a clock. */
export interface ServiceContext {
  readonly store: Store;
  readonly registry: Registry;
  readonly schemas: SchemaSource;
  readonly now: () => number;
  /** Called after a CRD was written or deleted, to refresh the registry. */
  readonly onCrdChange: (crd: KubeObject, deleted: boolean) => void;
  /** Called when a namespace starts terminating, to clear its contents. */
  readonly onNamespaceTerminating: (name: string) => void;
}

/** A collection: a resource in a namespace (empty for cluster-scoped resources or all namespaces). */
export interface Target {
  readonly def: ResourceDefinition;
  readonly namespace: string;
}

/** One object of a resource. */
export interface ObjectTarget extends Target {
  readonly name: string;
}

/** The outcome of a write: the object, whether it was created, and warnings for the client. */
export interface WriteResult {
  readonly object: KubeObject;
  readonly created: boolean;
  readonly warnings: readonly string[];
}
