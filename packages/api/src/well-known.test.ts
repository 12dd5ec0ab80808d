import { describe, expect, it } from 'vitest';
import {
  annotations,
  appLauncherLabels,
  conditions,
  finalizers,
  labels,
  operatorServiceAccount,
} from './well-known.ts';

describe('well-known names', () => {
  it.each<[string, string, string]>([
    ['labels.createdBy', labels.createdBy, 'kubevirt.io/created-by'],
    ['labels.nodeName', labels.nodeName, 'kubevirt.io/nodeName'],
    ['labels.domain', labels.domain, 'kubevirt.io/domain'],
    ['labels.migrationJobUid', labels.migrationJobUid, 'kubevirt.io/migrationJobUID'],
    ['labels.vmiName', labels.vmiName, 'kubevirt.io/vmi-name'],
    ['labels.vmName', labels.vmName, 'vm.kubevirt.io/name'],
    ['labels.nodeSchedulable', labels.nodeSchedulable, 'kubevirt.io/schedulable'],
    ['annotations.heartbeat', annotations.heartbeat, 'kubevirt.io/heartbeat'],
    [
      'annotations.latestObservedApiVersion',
      annotations.latestObservedApiVersion,
      'kubevirt.io/latest-observed-api-version',
    ],
    [
      'annotations.storageObservedApiVersion',
      annotations.storageObservedApiVersion,
      'kubevirt.io/storage-observed-api-version',
    ],
    [
      'finalizers.virtualMachineInstance',
      finalizers.virtualMachineInstance,
      'foregroundDeleteVirtualMachine',
    ],
    [
      'finalizers.virtualMachineController',
      finalizers.virtualMachineController,
      'kubevirt.io/virtualMachineControllerFinalize',
    ],
    ['finalizers.migration', finalizers.migration, 'kubevirt.io/migrationJobFinalize'],
    ['conditions.ready', conditions.ready, 'Ready'],
    ['conditions.liveMigratable', conditions.liveMigratable, 'LiveMigratable'],
  ])('%s is KubeVirt’s %s', (_, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('labels launcher pods kubevirt.io: virt-launcher', () => {
    expect(appLauncherLabels).toEqual({ 'kubevirt.io': 'virt-launcher' });
  });

  it('builds the username of a service account', () => {
    expect(operatorServiceAccount('podvisor', 'virt-controller')).toBe(
      'system:serviceaccount:podvisor:virt-controller',
    );
  });
});
