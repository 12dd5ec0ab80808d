// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveTestBff, signInWithToken, type SignedIn, type TestBff } from '@podvisor/bff/testing';
import { addUser } from '@podvisor/cluster';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';
import { k8sGet, k8sUpdate, KubeError, type K8sObject } from '../k8s/index.ts';
import { dryRunUpdate } from './dry-run-update.ts';
import { initialResourceYamlState, resourceYamlReducer } from './resource-yaml-state.ts';
import { serverDiagnostics } from './server-diagnostics.ts';
import { parseYamlObject, resourceYaml } from './yaml-object.ts';

let cluster: TestCluster;
let served: TestBff;
let session: SignedIn;
const realFetch = globalThis.fetch;

async function kubectl(...args: string[]): Promise<void> {
  const result = await cluster.kubectl(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

/** The console's requests go to the BFF as a signed-in browser tab sends them. */
function browserFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = {
    ...(init.headers as Record<string, string>),
    Cookie: session.cookie,
    Origin: served.url,
  };
  return realFetch(`${served.url}${url}`, { ...init, headers });
}

const configMap = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespace: 'demo',
  name: 'settings',
};
const pod = { group: '', version: 'v1', resource: 'pods', namespace: 'demo', name: 'web' };

beforeAll(async () => {
  cluster = await startTestCluster();
  await kubectl('create', 'namespace', 'demo');
  await kubectl('create', 'configmap', 'settings', '-n', 'demo', '--from-literal=color=blue');
  await kubectl('run', 'web', '-n', 'demo', '--image=registry.example/web:1');
  const user = addUser({ dataDir: cluster.dataDir, name: 'edna', groups: [] });
  await kubectl(
    'create',
    'rolebinding',
    'edna-edit',
    '--clusterrole=edit',
    '--user=edna',
    '-n',
    'demo',
  );
  served = await serveTestBff(cluster.kubeconfigPath);
  session = await signInWithToken(served.url, user.token);
  vi.stubGlobal('document', { cookie: `podvisor-csrf=${session.csrf}` });
  vi.stubGlobal('fetch', browserFetch);
}, 60_000);

afterAll(async () => {
  vi.unstubAllGlobals();
  await served.close();
  await cluster.close();
});

/** The line (1-based) of the first line of `text` that `matches`. */
function lineOf(text: string, matches: (line: string) => boolean): number {
  return text.split('\n').findIndex(matches) + 1;
}

async function dryRunError(locator: typeof configMap, text: string): Promise<KubeError> {
  const parsed = parseYamlObject(text);
  if (!parsed.ok) throw new Error(`the test's YAML does not parse: ${JSON.stringify(parsed)}`);
  try {
    await dryRunUpdate(locator, parsed.object);
  } catch (error) {
    if (error instanceof KubeError) return error;
    throw error;
  }
  throw new Error('the dry run was accepted');
}

describe('the resource YAML editor against the embedded API server', () => {
  it('places the unknown fields of a Strict dry run of a ConfigMap on their lines, and stores nothing', async () => {
    const live = await k8sGet<K8sObject>(configMap);
    const text = resourceYaml(live)
      .replace('metadata:\n', 'metadata:\n  colour: red\n')
      .concat('spec:\n  replicas: 2\n');
    const error = await dryRunError(configMap, text);
    expect(error.code).toBe(400);
    expect(error.message).toContain('unknown field');
    const lines = serverDiagnostics(error, text).map((d) => [d.line, d.message]);
    expect(lines).toEqual(
      expect.arrayContaining([
        [lineOf(text, (line) => line === '  colour: red'), 'unknown field "metadata.colour"'],
        [lineOf(text, (line) => line === 'spec:'), 'unknown field "spec"'],
      ]),
    );
    expect(lines).toHaveLength(2);
    const after = await k8sGet<K8sObject>(configMap);
    expect(after.metadata.resourceVersion).toBe(live.metadata.resourceVersion);
  });

  it('places an unknown field inside a Pod container list item on its line', async () => {
    const live = await k8sGet<K8sObject>(pod);
    const text = resourceYaml(live).replace(
      /( +)image: registry.example\/web:1\n/,
      (image: string, indent: string) => `${image}${indent}colour: red\n`,
    );
    const error = await dryRunError(pod, text);
    const diagnostics = serverDiagnostics(error, text);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'unknown field "spec.containers[0].colour"',
    ]);
    expect(diagnostics[0]?.line).toBe(lineOf(text, (line) => line.trim() === 'colour: red'));
  });

  it('refuses a PUT of a stale resourceVersion with 409, which the editor turns into a conflict', async () => {
    const live = await k8sGet<K8sObject>(configMap);
    await kubectl('label', 'configmap', 'settings', '-n', 'demo', 'changed=elsewhere');
    const parsed = parseYamlObject(resourceYaml(live).replace('color: blue', 'color: red'));
    if (!parsed.ok) throw new Error('unparsable');
    const failure = await k8sUpdate(configMap, parsed.object).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(KubeError);
    expect((failure as KubeError).code).toBe(409);
    const state = resourceYamlReducer(initialResourceYamlState(live), {
      type: 'saveFailed',
      error: failure as KubeError,
      diagnostics: [],
    });
    expect(state.conflict).toBe(true);
    const after = await k8sGet<K8sObject & { data?: Record<string, string> }>(configMap);
    expect(after.data).toEqual({ color: 'blue' });
  });
});
