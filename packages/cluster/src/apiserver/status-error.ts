import type { JsonObject } from './json.ts';

/** The `reason` values of Kubernetes' Status, as clients match them. */
export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

/** One field-level cause of an error (`details.causes[]`). */
export interface StatusCause {
  /** `FieldValueInvalid`, `FieldValueRequired`, `FieldValueNotSupported`, `FieldValueDuplicate`, `FieldManagerConflict`, `ExitCode`… */
  readonly reason: string;
  readonly message: string;
  /** The JSON path of the field, e.g. `spec.containers[0].image`. */
  readonly field?: string;
}

/** Identifies the object an error is about (`details`). */
export interface StatusTarget {
  readonly name?: string;
  /** API group; empty for the core group. */
  readonly group?: string;
  /** The resource (plural, as Kubernetes puts it in `details.kind`), e.g. `pods`. */
  readonly kind?: string;
}

/**
 * An error the API server answers with a `Status` body. Every client mistake is one of these,
 * with Kubernetes' reason, code and wording; anything else that escapes a handler is a 500.
 */
export class StatusError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly target: StatusTarget;
  readonly causes: readonly StatusCause[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: number,
    reason: StatusReason,
    message: string,
    options: {
      target?: StatusTarget;
      causes?: readonly StatusCause[];
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.target = options.target ?? {};
    this.causes = options.causes ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The `Status` object sent to the client. */
  toStatus(): JsonObject {
    const details: JsonObject = {};
    if (this.target.name !== undefined) details['name'] = this.target.name;
    if (this.target.group !== undefined && this.target.group !== '')
      details['group'] = this.target.group;
    if (this.target.kind !== undefined) details['kind'] = this.target.kind;
    if (this.causes.length > 0) {
      details['causes'] = this.causes.map((c) => {
        const cause: JsonObject = { reason: c.reason, message: c.message };
        if (c.field !== undefined) cause['field'] = c.field;
        return cause;
      });
    }
    if (this.retryAfterSeconds !== undefined) details['retryAfterSeconds'] = this.retryAfterSeconds;
    const status: JsonObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (Object.keys(details).length > 0) status['details'] = details;
    return status;
  }
}

/** `pods` or `virtualmachines.kubevirt.io`, as Kubernetes names a resource in messages. */
export function qualifiedResource(resource: string, group = ''): string {
  return group === '' ? resource : `${resource}.${group}`;
}

/** Constructors for the errors the API server answers with, in Kubernetes' wording. */
export const statusErrors = {
  badRequest(message: string, causes: readonly StatusCause[] = []): StatusError {
    return new StatusError(400, 'BadRequest', message, { causes });
  },
  unauthorized(message = 'Unauthorized'): StatusError {
    return new StatusError(401, 'Unauthorized', message);
  },
  forbidden(message: string, target: StatusTarget = {}): StatusError {
    return new StatusError(403, 'Forbidden', message, { target });
  },
  notFound(resource: string, name: string, group = ''): StatusError {
    return new StatusError(
      404,
      'NotFound',
      `${qualifiedResource(resource, group)} "${name}" not found`,
      {
        target: { name, group, kind: resource },
      },
    );
  },
  /** A 404 for a path that names no resource at all. */
  pathNotFound(message = 'the server could not find the requested resource'): StatusError {
    return new StatusError(404, 'NotFound', message);
  },
  alreadyExists(resource: string, name: string, group = ''): StatusError {
    return new StatusError(
      409,
      'AlreadyExists',
      `${qualifiedResource(resource, group)} "${name}" already exists`,
      {
        target: { name, group, kind: resource },
      },
    );
  },
  /** The optimistic-concurrency conflict: a stale resourceVersion or a failed precondition. */
  conflict(
    resource: string,
    name: string,
    group = '',
    detail = 'the object has been modified; please apply your changes to the latest version and try again',
  ): StatusError {
    return new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${detail}`,
      { target: { name, group, kind: resource } },
    );
  },
  /** A server-side apply conflict: each cause has reason FieldManagerConflict and the field. */
  applyConflict(
    message: string,
    causes: readonly StatusCause[],
    target: StatusTarget = {},
  ): StatusError {
    return new StatusError(409, 'Conflict', message, { causes, target });
  },
  /**
   * 422: `Kind.group "name" is invalid: field: message, field2: message2`, with one cause per
   * problem, as Kubernetes words it.
   */
  invalid(kind: string, name: string, causes: readonly StatusCause[], group = ''): StatusError {
    const what = group === '' ? kind : `${kind}.${group}`;
    const summary = causes.map((c) =>
      c.field === undefined ? c.message : `${c.field}: ${c.message}`,
    );
    const list = summary.length === 1 ? (summary[0] ?? '') : `[${summary.join(', ')}]`;
    return new StatusError(422, 'Invalid', `${what} "${name}" is invalid: ${list}`, {
      target: { name, group, kind },
      causes,
    });
  },
  methodNotAllowed(message: string): StatusError {
    return new StatusError(405, 'MethodNotAllowed', message);
  },
  notAcceptable(message: string): StatusError {
    return new StatusError(406, 'NotAcceptable', message);
  },
  /** 410: a watch or list from a resourceVersion older than the kept history. */
  expired(message: string): StatusError {
    return new StatusError(410, 'Expired', message);
  },
  requestEntityTooLarge(limitBytes: number): StatusError {
    return new StatusError(
      413,
      'RequestEntityTooLarge',
      `the request body is larger than ${limitBytes} bytes`,
    );
  },
  unsupportedMediaType(contentType: string): StatusError {
    return new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${contentType}`,
    );
  },
  internal(message: string): StatusError {
    return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`);
  },
  serviceUnavailable(message: string): StatusError {
    return new StatusError(503, 'ServiceUnavailable', message);
  },
};

/** Whether an error is the 404 of an object that does not exist (or no longer does). */
export function isNotFound(error: unknown): error is StatusError {
  return error instanceof StatusError && error.code === 404;
}
