/** An owner reference, as the API serves it. */
export interface KubeOwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * The metadata fields the runtime reads. Timestamps are left open because client-node's models
 * type them as `Date` while the wire (and `@podvisor/api`'s generated types) carries strings.
 */
export interface KubeObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubeOwnerReference[];
  finalizers?: string[];
  creationTimestamp?: unknown;
  deletionTimestamp?: unknown;
}

/**
 * Any Kubernetes object: client-node's models (`V1Pod`) and `@podvisor/api`'s generated
 * kubevirt.io types both fit, so informers, queues and the client take either.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
}
