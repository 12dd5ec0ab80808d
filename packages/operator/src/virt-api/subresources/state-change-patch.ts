import type { VirtualMachine, VirtualMachineStateChangeRequest } from '@podvisor/api';
import { conflictError } from './subresource-error.ts';

/** One RFC 6902 operation virt-api sends (with `test` guards for optimistic concurrency). */
export type PatchOperation =
  | { readonly op: 'test' | 'add' | 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/** The message KubeVirt gives when a start or restart overlaps pending requests. */
export const alreadyUnderway = 'unable to complete request: stop/start already underway';

/**
 * The JSON patch of the VM's status subresource that queues `changes` as
 * `status.stateChangeRequests`, as KubeVirt's getChangeRequestJson: a VM without status gets one;
 * pending requests are guarded by a `test` of their current value; a lone Stop replaces
 * pending requests, anything else on top of pending requests is a 409 Conflict
 * ({@link alreadyUnderway}); a recorded `startFailure` is removed.
 *
 * When the status has no `stateChangeRequests` member, the `add` is not guarded: RFC 6902 has
 * no "absent" test (kube-apiserver's JSON patch accepts a `null` test there, other servers do not).
 */
export function stateChangePatch(
  vm: VirtualMachine,
  changes: readonly VirtualMachineStateChangeRequest[],
): PatchOperation[] {
  const status = vm.status ?? {};
  if (Object.keys(status).length === 0) {
    return [{ op: 'add', path: '/status', value: { stateChangeRequests: changes } }];
  }
  const pending = status.stateChangeRequests;
  const loneStop = changes.length === 1 && changes[0]?.action === 'Stop';
  if (pending !== undefined && pending.length > 0 && !loneStop) {
    throw conflictError('virtualmachine', vm.metadata.name ?? '', alreadyUnderway);
  }
  const path = '/status/stateChangeRequests';
  const ops: PatchOperation[] =
    pending === undefined
      ? [{ op: 'add', path, value: changes }]
      : [
          { op: 'test', path, value: pending },
          { op: pending.length === 0 ? 'add' : 'replace', path, value: changes },
        ];
  if (status.startFailure !== undefined) ops.push({ op: 'remove', path: '/status/startFailure' });
  return ops;
}

/**
 * The JSON patch of the VM's spec that starts (`Always`) or stops (`Halted`) it, guarded by a
 * `test` of the current value: `spec.runStrategy` when set, else the deprecated `spec.running`
 * (true or false), else (neither set: Halted) it adds `spec.runStrategy`.
 */
export function runStrategyPatch(vm: VirtualMachine, running: boolean): PatchOperation[] {
  const { runStrategy } = vm.spec;
  const { running: deprecated } = vm.spec as { running?: unknown };
  if (runStrategy !== undefined) {
    return [
      { op: 'test', path: '/spec/runStrategy', value: runStrategy },
      { op: 'replace', path: '/spec/runStrategy', value: running ? 'Always' : 'Halted' },
    ];
  }
  if (typeof deprecated === 'boolean') {
    return [
      { op: 'test', path: '/spec/running', value: deprecated },
      { op: 'replace', path: '/spec/running', value: running },
    ];
  }
  return [{ op: 'add', path: '/spec/runStrategy', value: running ? 'Always' : 'Halted' }];
}

/**
 * The JSON patch of a VMI's `spec.terminationGracePeriodSeconds` to `seconds`, guarded by a
 * `test` of the current value when there is one.
 */
export function gracePeriodPatch(current: number | undefined, seconds: number): PatchOperation[] {
  const path = '/spec/terminationGracePeriodSeconds';
  return current === undefined
    ? [{ op: 'add', path, value: seconds }]
    : [
        { op: 'test', path, value: current },
        { op: 'replace', path, value: seconds },
      ];
}
