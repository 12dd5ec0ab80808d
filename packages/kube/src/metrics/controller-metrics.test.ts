import { describe, expect, it } from 'vitest';
import { createControllerMetrics, metricsText } from './controller-metrics.ts';

describe('createControllerMetrics', () => {
  it('counts reconciles by result and errors, and times them', async () => {
    const metrics = createControllerMetrics();
    metrics.observeReconcile('vm', 'success', 0.02);
    metrics.observeReconcile('vm', 'success', 0.02);
    metrics.observeReconcile('vm', 'error', 0.5);
    metrics.observeReconcile('vm', 'terminal', 0.5);
    const text = await metricsText(metrics.registry);
    expect(text).toContain(
      'controller_runtime_reconcile_total{controller="vm",result="success"} 2',
    );
    expect(text).toContain('controller_runtime_reconcile_total{controller="vm",result="error"} 1');
    expect(text).toContain('controller_runtime_reconcile_errors_total{controller="vm"} 2');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_count{controller="vm"} 4');
  });

  it('reports the depth of tracked queues, and forgets untracked ones', async () => {
    const metrics = createControllerMetrics();
    const queue = { length: 3 };
    metrics.trackQueue('vm', queue as never);
    expect(await metricsText(metrics.registry)).toContain('workqueue_depth{name="vm"} 3');
    metrics.untrackQueue('vm');
    expect(await metricsText(metrics.registry)).not.toContain('workqueue_depth{name="vm"}');
  });
});
