// The install on the embedded cluster, through the real kubectl: both overlays render, every
// object passes the API server's strict OpenAPI validation, `kubectl apply -k
// deploy/overlays/local` succeeds, and the service accounts and aggregated roles grant what
// they should and no more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  crdsGenerated,
  findManifest,
  list,
  parseManifests,
  text,
  toYaml,
  type Manifest,
} from './read-manifests.ts';
import { startPodvisorCluster, type PodvisorCluster } from './start-podvisor-cluster.ts';

// Everything here needs the generated CRDs; until packages/api writes deploy/base/crds/ the
// suites are skipped (manifests.test.ts reports the missing files by name).
const ready = crdsGenerated();
let cluster: PodvisorCluster;

beforeAll(async () => {
  if (ready) cluster = await startPodvisorCluster();
});
afterAll(async () => {
  if (ready) await cluster.close();
});

async function kubectlOk(args: readonly string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin);
  expect(result.stderr, `kubectl ${args.join(' ')}`).not.toMatch(/error/i);
  expect(result.code, `kubectl ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function render(overlay: string): Promise<Manifest[]> {
  return parseManifests(await kubectlOk(['kustomize', `overlays/${overlay}`]), overlay);
}

const foundationKinds = new Set(['Namespace', 'CustomResourceDefinition']);

/** Dry-runs objects with strict field validation; the server's answer must name every one. */
async function validateOnServer(manifests: readonly Manifest[]): Promise<void> {
  const out = await kubectlOk(
    ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
    toYaml(manifests),
  );
  expect(out.trim().split('\n')).toHaveLength(manifests.length);
}

describe.skipIf(!ready)('deploy overlays on the embedded cluster', () => {
  it('renders the local overlay with the local catalog images, one replica each', async () => {
    const objects = await render('local');
    const containers = objects.flatMap((o) => list(o, 'spec', 'template', 'spec', 'containers'));
    expect(containers.map((c) => text(c, 'imagePullPolicy'))).toEqual(
      containers.map(() => 'Never'),
    );
    expect(containers.map((c) => text(c, 'image')).sort()).toEqual([
      'localhost/podvisor/console:dev',
      'localhost/podvisor/virt-api:dev',
      'localhost/podvisor/virt-controller:dev',
      'localhost/podvisor/virt-handler:dev',
    ]);
    const kubevirt = findManifest(objects, 'KubeVirt', 'podvisor');
    expect(kubevirt).toMatchObject({
      spec: { configuration: { developerConfiguration: { useEmulation: true } } },
    });
    expect(findManifest(objects, 'Deployment', 'virt-api')).toMatchObject({
      spec: { replicas: 1 },
    });
    const handler = findManifest(objects, 'DaemonSet', 'virt-handler');
    // The embedded cluster's node agent maps these host paths to the node's own directories.
    expect(list(handler, 'spec', 'template', 'spec', 'volumes')).toEqual([
      { name: 'node-state', hostPath: { path: '/var/lib/podvisor', type: 'DirectoryOrCreate' } },
      { name: 'kubelet-pods', hostPath: { path: '/var/lib/kubelet/pods', type: 'Directory' } },
    ]);
  });

  it('renders the cluster overlay with released images, two replicas and disruption budgets', async () => {
    const objects = await render('cluster');
    for (const name of ['virt-api', 'virt-controller']) {
      const deployment = findManifest(objects, 'Deployment', name);
      expect(deployment).toMatchObject({ spec: { replicas: 2 } });
      expect(text(deployment, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe(
        `ghcr.io/podvisor/${name}:v0.1.0`,
      );
      expect(findManifest(objects, 'PodDisruptionBudget', name)).toMatchObject({
        spec: { minAvailable: 1, selector: { matchLabels: { 'kubevirt.io': name } } },
      });
    }
    const handler = findManifest(objects, 'DaemonSet', 'virt-handler');
    expect(list(handler, 'spec', 'template', 'spec', 'volumes')).toEqual([
      { name: 'node-state', hostPath: { path: '/var/lib/podvisor', type: 'DirectoryOrCreate' } },
      { name: 'kubelet-pods', hostPath: { path: '/var/lib/kubelet/pods', type: 'Directory' } },
    ]);
  });

  it.each(['local', 'cluster'])(
    'validates every object of the %s overlay strictly against the API server',
    async (overlay) => {
      const objects = await render(overlay);
      const foundation = objects.filter((o) => foundationKinds.has(text(o, 'kind')));
      // The namespace and CRDs must really exist before the rest can be checked (the KubeVirt CR
      // needs its CRD, namespaced objects their namespace).
      await validateOnServer(foundation);
      await kubectlOk(['apply', '--validate=strict', '-f', '-'], toYaml(foundation));
      const rest = objects.filter((o) => !foundationKinds.has(text(o, 'kind')));
      await validateOnServer(rest);
    },
  );

  it('rejects an unknown field in strict validation (the check above can fail)', async () => {
    const role = findManifest(await render('local'), 'ClusterRole', 'kubevirt.io:view');
    const result = await cluster.kubectl(
      ['apply', '--dry-run=server', '--validate=strict', '-f', '-'],
      toYaml([{ ...role, rulez: [] }]),
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('unknown field "rulez"');
  });
});

describe.skipIf(!ready)('after kubectl apply -k deploy/overlays/local', () => {
  beforeAll(async () => {
    // As the README says: the CRDs first (the KubeVirt CR in the kustomization needs its kind).
    await kubectlOk(['apply', '-f', 'base/crds/']);
    await kubectlOk(['apply', '-k', 'overlays/local']);
  });

  it('has created the control plane and its configuration', async () => {
    const names = await kubectlOk([
      'get',
      'deployments,daemonsets,services',
      '-n',
      'podvisor',
      '-o',
      'name',
    ]);
    expect(names.trim().split('\n').sort()).toEqual([
      'daemonset.apps/virt-handler',
      'deployment.apps/podvisor-console',
      'deployment.apps/virt-api',
      'deployment.apps/virt-controller',
      'service/podvisor-console',
      'service/virt-api',
    ]);
    const emulation = await kubectlOk([
      'get',
      'kubevirt',
      'podvisor',
      '-n',
      'podvisor',
      '-o',
      'jsonpath={.spec.configuration.developerConfiguration.useEmulation}',
    ]);
    expect(emulation).toBe('true');
  });

  const sa = (name: string): string => `--as=system:serviceaccount:podvisor:${name}`;
  it.each([
    ['virt-handler', 'patch virtualmachineinstances -A', 'yes'],
    ['virt-handler', 'update virtualmachineinstances -A', 'no'],
    ['virt-handler', 'patch nodes', 'yes'],
    ['virt-handler', 'create pods -A', 'no'],
    ['virt-handler', 'delete virtualmachineinstances -A', 'no'],
    ['virt-handler', 'get secrets -A', 'no'],
    ['virt-api', 'delete secrets -n podvisor', 'no'],
    ['virt-api', 'get secrets/virt-api-certs -n podvisor', 'yes'],
    ['virt-api', 'get secrets/other -n podvisor', 'no'],
    ['virt-api', 'create secrets -n default', 'no'],
    ['virt-api', 'update mutatingwebhookconfigurations/podvisor-virt-api-mutator', 'yes'],
    ['virt-api', 'update mutatingwebhookconfigurations/someone-elses', 'no'],
    ['virt-api', 'patch apiservices/v1.subresources.kubevirt.io', 'yes'],
    ['virt-api', 'create virtualmachineinstancemigrations -n default', 'yes'],
    ['virt-api', 'delete virtualmachines -n default', 'no'],
    ['virt-api', 'get configmaps/extension-apiserver-authentication -n kube-system', 'yes'],
    ['virt-api', 'create tokenreviews', 'yes'],
    ['virt-controller', 'create pods -n default', 'yes'],
    ['virt-controller', 'update pods -n default', 'no'],
    ['virt-controller', 'update leases/virt-controller -n podvisor', 'yes'],
    ['virt-controller', 'update leases/virt-controller -n default', 'no'],
    ['virt-controller', 'get secrets -n default', 'no'],
    ['podvisor-console', 'create tokenreviews', 'yes'],
    ['podvisor-console', 'impersonate users', 'no'],
    ['podvisor-console', 'list virtualmachines -A', 'no'],
  ])('%s: can-i %s → %s', async (account, query, answer) => {
    const result = await cluster.kubectl(['auth', 'can-i', ...query.split(' '), sa(account)]);
    expect(result.stdout.trim()).toBe(answer);
  });

  it('lets a user bound to view list VMs but not create them', async () => {
    await kubectlOk(['create', 'rolebinding', 'alice-view', '--clusterrole=view', '--user=alice']);
    const canI = async (verb: string): Promise<string> =>
      (await cluster.kubectl(['auth', 'can-i', verb, 'vm', '--as=alice'])).stdout.trim();
    expect(await canI('list')).toBe('yes');
    expect(await canI('create')).toBe('no');
  });

  it.each([
    ['view', 'console', 'get', false],
    ['edit', 'console', 'get', true],
    ['edit', 'vnc', 'get', true],
    ['edit', 'spice', 'get', true],
    ['edit', 'pause', 'update', true],
    ['admin', 'vnc/screenshot', 'get', true],
  ])('a user bound to %s: %s on a VMI (%s) allowed=%s', async (role, sub, verb, allowed) => {
    const user = `user-${role}`;
    const binding = `${user}-${sub.replace('/', '-')}`;
    await kubectlOk(['create', 'rolebinding', binding, `--clusterrole=${role}`, `--user=${user}`]);
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user,
        resourceAttributes: {
          group: 'subresources.kubevirt.io',
          resource: 'virtualmachineinstances',
          subresource: sub,
          verb,
          namespace: 'default',
          name: 'vm1',
        },
      },
    };
    const out = await kubectlOk(
      ['create', '-f', '-', '-o', 'jsonpath={.status.allowed}'],
      JSON.stringify(review),
    );
    expect(out).toBe(String(allowed));
  });
});
