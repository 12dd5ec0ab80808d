// KubeVirt's well-known label, annotation, finalizer and condition names
// (kubevirt.io/api/core/v1 types.go), so every Podvisor component spells them the same way.

/** Label keys. */
export const labels = {
  /** `kubevirt.io`: marks KubeVirt's resources; its value names the component (`virt-launcher`…). */
  app: 'kubevirt.io',
  /** On launcher pods: the UID of the VMI the pod runs. */
  createdBy: 'kubevirt.io/created-by',
  /** On VMIs: the node that runs them (CRDs have no field selectors). */
  nodeName: 'kubevirt.io/nodeName',
  /** On launcher pods: the VMI's name. */
  domain: 'kubevirt.io/domain',
  /** On migration target pods: the migration's UID. */
  migrationJobUid: 'kubevirt.io/migrationJobUID',
  /** On migrations: the name of the migration (on the PDB that protects it). */
  migrationName: 'kubevirt.io/migrationName',
  /** On VMIs: the node that runs the migration target pod. */
  migrationTargetNodeName: 'kubevirt.io/migrationTargetNodeName',
  /** On migrations: the VMI being migrated (the migration selector label). */
  vmiName: 'kubevirt.io/vmi-name',
  /** On VMIs and launcher pods created for a VM: the VM's name. */
  vmName: 'vm.kubevirt.io/name',
  /** `kubevirt.io/vm`: KubeVirt's VirtualMachineLabel. */
  vm: 'kubevirt.io/vm',
  /** On nodes: `true` when the node can run VMIs. */
  nodeSchedulable: 'kubevirt.io/schedulable',
  /** On VMIs whose launcher image is older than the installed one. */
  outdatedLauncherImage: 'kubevirt.io/outdatedLauncherImage',
  /** On install-strategy objects. */
  installStrategy: 'kubevirt.io/install-strategy',
} as const;

/** Values of the `kubevirt.io` label, one per component. */
export const labelValues = {
  virtLauncher: 'virt-launcher',
  virtHandler: 'virt-handler',
  virtController: 'virt-controller',
  virtApi: 'virt-api',
} as const;

/** The label pair on every launcher pod: `kubevirt.io: virt-launcher`. */
export const appLauncherLabels: Readonly<Record<string, string>> = {
  [labels.app]: labelValues.virtLauncher,
};

/** Annotation keys. */
export const annotations = {
  /** On launcher pods: the VMI (libvirt domain) name. */
  domain: 'kubevirt.io/domain',
  /** On nodes: virt-handler's last heartbeat (RFC 3339). */
  heartbeat: 'kubevirt.io/heartbeat',
  latestObservedApiVersion: 'kubevirt.io/latest-observed-api-version',
  storageObservedApiVersion: 'kubevirt.io/storage-observed-api-version',
  /** On migration target pods: the migration's name. */
  migrationJobName: 'kubevirt.io/migrationJobName',
  /** Which KubeVirt component owns a pod. */
  ownedBy: 'kubevirt.io/owned-by',
  /** On migrations created by a node drain. */
  evacuationMigration: 'kubevirt.io/evacuationMigration',
  /** On migrations created by a workload update. */
  workloadUpdateMigration: 'kubevirt.io/workloadUpdateMigration',
  /** On VMIs: allow live migration although the pod network uses a bridge binding. */
  allowPodBridgeNetworkLiveMigration: 'kubevirt.io/allow-pod-bridge-network-live-migration',
  /** On VMIs created for a VM: the VM generation they were created from. */
  vmGeneration: 'kubevirt.io/vm-generation',
  /** On VMIs: keep the launcher alive after a failure, for debugging. */
  keepLauncherAlive: 'kubevirt.io/keep-launcher-alive-after-failure',
} as const;

/** Finalizer names. */
export const finalizers = {
  /** Set by the VMI controller so VMIs are processed during deletion. */
  virtualMachineInstance: 'foregroundDeleteVirtualMachine',
  /** Set by the VM controller on the VMIs it owns. */
  virtualMachineController: 'kubevirt.io/virtualMachineControllerFinalize',
  /** Set by the migration controller on migrations. */
  migration: 'kubevirt.io/migrationJobFinalize',
  /** Set by virt-operator on the components it installs. */
  virtOperator: 'kubevirt.io/virtOperatorFinalizer',
} as const;

/** Condition types of VMIs, VMs and migrations. */
export const conditions = {
  ready: 'Ready',
  paused: 'Paused',
  synchronized: 'Synchronized',
  provisioning: 'Provisioning',
  agentConnected: 'AgentConnected',
  agentVersionNotSupported: 'AgentVersionNotSupported',
  accessCredentialsSynchronized: 'AccessCredentialsSynchronized',
  liveMigratable: 'LiveMigratable',
  hotVcpuChange: 'HotVCPUChange',
  hotMemoryChange: 'HotMemoryChange',
  volumesChange: 'VolumesChange',
  dataVolumesReady: 'DataVolumesReady',
  /** The launcher pod's PodScheduled condition, mirrored on the VMI. */
  podScheduled: 'PodScheduled',
  /** VM: creating or starting the VMI failed. */
  failure: 'Failure',
  /** VM: the template changed in a way that needs a restart. */
  restartRequired: 'RestartRequired',
  manualRecoveryRequired: 'ManualRecoveryRequired',
  /** Migration: an abort was requested. */
  migrationAbortRequested: 'migrationAbortRequested',
} as const;

/** Condition reasons. */
export const conditionReasons = {
  podTerminating: 'PodTerminating',
  podNotExists: 'PodNotExists',
  podConditionMissing: 'PodConditionMissing',
  guestNotRunning: 'GuestNotRunning',
  disksNotLiveMigratable: 'DisksNotLiveMigratable',
  interfaceNotLiveMigratable: 'InterfaceNotLiveMigratable',
} as const;

/**
 * The username Kubernetes gives a service account's token:
 * `operatorServiceAccount('podvisor', 'virt-controller')` is
 * `system:serviceaccount:podvisor:virt-controller`.
 */
export function operatorServiceAccount(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}
