import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootCaPublisher } from '../controllers/root-ca-publisher/index.ts';
import { defaultServiceAccountController } from '../controllers/serviceaccounts/index.ts';
import { apiClient, type ApiClient } from '../testing/api-client.ts';
import { startTestCluster, type TestCluster } from '../testing/test-cluster.ts';
import { defaultCgroupRoot, usableCgroupRoot } from './container-cgroup.ts';
import { startNodeAgent, type RunningNodeAgent } from './node-agent.ts';
import type { PodRecord } from './pod-record.ts';
import type { StreamingServerFactory } from './streaming-server.ts';

// Pods here are plain JSON as the API server answers; tests read them loosely.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument */
type Pod = any;

let cluster: TestCluster;
let api: ApiClient;
let agent: RunningNodeAgent;
let streamingPort = 0;

const streamingServer: StreamingServerFactory = () => {
  streamingPort = 40_000 + Math.floor(Math.random() * 1000);
  return Promise.resolve({ port: streamingPort, close: () => Promise.resolve() });
};

beforeAll(async () => {
  // Pods mount their service account's token and the root CA (kube-api-access-*).
  cluster = await startTestCluster({
    controllers: [defaultServiceAccountController, rootCaPublisher],
  });
  api = apiClient(cluster.kubeconfigPath);
  await until(async () =>
    (await getJson('/api/v1/namespaces/default/configmaps/kube-root-ca.crt')) === undefined
      ? undefined
      : true,
  );
  agent = await startNodeAgent({
    dataDir: cluster.dataDir,
    nodeName: 'node-1',
    logger: createLogger({
      component: 'node',
      level: 'debug',
      destination: join(cluster.dataDir, 'node-1.log'),
    }),
    streamingServer,
    podman: null,
    heartbeatMs: 1000,
    backoff: { initialMs: 1000 },
  });
});

afterAll(async () => {
  await agent.close({ stopPods: true });
  await cluster.close();
});

async function until<T>(what: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function getJson(path: string): Promise<any> {
  const res = await api.call('GET', path);
  return res.status === 200 ? JSON.parse(res.text) : undefined;
}

async function createPod(
  name: string,
  spec: Record<string, unknown>,
  node = 'node-1',
): Promise<Pod> {
  const res = await api.call('POST', '/api/v1/namespaces/default/pods', {
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: node, ...spec } },
  });
  expect(res.status).toBe(201);
  return JSON.parse(res.text);
}

function waitPod(name: string, test: (pod: Pod) => boolean, timeoutMs?: number): Promise<Pod> {
  return until(async () => {
    const pod = await getJson(`/api/v1/namespaces/default/pods/${name}`);
    return pod !== undefined && test(pod) ? pod : undefined;
  }, timeoutMs);
}

function logOf(pod: Pod, container = 'c', previous = false): string {
  const file = agent.access.logFile(pod.metadata.uid, container, previous);
  return file === undefined ? '' : readFileSync(file, 'utf8');
}

const busybox = (script: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'c',
  image: 'busybox:1.36',
  command: ['sh', '-c', script],
  ...extra,
});

/** The live (non-zombie) processes of a process group, from /proc. */
function groupMembers(pgid: number): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return fields[2] === String(pgid) && fields[0] !== 'Z'
          ? [`${pid} ${stat.slice(0, 60)}`]
          : [];
      } catch {
        return [];
      }
    });
}

function groupAlive(pgid: number): boolean {
  return groupMembers(pgid).length > 0;
}

function recordOf(dataDir: string, node: string, uid: string): PodRecord {
  const path = join(dataDir, 'nodes', node, 'pods', uid, 'state.json');
  return JSON.parse(readFileSync(path, 'utf8')) as PodRecord;
}

describe('the node agent', () => {
  it('registers a Ready node with capacity, labels, its streaming port and a Lease', async () => {
    const node = await getJson('/api/v1/nodes/node-1');
    const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
    expect(ready.status).toBe('True');
    expect(node.metadata.labels['node.kubernetes.io/instance-type']).toBe('podvisor-local');
    expect(node.status.capacity.pods).toBe('110');
    expect(Number(node.status.capacity.cpu)).toBeGreaterThan(0);
    expect(node.status.daemonEndpoints.kubeletEndpoint.Port).toBe(streamingPort);
    expect(node.status.addresses).toContainEqual({ type: 'InternalIP', address: '127.0.0.1' });
    const lease = await getJson(
      '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1',
    );
    expect(lease.spec.holderIdentity).toBe('node-1');
    const renewed = await until(async () => {
      const now = await getJson(
        '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1',
      );
      return now.spec.renewTime !== lease.spec.renewTime ? now : undefined;
    });
    expect(renewed.spec.renewTime > lease.spec.renewTime).toBe(true);
  });

  it('runs a busybox pod that echoes to Succeeded, with CRI log lines', async () => {
    await createPod('echo', {
      restartPolicy: 'Never',
      containers: [busybox('echo hello; echo oops >&2')],
    });
    const pod = await waitPod('echo', (p) => p.status.phase === 'Succeeded');
    const status = pod.status.containerStatuses[0];
    expect(status.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(pod.status.podIP).toMatch(/^127\.1\.\d+\.\d+$/);
    expect(logOf(pod)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z stdout F hello$/m);
    expect(logOf(pod)).toMatch(/ stderr F oops$/m);
  });

  it('restarts a crashing container with a growing restartCount and CrashLoopBackOff', async () => {
    await createPod('crash', {
      restartPolicy: 'Always',
      containers: [busybox('echo run; exit 3')],
    });
    const pod = await waitPod(
      'crash',
      (p) =>
        p.status.containerStatuses?.[0]?.restartCount >= 2 &&
        p.status.containerStatuses[0].state.waiting?.reason === 'CrashLoopBackOff',
    );
    const status = pod.status.containerStatuses[0];
    expect(status.lastState.terminated.exitCode).toBe(3);
    expect(status.state.waiting.message).toContain('restarting failed container=c');
    expect(pod.status.phase).toBe('Running');
    expect(logOf(pod, 'c', true)).toContain('stdout F run');
  });

  it('runs init containers first and shares an emptyDir with the containers', async () => {
    await createPod('init', {
      restartPolicy: 'Never',
      volumes: [{ name: 'data', emptyDir: {} }],
      initContainers: [
        busybox('echo from-init > $PODVISOR_CONTAINER_ROOT/data/msg', {
          name: 'setup',
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        }),
      ],
      containers: [
        busybox('cat $PODVISOR_CONTAINER_ROOT/data/msg', {
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        }),
      ],
    });
    const pod = await waitPod('init', (p) => p.status.phase === 'Succeeded');
    expect(pod.status.initContainerStatuses[0].state.terminated.exitCode).toBe(0);
    expect(pod.status.conditions.find((c: any) => c.type === 'Initialized').status).toBe('True');
    expect(logOf(pod)).toContain('stdout F from-init');
  });

  it('gives containers env from the downward API, ConfigMaps and the API server address', async () => {
    await api.call('POST', '/api/v1/namespaces/default/configmaps', {
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { color: 'blue', size: 'L' },
      },
    });
    await createPod('env', {
      restartPolicy: 'Never',
      containers: [
        busybox('env | sort', {
          env: [
            { name: 'MY_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
            { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } },
            {
              name: 'MISSING',
              valueFrom: { configMapKeyRef: { name: 'nope', key: 'x', optional: true } },
            },
            { name: 'GREETING', value: 'hi $(MY_NAME)' },
          ],
          envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'CM_' }],
        }),
      ],
    });
    const pod = await waitPod('env', (p) => p.status.phase === 'Succeeded');
    const log = logOf(pod);
    const server = new URL(cluster.url);
    for (const line of [
      'MY_NAME=env',
      `MY_IP=${pod.status.podIP}`,
      'MY_NODE=node-1',
      'COLOR=blue',
      'CM_size=L',
      'GREETING=hi env',
      'HOSTNAME=env',
      `KUBERNETES_SERVICE_HOST=${server.hostname}`,
      `KUBERNETES_SERVICE_PORT=${server.port}`,
    ]) {
      expect(log).toContain(`stdout F ${line}\n`);
    }
    expect(log).not.toContain('MISSING=');
    expect(log).not.toContain('POD_IP=');
  });

  it('reports a missing ConfigMap as CreateContainerConfigError', async () => {
    await createPod('badenv', {
      containers: [
        busybox('true', {
          env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }],
        }),
      ],
    });
    const pod = await waitPod(
      'badenv',
      (p) =>
        p.status.containerStatuses?.[0]?.state.waiting?.reason === 'CreateContainerConfigError',
    );
    expect(pod.status.containerStatuses[0].state.waiting.message).toBe(
      'configmap "absent" not found',
    );
  });

  it('mounts a configMap volume the container can read', async () => {
    await api.call('POST', '/api/v1/namespaces/default/configmaps', {
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'files' },
        data: { 'app.conf': 'debug=true' },
      },
    });
    await createPod('cmvol', {
      restartPolicy: 'Never',
      volumes: [{ name: 'config', configMap: { name: 'files' } }],
      containers: [
        busybox('cat $PODVISOR_CONTAINER_ROOT/etc/app/app.conf', {
          volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
        }),
      ],
    });
    const pod = await waitPod('cmvol', (p) => p.status.phase === 'Succeeded');
    expect(logOf(pod)).toContain('stdout F debug=true');
  });

  it('reports an image it cannot run as ErrImagePull then ImagePullBackOff, saying how to import it', async () => {
    await createPod('nginx', { containers: [{ name: 'c', image: 'nginx:1.27' }] });
    const pod = await waitPod(
      'nginx',
      (p) => p.status.containerStatuses?.[0]?.state.waiting?.reason === 'ImagePullBackOff',
    );
    expect(pod.status.containerStatuses[0].state.waiting.message).toContain('podman');
    expect(pod.status.phase).toBe('Pending');
  });

  it('lets a readiness probe decide Ready, and runs exec commands in the container', async () => {
    const readinessProbe = {
      exec: { command: ['test', '-f', 'ready'] },
      periodSeconds: 1,
      failureThreshold: 1,
    };
    const created = await createPod('probe', {
      containers: [busybox('sleep 3600', { readinessProbe })],
    });
    const isReady = (p: Pod): string =>
      p.status.conditions?.find((c: any) => c.type === 'Ready')?.status;
    await waitPod('probe', (p) => p.status.phase === 'Running' && isReady(p) === 'False');
    const run = async (command: string[]): Promise<number> => {
      const session = await agent.access.execIn(created.metadata.uid, 'c', command, { tty: false });
      session.stdin.end();
      return session.exit;
    };
    expect(await run(['touch', 'ready'])).toBe(0);
    await waitPod('probe', (p) => isReady(p) === 'True');
    expect(await run(['rm', 'ready'])).toBe(0);
    const pod = await waitPod('probe', (p) => isReady(p) === 'False');
    expect(pod.status.containerStatuses[0].ready).toBe(false);
  });

  it('restarts a container whose liveness probe fails, and marks an httpGet-ready one Ready', async () => {
    const ip = { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } };
    await createPod('probes', {
      containers: [
        busybox('echo ok > index.html; exec httpd -f -p $(IP):8080', {
          name: 'web',
          env: [ip],
          readinessProbe: { httpGet: { path: '/index.html', port: 8080 }, periodSeconds: 1 },
        }),
        busybox('sleep 3600', {
          name: 'doomed',
          livenessProbe: { tcpSocket: { port: 9 }, periodSeconds: 1, failureThreshold: 1 },
        }),
      ],
      terminationGracePeriodSeconds: 1,
    });
    const pod = await waitPod('probes', (p) => {
      const [web, doomed] = p.status.containerStatuses ?? [];
      return web?.ready === true && doomed?.restartCount >= 1;
    });
    expect(pod.status.containerStatuses[1].lastState.terminated.exitCode).toBe(143);
  });

  it('attaches to a container with stdin: its input reaches the process, its output the session', async () => {
    const created = await createPod('cat', {
      containers: [{ name: 'c', image: 'busybox', command: ['cat'], stdin: true }],
    });
    await waitPod('cat', (p) => p.status.phase === 'Running');
    const session = await agent.access.attach(created.metadata.uid, 'c');
    const received: string[] = [];
    session.onOutput((stream, chunk) => received.push(`${stream}:${chunk.toString()}`));
    session.stdin?.write('ping\n');
    await until(() => Promise.resolve(received.includes('stdout:ping\n') ? true : undefined));
    session.detach();
    expect(agent.access.isRunning(created.metadata.uid, 'c')).toBe(true);
  });

  it('stops a deleted pod: SIGTERM, then SIGKILL after the grace period, then removes it', async () => {
    const created = await createPod('stubborn', {
      terminationGracePeriodSeconds: 1,
      containers: [busybox("trap '' TERM; sleep 1000 & while true; do sleep 1; done")],
    });
    await waitPod('stubborn', (p) => p.status.phase === 'Running');
    const pid =
      recordOf(cluster.dataDir, 'node-1', created.metadata.uid).containers['c']?.running?.pid ?? 0;
    expect(groupAlive(pid)).toBe(true);
    const res = await api.call('DELETE', '/api/v1/namespaces/default/pods/stubborn');
    expect(res.status).toBe(200);
    await until(async () =>
      (await getJson('/api/v1/namespaces/default/pods/stubborn')) === undefined ? true : undefined,
    );
    expect(groupMembers(pid)).toEqual([]);
    expect(existsSync(join(cluster.dataDir, 'nodes', 'node-1', 'pods', created.metadata.uid))).toBe(
      false,
    );
  });
});

/** The live processes whose command line is exactly `argv`, from /proc. */
function processesRunning(argv: readonly string[]): number[] {
  const wanted = `${argv.join('\0')}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === wanted && processAlive(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function processAlive(pid: string): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return state !== 'Z' && state !== 'X';
}

// Tracking by cgroup needs root and cgroup v1's pids hierarchy (this suite's machine has both).
const cgroups = usableCgroupRoot(defaultCgroupRoot) !== undefined;

describe.runIf(cgroups)('a deleted pod whose container left its process group', () => {
  it('stops the processes it started in a new session, and those that daemonized', async () => {
    const marker = String(900_000 + Math.floor(Math.random() * 99_999));
    const sessionChild = ['sleep', `${marker}1`];
    const daemon = ['sleep', `${marker}2`];
    await createPod('escaper', {
      terminationGracePeriodSeconds: 1,
      containers: [
        busybox(
          `setsid ${sessionChild.join(' ')} & (setsid ${daemon.join(' ')} &); echo forked; sleep 3600`,
        ),
      ],
    });
    await waitPod('escaper', (p) => p.status.phase === 'Running');
    await until(() =>
      Promise.resolve(
        processesRunning(sessionChild).length + processesRunning(daemon).length === 2
          ? true
          : undefined,
      ),
    );
    await api.call('DELETE', '/api/v1/namespaces/default/pods/escaper');
    await until(async () =>
      (await getJson('/api/v1/namespaces/default/pods/escaper')) === undefined ? true : undefined,
    );
    const left = [...processesRunning(sessionChild), ...processesRunning(daemon)];
    for (const pid of left) process.kill(pid, 'SIGKILL');
    expect(left).toEqual([]);
  });
});

describe('a node agent restarted after kill -9', () => {
  const agentScript = (dataDir: string): string =>
    [
      `import { createLogger } from '@podvisor/kube';`,
      `import { startNodeAgent } from ${JSON.stringify(join(import.meta.dirname, 'node-agent.ts'))};`,
      `const logger = createLogger({ component: 'node', level: 'debug', destination: ${JSON.stringify(join(dataDir, 'node-2.log'))} });`,
      `await startNodeAgent({ dataDir: ${JSON.stringify(dataDir)}, nodeName: 'node-2', logger, podman: null, heartbeatMs: 1000 });`,
      `process.stdout.write('ready\\n');`,
    ].join('\n');

  async function startAgentProcess(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', agentScript(cluster.dataDir)],
      {
        cwd: join(import.meta.dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`node agent exited with ${code}`));
      });
    });
    return child;
  }

  async function kill9(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  it('adopts the running pod instead of starting it again, and stops pods deleted meanwhile', async () => {
    let child = await startAgentProcess();
    const created = await createPod(
      'survivor',
      {
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          busybox('echo started; sleep 3600', {
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          }),
        ],
      },
      'node-2',
    );
    const uid: string = created.metadata.uid;
    await waitPod('survivor', (p) => p.status.phase === 'Running');
    const pid = recordOf(cluster.dataDir, 'node-2', uid).containers['c']?.running?.pid ?? 0;
    await kill9(child);
    expect(groupAlive(pid)).toBe(true);

    child = await startAgentProcess();
    const record = recordOf(cluster.dataDir, 'node-2', uid);
    expect(record.containers['c']?.running?.pid).toBe(pid);
    expect(record.containers['c']?.runs).toBe(1);
    expect(record.volumes?.['data']).toBe(
      join(cluster.dataDir, 'nodes/node-2/pods', uid, 'volumes/kubernetes.io~empty-dir/data'),
    );
    expect(groupAlive(pid)).toBe(true);
    const pod = await getJson(`/api/v1/namespaces/default/pods/survivor`);
    expect(pod.status.containerStatuses[0].restartCount).toBe(0);
    const log = readFileSync(
      join(cluster.dataDir, 'nodes', 'node-2', 'pods', uid, 'logs', 'c', '0.log'),
      'utf8',
    );
    expect(log.match(/stdout F started/g)).toHaveLength(1);

    await kill9(child);
    await api.call('DELETE', '/api/v1/namespaces/default/pods/survivor?gracePeriodSeconds=0');
    child = await startAgentProcess();
    expect(groupAlive(pid)).toBe(false);
    expect(existsSync(join(cluster.dataDir, 'nodes', 'node-2', 'pods', uid))).toBe(false);
    await kill9(child);
  });
});

describe('a node agent that stops with its pods (a node powering off)', () => {
  function startNode3(): Promise<RunningNodeAgent> {
    return startNodeAgent({
      dataDir: cluster.dataDir,
      nodeName: 'node-3',
      logger: createLogger({
        component: 'node',
        level: 'debug',
        destination: join(cluster.dataDir, 'node-3.log'),
      }),
      streamingServer,
      podman: null,
      heartbeatMs: 1000,
      backoff: { initialMs: 500 },
    });
  }

  it('stops them within their grace period, and the next agent restarts Always pods in place while Never pods end Failed', async () => {
    let node3 = await startNode3();
    const sleeper = (restartPolicy: string) => ({
      restartPolicy,
      terminationGracePeriodSeconds: 5,
      containers: [busybox('sleep 3600')],
    });
    await createPod('keeps-running', sleeper('Always'), 'node-3');
    await createPod('runs-once', sleeper('Never'), 'node-3');
    for (const name of ['keeps-running', 'runs-once'])
      await waitPod(name, (p) => p.status.phase === 'Running');
    await node3.close({ stopPods: true });
    node3 = await startNode3();
    try {
      const restarted = await waitPod(
        'keeps-running',
        (p) =>
          p.status.phase === 'Running' &&
          p.status.containerStatuses?.[0]?.restartCount === 1 &&
          p.status.containerStatuses[0].ready === true,
      );
      expect(restarted.status.containerStatuses[0].lastState.terminated).toBeDefined();
      const ended = await waitPod('runs-once', (p) => p.status.phase === 'Failed');
      expect(ended.status.containerStatuses[0].restartCount).toBe(0);
    } finally {
      await node3.close({ stopPods: true });
    }
  });
});
