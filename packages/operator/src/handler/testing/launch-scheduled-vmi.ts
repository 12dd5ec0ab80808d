import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import {
  clusterConfigFrom,
  defaultVirtualMachineInstance,
  kubevirtResources,
  type VirtualMachineInstance,
} from '@podvisor/api';
import type { KubeClient } from '@podvisor/kube';
import { launcherSocketDir } from '../../shared/launcher-pod-layout.ts';

const vmiType = kubevirtResources.virtualmachineinstances;
const podType = { apiVersion: 'v1', plural: 'pods', namespaced: true } as const;
const launcherMain = join(import.meta.dirname, '..', '..', 'cmd', 'virt-launcher.ts');

/** Where and how {@link launchScheduledVmi} runs a VMI. */
export interface ScheduledVmiOptions {
  readonly client: KubeClient;
  readonly name: string;
  readonly node: string;
  /** The node's pod directories, as virt-handler sees them. */
  readonly podsDir: string;
  /** Holds the image catalog (`images/`). */
  readonly dataDir: string;
  /** A node-wide QEMU capability cache shared by the test's launchers. */
  readonly capabilitiesCacheDir: string;
  readonly terminationGracePeriodSeconds: number;
  /** Adds virt-controller's finalizer, which keeps a deleted VMI around for its final status. */
  readonly withFinalizer?: boolean;
}

/** A VMI scheduled on a node, with its launcher pod object and the real launcher process. */
export interface ScheduledVmi {
  readonly vmi: VirtualMachineInstance;
  readonly podUid: string;
  /** The pod's `private` volume: the launcher's state directory (`vm/serial.log` is in it). */
  readonly privateDir: string;
  readonly child: ChildProcess;
  readonly exitCode: Promise<number | null>;
}

/**
 * What virt-controller and the node agent would have done for a tiny-guest VMI: the VMI labelled
 * with the node, its launcher pod (Running, with an IP), the real `virt-launcher` process on the
 * pod's volumes laid out as kubelet does, then the VMI Scheduled with `activePods`. The tests of
 * virt-handler drive it from there.
 */
export async function launchScheduledVmi(options: ScheduledVmiOptions): Promise<ScheduledVmi> {
  const { client, name, node } = options;
  const spec = defaultVirtualMachineInstance(
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name, namespace: 'default' },
      spec: {
        domain: { devices: {}, resources: { requests: { memory: '128Mi' } } },
        volumes: [{ name: 'root', containerDisk: { image: 'podvisor.local/tiny' } }],
        terminationGracePeriodSeconds: options.terminationGracePeriodSeconds,
      },
    },
    clusterConfigFrom(undefined),
  );
  const vmi = await client.create<VirtualMachineInstance>(vmiType, {
    ...spec,
    metadata: {
      ...spec.metadata,
      labels: { 'kubevirt.io/nodeName': node },
      ...(options.withFinalizer === true ? { finalizers: ['foregroundDeleteVirtualMachine'] } : {}),
    },
  });
  const podName = `virt-launcher-${name}-abcde`;
  const pod = await client.create<V1Pod>(podType, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace: 'default',
      labels: { 'kubevirt.io': 'virt-launcher', 'kubevirt.io/created-by': vmi.metadata.uid ?? '' },
      annotations: { 'kubevirt.io/domain': name },
    },
    spec: {
      nodeName: node,
      containers: [{ name: 'compute', image: 'localhost/podvisor/virt-launcher:dev' }],
    },
  });
  const podUid = pod.metadata?.uid ?? '';
  await client.patchStatus(podType, `default/${podName}`, { phase: 'Running', podIP: '10.88.0.7' });
  const privateDir = join(options.podsDir, podUid, 'volumes', 'kubernetes.io~empty-dir', 'private');
  const child = spawn(
    process.execPath,
    [
      launcherMain,
      ...['--state-dir', privateDir],
      ...['--socket-dir', launcherSocketDir(options.podsDir, podUid)],
      ...['--data-dir', options.dataDir],
      ...['--vmi-uid', vmi.metadata.uid ?? ''],
      ...['--pod-uid', podUid],
      ...['--capabilities-cache-dir', options.capabilitiesCacheDir],
      ...['--log-level', 'warn'],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // What virt-controller writes when the pod runs (VMIs have no status subresource).
  await client.patch(vmiType, `default/${name}`, {
    status: {
      phase: 'Scheduled',
      phaseTransitionTimestamps: [
        { phase: 'Scheduled', phaseTransitionTimestamp: new Date().toISOString() },
      ],
      nodeName: node,
      activePods: { [podUid]: node },
    },
  });
  return { vmi, podUid, privateDir, child, exitCode };
}
