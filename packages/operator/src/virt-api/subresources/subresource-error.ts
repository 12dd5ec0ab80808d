import type { ServerResponse } from 'node:http';

/** A `metav1.Status` of a failed subresource request, as k8s.io/apimachinery's errors build it. */
export interface FailureStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly causes?: readonly { readonly message: string }[];
  };
  readonly code: number;
}

/**
 * A subresource request that fails with a Status: the one error type the subresource handlers
 * throw or return, answered in one place ({@link sendFailure}).
 */
export class SubresourceError extends Error {
  readonly status: FailureStatus;

  constructor(status: FailureStatus) {
    super(status.message);
    this.name = 'SubresourceError';
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }
}

/** KubeVirt's `v1.Resource(...)` kinds: errors name the singular kind in group `kubevirt.io`. */
export type KubevirtKind = 'virtualmachine' | 'virtualmachineinstance';

const kubevirtGroup = 'kubevirt.io';

function failure(
  code: number,
  reason: string,
  message: string,
  details?: FailureStatus['details'],
): SubresourceError {
  return new SubresourceError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  });
}

/** 409 Conflict: `Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm": <cause>`. */
export function conflictError(kind: KubevirtKind, name: string, cause: string): SubresourceError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${kind}.${kubevirtGroup} ${JSON.stringify(name)}: ${cause}`,
    { name, group: kubevirtGroup, kind },
  );
}

/** 404 NotFound: `virtualmachine.kubevirt.io "vm" not found`. */
export function notFoundError(kind: KubevirtKind, name: string): SubresourceError {
  return failure(404, 'NotFound', `${kind}.${kubevirtGroup} ${JSON.stringify(name)} not found`, {
    name,
    group: kubevirtGroup,
    kind,
  });
}

/** 404 NotFound for a path nothing is served at (kube-apiserver's words). */
export function pathNotFoundError(): SubresourceError {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

/** 400 BadRequest with `message` as is. */
export function badRequestError(message: string): SubresourceError {
  return failure(400, 'BadRequest', message);
}

/** 500 InternalError: `Internal error occurred: <cause>`. */
export function internalError(cause: string): SubresourceError {
  return failure(500, 'InternalError', `Internal error occurred: ${cause}`, {
    causes: [{ message: cause }],
  });
}

/** 403 Forbidden on a resource: `<resource>.<group> "name" is forbidden: <cause>`. */
export function forbiddenError(options: {
  readonly resource: string;
  readonly group: string;
  readonly name: string;
  readonly cause: string;
}): SubresourceError {
  const { resource, group, name, cause } = options;
  const qualified = group === '' ? resource : `${resource}.${group}`;
  const subject = name === '' ? qualified : `${qualified} ${JSON.stringify(name)}`;
  return failure(403, 'Forbidden', `${subject} is forbidden: ${cause}`, {
    ...(name === '' ? {} : { name }),
    group,
    kind: resource,
  });
}

/** Any error as a SubresourceError: itself, or a 500 naming its message. */
export function asSubresourceError(error: unknown): SubresourceError {
  if (error instanceof SubresourceError) return error;
  return internalError(error instanceof Error ? error.message : String(error));
}

/** Answers with the error's Status and code. */
export function sendFailure(res: ServerResponse, error: SubresourceError): void {
  const text = JSON.stringify(error.status);
  res.writeHead(error.code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
