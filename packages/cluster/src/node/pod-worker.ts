import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@podvisor/kube';
import type { JsonObject } from '../apiserver/json.ts';
import {
  ContainerCommandError,
  containerArgv,
  imageEnv,
  type CommandContext,
  type ContainerMount,
} from './container-command.ts';
import { containerCgroupDir, removePodCgroups } from './container-cgroup.ts';
import { buildContainerEnv, ContainerConfigError } from './container-env.ts';
import { ContainerRunner, type BackoffSettings } from './container-runner.ts';
import { DownwardApiError, type DownwardContext } from './downward-api.ts';
import { resolveImage, type ImageCatalogOptions, type ImageRuntime } from './image-catalog.ts';
import { isApiError, mergePatch, type KubeClient } from './kube-client.ts';
import type { PodNetworking } from './pod-networking.ts';
import { newContainerRecord, savePodRecord, type PodRecord } from './pod-record.ts';
import { apiTime, computePodStatus, statusChanged, type ContainerView } from './pod-status.ts';
import {
  objectRef,
  readNumber,
  readObject,
  readObjects,
  readString,
  type ObjectRef,
} from './read-json.ts';
import {
  containerMounts,
  linkMounts,
  prepareVolumes,
  VolumeError,
  type VolumeSources,
} from './volumes.ts';

/** Records an event about a pod. */
export type PodEventRecorder = (
  pod: JsonObject,
  event: { type: 'Normal' | 'Warning'; reason: string; message: string },
) => void;

/** What every pod worker of a node shares. */
export interface NodeContext {
  readonly nodeName: string;
  /** The cluster's data directory (node-local host paths live below it). */
  readonly dataDir: string;
  readonly client: KubeClient;
  readonly logger: Logger;
  readonly podsDir: string;
  readonly hostIP: string;
  readonly allocatable: { readonly cpu: number; readonly memory: number };
  /** Pod addresses, and each pod's network namespace in pod-network mode. */
  readonly network: PodNetworking;
  readonly catalog: ImageCatalogOptions;
  readonly nodeBinary: string;
  /** The PATH component images run with. */
  readonly hostPath: string;
  readonly backoff: BackoffSettings;
  /** The cgroup hierarchy that tracks containers (`container-cgroup.ts`); undefined: none. */
  readonly cgroupRoot: string | undefined;
  readonly sources: VolumeSources;
  readonly recordEvent: PodEventRecorder;
  readonly fieldManager: string;
}

const retryMs = 2000;

function isDeleting(pod: JsonObject): boolean {
  return typeof readObject(pod['metadata'])['deletionTimestamp'] === 'string';
}

/**
 * Runs one pod on this node, level-triggered: every change (of the pod object, a process, a
 * probe or a timer) runs `sync`, which starts what should run, and writes the status.
 */
export class PodWorker {
  readonly ref: ObjectRef;
  readonly podDir: string;
  #pod: JsonObject;
  readonly #ctx: NodeContext;
  readonly #record: PodRecord;
  readonly #init: ContainerRunner[];
  readonly #app: ContainerRunner[];
  readonly #onGone: () => void;
  readonly #logger: Logger;
  #volumes: Map<string, string> | undefined;
  #lastStatus: JsonObject | undefined;
  #dirty = false;
  #loop: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #wakeAt = Infinity;
  /** After a failed sync, the next one waits until then (no hot loop on a persistent error). */
  #retryAt = 0;
  #gone = false;
  #removedFromApi = false;
  #detached = false;
  readonly #pullBackoff = new Map<string, number>();
  readonly #backOffNoted = new Map<string, number>();

  constructor(
    ctx: NodeContext,
    pod: JsonObject,
    options: { record: PodRecord | undefined; onGone: () => void },
  ) {
    this.#ctx = ctx;
    this.#pod = pod;
    this.ref = objectRef(pod);
    this.podDir = join(ctx.podsDir, this.ref.uid);
    this.#onGone = options.onGone;
    this.#logger = ctx.logger.child({
      pod: `${this.ref.namespace}/${this.ref.name}`,
      uid: this.ref.uid,
    });
    this.#record = options.record ?? {
      ...this.ref,
      podIP: '',
      startTime: '',
      containers: {},
      volumes: {},
    };
    const spec = readObject(pod['spec']);
    this.#init = readObjects(spec['initContainers']).map((c) => this.#runner(c, true));
    this.#app = readObjects(spec['containers']).map((c) => this.#runner(c, false));
  }

  #runner(spec: JsonObject, init: boolean): ContainerRunner {
    const name = readString(spec['name']);
    const record = (this.#record.containers[name] ??= newContainerRecord());
    const podSpec = readObject(this.#pod['spec']);
    return new ContainerRunner({
      spec,
      init,
      record,
      podDir: this.podDir,
      podUid: this.ref.uid,
      restartPolicy: readString(podSpec['restartPolicy'], 'Always'),
      backoff: this.#ctx.backoff,
      busybox: this.#ctx.catalog.busybox,
      terminationGraceMs: readNumber(podSpec['terminationGracePeriodSeconds'], 30) * 1000,
      cgroup:
        this.#ctx.cgroupRoot === undefined
          ? undefined
          : containerCgroupDir(this.#ctx.cgroupRoot, this.ref.uid, name),
      hooks: {
        changed: () => {
          this.schedule();
        },
        persist: () => {
          this.#persist();
        },
        event: (type, reason, message) => {
          this.#ctx.recordEvent(this.#pod, { type, reason, message });
        },
        failed: (error) => {
          this.#logger.error({ err: error, container: name }, 'following the container failed');
        },
      },
    });
  }

  get runners(): readonly ContainerRunner[] {
    return [...this.#init, ...this.#app];
  }

  /** A container of the pod by name. */
  container(name: string): ContainerRunner | undefined {
    return this.runners.find((r) => r.name === name);
  }

  /** Adopts the processes a previous node agent started (call once, before the first sync). */
  adopt(): number {
    if (this.#record.podIP !== '') this.#ctx.network.markUsed(this.#record.podIP);
    return this.runners.filter((r) => r.adopt(this.#record.podIP)).length;
  }

  /** The pod object changed. */
  update(pod: JsonObject): void {
    this.#pod = pod;
    this.schedule();
  }

  /** The pod object is gone from the API (or no longer bound here): stop it and clean up. */
  removed(): void {
    this.#removedFromApi = true;
    this.schedule();
  }

  /**
   * The node agent stops: stop syncing, and either leave the processes running (to be adopted
   * by the next agent) or stop them.
   */
  async shutdown(stopProcesses: boolean): Promise<void> {
    this.#detached = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#loop;
    if (stopProcesses) {
      await Promise.all(this.runners.map((r) => r.stopForNodeShutdown()));
      this.#removeCgroups();
    }
    for (const runner of this.runners) runner.detach();
  }

  /** Asks for a sync soon (coalesced; syncs never overlap). */
  schedule(): void {
    if (this.#gone || this.#detached) return;
    this.#dirty = true;
    this.#loop ??= this.#run().finally(() => {
      this.#loop = undefined;
    });
  }

  async #run(): Promise<void> {
    while (this.#dirty && !this.#gone && !this.#detached) {
      const backoff = this.#retryAt - Date.now();
      if (backoff > 0) {
        this.#wake(backoff);
        return;
      }
      this.#dirty = false;
      try {
        await this.#sync();
      } catch (error) {
        this.#logger.error({ err: error }, 'pod sync failed');
        this.#retryAt = Date.now() + retryMs;
        this.#wake(retryMs);
      }
    }
  }

  #wake(ms: number): void {
    const at = Date.now() + Math.max(0, ms);
    if (at >= this.#wakeAt && this.#timer !== undefined) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#wakeAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#wakeAt = Infinity;
      this.schedule();
    }, at - Date.now());
  }

  #persist(): void {
    if (!this.#gone) savePodRecord(this.podDir, this.#record);
  }

  async #sync(): Promise<void> {
    if (this.#removedFromApi || isDeleting(this.#pod)) {
      await this.#terminate();
      return;
    }
    if (this.#volumes === undefined && !(await this.#prepare())) {
      await this.#writeStatus();
      return;
    }
    if (await this.#syncInit()) await this.#syncApp();
    await this.#writeStatus();
  }

  /** Creates the pod directory, takes an IP and sets up the volumes; false (and a retry) on failure. */
  async #prepare(): Promise<boolean> {
    mkdirSync(this.podDir, { recursive: true, mode: 0o700 });
    if (this.#record.podIP === '') this.#record.podIP = this.#ctx.network.allocate();
    if (this.#record.startTime === '') this.#record.startTime = apiTime(new Date());
    this.#persist();
    if (!(await this.#setUpNetwork())) return false;
    try {
      const prepared = await prepareVolumes({
        downward: this.#downward(),
        podDir: this.podDir,
        node: {
          dataDir: this.#ctx.dataDir,
          nodeName: this.#ctx.nodeName,
          podsDir: this.#ctx.podsDir,
        },
        recordedDirs: this.#record.volumes,
        sources: this.#ctx.sources,
        warn: (reason, message) => {
          this.#ctx.recordEvent(this.#pod, { type: 'Warning', reason, message });
        },
      });
      this.#volumes = prepared.paths;
      this.#record.volumes = prepared.podDirs;
      this.#persist();
      return true;
    } catch (error) {
      if (!(error instanceof VolumeError || error instanceof DownwardApiError)) throw error;
      this.#ctx.recordEvent(this.#pod, {
        type: 'Warning',
        reason: 'FailedMount',
        message: error.message,
      });
      this.#wake(retryMs);
      return false;
    }
  }

  /** The pod's network (its netns in pod-network mode); false (an event and a retry) on failure. */
  async #setUpNetwork(): Promise<boolean> {
    try {
      await this.#ctx.network.setUp(this.ref, this.#record.podIP);
      return true;
    } catch (error) {
      this.#ctx.recordEvent(this.#pod, {
        type: 'Warning',
        reason: 'FailedCreatePodSandBox',
        message: `Failed to create the pod's network: ${(error as Error).message}`,
      });
      this.#logger.warn({ err: error }, 'could not create the pod network');
      this.#wake(retryMs);
      return false;
    }
  }

  #downward(): DownwardContext {
    return {
      pod: this.#pod,
      podIP: this.#record.podIP,
      hostIP: this.#ctx.hostIP,
      allocatable: this.#ctx.allocatable,
    };
  }

  /** Runs the init containers in order; true once all succeeded. */
  async #syncInit(): Promise<boolean> {
    for (const runner of this.#init) {
      if (runner.succeeded) continue;
      if (runner.running || runner.record.done === true) return false;
      await this.#maybeStart(runner);
      return false;
    }
    return true;
  }

  async #syncApp(): Promise<void> {
    for (const runner of this.#app) {
      if (runner.running || runner.record.done === true) continue;
      await this.#maybeStart(runner);
    }
  }

  async #maybeStart(runner: ContainerRunner): Promise<void> {
    const wait = runner.record.notBefore - Date.now();
    if (wait > 0) {
      this.#backOffEvent(runner);
      this.#wake(wait);
      return;
    }
    await this.#start(runner);
  }

  /** One BackOff event per crash back-off period. */
  #backOffEvent(runner: ContainerRunner): void {
    const { notBefore, lastTermination } = runner.record;
    if (lastTermination === undefined || runner.waiting !== undefined) return;
    if (this.#backOffNoted.get(runner.name) === notBefore) return;
    this.#backOffNoted.set(runner.name, notBefore);
    const { name, namespace, uid } = this.ref;
    this.#ctx.recordEvent(this.#pod, {
      type: 'Warning',
      reason: 'BackOff',
      message: `Back-off restarting failed container ${runner.name} in pod ${name}_${namespace}(${uid})`,
    });
  }

  #pullFailed(runner: ContainerRunner, message: string): void {
    const last = this.#pullBackoff.get(runner.name);
    const backoff =
      last === undefined
        ? this.#ctx.backoff.initialMs
        : Math.min(last * 2, this.#ctx.backoff.maxMs);
    this.#pullBackoff.set(runner.name, backoff);
    runner.record.notBefore = Date.now() + backoff;
    runner.waiting = { reason: 'ErrImagePull', message };
    this.#ctx.recordEvent(this.#pod, {
      type: 'Warning',
      reason: 'Failed',
      message: `Failed to pull image "${readString(runner.spec['image'])}": ${message}`,
    });
    const toBackOff = setTimeout(() => {
      if (runner.waiting?.reason === 'ErrImagePull') {
        runner.waiting = {
          reason: 'ImagePullBackOff',
          message: `Back-off pulling image "${readString(runner.spec['image'])}": ${message}`,
        };
        this.schedule();
      }
    }, 1000);
    toBackOff.unref();
    this.#wake(backoff);
  }

  async #start(runner: ContainerRunner): Promise<void> {
    const image = readString(runner.spec['image']);
    const runtime = resolveImage(image, this.#ctx.catalog);
    if (runtime.kind === 'unavailable') {
      this.#pullFailed(runner, runtime.message);
      return;
    }
    this.#ctx.recordEvent(this.#pod, {
      type: 'Normal',
      reason: 'Pulled',
      message: `Container image "${image}" already present on machine`,
    });
    const config = await this.#containerConfig(runner, runtime);
    if (config === undefined) return;
    const { env, mounts } = config;
    const rootDir = join(runner.dir, 'root');
    linkMounts(rootDir, mounts);
    env['PODVISOR_CONTAINER_ROOT'] = rootDir;
    const command: CommandContext = {
      runtime,
      env,
      rootDir,
      mounts,
      podmanName: `podvisor-${this.ref.uid.slice(0, 8)}-${runner.name}`,
      nodeBinary: this.#ctx.nodeBinary,
    };
    let argv: string[];
    try {
      argv = containerArgv(command, runner.spec);
    } catch (error) {
      if (!(error instanceof ContainerCommandError)) throw error;
      this.#cannotStart(runner, 'RunContainerError', error.message);
      return;
    }
    const cwd = this.#workingDir(runner.spec, rootDir);
    this.#ctx.recordEvent(this.#pod, {
      type: 'Normal',
      reason: 'Created',
      message: `Created container ${runner.name}`,
    });
    runner.start({
      argv,
      exec: {
        runtime,
        env,
        cwd,
        rootDir,
        podmanName: command.podmanName,
        netns: this.#ctx.network.netnsOf(this.ref.uid),
      },
      podIP: this.#record.podIP,
    });
  }

  /** The container's env and mounts; undefined (and CreateContainerConfigError) when they cannot be made. */
  async #containerConfig(
    runner: ContainerRunner,
    runtime: ImageRuntime,
  ): Promise<{ env: Record<string, string>; mounts: ContainerMount[] } | undefined> {
    try {
      const env = await buildContainerEnv({
        downward: this.#downward(),
        container: runner.spec,
        sources: this.#ctx.sources,
        apiServer: this.#ctx.network.apiServerFor({
          host: this.#ctx.client.server.hostname,
          port: this.#ctx.client.server.port,
        }),
        imageEnv: imageEnv(runtime, this.#ctx.hostPath),
      });
      const mounts = containerMounts(runner.spec, this.#volumes ?? new Map<string, string>());
      return { env, mounts };
    } catch (error) {
      if (!(
        error instanceof ContainerConfigError ||
        error instanceof DownwardApiError ||
        error instanceof VolumeError
      ))
        throw error;
      this.#cannotStart(runner, 'CreateContainerConfigError', error.message);
      return undefined;
    }
  }

  /** The container waits with `reason` (a Failed event says why) and is tried again later. */
  #cannotStart(runner: ContainerRunner, reason: string, message: string): void {
    runner.waiting = { reason, message };
    this.#ctx.recordEvent(this.#pod, {
      type: 'Warning',
      reason: 'Failed',
      message: `Error: ${message}`,
    });
    this.#wake(this.#ctx.backoff.initialMs);
  }

  /** `workingDir` through the container's mounts, or as a host directory; the pod dir otherwise. */
  #workingDir(spec: JsonObject, rootDir: string): string {
    const dir = readString(spec['workingDir']);
    if (dir === '') return this.podDir;
    const inRoot = join(rootDir, dir);
    if (existsSync(inRoot)) return inRoot;
    return existsSync(dir) ? dir : this.podDir;
  }

  #views(): { init: ContainerView[]; app: ContainerView[] } {
    const label = `${this.ref.name}_${this.ref.namespace}(${this.ref.uid})`;
    const initDone = this.#init.every((r) => r.succeeded);
    const prepared = this.#volumes !== undefined;
    const appFallback = !prepared
      ? 'ContainerCreating'
      : initDone
        ? 'ContainerCreating'
        : 'PodInitializing';
    return {
      init: this.#init.map((r) =>
        r.view(prepared ? 'PodInitializing' : 'ContainerCreating', label),
      ),
      app: this.#app.map((r) => r.view(appFallback, label)),
    };
  }

  async #writeStatus(): Promise<void> {
    const stored = readObject(this.#pod['status']);
    const previous = this.#lastStatus ?? stored;
    const { init, app } = this.#views();
    const status = computePodStatus({
      init,
      app,
      sandboxReady: this.#volumes !== undefined,
      podIP: this.#record.podIP === '' ? undefined : this.#record.podIP,
      hostIP: this.#ctx.hostIP,
      startTime: this.#record.startTime === '' ? undefined : this.#record.startTime,
      previous,
      now: apiTime(new Date()),
    });
    // Also compare with what the API holds: another writer (the node lifecycle controller marks
    // the pods of a silent node not Ready) must be corrected, as the kubelet's status manager does.
    if (!statusChanged(status, previous) && !statusChanged(status, stored)) return;
    const { namespace, name } = this.ref;
    try {
      await this.#ctx.client.call('PATCH', `/api/v1/namespaces/${namespace}/pods/${name}/status`, {
        body: { status },
        contentType: mergePatch,
      });
      this.#lastStatus = status;
    } catch (error) {
      if (!isApiError(error, 404)) throw error;
    }
  }

  /** Graceful termination: SIGTERM, the grace period, SIGKILL; then the pod object is deleted. */
  async #terminate(): Promise<void> {
    const meta = readObject(this.#pod['metadata']);
    const spec = readObject(this.#pod['spec']);
    const grace = this.#removedFromApi
      ? 2
      : readNumber(
          meta['deletionGracePeriodSeconds'],
          readNumber(spec['terminationGracePeriodSeconds'], 30),
        );
    const running = this.runners.filter((r) => r.running);
    for (const runner of running) {
      this.#ctx.recordEvent(this.#pod, {
        type: 'Normal',
        reason: 'Killing',
        message: `Stopping container ${runner.name}`,
      });
    }
    await Promise.all(running.map((r) => r.kill(grace * 1000)));
    this.#removeCgroups();
    if (!this.#removedFromApi) await this.#deleteFromApi();
    this.#gone = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    rmSync(this.podDir, { recursive: true, force: true });
    await this.#ctx.network.tearDown(this.ref.uid).catch((error: unknown) => {
      this.#logger.warn({ err: error }, 'could not delete the pod network');
    });
    if (this.#record.podIP !== '') this.#ctx.network.release(this.#record.podIP);
    this.#logger.info('pod stopped and removed');
    this.#onGone();
  }

  #removeCgroups(): void {
    if (this.#ctx.cgroupRoot !== undefined) removePodCgroups(this.#ctx.cgroupRoot, this.ref.uid);
  }

  async #deleteFromApi(): Promise<void> {
    const { namespace, name, uid } = this.ref;
    try {
      await this.#ctx.client.call('DELETE', `/api/v1/namespaces/${namespace}/pods/${name}`, {
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          gracePeriodSeconds: 0,
          preconditions: { uid },
        },
      });
    } catch (error) {
      if (!isApiError(error, 404) && !isApiError(error, 409)) throw error;
    }
  }
}
