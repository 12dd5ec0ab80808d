import {
  annotations,
  conditions,
  labels,
  labelValues,
  type EvictionStrategy,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
} from '@podvisor/api';

/** The parts of the evicted pod the decision reads. */
export interface EvictedPod {
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec?: { readonly nodeName?: string };
  readonly status?: { readonly phase?: string };
}

/** What {@link decideEviction} looks at. */
export interface EvictionState {
  /** The pod being evicted; `undefined` when it does not exist (the API server answers 404). */
  readonly pod: EvictedPod | undefined;
  /** The VMI named by the launcher pod's `kubevirt.io/domain` annotation, if it exists. */
  readonly vmi: VirtualMachineInstance | undefined;
  /** Whether the VMI has a migration that has not finished (Succeeded or Failed). */
  readonly migrationActive: boolean;
  /** The cluster default (KubeVirt CR `evictionStrategy`); absent means `None`. */
  readonly clusterStrategy: EvictionStrategy | undefined;
}

/** What to do with one eviction. */
export type EvictionDecision =
  | { readonly kind: 'allow' }
  | { readonly kind: 'deny'; readonly message: string }
  /**
   * Deny (429) and evacuate: mark the VMI with `status.evacuationNodeName` unless marked, and
   * create a migration unless one is active (never for the External strategy).
   */
  | {
      readonly kind: 'evacuate';
      readonly message: string;
      readonly markNode: string | undefined;
      readonly migrate: boolean;
    };

/** The pod's `kubevirt.io/domain` annotation when it is a virt-launcher pod. */
export function launcherDomain(pod: EvictedPod): string | undefined {
  if (pod.metadata?.labels?.[labels.app] !== labelValues.virtLauncher) return undefined;
  const domain = pod.metadata.annotations?.[annotations.domain];
  return domain === '' ? undefined : domain;
}

/** The VMI's eviction strategy: its own, else the cluster default; `None` means none. */
export function effectiveStrategy(
  vmi: VirtualMachineInstance,
  clusterStrategy: EvictionStrategy | undefined,
): EvictionStrategy | undefined {
  const strategy = vmi.spec.evictionStrategy ?? clusterStrategy;
  return strategy === 'None' ? undefined : strategy;
}

/** The reason the VMI is not live-migratable, or `undefined` when its LiveMigratable is True. */
export function migrationBlocker(vmi: VirtualMachineInstance): string | undefined {
  const condition = vmi.status?.conditions?.find((c) => c.type === conditions.liveMigratable);
  if (condition?.status === 'True') return undefined;
  const why = condition?.message ?? condition?.reason;
  return why === undefined || why === '' ? 'its LiveMigratable condition is not True' : why;
}

/** KubeVirt's message for an eviction that became an evacuation (the descheduler parses it). */
export function evacuationMessage(vmi: VirtualMachineInstance): string {
  return `Eviction triggered evacuation of VMI "${vmi.metadata.namespace ?? ''}/${vmi.metadata.name ?? ''}"`;
}

function isFinished(pod: EvictedPod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** A launcher pod that still runs the VMI: not finished, on the VMI's node. */
function isCurrentLauncher(pod: EvictedPod, vmi: VirtualMachineInstance): boolean {
  if (launcherDomain(pod) === undefined || isFinished(pod)) return false;
  const node = pod.spec?.nodeName ?? '';
  return node === '' || (vmi.status?.nodeName ?? '') === node;
}

function evacuate(state: EvictionState, vmi: VirtualMachineInstance, migrate: boolean) {
  const node = state.pod?.spec?.nodeName ?? '';
  // A mark left from an evacuation of another node (the VM moved since) is replaced.
  const marked = vmi.status?.evacuationNodeName === node;
  return {
    kind: 'evacuate' as const,
    message: evacuationMessage(vmi),
    markNode: marked || node === '' ? undefined : node,
    migrate: migrate && !state.migrationActive,
  };
}

/**
 * KubeVirt's virt-launcher eviction interceptor as a pure decision. Pods that are not launchers,
 * finished launchers, launchers of a missing VMI or of a VMI now on another node, and VMIs whose
 * strategy is None are allowed. LiveMigrate: a migratable VMI is evacuated (429 while it moves, so
 * `kubectl drain` retries until the pod is gone), a non-migratable one is denied with the reason.
 * LiveMigrateIfPossible evacuates when migratable, else allows; External only marks the VMI.
 */
export function decideEviction(state: EvictionState): EvictionDecision {
  const { pod, vmi } = state;
  if (pod === undefined || vmi === undefined || !isCurrentLauncher(pod, vmi)) {
    return { kind: 'allow' };
  }
  const blocker = migrationBlocker(vmi);
  switch (effectiveStrategy(vmi, state.clusterStrategy)) {
    case 'LiveMigrate':
      if (blocker === undefined) return evacuate(state, vmi, true);
      return {
        kind: 'deny',
        message: `VMI ${vmi.metadata.name ?? ''} is configured with an eviction strategy but is not live-migratable: ${blocker}`,
      };
    case 'LiveMigrateIfPossible':
      return blocker === undefined ? evacuate(state, vmi, true) : { kind: 'allow' };
    case 'External':
      return evacuate(state, vmi, false);
    case 'None':
    case undefined:
      return { kind: 'allow' };
  }
}

/** The migration a drain creates: `kubevirt-evacuation-…`, annotated with the drained node. */
export function evacuationMigration(
  vmi: VirtualMachineInstance,
  node: string,
): VirtualMachineInstanceMigration {
  const vmiName = vmi.metadata.name ?? '';
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: {
      generateName: 'kubevirt-evacuation-',
      ...(vmi.metadata.namespace === undefined ? {} : { namespace: vmi.metadata.namespace }),
      annotations: { [annotations.evacuationMigration]: node },
      labels: { [labels.vmiName]: vmiName },
    },
    spec: { vmiName },
  };
}

/** Whether a migration of `vmiName` is still in progress (not Succeeded or Failed). */
export function isActiveMigration(
  migration: VirtualMachineInstanceMigration,
  vmiName: string,
): boolean {
  const phase = migration.status?.phase;
  return migration.spec.vmiName === vmiName && phase !== 'Succeeded' && phase !== 'Failed';
}
