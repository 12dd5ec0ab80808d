import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import type { AccessResult } from '../k8s/index.ts';
import type { VmAction } from './vm-actions.ts';

/** What decides whether an action may run on one VM. */
export interface VmActionCheck {
  readonly action: VmAction;
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
  /** The access verdict in the VM's namespace; undefined while it is being asked. */
  readonly access: AccessResult | undefined;
}

/** Reading while the access review is out. */
export const checkingAccessReason = 'Checking your permissions…';

function deniedReason(action: VmAction, namespace: string, reason: string | undefined): string {
  const { resource, subresource, verb } = action.accessReview;
  const what = subresource === undefined ? resource : `${resource}/${subresource}`;
  const base = `You may not ${verb} ${what} in namespace ${namespace}`;
  return reason === undefined ? base : `${base}: ${reason}`;
}

/**
 * Why `action` cannot run on the VM now: the access review's refusal first (the user may not), then
 * the VM's state (`isDisabled`); undefined when it can run.
 */
export function vmActionDisabledReason(check: VmActionCheck): string | undefined {
  const { action, vm, vmi, access } = check;
  if (access === undefined) return checkingAccessReason;
  if (!access.allowed) return deniedReason(action, vm.metadata.namespace ?? '', access.reason);
  return action.isDisabled(vm, vmi);
}
