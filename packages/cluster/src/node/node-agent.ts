import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@podvisor/kube';
import type { JsonObject } from '../apiserver/json.ts';
import { apiSources } from './api-sources.ts';
import type { ContainerAccess } from './container-access.ts';
import {
  containerCgroupDir,
  defaultCgroupRoot,
  killCgroup,
  removePodCgroups,
  usableCgroupRoot,
} from './container-cgroup.ts';
import { adoptProcess } from './container-process.ts';
import type { BackoffSettings } from './container-runner.ts';
import { eventRecorder } from './event-recorder.ts';
import { findPodman } from './image-catalog.ts';
import { createKubeClient } from './kube-client.ts';
import { nodeContainerAccess } from './node-container-access.ts';
import { machineInfo, registerNode, startHeartbeat, type Heartbeat } from './node-registration.ts';
import { clusterIdOf } from './network/cluster-id.ts';
import { loopbackNetworking, podNetworking, type PodNetworking } from './pod-networking.ts';
import { loadPodRecord, type PodRecord } from './pod-record.ts';
import { watchNodePods, type PodWatcher } from './pod-watcher.ts';
import { PodWorker, type NodeContext } from './pod-worker.ts';
import { objectRef, readObject, readString } from './read-json.ts';
import { placeholderStreamingServer, type StreamingServerFactory } from './streaming-server.ts';

/** How to start a node agent. */
export interface NodeAgentOptions {
  /** The cluster's data directory: `kubeconfig` is read there, pods live in `nodes/<name>/pods`. */
  readonly dataDir: string;
  readonly nodeName: string;
  readonly logger: Logger;
  /** Defaults to `<dataDir>/kubeconfig`. */
  readonly kubeconfigPath?: string;
  /** Starts the node's streaming server (logs, exec, attach); a 501-only stand-in by default. */
  readonly streamingServer?: StreamingServerFactory;
  /** The Podvisor checkout whose components run as pods; defaults to this one. */
  readonly checkoutDir?: string;
  /** Defaults to `/bin/busybox`. */
  readonly busybox?: string;
  /** podman's path; found in /usr/bin, /usr/local/bin or /bin when not given; null: do not use podman. */
  readonly podman?: string | null;
  /** The PATH of component processes; defaults to `/usr/local/bin:/usr/bin:/bin`. */
  readonly hostPath?: string;
  /** Lease and Node status heartbeat period; 10 s by default. */
  readonly heartbeatMs?: number;
  /** Crash back-off; 10 s doubling to 5 min, reset after 10 min of running by default. */
  readonly backoff?: Partial<BackoffSettings>;
  /**
   * The cgroup v1 hierarchy that tracks each container's processes, so that those that leave its
   * process group (a new session, a daemon) are stopped with it; `/sys/fs/cgroup/pids` by
   * default, used when this process may create cgroups there (as root); null: do not use cgroups.
   */
  readonly cgroupRoot?: string | null;
  /**
   * Pod-network mode (ADR 17): the agent runs inside the cluster netns and gives every pod its own
   * netns on the cluster's bridge, resolving with `dnsServer`. Absent: loopback mode.
   */
  readonly podNetwork?: { readonly dnsServer: string };
}

/** A running node agent. */
export interface RunningNodeAgent {
  readonly nodeName: string;
  /** What the streaming server uses (also handy in tests). */
  readonly access: ContainerAccess;
  /** The pod directory of a pod, if this node runs it. */
  podDir(podUid: string): string | undefined;
  /**
   * Stops the agent. By default the pods' processes keep running (a restarted agent adopts them,
   * as the kubelet does); `stopPods` stops them too.
   */
  close(options?: { stopPods?: boolean }): Promise<void>;
}

const defaultCheckout = fileURLToPath(new URL('../../../../', import.meta.url));

function loadRecords(podsDir: string): Map<string, PodRecord> {
  const records = new Map<string, PodRecord>();
  for (const uid of existsSync(podsDir) ? readdirSync(podsDir) : []) {
    const record = loadPodRecord(join(podsDir, uid));
    if (record !== undefined) records.set(uid, record);
  }
  return records;
}

/** Stops the processes of a pod this node no longer runs and removes its directory. */
async function stopOrphan(
  ctx: Pick<NodeContext, 'podsDir' | 'cgroupRoot' | 'logger' | 'network'>,
  record: PodRecord,
): Promise<void> {
  const { cgroupRoot, logger } = ctx;
  const podDir = join(ctx.podsDir, record.uid);
  const cgroupOf = (name: string): string | undefined =>
    cgroupRoot === undefined ? undefined : containerCgroupDir(cgroupRoot, record.uid, name);
  const handles = Object.entries(record.containers).flatMap(([name, c]) => {
    if (c.running === undefined) return [];
    const exitFile = join(podDir, 'containers', name, `run-${c.running.runIndex}.exit`);
    const handle = adoptProcess(
      { pid: c.running.pid, procStart: c.running.procStart, exitFile, cgroup: cgroupOf(name) },
      100,
    );
    return handle === undefined ? [] : [handle];
  });
  for (const handle of handles) handle.signalGroup('SIGTERM');
  const timer = setTimeout(() => {
    for (const handle of handles) handle.signalGroup('SIGKILL');
  }, 2000);
  await Promise.all(handles.map((h) => h.exited));
  clearTimeout(timer);
  if (cgroupRoot !== undefined) {
    const names = Object.keys(record.containers);
    await Promise.all(
      names.map((name) => killCgroup(containerCgroupDir(cgroupRoot, record.uid, name))),
    );
    removePodCgroups(cgroupRoot, record.uid);
  }
  rmSync(podDir, { recursive: true, force: true });
  await ctx.network.tearDown(record.uid).catch((error: unknown) => {
    logger.warn({ err: error, uid: record.uid }, 'could not delete the pod network');
  });
  logger.info(
    { pod: `${record.namespace}/${record.name}`, uid: record.uid },
    'stopped a pod no longer bound to this node',
  );
}

function nodeNetworking(options: NodeAgentOptions): PodNetworking {
  if (options.podNetwork === undefined)
    return loopbackNetworking(options.nodeName, options.dataDir);
  return podNetworking({
    nodeName: options.nodeName,
    clusterId: clusterIdOf(options.dataDir),
    dnsServer: options.podNetwork.dnsServer,
  });
}

function nodeContext(options: NodeAgentOptions, podsDir: string): NodeContext {
  const logger = options.logger;
  const fieldManager = `podvisor-node-${options.nodeName}`;
  const client = createKubeClient(
    options.kubeconfigPath ?? join(options.dataDir, 'kubeconfig'),
    fieldManager,
  );
  const machine = machineInfo(options.dataDir);
  const podman = options.podman === null ? undefined : (options.podman ?? findPodman());
  return {
    nodeName: options.nodeName,
    dataDir: options.dataDir,
    client,
    logger,
    podsDir,
    hostIP: '127.0.0.1',
    allocatable: { cpu: machine.cpus, memory: machine.memoryBytes },
    network: nodeNetworking(options),
    catalog: {
      checkoutDir: options.checkoutDir ?? defaultCheckout,
      busybox: options.busybox ?? '/bin/busybox',
      podman,
    },
    nodeBinary: process.execPath,
    hostPath: options.hostPath ?? '/usr/local/bin:/usr/bin:/bin',
    backoff: { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000, ...options.backoff },
    cgroupRoot:
      options.cgroupRoot === null
        ? undefined
        : usableCgroupRoot(options.cgroupRoot ?? defaultCgroupRoot),
    sources: apiSources(client),
    recordEvent: eventRecorder(client, options.nodeName, logger),
    fieldManager,
  };
}

/** The pods of the node: one worker per pod bound here, created (and adopting) on first sight. */
class PodSet {
  readonly workers = new Map<string, PodWorker>();
  readonly #ctx: NodeContext;
  readonly #records: Map<string, PodRecord>;

  constructor(ctx: NodeContext, records: Map<string, PodRecord>) {
    this.#ctx = ctx;
    this.#records = records;
  }

  upsert(pod: JsonObject): void {
    const { uid } = objectRef(pod);
    const existing = this.workers.get(uid);
    if (existing !== undefined) {
      existing.update(pod);
      return;
    }
    if (readString(readObject(pod['spec'])['nodeName']) !== this.#ctx.nodeName) return;
    const record = this.#records.get(uid);
    this.#records.delete(uid);
    const worker = new PodWorker(this.#ctx, pod, {
      record,
      onGone: () => {
        this.workers.delete(uid);
      },
    });
    this.workers.set(uid, worker);
    if (record !== undefined) {
      const adopted = worker.adopt();
      this.#ctx.logger.info(
        { pod: `${worker.ref.namespace}/${worker.ref.name}`, adopted },
        'took over a pod from a previous run',
      );
    }
    worker.schedule();
  }

  remove(pod: JsonObject): void {
    this.workers.get(objectRef(pod).uid)?.removed();
  }

  /** Pods found on disk that the API no longer binds to this node. */
  async stopOrphans(): Promise<void> {
    const orphans = [...this.#records.entries()];
    this.#records.clear();
    await Promise.all(orphans.map(([, record]) => stopOrphan(this.#ctx, record)));
  }
}

/**
 * Starts the node agent (our small kubelet): registers the Node with a Lease heartbeat, starts
 * the streaming server, adopts the processes of pods it ran before, and runs the pods bound to it.
 */
export async function startNodeAgent(options: NodeAgentOptions): Promise<RunningNodeAgent> {
  const podsDir = join(options.dataDir, 'nodes', options.nodeName, 'pods');
  mkdirSync(podsDir, { recursive: true, mode: 0o700 });
  const logger = options.logger.child({ node: options.nodeName });
  const ctx = nodeContext({ ...options, logger }, podsDir);
  const records = loadRecords(podsDir);
  for (const record of records.values())
    if (record.podIP !== '') ctx.network.markUsed(record.podIP);
  const pods = new PodSet(ctx, records);
  const access = nodeContainerAccess((uid) => pods.workers.get(uid));
  const streaming = await (options.streamingServer ?? placeholderStreamingServer)({
    access,
    nodeName: options.nodeName,
    dataDir: options.dataDir,
    logger: logger.child({ component: 'streaming' }),
  });
  let heartbeat: Heartbeat | undefined;
  let watcher: PodWatcher | undefined;
  try {
    const machine = machineInfo(options.dataDir);
    const identity = {
      name: options.nodeName,
      podCIDR: ctx.network.podCIDR,
      streamingPort: streaming.port,
      machine,
    };
    const { uid, status } = await registerNode(ctx.client, identity);
    heartbeat = startHeartbeat(
      ctx.client,
      { ...identity, uid },
      { intervalMs: options.heartbeatMs ?? 10_000, logger, status },
    );
    watcher = watchNodePods(ctx.client, { nodeName: options.nodeName, events: pods, logger });
    await watcher.synced;
    await pods.stopOrphans();
  } catch (error) {
    heartbeat?.stop();
    await watcher?.stop();
    await streaming.close();
    throw error;
  }
  logger.info({ streamingPort: streaming.port }, 'node agent running');
  const runningWatcher = watcher;
  const runningHeartbeat = heartbeat;
  return {
    nodeName: options.nodeName,
    access,
    podDir: (uid) => pods.workers.get(uid)?.podDir,
    close: async (closeOptions = {}) => {
      runningHeartbeat.stop();
      await runningWatcher.stop();
      await Promise.all(
        [...pods.workers.values()].map((w) => w.shutdown(closeOptions.stopPods === true)),
      );
      await streaming.close();
    },
  };
}
