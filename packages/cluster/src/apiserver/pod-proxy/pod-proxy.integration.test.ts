import { spawn } from 'node:child_process';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Exec, KubeConfig, PortForward, type V1Status } from '@kubernetes/client-node';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeContainerAccess } from '../../node/streaming/fake-container-access.ts';
import {
  createStreamingServer,
  type StreamingServer,
} from '../../node/streaming/streaming-server.ts';
import {
  nodeServingCredentials,
  proxyClientCredentials,
} from '../../node/streaming/streaming-pki.ts';
import { apiClient, type ApiClient } from '../../testing/api-client.ts';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import { startPodProxyFront, type PodProxyFront } from './pod-proxy-front.ts';
import { createPodProxy, type PodProxy } from './pod-proxy.ts';

const logger = createLogger({ component: 'test', level: 'silent' });
let cluster: TestCluster;
let node: StreamingServer;
let proxy: PodProxy;
let front: PodProxyFront;
let api: ApiClient;
let access: FakeContainerAccess;
let web: Server;
let webPort = 0;

interface PodSpec {
  readonly containers: { name: string; command: string[]; stdin?: boolean }[];
  readonly phase?: string;
  readonly annotations?: Record<string, string>;
}

async function check(answer: Promise<{ status: number; text: string }>): Promise<string> {
  const { status, text } = await answer;
  if (status >= 300) throw new Error(`API answered ${status}: ${text}`);
  return text;
}

/** Creates a pod bound to node-1 with the given phase, and starts its containers in the fake runtime. */
async function createPod(name: string, spec: PodSpec): Promise<void> {
  const created = await check(
    api.call('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, ...(spec.annotations ? { annotations: spec.annotations } : {}) },
        spec: {
          nodeName: 'node-1',
          containers: spec.containers.map((c) => ({
            name: c.name,
            image: 'busybox',
            ...(c.stdin === true ? { stdin: true } : {}),
          })),
        },
      },
    }),
  );
  const uid = (JSON.parse(created) as { metadata: { uid: string } }).metadata.uid;
  await check(
    api.call('PATCH', `/api/v1/namespaces/default/pods/${name}/status`, {
      body: { status: { phase: spec.phase ?? 'Running', podIP: '127.0.0.1' } },
      contentType: 'application/merge-patch+json',
    }),
  );
  for (const c of spec.containers) access.start(uid, c.name, { command: c.command });
}

function kubectl(args: string[], stdin?: string): ReturnType<TestCluster['kubectl']> {
  return cluster.kubectl(args, {
    env: { KUBECONFIG: front.kubeconfigPath },
    ...(stdin === undefined ? {} : { stdin }),
  });
}

function collect(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
    }).on('error', reject);
  });
}

beforeAll(async () => {
  cluster = await startTestCluster();
  api = apiClient(cluster.kubeconfigPath);
  const pki = join(cluster.dataDir, 'pki');
  access = new FakeContainerAccess(join(cluster.dataDir, 'node-logs'));
  node = createStreamingServer({
    tls: await nodeServingCredentials(pki, 'node-1'),
    access,
    logger,
    pollMs: 50,
  });
  const port = await node.listen(0);
  proxy = createPodProxy({ credentials: await proxyClientCredentials(pki), logger });
  front = await startPodProxyFront({
    dataDir: cluster.dataDir,
    apiUrl: cluster.url,
    kubeconfigPath: cluster.kubeconfigPath,
    proxy,
  });
  await check(
    api.call('POST', '/api/v1/nodes', {
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } },
    }),
  );
  await check(
    api.call('PATCH', '/api/v1/nodes/node-1/status', {
      body: {
        status: {
          addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
          daemonEndpoints: { kubeletEndpoint: { Port: port } },
        },
      },
      contentType: 'application/merge-patch+json',
    }),
  );
  web = createServer((_req, res) => {
    res.end('hello from the pod\n');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;
  await createPod('p', {
    containers: [
      { name: 'c', command: ['sh', '-c', 'echo one; echo two; echo three; exec sleep 60'] },
    ],
  });
  await createPod('multi', {
    containers: [
      { name: 'a', command: ['sleep', '60'] },
      { name: 'b', command: ['sleep', '60'] },
    ],
  });
  await createPod('done', { containers: [{ name: 'c', command: ['true'] }], phase: 'Succeeded' });
});

afterAll(async () => {
  access.stopAll();
  web.close();
  await front.close();
  proxy.close();
  await node.close();
  await cluster.close();
});

describe('pod streams through the API server, with the real kubectl', () => {
  it('kubectl logs prints the bare lines', async () => {
    const result = await kubectl(['logs', 'p']);
    expect(result).toMatchObject({ code: 0, stdout: 'one\ntwo\nthree\n' });
  });

  it('kubectl logs --tail=2 --timestamps prints the last two lines with their timestamps', async () => {
    const result = await kubectl(['logs', 'p', '--tail=2', '--timestamps']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\S+Z two\n\S+Z three\n$/);
  });

  it('kubectl logs -f streams until the container ends, then exits', async () => {
    await createPod('short', {
      containers: [{ name: 'c', command: ['sh', '-c', 'echo a; sleep 1; echo b'] }],
    });
    const result = await kubectl(['logs', '-f', 'short']);
    expect(result).toMatchObject({ code: 0, stdout: 'a\nb\n' });
  });

  it('kubectl exec prints the output and exits with the command exit code', async () => {
    const result = await kubectl(['exec', 'p', '--', 'sh', '-c', 'echo hi; exit 3']);
    expect(result.stdout).toBe('hi\n');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('command terminated with exit code 3');
  });

  it('kubectl exec -i passes stdin to the command', async () => {
    const result = await kubectl(['exec', '-i', 'p', '--', 'cat'], 'from stdin\n');
    expect(result).toMatchObject({ code: 0, stdout: 'from stdin\n' });
  });

  it('kubectl attach -i talks to the running container until it exits', async () => {
    await createPod('talker', {
      containers: [
        { name: 'c', command: ['sh', '-c', 'read line; echo "got $line"'], stdin: true },
      ],
    });
    const result = await kubectl(['attach', '-i', 'talker'], 'ping\n');
    expect(result.stdout).toContain('got ping\n');
    expect(result.code).toBe(0);
  });

  it.each([
    ['SPDY tunnelled in a websocket', {}],
    ['the SPDY/3.1 upgrade', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }],
  ])(
    'kubectl port-forward over %s reaches a port of the pod, for several connections',
    async (_how, env) => {
      const child = spawn('kubectl', ['port-forward', 'pod/p', `:${webPort}`], {
        env: {
          ...process.env,
          ...env,
          HOME: join(cluster.dataDir, 'home'),
          KUBECONFIG: front.kubeconfigPath,
        },
      });
      try {
        const local = await new Promise<number>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
            if (match?.[1] !== undefined) resolve(Number(match[1]));
          });
          child.on('exit', () => {
            reject(new Error(`kubectl port-forward exited: ${out}`));
          });
        });
        expect(await httpGet(local)).toBe('hello from the pod\n');
        expect(await httpGet(local)).toBe('hello from the pod\n');
      } finally {
        child.kill();
      }
    },
  );

  it('refuses a log request without a container on a pod with several', async () => {
    const viaFront = apiClient(front.kubeconfigPath);
    const refused = await viaFront.call('GET', '/api/v1/namespaces/default/pods/multi/log');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toMatchObject({
      reason: 'BadRequest',
      message: 'a container name must be specified for pod multi, choose one of: [a b]',
    });
  });
});

describe('pod streams through the API server, with client-node', () => {
  const kubeConfig = (): KubeConfig => {
    const kc = new KubeConfig();
    kc.loadFromFile(front.kubeconfigPath);
    return kc;
  };

  it.each([
    ['echo x; exit 2', { status: 'Failure', reason: 'NonZeroExitCode' }, 'x\n'],
    ['echo ok', { status: 'Success' }, 'ok\n'],
  ])('Exec of %j reports its status to the callback', async (script, status, output) => {
    const out = collect();
    const received = await new Promise<V1Status>((resolve, reject) => {
      new Exec(kubeConfig())
        .exec('default', 'p', 'c', ['sh', '-c', script], out.stream, null, null, false, resolve)
        .catch(reject);
    });
    expect(received).toMatchObject(status);
    expect(out.text()).toBe(output);
  });

  it('Exec into a completed pod is refused before the upgrade', async () => {
    const exec = new Exec(kubeConfig()).exec(
      'default',
      'done',
      'c',
      ['true'],
      null,
      null,
      null,
      false,
    );
    const failure = await exec.then(
      () => undefined,
      (error: unknown) => error as { message?: unknown },
    );
    expect(String(failure?.message)).toContain('Unexpected server response: 400');
  });

  it('PortForward over a websocket reaches a port of the pod', async () => {
    const out = collect();
    const input = new PassThrough();
    const ws = await new PortForward(kubeConfig()).portForward(
      'default',
      'p',
      [webPort],
      out.stream,
      null,
      input,
    );
    if (typeof ws === 'function') throw new Error('expected the websocket itself');
    const closed = new Promise((resolve) => {
      ws.addEventListener('close', resolve);
    });
    input.write('GET / HTTP/1.0\r\n\r\n');
    await closed;
    expect(out.text()).toContain('hello from the pod\n');
  });
});
