// virt-handler's side of live migration against the embedded cluster, with two handlers
// (node1: source, node2: target) and fake launchers (handler/testing/fake-launcher.ts): the
// test plays virt-controller's part (migrationState, target label) and the launchers' part
// (Migrate's answer, the domain leaving the source and running on the target).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig, V1Node, V1Pod } from '@kubernetes/client-node';
import {
  clusterConfigFrom,
  defaultVirtualMachineInstance,
  kubevirtResources,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigrationState,
} from '@podvisor/api';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import {
  createEventRecorder,
  createLogger,
  KubeClient,
  loadKubeConfig,
  requestJson,
  type FlushableEventRecorder,
  type Logger,
} from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtHandler, type VirtHandler } from '../start-virt-handler.ts';
import { FakeLauncher } from '../testing/fake-launcher.ts';

const repo = join(import.meta.dirname, '..', '..', '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-migration-it-'));
const podsDir = join(scratch, 'pods');
const vmiType = kubevirtResources.virtualmachineinstances;
const podType = { apiVersion: 'v1', plural: 'pods', namespaced: true } as const;
const nodeType = { apiVersion: 'v1', plural: 'nodes', namespaced: false } as const;
const targetAddress = '10.88.0.9:49152';

let cluster: TestCluster;
let kubeConfig: KubeConfig;
let client: KubeClient;
let logger: Logger;
let events: FlushableEventRecorder;
const handlers: VirtHandler[] = [];
const launchers: FakeLauncher[] = [];

/** Polls `read` until `check` holds for its value; fails naming `what` after `timeoutMs`. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function getVmi(name: string): Promise<VirtualMachineInstance> {
  const vmi = await client.get<VirtualMachineInstance>(vmiType, `default/${name}`);
  if (vmi === undefined) throw new Error(`VMI ${name} is gone`);
  return vmi;
}

const stateOf = async (name: string): Promise<VirtualMachineInstanceMigrationState> =>
  (await getVmi(name)).status?.migrationState ?? {};

async function launcherPod(input: {
  name: string;
  vmi: VirtualMachineInstance;
  node: string;
  ip: string;
  migrationUid?: string;
}): Promise<string> {
  const pod = await client.create<V1Pod>(podType, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: 'default',
      labels: {
        'kubevirt.io': 'virt-launcher',
        'kubevirt.io/created-by': input.vmi.metadata.uid ?? '',
        ...(input.migrationUid === undefined
          ? {}
          : { 'kubevirt.io/migrationJobUID': input.migrationUid }),
      },
      annotations: { 'kubevirt.io/domain': input.vmi.metadata.name ?? '' },
    },
    spec: {
      nodeName: input.node,
      containers: [{ name: 'compute', image: 'localhost/podvisor/virt-launcher:dev' }],
    },
  });
  await client.patchStatus(podType, `default/${input.name}`, { phase: 'Running', podIP: input.ip });
  return pod.metadata?.uid ?? '';
}

async function fakeLauncher(vmi: VirtualMachineInstance, podUid: string): Promise<FakeLauncher> {
  const launcher = new FakeLauncher({
    podsDir,
    podUid,
    vmiUid: vmi.metadata.uid ?? '',
    domainName: `default_${vmi.metadata.name}`,
    migrationAddress: targetAddress,
  });
  await launcher.start();
  launchers.push(launcher);
  return launcher;
}

/** The VMI's migration, as the test knows it. */
interface Migration {
  readonly name: string;
  readonly uid: string;
  readonly source: FakeLauncher;
  readonly target: FakeLauncher;
  readonly targetPodUid: string;
}

/**
 * A VMI Running on node1 (its source launcher synced by the handler), a target pod on node2
 * with its launcher, and the migration handed to the handlers as virt-controller does.
 */
async function migratingVmi(name: string): Promise<Migration> {
  const spec = defaultVirtualMachineInstance(
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name, namespace: 'default' },
      spec: {
        domain: { devices: {}, resources: { requests: { memory: '128Mi' } } },
        volumes: [{ name: 'root', containerDisk: { image: 'podvisor.local/tiny' } }],
      },
    },
    clusterConfigFrom(undefined),
  );
  const vmi = await client.create<VirtualMachineInstance>(vmiType, {
    ...spec,
    metadata: {
      ...spec.metadata,
      labels: { 'kubevirt.io/nodeName': 'node1' },
      // virt-controller's finalizer keeps a deleted VMI for its handler's shutdown.
      finalizers: ['foregroundDeleteVirtualMachine'],
    },
  });
  const sourcePod = `virt-launcher-${name}-aaaaa`;
  const sourceUid = await launcherPod({ name: sourcePod, vmi, node: 'node1', ip: '10.88.0.7' });
  const source = await fakeLauncher(vmi, sourceUid);
  await client.patch(vmiType, `default/${name}`, {
    status: { phase: 'Scheduled', nodeName: 'node1', activePods: { [sourceUid]: 'node1' } },
  });
  await eventually(
    'Running',
    () => getVmi(name),
    (v) => v.status?.phase === 'Running',
  );

  const uid = `migration-${name}`;
  const targetPod = `virt-launcher-${name}-bbbbb`;
  const targetPodUid = await launcherPod({
    name: targetPod,
    vmi,
    node: 'node2',
    ip: '10.88.0.9',
    migrationUid: uid,
  });
  const target = await fakeLauncher(vmi, targetPodUid);
  await client.patch(vmiType, `default/${name}`, {
    metadata: { labels: { 'kubevirt.io/migrationTargetNodeName': 'node2' } },
    status: {
      migrationState: {
        migrationUid: uid,
        sourceNode: 'node1',
        sourcePod,
        targetNode: 'node2',
        targetPod,
        mode: 'PreCopy',
      },
    },
  });
  return { name, uid, source, target, targetPodUid };
}

/** Waits until the source launcher was asked to Migrate, and checks the handshake before it. */
async function started(m: Migration): Promise<void> {
  const params = await m.source.migrateCalled();
  expect(params).toMatchObject({ targetUri: `tcp://${targetAddress}`, migrationUid: m.uid });
  expect(m.target.calls).toContainEqual({
    method: 'PrepareMigrationTarget',
    params: expect.objectContaining({ migrationUid: m.uid }) as unknown,
  });
  const state = await eventually(
    'the start',
    () => stateOf(m.name),
    (s) => !!s.startTimestamp,
  );
  expect(state).toMatchObject({ targetNodeAddress: targetAddress, mode: 'PreCopy' });
}

/** Gives the handlers time to act on what just happened (a wrong write would land by then). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

function phasesOf(vmi: VirtualMachineInstance): string[] {
  return (vmi.status?.phaseTransitionTimestamps ?? []).map((t) => t.phase ?? '');
}

async function eventReasons(name: string): Promise<string[]> {
  await events.flush();
  const list = (await requestJson(kubeConfig, {
    method: 'GET',
    path: '/api/v1/namespaces/default/events',
  })) as { items: { reason: string; involvedObject: { name: string } }[] };
  return list.items.filter((e) => e.involvedObject.name === name).map((e) => e.reason);
}

function startHandler(node: string): Promise<VirtHandler> {
  return startVirtHandler({
    kubeConfig,
    nodeName: node,
    podsDir,
    events,
    logger: logger.child({ node }),
    heartbeatIntervalMs: 60_000,
    resyncIntervalMs: 5_000,
    watchdogTimeoutMs: 30_000,
  });
}

beforeAll(async () => {
  mkdirSync(podsDir, { recursive: true });
  cluster = await startTestCluster();
  kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
  client = new KubeClient({ kubeConfig, fieldManager: 'migration-test' });
  logger = createLogger({
    component: 'virt-handler',
    level: 'debug',
    destination: join(scratch, 'handler.log'),
  });
  events = createEventRecorder({ kubeConfig, component: 'virt-handler', host: 'node1', logger });
  await cluster.kubectl(['apply', '-f', join(repo, 'deploy', 'base', 'crds')]);
  await cluster.kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
  for (const name of ['node1', 'node2']) {
    await client.create<V1Node>(nodeType, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    });
  }
  handlers.push(await startHandler('node1'), await startHandler('node2'));
}, 120_000);

afterAll(async () => {
  await Promise.all(handlers.map((h) => h.stop()));
  await Promise.all(launchers.map((l) => l.close()));
  await cluster.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('live migration in virt-handler', () => {
  it('prepares the target, migrates, and lets the target take the VMI over without a crash', async () => {
    const m = await migratingVmi('vm-ok');
    await started(m);

    // The launchers' side, one step at a time: the domain leaves the source before Migrate
    // answers, the source launcher exits, and only then the target reports its domain.
    await m.source.moveDomain('Stopped', m.source.status('Shutoff', 'Migrated'));
    await settle();
    expect((await getVmi(m.name)).status?.phase).toBe('Running');
    m.source.settleMigrate();
    await eventually(
      'completed',
      () => stateOf(m.name),
      (s) => s.completed === true,
    );
    await m.source.exit('the domain migrated away');
    await settle();
    expect((await getVmi(m.name)).status).toMatchObject({ phase: 'Running', nodeName: 'node1' });
    await m.target.moveDomain('Resumed', m.target.status('Running', 'Migrated'));

    const vmi = await eventually(
      'the takeover',
      () => getVmi(m.name),
      (v) => v.status?.migrationState?.targetNodeDomainDetected === true,
    );
    expect(vmi.metadata.labels).toMatchObject({ 'kubevirt.io/nodeName': 'node2' });
    expect(vmi.metadata.labels?.['kubevirt.io/migrationTargetNodeName']).toBeUndefined();
    expect(vmi.status).toMatchObject({
      phase: 'Running',
      nodeName: 'node2',
      activePods: { [m.targetPodUid]: 'node2' },
      interfaces: [{ name: 'default', ipAddress: '10.88.0.9' }],
      migrationState: {
        completed: true,
        endTimestamp: expect.any(String) as unknown,
        targetNodeDomainReadyTimestamp: expect.any(String) as unknown,
      },
    });
    expect(vmi.status?.migrationState?.failed).toBeUndefined();

    // The target is the VMI's handler now; the domain that left the source was no crash.
    await settle();
    const later = await getVmi(m.name);
    expect(later.status?.phase).toBe('Running');
    expect(phasesOf(later)).not.toContain('Succeeded');
    expect(phasesOf(later)).not.toContain('Failed');
    expect(m.target.methods()).not.toContain('Sync');
    const reasons = await eventReasons(m.name);
    expect(reasons).toEqual(expect.arrayContaining(['Migrating', 'PreparingTarget']));
    expect(reasons).not.toContain('Crashed');
    expect(reasons).not.toContain('Stopped');

    // Deleting the VMI now shuts the guest down through the TARGET launcher.
    await client.delete(vmiType, `default/${m.name}`);
    await eventually(
      'a Shutdown on the target',
      () => Promise.resolve(m.target.methods()),
      (methods) => methods.includes('Shutdown'),
    );
  }, 60_000);

  it('reports a failed migration and keeps the VMI running on the source', async () => {
    const m = await migratingVmi('vm-fail');
    await started(m);
    m.source.settleMigrate('unable to connect to the target: connection refused');

    const state = await eventually(
      'the failure',
      () => stateOf(m.name),
      (s) => s.failed === true,
    );
    expect(state).toMatchObject({
      failureReason: 'unable to connect to the target: connection refused',
      endTimestamp: expect.any(String) as unknown,
    });
    expect(state.completed).toBeUndefined();
    const vmi = await getVmi(m.name);
    expect(vmi.status).toMatchObject({ phase: 'Running', nodeName: 'node1' });
    expect(await eventReasons(m.name)).toContain('MigrationFailed');
  }, 60_000);

  it('aborts a running migration on request', async () => {
    const m = await migratingVmi('vm-abort');
    await started(m);
    await client.patch(vmiType, `default/${m.name}`, {
      status: { migrationState: { abortRequested: true } },
    });

    const state = await eventually(
      'the abort',
      () => stateOf(m.name),
      (s) => s.failed === true,
    );
    expect(state).toMatchObject({
      abortStatus: 'Succeeded',
      failureReason: 'Live migration aborted',
    });
    expect(m.source.calls).toContainEqual({
      method: 'CancelMigration',
      params: { migrationUid: m.uid },
    });
    expect((await getVmi(m.name)).status).toMatchObject({ phase: 'Running', nodeName: 'node1' });
  }, 60_000);
});
