import { FieldReader } from './field-reader.ts';
import { InvalidFieldError } from './invalid-field-error.ts';

/** An error as it crosses the wire. */
export interface WireError {
  code: string;
  message: string;
}

/**
 * One message, classified by its envelope. Params, results, event data and the Hello's fields
 * are checked later, by whoever knows the method, the event or the version.
 */
export type Message =
  | { kind: 'hello'; protocol: string; hello: unknown }
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; result: unknown }
  | { kind: 'errorResponse'; id: number; error: WireError }
  | { kind: 'event'; event: string; data: unknown }
  | { kind: 'failure'; error: WireError };

function readId(message: FieldReader): number {
  const id = message.raw('id');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new InvalidFieldError(message.pathOf('id'), 'must be a non-negative integer');
  }
  return id;
}

function readWireError(message: FieldReader): WireError {
  const error = message.object('error');
  return { code: error.string('code', { nonEmpty: true }), message: error.string('message') };
}

function requirePresent(message: FieldReader, key: string): unknown {
  if (!message.has(key)) throw new InvalidFieldError(message.pathOf(key), 'is required');
  return message.raw(key);
}

function parseResponse(message: FieldReader): Message {
  const id = readId(message);
  if (message.has('error')) {
    if (message.has('result')) {
      throw new InvalidFieldError(message.pathOf('result'), 'must be absent when error is set');
    }
    return { kind: 'errorResponse', id, error: readWireError(message) };
  }
  return { kind: 'response', id, result: requirePresent(message, 'result') };
}

/**
 * Classifies a decoded frame: a Hello has `protocol`, a request `method`, an event `event`, a
 * response `id`, and a failure (sent just before a peer closes) only `error`. Throws an
 * `InvalidFieldError` naming the field when the envelope is wrong.
 */
export function parseMessage(value: unknown): Message {
  const message = FieldReader.of(value, 'message');
  if (message.has('protocol')) {
    return { kind: 'hello', protocol: message.string('protocol'), hello: value };
  }
  if (message.has('method')) {
    const id = readId(message);
    const method = message.string('method', { nonEmpty: true });
    message.object('params');
    return { kind: 'request', id, method, params: message.raw('params') };
  }
  if (message.has('event')) {
    const event = message.string('event', { nonEmpty: true });
    return { kind: 'event', event, data: requirePresent(message, 'data') };
  }
  if (message.has('id')) return parseResponse(message);
  if (message.has('error')) return { kind: 'failure', error: readWireError(message) };
  throw new InvalidFieldError(
    'message',
    'must have one of protocol (Hello), method (request), event, id (response) or error',
  );
}
