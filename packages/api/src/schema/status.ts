/** The VMI status (`VirtualMachineInstanceStatus`) and the migration state it shares with VMIMs. */
import { conditionObject, stringMap } from './core.ts';
import {
  array,
  boolean,
  define,
  defineEnum,
  integer,
  object,
  quantity,
  ref,
  string,
  timestamp,
} from './dsl.ts';
import { machine } from './domain.ts';

export const virtualMachineInstancePhase = defineEnum(
  'VirtualMachineInstancePhase',
  [
    '',
    'Pending',
    'Scheduling',
    'Scheduled',
    'Running',
    'Succeeded',
    'Failed',
    'Unknown',
    'WaitingForSync',
  ],
  'The lifecycle phase of a VMI.',
);

export const virtualMachineInstanceCondition = define(
  'VirtualMachineInstanceCondition',
  conditionObject('A condition of a VMI: Ready, Paused, LiveMigratable, AgentConnected, ...'),
);

export const virtualMachineInstanceNetworkInterface = define(
  'VirtualMachineInstanceNetworkInterface',
  object(
    {
      name: string({ description: 'Name of the interface in the VMI spec.' }),
      ipAddress: string({ description: 'The primary IP address.' }),
      ipAddresses: array(string(), { description: 'All IP addresses (IPv4 and IPv6).' }),
      mac: string({ description: 'The MAC address.' }),
      interfaceName: string({
        description: 'Name of the interface inside the guest (from the guest agent).',
      }),
      podInterfaceName: string({
        description: 'Name of the pod interface the guest interface is bound to.',
      }),
      infoSource: string({
        description: 'Where the data comes from: domain, guest-agent, multus-status.',
      }),
      queueCount: integer({
        format: 'int32',
        description: 'Number of queues of a multi-queue interface.',
      }),
      linkState: string({ description: 'Link state: up or down.' }),
    },
    { description: 'A network interface of the running guest.' },
  ),
);

export const virtualMachineInstanceMigrationState = define(
  'VirtualMachineInstanceMigrationState',
  object(
    {
      migrationUid: string({ description: 'UID of the migration object.' }),
      startTimestamp: timestamp('When the migration started.'),
      endTimestamp: timestamp('When the migration ended.'),
      sourceNode: string({ description: 'The node the VMI migrates from.' }),
      sourcePod: string({ description: 'The launcher pod the VMI migrates from.' }),
      targetNode: string({ description: 'The node the VMI migrates to.' }),
      targetPod: string({ description: 'The launcher pod the VMI migrates to.' }),
      targetNodeAddress: string({ description: 'Address of the target node handler.' }),
      targetDirectMigrationNodePorts: stringMap('Ports of the target node used for migration.'),
      targetNodeDomainDetected: boolean({ description: 'The domain runs on the target node.' }),
      targetNodeDomainReadyTimestamp: timestamp('When the domain became ready on the target.'),
      completed: boolean({ description: 'The migration finished (successfully or not).' }),
      failed: boolean({ description: 'The migration failed.' }),
      failureReason: string({ description: 'Why the migration failed.' }),
      abortRequested: boolean({ description: 'Aborting the migration was requested.' }),
      abortStatus: string({
        description: 'Outcome of an abort request: Succeeded, Failed or Aborting.',
      }),
      mode: string({ description: 'Migration mode: PreCopy or PostCopy.' }),
      migrationPolicyName: string({ description: 'The migration policy that applied.' }),
    },
    { description: 'The state of the latest migration of a VMI.' },
  ),
);

const guestOSInfo = object(
  {
    name: string({ description: 'Operating system name.' }),
    prettyName: string({ description: 'Operating system name and version for display.' }),
    version: string({ description: 'Operating system version.' }),
    versionId: string({ description: 'Operating system version ID.' }),
    id: string({ description: 'Operating system ID, such as fedora.' }),
    kernelRelease: string({ description: 'Kernel release.' }),
    kernelVersion: string({ description: 'Kernel version.' }),
    machine: string({ description: 'Machine architecture, such as x86_64.' }),
  },
  { description: 'The guest operating system, as reported by the guest agent.' },
);

const volumeStatus = object(
  {
    name: string({ description: 'Name of the volume.' }),
    target: string({ description: 'Target device name in the guest, such as vda.' }),
    phase: string({ description: 'Phase of a hot-plugged volume.' }),
    reason: string({ description: 'Reason for the phase.' }),
    message: string({ description: 'Details of the phase.' }),
    size: integer({ format: 'int64', description: 'Size of the volume in bytes.' }),
  },
  { required: ['name', 'target'], description: 'The state of one volume.' },
);

const vmiStatusMain = {
  phase: ref(virtualMachineInstancePhase, {
    description:
      'Phase of the VMI: Pending (accepted, no pod yet), Scheduling (the pod is not ready), Scheduled (the pod runs; the node agent takes over), Running, Succeeded (shut down cleanly), Failed, or Unknown.',
  }),
  phaseTransitionTimestamps: array(
    object(
      {
        phase: ref(virtualMachineInstancePhase, { description: 'The phase entered.' }),
        phaseTransitionTimestamp: timestamp('When the phase was entered.'),
      },
      { description: 'When the VMI entered a phase.' },
    ),
    { description: 'When the VMI entered each phase.' },
  ),
  conditions: array(ref(virtualMachineInstanceCondition), {
    description: 'Conditions of the VMI.',
  }),
  reason: string({
    description: 'Short CamelCase reason for the phase, such as NodeUnresponsive.',
  }),
  nodeName: string({ description: 'The node the VMI runs on.' }),
  interfaces: array(ref(virtualMachineInstanceNetworkInterface), {
    description: 'Network interfaces of the running guest.',
  }),
  qosClass: string({
    description: 'QoS class of the VMI pod: Guaranteed, Burstable or BestEffort.',
  }),
  activePods: stringMap('Launcher pods of the VMI: pod UID to node name.'),
};

const vmiStatusDetails = {
  migrationState: ref(virtualMachineInstanceMigrationState, {
    description: 'State of the latest migration.',
  }),
  migrationMethod: string({
    description: 'How the VMI migrates: BlockMigration (copies local disks) or LiveMigration.',
  }),
  evacuationNodeName: string({
    description: 'With eviction strategy External: the node the VMI must be moved away from.',
  }),
  guestOSInfo,
  launcherContainerImageVersion: string({ description: 'Image of the launcher running the VMI.' }),
  machine: ref(machine, { description: 'The machine type the guest runs with.' }),
  currentCPUTopology: object(
    {
      cores: integer({ format: 'int64', description: 'Cores per socket.' }),
      sockets: integer({ format: 'int64', description: 'Sockets.' }),
      threads: integer({ format: 'int64', description: 'Threads per core.' }),
    },
    { description: 'The CPU topology the guest runs with.' },
  ),
  memory: object(
    {
      guestAtBoot: quantity('Guest memory at boot.'),
      guestCurrent: quantity('Guest memory now.'),
      guestRequested: quantity('Guest memory requested (hotplug).'),
    },
    { description: 'Guest memory as running.' },
  ),
  volumeStatus: array(volumeStatus, { description: 'State of the volumes.' }),
  runtimeUser: integer({ format: 'int64', description: 'UID the guest runs as (107 = non-root).' }),
};

export const virtualMachineInstanceStatus = define(
  'VirtualMachineInstanceStatus',
  object(
    { ...vmiStatusMain, ...vmiStatusDetails },
    { description: 'The observed state of a VMI, written by the controllers.' },
  ),
);
