import type { KubeConfig } from '@kubernetes/client-node';
import { annotations, labels } from '@podvisor/api';
import { realClock, requestJson, type Clock, type ClockTimer, type Logger } from '@podvisor/kube';

/** The merge patch of virt-handler's heartbeat: `kubevirt.io/schedulable` and `kubevirt.io/heartbeat`. */
export function nodeHeartbeatPatch(
  schedulable: boolean,
  now: string,
): { metadata: { labels: Record<string, string>; annotations: Record<string, string> } } {
  return {
    metadata: {
      labels: { [labels.nodeSchedulable]: String(schedulable) },
      annotations: { [annotations.heartbeat]: now },
    },
  };
}

/** Options of {@link startNodeHeartbeat}. */
export interface NodeHeartbeatOptions {
  readonly kubeConfig: KubeConfig;
  readonly nodeName: string;
  /** The time between beats, before up to 20 % of jitter (KubeVirt's 1.2 factor). */
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly fieldManager: string;
  readonly clock?: Clock;
  /** A number in [0, 1) for the jitter; `Math.random` by default. */
  readonly random?: () => number;
}

/** A running heartbeat. */
export interface NodeHeartbeat {
  /** Writes one heartbeat now (failures are logged, not thrown). */
  beat(): Promise<void>;
  /** Stops beating and marks the node unschedulable for VMs (`kubevirt.io/schedulable=false`). */
  stop(): Promise<void>;
}

/**
 * Starts the node heartbeat of contract 6: patches the Node with `kubevirt.io/schedulable=true`
 * and `kubevirt.io/heartbeat=<RFC 3339>` now and about every `intervalMs`; `stop` writes
 * `schedulable=false`. Resolves after the first beat was attempted.
 */
export async function startNodeHeartbeat(options: NodeHeartbeatOptions): Promise<NodeHeartbeat> {
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  let timer: ClockTimer | undefined;
  let stopped = false;
  const write = async (schedulable: boolean): Promise<void> => {
    const now = new Date(clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      await requestJson(options.kubeConfig, {
        method: 'PATCH',
        path: `/api/v1/nodes/${encodeURIComponent(options.nodeName)}`,
        query: { fieldManager: options.fieldManager },
        body: nodeHeartbeatPatch(schedulable, now),
        contentType: 'application/merge-patch+json',
      });
    } catch (error) {
      options.logger.warn({ err: error, node: options.nodeName }, 'the node heartbeat failed');
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    const delay = options.intervalMs * (1 + 0.2 * random());
    timer = clock.setTimer(() => {
      void write(true).finally(schedule);
    }, delay);
  };
  await write(true);
  schedule();
  return {
    beat: () => write(true),
    async stop() {
      stopped = true;
      timer?.cancel();
      await write(false);
    },
  };
}
