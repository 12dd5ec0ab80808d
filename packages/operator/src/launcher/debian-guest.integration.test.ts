// Issue 6's "a cloud-init NoCloud user-data script runs in the debian guest", through the real
// virt-launcher process: Sync a VMI with the debian containerDisk and a cloudInitNoCloud volume,
// see the script's marker on the serial console, read the guest agent's info, shut down.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  clusterConfigFrom,
  defaultVirtualMachineInstance,
  type VirtualMachineInstance,
} from '@podvisor/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNoFollow,
  ProtocolConnection,
  type DomainEvent,
  type GuestInfo,
} from '../protocol/v1/index.ts';
import { buildGuestImage } from './guest-images/index.ts';
import { waitForText, waitForValue } from './libvirt/test-consoles.ts';

// The debian image takes a minute or more to build (as root); it is built here when missing, into
// the same cache as build-debian-image.integration.test.ts, and reused afterwards.
const cacheRoot = join(tmpdir(), 'podvisor-test-debian-cache');
const cachedImage = join(cacheRoot, 'images', 'debian');
const requested = process.env['PODVISOR_TEST_DEBIAN_IMAGE'] === '1';
const cached = existsSync(join(cachedImage, 'manifest.json'));
const skip =
  cached || requested || process.getuid?.() === 0
    ? undefined
    : `building the debian image needs root (or a build in ${cacheRoot})`;

const launcherMain = join(import.meta.dirname, '..', 'cmd', 'virt-launcher.ts');
const marker = 'podvisor-user-data-ran';
// Made when the tests run (a skipped file leaves nothing behind).
let scratch = '';
let launcher: ChildProcess | undefined;

function debianVmi(name: string): VirtualMachineInstance {
  const vmi: VirtualMachineInstance = {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name, namespace: 'default', uid: randomUUID() },
    spec: {
      domain: { devices: {}, resources: { requests: { memory: '256Mi' } } },
      volumes: [
        { name: 'root', containerDisk: { image: 'podvisor.local/debian' } },
        {
          name: 'cloudinit',
          cloudInitNoCloud: { userData: `#!/bin/sh\necho ${marker} $((20+22)) > /dev/ttyS0\n` },
        },
      ],
      terminationGracePeriodSeconds: 120,
    },
  };
  return defaultVirtualMachineInstance(vmi, clusterConfigFrom(undefined));
}

/** The processes this test left: none may survive. */
function leftovers(): string {
  if (scratch === '') return '';
  try {
    return execFileSync('pgrep', ['-fa', scratch], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

async function connectLauncher(
  socketDir: string,
  child: ChildProcess,
  events: DomainEvent[],
): Promise<ProtocolConnection> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const socket = await connectNoFollow(socketDir, 'launcher.sock', { trustedRoot: scratch });
      return await ProtocolConnection.dial(socket, {
        role: 'handler',
        events: { DomainEvent: (event) => events.push(event) },
      });
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) throw error;
      await sleep(100);
    }
  }
}

/** Asks for GuestInfo every 3 s until the agent reports the OS (it starts late in boot). */
async function guestOsInfo(handler: ProtocolConnection, ms: number): Promise<GuestInfo> {
  const deadline = Date.now() + ms;
  let last: GuestInfo | null = null;
  while (Date.now() < deadline) {
    last = await handler.request('GuestInfo', {});
    if (last?.os?.id !== undefined) return last;
    await sleep(3000);
  }
  throw new Error(`the guest agent did not report the OS; last GuestInfo: ${JSON.stringify(last)}`);
}

// Where it cannot run, the suite's name says why (it shows among the skipped ones).
describe.skipIf(skip !== undefined)(
  skip === undefined
    ? 'the debian guest under virt-launcher'
    : `the debian guest under virt-launcher (not run: ${skip})`,
  () => {
    beforeAll(async () => {
      await buildGuestImage({
        name: 'debian',
        dataDir: cacheRoot,
        cacheDir: join(tmpdir(), 'podvisor-test-apt-cache'),
      });
      scratch = mkdtempSync(join(tmpdir(), 'podvisor-debian-launcher-it-'));
      chmodSync(scratch, 0o755); // QEMU runs as libvirt-qemu: it must reach the image and VM dirs
      mkdirSync(join(scratch, 'data', 'images'), { recursive: true });
      symlinkSync(cachedImage, join(scratch, 'data', 'images', 'debian'));
    }, 600_000);

    afterAll(async () => {
      if (launcher?.exitCode === null) launcher.kill('SIGKILL');
      // A launcher killed mid-test leaves its daemons and QEMU (they run in their own sessions).
      if (leftovers() !== '') execFileSync('pkill', ['-9', '-f', scratch]);
      await sleep(500);
      const left = leftovers();
      if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
      expect(left).toBe('');
    });

    let vm: { stateDir: string; handler: ProtocolConnection; events: DomainEvent[] } | undefined;
    let exitCode: Promise<number | null> = Promise.resolve(null);

    it('runs the NoCloud user-data script, reaches a login prompt and reports the OS through the guest agent', async () => {
      const vmi = debianVmi('debian1');
      const stateDir = join(scratch, 'debian1');
      const socketDir = join(stateDir, 'sockets');
      const child = spawn(
        process.execPath,
        [
          launcherMain,
          ...['--state-dir', stateDir, '--socket-dir', socketDir],
          ...['--data-dir', join(scratch, 'data'), '--vmi-uid', vmi.metadata.uid ?? ''],
          ...['--capabilities-cache-dir', join(scratch, 'capabilities'), '--log-level', 'warn'],
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      launcher = child;
      exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const events: DomainEvent[] = [];
      const handler = await connectLauncher(socketDir, child, events);
      vm = { stateDir, handler, events };
      const status = await handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
      expect(status).toMatchObject({ name: 'default_debian1', state: 'Running' });
      expect(await handler.request('GuestInfo', {})).toBeNull(); // no agent this early in boot

      const logFile = join(stateDir, 'vm', 'serial.log');
      const log = (): string => (existsSync(logFile) ? readFileSync(logFile, 'latin1') : '');
      await waitForText({
        what: 'the login prompt',
        read: log,
        pattern: /^debian1 login: /m,
        ms: 240_000,
      });
      await waitForText({ what: 'the marker', read: log, pattern: /podvisor-user-data-ran 42/ });

      const info = await guestOsInfo(handler, 120_000);
      expect(info).toMatchObject({ hostname: 'debian1', timezone: 'UTC, 0' });
      expect(info.os).toMatchObject({ id: 'debian', versionId: '12', machine: 'x86_64' });
      expect(info.os?.kernelRelease).toMatch(/-cloud-amd64$/);
      expect(info.guestAgentVersion).toMatch(/^\d+\.\d+/);
      expect(info.interfaces).toContainEqual(
        expect.objectContaining({ interfaceName: 'eth0', ipAddress: '10.0.2.15' }),
      );
      expect(info.interfaces?.map((i) => i.interfaceName)).not.toContain('lo');
    }, 480_000);

    it('powers off on Shutdown (ACPI) and the launcher exits 0', async () => {
      if (vm === undefined) throw new Error('the guest did not start');
      const { handler, events } = vm;
      await handler.request('Shutdown', {});
      await waitForValue(
        'a Stopped event',
        () => events.find((e) => e.type === 'Stopped'),
        120_000,
      );
      expect(events.find((e) => e.type === 'Stopped')?.reason).toBe('Shutdown');
      expect(await exitCode).toBe(0);
      expect(leftovers()).toBe('');
    }, 180_000);
  },
);
