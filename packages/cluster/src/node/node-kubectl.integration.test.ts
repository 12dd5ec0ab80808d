// Pods as kubectl and in-cluster clients see them on a real node agent: the service-account files
// a pod's process reads, `kubectl run -i` and `kubectl attach -i` with piped stdin, and the
// events of a Deployment's rollout.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deploymentController } from '../controllers/deployment/index.ts';
import { replicaSetController } from '../controllers/replicaset/index.ts';
import { rootCaPublisher } from '../controllers/root-ca-publisher/index.ts';
import { scheduler } from '../controllers/scheduler/index.ts';
import { defaultServiceAccountController } from '../controllers/serviceaccounts/index.ts';
import { apiClient, type ApiClient } from '../testing/api-client.ts';
import { startTestCluster, type TestCluster } from '../testing/test-cluster.ts';
import { until } from '../testing/wait.ts';
import { startNodeAgent, type RunningNodeAgent } from './node-agent.ts';
import { startNodeStreaming } from './streaming/index.ts';

// Pods here are plain JSON as the API server answers; tests read them loosely.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument */
type Pod = any;

const tokenDir = 'var/run/secrets/kubernetes.io/serviceaccount';

let cluster: TestCluster;
let api: ApiClient;
let agent: RunningNodeAgent;

async function getJson(path: string): Promise<any> {
  const res = await api.call('GET', path);
  return res.status === 200 ? JSON.parse(res.text) : undefined;
}

/** Polls an async check until it yields a value. */
async function poll<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function waitPod(name: string, test: (pod: Pod) => boolean): Promise<Pod> {
  return poll(`pod ${name}`, async () => {
    const pod = await getJson(`/api/v1/namespaces/default/pods/${name}`);
    return pod !== undefined && test(pod) ? pod : undefined;
  });
}

async function createPod(name: string, spec: Record<string, unknown>): Promise<Pod> {
  const res = await api.call('POST', '/api/v1/namespaces/default/pods', {
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec },
  });
  expect(res.status).toBe(201);
  return JSON.parse(res.text);
}

function containerRoot(pod: Pod, container = 'c'): string {
  const dir = agent.podDir(pod.metadata.uid);
  if (dir === undefined) throw new Error(`pod ${pod.metadata.name} is not on the node`);
  return join(dir, 'containers', container, 'root');
}

beforeAll(async () => {
  cluster = await startTestCluster({
    controllers: [
      scheduler,
      defaultServiceAccountController,
      rootCaPublisher,
      deploymentController,
      replicaSetController,
    ],
  });
  api = apiClient(cluster.kubeconfigPath);
  agent = await startNodeAgent({
    dataDir: cluster.dataDir,
    nodeName: 'node-1',
    logger: createLogger({
      component: 'node',
      level: 'debug',
      destination: join(cluster.dataDir, 'node-1.log'),
    }),
    streamingServer: startNodeStreaming,
    podman: null,
    heartbeatMs: 1000,
  });
  await poll('the default ServiceAccount and the root CA', async () =>
    (await getJson('/api/v1/namespaces/default/serviceaccounts/default')) !== undefined &&
    (await getJson('/api/v1/namespaces/default/configmaps/kube-root-ca.crt')) !== undefined
      ? true
      : undefined,
  );
});

afterAll(async () => {
  await agent.close({ stopPods: true });
  await cluster.close();
});

describe("a pod's service account", () => {
  let pod: Pod;

  beforeAll(async () => {
    await createPod('reader', {
      containers: [
        {
          name: 'c',
          image: 'busybox',
          command: [
            'sh',
            '-c',
            `cd $PODVISOR_CONTAINER_ROOT/${tokenDir} && for f in namespace ca.crt token; do cat $f; echo; done; sleep 3600`,
          ],
        },
      ],
      terminationGracePeriodSeconds: 1,
    });
    pod = await waitPod('reader', (p) => p.status.phase === 'Running');
  });

  it('gets its token, the cluster CA and its namespace mounted where in-cluster clients look', async () => {
    const caCert = readFileSync(join(cluster.dataDir, 'pki', 'ca.crt'), 'utf8');
    const log = await poll('the output', () => {
      const file = agent.access.logFile(pod.metadata.uid, 'c', false);
      const text = file === undefined ? '' : readFileSync(file, 'utf8');
      return Promise.resolve(text.includes('stdout F ey') ? text : undefined);
    });
    expect(log).toContain('stdout F default');
    expect(log).toContain(`stdout F ${caCert.split('\n')[1] ?? ''}`);
    expect(log).toMatch(/stdout F ey[\w-]+\.[\w-]+\.[\w-]+$/m);
  });

  it("lets client-node's loadFromCluster act as the pod's ServiceAccount, within its Role", async () => {
    vi.stubEnv('KUBERNETES_SERVICE_HOST', '127.0.0.1');
    vi.stubEnv('KUBERNETES_SERVICE_PORT', new URL(cluster.url).port);
    const kc = new KubeConfig();
    kc.loadFromCluster(containerRoot(pod));
    vi.unstubAllEnvs();
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('default');
    const core = kc.makeApiClient(CoreV1Api);
    await expect(core.listNamespacedPod({ namespace: 'default' })).rejects.toMatchObject({
      code: 403,
    });
    await api.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'pod-reader' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
      },
    });
    await api.call('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings', {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'pod-reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
      },
    });
    const pods = await core.listNamespacedPod({ namespace: 'default' });
    expect(pods.items.map((p) => p.metadata?.name)).toContain('reader');
  });
});

describe('stdin from kubectl', () => {
  it.each([
    {
      what: 'reads a line',
      name: 't1',
      script: 'read x; echo got $x',
      input: 'hi\n',
      output: 'got hi\n',
    },
    {
      what: 'reads to end-of-file',
      name: 't2',
      script: 'cat; echo end',
      input: 'hi',
      output: 'hiend\n',
    },
  ])(
    'kubectl run -i --rm with piped stdin ends by itself when the process $what, and deletes the pod',
    async ({ name, script, input, output }) => {
      const result = await cluster.kubectl(
        ['run', '-i', '--rm', '--restart=Never', '--image=busybox', name, '--', 'sh', '-c', script],
        { stdin: input },
      );
      expect(result.stdout).toContain(output);
      expect(result.code).toBe(0);
      await poll(`pod ${name} to be gone`, async () =>
        (await getJson(`/api/v1/namespaces/default/pods/${name}`)) === undefined ? true : undefined,
      );
    },
  );

  it('kubectl attach -i sends lines to a stdin container, which keeps its stdin between sessions', async () => {
    await createPod('talker', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'c',
          image: 'busybox',
          stdin: true,
          command: [
            'sh',
            '-c',
            'while read l; do echo "got $l"; [ "$l" = bye ] && exit 0; done; echo EOF',
          ],
        },
      ],
    });
    const pod = await waitPod('talker', (p) => p.status.phase === 'Running');
    const first = spawn('kubectl', ['attach', '-i', 'talker'], {
      env: {
        ...process.env,
        HOME: join(cluster.dataDir, 'home'),
        KUBECONFIG: cluster.kubeconfigPath,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    first.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    first.stdin.end('one\n');
    await until(() => seen.includes('got one\n'), 'the first session to be answered');
    first.kill();
    expect(agent.access.isRunning(pod.metadata.uid, 'c')).toBe(true);
    const second = await cluster.kubectl(['attach', '-i', 'talker'], { stdin: 'bye\n' });
    expect(second.stdout).toContain('got bye\n');
    expect(second.stdout).not.toContain('EOF');
    const done = await waitPod('talker', (p) => p.status.phase === 'Succeeded');
    expect(done.status.containerStatuses[0].state.terminated.exitCode).toBe(0);
  });
});

describe('workload events', () => {
  /** `kubectl get events` once it lists every reason given. */
  function eventsWith(reasons: readonly string[]): Promise<string> {
    return poll(`events ${reasons.join(', ')}`, async () => {
      const { stdout } = await cluster.kubectl(['get', 'events']);
      return reasons.every((r) => stdout.includes(` ${r} `)) ? stdout : undefined;
    });
  }

  it('shows a rollout and a scale-down from the controllers, the scheduler and the node', async () => {
    const created = await cluster.kubectl([
      'create',
      'deployment',
      'web',
      '--image=busybox',
      '--',
      'sleep',
      '3600',
    ]);
    expect(created.code).toBe(0);
    const started = await eventsWith([
      'SuccessfulCreate',
      'Scheduled',
      'Pulled',
      'Created',
      'Started',
    ]);
    expect(started).toMatch(/SuccessfulCreate\s+replicaset\/web-\w+\s+Created pod: web-\w+-\w+/);
    expect(started).toMatch(/Pulled\s+pod\/web-\S+\s+Container image "busybox" already present/);
    const described = await cluster.kubectl(['describe', 'deployment', 'web']);
    expect(described.stdout).toMatch(
      /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ from 0 to 1/,
    );
    expect((await cluster.kubectl(['scale', 'deployment', 'web', '--replicas=0'])).code).toBe(0);
    const stopped = await eventsWith(['SuccessfulDelete', 'Killing']);
    expect(stopped).toMatch(/Scaled down replica set web-\w+ from 1 to 0/);
  });
});
