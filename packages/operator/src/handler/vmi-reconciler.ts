import type { V1Pod } from '@kubernetes/client-node';
import {
  kubevirtResources,
  type ClusterConfig,
  type MigrationConfiguration,
  type VirtualMachineInstance,
} from '@podvisor/api';
import type {
  Clock,
  EventRecorder,
  KubeClient,
  Logger,
  ReconcileContext,
  ReconcileResult,
  Reconciler,
} from '@podvisor/kube';
import { ProtocolError, RemoteError, type DomainEvent } from '../protocol/v1/index.ts';
import { launcherPodLayout } from '../shared/launcher-pod-layout.ts';
import { LauncherSession } from './launcher-session.ts';
import {
  MigrationDriver,
  migrationRole,
  migrationUnderWay,
  sourceStatusHeld,
  targetLauncherPod,
} from './migration/index.ts';
import { vmiEventFor } from './vmi-event-for.ts';
import { vmiForLauncher } from './vmi-for-launcher.ts';
import {
  isFinalPhase,
  launcherUnresponsiveReason,
  vmiStatusFromDomain,
  type LauncherObservation,
} from './vmi-status-from-domain.ts';

/** What the {@link VmiReconciler} works with. */
export interface VmiReconcilerDeps {
  readonly nodeName: string;
  /** The node's pod directories, as this process sees them. */
  readonly podsDir: string;
  /** The real path of `podsDir`. */
  readonly trustedRoot: string;
  readonly client: KubeClient;
  /** The VMIs on this node (informer cache). */
  readonly vmis: { get(key: string): VirtualMachineInstance | undefined };
  /** The launcher pods on this node (informer cache), for the pod IP and image. */
  readonly pods: { list(): V1Pod[] };
  readonly clusterConfig: () => ClusterConfig;
  readonly events: EventRecorder;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly watchdogTimeoutMs: number;
  /** Puts a VMI key on the queue (launcher news). */
  readonly enqueue: (key: string) => void;
  /** How long a Sync (disks, libvirt, QEMU start) may take; 4 minutes by default. */
  readonly syncTimeoutMs?: number;
  /** The KubeVirt CR's `spec.configuration.migrations` (none: KubeVirt's defaults). */
  readonly migrationConfig?: () => MigrationConfiguration | undefined;
}

const vmiType = kubevirtResources.virtualmachineinstances;

/** The UID of the VMI's launcher pod on `node` (`status.activePods`). */
export function activePodOn(vmi: VirtualMachineInstance, node: string): string | undefined {
  const active = vmi.status?.activePods ?? {};
  return Object.keys(active).find((uid) => active[uid] === node);
}

/** RFC 3339 with second precision, as Kubernetes writes times. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function requeue(afterMs: number | undefined): ReconcileResult {
  return afterMs === undefined ? undefined : { requeueAfterMs: afterMs };
}

function isFinalPod(pod: V1Pod | undefined): boolean {
  const phase = pod?.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * Drives the launcher of each VMI on this node and writes the VMI's node-side status, one
 * reconcile per VMI at a time: it connects to the launcher pod's socket, Syncs the VMI (which
 * adopts a domain that already runs), sends Shutdown once when the VMI is being deleted, and
 * merge-patches phase, conditions, interfaces and guest info from what the launcher reports.
 * A final VMI is left alone; its session is closed.
 */
export class VmiReconciler implements Reconciler {
  readonly #deps: VmiReconcilerDeps;
  readonly #sessions = new Map<string, LauncherSession>();
  readonly #migration: MigrationDriver;

  constructor(deps: VmiReconcilerDeps) {
    this.#deps = deps;
    this.#migration = new MigrationDriver({
      nodeName: deps.nodeName,
      client: deps.client,
      clusterConfig: deps.clusterConfig,
      migrationConfig: deps.migrationConfig ?? (() => undefined),
      events: deps.events,
      clock: deps.clock,
      enqueue: deps.enqueue,
    });
  }

  /** The live launcher sessions by VMI key (for the periodic resync). */
  sessions(): ReadonlyMap<string, LauncherSession> {
    return this.#sessions;
  }

  async reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult> {
    const vmi = this.#deps.vmis.get(key);
    const phase = vmi?.status?.phase ?? '';
    if (vmi === undefined || isFinalPhase(phase)) {
      await this.#drop(key);
      return;
    }
    if (phase !== 'Scheduled' && phase !== 'Running') return;
    if (migrationRole(vmi, this.#deps.nodeName) === 'target') {
      return this.#reconcileTarget(key, vmi, ctx.logger);
    }
    return this.#reconcileHere(key, vmi, ctx.logger);
  }

  /** Closes every launcher session (the launchers and their guests keep running). */
  async close(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((s) => s.close()));
  }

  /**
   * A VMI that runs on this node: drive its launcher, take its migration's source steps, and
   * write its status from the domain (not while the domain leaves by migration).
   */
  async #reconcileHere(
    key: string,
    vmi: VirtualMachineInstance,
    logger: Logger,
  ): Promise<ReconcileResult> {
    const podUid = activePodOn(vmi, this.#deps.nodeName);
    if (podUid === undefined) return;
    const session = this.#session(key, vmi, podUid);
    const reachable = await this.#drive(vmi, session, logger);
    const pod = this.#deps.pods.list().find((p) => p.metadata?.uid === podUid);
    // A migration step writes the VMI: the status follows on the next reconcile.
    const step = await this.#migration.step({ key, vmi, session, pod, logger });
    if (step.acted) return requeue(step.requeueAfterMs);
    const facts = this.#migration.facts(key, vmi, session);
    if (!sourceStatusHeld(vmi, this.#deps.nodeName, facts)) {
      await this.#writeStatus(key, vmi, this.#observe(session, pod), logger);
    }
    if (session.syncError !== undefined) throw new Error(session.syncError);
    // Until the socket answers, look again soon; the watchdog bounds the wait.
    return reachable ? undefined : { requeueAfterMs: 1000 };
  }

  /**
   * A VMI that migrates to this node and still runs elsewhere: only the migration target's
   * steps (prepare, report the address, take over); its status is the source's to write.
   */
  async #reconcileTarget(
    key: string,
    vmi: VirtualMachineInstance,
    logger: Logger,
  ): Promise<ReconcileResult> {
    if (vmi.status?.migrationState?.failed === true) {
      await this.#drop(key);
      return;
    }
    const pod = targetLauncherPod(vmi, this.#deps.pods.list());
    const podUid = pod?.metadata?.uid;
    // The pod's own updates put the VMI back on the queue.
    if (podUid === undefined || pod?.status?.phase !== 'Running') return;
    const session = this.#session(key, vmi, podUid);
    try {
      await session.connect();
    } catch (error) {
      logger.debug({ err: error }, 'the target launcher socket is not reachable yet');
      return { requeueAfterMs: 1000 };
    }
    const step = await this.#migration.step({ key, vmi, session, pod, logger });
    return requeue(step.requeueAfterMs);
  }

  async #drop(key: string): Promise<void> {
    this.#migration.forget(key);
    const session = this.#sessions.get(key);
    if (session === undefined) return;
    this.#sessions.delete(key);
    await session.close();
  }

  #session(key: string, vmi: VirtualMachineInstance, podUid: string): LauncherSession {
    const vmiUid = vmi.metadata.uid ?? '';
    const existing = this.#sessions.get(key);
    if (existing?.vmiUid === vmiUid && existing.podUid === podUid) return existing;
    // Another VMI under the same name, or another pod: the old session goes (UIDs, not names).
    if (existing !== undefined) void existing.close();
    const { podsDir, trustedRoot, watchdogTimeoutMs, clock } = this.#deps;
    const session = new LauncherSession({
      podsDir,
      trustedRoot,
      podUid,
      vmiUid,
      watchdogTimeoutMs,
      clock,
      logger: this.#deps.logger.child({ vmi: key, podUid }),
      onChange: () => {
        this.#deps.enqueue(key);
      },
      onDomainEvent: (event) => {
        this.#recordDomainEvent(key, event);
      },
    });
    this.#sessions.set(key, session);
    session.start();
    return session;
  }

  /** Connects, then Shutdown (deleting) or Sync (once); false when the socket is unreachable. */
  async #drive(
    vmi: VirtualMachineInstance,
    session: LauncherSession,
    logger: Logger,
  ): Promise<boolean> {
    try {
      await session.connect();
    } catch (error) {
      logger.debug({ err: error }, 'the launcher socket is not reachable yet');
      return false;
    }
    if (vmi.metadata.deletionTimestamp !== undefined) await this.#shutdown(vmi, session);
    else if (migrationUnderWay(vmi, this.#deps.nodeName)) {
      // Never Sync a migrating domain (it could start it again here): only look at it.
      if (!session.synced) session.domain = await session.request('GetDomain', {});
    } else if (!session.synced) await this.#sync(vmi, session, logger);
    return true;
  }

  async #shutdown(vmi: VirtualMachineInstance, session: LauncherSession): Promise<void> {
    if (session.shutdownSent) return;
    const gracePeriodSeconds = vmi.spec.terminationGracePeriodSeconds ?? 30;
    session.domain = await session.request('Shutdown', { gracePeriodSeconds });
    session.shutdownSent = true;
    this.#deps.events.record(vmi, {
      type: 'Normal',
      reason: 'ShuttingDown',
      message: `Signaled Graceful Shutdown (grace period ${String(gracePeriodSeconds)} s)`,
    });
  }

  async #sync(
    vmi: VirtualMachineInstance,
    session: LauncherSession,
    logger: Logger,
  ): Promise<void> {
    const useEmulation = this.#deps.clusterConfig().useEmulation;
    try {
      session.domain = await session.request(
        'Sync',
        { vmi: vmiForLauncher(vmi), options: { useEmulation } },
        { timeoutMs: this.#deps.syncTimeoutMs ?? 240_000 },
      );
      session.synced = true;
      session.syncError = undefined;
      logger.info({ state: session.domain.state, accel: session.domain.accel }, 'synced');
    } catch (error) {
      const refused = error instanceof RemoteError;
      const timedOut = error instanceof ProtocolError && error.code === 'Timeout';
      if (!refused && !timedOut) throw error; // the connection dropped: try again
      session.syncError = error.message;
      this.#deps.events.record(vmi, {
        type: 'Warning',
        reason: 'SyncFailed',
        message: error.message,
      });
    }
  }

  #observe(session: LauncherSession, pod: V1Pod | undefined): LauncherObservation {
    const compute = pod?.spec?.containers.find(
      (c) => c.name === launcherPodLayout.computeContainer,
    );
    return {
      domain: session.domain,
      syncError: session.syncError,
      // A pod that ended is the controller's to report (contract 4), not the watchdog's.
      unresponsive: session.unresponsive() && !isFinalPod(pod),
      guestInfo: session.guestInfo,
      podIp: pod?.status?.podIP,
      launcherImage: compute?.image,
    };
  }

  async #writeStatus(
    key: string,
    vmi: VirtualMachineInstance,
    observation: LauncherObservation,
    logger: Logger,
  ): Promise<void> {
    const patch = vmiStatusFromDomain(vmi, observation, rfc3339(this.#deps.clock.now()));
    if (patch === undefined) return;
    const resourceVersion = vmi.metadata.resourceVersion;
    // VMIs have no status subresource (KubeVirt's CRD): the status is patched on the object.
    await this.#deps.client.patch(
      vmiType,
      key,
      { status: patch },
      {
        ...(resourceVersion === undefined ? {} : { resourceVersion }),
      },
    );
    logger.info({ phase: patch.phase, reason: patch.reason }, 'status written');
    if (patch.reason === launcherUnresponsiveReason) {
      this.#deps.events.record(vmi, {
        type: 'Warning',
        reason: launcherUnresponsiveReason,
        message: `virt-launcher answered nothing for ${String(this.#deps.watchdogTimeoutMs / 1000)} s`,
      });
    }
  }

  #recordDomainEvent(key: string, event: DomainEvent): void {
    const vmi = this.#deps.vmis.get(key);
    // The domain pausing, stopping as migrated or starting on the target is the migration's.
    if (vmi !== undefined && migrationUnderWay(vmi, this.#deps.nodeName)) return;
    const news = vmiEventFor(event);
    if (vmi !== undefined && news !== undefined) this.#deps.events.record(vmi, news);
  }
}
