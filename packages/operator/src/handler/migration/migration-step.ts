import type { VirtualMachineInstance, VirtualMachineInstanceMigrationState } from '@podvisor/api';
import type { DomainState, DomainStatus, MigrationStatus } from '../../protocol/v1/index.ts';

/** How a `Migrate` call ended, as the source launcher answered it. */
export type MigrationOutcome =
  { readonly succeeded: true } | { readonly succeeded: false; readonly reason: string };

/** What this handler did and saw for one migration (by `migrationUid`), kept in memory. */
export interface LocalMigration {
  readonly migrationUid: string;
  /** Target: `PrepareMigrationTarget` answered with this address. */
  preparedAddress?: string;
  /** Target: `PrepareMigrationTarget` is being called. */
  preparing?: boolean;
  /** Source: a `Migrate` call is in flight. */
  migrateRunning?: boolean;
  /** Source: how the `Migrate` call ended, until it is written. */
  outcome?: MigrationOutcome;
  /** Source: `CancelMigration` was sent. */
  cancelSent?: boolean;
}

/** What the handler knows about the launcher it would call. */
export interface MigrationLauncherFacts {
  /** The launcher's socket answered (its connection is up). */
  readonly connected: boolean;
  /** The launcher's last word on its domain: `undefined` before any, `null` for none. */
  readonly domain: DomainStatus | null | undefined;
  /** This handler's record of the VMI's current migration. */
  readonly local: LocalMigration | undefined;
  /** The launcher's last `MigrationStatus` event (of any migration). */
  readonly migration?: MigrationStatus | undefined;
}

/** The handler's part in the VMI's current migration. */
export type MigrationRole = 'source' | 'target';

/** What the handler does next for a migrating VMI. */
export type MigrationStep =
  | { readonly kind: 'nothing' }
  /** Target: call `PrepareMigrationTarget` on the target launcher. */
  | { readonly kind: 'prepareTarget' }
  /** Target: write `migrationState.targetNodeAddress`. */
  | { readonly kind: 'reportAddress'; readonly address: string }
  /** Source: write `startTimestamp` (and `mode`), then call `Migrate`. */
  | { readonly kind: 'startMigration'; readonly targetUri: string }
  /** Source: write `completed` and `endTimestamp`. */
  | { readonly kind: 'reportCompleted' }
  /** Source: write `failed`, `failureReason` and `endTimestamp` (and `abortStatus` after an abort). */
  | { readonly kind: 'reportFailed'; readonly reason: string }
  /** Source: call `CancelMigration` and write `abortStatus: Aborting`. */
  | { readonly kind: 'abort' }
  /** Target: the source reported completion; ask the target launcher for its domain. */
  | { readonly kind: 'awaitTargetDomain' }
  /** Target: the domain runs here: take the VMI over (node, labels, interfaces). */
  | { readonly kind: 'takeOver' };

const nothing: MigrationStep = { kind: 'nothing' };

/** Domain states in which the guest is alive (running, paused, blocked, suspended). */
const aliveStates: readonly DomainState[] = ['Running', 'Blocked', 'Paused', 'PMSuspended'];

/** True while the domain's guest is alive. */
export function domainAlive(domain: DomainStatus | null | undefined): boolean {
  return domain !== null && domain !== undefined && aliveStates.includes(domain.state);
}

/** True when the source launcher's domain has left: none left, or shut off as `Migrated`. */
export function domainMigratedAway(domain: DomainStatus | null | undefined): boolean {
  return domain === null || (domain?.state === 'Shutoff' && domain.reason === 'Migrated');
}

/** The VMI's migration state when it names a migration. */
export function activeMigrationState(
  vmi: VirtualMachineInstance,
): VirtualMachineInstanceMigrationState | undefined {
  const state = vmi.status?.migrationState;
  return (state?.migrationUid ?? '') === '' ? undefined : state;
}

/**
 * This node's part in the VMI's migration: `target` while the VMI runs elsewhere and the
 * migration's `targetNode` is this node, `source` while the VMI runs here and the migration's
 * `sourceNode` is this node; `undefined` otherwise (no migration, or after the takeover).
 */
export function migrationRole(
  vmi: VirtualMachineInstance,
  node: string,
): MigrationRole | undefined {
  const state = activeMigrationState(vmi);
  if (state === undefined) return undefined;
  const runsHere = vmi.status?.nodeName === node;
  if (!runsHere && state.targetNode === node) return 'target';
  if (runsHere && state.sourceNode === node && state.targetNode !== node) return 'source';
  return undefined;
}

function local(facts: MigrationLauncherFacts, uid: string): LocalMigration | undefined {
  return facts.local?.migrationUid === uid ? facts.local : undefined;
}

/** The launcher's reported phase of migration `uid`, if it reported one. */
function launcherPhase(facts: MigrationLauncherFacts, uid: string | undefined) {
  return facts.migration?.migrationUid === uid ? facts.migration?.phase : undefined;
}

/** Target, after the source reported completion: take over once the domain runs here. */
function targetArrivalStep(
  state: VirtualMachineInstanceMigrationState,
  facts: MigrationLauncherFacts,
): MigrationStep {
  if (state.targetNodeDomainDetected === true) return nothing;
  const arrived =
    domainAlive(facts.domain) || launcherPhase(facts, state.migrationUid) === 'Completed';
  return arrived ? { kind: 'takeOver' } : { kind: 'awaitTargetDomain' };
}

function targetStep(
  state: VirtualMachineInstanceMigrationState,
  facts: MigrationLauncherFacts,
): MigrationStep {
  if (state.failed === true) return nothing;
  if (state.completed === true) return targetArrivalStep(state, facts);
  if (state.abortRequested === true || (state.targetNodeAddress ?? '') !== '') return nothing;
  const mine = local(facts, state.migrationUid ?? '');
  if (mine?.preparedAddress !== undefined) {
    return { kind: 'reportAddress', address: mine.preparedAddress };
  }
  if (mine?.preparing === true || !facts.connected) return nothing;
  return { kind: 'prepareTarget' };
}

/** The outcome the launcher reported in a `MigrationStatus` event of migration `uid`. */
function reportedOutcome(
  facts: MigrationLauncherFacts,
  uid: string | undefined,
): MigrationOutcome | undefined {
  const phase = launcherPhase(facts, uid);
  if (phase === 'Completed') return { succeeded: true };
  if (phase !== 'Failed') return undefined;
  return { succeeded: false, reason: facts.migration?.failureReason ?? 'the migration failed' };
}

function sourceOutcomeStep(
  state: VirtualMachineInstanceMigrationState,
  mine: LocalMigration | undefined,
  facts: MigrationLauncherFacts,
): MigrationStep | undefined {
  const outcome = mine?.outcome ?? reportedOutcome(facts, state.migrationUid);
  if (outcome !== undefined) {
    return outcome.succeeded
      ? { kind: 'reportCompleted' }
      : { kind: 'reportFailed', reason: outcome.reason };
  }
  // After a handler restart the answer to Migrate is lost: the domain tells how it went.
  const started = state.startTimestamp !== undefined;
  if (started && mine?.migrateRunning !== true && domainMigratedAway(facts.domain)) {
    return { kind: 'reportCompleted' };
  }
  return undefined;
}

/** Source, on `abortRequested`: cancel a started migration once. */
function abortStep(
  state: VirtualMachineInstanceMigrationState,
  mine: LocalMigration | undefined,
  facts: MigrationLauncherFacts,
): MigrationStep {
  const started = state.startTimestamp !== undefined;
  const canCancel = mine?.cancelSent !== true && facts.connected;
  return started && canCancel && state.abortStatus === undefined ? { kind: 'abort' } : nothing;
}

/** Source, with no outcome to report: cancel on request, or start once the target is ready. */
function sourceRequestStep(
  state: VirtualMachineInstanceMigrationState,
  mine: LocalMigration | undefined,
  facts: MigrationLauncherFacts,
): MigrationStep {
  const started = state.startTimestamp !== undefined;
  if (state.abortRequested === true) return abortStep(state, mine, facts);
  const address = state.targetNodeAddress ?? '';
  const inFlight = mine?.migrateRunning === true;
  if (started || inFlight || address === '' || !facts.connected) return nothing;
  return { kind: 'startMigration', targetUri: `tcp://${address}` };
}

function sourceStep(
  state: VirtualMachineInstanceMigrationState,
  facts: MigrationLauncherFacts,
): MigrationStep {
  const mine = local(facts, state.migrationUid ?? '');
  if (state.completed === true) return nothing;
  if (state.failed === true) {
    // The controller gave up (the target pod went away, a timeout): stop what still runs.
    const cancel = mine?.migrateRunning === true && mine.cancelSent !== true && facts.connected;
    return cancel ? { kind: 'abort' } : nothing;
  }
  return sourceOutcomeStep(state, mine, facts) ?? sourceRequestStep(state, mine, facts);
}

/**
 * What virt-handler on `node` does next for the VMI's migration (issue 12's contract, points 2
 * and 3). Target: prepare the target launcher once it is connected, report its address, and
 * take the VMI over once the source reported completion and the domain runs here. Source: start
 * the migration once the target's address is known, report how `Migrate` ended (or, after a
 * restart, that the domain migrated away), and cancel on `abortRequested` (or when the
 * controller failed a migration still running). `nothing` when the VMI does not migrate, this
 * node has no part in it, or the step is already done or waits for another component. Pure.
 */
export function decideMigrationStep(
  vmi: VirtualMachineInstance,
  node: string,
  facts: MigrationLauncherFacts,
): MigrationStep {
  const role = migrationRole(vmi, node);
  const state = activeMigrationState(vmi);
  if (role === undefined || state === undefined) return nothing;
  if (vmi.metadata.deletionTimestamp != null) return nothing;
  return role === 'target' ? targetStep(state, facts) : sourceStep(state, facts);
}

/**
 * True while a migration of the VMI is under way on this node's side: always for the target
 * (before its takeover), for the source once it started and until it failed. The domain's
 * lifecycle events (paused for the switch-over, stopped as migrated, started on the target) are
 * then the migration's, not news of the VMI.
 */
export function migrationUnderWay(vmi: VirtualMachineInstance, node: string): boolean {
  const role = migrationRole(vmi, node);
  const state = activeMigrationState(vmi);
  if (role === undefined || state === undefined) return false;
  if (role === 'target') return true;
  return state.startTimestamp !== undefined && state.failed !== true;
}

/**
 * True while the source must not write the VMI's phase from its domain: the migration started
 * (or runs) and has not failed, and the domain is not alive, or the migration completed (the VMI
 * is the target's now). A domain that disappears at the end of a migration is no crash.
 */
export function sourceStatusHeld(
  vmi: VirtualMachineInstance,
  node: string,
  facts: MigrationLauncherFacts,
): boolean {
  if (migrationRole(vmi, node) !== 'source') return false;
  const state = activeMigrationState(vmi);
  if (state === undefined || state.failed === true) return false;
  if (state.completed === true) return true;
  const mine = local(facts, state.migrationUid ?? '');
  const started = state.startTimestamp !== undefined || mine?.migrateRunning === true;
  return sourceSucceeded(state, mine, facts) || (started && !domainAlive(facts.domain));
}

/** The source launcher said the migration succeeded (its answer or its event). */
function sourceSucceeded(
  state: VirtualMachineInstanceMigrationState,
  mine: LocalMigration | undefined,
  facts: MigrationLauncherFacts,
): boolean {
  return (
    mine?.outcome?.succeeded === true || launcherPhase(facts, state.migrationUid) === 'Completed'
  );
}
