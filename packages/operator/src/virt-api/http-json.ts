import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request body that cannot be read as JSON; `code` is the HTTP status to answer. */
export class BodyError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = 'BodyError';
    this.code = code;
  }
}

/** The largest body accepted (an AdmissionReview carries the object and the old object). */
export const maxBodyBytes = 8 * 1024 * 1024;

/** Reads and parses a JSON request body; throws a {@link BodyError} (413, 400) naming the problem. */
export async function readJsonBody(req: IncomingMessage, limit = maxBodyBytes): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `the request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new BodyError(400, 'the request body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BodyError(400, `the request body is not JSON: ${(error as Error).message}`);
  }
}

/** Answers with a JSON document. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

const reasons: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** Answers with a `Failure` Status (metav1.Status), as Kubernetes API servers do. */
export function sendStatus(res: ServerResponse, code: number, message: string): void {
  sendJson(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: reasons[code] ?? '',
    code,
  });
}
