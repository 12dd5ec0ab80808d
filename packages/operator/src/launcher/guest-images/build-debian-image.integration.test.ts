import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGuestImage } from './build-guest-image.ts';
import { type DiskCatalogEntry, resolveContainerDisk } from './image-catalog.ts';

// The full build takes a minute or more and downloads ~100 MB from Debian; it runs as root (the
// build needs it) and once built, the image in this directory is reused (and rebuilt if its
// recipe changed).
const cacheRoot = join(tmpdir(), 'podvisor-test-debian-cache');
const aptCache = join(tmpdir(), 'podvisor-test-apt-cache');
const requested = process.env['PODVISOR_TEST_DEBIAN_IMAGE'] === '1';
const cached = existsSync(join(cacheRoot, 'images', 'debian', 'manifest.json'));
const hasGenisoimage = (() => {
  try {
    execFileSync('genisoimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function skipReason(): string | undefined {
  if (!requested && !cached && process.getuid?.() !== 0)
    return `building the debian image needs root (or PODVISOR_TEST_DEBIAN_IMAGE=1 where a build exists in ${cacheRoot})`;
  if (!hasGenisoimage) return 'genisoimage (for the NoCloud disk) is not installed';
  return undefined;
}
const skip = skipReason();

// Made when the tests run (a skipped file leaves nothing behind).
let runDir = '';
let qemu: ChildProcess | undefined;
let agent: Socket | undefined;
let serial: Socket | undefined;

async function cleanUp(): Promise<void> {
  agent?.destroy();
  serial?.destroy();
  const child = qemu;
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
  if (runDir !== '') rmSync(runDir, { recursive: true, force: true });
}

async function waitFor(
  what: string,
  read: () => string,
  pattern: RegExp,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(read())) {
    if (qemu?.exitCode !== null && qemu?.exitCode !== undefined)
      throw new Error(`QEMU exited (${String(qemu.exitCode)}) before ${what}`);
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; got:\n${read().slice(-3000)}`);
    await sleep(200);
  }
}

const serialLog = (): string => join(runDir, 'serial.log');
const logText = (): string => (existsSync(serialLog()) ? readFileSync(serialLog(), 'latin1') : '');

function makeCidata(): string {
  const dir = join(runDir, 'cidata');
  mkdirSync(dir);
  writeFileSync(join(dir, 'meta-data'), 'instance-id: debian-it-1\nlocal-hostname: debian-it\n');
  writeFileSync(
    join(dir, 'user-data'),
    '#!/bin/sh\necho "podvisor-debian-user-data $((20+22))" > /dev/ttyS0\n',
  );
  const iso = join(runDir, 'cidata.iso');
  execFileSync('genisoimage', [
    ...['-quiet', '-output', iso, '-volid', 'cidata', '-joliet', '-rock'],
    join(dir, 'user-data'),
    join(dir, 'meta-data'),
  ]);
  return iso;
}

function startQemu(entry: DiskCatalogEntry): void {
  const overlay = join(runDir, 'overlay.qcow2');
  execFileSync('qemu-img', [
    'create',
    '-q',
    '-f',
    'qcow2',
    '-b',
    entry.path,
    '-F',
    'qcow2',
    overlay,
  ]);
  const socket = (id: string, path: string, extra = ''): string =>
    `socket,id=${id},path=${path},server=on,wait=off${extra}`;
  qemu = spawn(
    'qemu-system-x86_64',
    [
      ...['-accel', 'tcg', '-nodefaults', '-machine', 'pc', '-cpu', 'qemu64'],
      ...['-m', '256', '-smp', '1', '-display', 'none', '-no-reboot'],
      ...[
        '-kernel',
        entry.kernel ?? '',
        '-initrd',
        entry.initrd ?? '',
        '-append',
        entry.cmdline ?? '',
      ],
      ...['-drive', `file=${overlay},format=qcow2,if=virtio`],
      ...['-drive', `file=${makeCidata()},format=raw,if=virtio,readonly=on`],
      ...['-chardev', socket('ser0', join(runDir, 'serial.sock'), `,logfile=${serialLog()}`)],
      ...['-serial', 'chardev:ser0', '-device', 'virtio-serial-pci'],
      ...['-chardev', socket('qga0', join(runDir, 'qga.sock'))],
      ...['-device', 'virtserialport,chardev=qga0,name=org.qemu.guest_agent.0'],
      ...['-netdev', 'user,id=n0', '-device', 'virtio-net-pci,netdev=n0'],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

function connectSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Sends guest-ping every 2 s (the agent starts late in boot) until `{"return": {}}` comes back. */
async function guestPing(path: string, ms: number): Promise<void> {
  agent = await connectSocket(path);
  let replies = '';
  agent.on('data', (chunk: Buffer) => (replies += chunk.toString()));
  const deadline = Date.now() + ms;
  while (!/\{"return": \{\}\}/.test(replies)) {
    if (Date.now() > deadline) throw new Error(`the guest agent did not answer: ${replies}`);
    agent.write('{"execute":"guest-ping"}\n');
    await sleep(2000);
  }
}

// Where it cannot run, the suite's name says why (it shows among the skipped ones).
describe.skipIf(skip !== undefined)(
  skip === undefined ? 'the debian guest image' : `the debian guest image (not run: ${skip})`,
  () => {
    let entry: DiskCatalogEntry;
    beforeAll(() => {
      runDir = mkdtempSync(join(tmpdir(), 'debian-it-'));
    });
    afterAll(cleanUp);

    it('builds into the cache directory (or is up to date) and resolves with its boot files', async () => {
      const lines: string[] = [];
      const built = await buildGuestImage({
        name: 'debian',
        dataDir: cacheRoot,
        cacheDir: aptCache,
        progress: (l) => lines.push(l),
      });
      if (!built.upToDate)
        expect(lines).toContainEqual(expect.stringMatching(/^mmdebstrap: success/));
      expect(built.manifest).toMatchObject({ kind: 'disk', format: 'qcow2', kernel: 'vmlinuz' });
      const resolved = resolveContainerDisk('podvisor.local/debian', cacheRoot);
      if (!resolved.ok || resolved.entry.kind !== 'disk') throw new Error(JSON.stringify(resolved));
      entry = resolved.entry;
      expect(entry.kernel).toBe(join(built.dir, 'vmlinuz'));
      expect(entry.cmdline).toMatch(/^root=LABEL=podvisor-root /);
    }, 1_800_000);

    it('is up to date the next time, without building', async () => {
      const again = await buildGuestImage({
        name: 'debian',
        dataDir: cacheRoot,
        cacheDir: aptCache,
      });
      expect(again.upToDate).toBe(true);
    });

    it('boots under TCG to a login prompt on ttyS0 with the hostname from NoCloud meta-data', async () => {
      startQemu(entry);
      await waitFor('the serial login prompt', logText, /^debian-it login: /m, 420_000);
    }, 450_000);

    it('runs the NoCloud user-data script, which writes to the serial console', async () => {
      await waitFor('the user-data marker', logText, /podvisor-debian-user-data 42/, 180_000);
    }, 200_000);

    it('finishes cloud-init without warnings (locale, SSH host keys) or failed modules', async () => {
      await waitFor('cloud-init to finish', logText, /Cloud-init v\. \S+ finished/, 120_000);
      // With no SSH server installed, cloud-init always says it ignores ssh_pwauth; nothing else.
      const complaints = logText()
        .split('\n')
        .filter((line) => line.includes('cloud-init[') && /\[WARNING\]|failed/.test(line))
        .filter((line) => !line.includes("Ignoring config 'ssh_pwauth"));
      expect(complaints).toEqual([]);
    }, 150_000);

    it('lets root log in on the serial console without a password and runs a command', async () => {
      serial = await connectSocket(join(runDir, 'serial.sock'));
      let text = '';
      serial.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      serial.write('root\r');
      await waitFor('a root shell', () => text, /root@debian-it:~# /, 60_000);
      serial.write('echo "shell says $((6*7))"\r');
      await waitFor('the answer', () => text, /shell says 42/, 30_000);
    }, 100_000);

    it('answers guest-ping through qemu-guest-agent on the virtio-serial channel', async () => {
      await guestPing(join(runDir, 'qga.sock'), 120_000);
    }, 150_000);
  },
);
