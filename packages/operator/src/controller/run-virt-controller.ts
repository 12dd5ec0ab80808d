import { randomUUID } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  KubeClient,
  createControllerMetrics,
  createEventRecorder,
  objectKey,
  serveMetrics,
  startLeaderElection,
  type Clock,
  type ControllerMetrics,
  type FlushableEventRecorder,
  type LeaderElection,
  type Logger,
  type MetricsServer,
  type RunningController,
} from '@podvisor/kube';
import { startNodeController } from './node/start-node-controller.ts';
import { startVmController } from './vm/start-vm-controller.ts';
import {
  createVirtControllerInformers,
  type VirtControllerInformers,
} from './virt-controller-informers.ts';
import {
  createPhaseTransitionMetric,
  observePhaseTransitions,
} from './vmi/phase-transition-metric.ts';
import { startMigrationController } from './migration/start-migration-controller.ts';
import { startVmiController } from './vmi/start-vmi-controller.ts';

/** What {@link runVirtController} needs (from virt-controller's configuration). */
export interface RunVirtControllerOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  /** The install namespace: the Lease and the KubeVirt CR. */
  readonly namespace: string;
  /** This replica's name (its identity in the Lease, the `source.host` of its Events). */
  readonly podName: string;
  readonly launcherImage: string;
  readonly leaderElect: boolean;
  readonly metricsHost: string;
  /** 0 picks a free port (read it from the result). */
  readonly metricsPort: number;
  readonly nodeHeartbeatTimeoutMs: number;
  /** Tests only: the `compute` container's command (see `LauncherPodConfig`). */
  readonly computeCommand?: readonly string[];
  /** Tests only: how long virt-handler has to report a final pod (10 s by default). */
  readonly handlerGraceMs?: number;
  /** Tests only: lease timings (client-go's 15 s / 10 s / 2 s by default). */
  readonly lease?: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  readonly clock?: Clock;
}

/** A running virt-controller. */
export interface RunningVirtController {
  /** The metrics server's port. */
  readonly metricsPort: number;
  /** Whether this replica runs the controllers now. */
  isLeading(): boolean;
  /** Stops the controllers (in-flight reconciles finish), then the lease, caches and server. */
  close(): Promise<void>;
}

/** The Lease virt-controller's replicas campaign for. */
export const virtControllerLeaseName = 'virt-controller';

interface Shared {
  readonly options: RunVirtControllerOptions;
  readonly informers: VirtControllerInformers;
  readonly client: KubeClient;
  readonly events: FlushableEventRecorder;
  readonly metrics: ControllerMetrics;
}

/** Starts the VM, VMI, migration and node controllers on the synced caches; returns their stop. */
function startControllers(shared: Shared): () => Promise<void> {
  const { options, informers, client, events, metrics } = shared;
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  const launcherPod = {
    launcherImage: options.launcherImage,
    ...(options.computeCommand === undefined ? {} : { computeCommand: options.computeCommand }),
  };
  const running: RunningController[] = [
    startVmControllerOn(shared),
    startVmiController({
      client,
      vmis: informers.vmis,
      pods: informers.pods,
      events,
      logger: options.logger,
      metrics,
      launcherPod,
      ...(options.handlerGraceMs === undefined ? {} : { handlerGraceMs: options.handlerGraceMs }),
      ...clock,
    }),
    startMigrationController({
      client,
      migrations: informers.migrations,
      vmis: informers.vmis,
      pods: informers.pods,
      events,
      logger: options.logger,
      metrics,
      launcherPod,
      ...clock,
    }),
    startNodeController({
      client,
      nodes: informers.nodes,
      vmis: informers.vmis,
      pods: informers.pods,
      events,
      logger: options.logger,
      metrics,
      heartbeatTimeoutMs: options.nodeHeartbeatTimeoutMs,
      ...clock,
    }),
  ];
  options.logger.info('controllers started');
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= Promise.all(running.map((controller) => controller.stop())).then(() => {
      options.logger.info('controllers stopped');
    });
    return stopped;
  };
}

/**
 * The VM controller (H3's, contract 8). It subscribes to informer events only, and the caches
 * synced before it started: every cached VM is enqueued once here.
 */
function startVmControllerOn(shared: Shared): RunningController {
  const { options, informers } = shared;
  const abort = new AbortController();
  const running = startVmController({
    client: shared.client,
    vms: informers.vms,
    vmis: informers.vmis,
    pods: informers.pods,
    events: shared.events,
    logger: options.logger,
    metrics: shared.metrics,
    signal: abort.signal,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  for (const vm of informers.vms.list()) running.queue.add(objectKey(vm));
  return {
    queue: running.queue,
    async stop() {
      abort.abort();
      await running.stop();
    },
  };
}

/** Runs the controllers now, or only while holding the Lease. Returns how to stop. */
function lead(shared: Shared): { election?: LeaderElection; stop: () => Promise<void> } {
  const { options } = shared;
  let stopControllers: (() => Promise<void>) | undefined;
  let stopping: Promise<unknown> = Promise.resolve();
  const stop = async (): Promise<void> => {
    const current = stopControllers;
    stopControllers = undefined;
    if (current) stopping = Promise.all([stopping, current()]);
    await stopping;
  };
  if (!options.leaderElect) {
    stopControllers = startControllers(shared);
    return { stop };
  }
  const election = startLeaderElection({
    kubeConfig: options.kubeConfig,
    namespace: options.namespace,
    name: virtControllerLeaseName,
    identity: `${options.podName}_${randomUUID()}`,
    logger: options.logger,
    ...(options.lease ?? {}),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    onStartedLeading: () => {
      stopControllers = startControllers(shared);
    },
    onStoppedLeading: () => {
      void stop();
    },
  });
  return { election, stop };
}

/**
 * Runs virt-controller: starts the shared caches (VMs, VMIs, launcher pods, Nodes, the KubeVirt
 * CR) and the metrics server (`/metrics` with the controllers' metrics and
 * `kubevirt_vmi_phase_transition_time_from_creation_seconds`, `/healthz`, `/readyz` once the
 * caches synced), then — once synced, and with `leaderElect` only while holding the Lease
 * `<namespace>/virt-controller` — the VM, VMI and node controllers. `close()` stops the
 * controllers first (in-flight writes finish), then releases the Lease.
 */
export async function runVirtController(
  options: RunVirtControllerOptions,
): Promise<RunningVirtController> {
  const { kubeConfig, logger } = options;
  const informers = createVirtControllerInformers({
    kubeConfig,
    logger,
    namespace: options.namespace,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const metrics = createControllerMetrics();
  const registry = metrics.registry;
  const stopObserving = observePhaseTransitions(
    informers.vmis,
    createPhaseTransitionMetric(registry),
  );
  informers.start();
  let server: MetricsServer;
  try {
    server = await serveMetrics({
      host: options.metricsHost,
      port: options.metricsPort,
      registry,
      logger,
      ready: () => informers.hasSynced(),
    });
    await informers.synced;
  } catch (error: unknown) {
    stopObserving();
    await informers.stop();
    throw error;
  }
  const client = new KubeClient({ kubeConfig, fieldManager: 'podvisor-virt-controller' });
  const events = createEventRecorder({
    kubeConfig,
    component: 'virt-controller',
    host: options.podName,
    logger,
  });
  const leading = lead({ options, informers, client, events, metrics });
  return {
    metricsPort: server.port,
    isLeading: () => (leading.election ? leading.election.isLeader() : true),
    async close() {
      await leading.stop();
      await leading.election?.stop();
      // A leadership gained meanwhile ended with the election: wait for its controllers too.
      await leading.stop();
      stopObserving();
      await events.flush();
      await informers.stop();
      await server.close();
    },
  };
}
