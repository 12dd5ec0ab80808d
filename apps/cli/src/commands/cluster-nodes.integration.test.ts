// `podvisor cluster --nodes 2` as a user runs it: real node agent processes, real busybox pods,
// the real kubectl. The end-to-end behaviours, one after another on one cluster.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'podvisor.js');
let dataDir = '';
let cluster: ChildProcess;
let restarted: ChildProcess | undefined;

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, (_error, stdout) => {
      resolve(stdout);
    });
  });
}

function kubectl(
  args: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      args,
      {
        env: {
          ...process.env,
          HOME: join(dataDir, 'home'),
          KUBECONFIG: join(dataDir, 'kubeconfig'),
        },
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          stdout,
          stderr,
        });
      },
    );
    child.stdin?.end(stdin);
  });
}

async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'podvisor-nodes-'));
  // A shorter node grace period (still twice the agents' 10 s heartbeat), so that a killed agent's node turns NotReady within the test.
  const flags = ['--nodes', '2', '--node-monitor-grace-period', '20s'];
  cluster = spawn(process.execPath, [bin, 'cluster', '--data-dir', dataDir, ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => {
    let out = '';
    cluster.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Press Ctrl-C')) resolve();
    });
  });
  await eventually(
    async () =>
      (await kubectl(['get', 'nodes'])).stdout.split('\n').filter((l) => / Ready /.test(l))
        .length === 2,
    'two Ready nodes',
  );
});

afterAll(async () => {
  if (restarted !== undefined) {
    const agentExited = new Promise((resolve) => restarted?.once('exit', resolve));
    restarted.kill('SIGTERM');
    await agentExited;
  }
  const exited = new Promise((resolve) => cluster.once('exit', resolve));
  cluster.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('podvisor cluster --nodes 2', () => {
  it('runs a pod, shows its logs and execs into it', async () => {
    await kubectl([
      'run',
      'once',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo hello from once',
    ]);
    await eventually(
      async () =>
        (await kubectl(['get', 'pod', 'once', '-o', 'jsonpath={.status.phase}'])).stdout ===
        'Succeeded',
      'the pod to succeed',
    );
    expect((await kubectl(['logs', 'once'])).stdout).toBe('hello from once\n');
    await kubectl([
      'run',
      'loop',
      '--image=busybox',
      '--',
      'sh',
      '-c',
      'while true; do echo tick; sleep 1; done',
    ]);
    expect(
      (await kubectl(['wait', '--for=condition=Ready', 'pod/loop', '--timeout=60s'])).code,
    ).toBe(0);
    const exec = await kubectl(['exec', 'loop', '--', 'sh', '-c', 'echo in $HOSTNAME; exit 3']);
    expect(exec.stdout).toBe('in loop\n');
    expect(exec.code).toBe(3);
    const follow = await kubectl(['logs', '-f', 'loop', '--tail=1', '--request-timeout=3s']);
    expect(follow.stdout).toContain('tick');
  });

  it('rolls out and scales a Deployment, and runs a DaemonSet pod on each node', async () => {
    await kubectl([
      'create',
      'deployment',
      'web',
      '--image=busybox',
      '--replicas=3',
      '--',
      'sh',
      '-c',
      'sleep 3600',
    ]);
    expect(
      (await kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'])).stdout,
    ).toContain('successfully rolled out');
    await kubectl(['scale', 'deployment', 'web', '--replicas=1']);
    await eventually(
      async () =>
        (await kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout.trim().split('\n')
          .length === 1,
      'scale down to 1',
    );
    const ds =
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: a, image: busybox, command: [sh, -c, sleep 3600]}]}\n';
    await kubectl(['apply', '-f', '-'], ds);
    expect((await kubectl(['rollout', 'status', 'ds/agent', '--timeout=60s'])).code).toBe(0);
    const nodes = (
      await kubectl(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[*].spec.nodeName}'])
    ).stdout
      .split(' ')
      .sort();
    expect(nodes).toEqual(['node-1', 'node-2']);
  });

  it('leaves a pod with an impossible nodeSelector Pending with the scheduler reason', async () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: nowhere}\nspec:\n  nodeSelector: {disk: ssd}\n  containers: [{name: c, image: busybox}]\n';
    await kubectl(['apply', '-f', '-'], pod);
    await eventually(
      async () =>
        (await kubectl(['get', 'pod', 'nowhere', '-o', 'jsonpath={.status.conditions[0].reason}']))
          .stdout === 'Unschedulable',
      'the Unschedulable condition',
    );
    expect(
      (await kubectl(['get', 'pod', 'nowhere', '-o', 'jsonpath={.status.conditions[0].message}']))
        .stdout,
    ).toContain("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector");
  });

  it("installs a manifest set shaped like an operator's with kubectl apply -k, every pod Running", async () => {
    // Namespace, service account, RBAC, Deployment, DaemonSet, Service, webhook configuration and
    // APIService, as Podvisor's own install will have (with busybox in place of its images).
    const applied = await kubectl([
      'apply',
      '-k',
      join(import.meta.dirname, 'testdata', 'manifest-set'),
    ]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      'apiservice.apiregistration.k8s.io/v1.subresources.demo.example.com created',
    );
    expect(
      (
        await kubectl([
          'rollout',
          'status',
          'deployment/demo-controller',
          '-n',
          'demo-system',
          '--timeout=60s',
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await kubectl([
          'rollout',
          'status',
          'daemonset/demo-handler',
          '-n',
          'demo-system',
          '--timeout=60s',
        ])
      ).code,
    ).toBe(0);
    const phases = (
      await kubectl(['get', 'pods', '-n', 'demo-system', '-o', 'jsonpath={.items[*].status.phase}'])
    ).stdout.split(' ');
    expect(phases).toEqual(['Running', 'Running', 'Running']);
  });

  it('deletes a namespace with its running pods', async () => {
    await kubectl(['create', 'namespace', 'temp']);
    await kubectl(['run', 'x', '-n', 'temp', '--image=busybox', '--', 'sleep', '3600']);
    expect(
      (await kubectl(['wait', '--for=condition=Ready', 'pod/x', '-n', 'temp', '--timeout=60s']))
        .code,
    ).toBe(0);
    expect((await kubectl(['delete', 'namespace', 'temp', '--timeout=60s'])).stdout).toContain(
      'namespace "temp" deleted',
    );
    expect((await kubectl(['get', 'namespace', 'temp'])).code).not.toBe(0);
  });

  it('turns a kill -9ed node NotReady, and its restarted agent adopts the pod still running', async () => {
    const marker = `sleep ${String(3600 + Math.floor(Math.random() * 1000))}`; // unique to this run
    const overrides = JSON.stringify({ spec: { nodeName: 'node-2' } });
    await kubectl([
      'run',
      'survivor',
      '--image=busybox',
      `--overrides=${overrides}`,
      '--',
      ...marker.split(' '),
    ]);
    expect(
      (await kubectl(['wait', '--for=condition=Ready', 'pod/survivor', '--timeout=60s'])).code,
    ).toBe(0);
    const agentPids = (await run('pgrep', ['-f', '--', `--data-dir ${dataDir} --name node-2`]))
      .trim()
      .split('\n');
    expect(agentPids).toHaveLength(1);
    const agentPid = Number(agentPids[0]);
    expect(agentPid).toBeGreaterThan(1);
    process.kill(agentPid, 'SIGKILL');
    const ready = async (): Promise<string> =>
      (
        await kubectl([
          'get',
          'node',
          'node-2',
          '-o',
          'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
        ])
      ).stdout;
    await eventually(async () => (await ready()) === 'Unknown', 'node-2 NotReady (Unknown)');
    expect((await kubectl(['get', 'node', 'node-2'])).stdout).toContain('NotReady');
    expect(
      (await run('pgrep', ['-f', '--', `^/bin/busybox ${marker}$`])).trim().split('\n'),
    ).toHaveLength(1);

    restarted = spawn(
      process.execPath,
      [bin, 'node', '--data-dir', dataDir, '--name', 'node-2', '--stop-pods'],
      { stdio: 'ignore' },
    );
    await eventually(async () => (await ready()) === 'True', 'node-2 Ready again');
    expect(
      (await kubectl(['wait', '--for=condition=Ready', 'pod/survivor', '--timeout=60s'])).code,
    ).toBe(0);
    expect(
      (await run('pgrep', ['-f', '--', `^/bin/busybox ${marker}$`])).trim().split('\n'),
    ).toHaveLength(1);
    expect(
      (
        await kubectl([
          'get',
          'pod',
          'survivor',
          '-o',
          'jsonpath={.status.containerStatuses[0].restartCount}',
        ])
      ).stdout,
    ).toBe('0');
  });
});
