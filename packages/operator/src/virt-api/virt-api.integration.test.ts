// virt-api end to end: the embedded cluster calls its webhooks for real kubectl requests.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requestJson } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVirtApi, type RunningVirtApi } from './run-virt-api.ts';
import { startClusterForTest, type ClusterForTest } from './start-cluster-for-test.ts';

const crdsDir = join(import.meta.dirname, '../../../../deploy/base/crds');
const crdFiles = existsSync(crdsDir) ? readdirSync(crdsDir).filter((f) => f.endsWith('.yaml')) : [];
const haveCrds = crdFiles.length >= 5;

let cluster: ClusterForTest;
let virtApi: RunningVirtApi;

type Operation = 'CREATE' | 'UPDATE';
type Hook = readonly [name: string, path: string, resource: string, operations: Operation[]];

const mutators: Hook[] = [
  [
    'virtualmachines-mutator.kubevirt.io',
    '/mutate-virtualmachines',
    'virtualmachines',
    ['CREATE', 'UPDATE'],
  ],
  [
    'virtualmachineinstances-mutator.kubevirt.io',
    '/mutate-virtualmachineinstances',
    'virtualmachineinstances',
    ['CREATE', 'UPDATE'],
  ],
  [
    'migrations-mutator.kubevirt.io',
    '/mutate-migrations',
    'virtualmachineinstancemigrations',
    ['CREATE'],
  ],
];
const validators: Hook[] = [
  [
    'virtualmachine-validator.kubevirt.io',
    '/validate-virtualmachines',
    'virtualmachines',
    ['CREATE', 'UPDATE'],
  ],
  [
    'virtualmachineinstances-create-validator.kubevirt.io',
    '/validate-virtualmachineinstances-create',
    'virtualmachineinstances',
    ['CREATE'],
  ],
  [
    'virtualmachineinstances-update-validator.kubevirt.io',
    '/validate-virtualmachineinstances-update',
    'virtualmachineinstances',
    ['UPDATE'],
  ],
  [
    'migration-create-validator.kubevirt.io',
    '/validate-migrations-create',
    'virtualmachineinstancemigrations',
    ['CREATE'],
  ],
  [
    'migration-update-validator.kubevirt.io',
    '/validate-migrations-update',
    'virtualmachineinstancemigrations',
    ['UPDATE'],
  ],
  [
    'virtualmachinereplicaset-validator.kubevirt.io',
    '/validate-virtualmachinereplicasets',
    'virtualmachineinstancereplicasets',
    ['CREATE', 'UPDATE'],
  ],
];

/** A webhook configuration pointing at the in-process virt-api by URL, trusting its CA. */
function configuration(
  kind: string,
  name: string,
  hooks: readonly Hook[],
): Record<string, unknown> {
  const caBundle = Buffer.from(virtApi.ca).toString('base64');
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name },
    webhooks: hooks.map(([hookName, path, resource, operations]) => ({
      name: hookName,
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      failurePolicy: 'Fail',
      timeoutSeconds: 10,
      clientConfig: { url: `https://127.0.0.1:${virtApi.port}${path}`, caBundle },
      rules: [
        { apiGroups: ['kubevirt.io'], apiVersions: ['v1'], operations, resources: [resource] },
      ],
    })),
  };
}

/** The user guide's testvm (a containerDisk and a cloud-init volume), as YAML. */
function userGuideVm(name: string, spec: { disks: string; extraSpec?: string }): string {
  return `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: ${name}
spec:
  runStrategy: Halted${spec.extraSpec ?? ''}
  template:
    metadata:
      labels:
        kubevirt.io/size: small
        kubevirt.io/domain: ${name}
    spec:
      domain:
        devices:
          disks:${spec.disks}
          interfaces:
            - name: default
              masquerade: {}
        resources:
          requests:
            memory: 64M
      networks:
        - name: default
          pod: {}
      volumes:
        - name: containerdisk
          containerDisk:
            image: quay.io/kubevirt/cirros-container-disk-demo
        - name: cloudinitdisk
          cloudInitNoCloud:
            userDataBase64: SGkuXG4=
`;
}

const containerDiskOnly = `
            - name: containerdisk
              disk:
                bus: virtio`;

/** Waits until the APIService reports Available=True (the aggregator probed virt-api's discovery). */
async function untilAvailable(): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    const got = await cluster.kubectl([
      'get',
      'apiservice',
      'v1.subresources.kubevirt.io',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Available")].status} {.status.conditions[?(@.type=="Available")].message}',
    ]);
    last = got.stdout;
    if (last.startsWith('True')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the APIService did not become Available: ${last}`);
}

describe.skipIf(!haveCrds)(
  `virt-api admission through the API server${haveCrds ? '' : ' (skipped: deploy/base/crds/ has no CRDs yet)'}`,
  () => {
    beforeAll(async () => {
      cluster = await startClusterForTest();
      const applied = await cluster.kubectl(['apply', '-f', crdsDir]);
      expect(applied.stderr).toBe('');
      await cluster.create('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'podvisor' },
      });
      virtApi = await runVirtApi({
        kubeConfig: cluster.kubeConfig,
        logger: cluster.logger,
        namespace: 'podvisor',
        port: 0,
        host: '127.0.0.1',
        extraNames: ['127.0.0.1'],
      });
      const admission = '/apis/admissionregistration.k8s.io/v1';
      await cluster.create(
        `${admission}/mutatingwebhookconfigurations`,
        configuration('MutatingWebhookConfiguration', 'podvisor-virt-api-mutator', mutators),
      );
      await cluster.create(
        `${admission}/validatingwebhookconfigurations`,
        configuration('ValidatingWebhookConfiguration', 'podvisor-virt-api-validator', validators),
      );
    });
    afterAll(async () => {
      await virtApi.close();
      await cluster.close();
    });

    it('accepts a valid VM and stores it defaulted', async () => {
      const created = await cluster.kubectl(
        ['create', '-f', '-'],
        userGuideVm('testvm', { disks: containerDiskOnly }),
      );
      expect(created).toMatchObject({ code: 0, stderr: '' });
      const got = await cluster.kubectl(['get', 'vm', 'testvm', '-o', 'json']);
      const vm = JSON.parse(got.stdout) as {
        spec: {
          template: {
            spec: {
              domain: { machine?: { type?: string }; devices: { disks: { name: string }[] } };
            };
          };
        };
      };
      const domain = vm.spec.template.spec.domain;
      expect(domain.machine?.type).toBe('q35');
      expect(domain.devices.disks.map((d) => d.name)).toEqual(['containerdisk', 'cloudinitdisk']);
    });

    it('rejects a VM whose disk names no volume, naming the field', async () => {
      const disks = `
            - name: nosuchvolume
              disk:
                bus: virtio`;
      const result = await cluster.kubectl(
        ['create', '-f', '-'],
        userGuideVm('baddisk', { disks }),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain("'nosuchvolume' not found");
      expect(result.stderr).toContain('spec.template.spec.domain.devices.disks[0].name');
    });

    it('rejects a VM with both running and runStrategy, naming spec.running', async () => {
      const result = await cluster.kubectl(
        ['create', '-f', '-'],
        userGuideVm('both', { disks: containerDiskOnly, extraSpec: '\n  running: false' }),
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('spec.running');
      expect(result.stderr).toContain('Running and RunStrategy are mutually exclusive');
    });

    it('serves its discovery and version through the aggregator (front-proxy authentication)', async () => {
      await cluster.create('/api/v1/namespaces/podvisor/services', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'virt-api', namespace: 'podvisor' },
        spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
      });
      await cluster.create('/api/v1/namespaces/podvisor/endpoints', {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'virt-api', namespace: 'podvisor' },
        subsets: [
          { addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: virtApi.port }] },
        ],
      });
      await cluster.create('/apis/apiregistration.k8s.io/v1/apiservices', {
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: 'v1.subresources.kubevirt.io' },
        spec: {
          group: 'subresources.kubevirt.io',
          version: 'v1',
          groupPriorityMinimum: 1000,
          versionPriority: 15,
          service: { name: 'virt-api', namespace: 'podvisor', port: 443 },
          caBundle: Buffer.from(virtApi.ca).toString('base64'),
        },
      });
      await untilAvailable();
      const list = await cluster.kubectl(['get', '--raw', '/apis/subresources.kubevirt.io/v1']);
      expect(JSON.parse(list.stdout)).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: 'subresources.kubevirt.io/v1',
      });
      const version = await cluster.kubectl([
        'get',
        '--raw',
        '/apis/subresources.kubevirt.io/v1/version',
      ]);
      expect(JSON.parse(version.stdout)).toMatchObject({ gitVersion: 'v0.1.0' });
    });

    it('answers the denial as a 422 Invalid Status with the causes', async () => {
      const body = {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        metadata: { name: 'both-api', namespace: 'default' },
        spec: {
          running: true,
          runStrategy: 'Always',
          template: { spec: { domain: { devices: {} } } },
        },
      };
      const failure = await requestJson(cluster.kubeConfig, {
        method: 'POST',
        path: '/apis/kubevirt.io/v1/namespaces/default/virtualmachines',
        body,
      }).catch((error: unknown) => error as { code: number; body: string });
      expect(failure).toMatchObject({ code: 422 });
      const status = JSON.parse((failure as { body: string }).body) as {
        reason: string;
        details: { causes: { field: string }[] };
      };
      expect(status.reason).toBe('Invalid');
      expect(status.details.causes.map((c) => c.field)).toContain('spec.running');
    });
  },
);
