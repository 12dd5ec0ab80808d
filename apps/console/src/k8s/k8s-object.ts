/** The metadata every Kubernetes object has (as far as the console reads it generically). */
export interface K8sObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Any Kubernetes object: `@podvisor/api`'s `VirtualMachine` and the like satisfy it. */
export interface K8sObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: K8sObjectMeta;
}
