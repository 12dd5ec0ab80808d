import type { ClusterIpRange } from '../../controllers/services/cluster-ip-range.ts';
import type { KubeObject } from '../json.ts';
import type { JsonSchema, SchemaResolver } from '../json-schema.ts';
import type { Registry } from '../registry/registry.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import type { Store } from '../storage/index.ts';
import type { UserInfo } from '../user-info.ts';

/** A kind's schema and the resolver for the `$ref`s inside it. */
export interface KindSchema {
  readonly schema: JsonSchema | undefined;
  readonly resolve: SchemaResolver;
}

/** Finds the schema of a resource: the upstream documents for built-ins, the CRD's for custom resources. */
export type SchemaSource = (def: ResourceDefinition) => KindSchema;

/** What admission sees of a write (the webhooks' AdmissionRequest is built from it). */
export interface AdmissionAttributes {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly def: ResourceDefinition;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The object after the write (absent on DELETE). */
  readonly object: KubeObject | undefined;
  /** The stored object before the write (absent on CREATE). */
  readonly oldObject: KubeObject | undefined;
  readonly dryRun: boolean;
  readonly user: UserInfo | undefined;
}

/** Admission control: mutating, then (after validation) validating; both may refuse with a StatusError. */
export interface Admission {
  mutate(
    attributes: AdmissionAttributes,
  ): Promise<{ object: KubeObject | undefined; warnings: readonly string[] }>;
  validate(attributes: AdmissionAttributes): Promise<{ warnings: readonly string[] }>;
}

/** Admission that admits everything unchanged. */
export const noAdmission: Admission = {
  mutate: (attributes) => Promise.resolve({ object: attributes.object, warnings: [] }),
  validate: () => Promise.resolve({ warnings: [] }),
};

/** What the resource operations need: storage, the registry, schemas and a clock. */
export interface ServiceContext {
  readonly store: Store;
  readonly registry: Registry;
  readonly schemas: SchemaSource;
  readonly now: () => number;
  /** Admission control for every write (webhooks in a full cluster; `noAdmission` otherwise). */
  readonly admission: Admission;
  /** The range new Services get their ClusterIP from (and requested ones must lie in). */
  readonly clusterIpRange: ClusterIpRange;
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
