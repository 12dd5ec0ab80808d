import { realpath } from 'node:fs/promises';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import {
  annotations,
  appLauncherLabels,
  clusterConfigFrom,
  labels,
  type KubeVirt,
  type VirtualMachineInstance,
} from '@podvisor/api';
import {
  createControllerMetrics,
  enqueueOnChange,
  Informer,
  KubeClient,
  objectKey,
  realClock,
  runController,
  type Clock,
  type ClockTimer,
  type EventRecorder,
  type Logger,
  type RunningController,
} from '@podvisor/kube';
import type { Registry } from 'prom-client';
import { registerHandlerMetrics, vmiMetricSample } from './handler-metrics.ts';
import { mergedVmiCache, type VmiCache } from './migration/index.ts';
import { startNodeHeartbeat, type NodeHeartbeat } from './node-heartbeat.ts';
import {
  startNodeEndpoint,
  type NodeEndpointOptions,
  type NodeServer,
} from './node-server/index.ts';
import { VmiReconciler, activePodOn } from './vmi-reconciler.ts';

/** virt-handler's server-side field manager. */
export const virtHandlerFieldManager = 'podvisor-virt-handler';

/** Options of {@link startVirtHandler}. */
export interface StartVirtHandlerOptions {
  readonly kubeConfig: KubeConfig;
  /**
   * The node whose VMIs this handler drives (`kubevirt.io/nodeName=<node>`), and receives by
   * live migration (`kubevirt.io/migrationTargetNodeName=<node>`).
   */
  readonly nodeName: string;
  /** The node's pod directories (kubelet's `/var/lib/kubelet/pods`), as this process sees them. */
  readonly podsDir: string;
  readonly events: EventRecorder;
  readonly logger: Logger;
  /** Where the per-VMI gauges and the controller metrics go; none when absent. */
  readonly registry?: Registry;
  /** 60 s by default. */
  readonly heartbeatIntervalMs?: number;
  /** 300 s by default. */
  readonly resyncIntervalMs?: number;
  /** 30 s by default. */
  readonly watchdogTimeoutMs?: number;
  /** Concurrent reconciles of different VMIs; 4 by default. */
  readonly workers?: number;
  /** The node endpoint for virt-api (streams and VMI actions); not started when absent. */
  readonly nodeEndpoint?: VirtHandlerEndpointOptions;
  readonly clock?: Clock;
}

/** The node endpoint's settings; the rest comes from the handler. */
export type VirtHandlerEndpointOptions = Pick<
  NodeEndpointOptions,
  'host' | 'port' | 'certificateDir' | 'pod' | 'caller' | 'pingIntervalMs' | 'scrollbackBytes'
>;

/** A running virt-handler. */
export interface VirtHandler {
  /** Whether its caches are synced (readiness). */
  ready(): boolean;
  /** The node endpoint's port, when it was started. */
  readonly nodeEndpointPort: number | undefined;
  /**
   * Stops: marks the node unschedulable for VMs, stops the queue and closes every launcher
   * connection. The launchers and their guests keep running.
   */
  stop(): Promise<void>;
}

interface Informers {
  readonly vmis: Informer<VirtualMachineInstance>;
  /** The VMIs migrating to this node. */
  readonly incoming: Informer<VirtualMachineInstance>;
  readonly pods: Informer<V1Pod>;
  readonly kubevirts: Informer<KubeVirt>;
}

function createInformers(options: StartVirtHandlerOptions): Informers {
  const { kubeConfig, logger, nodeName } = options;
  const launcherSelector = Object.entries(appLauncherLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  return {
    vmis: new Informer<VirtualMachineInstance>({
      kubeConfig,
      logger,
      path: '/apis/kubevirt.io/v1/virtualmachineinstances',
      labelSelector: `${labels.nodeName}=${nodeName}`,
    }),
    incoming: new Informer<VirtualMachineInstance>({
      kubeConfig,
      logger,
      path: '/apis/kubevirt.io/v1/virtualmachineinstances',
      labelSelector: `${labels.migrationTargetNodeName}=${nodeName}`,
    }),
    pods: new Informer<V1Pod>({
      kubeConfig,
      logger,
      path: '/api/v1/pods',
      labelSelector: launcherSelector,
      fieldSelector: `spec.nodeName=${nodeName}`,
    }),
    kubevirts: new Informer<KubeVirt>({
      kubeConfig,
      logger,
      path: '/apis/kubevirt.io/v1/kubevirts',
    }),
  };
}

/** The oldest KubeVirt CR (normally the only one). */
function currentKubeVirt(informer: Informer<KubeVirt>): KubeVirt | undefined {
  const created = (k: KubeVirt): string => k.metadata.creationTimestamp ?? '';
  return informer.list().sort((a, b) => created(a).localeCompare(created(b)))[0];
}

/** A launcher pod's VMI key: its namespace and the `kubevirt.io/domain` annotation. */
function vmiKeyOfPod(pod: V1Pod): readonly string[] {
  const name = pod.metadata?.annotations?.[annotations.domain];
  const namespace = pod.metadata?.namespace;
  return name === undefined || namespace === undefined ? [] : [`${namespace}/${name}`];
}

function podNameOf(informers: Informers, vmi: VirtualMachineInstance, node: string) {
  const uid = activePodOn(vmi, node);
  return informers.pods.list().find((pod) => pod.metadata?.uid === uid)?.metadata?.name;
}

/** Every `intervalMs`: asks each launcher for its domain, then reconciles every VMI. */
function startResync(input: {
  vmis: VmiCache;
  reconciler: VmiReconciler;
  controller: RunningController;
  intervalMs: number;
  clock: Clock;
}): () => void {
  let timer: ClockTimer | undefined;
  let stopped = false;
  const tick = async (): Promise<void> => {
    const sessions = [...input.reconciler.sessions()];
    await Promise.all(sessions.map(([, session]) => session.refresh()));
    for (const vmi of input.vmis.list()) input.controller.queue.add(objectKey(vmi));
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = input.clock.setTimer(() => {
      void tick().finally(schedule);
    }, input.intervalMs);
  };
  schedule();
  return () => {
    stopped = true;
    timer?.cancel();
  };
}

/** The node endpoint, when the options ask for one. */
async function startEndpoint(input: {
  options: StartVirtHandlerOptions;
  trustedRoot: string;
  vmis: VmiCache;
  reconciler: VmiReconciler;
}): Promise<NodeServer | undefined> {
  const { options, trustedRoot, reconciler } = input;
  if (options.nodeEndpoint === undefined) return undefined;
  return startNodeEndpoint({
    ...options.nodeEndpoint,
    kubeConfig: options.kubeConfig,
    fieldManager: virtHandlerFieldManager,
    nodeName: options.nodeName,
    podsDir: trustedRoot,
    trustedRoot,
    vmis: input.vmis,
    sessions: () => reconciler.sessions(),
    logger: options.logger.child({ component: 'node-endpoint' }),
  });
}

/**
 * Starts virt-handler for one node: informers on the node's VMIs (label
 * `kubevirt.io/nodeName`) and on those migrating to it (`kubevirt.io/migrationTargetNodeName`),
 * its launcher pods and the KubeVirt CR; once they are synced, a keyed
 * queue of VMIs reconciled by {@link VmiReconciler} (which adopts running launchers after a
 * restart), the periodic resync, the per-VMI gauges and the node heartbeat.
 */
export async function startVirtHandler(options: StartVirtHandlerOptions): Promise<VirtHandler> {
  const clock = options.clock ?? realClock;
  // The pods directory may be reached through a link (the embedded cluster mounts volumes as
  // symlinks): it is resolved once, and every socket path is built below the resolved one, so
  // that nothing below it is ever followed.
  const trustedRoot = await realpath(options.podsDir);
  const informers = createInformers(options);
  const all = [informers.vmis, informers.incoming, informers.pods, informers.kubevirts];
  const vmis = mergedVmiCache(informers.vmis, informers.incoming);
  for (const informer of all) informer.start();
  await Promise.all(all.map((informer) => informer.synced));
  const client = new KubeClient({
    kubeConfig: options.kubeConfig,
    fieldManager: virtHandlerFieldManager,
  });
  let queueAdd: (key: string) => void = () => undefined;
  const reconciler = new VmiReconciler({
    nodeName: options.nodeName,
    podsDir: trustedRoot,
    trustedRoot,
    client,
    vmis,
    pods: informers.pods,
    clusterConfig: () => clusterConfigFrom(currentKubeVirt(informers.kubevirts)),
    migrationConfig: () => currentKubeVirt(informers.kubevirts)?.spec.configuration?.migrations,
    events: options.events,
    logger: options.logger,
    clock,
    watchdogTimeoutMs: options.watchdogTimeoutMs ?? 30_000,
    enqueue: (key) => {
      queueAdd(key);
    },
  });
  const controller = runController({
    name: 'virt-handler',
    reconciler,
    logger: options.logger,
    workers: options.workers ?? 4,
    clock,
    ...(options.registry === undefined
      ? {}
      : { metrics: createControllerMetrics(options.registry) }),
  });
  queueAdd = (key) => {
    controller.queue.add(key);
  };
  const unsubscribe = [
    enqueueOnChange(informers.vmis, controller.queue),
    enqueueOnChange(informers.incoming, controller.queue),
    enqueueOnChange(informers.pods, controller.queue, vmiKeyOfPod),
  ];
  for (const vmi of vmis.list()) controller.queue.add(objectKey(vmi));
  if (options.registry !== undefined) {
    registerHandlerMetrics(options.registry, () =>
      informers.vmis
        .list()
        .map((vmi) =>
          vmiMetricSample(vmi, options.nodeName, podNameOf(informers, vmi, options.nodeName)),
        ),
    );
  }
  const stopResync = startResync({
    vmis,
    reconciler,
    controller,
    intervalMs: options.resyncIntervalMs ?? 300_000,
    clock,
  });
  const heartbeat: NodeHeartbeat = await startNodeHeartbeat({
    kubeConfig: options.kubeConfig,
    nodeName: options.nodeName,
    intervalMs: options.heartbeatIntervalMs ?? 60_000,
    logger: options.logger,
    fieldManager: virtHandlerFieldManager,
    clock,
  });
  const endpoint = await startEndpoint({ options, trustedRoot, vmis, reconciler });
  options.logger.info({ node: options.nodeName, podsDir: options.podsDir }, 'virt-handler started');
  return {
    ready: () => all.every((informer) => informer.hasSynced()),
    nodeEndpointPort: endpoint?.port,
    async stop() {
      await endpoint?.close();
      stopResync();
      await heartbeat.stop();
      for (const off of unsubscribe) off();
      await controller.stop();
      await reconciler.close();
      await Promise.all(all.map((informer) => informer.stop()));
    },
  };
}
