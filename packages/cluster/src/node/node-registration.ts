import { readFileSync, statfsSync } from 'node:fs';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import type { Logger } from '@podvisor/kube';
import type { JsonObject } from '../apiserver/json.ts';
import { apiTime } from './pod-status.ts';
import { isApiError, mergePatch, type KubeClient } from './kube-client.ts';
import { readObject, readObjects, readString } from './read-json.ts';

/** What the machine offers, as a Node reports it. */
export interface MachineInfo {
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly storageBytes: number;
  readonly kernelVersion: string;
  readonly osImage: string;
  readonly architecture: string;
  readonly machineID: string;
  readonly bootID: string;
  readonly hostname: string;
}

function readTrimmed(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function osImage(): string {
  const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readTrimmed('/etc/os-release'));
  return match?.[1] ?? 'Linux';
}

/** Reads the machine's cpus, memory, disk (of `dataDir`), kernel and OS. */
export function machineInfo(dataDir: string): MachineInfo {
  const fs = statfsSync(dataDir);
  const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };
  return {
    cpus: cpus().length,
    memoryBytes: totalmem(),
    storageBytes: fs.blocks * fs.bsize,
    kernelVersion: release(),
    osImage: osImage(),
    architecture: goArch[arch()] ?? arch(),
    machineID: readTrimmed('/etc/machine-id'),
    bootID: readTrimmed('/proc/sys/kernel/random/boot_id'),
    hostname: hostname(),
  };
}

/** Who the node is: its name, pod range, streaming port and the machine. */
export interface NodeIdentity {
  readonly name: string;
  readonly podCIDR: string;
  readonly streamingPort: number;
  readonly machine: MachineInfo;
}

/** The Node object (metadata and spec) the agent registers. */
export function nodeObject(node: NodeIdentity): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': node.machine.architecture,
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': node.machine.architecture,
        'node.kubernetes.io/instance-type': 'podvisor-local',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { podCIDR: node.podCIDR, podCIDRs: [node.podCIDR] },
  };
}

const conditionDefinitions = [
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  [
    'MemoryPressure',
    'False',
    'KubeletHasSufficientMemory',
    'kubelet has sufficient memory available',
  ],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
] as const;

function conditions(previous: JsonObject, now: string): JsonObject[] {
  const before = readObjects(previous['conditions']);
  return conditionDefinitions.map(([type, status, reason, message]) => {
    const old = before.find((c) => c['type'] === type);
    const since =
      old !== undefined && old['status'] === status
        ? readString(old['lastTransitionTime'], now)
        : now;
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: since };
  });
}

/** The Node's status: capacity, conditions with a fresh heartbeat, addresses, endpoints, nodeInfo. */
export function nodeStatus(node: NodeIdentity, previous: JsonObject, now: string): JsonObject {
  const { machine } = node;
  const capacity = {
    cpu: String(machine.cpus),
    memory: `${Math.floor(machine.memoryBytes / 1024)}Ki`,
    'ephemeral-storage': `${Math.floor(machine.storageBytes / 1024)}Ki`,
    pods: '110',
  };
  return {
    capacity,
    allocatable: capacity,
    conditions: conditions(previous, now),
    addresses: [
      { type: 'InternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: node.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: node.streamingPort } },
    nodeInfo: {
      machineID: machine.machineID,
      systemUUID: machine.machineID,
      bootID: machine.bootID,
      kernelVersion: machine.kernelVersion,
      osImage: machine.osImage,
      containerRuntimeVersion: 'podvisor://0.0.0',
      kubeletVersion: 'v1.32.0',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: machine.architecture,
    },
  };
}

function microTime(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

const leaseDurationSeconds = 40;

/** Registers the Node (or takes over an existing one); returns its uid and the status written. */
export async function registerNode(
  client: KubeClient,
  node: NodeIdentity,
): Promise<{ uid: string; status: JsonObject }> {
  const body = nodeObject(node);
  let stored: JsonObject;
  try {
    stored = await client.call('POST', '/api/v1/nodes', { body });
  } catch (error) {
    if (!isApiError(error, 409)) throw error;
    const { labels, annotations } = readObject(body['metadata']);
    stored = await client.call('PATCH', `/api/v1/nodes/${node.name}`, {
      body: {
        metadata: { labels: labels ?? {}, annotations: annotations ?? {} },
        spec: body['spec'] ?? {},
      },
      contentType: mergePatch,
    });
  }
  const status = await updateNodeStatus(client, node, readObject(stored['status']));
  return { uid: readString(readObject(stored['metadata'])['uid']), status };
}

/** Writes the Node's status with a fresh heartbeat; returns the status written. */
export async function updateNodeStatus(
  client: KubeClient,
  node: NodeIdentity,
  previous: JsonObject,
): Promise<JsonObject> {
  const status = nodeStatus(node, previous, apiTime(new Date()));
  await client.call('PATCH', `/api/v1/nodes/${node.name}/status`, {
    body: { status },
    contentType: mergePatch,
  });
  return status;
}

/** Creates or renews the node's Lease in `kube-node-lease`. */
export async function renewLease(
  client: KubeClient,
  node: { name: string; uid: string },
): Promise<void> {
  const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node.name}`;
  const renewTime = microTime(new Date());
  try {
    await client.call('PATCH', path, {
      body: { spec: { holderIdentity: node.name, renewTime, leaseDurationSeconds } },
      contentType: mergePatch,
    });
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
    await client.call('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: node.name,
          namespace: 'kube-node-lease',
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid }],
        },
        spec: { holderIdentity: node.name, leaseDurationSeconds, renewTime },
      },
    });
  }
}

/** A running heartbeat; `stop` ends it. */
export interface Heartbeat {
  stop(): void;
}

/** Renews the Lease and the Node's conditions every `intervalMs`; errors are logged and retried. */
export function startHeartbeat(
  client: KubeClient,
  node: NodeIdentity & { uid: string },
  options: { intervalMs: number; logger: Logger; status: JsonObject },
): Heartbeat {
  let previous: JsonObject = options.status;
  let busy = false;
  const beat = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await renewLease(client, node);
      previous = await updateNodeStatus(client, node, previous);
    } catch (error) {
      if (isApiError(error, 404)) {
        options.logger.warn('the Node object is gone; registering again');
        previous = (await registerNode(client, node).catch(() => ({ status: {} }))).status;
        return;
      }
      options.logger.warn({ err: error }, 'node heartbeat failed');
    } finally {
      busy = false;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
    },
  };
}
