// The VM controller in-process against the embedded API server with the kubevirt.io CRDs; no
// VMI controller, launcher or node: the test plays their part by writing VMI status.
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { kubevirtResources, type VirtualMachine, type VirtualMachineInstance } from '@podvisor/api';
import { startTestCluster, until, type TestCluster } from '@podvisor/cluster/testing';
import {
  createEventRecorder,
  createLogger,
  Informer,
  KubeClient,
  loadKubeConfig,
  requestJson,
  resourcePath,
  type FlushableEventRecorder,
  type RunningController,
} from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherPodIndexers, startVmController } from './start-vm-controller.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..', '..');
const vmType = kubevirtResources.virtualmachines;
const vmiType = kubevirtResources.virtualmachineinstances;

let cluster: TestCluster;
let kubeConfig: ReturnType<typeof loadKubeConfig>;
let vms: Informer<VirtualMachine>;
let vmis: Informer<VirtualMachineInstance>;
let pods: Informer<V1Pod>;
let events: FlushableEventRecorder;
let controller: RunningController;
const abort = new AbortController();

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  cluster = await startTestCluster();
  await kubectl(['apply', '-f', join(repositoryRoot, 'deploy', 'base', 'crds')]);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
  const logger = createLogger({
    component: 'vm-controller-test',
    level: 'debug',
    destination: join(cluster.dataDir, 'vm-controller.log'),
  });
  const base = { kubeConfig, logger, backoff: { initialMs: 50, maxMs: 500 } };
  vms = new Informer({ ...base, path: '/apis/kubevirt.io/v1/virtualmachines' });
  vmis = new Informer({ ...base, path: '/apis/kubevirt.io/v1/virtualmachineinstances' });
  pods = new Informer({
    ...base,
    path: '/api/v1/pods',
    labelSelector: 'kubevirt.io=virt-launcher',
    indexers: launcherPodIndexers,
  });
  for (const informer of [vms, vmis, pods]) informer.start();
  events = createEventRecorder({ kubeConfig, component: 'virt-controller', logger });
  controller = startVmController({
    client: new KubeClient({ kubeConfig, fieldManager: 'podvisor-virt-controller' }),
    vms,
    vmis,
    pods,
    events,
    logger,
    signal: abort.signal,
    backoff: { minIntervalSeconds: 1, maxDelaySeconds: 2, minStableRunSeconds: 0 },
  });
});

afterAll(async () => {
  abort.abort();
  await controller.stop();
  await Promise.all([vms.stop(), vmis.stop(), pods.stop()]);
  await cluster.close();
});

function vmYaml(name: string, runStrategy: string): string {
  return `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: ${name}
  namespace: default
spec:
  runStrategy: ${runStrategy}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      domain:
        devices: {}
        resources:
          requests:
            memory: 64Mi
`;
}

const vmi = (name: string): VirtualMachineInstance | undefined => vmis.get(`default/${name}`);
const vm = (name: string): VirtualMachine | undefined => vms.get(`default/${name}`);

async function patch(path: string, body: unknown): Promise<void> {
  await requestJson(kubeConfig, {
    method: 'PATCH',
    path,
    contentType: 'application/merge-patch+json',
    body,
  });
}

/** Plays virt-handler: sets the VMI's phase (the VMI CRD has no status subresource, as KubeVirt's). */
async function setVmiPhase(name: string, phase: string): Promise<void> {
  const path = resourcePath(vmiType, { namespace: 'default', name });
  await patch(path, { status: { phase } });
}

/** Plays virt-handler: the VMI ran for a minute, then ended in `phase`. */
async function finishAfterRunning(name: string, phase: string): Promise<void> {
  await patch(resourcePath(vmiType, { namespace: 'default', name }), {
    status: {
      phase,
      phaseTransitionTimestamps: [
        { phase: 'Running', phaseTransitionTimestamp: '2025-01-01T00:00:00Z' },
        { phase, phaseTransitionTimestamp: '2025-01-01T00:01:00Z' },
      ],
    },
  });
}

async function setRequests(name: string, requests: unknown[]): Promise<void> {
  const path = resourcePath(vmType, { namespace: 'default', name, subresource: 'status' });
  await patch(path, { status: { stateChangeRequests: requests } });
}

async function setRunStrategy(name: string, runStrategy: string): Promise<void> {
  await patch(resourcePath(vmType, { namespace: 'default', name }), { spec: { runStrategy } });
}

describe('the VM controller on the embedded cluster', () => {
  it('creates the VMI of an Always VM with its owner, finalizer, label and generation', async () => {
    await kubectl(['apply', '-f', '-'], vmYaml('always', 'Always'));
    await until(() => vmi('always') !== undefined, 'the VMI of always');
    const created = vmi('always');
    const owner = vm('always');
    expect(created?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        name: 'always',
        uid: owner?.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(created?.metadata.finalizers).toContain('kubevirt.io/virtualMachineControllerFinalize');
    expect(created?.metadata.labels).toEqual({ app: 'always', 'vm.kubevirt.io/name': 'always' });
    expect(created?.metadata.annotations?.['kubevirt.io/vm-generation']).toBe('1');
    expect(owner?.metadata.finalizers).toContain('kubevirt.io/virtualMachineControllerFinalize');
    await until(() => vm('always')?.status?.created === true, 'created');
    expect(vm('always')?.status).toMatchObject({
      printableStatus: 'Starting',
      ready: false,
      runStrategy: 'Always',
      observedGeneration: 1,
      desiredGeneration: 1,
    });
  });

  it('shows Running once the VMI runs, as kubectl prints it', async () => {
    await setVmiPhase('always', 'Running');
    await until(() => vm('always')?.status?.printableStatus === 'Running', 'Running');
    const table = await kubectl(['get', 'vm', 'always']);
    expect(table).toMatch(/always\s+\S+\s+Running\s+False/);
  });

  it('replaces a failed VMI after the crash-loop backoff', async () => {
    const failedUid = vmi('always')?.metadata.uid;
    await setVmiPhase('always', 'Failed');
    await until(() => vm('always')?.status?.startFailure !== undefined, 'a start failure');
    await until(
      () => vmi('always') !== undefined && vmi('always')?.metadata.uid !== failedUid,
      'a new VMI',
      15_000,
    );
    const failure = vm('always')?.status?.startFailure;
    expect(failure).toMatchObject({ consecutiveFailCount: 1, lastFailedVMIUID: failedUid });
    // The replacement waited for the retry time (second precision).
    const created = Date.parse(vmi('always')?.metadata.creationTimestamp ?? '');
    expect(created).toBeGreaterThanOrEqual(Date.parse(failure?.retryAfterTimestamp ?? '') - 1000);
  });

  it('records Events for the creations and the deletion', async () => {
    await events.flush();
    const list = JSON.parse(
      await kubectl([
        'get',
        'events',
        '--field-selector',
        'involvedObject.name=always',
        '-o',
        'json',
      ]),
    ) as { items: { reason: string; count: number; source: { component: string } }[] };
    const byReason = new Map(list.items.map((e) => [e.reason, e]));
    expect(byReason.get('SuccessfulCreate')).toMatchObject({
      count: 2,
      source: { component: 'virt-controller' },
    });
    expect(byReason.get('SuccessfulDelete')?.count).toBe(1);
  });

  it('deletes the VMI when the VM is Halted, and shows Stopped', async () => {
    await setRunStrategy('always', 'Halted');
    await until(() => vmi('always') === undefined, 'the VMI to go');
    await until(() => vm('always')?.status?.printableStatus === 'Stopped', 'Stopped');
    expect(vm('always')?.status).toMatchObject({ created: false, ready: false });
  });

  it('starts a Manual VM on a Start request and stops it on a Stop request', async () => {
    await kubectl(['apply', '-f', '-'], vmYaml('manual', 'Manual'));
    await until(() => vm('manual')?.status?.printableStatus === 'Stopped', 'manual Stopped');
    expect(vmi('manual')).toBeUndefined();
    await setRequests('manual', [{ action: 'Start' }]);
    await until(() => vmi('manual') !== undefined, 'the manual VMI');
    await until(
      () => vm('manual')?.status?.stateChangeRequests === undefined,
      'the Start request to be trimmed',
    );
    const uid = vmi('manual')?.metadata.uid;
    await setRequests('manual', [{ action: 'Stop', uid }]);
    await until(() => vmi('manual') === undefined, 'the manual VMI to go');
    await until(
      () => vm('manual')?.status?.stateChangeRequests === undefined,
      'the Stop request to be trimmed',
    );
  });

  it('restarts a RerunOnFailure VM after a failure but not after a clean shutdown', async () => {
    await kubectl(['apply', '-f', '-'], vmYaml('rerun', 'RerunOnFailure'));
    await until(() => vmi('rerun') !== undefined, 'the rerun VMI');
    const first = vmi('rerun')?.metadata.uid;
    await setVmiPhase('rerun', 'Failed');
    await until(
      () => vmi('rerun') !== undefined && vmi('rerun')?.metadata.uid !== first,
      'a restarted VMI',
      15_000,
    );
    await until(
      () => vm('rerun')?.status?.stateChangeRequests === undefined,
      'the queued Start request to be handled',
    );
    await finishAfterRunning('rerun', 'Succeeded');
    await until(() => vmi('rerun') === undefined, 'the succeeded VMI to go');
    await until(
      () => vm('rerun')?.status?.printableStatus === 'Stopped' && !vm('rerun')?.status?.created,
      'rerun Stopped',
    );
    expect(vmi('rerun')).toBeUndefined();
  });

  it('does not restart a Once VM whose VMI succeeded', async () => {
    await kubectl(['apply', '-f', '-'], vmYaml('once', 'Once'));
    await until(() => vmi('once') !== undefined, 'the once VMI');
    const uid = vmi('once')?.metadata.uid;
    await finishAfterRunning('once', 'Succeeded');
    await until(() => vm('once')?.status?.printableStatus === 'Stopped', 'once Stopped');
    // The finished VMI stays; its finalizer is released.
    await until(() => (vmi('once')?.metadata.finalizers ?? []).length === 0, 'finalizer released');
    expect(vmi('once')?.metadata.uid).toBe(uid);
  });

  it('deletes the VMI of a deleted VM and then lets the VM go', async () => {
    await kubectl(['apply', '-f', '-'], vmYaml('doomed', 'Always'));
    await until(() => vmi('doomed') !== undefined, 'the doomed VMI');
    await kubectl(['delete', 'vm', 'doomed', '--wait=false']);
    await until(() => vmi('doomed') === undefined && vm('doomed') === undefined, 'both gone');
  });
});
