import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { StatusError, statusErrors } from '../status-error.ts';

/** A StatusError for anything thrown while handling a request (a plain Error becomes a 500). */
export function asStatusError(error: unknown): StatusError {
  if (error instanceof StatusError) return error;
  return statusErrors.internal(error instanceof Error ? error.message : String(error));
}

/**
 * Answers an upgrade request that is refused with a plain HTTP response carrying a `Status` (what
 * kubectl prints as `Error from server (<reason>): <message>`), then closes the socket.
 */
export function rejectUpgrade(socket: Duplex, error: StatusError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toStatus());
  socket.end(
    [
      `HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? 'Error'}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
