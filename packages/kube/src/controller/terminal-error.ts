/**
 * A reconcile failure that retrying cannot fix (a spec the user must change). The runner logs
 * it and does not retry the key; the reconciler records it in the object's status.
 */
export class TerminalError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TerminalError';
  }
}
