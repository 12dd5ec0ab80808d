// The migration controller in-process against the embedded API server with the kubevirt.io
// CRDs; no scheduler, kubelet, VMI controller or handlers: the test plays their parts by binding
// pods, writing pod phases and writing the VMI's migrationState as the handlers would.
import { join } from 'node:path';
import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import type { VirtualMachineInstance, VirtualMachineInstanceMigration } from '@podvisor/api';
import { startTestCluster, until, type TestCluster } from '@podvisor/cluster/testing';
import {
  createEventRecorder,
  createLogger,
  Informer,
  KubeClient,
  loadKubeConfig,
  requestJson,
  type FlushableEventRecorder,
  type RunningController,
} from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherPodIndexers } from '../vm/start-vm-controller.ts';
import { createMigrationInformer } from './migration-informer.ts';
import { startMigrationController } from './start-migration-controller.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..', '..');
const ns = '/namespaces/default';
const vmisPath = `/apis/kubevirt.io/v1${ns}/virtualmachineinstances`;
const vmimsPath = `/apis/kubevirt.io/v1${ns}/virtualmachineinstancemigrations`;
const podsPath = `/api/v1${ns}/pods`;

let cluster: TestCluster;
let kubeConfig: KubeConfig;
let vmis: Informer<VirtualMachineInstance>;
let pods: Informer<V1Pod>;
let migrations: Informer<VirtualMachineInstanceMigration>;
let events: FlushableEventRecorder;
let controller: RunningController;

async function call(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  merge = false,
): Promise<unknown> {
  return requestJson(kubeConfig, {
    method,
    path,
    ...(body === undefined ? {} : { body }),
    ...(merge ? { contentType: 'application/merge-patch+json' } : {}),
  });
}

const patch = (path: string, body: unknown): Promise<unknown> => call('PATCH', path, body, true);
const vmi = (name: string): VirtualMachineInstance | undefined => vmis.get(`default/${name}`);
const vmim = (name: string): VirtualMachineInstanceMigration | undefined =>
  migrations.get(`default/${name}`);
const phaseOf = (name: string): string | undefined => vmim(name)?.status?.phase;

/** Deleted: gone, or terminating (no kubelet here finishes a graceful deletion). */
function deleted(name: string): boolean {
  const pod = pods.get(`default/${name}`);
  return pod === undefined || pod.metadata?.deletionTimestamp != null;
}

function targetPodOf(migration: string): V1Pod | undefined {
  const uid = vmim(migration)?.metadata.uid;
  if (uid === undefined) return undefined;
  return pods.list().find((pod) => pod.metadata?.labels?.['kubevirt.io/migrationJobUID'] === uid);
}

const running = {
  phase: 'Running',
  containerStatuses: [
    {
      name: 'compute',
      image: 'x',
      imageID: '',
      ready: true,
      restartCount: 0,
      state: { running: {} },
    },
  ],
};

/** Plays the scheduler and the kubelet: binds the pod to `node` and runs it. */
async function runPod(name: string, node: string): Promise<void> {
  await patch(`${podsPath}/${name}`, { spec: { nodeName: node } });
  await patch(`${podsPath}/${name}/status`, { status: running });
}

/** A Running VMI on node-1 with its source launcher pod, as the VMI controller and handler leave it. */
async function runningVmi(name: string, migratable = true): Promise<VirtualMachineInstance> {
  const created = (await call('POST', vmisPath, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, labels: { 'kubevirt.io/nodeName': 'node-1' } },
    spec: { domain: { resources: { requests: { memory: '64Mi' } }, devices: {} } },
  })) as VirtualMachineInstance;
  const condition = migratable
    ? { type: 'LiveMigratable', status: 'True' }
    : {
        type: 'LiveMigratable',
        status: 'False',
        reason: 'DisksNotLiveMigratable',
        message: 'hostDisk',
      };
  await patch(`${vmisPath}/${name}`, {
    status: { phase: 'Running', nodeName: 'node-1', conditions: [condition] },
  });
  const uid = created.metadata.uid ?? '';
  await call('POST', podsPath, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `virt-launcher-${name}-source`,
      labels: { 'kubevirt.io': 'virt-launcher', 'kubevirt.io/created-by': uid },
      ownerReferences: [
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstance',
          name,
          uid,
          controller: true,
        },
      ],
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'compute', image: 'busybox' }] },
  });
  await patch(`${podsPath}/virt-launcher-${name}-source/status`, { status: running });
  await until(() => vmi(name)?.status?.phase === 'Running', `VMI ${name} Running`);
  return created;
}

async function migrate(name: string, vmiName: string): Promise<void> {
  await call('POST', vmimsPath, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceMigration',
    metadata: { name },
    spec: { vmiName },
  });
}

/** Plays a handler: merge-patches the VMI's migrationState. */
async function report(vmiName: string, state: Record<string, unknown>, extra = {}): Promise<void> {
  await patch(`${vmisPath}/${vmiName}`, { status: { migrationState: state, ...extra } });
}

async function eventsOf(name: string): Promise<{ reason: string; message: string }[]> {
  await events.flush();
  const list = (await call(
    'GET',
    `/api/v1${ns}/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${name}`)}`,
  )) as { items: { reason: string; message: string }[] };
  return list.items;
}

/** Drives `migration` to Running: the target pod runs on node-2, both handlers reported. */
async function toRunning(migration: string, vmiName: string): Promise<void> {
  await until(() => targetPodOf(migration) !== undefined, `${migration} target pod`);
  await runPod(targetPodOf(migration)?.metadata?.name ?? '', 'node-2');
  await until(() => phaseOf(migration) === 'PreparingTarget', `${migration} PreparingTarget`);
  await report(vmiName, { targetNodeAddress: '10.0.0.2:49152' });
  await until(() => phaseOf(migration) === 'TargetReady', `${migration} TargetReady`);
  await report(vmiName, { startTimestamp: new Date().toISOString() });
  await until(() => phaseOf(migration) === 'Running', `${migration} Running`);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  const apply = await cluster.kubectl([
    'apply',
    '-f',
    join(repositoryRoot, 'deploy', 'base', 'crds'),
  ]);
  if (apply.code !== 0) throw new Error(apply.stderr);
  await cluster.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
  const logger = createLogger({
    component: 'migration-controller-test',
    level: 'debug',
    destination: join(cluster.dataDir, 'migration-controller.log'),
  });
  const base = { kubeConfig, logger, backoff: { initialMs: 50, maxMs: 500 } };
  vmis = new Informer({ ...base, path: '/apis/kubevirt.io/v1/virtualmachineinstances' });
  pods = new Informer({
    ...base,
    path: '/api/v1/pods',
    labelSelector: 'kubevirt.io=virt-launcher',
    indexers: launcherPodIndexers,
  });
  migrations = createMigrationInformer({ kubeConfig, logger });
  for (const informer of [vmis, pods, migrations]) informer.start();
  await Promise.all([vmis.synced, pods.synced, migrations.synced]);
  events = createEventRecorder({ kubeConfig, component: 'virt-controller', logger });
  controller = startMigrationController({
    client: new KubeClient({ kubeConfig, fieldManager: 'podvisor-virt-controller' }),
    migrations,
    vmis,
    pods,
    events,
    logger,
    launcherPod: { launcherImage: 'busybox:1.36' },
  });
});

afterAll(async () => {
  await controller.stop();
  await Promise.all([vmis.stop(), pods.stop(), migrations.stop()]);
  await cluster.close();
});

describe('the migration controller on the embedded cluster', () => {
  it('creates the target pod away from the source node: Scheduling', async () => {
    await runningVmi('vm1');
    await migrate('mig1', 'vm1');
    await until(() => phaseOf('mig1') === 'Scheduling', 'mig1 Scheduling');
    expect(vmim('mig1')?.metadata.finalizers).toEqual(['kubevirt.io/migrationJobFinalize']);
    const target = targetPodOf('mig1');
    expect(target?.metadata?.labels?.['kubevirt.io/migrationJobName']).toBe('mig1');
    const notSource = { key: 'metadata.name', operator: 'NotIn', values: ['node-1'] };
    expect(
      target?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual({ nodeSelectorTerms: [{ matchFields: [notSource] }] });
  });

  it('hands the VMI over to the handlers and follows their reports to Running', async () => {
    await toRunning('mig1', 'vm1');
    expect(vmi('vm1')?.metadata.labels?.['kubevirt.io/migrationTargetNodeName']).toBe('node-2');
    expect(vmi('vm1')?.status?.migrationState).toMatchObject({
      migrationUid: vmim('mig1')?.metadata.uid,
      sourceNode: 'node-1',
      sourcePod: 'virt-launcher-vm1-source',
      targetNode: 'node-2',
      targetPod: targetPodOf('mig1')?.metadata?.name,
      mode: 'PreCopy',
    });
  });

  it('succeeds once the VMI runs on the target, then cleans up', async () => {
    await report('vm1', { completed: true }, { nodeName: 'node-2' });
    await until(() => phaseOf('mig1') === 'Succeeded', 'mig1 Succeeded');
    await until(() => deleted('virt-launcher-vm1-source'), 'source pod deleted');
    await until(() => (vmim('mig1')?.metadata.finalizers ?? []).length === 0, 'finalizer released');
    await until(() => vmim('mig1')?.status?.migrationState?.completed === true, 'state mirrored');
    expect(deleted(targetPodOf('mig1')?.metadata?.name ?? '')).toBe(false);
    expect(vmi('vm1')?.metadata.labels).not.toHaveProperty('kubevirt.io/migrationTargetNodeName');
    expect(vmim('mig1')?.status?.phaseTransitionTimestamps?.map((t) => t.phase)).toEqual([
      'Pending',
      'Scheduling',
      'Scheduled',
      'PreparingTarget',
      'TargetReady',
      'Running',
      'Succeeded',
    ]);
    const reasons = (await eventsOf('mig1')).map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['SuccessfulCreate', 'Migrated']));
    const table = await cluster.kubectl(['get', 'vmim', 'mig1']);
    expect(table.stdout).toMatch(/mig1\s+Succeeded\s+vm1/);
  });

  it('fails the migration of a VMI that is not live-migratable', async () => {
    await runningVmi('pinned', false);
    await migrate('mig-pinned', 'pinned');
    await until(() => phaseOf('mig-pinned') === 'Failed', 'mig-pinned Failed');
    expect(vmim('mig-pinned')?.status?.migrationState?.failureReason).toBe(
      'Cannot migrate VMI, Reason: DisksNotLiveMigratable, Message: hostDisk',
    );
    expect(targetPodOf('mig-pinned')).toBeUndefined();
    const messages = (await eventsOf('mig-pinned')).map((e) => `${e.reason}: ${e.message}`);
    expect(messages).toContain(
      'FailedMigration: Cannot migrate VMI, Reason: DisksNotLiveMigratable, Message: hostDisk',
    );
  });

  it('fails when the target pod is deleted, leaving the VMI on its source', async () => {
    await runningVmi('vm2');
    await migrate('mig2', 'vm2');
    await until(() => targetPodOf('mig2') !== undefined, 'mig2 target pod');
    await runPod(targetPodOf('mig2')?.metadata?.name ?? '', 'node-2');
    await until(() => phaseOf('mig2') === 'PreparingTarget', 'mig2 PreparingTarget');
    await call('DELETE', `${podsPath}/${targetPodOf('mig2')?.metadata?.name ?? ''}`);
    await until(() => phaseOf('mig2') === 'Failed', 'mig2 Failed');
    await until(() => vmi('vm2')?.status?.migrationState?.failed === true, 'VMI state failed');
    expect(vmi('vm2')?.status?.migrationState?.failureReason).toMatch(
      /^target pod virt-launcher-vm2-\S+ shut down before the migration completed/,
    );
    expect(vmi('vm2')?.status?.nodeName).toBe('node-1');
    await until(
      () => vmi('vm2')?.metadata.labels?.['kubevirt.io/migrationTargetNodeName'] === undefined,
      'target label cleared',
    );
    expect(pods.get('default/virt-launcher-vm2-source')).toBeDefined();
  });

  it('cancels a running migration when it is deleted, after the source aborted', async () => {
    await runningVmi('vm3');
    await migrate('mig3', 'vm3');
    await toRunning('mig3', 'vm3');
    const target = targetPodOf('mig3')?.metadata?.name ?? '';
    await call('DELETE', `${vmimsPath}/mig3`);
    await until(
      () => vmi('vm3')?.status?.migrationState?.abortRequested === true,
      'abort requested',
    );
    expect(vmim('mig3')?.metadata.deletionTimestamp).toBeDefined();
    expect(phaseOf('mig3')).toBe('Running');
    await report('vm3', {
      failed: true,
      failureReason: 'canceled by the user',
      abortStatus: 'Succeeded',
    });
    await until(() => vmim('mig3') === undefined, 'mig3 gone');
    await until(() => deleted(target), 'target pod deleted');
    expect(vmi('vm3')?.status?.nodeName).toBe('node-1');
  });

  it('lets a second migration of the same VMI wait in Pending until the first ends', async () => {
    await runningVmi('vm4');
    await migrate('first', 'vm4');
    await until(() => phaseOf('first') === 'Scheduling', 'first Scheduling');
    await migrate('second', 'vm4');
    await until(() => phaseOf('second') === 'Pending', 'second Pending');
    expect(targetPodOf('second')).toBeUndefined();
    await call('DELETE', `${podsPath}/${targetPodOf('first')?.metadata?.name ?? ''}`);
    await until(() => phaseOf('first') === 'Failed', 'first Failed');
    await until(() => phaseOf('second') === 'Scheduling', 'second Scheduling');
    expect(targetPodOf('second')).toBeDefined();
  });
});
