import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crdPath } from './generated-files.ts';
import { kubevirtKinds } from './kinds.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..');

/** A VM written the way the KubeVirt user guide writes one (shared with the install test). */
const userGuideVm = readFileSync(
  join(repositoryRoot, 'deploy', 'test', 'testdata', 'user-guide-vm.yaml'),
  'utf8',
);

const vmi = `apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: testvmi
spec:
  domain:
    devices: {}
    resources:
      requests:
        memory: 128Mi
`;

let cluster: TestCluster;

async function kubectl(args: readonly string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** The column names of a `kubectl get` table. */
function header(table: string): string[] {
  return (table.split('\n')[0] ?? '').trim().split(/\s+/);
}

beforeAll(async () => {
  cluster = await startTestCluster();
  for (const kind of kubevirtKinds) {
    await kubectl(['apply', '-f', join(repositoryRoot, crdPath(kind))]);
  }
  const names = kubevirtKinds.map((kind) => `crd/${kind.plural}.kubevirt.io`);
  await kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...names]);
});

afterAll(async () => {
  await cluster.close();
});

describe('the generated CRDs in a real API server', () => {
  it('accept a user-guide VM unchanged with strict field validation', async () => {
    await kubectl(['apply', '--validate=strict', '-f', '-'], userGuideVm);
    const stored = JSON.parse(await kubectl(['get', 'vm', 'testvm', '-o', 'json'])) as {
      spec: unknown;
    };
    const written = parse(userGuideVm) as { spec: unknown };
    expect(stored.spec).toEqual(written.spec);
  });

  it('reject an unknown field with strict field validation', async () => {
    const bad = userGuideVm.replace(
      'runStrategy: Always',
      'runStrategy: Always\n  runStratgy: Once',
    );
    const result = await cluster.kubectl(['create', '--validate=strict', '-f', '-'], {
      stdin: bad.replace('name: testvm', 'name: badvm'),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('runStratgy');
  });

  it('reject a run strategy that is not one of the enum values', async () => {
    const bad = userGuideVm.replace('runStrategy: Always', 'runStrategy: Sometimes');
    const result = await cluster.kubectl(['create', '-f', '-'], {
      stdin: bad.replace('name: testvm', 'name: sometimesvm'),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('spec.runStrategy');
  });

  it('print the VM columns', async () => {
    expect(header(await kubectl(['get', 'vm']))).toEqual(['NAME', 'AGE', 'STATUS', 'READY']);
  });

  it('print the VMI columns, the wide ones only with -o wide', async () => {
    await kubectl(['create', '-f', '-'], vmi);
    expect(header(await kubectl(['get', 'vmi']))).toEqual([
      'NAME',
      'AGE',
      'PHASE',
      'IP',
      'NODENAME',
      'READY',
    ]);
    expect(header(await kubectl(['get', 'vmi', '-o', 'wide']))).toEqual([
      'NAME',
      'AGE',
      'PHASE',
      'IP',
      'NODENAME',
      'READY',
      'LIVE-MIGRATABLE',
      'PAUSED',
    ]);
  });

  it('explain runStrategy with its description', async () => {
    const text = (await kubectl(['explain', 'vm.spec.runStrategy'])).replace(/\s+/g, ' ');
    expect(text).toContain('RerunOnFailure: a VMI that fails is recreated');
  });

  it('list VMs and VMIs in kubectl get all', async () => {
    const all = await kubectl(['get', 'all']);
    expect(all).toContain('virtualmachine.kubevirt.io/testvm');
    expect(all).toContain('virtualmachineinstance.kubevirt.io/testvmi');
  });

  it('serve the short names', async () => {
    expect(await kubectl(['get', 'vms', '-o', 'name'])).toContain(
      'virtualmachine.kubevirt.io/testvm',
    );
    expect(await kubectl(['get', 'vmis', '-o', 'name'])).toContain('testvmi');
  });
});

// Keep the whole file in one parse of the generated YAML, so a broken file fails loudly here.
it('every generated CRD file parses as YAML', () => {
  for (const kind of kubevirtKinds) {
    const text = readFileSync(join(repositoryRoot, crdPath(kind)), 'utf8');
    expect(parse(text)).toMatchObject({ kind: 'CustomResourceDefinition' });
  }
});
