import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { k8sDelete, k8sSubresource } from '../k8s/index.ts';

/** The access an action needs, as a SelfSubjectAccessReview's attributes (namespace added later). */
export interface VmActionAccessReview {
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly verb: string;
}

/** The ids of the VM lifecycle actions. */
export type VmActionId = 'start' | 'stop' | 'restart' | 'migrate' | 'pause' | 'unpause' | 'delete';

/** A VM action: what it is called, the access it needs, when it cannot run, and how it runs. */
export interface VmAction {
  readonly id: VmActionId;
  readonly label: string;
  readonly accessReview: VmActionAccessReview;
  /** Why the action cannot run on this VM (and its VMI, if any) now; undefined when it can. */
  readonly isDisabled: (
    vm: VirtualMachine,
    vmi: VirtualMachineInstance | undefined,
  ) => string | undefined;
  /** Runs the action; rejects with a KubeError in the server's words. */
  readonly run: (vm: VirtualMachine) => Promise<unknown>;
}

const subresourceGroup = 'subresources.kubevirt.io';

/** The API path of a KubeVirt subresource of a VM or VMI (both share the VM's name). */
export function vmSubresourcePath(
  vm: VirtualMachine,
  resource: 'virtualmachines' | 'virtualmachineinstances',
  subresource: string,
): string {
  const namespace = encodeURIComponent(vm.metadata.namespace ?? '');
  const name = encodeURIComponent(vm.metadata.name ?? '');
  return `/apis/${subresourceGroup}/v1/namespaces/${namespace}/${resource}/${name}/${subresource}`;
}

/** The VM's printableStatus, `Unknown` when the controller has not written one. */
export function vmStatus(vm: VirtualMachine): string {
  const status = vm.status?.printableStatus;
  return status === undefined || status === ('' as string) ? 'Unknown' : status;
}

/** The VM's run strategy: `spec.runStrategy`, else the deprecated `spec.running`, else Halted. */
export function vmRunStrategy(vm: VirtualMachine): string {
  if (vm.spec.runStrategy !== undefined) return vm.spec.runStrategy;
  const { running } = vm.spec as { readonly running?: unknown };
  return running === true ? 'Always' : 'Halted';
}

function isDeleting(vm: VirtualMachine): boolean {
  return vm.metadata.deletionTimestamp !== undefined;
}

/** A VMI that still runs (exists and has not finished). */
function isLive(vmi: VirtualMachineInstance | undefined): vmi is VirtualMachineInstance {
  const phase = vmi?.status?.phase;
  return vmi !== undefined && phase !== 'Succeeded' && phase !== 'Failed';
}

function isPaused(vm: VirtualMachine, vmi: VirtualMachineInstance | undefined): boolean {
  const paused = (vmi?.status?.conditions ?? []).some(
    (condition) => condition.type === 'Paused' && condition.status === 'True',
  );
  return paused || vmStatus(vm) === 'Paused';
}

const deletingReason = 'The VM is being deleted';

function startDisabled(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
): string | undefined {
  if (isDeleting(vm)) return deletingReason;
  if (isLive(vmi) || vmStatus(vm) !== 'Stopped')
    return `Only a stopped VM can start; this one is ${vmStatus(vm)}`;
  const strategy = vmRunStrategy(vm);
  if (strategy === 'Always' || strategy === 'Once')
    return `Run strategy ${strategy} does not support manual start requests`;
  return undefined;
}

/** Stop and restart: both need a live VMI that is not already stopping. */
function liveActionDisabled(stoppingReason: string): VmAction['isDisabled'] {
  return (vm, vmi) => {
    if (isDeleting(vm)) return deletingReason;
    if (vmStatus(vm) === 'Stopping') return stoppingReason;
    if (!isLive(vmi)) return 'The VM is not running';
    return undefined;
  };
}

function pauseDisabled(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
): string | undefined {
  if (isDeleting(vm)) return deletingReason;
  if (isPaused(vm, vmi)) return 'The VM is already paused';
  if (vmi?.status?.phase !== 'Running')
    return `Only a running VM can be paused; this one is ${vmStatus(vm)}`;
  return undefined;
}

function unpauseDisabled(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
): string | undefined {
  if (isDeleting(vm)) return deletingReason;
  if (!isLive(vmi) || !isPaused(vm, vmi)) return 'The VM is not paused';
  return undefined;
}

/**
 * Migrate: a Running VM whose VMI's LiveMigratable condition is True; otherwise the condition's
 * message (or reason) says why it cannot move.
 */
function migrateDisabled(
  vm: VirtualMachine,
  vmi: VirtualMachineInstance | undefined,
): string | undefined {
  if (isDeleting(vm)) return deletingReason;
  if (vmi?.status?.phase !== 'Running' || vmStatus(vm) !== 'Running')
    return `Only a running VM can migrate; this one is ${vmStatus(vm)}`;
  return migrationBlocker(vmi);
}

/** Why a VMI's LiveMigratable condition is not True (its message, else its reason). */
function migrationBlocker(vmi: VirtualMachineInstance): string | undefined {
  const condition = vmi.status?.conditions?.find((c) => c.type === 'LiveMigratable');
  if (condition?.status === 'True') return undefined;
  const why = condition?.message || condition?.reason;
  return why === undefined
    ? 'The VM is not live-migratable'
    : `The VM is not live-migratable: ${why}`;
}

/** An action that PUTs a subresource of the VM (start…) or of its VMI (pause…). */
function subresourceAction(
  resource: 'virtualmachines' | 'virtualmachineinstances',
  id: 'start' | 'stop' | 'restart' | 'migrate' | 'pause' | 'unpause',
  label: string,
  isDisabled: VmAction['isDisabled'],
): VmAction {
  return {
    id,
    label,
    accessReview: { group: subresourceGroup, resource, subresource: id, verb: 'update' },
    isDisabled,
    run: (vm) => k8sSubresource('PUT', vmSubresourcePath(vm, resource, id)),
  };
}

const deleteAction: VmAction = {
  id: 'delete',
  label: 'Delete',
  accessReview: { group: 'kubevirt.io', resource: 'virtualmachines', verb: 'delete' },
  isDisabled: (vm) => (isDeleting(vm) ? 'The VM is already being deleted' : undefined),
  run: (vm) =>
    k8sDelete({
      group: 'kubevirt.io',
      version: 'v1',
      resource: 'virtualmachines',
      namespace: vm.metadata.namespace,
      name: vm.metadata.name ?? '',
    }),
};

/** The VM actions, in menu order: start, stop, restart, migrate, pause, unpause, delete. */
export const vmActions: readonly VmAction[] = [
  subresourceAction('virtualmachines', 'start', 'Start', startDisabled),
  subresourceAction(
    'virtualmachines',
    'stop',
    'Stop',
    liveActionDisabled('The VM is already stopping'),
  ),
  subresourceAction(
    'virtualmachines',
    'restart',
    'Restart',
    liveActionDisabled('The VM is stopping'),
  ),
  subresourceAction('virtualmachines', 'migrate', 'Migrate', migrateDisabled),
  subresourceAction('virtualmachineinstances', 'pause', 'Pause', pauseDisabled),
  subresourceAction('virtualmachineinstances', 'unpause', 'Unpause', unpauseDisabled),
  deleteAction,
];
