import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGuestImage, type BuildGuestImageResult } from './build-guest-image.ts';
import { resolveContainerDisk } from './image-catalog.ts';
import type { KernelImageManifest } from './image-manifest.ts';

// The first run downloads ~28 MB from Debian; later runs (and other test files) reuse the .debs.
const cacheDir = join(tmpdir(), 'podvisor-test-apt-cache');
const dataDir = mkdtempSync(join(tmpdir(), 'tiny-it-'));
const hasGenisoimage = (() => {
  try {
    execFileSync('genisoimage', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let qemu: ChildProcess | undefined;
let qemuExit: Promise<number | null> | undefined;
let serial: Socket | undefined;
let serialText = '';
const serialLog = join(dataDir, 'serial.log');

afterAll(() => {
  serial?.destroy();
  if (qemu?.pid !== undefined && qemu.exitCode === null && qemu.signalCode === null)
    process.kill(qemu.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor(
  what: string,
  read: () => string,
  pattern: RegExp,
  ms = 60_000,
): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = read();
    const match = pattern.exec(text);
    if (match !== null) return match[0];
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; got:\n${text.slice(-2000)}`);
    await sleep(50);
  }
}

const logText = (): string => (existsSync(serialLog) ? readFileSync(serialLog, 'latin1') : '');

async function connectWhenListening(path: string): Promise<Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = connect(path);
        socket.once('connect', () => {
          resolve(socket);
        });
        socket.once('error', reject);
      });
    } catch (error) {
      if (attempt > 400) throw error;
      await sleep(25);
    }
  }
}

/** Sends one QMP command after the capabilities handshake, resolving with its reply line. */
async function qmp(path: string, command: string): Promise<string> {
  const socket = await connectWhenListening(path);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await waitFor('QMP greeting', () => text, /"QMP"/, 10_000);
  socket.write('{"execute":"qmp_capabilities"}\n');
  await waitFor('QMP capabilities', () => text, /"return"/, 10_000);
  text = '';
  socket.write(`{"execute":"${command}"}\n`);
  const reply = await waitFor(command, () => text, /\{"return".*\}/, 10_000);
  socket.end();
  return reply;
}

function kernelManifest(result: BuildGuestImageResult): KernelImageManifest {
  if (result.manifest.kind !== 'kernel') throw new Error(`tiny is a ${result.manifest.kind} image`);
  return result.manifest;
}

function makeCidata(): string[] {
  if (!hasGenisoimage) return [];
  const dir = join(dataDir, 'cidata');
  mkdirSync(dir);
  writeFileSync(join(dir, 'meta-data'), 'instance-id: it-1\nlocal-hostname: itest-vm\n');
  writeFileSync(join(dir, 'user-data'), '#!/bin/sh\necho "user-data ran: $((20+22))"\n');
  const iso = join(dataDir, 'cidata.iso');
  execFileSync('genisoimage', [
    '-quiet',
    '-output',
    iso,
    '-volid',
    'cidata',
    '-joliet',
    '-rock',
    join(dir, 'user-data'),
    join(dir, 'meta-data'),
  ]);
  return ['-drive', `file=${iso},format=raw,if=virtio,readonly=on`];
}

describe('the tiny guest image', () => {
  let first: BuildGuestImageResult;
  const lines: string[] = [];

  it('builds into DATA_DIR/images/tiny with progress lines', async () => {
    first = await buildGuestImage({
      name: 'tiny',
      dataDir,
      cacheDir,
      progress: (l) => lines.push(l),
    });
    expect(first.upToDate).toBe(false);
    expect(lines).toContain('writing initrd');
    expect(lines.at(-1)).toMatch(/^done in \d+\.\d s$/);
    for (const file of ['vmlinuz', 'initrd.gz', 'manifest.json'])
      expect(statSync(join(dataDir, 'images', 'tiny', file)).size).toBeGreaterThan(0);
    expect(kernelManifest(first).packages.map((p) => p.name)).toEqual([
      expect.stringMatching(/^linux-image-\d.*-cloud-amd64$/),
      'busybox-static',
    ]);
    expect(resolveContainerDisk('podvisor.local/tiny:latest', dataDir)).toMatchObject({ ok: true });
  });

  it('is a cache hit the second time: no download, the same manifest', async () => {
    const again: string[] = [];
    const second = await buildGuestImage({
      name: 'tiny',
      dataDir,
      cacheDir,
      progress: (l) => again.push(l),
    });
    expect(second.upToDate).toBe(true);
    expect(second.downloaded).toEqual([]);
    expect(second.manifest).toEqual(first.manifest);
    expect(again.some((l) => l.startsWith('downloading'))).toBe(false);
    expect(again.at(-1)).toMatch(/^tiny is up to date/);
  });

  it('boots under TCG to the banner and the ready marker on the serial line', async () => {
    const { kernel, initrd, cmdline } = kernelManifest(first);
    const dir = join(dataDir, 'images', 'tiny');
    qemu = spawn(
      'qemu-system-x86_64',
      [
        ...['-accel', 'tcg', '-nodefaults', '-machine', 'pc', '-cpu', 'qemu64', '-m', '256'],
        ...['-kernel', join(dir, kernel), '-initrd', join(dir, initrd), '-append', cmdline],
        ...[
          '-chardev',
          `socket,id=ser0,path=${join(dataDir, 'serial.sock')},server=on,wait=off,logfile=${serialLog}`,
        ],
        ...[
          '-serial',
          'chardev:ser0',
          '-qmp',
          `unix:${join(dataDir, 'qmp.sock')},server=on,wait=off`,
        ],
        ...['-netdev', 'user,id=n0', '-device', 'virtio-net-pci,netdev=n0', '-display', 'none'],
        ...makeCidata(),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const child = qemu;
    qemuExit = new Promise((resolve) => {
      child.once('exit', resolve);
    });
    serial = await connectWhenListening(join(dataDir, 'serial.sock'));
    serial.on('data', (chunk: Buffer) => (serialText += chunk.toString('latin1')));
    const host = hasGenisoimage ? 'itest-vm' : 'tiny';
    await waitFor('the banner', logText, new RegExp(`Podvisor tiny guest: ${host}, kernel \\S+`));
    await waitFor(
      'the ready marker',
      logText,
      new RegExp(`podvisor-guest-ready hostname=${host} uptime=[\\d.]+`),
    );
  });

  it('runs commands typed on the serial shell', async () => {
    serial?.write('echo $((6*7))\n');
    await waitFor('the answer', () => serialText, /(^|\n)42\r?\n/, 30_000);
  });

  it('gets an address by DHCP on virtio-net', async () => {
    await waitFor('a DHCP lease', logText, /podvisor-guest-dhcp eth0 10\.0\.2\.15/, 60_000);
  });

  it.skipIf(!hasGenisoimage)(
    'runs a cloud-init NoCloud user-data script from the cidata disk',
    async () => {
      await waitFor('user-data output', logText, /user-data ran: 42/);
      await waitFor('user-data exit', logText, /podvisor-user-data-exit 0/);
    },
  );

  it('powers off on an ACPI power-button press (QMP system_powerdown) and QEMU exits', async () => {
    expect(await qmp(join(dataDir, 'qmp.sock'), 'system_powerdown')).toContain('"return"');
    await waitFor('the power-down marker', logText, /podvisor-guest-powerdown/);
    expect(await qemuExit).toBe(0);
  });
});
