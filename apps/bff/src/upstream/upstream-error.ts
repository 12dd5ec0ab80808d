/** A Kubernetes `Status` object, as the API server returns for errors. */
export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly code: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A non-2xx answer of the API server, with its `Status` (synthesised when the body is not one). */
export class UpstreamError extends Error {
  readonly status: KubeStatus;

  constructor(status: KubeStatus) {
    super(status.message);
    this.name = 'UpstreamError';
    this.status = status;
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code;
  }
}

const reasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** A `Status` for `code` with `message`, in the API server's shape. */
export function kubeStatus(code: number, message: string): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    reason: reasons[code] ?? 'Unknown',
    code,
  };
}

/** Parses an error body: the API server's own `Status` when it is one, else one made from the text. */
export function statusFromBody(code: number, body: string): KubeStatus {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { kind?: unknown }).kind === 'Status' &&
      typeof (parsed as { message?: unknown }).message === 'string'
    ) {
      const status = parsed as KubeStatus;
      return { ...status, code: typeof status.code === 'number' ? status.code : code };
    }
  } catch {
    // not JSON: fall through to a Status made from the text
  }
  const text = body.trim();
  return kubeStatus(code, text === '' ? `the API server answered HTTP ${String(code)}` : text);
}
