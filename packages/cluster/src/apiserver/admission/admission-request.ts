import type { JsonObject } from '../json.ts';

/** The operations admission webhooks see. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** Who made the request, as sent in `request.userInfo`. Structurally compatible with the server's UserInfo. */
export interface AdmissionUser {
  readonly name: string;
  readonly uid?: string | undefined;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** A group/version/kind (`group` is empty for the core group). */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/**
 * One request as admission sees it (upstream's `admission.Attributes`). For a namespace itself,
 * `namespace` is its name on UPDATE/DELETE and empty on CREATE, as upstream's request info sets it.
 */
export interface AdmissionRequest<T extends JsonObject = JsonObject> {
  readonly operation: AdmissionOperation;
  /** The resource's API group (empty for the core group), version and plural. */
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  /** `status`, `scale`, `exec`…; empty or absent for the main resource. */
  readonly subresource?: string | undefined;
  /** The kind of `object` (for `pods/exec`: PodExecOptions; for `*\/scale`: autoscaling/v1 Scale). */
  readonly kind: GroupVersionKind;
  /** Empty for cluster-scoped resources. */
  readonly namespace: string;
  /** Empty when not known yet (a create with generateName). */
  readonly name: string;
  /** The new object (CREATE, UPDATE; the options object for CONNECT); absent for DELETE. */
  readonly object?: T | undefined;
  /** The stored object (UPDATE, DELETE). */
  readonly oldObject?: JsonObject | undefined;
  readonly dryRun: boolean;
  /** CreateOptions/UpdateOptions/DeleteOptions as sent; apiVersion and kind are filled in when missing. */
  readonly options?: JsonObject | undefined;
  readonly user: AdmissionUser;
}

/** The resource a webhook is invoked for: the request's, or an equivalent one (matchPolicy Equivalent). */
export interface Invocation {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: GroupVersionKind;
}
