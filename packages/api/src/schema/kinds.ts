/** The five kubevirt.io/v1 kinds: names, schema roots, subresources and printer columns. */
import type { Definition } from './dsl.ts';
import { kubeVirtSpec, kubeVirtStatus } from './kubevirt-cr.ts';
import {
  virtualMachineInstanceMigrationSpec,
  virtualMachineInstanceMigrationStatus,
} from './migration.ts';
import {
  virtualMachineInstanceReplicaSetSpec,
  virtualMachineInstanceReplicaSetStatus,
} from './replica-set.ts';
import { virtualMachineInstanceStatus } from './status.ts';
import { virtualMachineSpec, virtualMachineStatus } from './vm.ts';
import { virtualMachineInstanceSpec } from './vmi-spec.ts';

/** The API group and version every kind is served under. */
export const kubevirtGroup = 'kubevirt.io';
export const kubevirtVersion = 'v1';

/** A `kubectl get` column (`additionalPrinterColumns`). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'date' | 'integer' | 'number' | 'boolean';
  readonly jsonPath: string;
  readonly description?: string;
  /** 1 = only with `-o wide`. */
  readonly priority?: number;
}

/** One custom resource kind and everything its CRD needs. */
export interface KindDefinition {
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories?: readonly string[];
  readonly description: string;
  readonly spec: Definition;
  readonly status: Definition;
  /** Whether status is a subresource (VMI has none: its status is written with the object). */
  readonly statusSubresource: boolean;
  readonly scale?: {
    readonly specReplicasPath: string;
    readonly statusReplicasPath: string;
    readonly labelSelectorPath: string;
  };
  readonly printerColumns: readonly PrinterColumn[];
}

const age: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const phase: PrinterColumn = { name: 'Phase', type: 'string', jsonPath: '.status.phase' };
const condition = (name: string, type: string, priority?: number): PrinterColumn => ({
  name,
  type: 'string',
  jsonPath: `.status.conditions[?(@.type=='${type}')].status`,
  ...(priority === undefined ? {} : { priority }),
});

export const virtualMachineKind: KindDefinition = {
  kind: 'VirtualMachine',
  plural: 'virtualmachines',
  singular: 'virtualmachine',
  shortNames: ['vm', 'vms'],
  categories: ['all'],
  description:
    'A virtual machine that persists while stopped: a VMI template plus a run strategy. It creates, and deletes, a VirtualMachineInstance of the same name.',
  spec: virtualMachineSpec,
  status: virtualMachineStatus,
  statusSubresource: true,
  printerColumns: [
    age,
    { name: 'Status', type: 'string', jsonPath: '.status.printableStatus' },
    condition('Ready', 'Ready'),
  ],
};

export const virtualMachineInstanceKind: KindDefinition = {
  kind: 'VirtualMachineInstance',
  plural: 'virtualmachineinstances',
  singular: 'virtualmachineinstance',
  shortNames: ['vmi', 'vmis'],
  categories: ['all'],
  description: 'A running virtual machine, like a pod. Deleting it shuts the guest down.',
  spec: virtualMachineInstanceSpec,
  status: virtualMachineInstanceStatus,
  statusSubresource: false,
  printerColumns: [
    age,
    phase,
    { name: 'IP', type: 'string', jsonPath: '.status.interfaces[0].ipAddress' },
    { name: 'NodeName', type: 'string', jsonPath: '.status.nodeName' },
    condition('Ready', 'Ready'),
    condition('Live-Migratable', 'LiveMigratable', 1),
    condition('Paused', 'Paused', 1),
  ],
};

export const virtualMachineInstanceMigrationKind: KindDefinition = {
  kind: 'VirtualMachineInstanceMigration',
  plural: 'virtualmachineinstancemigrations',
  singular: 'virtualmachineinstancemigration',
  shortNames: ['vmim', 'vmims'],
  description: 'A request to live-migrate one VMI to another node.',
  spec: virtualMachineInstanceMigrationSpec,
  status: virtualMachineInstanceMigrationStatus,
  statusSubresource: true,
  printerColumns: [phase, { name: 'VMI', type: 'string', jsonPath: '.spec.vmiName' }],
};

export const virtualMachineInstanceReplicaSetKind: KindDefinition = {
  kind: 'VirtualMachineInstanceReplicaSet',
  plural: 'virtualmachineinstancereplicasets',
  singular: 'virtualmachineinstancereplicaset',
  shortNames: ['vmirs', 'vmirss'],
  description: 'Keeps a number of identical VMIs running from a template, like a ReplicaSet.',
  spec: virtualMachineInstanceReplicaSetSpec,
  status: virtualMachineInstanceReplicaSetStatus,
  statusSubresource: true,
  scale: {
    specReplicasPath: '.spec.replicas',
    statusReplicasPath: '.status.replicas',
    labelSelectorPath: '.status.labelSelector',
  },
  printerColumns: [
    {
      name: 'Desired',
      type: 'integer',
      jsonPath: '.spec.replicas',
      description: 'Number of desired VMIs',
    },
    {
      name: 'Current',
      type: 'integer',
      jsonPath: '.status.replicas',
      description: 'Number of managed and not final or deleted VMIs',
    },
    {
      name: 'Ready',
      type: 'integer',
      jsonPath: '.status.readyReplicas',
      description: 'Number of managed VMIs which are ready to receive traffic',
    },
    age,
  ],
};

export const kubeVirtKind: KindDefinition = {
  kind: 'KubeVirt',
  plural: 'kubevirts',
  singular: 'kubevirt',
  shortNames: ['kv', 'kvs'],
  description: 'The Podvisor installation and its cluster-wide configuration.',
  spec: kubeVirtSpec,
  status: kubeVirtStatus,
  statusSubresource: true,
  printerColumns: [age, phase],
};

/** Every kind, in the order the generated files list them. */
export const kubevirtKinds: readonly KindDefinition[] = [
  virtualMachineKind,
  virtualMachineInstanceKind,
  virtualMachineInstanceMigrationKind,
  virtualMachineInstanceReplicaSetKind,
  kubeVirtKind,
];
