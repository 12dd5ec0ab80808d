import {
  labels,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigrationState,
  type VirtualMachineInstanceNetworkInterface,
} from '@podvisor/api';
import type { MigrationOutcome } from './migration-step.ts';

/** A JSON merge patch of a VMI (`null` removes a key). */
export type VmiMergePatch = {
  metadata?: { labels?: Record<string, string | null> };
  status: {
    nodeName?: string;
    activePods?: Record<string, string | null>;
    interfaces?: VirtualMachineInstanceNetworkInterface[];
    migrationState: Partial<VirtualMachineInstanceMigrationState>;
  };
};

/** KubeVirt's `abortStatus` values. */
export const abortStatuses = {
  aborting: 'Aborting',
  succeeded: 'Succeeded',
  failed: 'Failed',
} as const;

/** The failure reason of a migration that was aborted on request. */
export const migrationAbortedReason = 'Live migration aborted';

function statePatch(state: Partial<VirtualMachineInstanceMigrationState>): VmiMergePatch {
  return { status: { migrationState: state } };
}

/** Target: the address of the target launcher's migration listener. */
export function addressPatch(address: string): VmiMergePatch {
  return statePatch({ targetNodeAddress: address });
}

/** Source: the migration started now (`mode` PreCopy unless the controller chose one). */
export function startPatch(
  state: VirtualMachineInstanceMigrationState,
  now: string,
): VmiMergePatch {
  return statePatch({
    startTimestamp: now,
    ...(state.mode === undefined ? { mode: 'PreCopy' } : {}),
  });
}

/** The abort's outcome, when an abort was asked for. */
function abortOutcome(
  state: VirtualMachineInstanceMigrationState,
  aborted: boolean,
): Partial<VirtualMachineInstanceMigrationState> {
  if (state.abortRequested !== true) return {};
  return { abortStatus: aborted ? abortStatuses.succeeded : abortStatuses.failed };
}

/**
 * Source: how `Migrate` ended. Success: `completed` (an abort that came too late has
 * `abortStatus: Failed`). Failure: `failed` with the launcher's reason (`Live migration aborted`
 * and `abortStatus: Succeeded` after an abort). Both set `endTimestamp`.
 */
export function outcomePatch(
  state: VirtualMachineInstanceMigrationState,
  outcome: MigrationOutcome,
  now: string,
): VmiMergePatch {
  if (outcome.succeeded) {
    return statePatch({ completed: true, endTimestamp: now, ...abortOutcome(state, false) });
  }
  const aborted = state.abortRequested === true;
  return statePatch({
    failed: true,
    failureReason: aborted ? migrationAbortedReason : outcome.reason,
    endTimestamp: now,
    ...abortOutcome(state, true),
  });
}

/** Source: `CancelMigration` was sent. */
export function abortingPatch(): VmiMergePatch {
  return statePatch({ abortStatus: abortStatuses.aborting });
}

/** What the target handler knows when it takes the VMI over. */
export interface TakeoverInput {
  readonly vmi: VirtualMachineInstance;
  readonly node: string;
  /** The target launcher pod's UID (added to `activePods`). */
  readonly podUid: string;
  /** The VMI's interfaces as the target's domain and pod show them. */
  readonly interfaces: VirtualMachineInstanceNetworkInterface[];
  readonly now: string;
}

/**
 * `activePods` with the target pod on `node` and the VMI's earlier pods on that node removed
 * (`null`): a merge patch only adds keys, and a pod left from an earlier stay on this node
 * (migrated away and back) would otherwise be the one the node serves (console, VNC...).
 */
function takeoverActivePods(input: TakeoverInput): Record<string, string | null> {
  const active: Record<string, string | null> = {};
  for (const [uid, node] of Object.entries(input.vmi.status?.activePods ?? {})) {
    if (node === input.node && uid !== input.podUid) active[uid] = null;
  }
  active[input.podUid] = input.node;
  return active;
}

/**
 * Target: the VMI runs here now: `status.nodeName`, the `kubevirt.io/nodeName` label (the
 * `kubevirt.io/migrationTargetNodeName` label removed), the target pod in `activePods` (earlier
 * pods of the VMI on this node removed), the
 * interfaces from the target, and `targetNodeDomainDetected` with its timestamp
 * (`endTimestamp` too, when the source wrote none).
 */
export function takeoverPatch(input: TakeoverInput): VmiMergePatch {
  const state = input.vmi.status?.migrationState ?? {};
  return {
    metadata: {
      labels: { [labels.nodeName]: input.node, [labels.migrationTargetNodeName]: null },
    },
    status: {
      nodeName: input.node,
      activePods: takeoverActivePods(input),
      interfaces: input.interfaces,
      migrationState: {
        targetNodeDomainDetected: true,
        targetNodeDomainReadyTimestamp: input.now,
        ...(state.endTimestamp === undefined ? { endTimestamp: input.now } : {}),
      },
    },
  };
}
