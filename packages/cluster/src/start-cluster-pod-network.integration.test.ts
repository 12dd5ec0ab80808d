import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage } from './dns/decode-message.ts';
import { rcodes } from './dns/dns-message.ts';
import { startCluster } from './start-cluster.ts';
import { apiClient, type ApiClient } from './testing/api-client.ts';
import { eventually } from './testing/wait.ts';
import { ask, queryBytes } from './dns/test-query.ts';

// The pod network mode end to end: the cluster runs in a child process inside a throwaway netns
// shaped like the CLI's (lo up, pv0 with 10.244.0.1/16, a local route for 10.96.0.0/16) and serves
// a listening socket this process bound in the root netns, as `podvisor up` hands it over. Every
// address lives in the test's own netns; the root netns only gets a socket on 127.0.0.1.

const netns = `pvtest-${process.pid}`;
const netnsPath = `/run/netns/${netns}`;
const fixture = join(import.meta.dirname, 'pod-network-fixture.ts');
const isRoot = process.getuid?.() === 0;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[]): Run {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ip(...args: string[]): void {
  const result = run('ip', args);
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
}

/** Runs a command inside the test netns. */
function inNetns(command: string, args: readonly string[]): Run {
  return run('nsenter', [`--net=${netnsPath}`, '--', command, ...args]);
}

/** Runs a mode of the fixture inside the test netns. */
function fixtureInNetns(...args: string[]): Run {
  return inNetns(process.execPath, [fixture, ...args]);
}

/** A DNS query for `name` (type A, recursion desired), as bytes. */
function aQuery(name: string): Uint8Array {
  return queryBytes([ask(name)], { id: 4711 });
}

let dataDir = '';
let child: ChildProcess | undefined;
let url = '';
let api: ApiClient;
let stderr = '';

/** Binds 127.0.0.1:0 in the root netns and returns the server with its descriptor. */
async function hostSocket(): Promise<{ server: Server; fd: number; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The descriptor is private API; the child must inherit this very socket, as from the CLI.
  const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
  return { server, fd, port: (server.address() as AddressInfo).port };
}

/** Spawns the fixture cluster in the netns with `fd` as its stdio[3]. */
function spawnCluster(
  dir: string,
  fd: number,
  ...rest: string[]
): ChildProcess & { stdout: Readable; stderr: Readable } {
  const args = [
    `--net=${netnsPath}`,
    '--',
    process.execPath,
    fixture,
    'cluster',
    dir,
    '3',
    ...rest,
  ];
  const spawned = spawn('nsenter', args, { stdio: ['ignore', 'pipe', 'pipe', fd] });
  const { stdout, stderr } = spawned;
  if (stdout === null || stderr === null) throw new Error('the child has no stdout or stderr pipe');
  return Object.assign(spawned, { stdout, stderr });
}

/** Starts the fixture cluster in the netns with `fd` as its stdio[3]; resolves with its URL. */
function startChild(fd: number): Promise<string> {
  const started = spawnCluster(dataDir, fd);
  child = started;
  started.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let stdout = '';
    started.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line !== undefined)
        resolve((JSON.parse(line) as { url: string }).url);
    });
    started.once('exit', (code) => {
      reject(new Error(`the cluster exited (${String(code)}) before serving: ${stderr}`));
    });
  });
}

function spec(obj: unknown): Record<string, unknown> {
  return (obj as { spec?: Record<string, unknown> } | undefined)?.spec ?? {};
}

async function getJson(path: string): Promise<unknown> {
  const response = await api.call('GET', path);
  return response.status === 200 ? (JSON.parse(response.text) as unknown) : undefined;
}

describe.skipIf(!isRoot)('startCluster with the pod network, inside a netns', () => {
  beforeAll(async () => {
    ip('netns', 'add', netns);
    ip('-n', netns, 'link', 'set', 'lo', 'up');
    ip('-n', netns, 'link', 'add', 'pv0', 'type', 'bridge');
    ip('-n', netns, 'addr', 'add', '10.244.0.1/16', 'dev', 'pv0');
    ip('-n', netns, 'link', 'set', 'pv0', 'up');
    ip('-n', netns, 'route', 'add', 'local', '10.96.0.0/16', 'dev', 'lo');
    dataDir = mkdtempSync(join(tmpdir(), 'podvisor-podnet-'));
    const host = await hostSocket();
    const serving = startChild(host.fd);
    // The child holds its own copy now; this process must not accept on it.
    host.server.close();
    url = await serving;
    expect(url).toBe(`https://127.0.0.1:${host.port}`);
    api = apiClient(join(dataDir, 'kubeconfig'));
  });

  afterAll(async () => {
    const running = child;
    if (running !== undefined && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    run('ip', ['netns', 'delete', netns]);
    if (dataDir !== '') rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers over the socket inherited from the root netns', async () => {
    const response = await api.call('GET', '/version');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toMatchObject({ major: '1' });
  });

  it('publishes default/kubernetes as 10.96.0.1:443 with Endpoints 10.244.0.1:<port>', async () => {
    const port = Number(new URL(url).port);
    const service = await eventually(
      () => getJson('/api/v1/namespaces/default/services/kubernetes'),
      'the kubernetes Service',
    );
    expect(spec(service)).toMatchObject({
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
    });
    const endpoints = await eventually(
      () => getJson('/api/v1/namespaces/default/endpoints/kubernetes'),
      'the kubernetes Endpoints',
    );
    expect((endpoints as { subsets: unknown }).subsets).toEqual([
      { addresses: [{ ip: '10.244.0.1' }], ports: [{ name: 'https', port, protocol: 'TCP' }] },
    ]);
  });

  it('gives Services ClusterIPs from 10.96.0.0/16 and refuses requests outside it', async () => {
    const created = await api.call('POST', '/api/v1/namespaces/default/services', {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { ports: [{ port: 80 }] },
      },
    });
    expect(created.status).toBe(201);
    expect(spec(JSON.parse(created.text))['clusterIP']).toMatch(/^10\.96\.\d+\.\d+$/);
    const refused = await api.call('POST', '/api/v1/namespaces/default/services', {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'old' },
        spec: { clusterIP: '127.96.0.50', ports: [{ port: 80 }] },
      },
    });
    expect(refused.status).toBe(422);
    expect((JSON.parse(refused.text) as { message: string }).message).toContain(
      'The range of valid IPs is 10.96.0.0/16',
    );
  });

  it('keeps kube-system/kube-dns at 10.96.0.10 with its DNS ports and no selector', async () => {
    const service = await eventually(
      () => getJson('/api/v1/namespaces/kube-system/services/kube-dns'),
      'the kube-dns Service',
    );
    expect((service as { metadata: { labels: unknown } }).metadata.labels).toMatchObject({
      'k8s-app': 'kube-dns',
    });
    expect(spec(service)).toMatchObject({
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    });
    expect(spec(service)['selector']).toBeUndefined();
  });

  it('resolves Services at 10.96.0.10 inside the netns, over UDP (busybox) and TCP', async () => {
    const answer = await eventually(() => {
      const lookup = inNetns('busybox', [
        'nslookup',
        'kubernetes.default.svc.cluster.local',
        '10.96.0.10',
      ]);
      return lookup.status === 0 ? lookup.stdout : undefined;
    }, 'an answer from the cluster DNS');
    expect(answer).toMatch(/Address:\s+10\.96\.0\.1\b/);

    const hex = fixtureInNetns(
      'tcp',
      '10.96.0.10',
      '53',
      Buffer.from(aQuery('kubernetes.default.svc.cluster.local')).toString('hex'),
    );
    expect(hex.stderr).toBe('');
    const reply = decodeMessage(new Uint8Array(Buffer.from(hex.stdout, 'hex')));
    expect(reply.header.rcode).toBe(rcodes.noError);
    expect(reply.answers.map((a) => a.data)).toEqual([{ kind: 'a', address: '10.96.0.1' }]);
  });

  it('leaves 10.96.0.10:53 to the DNS server: the service proxy does not try to bind it', () => {
    const log = readFileSync(join(dataDir, 'cluster.log'), 'utf8');
    expect(log).toContain('dns: serving');
    expect(log).not.toContain('"address":"10.96.0.10:53"');
  });

  it('refuses names outside the cluster zone instead of forwarding them', () => {
    const hex = fixtureInNetns(
      'tcp',
      '10.96.0.10',
      '53',
      Buffer.from(aQuery('example.com')).toString('hex'),
    );
    const reply = decodeMessage(new Uint8Array(Buffer.from(hex.stdout, 'hex')));
    expect(reply.header.rcode).toBe(rcodes.refused);
  });

  it('is reachable inside the netns on the gateway and through the kubernetes ClusterIP', async () => {
    const port = new URL(url).port;
    const ca = join(dataDir, 'pki', 'ca.crt');
    const token = join(dataDir, 'pki', 'admin-token');
    const direct = fixtureInNetns('https', `https://10.244.0.1:${port}/version`, ca, token);
    expect(direct.stdout).toMatch(/^200 /);
    const viaService = await eventually(() => {
      const result = fixtureInNetns('https', 'https://10.96.0.1/version', ca, token);
      return result.stdout.startsWith('200 ') ? result.stdout : undefined;
    }, 'the API server through the service proxy');
    expect(viaService).toMatch(/"major"/);
  });

  it('refuses a host socket on another port than the one asked for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podvisor-podnet-'));
    const host = await hostSocket();
    try {
      const other = spawnCluster(dir, host.fd, String(host.port === 65535 ? 1 : host.port + 1));
      host.server.close();
      let errors = '';
      other.stderr.setEncoding('utf8');
      other.stderr.on('data', (chunk: string) => (errors += chunk));
      const code = await new Promise((resolve) => other.once('exit', resolve));
      expect(code).toBe(1);
      expect(errors).toContain(
        `podNetwork.hostListenFd listens on port ${host.port} but port is ${host.port === 65535 ? 1 : host.port + 1}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('startCluster with the pod network: bad options', () => {
  it('refuses a hostListenFd that is not a descriptor, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podvisor-podnet-'));
    try {
      await expect(
        startCluster({
          dataDir: dir,
          port: 0,
          logger: createLogger({ component: 'test', level: 'silent' }),
          podNetwork: { hostListenFd: -1 },
        }),
      ).rejects.toThrow('podNetwork.hostListenFd: -1 is not a file descriptor');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
