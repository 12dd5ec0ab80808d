import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ControllerMetricsSink, ReconcileOutcome } from '../controller/run-controller.ts';

/** Where queue depth is read from. */
interface Measurable {
  readonly length: number;
}

/** A controller's Prometheus metrics, under controller-runtime's names, in one registry. */
export interface ControllerMetrics extends ControllerMetricsSink {
  readonly registry: Registry;
}

/**
 * Creates the runner's metrics in `registry` (a new one by default): reconciles by controller
 * and result (`success`, `requeue_after`, `error`, `terminal`), errors, a duration histogram and
 * the depth of each controller's queue. Pass it as `metrics` to `runController`.
 */
export function createControllerMetrics(registry: Registry = new Registry()): ControllerMetrics {
  const queues = new Map<string, Measurable>();
  const total = new Counter({
    name: 'controller_runtime_reconcile_total',
    help: 'Total number of reconciliations per controller and result',
    labelNames: ['controller', 'result'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'controller_runtime_reconcile_errors_total',
    help: 'Total number of reconciliation errors (transient and terminal) per controller',
    labelNames: ['controller'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller',
    labelNames: ['controller'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  new Gauge({
    name: 'workqueue_depth',
    help: 'Current depth of the work queue (ready keys)',
    labelNames: ['name'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, queue] of queues) this.set({ name }, queue.length);
    },
  });
  return {
    registry,
    observeReconcile(controller: string, outcome: ReconcileOutcome, seconds: number) {
      total.inc({ controller, result: outcome });
      if (outcome === 'error' || outcome === 'terminal') errors.inc({ controller });
      duration.observe({ controller }, seconds);
    },
    trackQueue(controller: string, queue: Measurable) {
      queues.set(controller, queue);
    },
    untrackQueue(controller: string) {
      queues.delete(controller);
    },
  };
}

/** The content type of {@link metricsText}'s output (Prometheus text format 0.0.4). */
export const metricsContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** Renders every metric of `registry` in the Prometheus text format, for a `/metrics` endpoint. */
export function metricsText(registry: Registry): Promise<string> {
  return registry.metrics();
}
