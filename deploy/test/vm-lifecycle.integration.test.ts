// Issue 7's "done when", as a user meets it: Podvisor installed on the embedded cluster from
// deploy/overlays/local with kubectl, then VMs driven with kubectl only — real launchers, real
// QEMU (the tiny guest under TCG), real virt-controller and virt-handler pods.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, realpathSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  field,
  installPodvisor,
  vmHelpers,
  vmManifest,
  waitForComponent,
  type Json,
} from './podvisor-helpers.ts';
import { startPodvisorCluster, type PodvisorCluster } from './start-podvisor-cluster.ts';

let cluster: PodvisorCluster;
const namespace = 'default';

const {
  apply,
  getObject,
  launcherPod,
  printableStatus,
  waitForGuestShell,
  waitForPrintableStatus,
} = vmHelpers(() => cluster, namespace);

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

beforeAll(async () => {
  cluster = await startPodvisorCluster({ nodes: 1 });
  await installPodvisor(cluster);
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
    const pod = await eventually(() => launcherPod(vm), 'the launcher pod');
    // The VM's address is its launcher pod's (10.244.N.x on the pod network, 127.N.S.x in loopback mode).
    const podIp = field(await getObject('pod', pod), 'status.podIP');
    expect(podIp).toMatch(/^(10\.244|127)\./);
    const interfaces = field(vmi, 'status.interfaces') as Json[] | undefined;
    expect(interfaces?.[0]?.['ipAddress']).toBe(podIp);
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
    // From inside the pod: on the pod network its address is not reachable from this machine's
    // own network namespace (and must not be tried: the packets would leave the machine).
    const metricsOf = async (component: string): Promise<string> => {
      const pod = await cluster.kubectl([
        ...['get', 'pods', '-n', 'podvisor', '-l', `kubevirt.io=${component}`],
        ...['-o', 'jsonpath={.items[0].metadata.name} {.items[0].status.podIP}'],
      ]);
      const [name = '', ip = ''] = pod.stdout.trim().split(' ');
      const metrics = await cluster.kubectl([
        ...['exec', '-n', 'podvisor', name, '--'],
        ...['busybox', 'wget', '-qO-', `http://${ip}:8443/metrics`],
      ]);
      expect(metrics.code, metrics.stderr).toBe(0);
      return metrics.stdout;
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
    // Stopped once the guest has shut down (the VMI Succeeded, as in KubeVirt); the VMI object
    // goes when its launcher pod has finished, passt's sockets closed.
    await eventually(async () => ((await getObject('vmi', vm)) ? undefined : true), 'VMI gone');
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
    await waitForComponent(cluster, 'virt-handler');
    await waitForComponent(cluster, 'virt-controller');
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

/** Runs `kubectl virt` (the plugin from node_modules/.bin, found by kubectl on PATH). */
function kubectlVirt(args: readonly string[], stdin?: string) {
  return cluster.kubectl(['virt', ...args], stdin);
}

/** A kubeconfig for a ServiceAccount of `default` bound to one of KubeVirt's aggregated roles. */
async function kubeconfigAs(account: string, clusterRole: string): Promise<string> {
  const file = join(cluster.dataDir, `kubeconfig-${account}`);
  copyFileSync(join(cluster.dataDir, 'kubeconfig'), file);
  expect((await cluster.kubectl(['create', 'serviceaccount', account])).code).toBe(0);
  const binding = ['create', 'rolebinding', account, `--clusterrole=${clusterRole}`];
  expect((await cluster.kubectl([...binding, `--serviceaccount=default:${account}`])).code).toBe(0);
  const token = (await cluster.kubectl(['create', 'token', account])).stdout.trim();
  const as = ['--kubeconfig', file];
  expect(
    (await cluster.kubectl(['config', 'set-credentials', account, `--token=${token}`, ...as])).code,
  ).toBe(0);
  expect(
    (await cluster.kubectl(['config', 'set-context', '--current', `--user=${account}`, ...as]))
      .code,
  ).toBe(0);
  return file;
}

/** Starts `kubectl virt vnc|spice NAME --proxy-only` and resolves with its port and a stop function. */
function startProxy(
  kind: 'vnc' | 'spice',
  vmi: string,
): Promise<{ port: number; stop: () => void }> {
  const child = spawn('kubectl', ['virt', kind, vmi, '--proxy-only', '-n', namespace], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      HOME: join(cluster.dataDir, 'home'),
      KUBECONFIG: join(cluster.dataDir, 'kubeconfig'),
    },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(out);
      if (match) resolve({ port: Number(match[1]), stop: () => child.kill('SIGINT') });
    });
    child.once('exit', (code) => {
      reject(new Error(`kubectl virt ${kind} exited with ${String(code)}: ${out}`));
    });
  });
}

/** A SPICE client's first message: the link header and a link request for the main channel. */
function spiceLinkRequest(): Buffer {
  const message = Buffer.alloc(18);
  message.writeUInt8(1, 4); // channel type: main
  message.writeUInt32LE(18, 14); // capabilities offset (none follow)
  const header = Buffer.alloc(16);
  header.write('REDQ', 0, 'latin1');
  header.writeUInt32LE(2, 4); // protocol 2.2
  header.writeUInt32LE(2, 8);
  header.writeUInt32LE(message.length, 12);
  return Buffer.concat([header, message]);
}

/** The first bytes a TCP server at `port` sends (after `hello`, when given). */
function firstBytes(port: number, count: number, hello?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    if (hello) socket.write(hello);
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= count) {
        socket.destroy();
        resolve(data.subarray(0, count));
      }
    });
    socket.on('error', reject);
  });
}

/** A `kubectl virt console` session kept open, typed into through its stdin. */
interface ConsoleSession {
  readonly connected: Promise<void>;
  type(text: string): void;
  output(): string;
  exitCode(): number | null;
  stop(): void;
}

function startConsole(vmi: string): ConsoleSession {
  const child = spawn('kubectl', ['virt', 'console', vmi, '-n', namespace], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      HOME: join(cluster.dataDir, 'home'),
      KUBECONFIG: join(cluster.dataDir, 'kubeconfig'),
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const connected = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('Successfully connected')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`kubectl virt console exited with ${String(code)}: ${stderr}`));
    });
  });
  return {
    connected,
    type: (text) => child.stdin.write(text),
    output: () => stdout,
    exitCode: () => child.exitCode,
    stop: () => {
      child.stdin.end();
      child.kill('SIGTERM');
    },
  };
}

describe('kubectl virt', () => {
  const vm = 'virtctl';

  beforeAll(async () => {
    await apply(vmManifest(vm, { runStrategy: 'Always' }));
    await waitForPrintableStatus(vm, 'Running');
    await waitForGuestShell(vm);
  }, 300_000);

  it('runs a command on the serial console from a pipe', async () => {
    const result = await kubectlVirt(['console', vm, '-n', namespace], 'echo $((6*7))\n');
    expect(result.stderr).toContain('Successfully connected to virtctl console');
    expect(result.stdout).toMatch(/^42\r?$/m);
  }, 120_000);

  it('proxies VNC and SPICE to local ports, and takes a screenshot', async () => {
    const vnc = await startProxy('vnc', vm);
    try {
      expect((await firstBytes(vnc.port, 12)).toString()).toBe('RFB 003.008\n');
    } finally {
      vnc.stop();
    }
    const spice = await startProxy('spice', vm);
    try {
      const reply = await firstBytes(spice.port, 16, spiceLinkRequest());
      expect(reply.subarray(0, 4).toString('latin1')).toBe('REDQ');
      expect(reply.readUInt32LE(4)).toBe(2);
    } finally {
      spice.stop();
    }
    const file = join(cluster.dataDir, 'screen.png');
    const shot = await kubectlVirt(['vnc', 'screenshot', vm, '-n', namespace, '-f', file]);
    expect(shot.stderr).toBe('');
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);

  it('stops and starts the VM, refusing a start of a running Always VM as KubeVirt does', async () => {
    const again = await kubectlVirt(['start', vm, '-n', namespace]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'Operation cannot be fulfilled on virtualmachine.kubevirt.io "virtctl": VM is already running',
    );
    expect((await kubectlVirt(['stop', vm, '-n', namespace])).code).toBe(0);
    await waitForPrintableStatus(vm, 'Stopped');
    expect((await kubectlVirt(['start', vm, '-n', namespace])).code).toBe(0);
    await waitForPrintableStatus(vm, 'Running');
    await waitForGuestShell(vm);
  }, 300_000);

  it('shares the console between two clients: both see what one of them types', async () => {
    const [first, second] = [startConsole(vm), startConsole(vm)];
    try {
      await Promise.all([first.connected, second.connected]);
      first.type('echo shared-$((6*7))\n');
      await eventually(
        () => Promise.resolve(first.output().includes('shared-42') ? true : undefined),
        'the first client to see the answer',
        30_000,
      );
      await eventually(
        () => Promise.resolve(second.output().includes('shared-42') ? true : undefined),
        'the second client to see the answer',
        30_000,
      );
    } finally {
      first.stop();
      second.stop();
    }
  }, 120_000);

  it('keeps an idle console open for five minutes', async () => {
    const idle = startConsole(vm);
    try {
      await idle.connected;
      await new Promise((resolve) => setTimeout(resolve, 5 * 60_000 + 5_000));
      expect(idle.exitCode()).toBeNull();
      idle.type('echo idle-$((6*7))\n');
      await eventually(
        () => Promise.resolve(idle.output().includes('idle-42') ? true : undefined),
        'the answer after five idle minutes',
        30_000,
      );
    } finally {
      idle.stop();
    }
  }, 420_000);

  it('pauses, unpauses, soft-reboots and restarts the VM, and reports its version', async () => {
    const paused = async (): Promise<unknown> =>
      (field(await getObject('vmi', vm), 'status.conditions') as Json[] | undefined)?.find(
        (c) => c['type'] === 'Paused',
      )?.['status'];
    expect((await kubectlVirt(['pause', 'vmi', vm, '-n', namespace])).code).toBe(0);
    await waitForPrintableStatus(vm, 'Paused');
    expect(await paused()).toBe('True');
    expect((await kubectlVirt(['unpause', 'vmi', vm, '-n', namespace])).code).toBe(0);
    await waitForPrintableStatus(vm, 'Running');
    expect((await kubectlVirt(['soft-reboot', vm, '-n', namespace])).code).toBe(0);
    const before = field(await getObject('vmi', vm), 'metadata.uid');
    expect((await kubectlVirt(['restart', vm, '-n', namespace])).code).toBe(0);
    await eventually(async () => {
      const uid = field(await getObject('vmi', vm), 'metadata.uid');
      return uid !== undefined && uid !== before ? uid : undefined;
    }, 'a new VMI');
    await waitForPrintableStatus(vm, 'Running');
    await waitForGuestShell(vm);
    // The tiny guest has no agent: the request reaches the handler, which says so as KubeVirt does.
    const info = await kubectlVirt(['guestosinfo', vm, '-n', namespace]);
    expect(info.code).toBe(1);
    expect(info.stderr).toContain('VMI does not have guest agent connected');
    const version = await kubectlVirt(['version']);
    expect(version.stdout).toMatch(/Client Version: .*\nServer Version: /s);
  }, 300_000);

  it('lets kubevirt.io:edit stop, start and attach, and answers kubevirt.io:view with 403', async () => {
    const viewer = await kubeconfigAs('viewer', 'kubevirt.io:view');
    const editor = await kubeconfigAs('editor', 'kubevirt.io:edit');
    const denied = await kubectlVirt(['start', vm, '-n', namespace, '--kubeconfig', viewer]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/forbidden/);
    const console = await kubectlVirt(['console', vm, '-n', namespace, '--kubeconfig', viewer], '');
    expect(console.code).toBe(1);
    expect(console.stderr).toMatch(/forbidden/);
    const edited = await kubectlVirt(
      ['console', vm, '-n', namespace, '--kubeconfig', editor],
      'echo $((6*7))\n',
    );
    expect(edited.stdout).toMatch(/^42\r?$/m);
    expect((await kubectlVirt(['stop', vm, '-n', namespace, '--kubeconfig', editor])).code).toBe(0);
    await waitForPrintableStatus(vm, 'Stopped');
    expect((await kubectlVirt(['start', vm, '-n', namespace, '--kubeconfig', editor])).code).toBe(
      0,
    );
    await waitForPrintableStatus(vm, 'Running');
  }, 300_000);
});
