// Certificate bootstrap against the embedded cluster: the Secret, and the CA in every caBundle.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { requestJson } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureServingCertificates,
  type EnsureServingCertificatesOptions,
  type ServingCertificates,
} from './ensure-serving-certificates.ts';
import { startClusterForTest, type ClusterForTest } from './start-cluster-for-test.ts';

let cluster: ClusterForTest;
let options: EnsureServingCertificatesOptions;

const admission = '/apis/admissionregistration.k8s.io/v1';
const apiServicePath = '/apis/apiregistration.k8s.io/v1/apiservices/v1.subresources.kubevirt.io';

function webhook(name: string, path: string): Record<string, unknown> {
  return {
    name,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: 'Fail',
    clientConfig: { service: { name: 'virt-api', namespace: 'podvisor', path, port: 443 } },
    rules: [
      {
        apiGroups: ['example.com'],
        apiVersions: ['v1'],
        operations: ['CREATE'],
        resources: ['things'],
      },
    ],
  };
}

function configuration(kind: string, name: string): Record<string, unknown> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name },
    webhooks: [webhook(`a.${name}.example.com`, '/a'), webhook(`b.${name}.example.com`, '/b')],
  };
}

async function get(path: string): Promise<Record<string, unknown>> {
  return (await requestJson(cluster.kubeConfig, { method: 'GET', path })) as Record<
    string,
    unknown
  >;
}

async function caBundles(): Promise<unknown[]> {
  const bundles: unknown[] = [];
  for (const path of [
    `${admission}/mutatingwebhookconfigurations/podvisor-virt-api-mutator`,
    `${admission}/validatingwebhookconfigurations/podvisor-virt-api-validator`,
  ]) {
    const webhooks = (await get(path))['webhooks'] as { clientConfig: { caBundle?: string } }[];
    bundles.push(...webhooks.map((w) => w.clientConfig.caBundle));
  }
  const apiService = await get(apiServicePath);
  bundles.push((apiService['spec'] as { caBundle?: string }).caBundle);
  return bundles;
}

beforeAll(async () => {
  cluster = await startClusterForTest();
  await cluster.create('/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'podvisor' },
  });
  await cluster.create(
    `${admission}/mutatingwebhookconfigurations`,
    configuration('MutatingWebhookConfiguration', 'podvisor-virt-api-mutator'),
  );
  await cluster.create(
    `${admission}/validatingwebhookconfigurations`,
    configuration('ValidatingWebhookConfiguration', 'podvisor-virt-api-validator'),
  );
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
    },
  });
  options = {
    kubeConfig: cluster.kubeConfig,
    logger: cluster.logger,
    namespace: 'podvisor',
    serviceName: 'virt-api',
    secretName: 'virt-api-certs',
    webhookConfigurations: {
      mutating: 'podvisor-virt-api-mutator',
      validating: 'podvisor-virt-api-validator',
    },
    apiService: 'v1.subresources.kubevirt.io',
  };
});
afterAll(async () => {
  await cluster.close();
});

describe('ensureServingCertificates', () => {
  let first: ServingCertificates;

  it('creates the Secret once when two replicas race, and both serve the same certificate', async () => {
    const [a, b] = await Promise.all([
      ensureServingCertificates(options),
      ensureServingCertificates(options),
    ]);
    expect(a).toEqual(b);
    first = a;
    const secret = await get('/api/v1/namespaces/podvisor/secrets/virt-api-certs');
    const data = secret['data'] as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
    expect(Buffer.from(data['ca.crt'] ?? '', 'base64').toString('utf8')).toBe(a.ca);
  });

  it('issues a serving certificate for the Service names, signed by the CA', () => {
    const leaf = new X509Certificate(first.cert);
    const ca = new X509Certificate(first.ca);
    expect(leaf.checkIssued(ca) && leaf.verify(ca.publicKey)).toBe(true);
    for (const name of [
      'virt-api',
      'virt-api.podvisor',
      'virt-api.podvisor.svc',
      'virt-api.podvisor.svc.cluster.local',
    ]) {
      expect(leaf.checkHost(name)).toBe(name);
    }
    expect(leaf.checkPrivateKey(createPrivateKey(first.key))).toBe(true);
  });

  it('writes the CA into every webhook and the APIService', async () => {
    const expected = Buffer.from(first.ca).toString('base64');
    expect(await caBundles()).toEqual([expected, expected, expected, expected, expected]);
  });

  it('reuses the Secret and changes nothing on a second start', async () => {
    const mutating = `${admission}/mutatingwebhookconfigurations/podvisor-virt-api-mutator`;
    const versionOf = async (path: string): Promise<unknown> =>
      ((await get(path))['metadata'] as { resourceVersion: string }).resourceVersion;
    const before = await versionOf(mutating);
    expect(await ensureServingCertificates(options)).toEqual(first);
    expect(await versionOf(mutating)).toBe(before);
  });

  it('goes on when a configuration does not exist', async () => {
    await requestJson(cluster.kubeConfig, { method: 'DELETE', path: apiServicePath });
    await expect(ensureServingCertificates(options)).resolves.toEqual(first);
  });
});
