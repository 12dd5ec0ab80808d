// The kubectl compatibility suite: the real kubectl binaries of this machine against the embedded
// API server, command by command (see shared/reference/kube-api.md, section 1).
import { spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestCluster,
  versionedKubectl,
  type TestCluster,
} from '../../testing/test-cluster.ts';

const binaries = [
  { name: 'dispatcher (1.32)', binary: 'kubectl' },
  { name: '1.27', binary: versionedKubectl(27) },
  { name: '1.33', binary: versionedKubectl(33) },
].filter((b): b is { name: string; binary: string } => b.binary !== undefined);

const podYaml = (image: string, labels = 'app: web'): string => `apiVersion: v1
kind: Pod
metadata:
  name: p1
  labels: {${labels}}
spec:
  containers:
  - name: c
    image: ${image}
    ports: [{containerPort: 80}]
`;

const crdYaml = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the widget should be.
            properties:
              size: {type: integer, default: 3, description: How big it is.}
              color: {type: string, enum: [red, blue]}
          status:
            type: object
            properties:
              ready: {type: boolean}
`;

describe.each(binaries)('kubectl $name', ({ binary }) => {
  let cluster: TestCluster;
  const kubectl = async (args: string[], stdin?: string): Promise<string> => {
    const result = await cluster.kubectl(args, {
      binary,
      ...(stdin === undefined ? {} : { stdin }),
    });
    if (result.code !== 0)
      throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  };
  const kubectlFails = async (args: string[], stdin?: string): Promise<string> => {
    const result = await cluster.kubectl(args, {
      binary,
      ...(stdin === undefined ? {} : { stdin }),
    });
    expect(result.code, `kubectl ${args.join(' ')} should fail`).not.toBe(0);
    return result.stderr;
  };

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('version and api-resources', async () => {
    const version = JSON.parse(await kubectl(['version', '-o', 'json'])) as {
      serverVersion: { minor: string; gitVersion: string };
    };
    expect(version.serverVersion).toMatchObject({ minor: '32', gitVersion: 'v1.32.0-podvisor' });
    const resources = await kubectl(['api-resources']);
    for (const line of [
      /^pods\s+po\s+v1\s+true\s+Pod$/m,
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
      /^customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io\/v1\s+false/m,
    ]) {
      expect(resources).toMatch(line);
    }
  });

  it('auth whoami, can-i and create token', async () => {
    // kubectl 1.27 asks for authentication.k8s.io/v1beta1, which a 1.32 server no longer serves.
    if (!binary.endsWith('.1.27'))
      expect(await kubectl(['auth', 'whoami'])).toMatch(/Username\s+podvisor-admin/);
    expect((await kubectl(['auth', 'can-i', 'create', 'pods'])).trim()).toBe('yes');
    expect((await kubectl(['auth', 'can-i', '--list'])).split('\n')[0]).toMatch(
      /^Resources\s+Non-Resource URLs/,
    );
    await kubectl(['create', 'serviceaccount', 'robot']);
    expect((await kubectl(['create', 'token', 'robot'])).trim()).toMatch(
      /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/,
    );
  });

  it('imperative create commands (protobuf bodies on 1.32+)', async () => {
    expect(await kubectl(['create', 'namespace', 'imp'])).toContain('namespace/imp created');
    expect(
      await kubectl(['create', 'configmap', 'c1', '--from-literal=a=b', '-n', 'imp']),
    ).toContain('configmap/c1 created');
    expect(
      await kubectl(['create', 'secret', 'generic', 's1', '--from-literal=k=v', '-n', 'imp']),
    ).toContain('secret/s1 created');
    expect(
      await kubectl(['create', 'deployment', 'd1', '--image=nginx', '--replicas=2', '-n', 'imp']),
    ).toContain('deployment.apps/d1 created');
    expect(
      await kubectl(['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080', '-n', 'imp']),
    ).toContain('service/svc1 created');
    expect(await kubectl(['create', 'serviceaccount', 'sa1', '-n', 'imp'])).toContain(
      'serviceaccount/sa1 created',
    );
    expect(await kubectl(['get', 'secret', 's1', '-n', 'imp', '-o', 'jsonpath={.data.k}'])).toBe(
      Buffer.from('v').toString('base64'),
    );
    expect(
      await kubectl([
        'get',
        'deploy',
        'd1',
        '-n',
        'imp',
        '-o',
        'jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}',
      ]),
    ).toBe('2 nginx');
    expect(await kubectlFails(['create', 'configmap', 'c1', '-n', 'imp'])).toContain(
      'configmaps "c1" already exists',
    );
  });

  it('apply creates, patches strategically, and reports unchanged', async () => {
    expect(await kubectl(['apply', '-f', '-'], podYaml('nginx:1.25'))).toContain('pod/p1 created');
    expect(
      await kubectl(['apply', '-f', '-'], podYaml('nginx:1.26', 'app: web, tier: front')),
    ).toContain('pod/p1 configured');
    expect(
      await kubectl(['apply', '-f', '-'], podYaml('nginx:1.26', 'app: web, tier: front')),
    ).toContain('pod/p1 unchanged');
    expect(
      await kubectl([
        'get',
        'pod',
        'p1',
        '-o',
        'jsonpath={.spec.containers[*].image} {.metadata.labels.tier} {.spec.containers[0].ports[0].containerPort}',
      ]),
    ).toBe('nginx:1.26 front 80');
  });

  it('get in every output form', async () => {
    expect(await kubectl(['get', 'pods'])).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\np1\s+0\/1\s+Pending\s+0\s+\d+s\n$/,
    );
    expect(await kubectl(['get', 'pods', '-o', 'wide'])).toMatch(
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES\n/,
    );
    expect(await kubectl(['get', 'pods', '-A'])).toMatch(/^NAMESPACE\s+NAME/);
    expect(await kubectl(['get', 'pod', 'p1', '-o', 'name'])).toBe('pod/p1\n');
    expect(await kubectl(['get', 'pod', 'p1', '-o', 'yaml'])).toContain('kind: Pod');
    expect(
      (JSON.parse(await kubectl(['get', 'pods', '-o', 'json'])) as { kind: string }).kind,
    ).toBe('List');
    expect(await kubectl(['get', 'pods', '--sort-by=.metadata.name', '--show-labels'])).toContain(
      'app=web,tier=front',
    );
    expect(
      await kubectl(['get', 'ns', '--field-selector', 'metadata.name=imp', '-o', 'name']),
    ).toBe('namespace/imp\n');
    expect(await kubectl(['get', 'pods', '-l', 'tier in (front,back)', '-o', 'name'])).toBe(
      'pod/p1\n',
    );
  });

  it('label, annotate and the three patch types', async () => {
    await kubectl(['label', 'pod', 'p1', 'env=dev']);
    await kubectl(['annotate', 'pod', 'p1', 'note=hi']);
    await kubectl([
      'patch',
      'pod',
      'p1',
      '-p',
      '{"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}',
    ]);
    await kubectl([
      'patch',
      'pod',
      'p1',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"labels":{"env":"prod"}}}',
    ]);
    await kubectl([
      'patch',
      'pod',
      'p1',
      '--type',
      'json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/j","value":"1"}]',
    ]);
    const out = await kubectl([
      'get',
      'pod',
      'p1',
      '-o',
      'jsonpath={.spec.containers[0].image} {.metadata.labels.env} {.metadata.labels.j} {.metadata.annotations.note} {.spec.containers[0].ports[0].containerPort}',
    ]);
    expect(out).toBe('nginx:1.27 prod 1 hi 80');
    expect(
      await kubectlFails([
        'patch',
        'pod',
        'p1',
        '--type',
        'json',
        '-p',
        '[{"op":"test","path":"/metadata/name","value":"x"}]',
      ]),
    ).toMatch(/Invalid|test/);
  });

  it('edit with a scripted editor', async () => {
    const editor = join(cluster.dataDir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/image: nginx:1.27/image: nginx:1.28/" "$1"\n');
    chmodSync(editor, 0o755);
    const result = await cluster.kubectl(['edit', 'pod', 'p1'], {
      binary,
      env: { EDITOR: editor, KUBE_EDITOR: editor },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('pod/p1 edited');
    expect(await kubectl(['get', 'pod', 'p1', '-o', 'jsonpath={.spec.containers[0].image}'])).toBe(
      'nginx:1.28',
    );
  });

  it('server-side apply, with conflicts and --force-conflicts', async () => {
    const cm = (value: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {key: "${value}"}\n`;
    expect(await kubectl(['apply', '--server-side', '-f', '-'], cm('a'))).toContain(
      'configmap/ssa serverside-applied',
    );
    expect(
      await kubectlFails(
        ['apply', '--server-side', '--field-manager', 'other', '-f', '-'],
        cm('b'),
      ),
    ).toContain('conflict');
    await kubectl(
      ['apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', '-'],
      cm('b'),
    );
    expect(await kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.key}'])).toBe('b');
    expect(await kubectl(['get', 'cm', 'ssa', '-o', 'yaml', '--show-managed-fields'])).toContain(
      'manager: other',
    );
  });

  it('explain reads the built-in schemas', async () => {
    const out = await kubectl(['explain', 'pod.spec.containers.ports.containerPort']);
    expect(out).toMatch(/containerPort\s*<integer>/);
    expect(out).toContain('Number of port to expose');
    expect(await kubectl(['explain', 'deployment.spec.strategy'])).toContain('DeploymentStrategy');
  });

  it('scale and rollout-free deployment reads', async () => {
    expect(await kubectl(['scale', 'deployment', 'd1', '--replicas=4', '-n', 'imp'])).toContain(
      'deployment.apps/d1 scaled',
    );
    expect(
      await kubectl(['get', 'deploy', 'd1', '-n', 'imp', '-o', 'jsonpath={.spec.replicas}']),
    ).toBe('4');
  });

  it('logs of a pod without a node fail as on a cluster', async () => {
    expect(await kubectlFails(['logs', 'p1'])).toContain('is waiting to start: ContainerCreating');
  });

  it('describe shows the object and its events', async () => {
    const out = await kubectl(['describe', 'pod', 'p1']);
    expect(out).toMatch(/^Name:\s+p1$/m);
    expect(out).toMatch(/Image:\s+nginx:1.28/);
    expect(out).toMatch(/^Events:\s+<none>$/m);
  });

  it('watch sees changes', async () => {
    const watcher = spawn(binary, ['get', 'configmaps', '-w', '-o', 'name'], {
      env: {
        ...process.env,
        HOME: join(cluster.dataDir, 'home'),
        KUBECONFIG: cluster.kubeconfigPath,
      },
    });
    let seen = '';
    const arrived = new Promise<void>((resolve) => {
      watcher.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('configmap/watched')) resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 500));
    await kubectl(['create', 'configmap', 'watched']);
    await arrived;
    watcher.kill();
    expect(seen).toContain('configmap/ssa');
  });

  it('wait for a condition, and delete --wait behind a finalizer', async () => {
    await kubectl(['apply', '-f', '-'], crdYaml);
    expect(
      await kubectl([
        'wait',
        '--for=condition=Established',
        'crd/widgets.example.com',
        '--timeout=20s',
      ]),
    ).toContain('condition met');
    await kubectl(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n',
    );
    const deletion = cluster.kubectl(['delete', 'configmap', 'held', '--timeout=30s'], { binary });
    await new Promise((r) => setTimeout(r, 1000));
    expect(
      await kubectl(['get', 'cm', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}']),
    ).not.toBe('');
    await kubectl([
      'patch',
      'configmap',
      'held',
      '--type',
      'merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]);
    expect((await deletion).stdout).toContain('configmap "held" deleted');
    await kubectlFails(['get', 'cm', 'held']);
  });

  it('custom resources: printer columns, defaults, validation, explain, deletion with the CRD', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {color: red}\n',
    );
    expect(await kubectl(['get', 'wd'])).toMatch(/^NAME\s+SIZE\s+AGE\nw1\s+3\s+\d+s\n$/);
    expect(await kubectl(['get', 'all', '-o', 'name'])).toContain('widget.example.com/w1');
    const invalid = await kubectlFails(
      ['apply', '-f', '-'],
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\nspec: {color: green}\n',
    );
    expect(invalid).toContain('Unsupported value: "green"');
    expect(
      await kubectlFails(
        ['apply', '-f', '-'],
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w3}\nspec: {shape: round}\n',
      ),
    ).toContain('unknown field "spec.shape"');
    expect(await kubectl(['explain', 'widget.spec.size'])).toContain('How big it is.');
    await kubectl([
      'patch',
      'widget',
      'w1',
      '--subresource=status',
      '--type',
      'merge',
      '-p',
      '{"status":{"ready":true}}',
    ]);
    expect(
      await kubectl([
        'get',
        'widget',
        'w1',
        '-o',
        'jsonpath={.status.ready} {.metadata.generation}',
      ]),
    ).toBe('true 1');
    await kubectl(['delete', 'crd', 'widgets.example.com']);
    expect(await kubectlFails(['get', 'widgets'])).toMatch(/NotFound|doesn't have a resource type/);
    expect(await kubectl(['api-resources'])).not.toContain('widgets');
  });

  it('deletes a namespace with its contents', async () => {
    expect(await kubectl(['delete', 'namespace', 'imp', '--timeout=30s'])).toContain(
      'namespace "imp" deleted',
    );
    expect(await kubectlFails(['get', 'namespace', 'imp'])).toContain('NotFound');
    expect(await kubectlFails(['create', 'configmap', 'x', '-n', 'imp'])).toContain('not found');
  });
});
