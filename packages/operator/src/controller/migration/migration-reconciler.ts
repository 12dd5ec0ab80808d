import type { V1Pod } from '@kubernetes/client-node';
import {
  finalizers,
  kubevirtResources,
  labels,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
} from '@podvisor/api';
import {
  TerminalError,
  objectKey,
  realClock,
  type Clock,
  type EventRecorder,
  type Informer,
  type KubeClient,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '@podvisor/kube';
import { coreResources } from '../core-resources.ts';
import type { LauncherPodConfig } from '../vmi/launcher-pod.ts';
import { migrationAhead } from './migration-ahead.ts';
import { migrationsOfVmiIndex, vmiKeyOf } from './migration-informer.ts';
import { migrationTargetPod } from './migration-target-pod.ts';
import { planMigration, type MigrationPlan, type VmiMigrationPatch } from './plan-migration.ts';
import { PodExpectations } from '../pod-expectations.ts';

/** What the migration controller works with. */
export interface MigrationReconcilerDeps {
  /** virt-controller's client (field manager `podvisor-virt-controller`). */
  readonly client: KubeClient;
  /** VMIMs, with {@link migrationIndexers}. */
  readonly migrations: Pick<Informer<VirtualMachineInstanceMigration>, 'get' | 'byIndex'>;
  readonly vmis: Pick<Informer<VirtualMachineInstance>, 'get'>;
  /** Launcher pods, indexed by the label `kubevirt.io/created-by` (index of the same name). */
  readonly pods: Pick<Informer<V1Pod>, 'byIndex'>;
  readonly events: EventRecorder;
  readonly launcherPod: LauncherPodConfig;
  readonly clock?: Clock;
  /** How long a target pod may take to run (5 minutes by default). */
  readonly targetPodStartTimeoutMs?: number;
  /** How long a created target pod may take to reach the cache (30 s by default). */
  readonly podCreationTimeoutMs?: number;
}

/** KubeVirt fails a migration whose target pod is not running 5 minutes after its creation. */
export const defaultTargetPodStartTimeoutMs = 5 * 60_000;

const migrationType = kubevirtResources.virtualmachineinstancemigrations;
const vmiType = kubevirtResources.virtualmachineinstances;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The merge patch body of a {@link VmiMigrationPatch}. */
function vmiPatchBody(patch: VmiMigrationPatch): Record<string, unknown> {
  return {
    ...(patch.targetNodeLabel === undefined
      ? {}
      : { metadata: { labels: { [labels.migrationTargetNodeName]: patch.targetNodeLabel } } }),
    ...(patch.migrationState === undefined
      ? {}
      : { status: { migrationState: patch.migrationState } }),
  };
}

interface Writer {
  readonly deps: MigrationReconcilerDeps;
  readonly expectations: PodExpectations;
  readonly clock: Clock;
}

async function createTargetPod(
  writer: Writer,
  migration: VirtualMachineInstanceMigration,
  vmi: VirtualMachineInstance,
): Promise<void> {
  const { deps } = writer;
  const pod = migrationTargetPod(vmi, migration, {
    sourceNode: vmi.status?.nodeName ?? '',
    launcherPod: deps.launcherPod,
  });
  try {
    const created = await deps.client.create(coreResources.pods, pod);
    writer.expectations.created(migration.metadata.uid ?? '', writer.clock.now());
    const message = `Created migration target pod ${created.metadata?.name ?? ''}`;
    deps.events.record(migration, { type: 'Normal', reason: 'SuccessfulCreate', message });
  } catch (error: unknown) {
    const message = `Error creating pod: ${messageOf(error)}`;
    deps.events.record(migration, { type: 'Warning', reason: 'FailedCreate', message });
    throw error;
  }
}

async function deletePod(
  deps: MigrationReconcilerDeps,
  migration: VirtualMachineInstanceMigration,
  pod: V1Pod,
): Promise<void> {
  const uid = pod.metadata?.uid;
  const deleted = await deps.client.delete(
    coreResources.pods,
    objectKey(pod),
    uid === undefined ? {} : { uid },
  );
  if (!deleted) return;
  const message = `Deleted virtual machine pod ${pod.metadata?.name ?? ''}`;
  deps.events.record(migration, { type: 'Normal', reason: 'SuccessfulDelete', message });
}

async function patchVmi(
  deps: MigrationReconcilerDeps,
  vmi: VirtualMachineInstance,
  patch: VmiMigrationPatch,
): Promise<void> {
  const resourceVersion = vmi.metadata.resourceVersion;
  await deps.client.patch(
    vmiType,
    objectKey(vmi),
    vmiPatchBody(patch),
    resourceVersion === undefined ? {} : { resourceVersion },
  );
}

/**
 * The migration controller's reconciler: reads the VMIM, its VMI, the VMI's launcher pods and
 * the VMI's other migrations from the caches, plans with the pure {@link planMigration} and
 * carries the plan out — the finalizer, the target pod (Event SuccessfulCreate / FailedCreate),
 * the VMI's target label and `status.migrationState` (a merge patch guarded by the VMI's
 * resourceVersion), pod deletions, the VMIM status (guarded by its resourceVersion) and the
 * Migrated / FailedMigration Events once the status is written.
 */
export function createMigrationReconciler(deps: MigrationReconcilerDeps): Reconciler {
  const clock = deps.clock ?? realClock;
  const podCreationTimeoutMs = deps.podCreationTimeoutMs ?? 30_000;
  const expectations = new PodExpectations(podCreationTimeoutMs);
  const targetPodStartTimeoutMs = deps.targetPodStartTimeoutMs ?? defaultTargetPodStartTimeoutMs;
  const writer: Writer = { deps, expectations, clock };

  async function carryOut(
    migration: VirtualMachineInstanceMigration,
    vmi: VirtualMachineInstance | undefined,
    plan: MigrationPlan,
  ): Promise<void> {
    let current = migration;
    if (plan.addFinalizer) {
      current = await deps.client.addFinalizer(migrationType, current, finalizers.migration);
    }
    if (plan.createTargetPod && vmi) await createTargetPod(writer, current, vmi);
    if (plan.vmi && vmi) await patchVmi(deps, vmi, plan.vmi);
    for (const pod of plan.deletePods) await deletePod(deps, current, pod);
    if (plan.status) {
      const resourceVersion = current.metadata.resourceVersion;
      current = await deps.client.patchStatus<VirtualMachineInstanceMigration>(
        migrationType,
        objectKey(current),
        plan.status,
        resourceVersion === undefined ? {} : { resourceVersion },
      );
    }
    for (const event of plan.events) deps.events.record(current, event);
    if (plan.removeFinalizer) {
      await deps.client.removeFinalizer(migrationType, current, finalizers.migration);
    }
  }

  return {
    async reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult> {
      const migration = deps.migrations.get(key);
      if (migration === undefined) return undefined;
      const uid = migration.metadata.uid;
      if (uid === undefined) throw new TerminalError(`the migration ${key} has no metadata.uid`);
      const vmiKey = vmiKeyOf(migration);
      const vmi = deps.vmis.get(vmiKey);
      const vmiUid = vmi?.metadata.uid;
      const pods = vmiUid === undefined ? [] : deps.pods.byIndex(labels.createdBy, vmiUid);
      const now = clock.now();
      const seen = pods.some((pod) => pod.metadata?.labels?.[labels.migrationJobUid] === uid);
      const awaitingTargetPod = expectations.remainingMs(uid, seen, now) > 0;
      const plan = planMigration({
        migration,
        vmi,
        pods,
        waitingFor: migrationAhead(
          migration,
          deps.migrations.byIndex(migrationsOfVmiIndex, vmiKey),
        ),
        awaitingTargetPod,
        now: new Date(now),
        targetPodStartTimeoutMs,
      });
      if (plan.status?.phase !== undefined) {
        const from = migration.status?.phase ?? '';
        ctx.logger.info({ from, to: plan.status.phase, vmi: vmiKey }, 'migration phase');
      }
      await carryOut(migration, vmi, plan);
      const after = Math.min(
        plan.requeueAfterMs ?? Infinity,
        awaitingTargetPod ? podCreationTimeoutMs : Infinity,
      );
      return Number.isFinite(after) ? { requeueAfterMs: after } : undefined;
    },
  };
}
