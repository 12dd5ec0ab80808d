import { randomUUID } from 'node:crypto';
import type { Logger } from '../log/create-logger.ts';
import { realClock, type Clock } from '../queue/clock.ts';
import { WorkQueue } from '../queue/work-queue.ts';
import type { ReconcileResult, Reconciler } from './reconciler.ts';
import { TerminalError } from './terminal-error.ts';

/** How one reconcile ended, as counted in metrics. */
export type ReconcileOutcome = 'success' | 'requeue_after' | 'error' | 'terminal';

/** Where a controller reports what it does (see `createControllerMetrics`). */
export interface ControllerMetricsSink {
  observeReconcile(controller: string, outcome: ReconcileOutcome, seconds: number): void;
  trackQueue(controller: string, queue: WorkQueue): void;
  untrackQueue(controller: string): void;
}

/** Options of {@link runController}. */
export interface RunControllerOptions {
  /** The controller's name, in logs and metrics. */
  readonly name: string;
  readonly reconciler: Reconciler;
  readonly logger: Logger;
  /** Concurrent reconciles (of different keys); 1 by default. */
  readonly workers?: number;
  /** The time source of the queue's delays and of durations; the wall clock by default. */
  readonly clock?: Clock;
  /** Per-key backoff of transient errors; client-go's 5 ms doubling to 1000 s by default. */
  readonly backoff?: { readonly baseDelayMs?: number; readonly maxDelayMs?: number };
  readonly metrics?: ControllerMetricsSink;
}

/** A running controller: feed keys to its queue; stop it to shut down. */
export interface RunningController {
  readonly queue: WorkQueue;
  /** Shuts the queue down, aborts in-flight reconciles' signals and waits for the workers. */
  stop(): Promise<void>;
}

interface Runner {
  readonly options: RunControllerOptions;
  readonly queue: WorkQueue;
  readonly clock: Clock;
  readonly signal: AbortSignal;
}

/**
 * Starts `workers` loops that take keys from a new {@link WorkQueue} and reconcile them, one
 * reconcile per key at a time, applying the result contract: done → forget; `requeueAfterMs` →
 * forget and add after that delay; a thrown `TerminalError` → forget and log, no retry; any
 * other throw → rate-limited requeue and log. Each reconcile gets a child logger with
 * `controller`, `key` and a fresh `reconcileID`.
 */
export function runController(options: RunControllerOptions): RunningController {
  const clock = options.clock ?? realClock;
  const queue = new WorkQueue<string>({ clock, ...options.backoff });
  const abort = new AbortController();
  const runner: Runner = { options, queue, clock, signal: abort.signal };
  options.metrics?.trackQueue(options.name, queue);
  const count = Math.max(1, Math.floor(options.workers ?? 1));
  const workers = Array.from({ length: count }, () => workerLoop(runner));
  let stopped: Promise<void> | undefined;
  return {
    queue,
    stop() {
      stopped ??= (async () => {
        queue.shutDown();
        abort.abort(new Error(`controller ${options.name} is stopping`));
        await Promise.all(workers);
        options.metrics?.untrackQueue(options.name);
      })();
      return stopped;
    },
  };
}

async function workerLoop(runner: Runner): Promise<void> {
  for (let key = await runner.queue.get(); key !== undefined; key = await runner.queue.get()) {
    try {
      await processKey(runner, key);
    } catch (error: unknown) {
      // Only a throwing metrics sink gets here; keep the worker alive.
      runner.options.logger.error(
        { err: error, controller: runner.options.name, key },
        'worker error',
      );
    } finally {
      runner.queue.done(key);
    }
  }
}

async function processKey(runner: Runner, key: string): Promise<void> {
  const { options, clock } = runner;
  const logger = options.logger.child({
    controller: options.name,
    key,
    reconcileID: randomUUID(),
  });
  const started = clock.now();
  let outcome: ReconcileOutcome;
  try {
    const result = await options.reconciler.reconcile(key, { logger, signal: runner.signal });
    outcome = applyResult(runner, key, result, logger);
  } catch (error: unknown) {
    outcome = applyFailure(runner, key, error, logger);
  }
  options.metrics?.observeReconcile(options.name, outcome, (clock.now() - started) / 1000);
}

function applyResult(
  runner: Runner,
  key: string,
  result: ReconcileResult,
  logger: Logger,
): ReconcileOutcome {
  runner.queue.forget(key);
  if (result && result.requeueAfterMs >= 0) {
    logger.debug({ requeueAfterMs: result.requeueAfterMs }, 'reconciled; checking again later');
    runner.queue.addAfter(key, result.requeueAfterMs);
    return 'requeue_after';
  }
  logger.debug('reconciled');
  return 'success';
}

function applyFailure(
  runner: Runner,
  key: string,
  error: unknown,
  logger: Logger,
): ReconcileOutcome {
  if (error instanceof TerminalError) {
    runner.queue.forget(key);
    logger.error({ err: error }, 'reconcile failed with a terminal error; not retrying');
    return 'terminal';
  }
  const retries = runner.queue.numRequeues(key);
  const retryInMs = runner.queue.backoffDelay(retries);
  runner.queue.addRateLimited(key);
  logger.warn({ err: error, retries, retryInMs }, 'reconcile failed; retrying with backoff');
  return 'error';
}
