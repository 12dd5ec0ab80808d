// Builders for the unit tests of defaulting and validation (not exported from the package).
import type {
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
  VirtualMachineInstanceReplicaSet,
} from '../generated/kubevirt-types.ts';
import type { Loose, LooseDevices, LooseDomain, LooseVmiSpec } from './loose.ts';

/** Freezes a value and everything inside it, so a test fails if code under test mutates it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Devices of a valid, defaulted VMI: one virtio disk and a masquerade interface. */
export function baseDevices(): LooseDevices {
  return {
    disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }],
    interfaces: [{ name: 'default', masquerade: {}, model: 'virtio' }],
  };
}

/** Domain of a valid, defaulted VMI. */
export function baseDomain(): LooseDomain {
  return {
    machine: { type: 'q35' },
    cpu: { sockets: 1, cores: 1, threads: 1 },
    memory: { guest: '128Mi' },
    resources: { requests: { cpu: '100m', memory: '128Mi' } },
    devices: baseDevices(),
  };
}

/** Spec of a valid, defaulted VMI. */
export function baseSpec(): LooseVmiSpec {
  return {
    domain: baseDomain(),
    networks: [{ name: 'default', pod: {} }],
    volumes: [
      {
        name: 'rootdisk',
        containerDisk: {
          image: 'quay.io/containerdisks/fedora:40',
          imagePullPolicy: 'IfNotPresent',
        },
      },
    ],
    terminationGracePeriodSeconds: 30,
  };
}

/** The base domain with some fields replaced. */
export function domainWith(over: LooseDomain): LooseDomain {
  return { ...baseDomain(), ...over };
}

/** The base domain with some device fields replaced. */
export function domainWithDevices(over: LooseDevices): LooseDomain {
  return domainWith({ devices: { ...baseDevices(), ...over } });
}

/** The base spec with some top-level fields replaced. */
export function withSpec(over: LooseVmiSpec): LooseVmiSpec {
  return { ...baseSpec(), ...over };
}

/** The base spec with some domain fields replaced. */
export function withDomain(over: LooseDomain): LooseVmiSpec {
  return withSpec({ domain: domainWith(over) });
}

/** The base spec with some device fields replaced. */
export function withDevices(over: LooseDevices): LooseVmiSpec {
  return withSpec({ domain: domainWithDevices(over) });
}

/** A VMI with this spec. */
export function vmiWith(spec: LooseVmiSpec | undefined): VirtualMachineInstance {
  const vmi: Loose<VirtualMachineInstance> = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'testvmi', namespace: 'default' },
  };
  if (spec !== undefined) vmi.spec = spec;
  return vmi as VirtualMachineInstance;
}

/** A VM with this spec. */
export function vmWith(spec: Loose<VirtualMachine>['spec']): VirtualMachine {
  const vm: Loose<VirtualMachine> = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'testvm', namespace: 'default' },
  };
  if (spec !== undefined) vm.spec = spec;
  return vm as VirtualMachine;
}

/** A migration with this spec. */
export function migrationWith(
  spec: Loose<VirtualMachineInstanceMigration>['spec'],
  metadata: Loose<VirtualMachineInstanceMigration>['metadata'] = {
    name: 'mig',
    namespace: 'default',
  },
): VirtualMachineInstanceMigration {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata,
    spec,
  } as VirtualMachineInstanceMigration;
}

/** A replica set with this spec. */
export function replicaSetWith(
  spec: Loose<VirtualMachineInstanceReplicaSet>['spec'],
): VirtualMachineInstanceReplicaSet {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceReplicaSet',
    metadata: { name: 'rs', namespace: 'default' },
    spec,
  } as VirtualMachineInstanceReplicaSet;
}
