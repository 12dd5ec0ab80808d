import type { Logger } from '../log/create-logger.ts';

/** Done (`undefined`), or check the key again after `requeueAfterMs` (time-driven checks). */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a finished reconcile just returns
export type ReconcileResult = void | { requeueAfterMs: number };

/** What a reconcile gets besides its key. */
export interface ReconcileContext {
  /** A child logger tagged with `controller`, `key` and `reconcileID`. */
  readonly logger: Logger;
  /** Aborted when the controller stops. */
  readonly signal: AbortSignal;
}

/**
 * Converges one object, named by its key (`namespace/name`, or `name` when cluster-scoped),
 * level-triggered: it reads the current state every time. Throw a `TerminalError` for a failure
 * the user must fix, any other error for a transient one (retried with backoff).
 */
export interface Reconciler {
  reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult>;
}
