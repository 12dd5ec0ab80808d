/** The VirtualMachine spec and status. */
import { conditionObject } from './core.ts';
import {
  array,
  boolean,
  define,
  defineEnum,
  integer,
  map,
  object,
  ref,
  string,
  timestamp,
} from './dsl.ts';
import { virtualMachineInstanceTemplateSpec } from './vmi-spec.ts';

export const virtualMachineRunStrategy = defineEnum(
  'VirtualMachineRunStrategy',
  ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver'],
  'When a VM has a running instance.',
);

const runStrategyText = [
  'When the VM has a running instance (VMI).',
  'Always: a VMI always runs; one that stops or fails is recreated.',
  'RerunOnFailure: a VMI that fails is recreated; one that shuts down cleanly (Succeeded) stays stopped.',
  'Manual: only start, stop and restart requests start or stop the VMI.',
  'Halted: no VMI runs; a running one is stopped.',
  'Once: the VMI runs once and is not restarted, whatever the outcome.',
  'WaitAsReceiver: internal, for the target of a cross-cluster migration.',
  'Cannot be combined with running. With neither set, the VM is Halted.',
].join(' ');

const matcher = (what: string, kinds: string) =>
  object(
    {
      name: string({ description: `Name of the ${what}.` }),
      kind: string({ description: `Kind of the ${what}: ${kinds}.` }),
      revisionName: string({
        description: `The ControllerRevision holding the ${what} the VM was created with.`,
      }),
      inferFromVolume: string({ description: `Infer the ${what} from the labels of this volume.` }),
      inferFromVolumeFailurePolicy: string({
        description: 'Reject (the default) or Ignore a failure to infer.',
      }),
    },
    { description: `Refers to the ${what} of the VM.` },
  );

export const instancetypeMatcher = define(
  'InstancetypeMatcher',
  matcher(
    'instance type',
    'VirtualMachineClusterInstancetype (the default) or VirtualMachineInstancetype',
  ),
);

export const preferenceMatcher = define(
  'PreferenceMatcher',
  matcher(
    'preference',
    'VirtualMachineClusterPreference (the default) or VirtualMachinePreference',
  ),
);

export const virtualMachineSpec = define(
  'VirtualMachineSpec',
  object(
    {
      runStrategy: ref(virtualMachineRunStrategy, { description: runStrategyText }),
      running: boolean({
        description:
          'true is runStrategy Always, false is Halted. Cannot be combined with runStrategy.',
        deprecated: 'Use runStrategy instead.',
      }),
      instancetype: ref(instancetypeMatcher, { description: 'The instance type the VM uses.' }),
      preference: ref(preferenceMatcher, { description: 'The preference the VM uses.' }),
      template: ref(virtualMachineInstanceTemplateSpec, {
        description: 'The VMI the VM creates when it runs.',
      }),
    },
    { required: ['template'], description: 'The desired state of a VM.' },
  ),
);

export const virtualMachinePrintableStatus = defineEnum(
  'VirtualMachinePrintableStatus',
  [
    'Stopped',
    'Provisioning',
    'Starting',
    'Running',
    'Paused',
    'Stopping',
    'Terminating',
    'CrashLoopBackOff',
    'Migrating',
    'Unknown',
    'ErrorUnschedulable',
    'ErrImagePull',
    'ImagePullBackOff',
    'ErrorPvcNotFound',
    'DataVolumeError',
    'WaitingForVolumeBinding',
    'WaitingForReceiver',
  ],
  'The state of a VM shown by kubectl get.',
);

export const virtualMachineCondition = define(
  'VirtualMachineCondition',
  conditionObject('A condition of a VM: Ready, Paused, Failure, RestartRequired, ...'),
);

export const virtualMachineStateChangeRequest = define(
  'VirtualMachineStateChangeRequest',
  object(
    {
      action: string({ enum: ['Start', 'Stop'], description: 'Start or Stop.' }),
      uid: string({ description: 'For Stop: the UID of the VMI to stop.' }),
      data: map(string(), { description: 'Extra data, such as paused=true for a Start.' }),
    },
    { required: ['action'], description: 'A pending request to start or stop the VM.' },
  ),
);

const startFailure = object(
  {
    consecutiveFailCount: integer({ description: 'Failed starts in a row.' }),
    lastFailedVMIUID: string({ description: 'UID of the VMI that failed last.' }),
    retryAfterTimestamp: timestamp('No new VMI is started before this time.'),
  },
  { description: 'Start failures in a row (crash-loop backoff).' },
);

export const virtualMachineStatus = define(
  'VirtualMachineStatus',
  object(
    {
      created: boolean({ description: 'A VMI of the VM exists.' }),
      ready: boolean({ description: 'The VMI of the VM exists and is ready.' }),
      printableStatus: ref(virtualMachinePrintableStatus, {
        description: 'A short, human-readable state of the VM (the STATUS column).',
      }),
      conditions: array(ref(virtualMachineCondition), { description: 'Conditions of the VM.' }),
      stateChangeRequests: array(ref(virtualMachineStateChangeRequest), {
        description: 'Pending start and stop requests, handled in order.',
      }),
      startFailure,
      observedGeneration: integer({
        format: 'int64',
        description: 'The spec generation last acted on.',
      }),
      desiredGeneration: integer({
        format: 'int64',
        description: 'The generation of the current spec.',
      }),
      runStrategy: ref(virtualMachineRunStrategy, {
        description: 'The run strategy last applied.',
      }),
    },
    { description: 'The observed state of a VM.' },
  ),
);
