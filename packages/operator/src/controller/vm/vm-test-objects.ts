// Test support only: small VMs and VMIs for the VM controller's table tests.
import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceCondition,
  VirtualMachineInstancePhase,
  VirtualMachineRunStrategy,
  VirtualMachineStateChangeRequest,
  VirtualMachineStatus,
} from '@podvisor/api';

/** A VM `ns/vm1` (uid `vm-uid`, generation 2) with the given strategy and status. */
export function testVm(
  options: {
    runStrategy?: VirtualMachineRunStrategy;
    running?: boolean;
    status?: VirtualMachineStatus;
    requests?: VirtualMachineStateChangeRequest[];
    deleting?: boolean;
  } = {},
): VirtualMachine {
  const status: VirtualMachineStatus = { ...options.status };
  if (options.requests) status.stateChangeRequests = options.requests;
  const vm: VirtualMachine = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'vm1', namespace: 'ns', uid: 'vm-uid', generation: 2, resourceVersion: '10' },
    spec: {
      template: {
        metadata: { labels: { app: 'web' }, annotations: { note: 'hi' } },
        spec: { domain: { devices: {} } },
      },
    },
    status,
  };
  if (options.runStrategy !== undefined) vm.spec.runStrategy = options.runStrategy;
  if (options.running !== undefined) Object.assign(vm.spec, { running: options.running });
  if (options.deleting === true) vm.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
  return vm;
}

/** A VMI `ns/vm1` controlled by {@link testVm}, in `phase`. */
export function testVmi(
  options: {
    phase?: VirtualMachineInstancePhase;
    uid?: string;
    deleting?: boolean;
    conditions?: VirtualMachineInstanceCondition[];
    transitions?: Partial<Record<VirtualMachineInstancePhase, string>>;
    generation?: string;
  } = {},
): VirtualMachineInstance {
  const vmi: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: 'vm1',
      namespace: 'ns',
      uid: options.uid ?? 'vmi-uid',
      resourceVersion: '20',
      creationTimestamp: '2025-01-01T00:00:00Z',
      annotations: { 'kubevirt.io/vm-generation': options.generation ?? '2' },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachine',
          name: 'vm1',
          uid: 'vm-uid',
          controller: true,
        },
      ],
      finalizers: ['kubevirt.io/virtualMachineControllerFinalize'],
    },
    spec: { domain: { devices: {} } },
    status: {},
  };
  if (options.phase !== undefined) vmi.status = { phase: options.phase };
  if (options.conditions) vmi.status = { ...vmi.status, conditions: options.conditions };
  if (options.transitions) {
    vmi.status = {
      ...vmi.status,
      phaseTransitionTimestamps: Object.entries(options.transitions).map(([phase, at]) => ({
        phase: phase as VirtualMachineInstancePhase,
        phaseTransitionTimestamp: at,
      })),
    };
  }
  if (options.deleting === true) vmi.metadata.deletionTimestamp = '2025-01-01T00:00:05Z';
  return vmi;
}
