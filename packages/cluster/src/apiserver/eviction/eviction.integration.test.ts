// kubectl drain against the embedded API server: cordon, evictions (JSON policy/v1 Evictions from
// kubectl 1.32), PodDisruptionBudgets and the 429 retry loop. No node agents run, so the
// test deletes pods with --grace-period=0 (a bound pod otherwise waits for its node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../testing/test-cluster.ts';

let cluster: TestCluster;

const nodes = ['node-1', 'node-2']
  .map((name) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}}\n`)
  .join('---\n');

function boundPod(name: string, node: string, app: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: ${app}}}\nspec:\n  nodeName: ${node}\n  containers: [{name: c, image: busybox}]\n`;
}

async function podNames(): Promise<string[]> {
  const out = await cluster.kubectl(['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']);
  return out.stdout.split(' ').filter((n) => n !== '');
}

beforeAll(async () => {
  cluster = await startTestCluster();
  expect((await cluster.kubectl(['apply', '-f', '-'], { stdin: nodes })).code).toBe(0);
});

afterAll(async () => {
  await cluster.close();
});

describe('pods/eviction', () => {
  it('lets kubectl drain cordon a node and evict its pods', async () => {
    const pods = [boundPod('a1', 'node-1', 'a'), boundPod('a2', 'node-2', 'a')].join('---\n');
    expect((await cluster.kubectl(['apply', '-f', '-'], { stdin: pods })).code).toBe(0);
    const drain = await cluster.kubectl([
      'drain',
      'node-1',
      '--ignore-daemonsets',
      '--delete-emptydir-data',
      '--force',
      '--grace-period=0',
      '--timeout=30s',
      '-v=8',
    ]);
    // kubectl 1.32 sends the Eviction as JSON (protobuf clients are decoded too: unit tests).
    expect(drain.stderr).toMatch(
      /POST \S+\/api\/v1\/namespaces\/default\/pods\/a1\/eviction\n(.*\n)*.*Content-Type: application\/json\n(.*\n)*.*Response Status: 201 Created/,
    );
    expect(drain.stdout).toContain('pod/a1 evicted');
    expect(drain.stdout).toContain('node/node-1 drained');
    expect(drain.code).toBe(0);
    expect(await podNames()).toEqual(['a2']);
    const unschedulable = await cluster.kubectl([
      'get',
      'node',
      'node-1',
      '-o',
      'jsonpath={.spec.unschedulable}',
    ]);
    expect(unschedulable.stdout).toBe('true');
  });

  it('keeps retrying while a PodDisruptionBudget allows no disruption', async () => {
    await cluster.kubectl(['apply', '-f', '-'], { stdin: boundPod('b1', 'node-2', 'b') });
    // Running and Ready, as its node would report it (budgets ignore Pending pods).
    const running = {
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const patched = await cluster.kubectl([
      'patch',
      'pod',
      'b1',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(running),
    ]);
    expect(patched.code, patched.stderr).toBe(0);
    await cluster.kubectl(['create', 'pdb', 'b', '--selector=app=b', '--max-unavailable=0']);
    const drain = await cluster.kubectl([
      'drain',
      'node-2',
      '--force',
      '--grace-period=0',
      '--timeout=7s',
      '--pod-selector=app=b',
    ]);
    expect(drain.code).not.toBe(0);
    expect(drain.stderr).toContain(
      "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.",
    );
    expect(await podNames()).toContain('b1');
    await cluster.kubectl([
      'patch',
      'pdb',
      'b',
      '--type=merge',
      '-p',
      '{"spec":{"maxUnavailable":1}}',
    ]);
    const retry = await cluster.kubectl([
      'drain',
      'node-2',
      '--force',
      '--grace-period=0',
      '--timeout=20s',
      '--pod-selector=app=b',
    ]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(await podNames()).not.toContain('b1');
  });

  it.each([
    ['a pod that does not exist', 'nope', '{"metadata":{"name":"nope"}}', 404],
    ['a name that differs from the URL', 'a2', '{"metadata":{"name":"other"}}', 400],
  ])('answers an eviction of %s with its Status', async (_case, pod, body, code) => {
    const result = await cluster.kubectl(
      ['create', '--raw', `/api/v1/namespaces/default/pods/${pod}/eviction`, '-f', '-'],
      { stdin: body },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(code === 404 ? 'NotFound' : 'does not match');
  });
});
