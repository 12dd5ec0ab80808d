import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../testing/api-client.ts';
import { startTestCluster, type TestCluster } from '../testing/test-cluster.ts';
import { startNodeAgent, type RunningNodeAgent } from './node-agent.ts';
import type { StreamingServerFactory } from './streaming-server.ts';

// Pods here are plain JSON as the API server answers; tests read them loosely.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument */
type Pod = any;

const nodes = ['node-1', 'node-2'] as const;
let cluster: TestCluster;
let api: ApiClient;
let checkoutDir: string;
const agents = new Map<string, RunningNodeAgent>();

const streamingServer: StreamingServerFactory = () =>
  Promise.resolve({ port: 0, close: () => Promise.resolve() });

/** A checkout whose virt-launcher image binaries print their name and arguments. */
function fakeCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podvisor-checkout-'));
  const cmd = join(dir, 'packages/operator/src/cmd');
  mkdirSync(cmd, { recursive: true });
  for (const name of ['virt-launcher', 'virt-tail']) {
    writeFileSync(
      join(cmd, `${name}.ts`),
      `process.stdout.write(${JSON.stringify(name)} + ' ' + JSON.stringify(process.argv.slice(2)) + '\\n');\n`,
    );
  }
  return dir;
}

beforeAll(async () => {
  cluster = await startTestCluster();
  api = apiClient(cluster.kubeconfigPath);
  checkoutDir = fakeCheckout();
  mkdirSync(join(cluster.dataDir, 'images'), { recursive: true });
  writeFileSync(join(cluster.dataDir, 'images', 'catalog.txt'), 'the shared catalog\n');
  for (const nodeName of nodes) {
    const agent = await startNodeAgent({
      dataDir: cluster.dataDir,
      nodeName,
      logger: createLogger({
        component: 'node',
        level: 'debug',
        destination: join(cluster.dataDir, `${nodeName}.log`),
      }),
      streamingServer,
      checkoutDir,
      podman: null,
      heartbeatMs: 1000,
      backoff: { initialMs: 1000 },
    });
    agents.set(nodeName, agent);
  }
});

afterAll(async () => {
  await Promise.all([...agents.values()].map((agent) => agent.close({ stopPods: true })));
  await cluster.close();
  rmSync(checkoutDir, { recursive: true, force: true });
});

async function getPod(name: string): Promise<Pod> {
  const res = await api.call('GET', `/api/v1/namespaces/default/pods/${name}`);
  return res.status === 200 ? JSON.parse(res.text) : undefined;
}

async function createPod(
  name: string,
  nodeName: string,
  spec: Record<string, unknown>,
): Promise<Pod> {
  const res = await api.call('POST', '/api/v1/namespaces/default/pods', {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName, automountServiceAccountToken: false, ...spec },
    },
  });
  expect(res.status).toBe(201);
  return JSON.parse(res.text);
}

async function waitPod(name: string, test: (pod: Pod) => boolean): Promise<Pod> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pod = await getPod(name);
    if (pod !== undefined && test(pod)) return pod;
    if (Date.now() > deadline) throw new Error(`pod ${name} did not reach the state in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function logOf(nodeName: string, pod: Pod, container: string): string {
  const file = agents.get(nodeName)?.access.logFile(pod.metadata.uid, container, false);
  return file === undefined ? '' : readFileSync(file, 'utf8');
}

function statusOf(pod: Pod, container: string): Pod {
  return pod.status.containerStatuses?.find((s: Pod) => s.name === container);
}

const layoutScript = [
  'R=$PODVISOR_CONTAINER_ROOT',
  'echo hello > $R/data/greeting',
  'echo $NODE > $R/state/who',
  'cat $R/images/catalog.txt',
  'ls $R/pods',
  'echo listed',
  'sleep 3600',
].join('; ');

function layoutPod(nodeName: string): Record<string, unknown> {
  const hostPath = (path: string, type: string): Record<string, unknown> => ({ path, type });
  return {
    volumes: [
      { name: 'data', emptyDir: {} },
      { name: 'pods', hostPath: hostPath('/var/lib/kubelet/pods', 'Directory') },
      { name: 'state', hostPath: hostPath('/var/lib/podvisor/x', 'DirectoryOrCreate') },
      { name: 'images', hostPath: hostPath('/var/lib/podvisor/images', 'Directory') },
    ],
    containers: [
      {
        name: 'c',
        image: 'busybox:1.36',
        command: ['sh', '-c', layoutScript],
        env: [{ name: 'NODE', value: nodeName }],
        volumeMounts: ['data', 'pods', 'state', 'images'].map((name) => ({
          name,
          mountPath: `/${name}`,
        })),
      },
    ],
  };
}

describe('a node agent on a machine shared with other nodes', () => {
  it("lays out emptyDirs as kubelet does and maps node-local host paths to the pod's node", async () => {
    const uids = new Map<string, string>();
    for (const nodeName of nodes) {
      const created = await createPod(`layout-${nodeName}`, nodeName, layoutPod(nodeName));
      uids.set(nodeName, created.metadata.uid);
    }
    for (const nodeName of nodes) {
      const pod = await waitPod(`layout-${nodeName}`, (p) => p.status.phase === 'Running');
      const uid = pod.metadata.uid;
      await waitPod(`layout-${nodeName}`, () => logOf(nodeName, pod, 'c').includes('listed'));
      const podDir = join(cluster.dataDir, 'nodes', nodeName, 'pods', uid);
      expect(agents.get(nodeName)?.podDir(uid)).toBe(podDir);
      const emptyDir = join(podDir, 'volumes', 'kubernetes.io~empty-dir', 'data');
      expect(readFileSync(join(emptyDir, 'greeting'), 'utf8')).toBe('hello\n');
      for (const dir of [join(podDir, 'volumes'), join(emptyDir, '..'), emptyDir])
        expect(lstatSync(dir).isSymbolicLink()).toBe(false);
      const hostState = join(cluster.dataDir, 'nodes', nodeName, 'host', 'var/lib/podvisor/x');
      expect(readFileSync(join(hostState, 'who'), 'utf8')).toBe(`${nodeName}\n`);
      const log = logOf(nodeName, pod, 'c');
      expect(log).toContain('stdout F the shared catalog');
      expect(log).toContain(`stdout F ${uid}`);
      const other = uids.get(nodeName === 'node-1' ? 'node-2' : 'node-1') ?? '';
      expect(log).not.toContain(other);
    }
  });

  it('runs the binary a component container names in its command, and refuses an unknown one', async () => {
    const image = 'localhost:5000/podvisor/virt-launcher:dev';
    await createPod('commands', 'node-1', {
      restartPolicy: 'Never',
      containers: [
        { name: 'compute', image, args: ['--vmi-uid', 'u1'] },
        {
          name: 'guest-console-log',
          image,
          command: ['virt-tail'],
          args: ['--logfile', '/var/run/kubevirt-private/vm/serial.log'],
        },
        { name: 'bad', image, command: ['/usr/bin/virt-nope', '-v'] },
      ],
    });
    const pod = await waitPod('commands', (p) => {
      const done = (name: string): boolean => statusOf(p, name)?.state?.terminated !== undefined;
      return done('compute') && done('guest-console-log') && statusOf(p, 'bad')?.state?.waiting;
    });
    expect(logOf('node-1', pod, 'compute')).toContain('stdout F virt-launcher ["--vmi-uid","u1"]');
    expect(logOf('node-1', pod, 'guest-console-log')).toContain(
      'stdout F virt-tail ["--logfile","/var/run/kubevirt-private/vm/serial.log"]',
    );
    expect(statusOf(pod, 'compute').state.terminated.exitCode).toBe(0);
    const waiting = (
      await waitPod('commands', (p) => statusOf(p, 'bad')?.state?.waiting?.message)
    ).status.containerStatuses.find((s: Pod) => s.name === 'bad').state.waiting;
    expect(waiting.reason).toBe('RunContainerError');
    expect(waiting.message).toContain(
      'exec: "/usr/bin/virt-nope": not a binary of the virt-launcher image (its binaries: virt-launcher, virt-tail)',
    );
  });
});
