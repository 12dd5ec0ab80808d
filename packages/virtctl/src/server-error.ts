/** An answer from the API server (or virt-api behind it) that is not a success. */
export class ServerError extends Error {
  /** The HTTP status code. */
  readonly code: number;
  /** The Status `reason` (`NotFound`, `Conflict`…), when the body was a Status. */
  readonly reason: string | undefined;

  constructor(code: number, message: string, reason?: string) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
    this.reason = reason;
  }
}

/** client-go's wording for an answer without a Status body (`NewGenericServerResponse`). */
const genericMessages: Readonly<Record<number, string>> = {
  400: 'the server rejected our request for an unknown reason',
  401: 'the server has asked for the client to provide credentials',
  403: 'the server does not allow access to the requested resource',
  404: 'the server could not find the requested resource',
  405: 'the server does not allow this method on the requested resource',
  409: 'the server reported a conflict',
  429: 'the server has received too many requests and has asked us to try again later',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
};

function statusOf(body: string): { message?: string; reason?: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { kind, message, reason } = parsed as Record<string, unknown>;
    if (kind !== 'Status') return undefined;
    return {
      ...(typeof message === 'string' && message !== '' ? { message } : {}),
      ...(typeof reason === 'string' ? { reason } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * The error for a non-2xx answer, worded as client-go words it (so virtctl's messages come out
 * the same): a Status body gives its `message`; any other body gets client-go's generic text
 * for the code, with the body quoted for server errors.
 */
export function serverErrorFrom(code: number, body: string): ServerError {
  const status = statusOf(body);
  if (status?.message !== undefined) return new ServerError(code, status.message, status.reason);
  const generic = genericMessages[code];
  const text = body.trim();
  const message =
    generic ??
    `an error on the server (${JSON.stringify(text === '' ? 'unknown' : text.slice(0, 500))}) has prevented the request from succeeding`;
  return new ServerError(code, message, status?.reason);
}
