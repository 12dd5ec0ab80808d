// Issue 12's launcher side through real virt-launcher processes: the tiny guest boots in launcher
// A and is live-migrated to launcher B through B's migration listener (TCP on 127.0.0.1, the
// pods' IP here); a wrong token is refused, and a cancelled migration leaves the guest on A.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clusterConfigFrom,
  defaultVirtualMachineInstance,
  type VirtualMachineInstance,
} from '@podvisor/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNoFollow,
  type DomainEvent,
  type MigrationStatus,
  ProtocolConnection,
} from '../../protocol/v1/index.ts';
import { buildGuestImage } from '../guest-images/index.ts';
import { openSocket, waitForText, waitForValue } from '../libvirt/test-consoles.ts';
import { dialMigrationTarget } from './migration-dialer.ts';
import { parseMigrationTargetUri } from './migration-target-uri.ts';

const launcherMain = join(import.meta.dirname, '..', '..', 'cmd', 'virt-launcher.ts');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-migration-it-'));
chmodSync(scratch, 0o755); // QEMU runs as libvirt-qemu: it must reach the images and VM dirs
const dataDir = join(scratch, 'data');
const capabilitiesCacheDir = join(scratch, 'capabilities');
const launchers: ChildProcess[] = [];

interface Running {
  readonly stateDir: string;
  readonly handler: ProtocolConnection;
  readonly events: DomainEvent[];
  readonly migrations: MigrationStatus[];
  readonly exitCode: Promise<number | null>;
}

const vmi: VirtualMachineInstance = defaultVirtualMachineInstance(
  {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'mig', namespace: 'default', uid: randomUUID() },
    spec: {
      domain: { devices: {}, resources: { requests: { memory: '128Mi' } } },
      volumes: [{ name: 'root', containerDisk: { image: 'podvisor.local/tiny' } }],
      terminationGracePeriodSeconds: 20,
    },
  },
  clusterConfigFrom(undefined),
);

async function waitForSocket(socketDir: string, child: ChildProcess) {
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

/** Starts a virt-launcher process (a pod) named `pod` and connects to it as virt-handler does. */
async function launch(pod: string): Promise<Running> {
  const stateDir = join(scratch, pod);
  const socketDir = join(stateDir, 'sockets');
  const child = spawn(
    process.execPath,
    [
      launcherMain,
      ...['--state-dir', stateDir, '--socket-dir', socketDir, '--data-dir', dataDir],
      ...['--vmi-uid', vmi.metadata.uid ?? '', '--pod-ip', '127.0.0.1'],
      ...['--capabilities-cache-dir', capabilitiesCacheDir, '--log-level', 'warn'],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  launchers.push(child);
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const events: DomainEvent[] = [];
  const migrations: MigrationStatus[] = [];
  const handler = await ProtocolConnection.dial(await waitForSocket(socketDir, child), {
    role: 'handler',
    events: {
      DomainEvent: (event) => events.push(event),
      MigrationStatus: (status) => migrations.push(status),
    },
  });
  return { stateDir, handler, events, migrations, exitCode };
}

/** Types `echo migrated-$((6*7))` on the guest's serial console in `pod` and waits for the answer. */
async function serialAnswers(pod: Running): Promise<string> {
  const serial = await openSocket(join(pod.stateDir, 'vm', 'serial.sock'));
  try {
    serial.socket.write('echo migrated-$((6*7))\n');
    return await waitForText({
      what: 'migrated-42',
      read: () => serial.received().toString(),
      pattern: /^migrated-42\r?$/m,
      ms: 20_000,
    });
  } finally {
    serial.socket.destroy();
  }
}

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
  await waitForValue('no process left', () => (leftovers() === '' ? true : undefined), 10_000);
  rmSync(scratch, { recursive: true, force: true });
});

describe('live migration between two launchers', () => {
  it('refuses a wrong token, survives a cancel on the source, then moves the running guest', async () => {
    const source = await launch('a');
    await source.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    await waitForText({
      what: 'the shell',
      read: () => readFileSync(join(source.stateDir, 'vm', 'serial.log'), 'utf8'),
      pattern: /podvisor-guest-ready/,
    });

    // A target whose migration is cancelled: a throttled migration, aborted on the source.
    const first = await launch('b');
    const { address: firstAddress } = await first.handler.request(
      'PrepareMigrationTarget',
      { vmi, migrationUid: 'm-cancel' },
      { timeoutMs: 60_000 },
    );
    const wrong = dialMigrationTarget({
      target: parseMigrationTargetUri(`tcp://${firstAddress}`),
      token: 'not-this-migration',
      channel: 'control',
    });
    await expect(wrong).rejects.toThrow('refused: unknown migration');
    const cancelled = source.handler.request(
      'Migrate',
      { targetUri: `tcp://${firstAddress}`, migrationUid: 'm-cancel', bandwidthMiBps: 1 },
      { timeoutMs: 120_000 },
    );
    await waitForValue('the migration running', () =>
      source.migrations.find((m) => m.migrationUid === 'm-cancel' && m.phase === 'Running'),
    );
    await source.handler.request('CancelMigration', { migrationUid: 'm-cancel' });
    await expect(cancelled).rejects.toThrow('cancelled');
    expect(await source.handler.request('GetDomain', {})).toMatchObject({ state: 'Running' });
    expect(await serialAnswers(source)).toMatch(/migrated-42/);

    // The real one.
    const target = await launch('c');
    const { address } = await target.handler.request(
      'PrepareMigrationTarget',
      { vmi, migrationUid: 'm-live' },
      { timeoutMs: 60_000 },
    );
    await source.handler.request(
      'Migrate',
      {
        targetUri: `tcp://${address}`,
        migrationUid: 'm-live',
        completionTimeoutPerGiBSeconds: 800,
      },
      { timeoutMs: 120_000 },
    );
    const outcome = await waitForValue('the outcome', () =>
      source.migrations.find((m) => m.migrationUid === 'm-live' && m.phase === 'Completed'),
    );
    process.stderr.write(
      `live migration: total ${String(outcome.elapsedMs)} ms, downtime ${String(outcome.downtimeMs)} ms\n`,
    );
    expect(await source.exitCode).toBe(0);
    expect(source.events.map((e) => `${e.type}/${e.reason}`)).toContain('Stopped/Migrated');
    expect(await target.handler.request('Sync', { vmi }, { timeoutMs: 30_000 })).toMatchObject({
      name: 'default_mig',
      state: 'Running',
    });
    expect(target.migrations).toContainEqual({ migrationUid: 'm-live', phase: 'Completed' });
    expect(await serialAnswers(target)).toMatch(/migrated-42/);
  }, 240_000);
});
