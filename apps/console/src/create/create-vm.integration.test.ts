// @vitest-environment node
// The form model's VMs against the real embedded API server with Podvisor's CRDs installed: the
// objects the Create page posts are accepted, and refusals name fields the page can show.
import {
  apiClient,
  startTestCluster,
  type ApiClient,
  type TestCluster,
} from '@podvisor/cluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldForCause, splitServerError } from './field-for-cause.ts';
import { initialVmForm, toVirtualMachine, type VmFormState } from './vm-form-model.ts';

const crdsDir = `${import.meta.dirname}/../../../../deploy/base/crds`;
const collection = '/apis/kubevirt.io/v1/namespaces/default/virtualmachines';

let cluster: TestCluster;
let api: ApiClient;

interface Status {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly details?: { readonly causes?: readonly { field?: string; message: string }[] };
}

async function post(form: VmFormState): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await api.call('POST', collection, { body: toVirtualMachine(form) });
  return { status: answer.status, body: JSON.parse(answer.text) as Record<string, unknown> };
}

beforeAll(async () => {
  cluster = await startTestCluster();
  api = apiClient(cluster.kubeconfigPath);
  const applied = await cluster.kubectl(['apply', '-f', crdsDir]);
  expect(applied.stderr).toBe('');
  const established = await cluster.kubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    'crd/virtualmachines.kubevirt.io',
  ]);
  expect(established.code).toBe(0);
});

afterAll(async () => {
  await cluster.close();
});

const base: VmFormState = { ...initialVmForm('default'), name: 'vm' };
const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBKb me@host';

describe('the Create page’s VMs against the API server and the CRDs', () => {
  it.each<[string, Partial<VmFormState>]>([
    ['the initial form', { name: 'initial' }],
    [
      'Debian, 4 cores, 2Gi, not started',
      {
        name: 'debian',
        image: 'podvisor.local/debian',
        cores: '4',
        memory: '2',
        memoryUnit: 'Gi',
        startNow: false,
      },
    ],
    [
      'a containerDisk, user data and an SSH key',
      {
        name: 'fedora',
        image: 'quay.io/containerdisks/fedora:40',
        userData: '#cloud-config\npackages: [htop]\n',
        sshKey: key,
      },
    ],
    ['only an SSH key, Manual', { name: 'manual', sshKey: key, runStrategy: 'Manual' }],
    [
      'RerunOnFailure with labels',
      {
        name: 'labelled',
        runStrategy: 'RerunOnFailure',
        labels: 'app=web, app.kubernetes.io/part-of=demo',
      },
    ],
  ])('stores %s as the form built it', async (_what, change) => {
    const form = { ...base, ...change };
    const { status, body } = await post(form);
    expect(status).toBe(201);
    const sent = toVirtualMachine(form);
    expect(body['spec']).toEqual(sent.spec);
    expect((body['metadata'] as { labels?: unknown }).labels).toEqual(sent.metadata.labels);
  });

  it('refuses a bad name with a cause the page shows at the name field', async () => {
    const { status, body } = await post({ ...base, name: 'Bad_Name' });
    const failure = body as unknown as Status;
    expect(status).toBe(422);
    const causes = failure.details?.causes ?? [];
    expect(causes.map((cause) => fieldForCause(cause.field))).toContain('name');
    expect(splitServerError({ ...failure, causes }).fields.name).toMatch(/Bad_Name/);
  });

  it('refuses cores that are not a number with a cause the page shows at the cores field', async () => {
    const { status, body } = await post({ ...base, name: 'cores', cores: 'two' });
    const failure = body as unknown as Status;
    expect(status).toBe(422);
    const fields = (failure.details?.causes ?? []).map((cause) => cause.field);
    expect(fields).toContain('spec.template.spec.domain.cpu.cores');
    expect(fields.map(fieldForCause)).toContain('cores');
  });

  it('refuses a second VM of the same name with 409, shown at the name field', async () => {
    await post({ ...base, name: 'twice' });
    const { status, body } = await post({ ...base, name: 'twice' });
    expect(status).toBe(409);
    const failure = body as unknown as Status;
    expect(splitServerError({ ...failure, causes: [] }).fields.name).toContain('already exists');
  });

  it('accepts 10Mi of memory: only the form (and virt-api) guard the minimum', async () => {
    const { status } = await post({ ...base, name: 'small', memory: '10' });
    expect(status).toBe(201);
  });
});
