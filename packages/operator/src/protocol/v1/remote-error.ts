/**
 * The peer answered a request with an error. `code` is the peer's code: `MethodNotFound`,
 * `NotImplemented`, `InvalidParams`, `FrameTooLarge`, `Failed`, or the name of the error the
 * peer's handler threw (`DomainConversionError`...).
 */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';
  readonly method: string;
  readonly code: string;

  constructor(method: string, code: string, message: string) {
    super(`${method} failed on the peer (${code}): ${message}`);
    this.method = method;
    this.code = code;
  }
}
