// Issue 7's "done when", as a user meets it: Podvisor installed on the embedded cluster from
// deploy/overlays/local with kubectl, then VMs driven with kubectl only — real launchers, real
// QEMU (the tiny guest under TCG), real virt-controller and virt-handler pods.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPodvisorCluster, type PodvisorCluster } from './start-podvisor-cluster.ts';

let cluster: PodvisorCluster;
const namespace = 'default';

async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

type Json = Record<string, unknown>;

async function getObject(kind: string, name: string, ns = namespace): Promise<Json | undefined> {
  const result = await cluster.kubectl(['get', kind, name, '-n', ns, '-o', 'json']);
  return result.code === 0 ? (JSON.parse(result.stdout) as Json) : undefined;
}

function field(object: Json | undefined, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Json)[part];
  }
  return value;
}

async function printableStatus(vm: string): Promise<unknown> {
  return field(await getObject('vm', vm), 'status.printableStatus');
}

async function waitForPrintableStatus(
  vm: string,
  wanted: string,
  timeoutMs?: number,
): Promise<void> {
  await eventually(
    async () => ((await printableStatus(vm)) === wanted ? true : undefined),
    `VM ${vm} printableStatus ${wanted} (last: ${String(await printableStatus(vm))})`,
    timeoutMs,
  );
}

function vmManifest(name: string, options: { runStrategy: string; nodeSelector?: Json }): string {
  return JSON.stringify({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace },
    spec: {
      runStrategy: options.runStrategy,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
          terminationGracePeriodSeconds: 5,
          domain: {
            cpu: { cores: 1 },
            resources: { requests: { memory: '128Mi' } },
            devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] },
          },
          volumes: [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/tiny' } }],
        },
      },
    },
  });
}

async function apply(manifest: string): Promise<void> {
  const applied = await cluster.kubectl(['apply', '-f', '-'], manifest);
  expect(applied.stderr).toBe('');
  expect(applied.code).toBe(0);
}

/** The pid of the QEMU that runs `<namespace>_<vm>`, if one runs. */
function qemuPid(vm: string): number | undefined {
  try {
    const out = execFileSync('pgrep', ['-f', `qemu-system.*guest=${namespace}_${vm}`], {
      encoding: 'utf8',
    });
    const pid = Number(out.trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function launcherPod(vm: string): Promise<string | undefined> {
  const result = await cluster.kubectl([
    'get',
    'pods',
    '-n',
    namespace,
    '-l',
    `kubevirt.io=virt-launcher,vm.kubevirt.io/name=${vm}`,
    '-o',
    'jsonpath={.items[?(@.status.phase=="Running")].metadata.name}',
  ]);
  const name = result.stdout.trim().split(' ')[0];
  return name === '' ? undefined : name;
}

async function waitForComponent(label: string): Promise<void> {
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
          `kubevirt.io=${label}`,
          '--timeout=5s',
        ])
      ).code === 0
        ? true
        : undefined,
    `${label} Ready`,
  );
}

function buildTinyImage(dataDir: string): Promise<void> {
  const cli = join(import.meta.dirname, '..', '..', 'apps', 'cli', 'bin', 'podvisor.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'images', 'build', 'tiny', '--data-dir', dataDir],
      { timeout: 300_000 },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`images build tiny failed: ${stderr}`));
        else resolve();
      },
    );
  });
}

beforeAll(async () => {
  cluster = await startPodvisorCluster({ nodes: 1 });
  await buildTinyImage(cluster.dataDir);
  expect((await cluster.kubectl(['apply', '-f', 'base/crds/'])).code).toBe(0);
  const applied = await cluster.kubectl(['apply', '-k', 'overlays/local']);
  expect(applied.stderr).toBe('');
  for (const component of ['virt-api', 'virt-controller', 'virt-handler'])
    await waitForComponent(component);
}, 600_000);

afterAll(async () => {
  await cluster.close();
});

describe('a VM with runStrategy Always', () => {
  const vm = 'always';

  it('runs: printableStatus Running, the VMI Running on the node with an IP, the guest on the console log', async () => {
    await apply(vmManifest(vm, { runStrategy: 'Always' }));
    await waitForPrintableStatus(vm, 'Running');
    const vmi = await getObject('vmi', vm);
    expect(field(vmi, 'status.phase')).toBe('Running');
    expect(field(vmi, 'status.nodeName')).toBe('node-1');
    const interfaces = field(vmi, 'status.interfaces') as Json[] | undefined;
    expect(interfaces?.[0]?.['ipAddress']).toMatch(/^127\./);
    const pod = await eventually(() => launcherPod(vm), 'the launcher pod');
    const banner = await eventually(async () => {
      const logs = await cluster.kubectl(['logs', '-n', namespace, pod, '-c', 'guest-console-log']);
      return logs.stdout.includes('Podvisor tiny guest') ? logs.stdout : undefined;
    }, 'the guest banner in kubectl logs');
    expect(banner).toContain('Podvisor tiny guest');
  }, 300_000);

  it('restarts the guest when QEMU is killed, with crash-loop backoff', async () => {
    const first = await eventually(() => Promise.resolve(qemuPid(vm)), 'QEMU');
    process.kill(first, 'SIGKILL');
    await waitForPrintableStatus(vm, 'CrashLoopBackOff');
    const failure = field(await getObject('vm', vm), 'status.startFailure') as Json | undefined;
    expect(failure?.['consecutiveFailCount']).toBe(1);
    await waitForPrintableStatus(vm, 'Running');
    const second = await eventually(() => Promise.resolve(qemuPid(vm)), 'the restarted QEMU');
    expect(second).not.toBe(first);
    // A second crash soon after: the count grows and the wait with it (10·n² s plus jitter).
    process.kill(second, 'SIGKILL');
    await eventually(async () => {
      const again = field(await getObject('vm', vm), 'status.startFailure') as Json | undefined;
      return again?.['consecutiveFailCount'] === 2 ? again : undefined;
    }, 'a second start failure');
    expect(await printableStatus(vm)).toBe('CrashLoopBackOff');
    const retry = field(await getObject('vm', vm), 'status.startFailure.retryAfterTimestamp');
    expect(Date.parse(String(retry)) - Date.now()).toBeGreaterThan(20_000);
    await waitForPrintableStatus(vm, 'Running', 180_000);
  }, 300_000);

  it('exposes the phase-transition histogram and per-VMI gauges on /metrics', async () => {
    const metricsOf = async (component: string): Promise<string> => {
      const ip = await cluster.kubectl([
        ...['get', 'pods', '-n', 'podvisor', '-l', `kubevirt.io=${component}`],
        ...['-o', 'jsonpath={.items[0].status.podIP}'],
      ]);
      const response = await fetch(`http://${ip.stdout.trim()}:8443/metrics`);
      return response.text();
    };
    expect(await metricsOf('virt-controller')).toMatch(
      /kubevirt_vmi_phase_transition_time_from_creation_seconds_bucket\{[^}]*phase="Running"/,
    );
    expect(await metricsOf('virt-handler')).toMatch(
      /kubevirt_vmi_info\{[^}]*name="always"[^}]*\} 1/,
    );
  }, 60_000);

  it('halts and starts again when runStrategy is patched', async () => {
    const patch = (strategy: string) =>
      cluster.kubectl([
        'patch',
        'vm',
        vm,
        '-n',
        namespace,
        '--type=merge',
        '-p',
        JSON.stringify({ spec: { runStrategy: strategy } }),
      ]);
    expect((await patch('Halted')).code).toBe(0);
    await waitForPrintableStatus(vm, 'Stopped');
    expect(await getObject('vmi', vm)).toBeUndefined();
    expect(qemuPid(vm)).toBeUndefined();
    expect((await patch('Always')).code).toBe(0);
    await waitForPrintableStatus(vm, 'Running');
  }, 300_000);

  it('keeps running across a kill -9 of virt-handler and of virt-controller', async () => {
    const before = await eventually(() => Promise.resolve(qemuPid(vm)), 'QEMU');
    for (const component of ['virt-handler', 'virt-controller']) {
      const out = execFileSync('pgrep', ['-f', `packages/operator/src/cmd/${component}.ts`], {
        encoding: 'utf8',
      });
      for (const pid of out
        .trim()
        .split('\n')
        .map(Number)
        .filter((p) => p > 0))
        process.kill(pid, 'SIGKILL');
    }
    await waitForComponent('virt-handler');
    await waitForComponent('virt-controller');
    await waitForPrintableStatus(vm, 'Running');
    expect(qemuPid(vm)).toBe(before);
    expect(field(await getObject('vmi', vm), 'status.phase')).toBe('Running');
  }, 300_000);

  it('is gone with its VMI, pod, QEMU and libvirt processes when deleted', async () => {
    const pod = await eventually(() => launcherPod(vm), 'the launcher pod');
    const podUid = String(field(await getObject('pod', pod), 'metadata.uid'));
    // The launcher's private libvirtd and virtlogd run from a short link to the pod's state
    // directory (/run/podvisor/launchers/<hash of the path>).
    const stateDir = realpathSync(
      join(
        cluster.dataDir,
        'nodes',
        'node-1',
        'pods',
        podUid,
        'volumes',
        'kubernetes.io~empty-dir',
        'private',
      ),
    );
    const link = createHash('sha256').update(stateDir).digest('hex').slice(0, 16);
    const running = (pattern: string): string => {
      try {
        return execFileSync('pgrep', ['-fa', pattern], { encoding: 'utf8' });
      } catch {
        return '';
      }
    };
    expect(running(link)).toMatch(/libvirtd/);
    expect((await cluster.kubectl(['delete', 'vm', vm, '-n', namespace, '--wait=true'])).code).toBe(
      0,
    );
    await eventually(async () => ((await getObject('vmi', vm)) ? undefined : true), 'VMI gone');
    await eventually(async () => ((await getObject('pod', pod)) ? undefined : true), 'pod gone');
    expect(qemuPid(vm)).toBeUndefined();
    expect(running(link)).toBe('');
    expect(running(podUid)).toBe('');
  }, 300_000);
});

describe('runStrategies other than Always', () => {
  it('Manual starts on a Start request and stops on a Stop request', async () => {
    const vm = 'manual';
    await apply(vmManifest(vm, { runStrategy: 'Manual' }));
    await waitForPrintableStatus(vm, 'Stopped');
    const request = (requests: Json[]) =>
      cluster.kubectl([
        'patch',
        'vm',
        vm,
        '-n',
        namespace,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: { stateChangeRequests: requests } }),
      ]);
    expect((await request([{ action: 'Start' }])).code).toBe(0);
    await waitForPrintableStatus(vm, 'Running');
    const uid = field(await getObject('vmi', vm), 'metadata.uid');
    expect((await request([{ action: 'Stop', uid }])).code).toBe(0);
    await waitForPrintableStatus(vm, 'Stopped');
    expect((await cluster.kubectl(['delete', 'vm', vm, '-n', namespace])).code).toBe(0);
  }, 300_000);

  it('Once does not restart a guest that was killed', async () => {
    const vm = 'once';
    await apply(vmManifest(vm, { runStrategy: 'Once' }));
    await waitForPrintableStatus(vm, 'Running');
    const pid = await eventually(() => Promise.resolve(qemuPid(vm)), 'QEMU');
    process.kill(pid, 'SIGKILL');
    await eventually(
      async () =>
        field(await getObject('vmi', vm), 'status.phase') === 'Failed' ? true : undefined,
      'the VMI Failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(qemuPid(vm)).toBeUndefined();
    expect(field(await getObject('vmi', vm), 'status.phase')).toBe('Failed');
    expect((await cluster.kubectl(['delete', 'vm', vm, '-n', namespace])).code).toBe(0);
  }, 300_000);

  it('shows ErrorUnschedulable for a nodeSelector no node has', async () => {
    const vm = 'nowhere';
    await apply(
      vmManifest(vm, { runStrategy: 'Always', nodeSelector: { 'example.com/none': 'x' } }),
    );
    await waitForPrintableStatus(vm, 'ErrorUnschedulable');
    expect((await cluster.kubectl(['delete', 'vm', vm, '-n', namespace])).code).toBe(0);
  }, 300_000);
});
