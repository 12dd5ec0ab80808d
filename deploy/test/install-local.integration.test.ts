// Issue 5's "done when", as a user meets it: `podvisor cluster` with a node, the CRDs and the
// local overlay applied with kubectl, virt-api running as a pod (its own certificates, its
// webhooks reached through its Service), and KubeVirt-style manifests through kubectl.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPodvisorCluster, type PodvisorCluster } from './start-podvisor-cluster.ts';

let cluster: PodvisorCluster;

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const userGuideVm = readFileSync(
  join(import.meta.dirname, 'testdata', 'user-guide-vm.yaml'),
  'utf8',
);

/** The user-guide VM under another name, edited by `change`. */
function vmVariant(name: string, change: (yaml: string) => string): string {
  return change(userGuideVm.replace('name: testvm', `name: ${name}`));
}

beforeAll(async () => {
  cluster = await startPodvisorCluster({ nodes: 1 });
  expect((await cluster.kubectl(['apply', '-f', 'base/crds/'])).code).toBe(0);
  const applied = await cluster.kubectl(['apply', '-k', 'overlays/local']);
  expect(applied.stderr).toBe('');
  await eventually(
    async () =>
      (
        await cluster.kubectl([
          'wait',
          '-n',
          'podvisor',
          '--for=condition=Ready',
          'pod',
          '-l',
          'kubevirt.io=virt-api',
          '--timeout=5s',
        ])
      ).code === 0,
    'virt-api Ready',
  );
  await eventually(
    async () =>
      (
        await cluster.kubectl([
          'get',
          'apiservice',
          'v1.subresources.kubevirt.io',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Available")].status}',
        ])
      ).stdout === 'True',
    'the subresources APIService Available',
  );
});

afterAll(async () => {
  await cluster.close();
});

describe('the local install on the embedded cluster', () => {
  it('accepts a KubeVirt user-guide VM unchanged and defaults it', async () => {
    const created = await cluster.kubectl(['apply', '-f', '-'], userGuideVm);
    expect(created.stdout).toContain('virtualmachine.kubevirt.io/testvm created');
    const domain = JSON.parse(
      (
        await cluster.kubectl([
          'get',
          'vm',
          'testvm',
          '-o',
          'jsonpath={.spec.template.spec.domain}',
        ])
      ).stdout,
    ) as { machine?: { type?: string }; devices?: { interfaces?: { model?: string }[] } };
    expect(domain.machine?.type).toBe('q35');
    expect(domain.devices?.interfaces?.[0]?.model).toBe('virtio');
  });

  it("shows KubeVirt's columns for VMs and VMIs", async () => {
    expect((await cluster.kubectl(['get', 'vm'])).stdout.split('\n')[0]).toMatch(
      /^NAME\s+AGE\s+STATUS\s+READY$/,
    );
    // A VMI created directly, from the VM's defaulted template.
    const vm = JSON.parse(
      (await cluster.kubectl(['get', 'vm', 'testvm', '-o', 'json'])).stdout,
    ) as {
      spec: { template: { spec: unknown } };
    };
    const object = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: { name: 'direct' },
      spec: vm.spec.template.spec,
    };
    expect((await cluster.kubectl(['create', '-f', '-'], JSON.stringify(object))).code).toBe(0);
    expect((await cluster.kubectl(['get', 'vmi', '-o', 'wide'])).stdout.split('\n')[0]).toMatch(
      /^NAME\s+AGE\s+PHASE\s+IP\s+NODENAME\s+READY\s+LIVE-MIGRATABLE\s+PAUSED$/,
    );
  });

  it('explains vm.spec.runStrategy', async () => {
    const out = (await cluster.kubectl(['explain', 'vm.spec.runStrategy'])).stdout;
    expect(out).toContain('FIELD: runStrategy <string>');
    expect(out).toContain('RerunOnFailure');
  });

  it.each([
    [
      'a disk that names no volume',
      (y: string) => y.replace('- name: containerdisk\n', '- name: nosuchvolume\n'),
      "spec.template.spec.domain.devices.disks[0].name 'nosuchvolume' not found",
    ],
    [
      'both running and runStrategy',
      (y: string) => y.replace('  runStrategy: Always', '  runStrategy: Always\n  running: true'),
      'spec.running',
    ],
  ])('rejects a VM with %s, naming the field', async (_what, change, message) => {
    const result = await cluster.kubectl(['apply', '-f', '-'], vmVariant('bad', change));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect((await cluster.kubectl(['get', 'vm', 'bad'])).code).not.toBe(0);
  });

  it('lets a kubevirt.io:view user list VMs and not create them', async () => {
    await cluster.kubectl([
      'create',
      'rolebinding',
      'alice-view',
      '--clusterrole=view',
      '--user=alice',
    ]);
    expect((await cluster.kubectl(['get', 'vm', '--as=alice'])).stdout).toContain('testvm');
    const denied = await cluster.kubectl(
      ['apply', '-f', '-', '--as=alice'],
      vmVariant('mine', (y) => y),
    );
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('forbidden');
  });
});
