import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { objectsOf, readCluster, type ObjectSummary } from './cluster-summary.ts';
import { upTimeoutMs } from './fixtures.ts';
import { kubectlFor, runPodvisor, type Kubectl } from './podvisor-cli.ts';
import { startUp, type UpProcess } from './podvisor-up.ts';
import {
  isNodeAgent,
  isQemu,
  killProcessesMentioning,
  processesMentioning,
  stillRuns,
} from './processes-mentioning.ts';

// Issue 10's "Done when" for `podvisor up`, on a data dir of its own: a cold start with two nodes
// and the demo, a refused second `up`, a stop and start, a `kill -9` and start. Each step needs the
// one before, so they run in order and stop at the first failure.
test.describe.configure({ mode: 'serial' });

const nodes = 2;
/** After `Podvisor is up.`, how long the demo VM and pod may take to run (TCG on a busy machine). */
const settleMs = 5 * 60_000;

let root = '';
let dataDir = '';
let logFile = '';
let kubectl: Kubectl;
let up: UpProcess | undefined;
/** The uids of the demo VM and pod as the cold start created them. */
let firstUids: DemoUids | undefined;

interface DemoUids {
  readonly vm: string;
  readonly pod: string;
}

function startDemo(): UpProcess {
  up = startUp({ dataDir, nodes, demo: true, logFile });
  return up;
}

/**
 * The nodes, the operator and the demo as issue 10 wants them, with nothing left over from a
 * previous run (a node agent restarts its pods in place, as a kubelet after a reboot); returns the
 * demo's uids.
 */
function expectDemoRunning(objects: readonly ObjectSummary[]): DemoUids {
  const nodeNames = objectsOf(objects, 'Node').map((node) => node.name);
  const ready = objectsOf(objects, 'Node', { status: 'Ready' }).map((node) => node.name);
  expect(nodeNames, 'nodes').toHaveLength(nodes);
  expect(ready.sort(), 'Ready nodes').toEqual(nodeNames.sort());
  const running = { namespace: 'podvisor', status: 'Running' };
  for (const component of ['virt-api', 'virt-controller']) {
    expect(objectsOf(objects, 'Pod', { ...running, component }), component).not.toHaveLength(0);
  }
  const handlers = objectsOf(objects, 'Pod', { ...running, component: 'virt-handler' });
  const handlerNodes = handlers.map((pod) => pod.node).sort();
  expect(handlerNodes, 'nodes of Running virt-handlers').toEqual(nodeNames.sort());
  const [vm, ...moreVms] = objectsOf(objects, 'VirtualMachine', { namespace: 'demo' });
  expect(vm, 'VM demo/demo-vm').toMatchObject({ name: 'demo-vm', status: 'Running' });
  expect(moreVms, 'other VMs in demo').toEqual([]);
  const vmis = objectsOf(objects, 'VirtualMachineInstance', { namespace: 'demo' });
  const vmiStates = vmis.map((vmi) => `${vmi.name} ${vmi.status}`);
  expect(vmiStates, 'VMIs in demo').toEqual(['demo-vm Running']);
  const launcher = { namespace: 'demo', component: 'virt-launcher', status: 'Running' };
  expect(objectsOf(objects, 'Pod', launcher), 'Running launcher pods').toHaveLength(1);
  const [pod, ...morePods] = objectsOf(objects, 'Pod', { namespace: 'demo', name: 'demo-pod' });
  expect(pod, 'pod demo/demo-pod').toBeDefined();
  expect(pod?.status, 'pod demo/demo-pod').toBe('Running');
  const leftovers = objectsOf(objects, 'Pod', { namespace: 'podvisor' }).filter(
    (p) => p.status !== 'Running',
  );
  expect(leftovers, 'operator pods not Running (left from a previous run)').toEqual([]);
  expect(morePods, 'other pods named demo-pod').toEqual([]);
  return { vm: vm?.uid ?? '', pod: pod?.uid ?? '' };
}

/** Waits (polling kubectl) until {@link expectDemoRunning} holds, and returns the demo's uids. */
async function waitForDemo(): Promise<DemoUids> {
  let uids: DemoUids | undefined;
  await expect(async () => {
    uids = expectDemoRunning(await readCluster(kubectl));
  }).toPass({ timeout: settleMs, intervals: [2_000, 5_000] });
  return uids ?? { vm: '', pod: '' };
}

/** What runs for the data dir: QEMU processes and node agents (one of each kind per line). */
function vmsAndNodeAgents(): string[] {
  const running = processesMentioning(dataDir);
  return [
    ...running.filter(isNodeAgent).map(() => 'node agent'),
    ...running.filter(isQemu).map(() => 'qemu'),
  ];
}

test.beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'podvisor-e2e-up-'));
  dataDir = join(root, 'data');
  mkdirSync(join(root, 'home'));
  kubectl = kubectlFor(join(dataDir, 'kubeconfig'), join(root, 'home'));
  logFile = join(test.info().project.outputDir, 'podvisor-up-lifecycle.log');
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status === testInfo.expectedStatus) return;
  if (existsSync(logFile)) await testInfo.attach('podvisor-up.log', { path: logFile });
  const logs = join(dataDir, 'logs');
  for (const name of existsSync(logs) ? readdirSync(logs) : []) {
    await testInfo.attach(`logs/${name}`, { path: join(logs, name), contentType: 'text/plain' });
  }
});

test.afterAll(async () => {
  await up?.stop(60_000);
  killProcessesMentioning(root);
  rmSync(root, { recursive: true, force: true });
});

test.describe('podvisor up on one data dir', () => {
  test('--nodes 2 --demo runs two Ready nodes, the operator on both, the demo VM and pod', async () => {
    test.setTimeout(upTimeoutMs + settleMs);
    await startDemo().ready(upTimeoutMs);
    firstUids = await waitForDemo();
  });

  test('a second up on the running data dir exits non-zero saying it already runs', async () => {
    test.setTimeout(3 * 60_000);
    const args = ['up', '--data-dir', dataDir, '--nodes', String(nodes), '--console-port', '0'];
    const second = await runPodvisor(args, 120_000);
    expect(second.code).not.toBe(0);
    expect(second.stdout + second.stderr).toMatch(/already (running|runs)/i);
    expect(up?.output()).not.toContain('[e2e] podvisor up exited');
    expect((await kubectl(['get', 'nodes'])).code).toBe(0);
  });

  test('SIGTERM stops every process; up again brings back the same objects, running once', async () => {
    test.setTimeout(upTimeoutMs + settleMs);
    expect(await up?.stop(90_000)).toEqual({ code: 0, signal: null });
    expect(processesMentioning(dataDir), 'processes left by the stopped run').toEqual([]);
    await startDemo().ready(upTimeoutMs);
    expect(await waitForDemo()).toEqual(firstUids);
    expect(vmsAndNodeAgents()).toEqual(['node agent', 'node agent', 'qemu']);
  });

  test('kill -9 of up, then up again recovers the same way, and a stop leaves nothing', async () => {
    test.setTimeout(upTimeoutMs + settleMs);
    const killedAgents = processesMentioning(dataDir).filter(isNodeAgent);
    expect(killedAgents).toHaveLength(nodes);
    expect(await up?.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    await startDemo().ready(upTimeoutMs);
    expect(await waitForDemo()).toEqual(firstUids);
    // The new run may adopt the killed run's pods (and their QEMU), but not keep its node agents.
    await expect(() => {
      expect(killedAgents.filter(stillRuns), 'node agents of the killed run').toEqual([]);
      expect(vmsAndNodeAgents()).toEqual(['node agent', 'node agent', 'qemu']);
    }).toPass({ timeout: 60_000 });
    expect(await up?.stop(90_000)).toEqual({ code: 0, signal: null });
    expect(processesMentioning(dataDir), 'processes left after the stop').toEqual([]);
  });
});
