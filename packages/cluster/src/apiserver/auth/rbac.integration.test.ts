// RBAC on the real API server, through the real kubectl: a user added with `addUser` (what
// `podvisor users --add` does) can do only what its bindings allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';
import { addUser } from './add-user.ts';

let cluster: TestCluster;
let alice: (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

beforeAll(async () => {
  cluster = await startTestCluster();
  const user = addUser({ dataDir: cluster.dataDir, name: 'alice', groups: ['dev'] });
  alice = (args) => cluster.kubectl(args, { env: { KUBECONFIG: user.kubeconfigPath } });
});
afterAll(async () => {
  await cluster.close();
});

describe('RBAC', () => {
  it('denies a user without bindings, in upstream wording', async () => {
    expect((await alice(['auth', 'can-i', 'list', 'pods'])).stdout.trim()).toBe('no');
    const denied = await alice(['get', 'pods']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
    );
  });

  it('lets a view-only user read but not write or exec', async () => {
    await cluster.kubectl([
      'create',
      'rolebinding',
      'alice-view',
      '--clusterrole=view',
      '--user=alice',
    ]);
    expect((await alice(['auth', 'can-i', 'list', 'pods'])).stdout.trim()).toBe('yes');
    expect((await alice(['get', 'configmaps'])).code).toBe(0);
    const write = await alice(['create', 'configmap', 'nope']);
    expect(write.stderr).toContain(
      'configmaps is forbidden: User "alice" cannot create resource "configmaps"',
    );
    expect((await alice(['auth', 'can-i', 'create', 'pods/exec'])).stdout.trim()).toBe('no');
  });

  it('authorizes impersonation with the impersonate verb', async () => {
    expect((await alice(['get', 'pods', '--as', 'bob'])).stderr).toContain(
      'cannot impersonate resource "users"',
    );
    expect(
      (
        await cluster.kubectl(['auth', 'can-i', 'create', 'configmaps', '--as', 'alice'])
      ).stdout.trim(),
    ).toBe('no');
    expect(
      (
        await cluster.kubectl(['auth', 'can-i', 'list', 'configmaps', '--as', 'alice'])
      ).stdout.trim(),
    ).toBe('yes');
  });
});
