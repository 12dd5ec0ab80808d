// virt-controller in-process against the embedded cluster with one node agent. The launcher
// image is busybox and `compute` runs `sleep`, so launcher pods are cheap processes: this tests
// the VMI and node controllers' side of the lifecycle, not the launcher.
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { startNodeAgent, type RunningNodeAgent } from '@podvisor/cluster';
import { eventually, startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import type { VirtualMachineInstance } from '@podvisor/api';
import { KubeClient, createLogger, loadKubeConfig, requestJson } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeController } from './node/start-node-controller.ts';
import { runVirtController, type RunningVirtController } from './run-virt-controller.ts';
import { createVirtControllerInformers } from './virt-controller-informers.ts';

const repositoryRoot = join(import.meta.dirname, '../../../..');
const vmisPath = '/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances';

let cluster: TestCluster;
let kubeConfig: KubeConfig;
let agent: RunningNodeAgent;
let controller: RunningVirtController;

interface Pod {
  metadata: { name: string; uid: string; labels: Record<string, string> };
  spec: { nodeName?: string; nodeSelector?: Record<string, string> };
}

async function get<T>(path: string): Promise<T | undefined> {
  try {
    return (await requestJson(kubeConfig, { method: 'GET', path })) as T;
  } catch {
    return undefined;
  }
}

async function kubectl(args: readonly string[]): Promise<string> {
  const result = await cluster.kubectl(args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

async function createVmi(name: string, nodeSelector?: Record<string, string>): Promise<void> {
  await requestJson(kubeConfig, {
    method: 'POST',
    path: vmisPath,
    body: {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name, labels: { app: name } },
      spec: {
        ...(nodeSelector === undefined ? {} : { nodeSelector }),
        terminationGracePeriodSeconds: 0,
        domain: { resources: { requests: { memory: '64Mi' } }, devices: {} },
      },
    },
  });
}

function vmi(name: string): Promise<VirtualMachineInstance | undefined> {
  return get<VirtualMachineInstance>(`${vmisPath}/${name}`);
}

async function waitForPhase(name: string, phase: string): Promise<VirtualMachineInstance> {
  let last: VirtualMachineInstance | undefined;
  try {
    return await eventually(async () => {
      last = await vmi(name);
      return last?.status?.phase === phase ? last : undefined;
    }, `VMI ${name} ${phase}`);
  } catch (error) {
    const pods = await launcherPods(last?.metadata.uid ?? '');
    throw new Error(`${String(error)}; last: ${JSON.stringify({ vmi: last, pods })}`, {
      cause: error,
    });
  }
}

async function launcherPods(vmiUid: string): Promise<Pod[]> {
  const selector = encodeURIComponent(`kubevirt.io/created-by=${vmiUid}`);
  const list = await get<{ items: Pod[] }>(
    `/api/v1/namespaces/default/pods?labelSelector=${selector}`,
  );
  return list?.items ?? [];
}

beforeAll(async () => {
  cluster = await startTestCluster({ controllers: 'all' });
  kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
  await kubectl(['apply', '-f', join(repositoryRoot, 'deploy/base/crds/')]);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  const log = (component: string): ReturnType<typeof createLogger> =>
    createLogger({
      component,
      level: 'debug',
      destination: join(cluster.dataDir, `${component}.log`),
    });
  agent = await startNodeAgent({
    dataDir: cluster.dataDir,
    nodeName: 'node-1',
    logger: log('node-1'),
    podman: null,
    heartbeatMs: 1000,
  });
  // What virt-handler's heartbeat does (contract 6).
  await eventually(() => get(`/api/v1/nodes/node-1`), 'node-1 registered');
  await kubectl(['label', 'node', 'node-1', 'kubevirt.io/schedulable=true']);
  await kubectl([
    'annotate',
    'node',
    'node-1',
    `kubevirt.io/heartbeat=${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  ]);
  controller = await runVirtController({
    kubeConfig,
    logger: log('virt-controller'),
    namespace: 'default',
    podName: 'virt-controller-test',
    launcherImage: 'busybox:1.36',
    // The launcher's flags become the script's positional parameters.
    computeCommand: ['sh', '-c', 'exec sleep 3600', 'virt-launcher'],
    leaderElect: true,
    lease: { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 },
    metricsHost: '127.0.0.1',
    metricsPort: 0,
    nodeHeartbeatTimeoutMs: 600_000,
    handlerGraceMs: 1000,
  });
}, 120_000);

let closed: Promise<void> | undefined;
function closeController(): Promise<void> {
  closed ??= controller.close();
  return closed;
}

afterAll(async () => {
  await closeController();
  await agent.close({ stopPods: true });
  await cluster.close();
}, 60_000);

describe('virt-controller on the embedded cluster', () => {
  it('takes a VMI from Pending through Scheduling to Scheduled on the node', async () => {
    await createVmi('alpha');
    const scheduled = await waitForPhase('alpha', 'Scheduled');
    const uid = scheduled.metadata.uid ?? '';
    const [pod] = await launcherPods(uid);
    expect(pod?.metadata.name).toMatch(/^virt-launcher-alpha-/);
    expect(pod?.spec.nodeName).toBe('node-1');
    expect(scheduled.status?.nodeName).toBe('node-1');
    expect(scheduled.metadata.labels?.['kubevirt.io/nodeName']).toBe('node-1');
    expect(scheduled.status?.activePods).toEqual({ [pod?.metadata.uid ?? '']: 'node-1' });
    expect(scheduled.metadata.finalizers).toContain('foregroundDeleteVirtualMachine');
    expect(scheduled.status?.phaseTransitionTimestamps?.map((t) => t.phase)).toEqual([
      'Pending',
      'Scheduling',
      'Scheduled',
    ]);
    expect(controller.isLeading()).toBe(true);
  });

  it('records the pod creation as an Event on the VMI', async () => {
    const events = await eventually(async () => {
      const list = await get<{ items: { reason: string; message: string }[] }>(
        `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent('involvedObject.name=alpha')}`,
      );
      return list?.items.find((e) => e.reason === 'SuccessfulCreate');
    }, 'the SuccessfulCreate event');
    expect(events.message).toMatch(/^Created virtual machine pod virt-launcher-alpha-/);
  });

  it('fails a Scheduled VMI whose pod is deleted behind its back', async () => {
    const before = await waitForPhase('alpha', 'Scheduled');
    const [pod] = await launcherPods(before.metadata.uid ?? '');
    await kubectl(['delete', 'pod', pod?.metadata.name ?? '', '--wait=false']);
    const failed = await waitForPhase('alpha', 'Failed');
    expect(failed.status?.phaseTransitionTimestamps?.at(-1)?.phase).toBe('Failed');
    // Final without pods: the controller lets go of its finalizer.
    await eventually(
      async () => ((await vmi('alpha'))?.metadata.finalizers?.length ?? 0) === 0 || undefined,
      'the finalizer of a final VMI without pods removed',
    );
  });

  it('deletes the pod of a deleted VMI, then lets the VMI go', async () => {
    await createVmi('beta');
    const scheduled = await waitForPhase('beta', 'Scheduled');
    await kubectl(['delete', 'vmi', 'beta', '--wait=false']);
    await eventually(
      async () => ((await vmi('beta')) === undefined ? true : undefined),
      'VMI beta gone',
    );
    expect(await launcherPods(scheduled.metadata.uid ?? '')).toEqual([]);
  });

  it('mirrors an unschedulable pod on a VMI no node can take', async () => {
    await createVmi('gamma', { 'no-such-label': 'anywhere' });
    const waiting = await eventually(async () => {
      const current = await vmi('gamma');
      const condition = current?.status?.conditions?.find((c) => c.type === 'PodScheduled');
      return condition === undefined ? undefined : { current, condition };
    }, 'the mirrored PodScheduled condition');
    expect(waiting.current?.status?.phase).toBe('Scheduling');
    expect(waiting.condition).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    const [pod] = await launcherPods(waiting.current?.metadata.uid ?? '');
    expect(pod?.spec.nodeSelector).toEqual({
      'no-such-label': 'anywhere',
      'kubevirt.io/schedulable': 'true',
    });
  });

  it('exposes the phase transition histogram on /metrics', async () => {
    const response = await fetch(`http://127.0.0.1:${String(controller.metricsPort)}/metrics`);
    const text = await response.text();
    expect(text).toMatch(
      /kubevirt_vmi_phase_transition_time_from_creation_seconds_count\{phase="Scheduled"\} [1-9]/,
    );
    expect(text).toMatch(
      /kubevirt_vmi_phase_transition_time_from_creation_seconds_count\{phase="Failed"\} [1-9]/,
    );
  });

  it('runs the VM controller too: a VM that should run gets a VMI and a launcher pod', async () => {
    await requestJson(kubeConfig, {
      method: 'POST',
      path: '/apis/kubevirt.io/v1/namespaces/default/virtualmachines',
      body: {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        metadata: { name: 'epsilon' },
        spec: {
          runStrategy: 'Always',
          template: {
            metadata: { labels: { app: 'epsilon' } },
            spec: { domain: { resources: { requests: { memory: '64Mi' } }, devices: {} } },
          },
        },
      },
    });
    const scheduled = await waitForPhase('epsilon', 'Scheduled');
    expect(scheduled.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'VirtualMachine',
      name: 'epsilon',
    });
    const [pod] = await launcherPods(scheduled.metadata.uid ?? '');
    expect(pod?.metadata.labels['vm.kubevirt.io/name']).toBe('epsilon');
  });

  it('marks a node whose handler stopped beating unschedulable and fails its podless VMIs', async () => {
    await createVmi('delta');
    const scheduled = await waitForPhase('delta', 'Scheduled');
    const [pod] = await launcherPods(scheduled.metadata.uid ?? '');
    // The node controller alone from here, so the VMI controller cannot fail the VMI first.
    await closeController();
    await kubectl(['delete', 'pod', pod?.metadata.name ?? '']);
    await kubectl([
      'annotate',
      '--overwrite',
      'node',
      'node-1',
      'kubevirt.io/heartbeat=2020-01-01T00:00:00Z',
    ]);
    const logger = createLogger({ component: 'node-controller', level: 'silent' });
    const informers = createVirtControllerInformers({ kubeConfig, logger, namespace: 'default' });
    informers.start();
    await informers.synced;
    const nodeController = startNodeController({
      client: new KubeClient({ kubeConfig, fieldManager: 'podvisor-virt-controller' }),
      nodes: informers.nodes,
      vmis: informers.vmis,
      pods: informers.pods,
      events: { record: () => undefined },
      logger,
      heartbeatTimeoutMs: 60_000,
    });
    try {
      const node = await eventually(async () => {
        const current = await get<{ metadata: { labels: Record<string, string> } }>(
          '/api/v1/nodes/node-1',
        );
        return current?.metadata.labels['kubevirt.io/schedulable'] === 'false'
          ? current
          : undefined;
      }, 'node-1 unschedulable');
      expect(node.metadata.labels['kubevirt.io/schedulable']).toBe('false');
      const failed = await waitForPhase('delta', 'Failed');
      expect(failed.status?.reason).toBe('NodeUnresponsive');
    } finally {
      await nodeController.stop();
      await informers.stop();
    }
  });
});
