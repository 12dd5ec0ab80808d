import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualMachineInstance } from '@podvisor/api';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectAcceleration, readAccelerationFacts } from '../accel/index.ts';
import { prepareDisks } from '../disks/index.ts';
import {
  domainSpecFor,
  type DomainInput,
  domainXml,
  launcherPathsIn,
  passtPortArgs,
  type PodNetworkInput,
} from '../domain/index.ts';
import { buildGuestImage } from '../guest-images/index.ts';
import { type DomainEvent, isCrashEvent } from './domain-event.ts';
import { LibvirtStartError } from './libvirt-start-error.ts';
import {
  childPidNamespaceOf,
  isAlive,
  mountNamespaceOf,
  pidsInMountNamespace,
} from './process-table.ts';
import { lookupQemuOwner, type FileOwner } from './qemu-owner.ts';
import { type PrivateLibvirt, startPrivateLibvirt } from './start-private-libvirt.ts';
import {
  openSocket,
  spiceLinkReply,
  vncGreeting,
  waitForText,
  waitForValue,
} from './test-consoles.ts';
import { Virsh } from './virsh.ts';
import { VirshError } from './virsh-error.ts';
import { type DomainEventWatch, watchDomainEvents } from './watch-domain-events.ts';

// Real libvirtd, virtlogd and QEMU (TCG here): the tiny guest boots through a private daemon.
const cacheDir = join(tmpdir(), 'podvisor-test-apt-cache');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-libvirt-it-'));
// QEMU runs as the QEMU user: it must reach the images and the VM directories.
chmodSync(scratch, 0o755);
const dataDir = join(scratch, 'data');
const logger = createLogger({ component: 'libvirt-it', level: 'warn' });
const domain = 'ns1_vm1';
/** libvirt's QEMU capability cache, shared by the test's daemons as by a node's pods. */
const capabilitiesCacheDir = join(scratch, 'capabilities');

let accel: 'kvm' | 'tcg' = 'tcg';
let owner: FileOwner;
const daemons: PrivateLibvirt[] = [];
const watches: DomainEventWatch[] = [];

function tinyVmi(name: string): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'ns1', uid: '6a1b2c3d-0000-4000-8000-000000000001' },
    spec: {
      domain: {
        devices: { disks: [{ name: 'boot' }, { name: 'cloudinit', disk: { bus: 'virtio' } }] },
        resources: { requests: { memory: '128Mi' } },
      },
      volumes: [
        { name: 'boot', containerDisk: { image: 'podvisor.local/tiny' } },
        {
          name: 'cloudinit',
          cloudInitNoCloud: { userData: '#!/bin/sh\necho "user-data ran: $((20+22))"\n' },
        },
      ],
    },
  };
}

/** A private libvirtd with an event watch, its events collected. */
async function daemonWithEvents(
  name: string,
): Promise<{ libvirt: PrivateLibvirt; virsh: Virsh; events: DomainEvent[] }> {
  const libvirt = await startPrivateLibvirt({
    dir: join(scratch, name),
    logger,
    accel,
    capabilitiesCacheDir,
  });
  daemons.push(libvirt);
  const events: DomainEvent[] = [];
  const watch = watchDomainEvents({ uri: libvirt.uri, onEvent: (event) => events.push(event) });
  watches.push(watch);
  await watch.ready;
  return { libvirt, virsh: new Virsh({ uri: libvirt.uri }), events };
}

/** Prepares the VMI's disks in a fresh VM directory and defines its domain, resolving with its input. */
async function defineTinyVm(
  virsh: Virsh,
  vmDirName: string,
  network: PodNetworkInput = { backend: 'slirp' },
  vmi: VirtualMachineInstance = tinyVmi('vm1'),
): Promise<DomainInput> {
  const vmDir = join(scratch, vmDirName);
  mkdirSync(vmDir, { mode: 0o700 });
  chownSync(vmDir, owner.uid, owner.gid);
  const prepared = await prepareDisks({ vmi, dataDir, vmDir, owner });
  const input: DomainInput = {
    vmi,
    paths: launcherPathsIn(vmDir),
    accel,
    disks: prepared.disks,
    network,
    ...(prepared.kernelBoot ? { kernelBoot: prepared.kernelBoot } : {}),
  };
  await virsh.define(domainXml(input));
  return input;
}

function lifecycle(
  events: readonly DomainEvent[],
  event: string,
  detail: string,
): DomainEvent | undefined {
  return events.find((e) => e.kind === 'lifecycle' && e.event === event && e.detail === detail);
}

async function waitForLifecycle(
  events: DomainEvent[],
  event: string,
  detail: string,
): Promise<DomainEvent> {
  return waitForValue(`event ${event} ${detail}`, () => lifecycle(events, event, detail));
}

const serialLog = (vmDir: string) => (): string =>
  existsSync(join(vmDir, 'serial.log')) ? readFileSync(join(vmDir, 'serial.log'), 'latin1') : '';

/** Live processes whose command line mentions `text` (the daemons name their pid files). */
async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text) && (await isAlive(Number(pid)))) found.push(cmdline);
  }
  return found;
}

beforeAll(async () => {
  await buildGuestImage({ name: 'tiny', dataDir, cacheDir });
  accel = detectAcceleration(await readAccelerationFacts({ forceEmulation: false })).accel;
  owner = await lookupQemuOwner();
});

afterAll(async () => {
  for (const watch of watches) await watch.stop();
  for (const daemon of daemons) await daemon.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a private libvirtd running the tiny guest', () => {
  let virsh: Virsh;
  let libvirt: PrivateLibvirt;
  let events: DomainEvent[];
  let vmDir: string;

  it('starts in its own mount namespace and boots the guest: Started event, banner, cloud-init', async () => {
    ({ libvirt, virsh, events } = await daemonWithEvents('lv-a'));
    expect(await mountNamespaceOf(libvirt.pid)).not.toBe(await mountNamespaceOf('self'));
    // …and its own PID namespace, so that the daemons and QEMU die with the launcher.
    expect(await childPidNamespaceOf(libvirt.pid)).not.toBe(await childPidNamespaceOf(process.pid));
    expect(readdirSync(capabilitiesCacheDir).some((file) => file.endsWith('.xml'))).toBe(true);
    vmDir = join(scratch, 'vm-a');
    await defineTinyVm(virsh, 'vm-a');
    await virsh.start(domain);
    await waitForLifecycle(events, 'Started', 'Booted');
    expect(await virsh.domState(domain)).toEqual({ state: 'running', reason: 'booted' });
    expect(readFileSync(join(libvirt.layout.qemuLogDir, `${domain}.log`), 'utf8')).toContain(
      `-accel ${accel}`,
    );
    const log = serialLog(vmDir);
    await waitForText({
      what: 'the banner',
      read: log,
      pattern: /Podvisor tiny guest: vm1, kernel \S+/,
    });
    await waitForText({ what: 'user-data', read: log, pattern: /user-data ran: 42/ });
    await waitForText({
      what: 'the ready marker',
      read: log,
      pattern: /podvisor-guest-ready hostname=vm1/,
    });
  });

  it('runs a command typed on the serial socket', async () => {
    const { socket, received } = await openSocket(join(vmDir, 'serial.sock'));
    try {
      socket.write('echo $((6*7))\n');
      await waitForText({
        what: 'the answer',
        read: () => received().toString('latin1'),
        pattern: /(^|\n)42\r?\n/,
        ms: 30_000,
      });
    } finally {
      socket.destroy();
    }
  });

  it('answers VNC and SPICE on the VM’s unix sockets', async () => {
    expect(await vncGreeting(join(vmDir, 'vnc.sock'))).toBe('RFB 003.008\n');
    expect(await spiceLinkReply(join(vmDir, 'spice.sock'))).toEqual({
      magic: 'REDQ',
      major: 2,
      error: 0,
    });
  });

  it('takes a PNG screenshot', async () => {
    const file = join(scratch, 'screen.png');
    await virsh.screenshot(domain, file);
    const png = await readFile(file);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(0); // IHDR width
  });

  it('pauses and resumes with Suspended and Resumed events', async () => {
    await virsh.suspend(domain);
    await waitForLifecycle(events, 'Suspended', 'Paused');
    expect(await virsh.domState(domain)).toEqual({ state: 'paused', reason: 'user' });
    await virsh.resume(domain);
    await waitForLifecycle(events, 'Resumed', 'Unpaused');
    expect((await virsh.domState(domain)).state).toBe('running');
  });

  it('fails guest-agent commands with a typed error when no agent answers', async () => {
    const error = await virsh
      .guestAgent(domain, { execute: 'guest-info' }, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VirshError);
    expect(error).toMatchObject({ code: 'agent-unavailable' });
    expect((error as VirshError).virshMessage).toMatch(/guest agent is not connected/i);
  });

  it('soft-reboots without an agent through ACPI: a reboot event, and the guest boots again', async () => {
    await virsh.reboot(domain);
    await waitForValue('a reboot event', () => events.find((event) => event.kind === 'reboot'));
    await waitForText({
      what: 'a second ready marker',
      read: serialLog(vmDir),
      pattern: /podvisor-guest-ready[^]*podvisor-guest-ready hostname=vm1/,
    });
    expect((await virsh.domState(domain)).state).toBe('running');
  });

  it('shuts down on ACPI: Shutdown after guest request, then Stopped Shutdown', async () => {
    await virsh.shutdown(domain);
    await waitForText({
      what: 'the power-down marker',
      read: serialLog(vmDir),
      pattern: /podvisor-guest-powerdown/,
    });
    await waitForLifecycle(events, 'Shutdown', 'Finished after guest request');
    await waitForLifecycle(events, 'Stopped', 'Shutdown');
    expect(await virsh.domState(domain)).toEqual({ state: 'shutoff', reason: 'shutdown' });
  });

  it('reports destroy as Stopped Destroyed', async () => {
    events.length = 0;
    await virsh.start(domain);
    await waitForLifecycle(events, 'Started', 'Booted');
    await virsh.destroy(domain);
    await waitForLifecycle(events, 'Stopped', 'Destroyed');
  });

  it('reports kill -9 of QEMU as a crash (Stopped Failed)', async () => {
    events.length = 0;
    await virsh.start(domain);
    await waitForLifecycle(events, 'Started', 'Booted');
    const pid = await libvirt.qemuPid(domain);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid ?? 0, 'SIGKILL');
    const crash = await waitForLifecycle(events, 'Stopped', 'Failed');
    expect(isCrashEvent(crash)).toBe(true);
    // The namespace's PID 1 reaps it: no zombie stays behind.
    await waitForValue('QEMU reaped', () =>
      existsSync(`/proc/${String(pid)}`) ? undefined : true,
    );
    expect(await virsh.domState(domain)).toEqual({ state: 'shutoff', reason: 'crashed' });
  });

  it.each<[string, (v: Virsh) => Promise<unknown>, string]>([
    ['starting an unknown domain', (v) => v.start('ns1_nope'), 'domain-not-found'],
    ['suspending a stopped domain', (v) => v.suspend(domain), 'not-running'],
  ])('fails %s with virsh’s message and a code', async (_name, call, code) => {
    const error = await call(virsh).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VirshError);
    expect(error).toMatchObject({ code });
  });

  it('runs next to a second private libvirtd with the same domain name without collision', async () => {
    const other = await daemonWithEvents('lv-b');
    const otherDir = join(scratch, 'vm-b');
    await defineTinyVm(other.virsh, 'vm-b');
    await virsh.start(domain);
    await other.virsh.start(domain);
    await waitForLifecycle(other.events, 'Started', 'Booted');
    await waitForText({
      what: 'the second banner',
      read: serialLog(otherDir),
      pattern: /Podvisor tiny guest: vm1/,
    });
    const pids = [await libvirt.qemuPid(domain), await other.libvirt.qemuPid(domain)];
    expect(new Set(pids).size).toBe(2);
    const namespace = await mountNamespaceOf(other.libvirt.pid);
    await other.libvirt.stop();
    expect(await pidsInMountNamespace(namespace ?? 'none')).toEqual([]);
    expect(await isAlive(pids[1] ?? 0)).toBe(false);
    expect((await virsh.domState(domain)).state).toBe('running');
  });

  it('leaves no libvirtd, virtlogd or QEMU behind after stop()', async () => {
    const namespace = await mountNamespaceOf(libvirt.pid);
    const processes = await pidsInMountNamespace(namespace ?? 'none');
    expect(processes.length).toBeGreaterThanOrEqual(3); // libvirtd, virtlogd, QEMU
    await libvirt.stop();
    expect(await pidsInMountNamespace(namespace ?? 'none')).toEqual([]);
    for (const pid of processes) expect(await isAlive(pid)).toBe(false);
  });
});

/** passt in a network namespace of its own, as the launcher runs it for `passt-socket`. */
async function startPasst(options: {
  netns: string;
  socket: string;
  args: readonly string[];
}): Promise<ChildProcess> {
  const passt = spawn(
    'ip',
    [
      'netns',
      'exec',
      options.netns,
      'passt',
      '-f',
      '-q',
      '--runas',
      'libvirt-qemu',
      '-s',
      options.socket,
      ...options.args,
    ],
    { stdio: 'ignore' },
  );
  await waitForValue(
    'the passt socket',
    () => (existsSync(options.socket) ? true : undefined),
    10_000,
  );
  return passt;
}

/** A namespace with one address and a default route (passt copies them to the guest). */
function createPodNetns(name: string): void {
  const ip = (...args: string[]) => execFileSync('ip', args);
  ip('netns', 'add', name);
  ip('-n', name, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'peer0');
  ip('-n', name, 'addr', 'add', '10.213.0.2/24', 'dev', 'eth0');
  for (const dev of ['lo', 'eth0', 'peer0']) ip('-n', name, 'link', 'set', dev, 'up');
  ip('-n', name, 'route', 'add', 'default', 'via', '10.213.0.1');
}

describe('a guest on passt (passt-socket), as in a pod', () => {
  const netns = `podvisor-it-${String(process.pid)}`;
  let passt: ChildProcess | undefined;

  afterAll(() => {
    if (passt?.pid !== undefined && passt.exitCode === null) process.kill(passt.pid, 'SIGKILL');
    execFileSync('ip', ['netns', 'del', netns], { stdio: 'ignore' });
  });

  it('gets the pod address by DHCP from passt started with passtPortArgs', async () => {
    createPodNetns(netns);
    const { libvirt, virsh, events } = await daemonWithEvents('lv-c');
    const vmDir = join(scratch, 'vm-c');
    const socket = join(vmDir, 'passt.sock');
    const network: PodNetworkInput = { backend: 'passt-socket', socket, ip: '10.213.0.2' };
    const vmi = tinyVmi('vm1');
    vmi.spec.domain.devices.interfaces = [
      { name: 'default', masquerade: {}, ports: [{ port: 80 }] },
    ];
    vmi.spec.networks = [{ name: 'default', pod: {} }];
    const nic = domainSpecFor(await defineTinyVm(virsh, 'vm-c', network, vmi)).interfaces[0];
    expect(nic && passtPortArgs(nic)).toEqual(['--tcp-ports', '10.213.0.2/80']);
    passt = await startPasst({ netns, socket, args: nic ? passtPortArgs(nic) : [] });
    await virsh.start(domain);
    await waitForLifecycle(events, 'Started', 'Booted');
    await waitForText({
      what: 'a DHCP lease',
      read: serialLog(vmDir),
      pattern: /podvisor-guest-dhcp eth0 10\.213\.0\.2/,
    });
    await libvirt.stop();
  });
});

describe('a private libvirtd that cannot start', () => {
  it('fails with the daemon’s complaint and leaves no process', async () => {
    const error = await startPrivateLibvirt({
      dir: join(scratch, 'lv-bad'),
      logger,
      accel,
      qemuUser: { user: 'podvisor-no-such-user', group: 'podvisor-no-such-group' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibvirtStartError);
    expect((error as Error).message).toMatch(/podvisor-no-such-user/);
    expect(await processesMentioning(join(scratch, 'lv-bad'))).toEqual([]);
  });
});
