import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeVmK8s } from './fake-vm-k8s.ts';
import { vmActionDisabledReason } from './vm-action-reason.ts';
import { type VmActionId, vmActions } from './vm-actions.ts';
import { vmFixture, vmiFixture } from './vm-fixtures.ts';

vi.mock('../k8s/index.ts', async () => (await import('./fake-vm-k8s.ts')).fakeVmK8sModule);

function action(id: VmActionId) {
  const found = vmActions.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no action ${id}`);
  return found;
}

const stopped = vmFixture({ name: 'vm', status: 'Stopped' });
const running = vmFixture({ name: 'vm', status: 'Running' });
const paused = vmFixture({ name: 'vm', status: 'Paused' });
const stopping = vmFixture({ name: 'vm', status: 'Stopping' });
const deleting = vmFixture({ name: 'vm', status: 'Running', deleting: true });
const always = vmFixture({ name: 'vm', status: 'Stopped', runStrategy: 'Always' });
const runningVmi = vmiFixture({ name: 'vm' });
const pausedVmi = vmiFixture({ name: 'vm', paused: true });
const finishedVmi = vmiFixture({ name: 'vm', phase: 'Succeeded' });
const migratableVmi = vmiFixture({
  name: 'vm',
  conditions: [{ type: 'LiveMigratable', status: 'True' }],
});
const pinnedVmi = vmiFixture({
  name: 'vm',
  conditions: [
    {
      type: 'LiveMigratable',
      status: 'False',
      reason: 'DisksNotLiveMigratable',
      message: 'cannot migrate VMI: PVC disk is not shared',
    },
  ],
});
const bareFalseVmi = vmiFixture({
  name: 'vm',
  conditions: [{ type: 'LiveMigratable', status: 'False', reason: 'InterfaceNotLiveMigratable' }],
});

const cases: readonly [
  VmActionId,
  string,
  VirtualMachine,
  VirtualMachineInstance | undefined,
  string | undefined,
][] = [
  ['start', 'stopped', stopped, undefined, undefined],
  ['start', 'stopped with a finished VMI', stopped, finishedVmi, undefined],
  ['start', 'running', running, runningVmi, 'Only a stopped VM can start; this one is Running'],
  [
    'start',
    'Always',
    always,
    undefined,
    'Run strategy Always does not support manual start requests',
  ],
  ['start', 'being deleted', deleting, runningVmi, 'The VM is being deleted'],
  ['stop', 'running', running, runningVmi, undefined],
  ['stop', 'paused', paused, pausedVmi, undefined],
  ['stop', 'stopped', stopped, undefined, 'The VM is not running'],
  ['stop', 'stopping', stopping, runningVmi, 'The VM is already stopping'],
  ['restart', 'running', running, runningVmi, undefined],
  ['restart', 'stopped', stopped, finishedVmi, 'The VM is not running'],
  ['restart', 'stopping', stopping, runningVmi, 'The VM is stopping'],
  ['migrate', 'running and LiveMigratable', running, migratableVmi, undefined],
  [
    'migrate',
    'running but not LiveMigratable',
    running,
    pinnedVmi,
    'The VM is not live-migratable: cannot migrate VMI: PVC disk is not shared',
  ],
  [
    'migrate',
    'running with a reason only',
    running,
    bareFalseVmi,
    'The VM is not live-migratable: InterfaceNotLiveMigratable',
  ],
  [
    'migrate',
    'running without the condition',
    running,
    runningVmi,
    'The VM is not live-migratable',
  ],
  ['migrate', 'stopped', stopped, undefined, 'Only a running VM can migrate; this one is Stopped'],
  ['migrate', 'paused', paused, pausedVmi, 'Only a running VM can migrate; this one is Paused'],
  ['migrate', 'being deleted', deleting, migratableVmi, 'The VM is being deleted'],
  ['pause', 'running', running, runningVmi, undefined],
  ['pause', 'paused', paused, pausedVmi, 'The VM is already paused'],
  ['pause', 'stopped', stopped, undefined, 'Only a running VM can be paused; this one is Stopped'],
  ['unpause', 'paused', paused, pausedVmi, undefined],
  ['unpause', 'running', running, runningVmi, 'The VM is not paused'],
  ['unpause', 'stopped', stopped, undefined, 'The VM is not paused'],
  ['delete', 'running', running, runningVmi, undefined],
  ['delete', 'being deleted', deleting, runningVmi, 'The VM is already being deleted'],
];

beforeEach(() => {
  fakeVmK8s.reset();
});

describe('vmActions', () => {
  it('lists start, stop, restart, migrate, pause, unpause and delete in that order', () => {
    expect(vmActions.map(({ label }) => label)).toEqual([
      'Start',
      'Stop',
      'Restart',
      'Migrate',
      'Pause',
      'Unpause',
      'Delete',
    ]);
  });

  it.each(cases.map(([id, state, vm, vmi, reason]) => ({ id, state, vm, vmi, reason })))(
    '$id on a VM that is $state: $reason',
    ({ id, vm, vmi, reason }) => {
      expect(action(id).isDisabled(vm, vmi)).toBe(reason);
    },
  );

  it.each([
    ['start', 'virtualmachines', 'start'],
    ['stop', 'virtualmachines', 'stop'],
    ['restart', 'virtualmachines', 'restart'],
    ['migrate', 'virtualmachines', 'migrate'],
    ['pause', 'virtualmachineinstances', 'pause'],
    ['unpause', 'virtualmachineinstances', 'unpause'],
  ] as const)('%s needs update on subresources.kubevirt.io %s/%s', (id, resource, subresource) => {
    expect(action(id).accessReview).toEqual({
      group: 'subresources.kubevirt.io',
      resource,
      subresource,
      verb: 'update',
    });
  });

  it('delete needs delete on kubevirt.io virtualmachines', () => {
    expect(action('delete').accessReview).toEqual({
      group: 'kubevirt.io',
      resource: 'virtualmachines',
      verb: 'delete',
    });
  });

  it.each([
    ['start', '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachines/vm/start'],
    ['stop', '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachines/vm/stop'],
    ['restart', '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachines/vm/restart'],
    ['migrate', '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachines/vm/migrate'],
    ['pause', '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachineinstances/vm/pause'],
    [
      'unpause',
      '/apis/subresources.kubevirt.io/v1/namespaces/apps/virtualmachineinstances/vm/unpause',
    ],
  ] as const)('%s PUTs %s', async (id, path) => {
    await action(id).run(running);
    expect(fakeVmK8s.k8sSubresource).toHaveBeenCalledExactlyOnceWith('PUT', path, undefined);
  });

  it('delete deletes the VM object', async () => {
    await action('delete').run(running);
    expect(fakeVmK8s.k8sDelete).toHaveBeenCalledExactlyOnceWith(
      {
        group: 'kubevirt.io',
        version: 'v1',
        resource: 'virtualmachines',
        namespace: 'apps',
        name: 'vm',
      },
      undefined,
    );
    expect(fakeVmK8s.k8sSubresource).not.toHaveBeenCalled();
  });
});

describe('vmActionDisabledReason', () => {
  it('says the permissions are being checked while the review is out', () => {
    expect(
      vmActionDisabledReason({
        action: action('start'),
        vm: stopped,
        vmi: undefined,
        access: undefined,
      }),
    ).toBe('Checking your permissions…');
  });

  it('names the refused access, with the review reason, before the state rules', () => {
    expect(
      vmActionDisabledReason({
        action: action('pause'),
        vm: stopped,
        vmi: undefined,
        access: { allowed: false, reason: 'no RBAC policy matched' },
      }),
    ).toBe(
      'You may not update virtualmachineinstances/pause in namespace apps: no RBAC policy matched',
    );
    expect(
      vmActionDisabledReason({
        action: action('delete'),
        vm: running,
        vmi: runningVmi,
        access: { allowed: false },
      }),
    ).toBe('You may not delete virtualmachines in namespace apps');
  });

  it('falls back to the state rule when access is allowed', () => {
    const check = {
      action: action('start'),
      vm: running,
      vmi: runningVmi,
      access: { allowed: true },
    };
    expect(vmActionDisabledReason(check)).toBe('Only a stopped VM can start; this one is Running');
  });
});
