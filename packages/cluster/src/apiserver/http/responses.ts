import type { ServerResponse } from 'node:http';
import type { Json } from '../json.ts';
import { type StatusError } from '../status-error.ts';

/** Writes a JSON response with an explicit content type (client-node refuses bodies without one). */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: Json,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes a plain-text response. */
export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Writes a `Status` error body (and Retry-After when the error carries one). */
export function sendStatusError(res: ServerResponse, error: StatusError): void {
  if (error.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
  sendJson(res, error.code, error.toStatus());
}

/** A quoted header-safe string: non-ASCII characters as \\u escapes (header values must be Latin-1). */
function asciiQuoted(text: string): string {
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Adds `Warning: 299 - "<text>"` headers, as kube-apiserver sends them. */
export function addWarnings(res: ServerResponse, warnings: readonly string[]): void {
  if (warnings.length === 0) return;
  res.setHeader(
    'Warning',
    warnings.map((w) => `299 - ${asciiQuoted(w)}`),
  );
}
