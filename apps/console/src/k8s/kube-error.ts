import type { KubeStatus } from '@podvisor/bff/protocol';

/** One field problem of a failed request, from a `Status`'s `details.causes`. */
export interface KubeErrorCause {
  /** The field path (`spec.template.spec.domain.cpu.cores`), when the server named one. */
  readonly field?: string;
  /** A machine-readable reason such as `FieldValueInvalid`. */
  readonly reason?: string;
  readonly message: string;
}

/** A failed Kubernetes request: the API server's (or the BFF's) own words from its `Status`. */
export class KubeError extends Error {
  /** The HTTP status code (0 when the request never reached the server). */
  readonly code: number;
  /** The `Status` reason (`Forbidden`, `NotFound`, `Invalid`, `Conflict`, ...). */
  readonly reason: string;
  /** Field problems from `details.causes` (empty when there are none). */
  readonly causes: readonly KubeErrorCause[];

  constructor(init: {
    code: number;
    reason: string;
    message: string;
    causes?: readonly KubeErrorCause[];
  }) {
    super(init.message);
    this.name = 'KubeError';
    this.code = init.code;
    this.reason = init.reason;
    this.causes = init.causes ?? [];
  }
}

const reasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function causeOf(value: unknown): KubeErrorCause | undefined {
  if (!isRecord(value)) return undefined;
  const field = stringOf(value['field']);
  const reason = stringOf(value['reason']);
  const message = stringOf(value['message']) ?? reason ?? 'invalid value';
  return {
    message,
    ...(field === undefined ? {} : { field }),
    ...(reason === undefined ? {} : { reason }),
  };
}

function causesOf(details: unknown): KubeErrorCause[] {
  if (!isRecord(details) || !Array.isArray(details['causes'])) return [];
  return details['causes'].map(causeOf).filter((cause) => cause !== undefined);
}

/**
 * The {@link KubeError} of a Kubernetes `Status` (a parsed body or a watch `error`'s status);
 * `httpCode` is used when the Status carries no code of its own.
 */
export function kubeErrorFromStatus(
  status: KubeStatus | Record<string, unknown>,
  httpCode = 0,
): KubeError {
  const record: Record<string, unknown> = { ...status };
  const code = typeof record['code'] === 'number' ? record['code'] : httpCode;
  return new KubeError({
    code,
    reason: stringOf(record['reason']) ?? reasons[code] ?? 'Unknown',
    message: stringOf(record['message']) ?? `the server answered HTTP ${String(code)}`,
    causes: causesOf(record['details']),
  });
}

/**
 * The {@link KubeError} of a non-2xx HTTP answer: its `Status` body when it is one, else one made
 * from the text of the body (or the status line when the body is empty).
 */
export function kubeErrorFromBody(httpCode: number, body: string): KubeError {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (isRecord(parsed) && parsed['kind'] === 'Status')
      return kubeErrorFromStatus(parsed, httpCode);
  } catch {
    // not JSON: the text itself is the message
  }
  const text = body.trim().slice(0, 500);
  return kubeErrorFromStatus(
    {
      code: httpCode,
      message: text === '' ? `the server answered HTTP ${String(httpCode)}` : text,
    },
    httpCode,
  );
}
