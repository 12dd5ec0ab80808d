/**
 * @packageDocumentation
 * The kubevirt.io/v1 types. GENERATED from `packages/api/src/schema/`: do not edit by hand.
 * Regenerate with `npm run generate -w @podvisor/api`.
 */

/**
 * A virtual machine that persists while stopped: a VMI template plus a run strategy. It creates,
 * and deletes, a VirtualMachineInstance of the same name.
 */
export interface VirtualMachine {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: VirtualMachineSpec;
  status?: VirtualMachineStatus;
}

/** A running virtual machine, like a pod. Deleting it shuts the guest down. */
export interface VirtualMachineInstance {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: VirtualMachineInstanceSpec;
  status?: VirtualMachineInstanceStatus;
}

/** A request to live-migrate one VMI to another node. */
export interface VirtualMachineInstanceMigration {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: VirtualMachineInstanceMigrationSpec;
  status?: VirtualMachineInstanceMigrationStatus;
}

/** Keeps a number of identical VMIs running from a template, like a ReplicaSet. */
export interface VirtualMachineInstanceReplicaSet {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: VirtualMachineInstanceReplicaSetSpec;
  status?: VirtualMachineInstanceReplicaSetStatus;
}

/** The Podvisor installation and its cluster-wide configuration. */
export interface KubeVirt {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: KubeVirtSpec;
  status?: KubeVirtStatus;
}

/** Object metadata (plain JSON; timestamps are strings). */
export interface ObjectMeta {
  /** Name, unique within the namespace. */
  name?: string;
  /** Prefix for a server-generated name. */
  generateName?: string;
  /** Namespace of the object. */
  namespace?: string;
  /** Unique identifier set by the server. */
  uid?: string;
  /** Opaque version for optimistic concurrency. */
  resourceVersion?: string;
  /** Sequence number of spec changes. */
  generation?: number;
  /** When the object was created (RFC 3339). */
  creationTimestamp?: string;
  /** When graceful deletion was requested. */
  deletionTimestamp?: string;
  /** Grace period of a pending deletion. */
  deletionGracePeriodSeconds?: number;
  /** Labels for selection and grouping. */
  labels?: Record<string, string>;
  /** Non-identifying metadata. */
  annotations?: Record<string, string>;
  /** Objects this object depends on. */
  ownerReferences?: OwnerReference[];
  /** Must be empty before the object is deleted. */
  finalizers?: string[];
  /** Server-side apply field ownership. */
  managedFields?: Record<string, unknown>[];
}

/** The desired state of a VM. */
export interface VirtualMachineSpec {
  /**
   * When the VM has a running instance (VMI). Always: a VMI always runs; one that stops or fails is
   * recreated. RerunOnFailure: a VMI that fails is recreated; one that shuts down cleanly
   * (Succeeded) stays stopped. Manual: only start, stop and restart requests start or stop the VMI.
   * Halted: no VMI runs; a running one is stopped. Once: the VMI runs once and is not restarted,
   * whatever the outcome. WaitAsReceiver: internal, for the target of a cross-cluster migration.
   * Cannot be combined with running. With neither set, the VM is Halted.
   */
  runStrategy?: VirtualMachineRunStrategy;
  /**
   * true is runStrategy Always, false is Halted. Cannot be combined with runStrategy.
   * @deprecated Use runStrategy instead.
   */
  running?: boolean;
  /** The instance type the VM uses. */
  instancetype?: InstancetypeMatcher;
  /** The preference the VM uses. */
  preference?: PreferenceMatcher;
  /** The VMI the VM creates when it runs. */
  template: VirtualMachineInstanceTemplateSpec;
}

/** The observed state of a VM. */
export interface VirtualMachineStatus {
  /** A VMI of the VM exists. */
  created?: boolean;
  /** The VMI of the VM exists and is ready. */
  ready?: boolean;
  /** A short, human-readable state of the VM (the STATUS column). */
  printableStatus?: VirtualMachinePrintableStatus;
  /** Conditions of the VM. */
  conditions?: VirtualMachineCondition[];
  /** Pending start and stop requests, handled in order. */
  stateChangeRequests?: VirtualMachineStateChangeRequest[];
  /** Start failures in a row (crash-loop backoff). */
  startFailure?: {
    /** Failed starts in a row. */
    consecutiveFailCount?: number;
    /** UID of the VMI that failed last. */
    lastFailedVMIUID?: string;
    /** No new VMI is started before this time. */
    retryAfterTimestamp?: string;
  };
  /** The spec generation last acted on. */
  observedGeneration?: number;
  /** The generation of the current spec. */
  desiredGeneration?: number;
  /** The run strategy last applied. */
  runStrategy?: VirtualMachineRunStrategy;
}

/** The specification of a virtual machine instance. */
export interface VirtualMachineInstanceSpec {
  /** The virtual hardware of the guest. */
  domain: DomainSpec;
  /** Volumes the disks use. */
  volumes?: Volume[];
  /** Networks the interfaces connect to. */
  networks?: Network[];
  /** Labels a node must have for the VMI to be scheduled there. */
  nodeSelector?: Record<string, string>;
  /** Scheduling constraints of the VMI pod. */
  affinity?: Affinity;
  /** Taints the VMI pod tolerates. */
  tolerations?: Toleration[];
  /** The scheduler that places the VMI pod. */
  schedulerName?: string;
  /** Priority class of the VMI pod. */
  priorityClassName?: string;
  /**
   * What to do when the node is drained: None (stop the VMI), LiveMigrate (migrate, block the drain
   * until it can), LiveMigrateIfPossible (migrate when migratable, else stop) or External (leave it
   * to an external controller; status.evacuationNodeName is set). Defaults to the cluster setting.
   */
  evictionStrategy?: EvictionStrategy;
  /**
   * Seconds the guest has to shut down after an ACPI power-off before it is stopped forcibly.
   * Defaults to 30.
   */
  terminationGracePeriodSeconds?: number;
  /** Paused: start the VMI with its vCPUs paused, to be unpaused later. */
  startStrategy?: string;
  /** Hostname of the guest. Defaults to the VMI name. */
  hostname?: string;
  /** With a headless Service of this name, the guest FQDN is hostname.subdomain.<namespace>.svc. */
  subdomain?: string;
  /**
   * DNS policy of the VMI pod: ClusterFirst (the default), ClusterFirstWithHostNet, Default or
   * None.
   */
  dnsPolicy?: string;
  /** The VMI is restarted when this probe fails. */
  livenessProbe?: Probe;
  /** The VMI is Ready only while this probe succeeds. */
  readinessProbe?: Probe;
  /** SSH keys and passwords injected into the guest. */
  accessCredentials?: AccessCredential[];
}

/** The observed state of a VMI, written by the controllers. */
export interface VirtualMachineInstanceStatus {
  /**
   * Phase of the VMI: Pending (accepted, no pod yet), Scheduling (the pod is not ready), Scheduled
   * (the pod runs; the node agent takes over), Running, Succeeded (shut down cleanly), Failed, or
   * Unknown.
   */
  phase?: VirtualMachineInstancePhase;
  /** When the VMI entered each phase. */
  phaseTransitionTimestamps?: {
    /** The phase entered. */
    phase?: VirtualMachineInstancePhase;
    /** When the phase was entered. */
    phaseTransitionTimestamp?: string;
  }[];
  /** Conditions of the VMI. */
  conditions?: VirtualMachineInstanceCondition[];
  /** Short CamelCase reason for the phase, such as NodeUnresponsive. */
  reason?: string;
  /** The node the VMI runs on. */
  nodeName?: string;
  /** Network interfaces of the running guest. */
  interfaces?: VirtualMachineInstanceNetworkInterface[];
  /** QoS class of the VMI pod: Guaranteed, Burstable or BestEffort. */
  qosClass?: string;
  /** Launcher pods of the VMI: pod UID to node name. */
  activePods?: Record<string, string>;
  /** State of the latest migration. */
  migrationState?: VirtualMachineInstanceMigrationState;
  /** How the VMI migrates: BlockMigration (copies local disks) or LiveMigration. */
  migrationMethod?: string;
  /** With eviction strategy External: the node the VMI must be moved away from. */
  evacuationNodeName?: string;
  /** The guest operating system, as reported by the guest agent. */
  guestOSInfo?: {
    /** Operating system name. */
    name?: string;
    /** Operating system name and version for display. */
    prettyName?: string;
    /** Operating system version. */
    version?: string;
    /** Operating system version ID. */
    versionId?: string;
    /** Operating system ID, such as fedora. */
    id?: string;
    /** Kernel release. */
    kernelRelease?: string;
    /** Kernel version. */
    kernelVersion?: string;
    /** Machine architecture, such as x86_64. */
    machine?: string;
  };
  /** Image of the launcher running the VMI. */
  launcherContainerImageVersion?: string;
  /** The machine type the guest runs with. */
  machine?: Machine;
  /** The CPU topology the guest runs with. */
  currentCPUTopology?: {
    /** Cores per socket. */
    cores?: number;
    /** Sockets. */
    sockets?: number;
    /** Threads per core. */
    threads?: number;
  };
  /** Guest memory as running. */
  memory?: {
    /** Guest memory at boot. */
    guestAtBoot?: string | number;
    /** Guest memory now. */
    guestCurrent?: string | number;
    /** Guest memory requested (hotplug). */
    guestRequested?: string | number;
  };
  /** State of the volumes. */
  volumeStatus?: {
    /** Name of the volume. */
    name: string;
    /** Target device name in the guest, such as vda. */
    target: string;
    /** Phase of a hot-plugged volume. */
    phase?: string;
    /** Reason for the phase. */
    reason?: string;
    /** Details of the phase. */
    message?: string;
    /** Size of the volume in bytes. */
    size?: number;
  }[];
  /** UID the guest runs as (107 = non-root). */
  runtimeUser?: number;
}

/** Which VMI to migrate. */
export interface VirtualMachineInstanceMigrationSpec {
  /** Name of the VMI to migrate, in the namespace of the migration. */
  vmiName: string;
  /** Extra node labels the target node must have, on top of the VMI node selector. */
  addedNodeSelector?: Record<string, string>;
}

/** The observed state of a migration. */
export interface VirtualMachineInstanceMigrationStatus {
  /**
   * Phase: Pending, Scheduling (target pod created), Scheduled, PreparingTarget, TargetReady,
   * Running (memory is being copied), Succeeded or Failed.
   */
  phase?: VirtualMachineInstanceMigrationPhase;
  /** When the migration entered each phase. */
  phaseTransitionTimestamps?: {
    /** The phase entered. */
    phase?: VirtualMachineInstanceMigrationPhase;
    /** When the phase was entered. */
    phaseTransitionTimestamp?: string;
  }[];
  /** The detailed state of the migration. */
  migrationState?: VirtualMachineInstanceMigrationState;
}

/** The desired state of a VMI replica set. */
export interface VirtualMachineInstanceReplicaSetSpec {
  /** Number of VMIs to run. Defaults to 1. */
  replicas?: number;
  /** Selects the VMIs the replica set owns; must match the template labels. */
  selector: LabelSelector;
  /** The VMIs to create. */
  template: VirtualMachineInstanceTemplateSpec;
  /** Stop creating and deleting VMIs while true. */
  paused?: boolean;
}

/** The observed state of a VMI replica set. */
export interface VirtualMachineInstanceReplicaSetStatus {
  /** Number of VMIs that exist. */
  replicas?: number;
  /** Number of ready VMIs. */
  readyReplicas?: number;
  /** The selector as a string, for the scale subresource. */
  labelSelector?: string;
  /** Conditions of the replica set. */
  conditions?: {
    /** Type of the condition (Ready, Paused, ...). */
    type: string;
    /** True, False or Unknown. */
    status: 'True' | 'False' | 'Unknown';
    /** One-word CamelCase reason for the last transition. */
    reason?: string;
    /** Human-readable details of the last transition. */
    message?: string;
    /** When the condition was last checked. */
    lastProbeTime?: string;
    /** When the status last changed. */
    lastTransitionTime?: string;
  }[];
}

/** The desired installation. */
export interface KubeVirtSpec {
  /** Cluster-wide configuration. */
  configuration?: KubeVirtConfiguration;
  /** Tag of the component images. */
  imageTag?: string;
  /** Registry of the component images. */
  imageRegistry?: string;
}

/** The observed state of the installation. */
export interface KubeVirtStatus {
  /** Phase of the installation: Deploying, Deployed, Deleting or Deleted. */
  phase?: KubeVirtPhase;
  /** Conditions of the installation. */
  conditions?: {
    /** Type of the condition (Ready, Paused, ...). */
    type: string;
    /** True, False or Unknown. */
    status: 'True' | 'False' | 'Unknown';
    /** One-word CamelCase reason for the last transition. */
    reason?: string;
    /** Human-readable details of the last transition. */
    message?: string;
    /** When the condition was last checked. */
    lastProbeTime?: string;
    /** When the status last changed. */
    lastTransitionTime?: string;
  }[];
  /** The version installed. */
  observedKubeVirtVersion?: string;
}

/** Identifies an object that owns this one; the owned object is garbage collected with it. */
export interface OwnerReference {
  /** API version of the owner. */
  apiVersion: string;
  /** Kind of the owner. */
  kind: string;
  /** Name of the owner. */
  name: string;
  /** UID of the owner. */
  uid: string;
  /** True when the owner is the managing controller. */
  controller?: boolean;
  /** With foreground deletion, the owner is not deleted before this object. */
  blockOwnerDeletion?: boolean;
}

/** When a VM has a running instance. */
export type VirtualMachineRunStrategy =
  'Always' | 'RerunOnFailure' | 'Manual' | 'Halted' | 'Once' | 'WaitAsReceiver';

/** Refers to the instance type of the VM. */
export interface InstancetypeMatcher {
  /** Name of the instance type. */
  name?: string;
  /**
   * Kind of the instance type: VirtualMachineClusterInstancetype (the default) or
   * VirtualMachineInstancetype.
   */
  kind?: string;
  /** The ControllerRevision holding the instance type the VM was created with. */
  revisionName?: string;
  /** Infer the instance type from the labels of this volume. */
  inferFromVolume?: string;
  /** Reject (the default) or Ignore a failure to infer. */
  inferFromVolumeFailurePolicy?: string;
}

/** Refers to the preference of the VM. */
export interface PreferenceMatcher {
  /** Name of the preference. */
  name?: string;
  /**
   * Kind of the preference: VirtualMachineClusterPreference (the default) or
   * VirtualMachinePreference.
   */
  kind?: string;
  /** The ControllerRevision holding the preference the VM was created with. */
  revisionName?: string;
  /** Infer the preference from the labels of this volume. */
  inferFromVolume?: string;
  /** Reject (the default) or Ignore a failure to infer. */
  inferFromVolumeFailurePolicy?: string;
}

/** A template for VMIs. */
export interface VirtualMachineInstanceTemplateSpec {
  /** Labels and annotations of the VMIs created from the template. */
  metadata?: ObjectMeta;
  /** The spec of the VMIs created from the template. */
  spec?: VirtualMachineInstanceSpec;
}

/** The state of a VM shown by kubectl get. */
export type VirtualMachinePrintableStatus =
  | 'Stopped'
  | 'Provisioning'
  | 'Starting'
  | 'Running'
  | 'Paused'
  | 'Stopping'
  | 'Terminating'
  | 'CrashLoopBackOff'
  | 'Migrating'
  | 'Unknown'
  | 'ErrorUnschedulable'
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'ErrorPvcNotFound'
  | 'DataVolumeError'
  | 'WaitingForVolumeBinding'
  | 'WaitingForReceiver';

/** A condition of a VM: Ready, Paused, Failure, RestartRequired, ... */
export interface VirtualMachineCondition {
  /** Type of the condition (Ready, Paused, ...). */
  type: string;
  /** True, False or Unknown. */
  status: 'True' | 'False' | 'Unknown';
  /** One-word CamelCase reason for the last transition. */
  reason?: string;
  /** Human-readable details of the last transition. */
  message?: string;
  /** When the condition was last checked. */
  lastProbeTime?: string;
  /** When the status last changed. */
  lastTransitionTime?: string;
}

/** A pending request to start or stop the VM. */
export interface VirtualMachineStateChangeRequest {
  /** Start or Stop. */
  action: 'Start' | 'Stop';
  /** For Stop: the UID of the VMI to stop. */
  uid?: string;
  /** Extra data, such as paused=true for a Start. */
  data?: Record<string, string>;
}

/** The virtual hardware of the guest. */
export interface DomainSpec {
  /** Resource requests and limits of the VMI pod. */
  resources?: ResourceRequirements;
  /** CPU topology and model. */
  cpu?: CPU;
  /** Guest memory. */
  memory?: Memory;
  /** The machine type. */
  machine?: Machine;
  /** Firmware: bootloader, UUID, serial, kernel boot. */
  firmware?: Firmware;
  /** The guest clock. */
  clock?: Clock;
  /** Hypervisor features: acpi, apic, smm. */
  features?: Features;
  /** Disks, network interfaces and other devices. */
  devices: Devices;
}

/** A source of data for a disk; exactly one source is set. */
export interface Volume {
  /** Name of the volume; a disk of the same name uses it. */
  name: string;
  /** A disk from a container image. */
  containerDisk?: ContainerDiskSource;
  /** cloud-init NoCloud data. */
  cloudInitNoCloud?: CloudInitNoCloudSource;
  /** cloud-init ConfigDrive data. */
  cloudInitConfigDrive?: CloudInitConfigDriveSource;
  /** A PersistentVolumeClaim. */
  persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
  /** A blank scratch disk. */
  emptyDisk?: EmptyDiskSource;
  /** A disk image on the node. */
  hostDisk?: HostDisk;
  /** A copy-on-write PVC overlay. */
  ephemeral?: EphemeralVolumeSource;
  /** A ConfigMap as an ISO disk. */
  configMap?: ConfigMapVolumeSource;
  /** A Secret as an ISO disk. */
  secret?: SecretVolumeSource;
  /** A CDI DataVolume. Not supported by Podvisor: validation rejects it. */
  dataVolume?: {
    /** Name of the DataVolume. */
    name: string;
    /** The volume can be hot-plugged. */
    hotpluggable?: boolean;
  };
}

/** A network the guest connects to; exactly one source is set. */
export interface Network {
  /** Name of the network; an interface of the same name uses it. */
  name: string;
  /** The pod's primary network. */
  pod?: PodNetwork;
  /** A Multus secondary network. Not supported by Podvisor: validation rejects it. */
  multus?: {
    /** Name of the NetworkAttachmentDefinition. */
    networkName: string;
    /** Use it as the pod default network. */
    default?: boolean;
  };
}

/** Scheduling constraints of the VMI pod. */
export interface Affinity {
  /** Node affinity rules. */
  nodeAffinity?: NodeAffinity;
  /** Pod affinity rules (Kubernetes PodAffinity). */
  podAffinity?: Record<string, unknown>;
  /** Pod anti-affinity rules (Kubernetes PodAntiAffinity). */
  podAntiAffinity?: Record<string, unknown>;
}

/** Lets the VMI be scheduled onto nodes with a matching taint. */
export interface Toleration {
  /** The taint key; empty with operator Exists matches every taint. */
  key?: string;
  /** Exists or Equal (the default). */
  operator?: string;
  /** The taint value to match with Equal. */
  value?: string;
  /** The taint effect to match (NoSchedule, PreferNoSchedule, NoExecute); empty matches all. */
  effect?: string;
  /** For NoExecute: how long the pod stays bound after the taint appears. */
  tolerationSeconds?: number;
}

/** What happens to a VMI when its node is drained. */
export type EvictionStrategy = 'None' | 'LiveMigrate' | 'LiveMigrateIfPossible' | 'External';

/** A health check of the VMI: exactly one of exec, httpGet, tcpSocket or guestAgentPing. */
export interface Probe {
  /** Runs a command in the guest through the guest agent; exit 0 is success. */
  exec?: {
    /** Command line run in the guest. */
    command?: string[];
  };
  /** An HTTP GET against the VMI, made by the kubelet. */
  httpGet?: {
    /** Path to request. */
    path?: string;
    /** Port number or name to request. */
    port: string | number;
    /** Host to connect to; defaults to the pod IP. */
    host?: string;
    /** Scheme: HTTP (the default) or HTTPS. */
    scheme?: string;
    /** Custom headers to send. */
    httpHeaders?: {
      /** Header name. */
      name: string;
      /** Header value. */
      value: string;
    }[];
  };
  /** Opens a TCP connection to the VMI. */
  tcpSocket?: {
    /** Port number or name to connect to. */
    port: string | number;
    /** Host to connect to; defaults to the pod IP. */
    host?: string;
  };
  /** Succeeds while the guest agent answers a ping. */
  guestAgentPing?: Record<string, never>;
  /** Seconds after start before the first probe. */
  initialDelaySeconds?: number;
  /** Seconds before a probe times out (default 1). */
  timeoutSeconds?: number;
  /** Seconds between probes (default 10). */
  periodSeconds?: number;
  /** Successes in a row to count as healthy. */
  successThreshold?: number;
  /** Failures in a row to count as failed. */
  failureThreshold?: number;
}

/** Credentials injected into the guest: exactly one of sshPublicKey or userPassword. */
export interface AccessCredential {
  /** SSH public keys for the guest. */
  sshPublicKey?: {
    /** Where the credentials come from. */
    source: {
      /** A Secret in the VMI namespace. */
      secret?: {
        /** Name of the Secret. */
        secretName: string;
      };
    };
    /** How the keys reach the guest. */
    propagationMethod: {
      /** Inject the keys with the cloudInitNoCloud volume. */
      noCloud?: Record<string, never>;
      /** Inject the keys with the cloudInitConfigDrive volume. */
      configDrive?: Record<string, never>;
      /** Write the keys in the running guest through the guest agent. */
      qemuGuestAgent?: {
        /** Guest users whose authorized_keys are written. */
        users: string[];
      };
    };
  };
  /** User passwords (Secret keys are user names, values passwords). */
  userPassword?: {
    /** Where the credentials come from. */
    source: {
      /** A Secret in the VMI namespace. */
      secret?: {
        /** Name of the Secret. */
        secretName: string;
      };
    };
    /** How the passwords reach the guest. */
    propagationMethod: {
      /** Set the passwords through the guest agent. */
      qemuGuestAgent?: Record<string, never>;
    };
  };
}

/** The lifecycle phase of a VMI. */
export type VirtualMachineInstancePhase =
  | ''
  | 'Pending'
  | 'Scheduling'
  | 'Scheduled'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Unknown'
  | 'WaitingForSync';

/** A condition of a VMI: Ready, Paused, LiveMigratable, AgentConnected, ... */
export interface VirtualMachineInstanceCondition {
  /** Type of the condition (Ready, Paused, ...). */
  type: string;
  /** True, False or Unknown. */
  status: 'True' | 'False' | 'Unknown';
  /** One-word CamelCase reason for the last transition. */
  reason?: string;
  /** Human-readable details of the last transition. */
  message?: string;
  /** When the condition was last checked. */
  lastProbeTime?: string;
  /** When the status last changed. */
  lastTransitionTime?: string;
}

/** A network interface of the running guest. */
export interface VirtualMachineInstanceNetworkInterface {
  /** Name of the interface in the VMI spec. */
  name?: string;
  /** The primary IP address. */
  ipAddress?: string;
  /** All IP addresses (IPv4 and IPv6). */
  ipAddresses?: string[];
  /** The MAC address. */
  mac?: string;
  /** Name of the interface inside the guest (from the guest agent). */
  interfaceName?: string;
  /** Name of the pod interface the guest interface is bound to. */
  podInterfaceName?: string;
  /** Where the data comes from: domain, guest-agent, multus-status. */
  infoSource?: string;
  /** Number of queues of a multi-queue interface. */
  queueCount?: number;
  /** Link state: up or down. */
  linkState?: string;
}

/** The state of the latest migration of a VMI. */
export interface VirtualMachineInstanceMigrationState {
  /** UID of the migration object. */
  migrationUid?: string;
  /** When the migration started. */
  startTimestamp?: string;
  /** When the migration ended. */
  endTimestamp?: string;
  /** The node the VMI migrates from. */
  sourceNode?: string;
  /** The launcher pod the VMI migrates from. */
  sourcePod?: string;
  /** The node the VMI migrates to. */
  targetNode?: string;
  /** The launcher pod the VMI migrates to. */
  targetPod?: string;
  /** Address of the target node handler. */
  targetNodeAddress?: string;
  /** Ports of the target node used for migration. */
  targetDirectMigrationNodePorts?: Record<string, string>;
  /** The domain runs on the target node. */
  targetNodeDomainDetected?: boolean;
  /** When the domain became ready on the target. */
  targetNodeDomainReadyTimestamp?: string;
  /** The migration finished (successfully or not). */
  completed?: boolean;
  /** The migration failed. */
  failed?: boolean;
  /** Why the migration failed. */
  failureReason?: string;
  /** Aborting the migration was requested. */
  abortRequested?: boolean;
  /** Outcome of an abort request: Succeeded, Failed or Aborting. */
  abortStatus?: string;
  /** Migration mode: PreCopy or PostCopy. */
  mode?: string;
  /** The migration policy that applied. */
  migrationPolicyName?: string;
}

/** The emulated machine. */
export interface Machine {
  /** QEMU machine type, such as q35. Defaults to the cluster machine type. */
  type?: string;
}

/** The phase of a migration. */
export type VirtualMachineInstanceMigrationPhase =
  | 'Pending'
  | 'Scheduling'
  | 'Scheduled'
  | 'PreparingTarget'
  | 'TargetReady'
  | 'Running'
  | 'Succeeded'
  | 'Failed';

/** A label query; the requirements are ANDed. */
export interface LabelSelector {
  /** Labels that must all match. */
  matchLabels?: Record<string, string>;
  /** Requirements that must all hold. */
  matchExpressions?: {
    /** The label key the requirement applies to. */
    key: string;
    /** In, NotIn, Exists or DoesNotExist. */
    operator: string;
    /** Values for In and NotIn; empty for Exists and DoesNotExist. */
    values?: string[];
  }[];
}

/** Cluster-wide configuration. */
export interface KubeVirtConfiguration {
  /** Developer settings. */
  developerConfiguration?: DeveloperConfiguration;
  /** Live migration settings. */
  migrations?: MigrationConfiguration;
  /** The eviction strategy of VMIs that set none. Defaults to None. */
  evictionStrategy?: EvictionStrategy;
  /** Default machine type of guests. Defaults to q35. */
  machineType?: string;
  /** Pull policy of the component images: Always, IfNotPresent or Never. */
  imagePullPolicy?: string;
}

/** The phase of the installation. */
export type KubeVirtPhase = '' | 'Deploying' | 'Deployed' | 'Deleting' | 'Deleted';

/** Compute resources of the VMI pod. */
export interface ResourceRequirements {
  /**
   * Minimum resources the VMI pod asks the scheduler for (memory, cpu). The memory request is the
   * guest memory when domain.memory.guest is unset.
   */
  requests?: Record<string, string | number>;
  /** Maximum resources the VMI pod may use (memory, cpu). */
  limits?: Record<string, string | number>;
  /**
   * Don't ask the scheduler for the memory overhead of the virtualization infrastructure on top of
   * the requested memory. The guest may then be killed under memory pressure.
   */
  overcommitGuestOverhead?: boolean;
}

/** The guest CPU topology and model. */
export interface CPU {
  /** Number of cores in each socket. Defaults to 1. */
  cores?: number;
  /** Number of sockets. Defaults to 1. */
  sockets?: number;
  /** Number of threads in each core. Defaults to 1. */
  threads?: number;
  /** The most sockets the guest can grow to with CPU hotplug. */
  maxSockets?: number;
  /**
   * CPU model: host-model (the default), host-passthrough, or a named libvirt model such as
   * Skylake-Client. Ignored under software emulation.
   */
  model?: string;
  /** Pin each vCPU to a dedicated host CPU. Needs a Guaranteed QoS pod. */
  dedicatedCpuPlacement?: boolean;
  /** Give the emulator thread its own host CPU (with dedicatedCpuPlacement). */
  isolateEmulatorThread?: boolean;
}

/** Guest memory. */
export interface Memory {
  /**
   * Memory visible to the guest. Defaults to the memory request; may be larger than the request
   * when memory overcommit is configured.
   */
  guest?: string | number;
  /** The most memory the guest can grow to with memory hotplug. */
  maxGuest?: string | number;
  /** Back the guest memory with huge pages. */
  hugepages?: {
    /** Size of the huge pages, such as 2Mi or 1Gi. */
    pageSize?: string;
  };
}

/** Firmware of the guest. */
export interface Firmware {
  /** The SMBIOS system UUID. Defaults to a value derived from the VM name. */
  uuid?: string;
  /** The SMBIOS system serial number. */
  serial?: string;
  /** BIOS or EFI. Defaults to BIOS. */
  bootloader?: Bootloader;
  /** Boot a kernel directly from a container image. */
  kernelBoot?: KernelBoot;
}

/** The guest clock: utc or timezone. */
export interface Clock {
  /** Guest clock in UTC, plus an offset. */
  utc?: {
    /** Offset of the guest clock from UTC in seconds. */
    offsetSeconds?: number;
  };
  /** Guest clock in this time zone, such as Europe/Berlin. */
  timezone?: string;
  /** Timer devices (hpet, kvm, pit, rtc, hyperv). */
  timer?: Record<string, unknown>;
}

/** Hypervisor features exposed to the guest. */
export interface Features {
  /** ACPI (power button shutdown). On by default. */
  acpi?: {
    /** Whether the feature is on. Defaults to true. */
    enabled?: boolean;
  };
  /** The APIC. */
  apic?: {
    /** Whether the APIC is on. Defaults to true. */
    enabled?: boolean;
    /** Enable end-of-interrupt broadcast suppression. */
    endOfInterrupt?: boolean;
  };
  /** System Management Mode, needed for EFI Secure Boot. */
  smm?: {
    /** Whether the feature is on. Defaults to true. */
    enabled?: boolean;
  };
}

/** Devices of the guest. */
export interface Devices {
  /** Disks, CD-ROMs and LUNs of the guest. */
  disks?: Disk[];
  /** Network interfaces. Defaults to one masquerade interface on the pod network. */
  interfaces?: Interface[];
  /** Input devices: tablet, keyboard, mouse. */
  inputs?: Input[];
  /** Add a default interface on the pod network when none is listed. Defaults to true. */
  autoattachPodInterface?: boolean;
  /** Attach a graphics device (VNC). Defaults to true. */
  autoattachGraphicsDevice?: boolean;
  /** Attach a serial console. Defaults to true. */
  autoattachSerialConsole?: boolean;
  /** Attach a memory balloon device. Defaults to true. */
  autoattachMemBalloon?: boolean;
  /** Attach a tablet input device. Defaults to false. */
  autoattachInputDevice?: boolean;
  /** Log the serial console output to the pod log. */
  logSerialConsole?: boolean;
  /** Give the guest a virtio random number generator fed by the host. */
  rng?: Record<string, never>;
  /** The video device, when the graphics device is attached. */
  video?: {
    /** Video device type: vga, bochs, virtio or ramfb. */
    type?: string;
  };
}

/**
 * An ephemeral disk from a container image: the image is a read-only base, writes go to a local
 * overlay and are lost when the VMI stops.
 */
export interface ContainerDiskSource {
  /** Container image holding the disk image (a qcow2 or raw file in /disk). */
  image: string;
  /**
   * When to pull the image: Always, IfNotPresent or Never. Defaults to IfNotPresent, or Always for
   * :latest.
   */
  imagePullPolicy?: string;
  /** Name of the Secret used to pull the image. */
  imagePullSecret?: string;
  /** Path of the disk image in the container image. */
  path?: string;
}

/** A cloud-init NoCloud data source, attached as a disk labelled cidata. */
export interface CloudInitNoCloudSource {
  /** NoCloud user-data as plain text. */
  userData?: string;
  /** NoCloud user-data, base64-encoded. */
  userDataBase64?: string;
  /** Secret whose userdata (or userData) key holds the user-data. */
  secretRef?: {
    /** Name of the Secret. */
    name?: string;
  };
  /** NoCloud network-data as plain text. */
  networkData?: string;
  /** NoCloud network-data, base64-encoded. */
  networkDataBase64?: string;
  /** Secret whose networkdata (or networkData) key holds the network-data. */
  networkDataSecretRef?: {
    /** Name of the Secret. */
    name?: string;
  };
}

/** A cloud-init ConfigDrive (OpenStack) data source, attached as a disk labelled config-2. */
export interface CloudInitConfigDriveSource {
  /** ConfigDrive user-data as plain text. */
  userData?: string;
  /** ConfigDrive user-data, base64-encoded. */
  userDataBase64?: string;
  /** Secret whose userdata (or userData) key holds the user-data. */
  secretRef?: {
    /** Name of the Secret. */
    name?: string;
  };
  /** ConfigDrive network-data as plain text. */
  networkData?: string;
  /** ConfigDrive network-data, base64-encoded. */
  networkDataBase64?: string;
  /** Secret whose networkdata (or networkData) key holds the network-data. */
  networkDataSecretRef?: {
    /** Name of the Secret. */
    name?: string;
  };
}

/** A disk backed by a PersistentVolumeClaim. */
export interface PersistentVolumeClaimVolumeSource {
  /** Name of the PersistentVolumeClaim in the VMI namespace. */
  claimName: string;
  /** Use the claim read-only. */
  readOnly?: boolean;
  /** The volume can be hot-plugged and hot-unplugged. */
  hotpluggable?: boolean;
}

/** A blank scratch disk that lives as long as the VMI. */
export interface EmptyDiskSource {
  /** Size of the disk, such as 2Gi. */
  capacity: string | number;
}

/** A disk image file on the node. Needs the HostDisk feature gate. */
export interface HostDisk {
  /** Path of the disk image on the node. */
  path: string;
  /** Disk: the image must exist. DiskOrCreate: create it with the given capacity. */
  type: string;
  /** Size of the image to create (DiskOrCreate). */
  capacity?: string | number;
  /** The image is shared between nodes (allows migration). */
  shared?: boolean;
}

/**
 * A copy-on-write overlay on a PersistentVolumeClaim: the claim is not changed, writes are lost
 * when the VMI stops.
 */
export interface EphemeralVolumeSource {
  /** The claim used, read-only, as the base image. */
  persistentVolumeClaim?: {
    /** Name of the PersistentVolumeClaim in the VMI namespace. */
    claimName: string;
    /** Use the claim read-only. */
    readOnly?: boolean;
  };
}

/** The keys of a ConfigMap as files on an ISO disk. */
export interface ConfigMapVolumeSource {
  /** Name of the ConfigMap. */
  name?: string;
  /** Start even if the object does not exist. */
  optional?: boolean;
  /** Label of the ISO disk the data is exposed on. */
  volumeLabel?: string;
}

/** The keys of a Secret as files on an ISO disk. */
export interface SecretVolumeSource {
  /** Name of the Secret. */
  secretName?: string;
  /** Start even if the object does not exist. */
  optional?: boolean;
  /** Label of the ISO disk the data is exposed on. */
  volumeLabel?: string;
}

/** The pod's primary network. */
export interface PodNetwork {
  /**
   * IPv4 CIDR of the network between the pod and the guest (masquerade). Defaults to 10.0.2.0/24.
   */
  vmNetworkCIDR?: string;
}

/** Node affinity scheduling rules. */
export interface NodeAffinity {
  /** Hard requirement: the VMI is only scheduled on nodes matching a term. */
  requiredDuringSchedulingIgnoredDuringExecution?: {
    /** Terms that are ORed. */
    nodeSelectorTerms: NodeSelectorTerm[];
  };
  /** Soft preferences: nodes matching more weight are preferred. */
  preferredDuringSchedulingIgnoredDuringExecution?: {
    /** Weight 1-100 added for a match. */
    weight: number;
    /** The node term. */
    preference: NodeSelectorTerm;
  }[];
}

/** Developer and testing settings. */
export interface DeveloperConfiguration {
  /** Run guests with software emulation (TCG) when KVM is not available. */
  useEmulation?: boolean;
  /** Feature gates to enable, such as HostDisk. */
  featureGates?: string[];
  /** Guest memory as a percentage of the memory request. Defaults to 100. */
  memoryOvercommit?: number;
  /** vCPUs per requested physical CPU: the CPU request is 1/ratio per vCPU. Defaults to 10. */
  cpuAllocationRatio?: number;
}

/** Live migration settings. */
export interface MigrationConfiguration {
  /** Concurrent migrations in the cluster. Defaults to 5. */
  parallelMigrationsPerCluster?: number;
  /** Concurrent outbound migrations per node. Defaults to 2. */
  parallelOutboundMigrationsPerNode?: number;
  /** Bandwidth limit of each migration, such as 64Mi. 0 is unlimited. */
  bandwidthPerMigration?: string | number;
  /** Seconds per GiB of guest memory after which a migration is cancelled. Defaults to 150. */
  completionTimeoutPerGiB?: number;
  /** Seconds without progress after which a migration is cancelled. Defaults to 150. */
  progressTimeout?: number;
  /** Throttle the guest CPU to let migrations converge. */
  allowAutoConverge?: boolean;
  /** Switch to post-copy when pre-copy does not converge. */
  allowPostCopy?: boolean;
}

/** The firmware that boots the guest: bios or efi. */
export interface Bootloader {
  /** Boot with legacy BIOS (SeaBIOS). The default. */
  bios?: {
    /** Show BIOS output on the serial console. */
    useSerial?: boolean;
  };
  /** Boot with UEFI (OVMF). */
  efi?: {
    /** Enable Secure Boot. Requires SMM; defaults to true. */
    secureBoot?: boolean;
    /** Keep the EFI variables across restarts. */
    persistent?: boolean;
  };
}

/** Direct kernel boot: start a kernel and initrd without a bootloader. */
export interface KernelBoot {
  /** Kernel command line; only with a kernel. */
  kernelArgs?: string;
  /** Container image that holds the kernel and initrd. */
  container?: KernelBootContainer;
}

/** A disk of the guest; it takes its data from the volume of the same name. */
export interface Disk {
  /** Name of the disk; must match the name of a volume. */
  name: string;
  /** Attach the volume as a disk. */
  disk?: DiskTarget;
  /** Attach the volume as a LUN. */
  lun?: LunTarget;
  /** Attach the volume as a CD-ROM. */
  cdrom?: CDRomTarget;
  /**
   * Boot priority: lower numbers boot first; devices without one are not bootable when any device
   * has one.
   */
  bootOrder?: number;
  /** Serial number shown to the guest. */
  serial?: string;
  /** Host cache mode: none, writethrough or writeback. */
  cache?: string;
  /** Host I/O mode: native or threads. */
  io?: string;
  /** Give the disk its own I/O thread. */
  dedicatedIOThread?: boolean;
  /** The disk may be shared between VMIs. */
  shareable?: boolean;
}

/** A network interface of the guest; exactly one binding (masquerade, bridge, passtBinding). */
export interface Interface {
  /** Name of the interface; must match the name of a network. */
  name: string;
  /** Device model: virtio (the default), e1000, e1000e, igb, rtl8139, ... */
  model?: string;
  /** MAC address, such as de:ad:00:00:be:af. */
  macAddress?: string;
  /** Ports forwarded to the guest (masquerade only). Without ports every port is forwarded. */
  ports?: Port[];
  /** Boot priority; lower boots first (PXE). */
  bootOrder?: number;
  /** PCI address, e.g. 0000:81:01.10. */
  pciAddress?: string;
  /** Connect through NAT behind the pod IP (recommended for the pod network; live-migratable). */
  masquerade?: Record<string, never>;
  /** Bridge the guest to the pod network; the guest takes the pod IP over DHCP. */
  bridge?: Record<string, never>;
  /** Connect with passt: user-mode networking that keeps the pod IP. */
  passtBinding?: Record<string, never>;
}

/** A pointing or keyboard device. */
export interface Input {
  /** Name of the input device. */
  name: string;
  /** Kind of device: tablet, keyboard or mouse. */
  type: string;
  /** Bus: usb or virtio. */
  bus?: string;
}

/** Requirements that must all hold (ANDed). */
export interface NodeSelectorTerm {
  /** Requirements on node labels. */
  matchExpressions?: {
    /** The node label or field key. */
    key: string;
    /** How the key relates to the values: In, NotIn, Exists, DoesNotExist, Gt or Lt. */
    operator: string;
    /** The values; one integer for Gt and Lt. */
    values?: string[];
  }[];
  /** Requirements on node fields. */
  matchFields?: {
    /** The node label or field key. */
    key: string;
    /** How the key relates to the values: In, NotIn, Exists, DoesNotExist, Gt or Lt. */
    operator: string;
    /** The values; one integer for Gt and Lt. */
    values?: string[];
  }[];
}

/** The image the kernel and initrd are taken from. */
export interface KernelBootContainer {
  /** Container image holding the kernel and initrd. */
  image: string;
  /**
   * When to pull the image: Always, IfNotPresent or Never. Defaults to IfNotPresent, or Always for
   * :latest.
   */
  imagePullPolicy?: string;
  /** Name of the Secret used to pull the image. */
  imagePullSecret?: string;
  /** Absolute path of the kernel in the image. */
  kernelPath?: string;
  /** Absolute path of the initrd in the image. */
  initrdPath?: string;
}

/** Attach the volume as a regular disk. */
export interface DiskTarget {
  /** Bus of the device: virtio (the default), sata, scsi or usb. */
  bus?: string;
  /** Present the device read-only to the guest. */
  readonly?: boolean;
  /** PCI address, e.g. 0000:81:01.10. */
  pciAddress?: string;
}

/** Attach the volume as a SCSI LUN. */
export interface LunTarget {
  /** Bus of the device: virtio (the default), sata, scsi or usb. */
  bus?: string;
  /** Present the device read-only to the guest. */
  readonly?: boolean;
  /** Pass SCSI persistent reservations to the LUN. */
  reservation?: boolean;
}

/** Attach the volume as a CD-ROM. */
export interface CDRomTarget {
  /** Bus of the device: virtio (the default), sata, scsi or usb. */
  bus?: string;
  /** Read-only; CD-ROMs are always read-only. Defaults to true. */
  readonly?: boolean;
  /** Tray state: open or closed (the default). */
  tray?: string;
}

/** A port forwarded to the guest. */
export interface Port {
  /** Name of the port. */
  name?: string;
  /** Protocol: TCP (the default) or UDP. */
  protocol?: string;
  /** Port number to forward to the guest. */
  port: number;
}
