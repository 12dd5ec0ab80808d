// Issue 6's "done when" through the real virt-launcher process: a handler connects to its command
// socket, Syncs a VMI, and the tiny guest boots under a private libvirtd (QEMU, TCG here).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type VirtualMachineInstance } from '@podvisor/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNoFollow,
  ProtocolConnection,
  RemoteError,
  type DomainEvent,
} from '../protocol/v1/index.ts';
import { buildGuestImage } from './guest-images/index.ts';
import { tinyTestVmi as tinyVmi } from './testing/tiny-test-vmi.ts';
import { isAlive } from './libvirt/process-table.ts';
import { decodePng, foregroundShare } from './testing/png-pixels.ts';
import {
  openSocket,
  spiceLinkReply,
  vncGreeting,
  waitForText,
  waitForValue,
} from './libvirt/test-consoles.ts';

const launcherMain = join(import.meta.dirname, '..', 'cmd', 'virt-launcher.ts');
const tailMain = join(import.meta.dirname, '..', 'cmd', 'virt-tail.ts');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-launcher-it-'));
chmodSync(scratch, 0o755); // QEMU runs as libvirt-qemu: it must reach the images and VM dirs
const dataDir = join(scratch, 'data');
const capabilitiesCacheDir = join(scratch, 'capabilities');
const launchers: ChildProcess[] = [];

interface Running {
  readonly child: ChildProcess;
  readonly stateDir: string;
  readonly handler: ProtocolConnection;
  readonly events: DomainEvent[];
  readonly exitCode: Promise<number | null>;
}

/** Starts the virt-launcher process for `vmi` and connects to it as virt-handler does. */
async function launch(
  vmi: VirtualMachineInstance,
  extraArgs: readonly string[] = [],
  spawnOptions: { detached?: boolean } = {},
): Promise<Running> {
  const stateDir = join(scratch, vmi.metadata.name ?? 'vm');
  const socketDir = join(stateDir, 'sockets');
  const child = spawn(
    process.execPath,
    [
      launcherMain,
      '--state-dir',
      stateDir,
      '--socket-dir',
      socketDir,
      '--data-dir',
      dataDir,
      '--vmi-uid',
      vmi.metadata.uid ?? '',
      '--capabilities-cache-dir',
      capabilitiesCacheDir,
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    // detached: a process group of its own, as the node agent runs a container
    { stdio: ['ignore', 'ignore', 'inherit'], ...spawnOptions },
  );
  launchers.push(child);
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const socket = await waitForSocket(socketDir, child);
  const events: DomainEvent[] = [];
  const handler = await ProtocolConnection.dial(socket, {
    role: 'handler',
    events: { DomainEvent: (event) => events.push(event) },
  });
  return { child, stateDir, handler, events, exitCode };
}

async function waitForSocket(
  socketDir: string,
  child: ChildProcess,
): Promise<Awaited<ReturnType<typeof connectNoFollow>>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await connectNoFollow(socketDir, 'launcher.sock', { trustedRoot: scratch });
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const eventSeen = (
  running: Running,
  type: DomainEvent['type'],
  reason?: string,
): Promise<DomainEvent> =>
  waitForValue(`a ${type} event`, () =>
    running.events.find((e) => e.type === type && (reason === undefined || e.reason === reason)),
  );

/** GETs `url` until it answers (the guest's network comes up after its shell). */
async function fetchWithRetry(url: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The processes this test's launchers left: none may survive. */
function leftovers(): string {
  try {
    return execFileSync('pgrep', ['-fa', scratch], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

beforeAll(async () => {
  await buildGuestImage({
    name: 'tiny',
    dataDir,
    cacheDir: join(tmpdir(), 'podvisor-test-apt-cache'),
  });
}, 300_000);

afterAll(async () => {
  for (const child of launchers) if (child.exitCode === null) child.kill('SIGKILL');
  // Their daemons and QEMU die with them (PID namespace, parent-death signal).
  await waitForValue('no process left', () => (leftovers() === '' ? true : undefined), 10_000);
  rmSync(scratch, { recursive: true, force: true });
});

const serialLogOf = (vm: Running) => (): string =>
  readFileSync(join(vm.stateDir, 'vm', 'serial.log'), 'utf8');

/** Syncs the VMI and waits until the guest's serial shell is up (its ACPI daemon runs by then). */
async function bootToShell(vm: Running, vmi: VirtualMachineInstance): Promise<void> {
  await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
  await waitForText({ what: 'the shell', read: serialLogOf(vm), pattern: /podvisor-guest-ready/ });
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** The host pid of the VMI's QEMU, by its command line. */
function qemuPidOf(domain: string): number {
  const found = execFileSync('pgrep', ['-f', `guest=${domain}`], { encoding: 'utf8' }).trim();
  return Number(found.split('\n')[0]);
}

describe('virt-launcher', () => {
  it('boots the tiny guest on Sync, with serial, pause, screenshot, VNC and SPICE, and exits 0 after an ACPI shutdown', async () => {
    const vmi = tinyVmi('tiny1');
    const vm = await launch(vmi);
    const status = await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    expect(status).toMatchObject({ name: 'default_tiny1', state: 'Running', accel: 'tcg' });

    const serial = await openSocket(join(vm.stateDir, 'vm', 'serial.sock'));
    const log = (): string => readFileSync(join(vm.stateDir, 'vm', 'serial.log'), 'utf8');
    await waitForText({ what: 'the banner', read: log, pattern: /Podvisor tiny guest: / });
    await waitForText({ what: 'the shell', read: log, pattern: /podvisor-guest-ready/ });
    serial.socket.write('echo $((6*7))\n');
    await waitForText({
      what: '42',
      read: () => serial.received().toString(),
      pattern: /^42\r?$/m,
    });
    serial.socket.destroy();

    expect((await vm.handler.request('Pause', {}))?.state).toBe('Paused');
    await eventSeen(vm, 'Suspended');
    expect((await vm.handler.request('Unpause', {}))?.state).toBe('Running');
    await eventSeen(vm, 'Resumed');

    const png = Buffer.from((await vm.handler.request('Screenshot', {})).png, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The VGA console shows the banner and the boot messages: text on a plain background.
    const screen = decodePng(png);
    expect(screen.width).toBeGreaterThan(600);
    expect(foregroundShare(screen)).toBeGreaterThan(0.01);
    expect(await vncGreeting(join(vm.stateDir, 'vm', 'vnc.sock'))).toBe('RFB 003.008\n');
    expect(await spiceLinkReply(join(vm.stateDir, 'vm', 'spice.sock'))).toMatchObject({
      magic: 'REDQ',
      error: 0,
    });

    await vm.handler.request('Shutdown', {});
    await eventSeen(vm, 'Stopped', 'Shutdown');
    expect(await vm.exitCode).toBe(0);
    expect(leftovers()).toBe('');
  });

  it('reports Kill as a destroyed domain and exits 1', async () => {
    const vmi = tinyVmi('tiny2');
    const vm = await launch(vmi);
    await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    await vm.handler.request('Kill', {});
    await eventSeen(vm, 'Stopped', 'Destroyed');
    expect(await vm.exitCode).toBe(1);
  });

  it('reports QEMU killed with SIGKILL as a crash and exits 1', async () => {
    const vmi = tinyVmi('tiny3');
    const vm = await launch(vmi);
    await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    process.kill(qemuPidOf('default_tiny3'), 'SIGKILL');
    const crash = await eventSeen(vm, 'Stopped');
    expect(crash.reason).toBe('Failed');
    expect(await vm.exitCode).toBe(1);
    expect(leftovers()).toBe('');
  });

  it('shuts the guest down gracefully on SIGTERM to its process group and exits 0, virt-tail streaming its console until it is gone', async () => {
    const vmi = tinyVmi('term1');
    const stateDir = join(scratch, 'term1');
    // The pod's guest-console-log container, started before the launcher created anything.
    const tail = spawn(
      process.execPath,
      [
        tailMain,
        '--logfile',
        join(stateDir, 'vm', 'serial.log'),
        '--launcher-socket',
        join(stateDir, 'sockets', 'launcher.sock'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let guestConsole = '';
    tail.stdout.on('data', (chunk: Buffer) => (guestConsole += chunk.toString()));
    const tailExit = new Promise<number | null>((resolve) => tail.once('exit', resolve));
    const vm = await launch(vmi, [], { detached: true });
    await bootToShell(vm, vmi);
    // What the node agent does to a terminating pod: libvirtd must survive it to send the ACPI
    // request (the daemons run in a session of their own).
    process.kill(-(vm.child.pid ?? 0), 'SIGTERM');
    await waitForText({
      what: 'the power-down marker',
      read: serialLogOf(vm),
      pattern: /podvisor-guest-powerdown/,
    });
    await eventSeen(vm, 'Stopped', 'Shutdown');
    expect(await vm.exitCode).toBe(0);
    expect(existsSync(join(vm.stateDir, 'sockets', 'launcher.sock'))).toBe(false);
    expect(await tailExit).toBe(0);
    expect(guestConsole).toMatch(/Podvisor tiny guest: [^]*podvisor-guest-powerdown/);
    expect(leftovers()).toBe('');
  });

  it('destroys a guest that does not power off within its grace period on SIGTERM, and exits 1', async () => {
    const vmi = tinyVmi('term2', (v) => {
      v.spec.terminationGracePeriodSeconds = 2;
    });
    const vm = await launch(vmi);
    await bootToShell(vm, vmi);
    // Without its ACPI daemon the guest ignores the power button.
    const serial = await openSocket(join(vm.stateDir, 'vm', 'serial.sock'));
    serial.socket.write('killall acpid; echo acpid-$((40+2))-gone\n');
    await waitForText({
      what: 'acpid gone',
      read: () => serial.received().toString(),
      pattern: /acpid-42-gone/,
    });
    serial.socket.destroy();
    vm.child.kill('SIGTERM');
    await eventSeen(vm, 'Stopped', 'Destroyed');
    expect(await vm.exitCode).toBe(1);
    expect(leftovers()).toBe('');
  });

  it('leaves no libvirtd, virtlogd, QEMU or virsh behind when it is killed with SIGKILL', async () => {
    const vmi = tinyVmi('kill9');
    const vm = await launch(vmi);
    await bootToShell(vm, vmi);
    const qemu = qemuPidOf('default_kill9');
    expect(leftovers()).toMatch(/libvirtd[^]*virtlogd|virtlogd[^]*libvirtd/);
    vm.child.kill('SIGKILL');
    expect(await vm.exitCode).toBe(null);
    await waitForValue('no process left', () => (leftovers() === '' ? true : undefined), 10_000);
    expect(await isAlive(qemu)).toBe(false);
  });

  it('reports a guest kernel panic as a Crashed Panicked event and exits 1', async () => {
    const vmi = tinyVmi('panic1');
    const vm = await launch(vmi);
    await bootToShell(vm, vmi);
    const serial = await openSocket(join(vm.stateDir, 'vm', 'serial.sock'));
    serial.socket.write('echo c > /proc/sysrq-trigger\n');
    const crash = await eventSeen(vm, 'Crashed');
    expect(crash.reason).toBe('Panicked');
    expect(await vm.exitCode).toBe(1);
    serial.socket.destroy();
    expect(leftovers()).toBe('');
  });

  it('resets and soft-reboots the guest on request: it boots again each time', async () => {
    const vmi = tinyVmi('reboot1');
    const vm = await launch(vmi);
    await bootToShell(vm, vmi);
    const banners = (): number => count(serialLogOf(vm)(), /Podvisor tiny guest: /g);
    expect((await vm.handler.request('Reset', {}))?.state).toBe('Running');
    await waitForValue('a second banner', () => (banners() >= 2 ? true : undefined));
    await waitForText({
      what: 'a second shell',
      read: serialLogOf(vm),
      pattern: /(podvisor-guest-ready[^]*){2}/,
    });
    expect((await vm.handler.request('SoftReboot', {}))?.state).toBe('Running');
    await waitForValue('a third banner', () => (banners() >= 3 ? true : undefined));
    expect((await vm.handler.request('GetDomain', {}))?.state).toBe('Running');
    await vm.handler.request('Kill', {});
    expect(await vm.exitCode).toBe(1);
  });

  it("forwards a declared port from the pod's IP to the guest", async () => {
    // The guest serves HTTP on 8080 (busybox httpd, started by its NoCloud user-data); the VMI
    // declares that port, and the launcher forwards it from the pod IP, as on a cluster.
    const podIp = '127.77.0.2';
    const userData = [
      '#!/bin/sh',
      'mkdir -p /www && echo hello-from-the-guest > /www/index.html',
      'httpd -p 8080 -h /www',
      'echo httpd-started',
      '',
    ].join('\n');
    const vmi = tinyVmi('web', (v) => {
      v.spec.domain.devices.interfaces = [
        { name: 'default', masquerade: {}, ports: [{ port: 8080 }] },
      ];
      v.spec.networks = [{ name: 'default', pod: {} }];
      v.spec.volumes = [
        ...(v.spec.volumes ?? []),
        { name: 'cloudinit', cloudInitNoCloud: { userData } },
      ];
    });
    const vm = await launch(vmi, ['--pod-ip', podIp]);
    await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    const log = (): string => readFileSync(join(vm.stateDir, 'vm', 'serial.log'), 'utf8');
    await waitForText({ what: 'httpd in the guest', read: log, pattern: /httpd-started/ });
    const body = await fetchWithRetry(`http://${podIp}:8080/`);
    expect(body).toContain('hello-from-the-guest');
    await vm.handler.request('Kill', {});
    expect(await vm.exitCode).toBe(1);
  });

  it.each([
    [
      'an image nobody built or imported',
      (vmi: VirtualMachineInstance) => {
        vmi.spec.volumes = [{ name: 'root', containerDisk: { image: 'podvisor.local/nope' } }];
      },
      /ErrImagePull|podvisor images/,
    ],
    [
      'an impossible amount of memory',
      (vmi: VirtualMachineInstance) => {
        vmi.spec.domain.resources = { requests: { memory: '0' } };
        vmi.spec.domain.memory = { guest: '0' };
      },
      /memory/,
    ],
  ])(
    'refuses a VMI with %s, naming the cause, and leaves nothing running',
    async (_what, change, message) => {
      const name = `bad${String(launchers.length)}`;
      const vmi = tinyVmi(name, change);
      const vm = await launch(vmi);
      const error = await vm.handler
        .request('Sync', { vmi }, { timeoutMs: 60_000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteError);
      expect((error as Error).message).toMatch(message);
      vm.child.kill('SIGTERM');
      expect(await vm.exitCode).toBe(0);
      expect(leftovers()).toBe('');
    },
  );
});
