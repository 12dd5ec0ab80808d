import type {
  V1Container,
  V1EnvVar,
  V1HostPathVolumeSource,
  V1Pod,
  V1PodSpec,
  V1ResourceRequirements,
  V1Volume,
} from '@kubernetes/client-node';
import {
  annotations,
  appLauncherLabels,
  formatBytes,
  labels,
  parseQuantity,
  type VirtualMachineInstance,
} from '@podvisor/api';
import { TerminalError } from '@podvisor/kube';
import { launcherPodLayout } from '../../shared/launcher-pod-layout.ts';
import { guestMemoryBytes, memoryOverheadBytes } from './memory-overhead.ts';

/** How launcher pods are rendered (from virt-controller's configuration). */
export interface LauncherPodConfig {
  /** The virt-launcher image (`VIRT_LAUNCHER_IMAGE`); `compute` and `guest-console-log` run it. */
  readonly launcherImage: string;
  /**
   * Replaces the `compute` container's entrypoint. Tests only: with a plain image such as
   * busybox, the pod is a cheap `sleep` instead of a launcher.
   */
  readonly computeCommand?: readonly string[];
}

/** KubeVirt's grace period of a VMI that sets none. */
export const defaultTerminationGracePeriodSeconds = 30;

/** What the pod's grace period adds to the VMI's (KubeVirt: 15 s + 15 s). */
export const launcherGracePeriodPaddingSeconds = 30;

/** The annotation KubeVirt records the computed overhead in. */
export const memoryOverheadAnnotation = 'kubevirt.io/memory-overhead-bytes';

const { volumes } = launcherPodLayout;
const socketPath = `${volumes.sockets.mountPath}/${launcherPodLayout.socketName}`;
const serialLogPath = `${volumes.private.mountPath}/${launcherPodLayout.serialLog}`;
const maxHostnameLength = 63;

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw new TerminalError(`the VMI has no ${field}`);
  return value;
}

/** The VM that controls the VMI, from its controller ownerReference. */
function owningVmName(vmi: VirtualMachineInstance): string | undefined {
  return vmi.metadata.ownerReferences?.find(
    (ref) => ref.controller === true && ref.kind === 'VirtualMachine',
  )?.name;
}

function podLabels(vmi: VirtualMachineInstance, uid: string): Record<string, string> {
  const vm = owningVmName(vmi);
  return {
    ...vmi.metadata.labels,
    ...appLauncherLabels,
    [labels.createdBy]: uid,
    ...(vm === undefined ? {} : { [labels.vmName]: vm }),
  };
}

function bytesOf(value: string | number | undefined, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  const bytes = parseQuantity(value);
  if (bytes === undefined) {
    throw new TerminalError(`${field}: ${JSON.stringify(value)} is not a valid quantity`);
  }
  return bytes;
}

function textMap(values: Record<string, string | number> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, String(v)]));
}

/**
 * The compute container's resources: the VMI's requests and limits, with the launcher overhead
 * added to the memory request (unless `overcommitGuestOverhead`) and to a memory limit.
 */
export function launcherResources(
  vmi: VirtualMachineInstance,
  overhead: bigint,
): V1ResourceRequirements {
  const resources = vmi.spec.domain.resources ?? {};
  const requests = textMap(resources.requests);
  const limits = textMap(resources.limits);
  const requested =
    bytesOf(resources.requests?.memory, 'spec.domain.resources.requests.memory') ??
    guestMemoryBytes(vmi);
  const requestOverhead = resources.overcommitGuestOverhead === true ? 0n : overhead;
  requests.memory = formatBytes(requested + requestOverhead);
  const limit = bytesOf(resources.limits?.memory, 'spec.domain.resources.limits.memory');
  if (limit !== undefined) limits.memory = formatBytes(limit + overhead);
  return Object.keys(limits).length === 0 ? { requests } : { requests, limits };
}

function fieldEnv(name: string, fieldPath: string): V1EnvVar {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

function computeContainer(
  vmi: VirtualMachineInstance,
  config: LauncherPodConfig,
  uid: string,
): V1Container {
  return {
    name: launcherPodLayout.computeContainer,
    image: config.launcherImage,
    ...(config.computeCommand === undefined ? {} : { command: [...config.computeCommand] }),
    args: [
      ...['--state-dir', volumes.private.mountPath],
      ...['--socket-dir', volumes.sockets.mountPath],
      ...['--data-dir', launcherPodLayout.dataDir],
      ...['--vmi-uid', uid],
      ...['--capabilities-cache-dir', volumes.capabilitiesCache.mountPath],
    ],
    env: [fieldEnv('POD_UID', 'metadata.uid'), fieldEnv('POD_IP', 'status.podIP')],
    volumeMounts: [
      { name: volumes.private.name, mountPath: volumes.private.mountPath },
      { name: volumes.sockets.name, mountPath: volumes.sockets.mountPath },
      { name: volumes.images.name, mountPath: volumes.images.mountPath, readOnly: true },
      { name: volumes.capabilitiesCache.name, mountPath: volumes.capabilitiesCache.mountPath },
    ],
    resources: launcherResources(vmi, memoryOverheadBytes(vmi)),
  };
}

function consoleLogContainer(config: LauncherPodConfig): V1Container {
  return {
    name: launcherPodLayout.consoleLogContainer,
    image: config.launcherImage,
    command: [launcherPodLayout.tailCommand],
    args: ['--logfile', serialLogPath, '--launcher-socket', socketPath],
    volumeMounts: [
      { name: volumes.private.name, mountPath: volumes.private.mountPath, readOnly: true },
      { name: volumes.sockets.name, mountPath: volumes.sockets.mountPath, readOnly: true },
    ],
  };
}

function podVolumes(): V1Volume[] {
  const hostDir = (path: string): V1HostPathVolumeSource => ({ path, type: 'DirectoryOrCreate' });
  return [
    { name: volumes.private.name, emptyDir: {} },
    { name: volumes.sockets.name, emptyDir: {} },
    { name: volumes.images.name, hostPath: hostDir(volumes.images.hostPath) },
    {
      name: volumes.capabilitiesCache.name,
      hostPath: hostDir(volumes.capabilitiesCache.hostPath),
    },
  ];
}

/** The scheduling fields copied from the VMI (only those it sets). */
function schedulingFields(vmi: VirtualMachineInstance): Partial<V1PodSpec> {
  const spec = vmi.spec;
  return {
    ...(spec.affinity === undefined ? {} : { affinity: spec.affinity }),
    ...(spec.tolerations === undefined ? {} : { tolerations: spec.tolerations }),
    ...(spec.schedulerName === undefined ? {} : { schedulerName: spec.schedulerName }),
    ...(spec.priorityClassName === undefined ? {} : { priorityClassName: spec.priorityClassName }),
    ...(spec.subdomain === undefined ? {} : { subdomain: spec.subdomain }),
    ...(spec.dnsPolicy === undefined ? {} : { dnsPolicy: spec.dnsPolicy }),
  };
}

/** The pod's hostname: the VMI's `spec.hostname`, else its name, cut to a DNS label. */
function podHostname(vmi: VirtualMachineInstance, name: string): string {
  return (vmi.spec.hostname ?? name).slice(0, maxHostnameLength).replace(/[-.]+$/, '');
}

/**
 * Renders the virt-launcher pod of `vmi` (issue 7's contract 1, after KubeVirt's
 * `services/template.go`): `compute` runs the launcher with the VMI's resources plus the
 * launcher overhead, `guest-console-log` streams the serial log; KubeVirt's labels, annotations
 * and controller ownerReference; the VMI's nodeSelector (plus `kubevirt.io/schedulable=true`),
 * affinity and tolerations; restartPolicy Never and a grace period covering the VMI's. Pure;
 * throws a `TerminalError` for a VMI it cannot render (no name or UID, a malformed quantity).
 */
export function launcherPod(vmi: VirtualMachineInstance, config: LauncherPodConfig): V1Pod {
  const name = required(vmi.metadata.name, 'metadata.name');
  const uid = required(vmi.metadata.uid, 'metadata.uid');
  const grace = vmi.spec.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `virt-launcher-${name}-`,
      ...(vmi.metadata.namespace === undefined ? {} : { namespace: vmi.metadata.namespace }),
      labels: podLabels(vmi, uid),
      annotations: {
        [annotations.domain]: name,
        'kubectl.kubernetes.io/default-container': launcherPodLayout.computeContainer,
        [memoryOverheadAnnotation]: String(memoryOverheadBytes(vmi)),
      },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstance',
          name,
          uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: [computeContainer(vmi, config, uid), consoleLogContainer(config)],
      volumes: podVolumes(),
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: grace + launcherGracePeriodPaddingSeconds,
      nodeSelector: { ...vmi.spec.nodeSelector, [labels.nodeSchedulable]: 'true' },
      ...schedulingFields(vmi),
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      hostname: podHostname(vmi, name),
    },
  };
}
