import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../main.ts';
import { captureIo } from '../testing/capture-io.ts';

const crdDir = join(import.meta.dirname, '..', '..', '..', '..', 'deploy', 'base', 'crds');
let cluster: TestCluster;
let dir: string;

async function kubectl(args: readonly string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

async function createVm(argv: string[]): Promise<string> {
  const io = captureIo({ env: { KUBECONFIG: cluster.kubeconfigPath, HOME: dir } });
  const code = await main(['create', 'vm', ...argv], io);
  expect(io.stderrText()).toBe('');
  expect(code).toBe(0);
  return io.stdoutText();
}

beforeAll(async () => {
  cluster = await startTestCluster();
  dir = mkdtempSync(join(tmpdir(), 'virtctl-create-'));
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml'))) {
    await kubectl(['apply', '-f', join(crdDir, file)]);
  }
  await kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/virtualmachines.kubevirt.io',
  ]);
});

afterAll(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl virt create vm against the CRDs', () => {
  it('prints a VM that kubectl apply accepts with strict validation, unchanged', async () => {
    const userData = join(dir, 'user-data.yaml');
    writeFileSync(userData, '#cloud-config\npassword: fedora\nchpasswd: { expire: false }\n');
    const yaml = await createVm([
      '--name',
      'vm1',
      '--image',
      'quay.io/containerdisks/fedora:41',
      '--cloud-init-user-data',
      userData,
      '--run-strategy',
      'Halted',
      '--memory',
      '1Gi',
    ]);
    await kubectl(['apply', '--validate=strict', '-f', '-'], yaml);
    const stored = JSON.parse(await kubectl(['get', 'vm', 'vm1', '-o', 'json'])) as {
      spec: { runStrategy: string; template: { spec: { volumes: unknown[] } } };
    };
    const written = parse(yaml) as { spec: { template: { spec: { volumes: unknown[] } } } };
    expect(stored.spec.runStrategy).toBe('Halted');
    expect(stored.spec.template.spec.volumes).toEqual(written.spec.template.spec.volumes);
  });

  it('puts the VM in the namespace -n names', async () => {
    await kubectl(['create', 'namespace', 'team-a']);
    const yaml = await createVm(['--name', 'vm2', '-n', 'team-a', '--image', 'busybox']);
    await kubectl(['create', '-f', '-'], yaml);
    expect(await kubectl(['get', 'vm', 'vm2', '-n', 'team-a', '-o', 'name'])).toBe(
      'virtualmachine.kubevirt.io/vm2\n',
    );
  });
});
