/** The `reason` of a metav1.Status for each HTTP code the node endpoint answers with. */
const reasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** A `Failure` metav1.Status, as Kubernetes servers (and KubeVirt's handler) answer. */
export interface FailureStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly code: number;
}

/**
 * A request the node endpoint cannot serve: the HTTP `code` and a message naming the cause,
 * answered as a Status body (or, on a websocket that is already open, as its close reason).
 */
export class NodeStatusError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'NodeStatusError';
    this.code = code;
  }

  /** The error as a metav1.Status. */
  toStatus(): FailureStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: reasons[this.code] ?? '',
      code: this.code,
    };
  }
}
