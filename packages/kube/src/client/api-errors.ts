import { ApiException } from '@kubernetes/client-node';

/** The HTTP status of a failed API call (client-node's `ApiException`, or a watch error), if any. */
export function statusCodeOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof statusCode === 'number') return statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The `reason` of the Status a failed API call answered with (`Conflict`, `AlreadyExists`, …). */
export function statusReasonOf(error: unknown): string | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const body: unknown = error.body;
  let status: unknown = body;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof status !== 'object' || status === null) return undefined;
  const { reason } = status as { reason?: unknown };
  return typeof reason === 'string' ? reason : undefined;
}

/** Whether the call failed because the object does not exist (404). */
export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/** Whether the call failed on a stale resourceVersion (409 Conflict; not AlreadyExists). */
export function isConflict(error: unknown): boolean {
  return statusCodeOf(error) === 409 && statusReasonOf(error) !== 'AlreadyExists';
}

/** Whether a create failed because the name is taken (409 AlreadyExists). */
export function isAlreadyExists(error: unknown): boolean {
  return statusCodeOf(error) === 409 && statusReasonOf(error) === 'AlreadyExists';
}
