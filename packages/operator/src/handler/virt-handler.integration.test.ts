// virt-handler against the embedded cluster and REAL launcher processes (tiny guest, TCG): the
// VMI goes Running with its conditions and interfaces, a deletion shuts the guest down
// gracefully (Succeeded), a restarted handler adopts a running guest, a killed QEMU fails the
// VMI, and a launcher that stops answering trips the watchdog. One guest at a time.
import { type ChildProcess, execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KubeConfig, V1Node } from '@kubernetes/client-node';
import { kubevirtResources, type VirtualMachineInstance } from '@podvisor/api';
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
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherPodLayout } from '../shared/launcher-pod-layout.ts';
import { startVirtHandler, type VirtHandler } from './start-virt-handler.ts';
import { launchScheduledVmi, type ScheduledVmi } from './testing/launch-scheduled-vmi.ts';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-handler-it-'));
const dataDir = join(scratch, 'data');
const podsDir = join(scratch, 'pods');
const vmiType = kubevirtResources.virtualmachineinstances;
const nodeType = { apiVersion: 'v1', plural: 'nodes', namespaced: false } as const;
const launchers: ChildProcess[] = [];

let cluster: TestCluster;
let kubeConfig: KubeConfig;
let client: KubeClient;
let logger: Logger;
let events: FlushableEventRecorder;

/** Polls `read` until `check` holds for its value; fails naming `what` after `timeoutMs`. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const getVmi = async (name: string): Promise<VirtualMachineInstance> => {
  const vmi = await client.get<VirtualMachineInstance>(vmiType, `default/${name}`);
  if (vmi === undefined) throw new Error(`VMI ${name} is gone`);
  return vmi;
};

const phaseIs =
  (phase: string) =>
  (vmi: VirtualMachineInstance): boolean =>
    vmi.status?.phase === phase;

function qemuPid(name: string): number | undefined {
  try {
    const out = execFileSync('pgrep', ['-f', `guest=default_${name}`], { encoding: 'utf8' });
    return Number(out.trim().split('\n')[0]);
  } catch {
    return undefined; // pgrep exits 1 when nothing matches
  }
}

async function createNode(name: string): Promise<void> {
  await client.create<V1Node>(nodeType, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
  });
}

/** A VMI on `node` with its launcher running, as virt-controller and the node agent leave it. */
async function launch(name: string, node = 'node1'): Promise<ScheduledVmi> {
  const launched = await launchScheduledVmi({
    client,
    name,
    node,
    podsDir,
    dataDir,
    capabilitiesCacheDir: join(scratch, 'capabilities'),
    terminationGracePeriodSeconds: 20,
    withFinalizer: true,
  });
  launchers.push(launched.child);
  return launched;
}

function startHandler(
  options: { node?: string; watchdogTimeoutMs?: number; registry?: Registry } = {},
): Promise<VirtHandler> {
  return startVirtHandler({
    kubeConfig,
    nodeName: options.node ?? 'node1',
    podsDir,
    events,
    logger,
    heartbeatIntervalMs: 60_000,
    resyncIntervalMs: 5_000,
    watchdogTimeoutMs: options.watchdogTimeoutMs ?? 30_000,
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  });
}

async function eventReasons(name: string): Promise<string[]> {
  await events.flush();
  const list = (await requestJson(kubeConfig, {
    method: 'GET',
    path: '/api/v1/namespaces/default/events',
  })) as { items: { reason: string; involvedObject: { name: string } }[] };
  return list.items.filter((e) => e.involvedObject.name === name).map((e) => e.reason);
}

async function removeFinalizer(name: string): Promise<void> {
  await client.removeFinalizer(vmiType, await getVmi(name), 'foregroundDeleteVirtualMachine');
}

/** The VMI's conditions by type. */
function conditionsOf(vmi: VirtualMachineInstance): Record<string, unknown> {
  return Object.fromEntries((vmi.status?.conditions ?? []).map((c) => [c.type, c]));
}

async function heartbeatOf(
  name: string,
): Promise<{ schedulable: string | undefined; heartbeat: string | undefined }> {
  const metadata = (await client.get<V1Node>(nodeType, name))?.metadata;
  return {
    schedulable: metadata?.labels?.['kubevirt.io/schedulable'],
    heartbeat: metadata?.annotations?.['kubevirt.io/heartbeat'],
  };
}

/** Waits for the guest's shell: before it is up, the ACPI power button goes unheard. */
async function guestReady(vm: ScheduledVmi): Promise<void> {
  const serialLog = join(vm.privateDir, launcherPodLayout.serialLog);
  await eventually(
    'the guest shell',
    () => readFile(serialLog, 'utf8').catch(() => ''),
    (log) => log.includes('podvisor-guest-ready'),
  );
}

beforeAll(async () => {
  mkdirSync(podsDir, { recursive: true });
  await promisify(execFile)(process.execPath, [
    join(repo, 'apps', 'cli', 'bin', 'podvisor.js'),
    'images',
    'build',
    'tiny',
    '--data-dir',
    dataDir,
  ]);
  cluster = await startTestCluster();
  kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
  client = new KubeClient({ kubeConfig, fieldManager: 'handler-test' });
  logger = createLogger({
    component: 'virt-handler',
    level: 'debug',
    destination: join(scratch, 'handler.log'),
  });
  events = createEventRecorder({ kubeConfig, component: 'virt-handler', host: 'node1', logger });
  const crds = await cluster.kubectl(['apply', '-f', join(repo, 'deploy', 'base', 'crds')]);
  expect(crds.stderr).toBe('');
  await cluster.kubectl(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
  await client.create(kubevirtResources.kubevirts, {
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'default' },
    spec: { configuration: { developerConfiguration: { useEmulation: true } } },
  });
  await createNode('node1');
  await createNode('node2');
}, 180_000);

afterAll(async () => {
  for (const child of launchers) if (child.exitCode === null) child.kill('SIGKILL');
  try {
    execFileSync('pkill', ['-9', '-f', scratch]);
  } catch {
    // nothing left
  }
  await cluster.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  rmSync(scratch, { recursive: true, force: true });
});

describe('virt-handler', () => {
  it('runs a VMI (Running, SoftwareEmulation, interfaces, heartbeat, metrics) and shuts it down gracefully on deletion (Succeeded)', async () => {
    const registry = new Registry();
    const handler = await startHandler({ registry });
    try {
      expect(await heartbeatOf('node1')).toEqual({
        schedulable: 'true',
        heartbeat: expect.stringMatching(/^\d{4}-.*Z$/) as unknown,
      });
      const vm = await launch('vm-a');
      const running = await eventually('vm-a Running', () => getVmi('vm-a'), phaseIs('Running'));
      expect(running.status).toMatchObject({
        interfaces: [
          {
            name: 'default',
            infoSource: 'domain',
            ipAddress: '10.88.0.7',
            ipAddresses: ['10.88.0.7'],
          },
        ],
        launcherContainerImageVersion: 'localhost/podvisor/virt-launcher:dev',
        phaseTransitionTimestamps: [{ phase: 'Scheduled' }, { phase: 'Running' }],
      });
      expect(conditionsOf(running)).toMatchObject({
        Ready: { status: 'True' },
        LiveMigratable: { status: 'True' },
        SoftwareEmulation: { status: 'True', reason: 'SoftwareEmulation' },
      });
      expect(await registry.metrics()).toMatch(
        /^kubevirt_vmi_info\{node="node1",namespace="default",name="vm-a",phase="running",vmi_pod="virt-launcher-vm-a-abcde",.*\} 1$/m,
      );
      await eventually(
        'a Started event',
        () => eventReasons('vm-a'),
        (r) => r.includes('Started'),
      );

      await guestReady(vm);
      await client.delete(vmiType, 'default/vm-a');
      const done = await eventually('vm-a Succeeded', () => getVmi('vm-a'), phaseIs('Succeeded'));
      expect(conditionsOf(done)).toMatchObject({ Ready: { status: 'False' } });
      expect(await vm.exitCode).toBe(0);
      expect(await eventReasons('vm-a')).toEqual(
        expect.arrayContaining(['ShuttingDown', 'Stopped']),
      );
      await removeFinalizer('vm-a');
    } finally {
      await handler.stop();
    }
    expect((await heartbeatOf('node1')).schedulable).toBe('false');
  }, 240_000);

  it('adopts a running guest after a restart without restarting it, and fails the VMI when QEMU is killed', async () => {
    let handler = await startHandler();
    const vm = await launch('vm-b');
    await eventually('vm-b Running', () => getVmi('vm-b'), phaseIs('Running'));
    const pid = await eventually(
      'the QEMU of vm-b',
      () => Promise.resolve(qemuPid('vm-b')),
      (p) => p !== undefined,
    );

    await handler.stop();
    handler = await startHandler();
    try {
      // The new handler connects and Syncs again: the launcher answers with the running domain.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect(qemuPid('vm-b')).toBe(pid);
      expect((await getVmi('vm-b')).status?.phase).toBe('Running');

      process.kill(pid ?? 0, 'SIGKILL');
      const failed = await eventually('vm-b Failed', () => getVmi('vm-b'), phaseIs('Failed'));
      expect(failed.status?.reason).toBeUndefined();
      expect(await vm.exitCode).toBe(1);
      expect(await eventReasons('vm-b')).toContain('Crashed');
    } finally {
      await handler.stop();
    }
    await client.delete(vmiType, 'default/vm-b');
    await removeFinalizer('vm-b');
  }, 240_000);

  it('fails the VMI of a launcher that stops answering (LauncherUnresponsive)', async () => {
    const handler = await startHandler({ node: 'node2', watchdogTimeoutMs: 2_000 });
    try {
      const vm = await launch('vm-c', 'node2');
      // Frozen before it could answer the handler: nothing boots, nothing answers.
      await new Promise((resolve) => setTimeout(resolve, 300));
      vm.child.kill('SIGSTOP');
      const failed = await eventually(
        'vm-c Failed',
        () => getVmi('vm-c'),
        phaseIs('Failed'),
        60_000,
      );
      expect(failed.status?.reason).toBe('LauncherUnresponsive');
      vm.child.kill('SIGKILL');
      expect(await eventReasons('vm-c')).toContain('LauncherUnresponsive');
    } finally {
      await handler.stop();
    }
    await client.delete(vmiType, 'default/vm-c');
    await removeFinalizer('vm-c');
  }, 120_000);
});
