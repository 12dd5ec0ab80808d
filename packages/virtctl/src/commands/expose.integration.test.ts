import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../main.ts';
import { captureIo } from '../testing/capture-io.ts';

const crdDir = join(import.meta.dirname, '..', '..', '..', '..', 'deploy', 'base', 'crds');
let cluster: TestCluster;
let home: string;

/** A Service as read back: the fields expose sets and the server fills in. */
interface StoredService {
  metadata: { name: string; namespace: string };
  spec: {
    selector: Record<string, string>;
    ports: { name?: string; protocol: string; port: number; targetPort: number | string }[];
    type: string;
    clusterIP: string;
    externalIPs?: string[];
  };
}

async function kubectl(args: readonly string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

async function expose(argv: string[]) {
  const io = captureIo({ env: { KUBECONFIG: cluster.kubeconfigPath, HOME: home } });
  const code = await main(['expose', ...argv, '-n', 'demo'], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

async function service(name: string): Promise<StoredService> {
  return JSON.parse(
    await kubectl(['get', 'service', name, '-n', 'demo', '-o', 'json']),
  ) as StoredService;
}

const vmiSpec = {
  domain: {
    devices: {
      interfaces: [{ name: 'default', masquerade: {}, ports: [{ name: 'http', port: 80 }] }],
    },
  },
  networks: [{ name: 'default', pod: {} }],
};

const objects = [
  {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name: 'web',
      labels: { app: 'web', 'kubevirt.io/nodeName': 'node-1' },
    },
    spec: vmiSpec,
  },
  {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'bare' },
    spec: vmiSpec,
  },
  {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'db', labels: { owner: 'team-a' } },
    spec: {
      runStrategy: 'Halted',
      template: { metadata: { labels: { app: 'db', tier: 'data' } }, spec: vmiSpec },
    },
  },
  {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstanceReplicaSet',
    metadata: { name: 'pool' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'pool' } },
      template: { metadata: { labels: { app: 'pool' } }, spec: vmiSpec },
    },
  },
];

beforeAll(async () => {
  cluster = await startTestCluster();
  home = mkdtempSync(join(tmpdir(), 'virtctl-expose-'));
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml'))) {
    await kubectl(['apply', '-f', join(crdDir, file)]);
  }
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  await kubectl(['create', 'namespace', 'demo']);
  await kubectl(
    ['create', '-n', 'demo', '-f', '-'],
    objects.map((o) => stringify(o)).join('---\n'),
  );
});

afterAll(async () => {
  await cluster.close();
  rmSync(home, { recursive: true, force: true });
});

describe('kubectl virt expose against the embedded API server', () => {
  it("creates a ClusterIP Service selecting the VMI's labels, without its node label", async () => {
    const result = await expose([
      'vmi',
      'web',
      '--name',
      'web',
      '--port',
      '8080',
      '--target-port',
      '80',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: 'Service web successfully created for vmi web\n',
      stderr: '',
    });
    const stored = await service('web');
    expect(stored.spec.selector).toEqual({ app: 'web' });
    expect(stored.spec.ports).toEqual([{ protocol: 'TCP', port: 8080, targetPort: 80 }]);
    expect(stored.spec.type).toBe('ClusterIP');
    expect(stored.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("selects a VM's template labels and takes --type, --protocol, --port-name and --external-ip", async () => {
    const result = await expose([
      'VirtualMachine',
      'db',
      '--name',
      'db',
      '--port',
      '5432',
      '--port-name',
      'pg',
      '--protocol',
      'tcp',
      '--type',
      'NodePort',
      '--external-ip',
      '192.0.2.10',
    ]);
    expect(result.stdout).toBe('Service db successfully created for virtualmachine db\n');
    const stored = await service('db');
    expect(stored.spec).toMatchObject({
      selector: { app: 'db', tier: 'data' },
      ports: [{ name: 'pg', protocol: 'TCP', port: 5432, targetPort: 5432 }],
      type: 'NodePort',
      externalIPs: ['192.0.2.10'],
    });
  });

  it("exposes a replica set's declared pod-network ports when no --port is given", async () => {
    expect((await expose(['vmirs', 'pool', '--name', 'pool'])).code).toBe(0);
    const stored = await service('pool');
    expect(stored.spec.selector).toEqual({ app: 'pool' });
    expect(stored.spec.ports).toEqual([
      { name: 'port-1', protocol: 'TCP', port: 80, targetPort: 80 },
    ]);
  });

  it('creates a headless Service with --cluster-ip None', async () => {
    await expose(['vmi', 'web', '--name', 'web-headless', '--port', '80', '--cluster-ip', 'None']);
    expect((await service('web-headless')).spec.clusterIP).toBe('None');
  });

  it.each([
    [
      ['vmi', 'bare', '--name', 'bare', '--port', '80'],
      'cannot expose vmi without any label: bare',
    ],
    [
      ['vmi', 'missing', '--name', 'missing', '--port', '80'],
      'error fetching VirtualMachineInstance: virtualmachineinstances.kubevirt.io "missing" not found',
    ],
    [
      ['vmi', 'web', '--name', 'web', '--port', '80'],
      'service creation failed: services "web" already exists',
    ],
  ])('fails %j with a message naming the cause, creating nothing', async (argv, message) => {
    const before = await kubectl(['get', 'services', '-n', 'demo', '-o', 'name']);
    const result = await expose(argv);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${message}\n` });
    expect(await kubectl(['get', 'services', '-n', 'demo', '-o', 'name'])).toBe(before);
  });
});
