/** Why the protocol layer refused a frame, a message or a connection. */
export type ProtocolErrorCode =
  /** A frame announced more bytes than the limit (the connection closes). */
  | 'FrameTooLarge'
  /** A frame is not UTF-8 JSON (the connection closes). */
  | 'InvalidFrame'
  /** A message has the wrong shape; the message names the field (the connection closes). */
  | 'InvalidMessage'
  /** The peer speaks another protocol version (the handshake fails). */
  | 'VersionMismatch'
  /** The peer's Hello names another role, pod or VMI than expected (the handshake fails). */
  | 'PeerMismatch'
  /** The peer did not answer in time (a request or the handshake). */
  | 'Timeout'
  /** The connection is closed, or closed before the answer came. */
  | 'ConnectionClosed'
  /** The peer answered a request with a result of the wrong shape; the message names the field. */
  | 'InvalidResult'
  /** The peer answered a request that was never sent. */
  | 'UnexpectedResponse'
  /** An event listener registered with `onEvent` threw. */
  | 'ListenerFailed';

const codes: ReadonlySet<string> = new Set<ProtocolErrorCode>([
  'FrameTooLarge',
  'InvalidFrame',
  'InvalidMessage',
  'VersionMismatch',
  'PeerMismatch',
  'Timeout',
  'ConnectionClosed',
  'InvalidResult',
  'UnexpectedResponse',
  'ListenerFailed',
]);

/** True when `code` is one of this side's protocol error codes. */
export function isProtocolErrorCode(code: string): code is ProtocolErrorCode {
  return codes.has(code);
}

/** A failure of the protocol itself (framing, shape, handshake, timeout, closed connection). */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
