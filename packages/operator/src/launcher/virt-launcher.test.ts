import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualMachineInstance } from '@podvisor/api';
import { createLogger } from '@podvisor/kube';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ProtocolConnection,
  type DomainEvent,
  type DomainStatus,
  type MigrateParams,
  type MigrationStatus,
} from '../protocol/v1/index.ts';
import type { DomainRuntime, IncomingMigration } from './domain-runtime.ts';
import { startVirtLauncher, type VirtLauncher } from './virt-launcher.ts';

/** A domain that lives in memory: the runtime boundary, so the launcher's own logic is tested here. */
class MemoryRuntime implements DomainRuntime {
  state: DomainStatus | null = null;
  readonly calls: string[] = [];
  closed = false;
  #listener: (event: DomainEvent) => void = () => undefined;

  emit(type: DomainEvent['type'], state: DomainStatus['state'], reason: string): void {
    this.state = { name: 'ns_vm', state, reason, accel: 'tcg' };
    this.#listener({ type, reason, status: this.state, timestamp: new Date().toISOString() });
  }
  start(): Promise<DomainStatus> {
    this.calls.push('start');
    this.state = { name: 'ns_vm', state: 'Running', reason: 'Booted', accel: 'tcg' };
    return Promise.resolve(this.state);
  }
  status(): Promise<DomainStatus | null> {
    return Promise.resolve(this.state);
  }
  #call(name: string): Promise<void> {
    this.calls.push(name);
    return Promise.resolve();
  }
  pause = (): Promise<void> => this.#call('pause');
  unpause = (): Promise<void> => this.#call('unpause');
  shutdown = (): Promise<void> => this.#call('shutdown');
  destroy = (): Promise<void> => {
    this.emit('Stopped', 'Shutoff', 'Destroyed');
    return this.#call('destroy');
  };
  reset = (): Promise<void> => this.#call('reset');
  softReboot = (): Promise<void> => this.#call('softReboot');
  screenshot = (): Promise<Buffer> => Promise.resolve(Buffer.from('PNG'));
  guestInfo = (): Promise<null> => Promise.resolve(null);
  /** Settles the incoming domain of `prepareIncoming`. */
  arrive: (status: DomainStatus) => void = () => undefined;
  prepareIncoming(): Promise<IncomingMigration> {
    this.calls.push('prepareIncoming');
    const running = new Promise<DomainStatus>((resolve) => {
      this.arrive = (status) => {
        this.state = status;
        resolve(status);
      };
    });
    return Promise.resolve({ address: '127.0.0.1:4321', running });
  }
  migrate(params: MigrateParams, onStatus: (status: MigrationStatus) => void): Promise<void> {
    this.calls.push(`migrate ${params.targetUri}`);
    const migrationUid = params.migrationUid ?? '';
    onStatus({ migrationUid, phase: 'Running', dataRemainingBytes: 10 });
    onStatus({ migrationUid, phase: 'Completed', downtimeMs: 5 });
    return Promise.resolve();
  }
  cancelMigration = (uid: string): Promise<void> => this.#call(`cancel ${uid}`);
  onEvent(listener: (event: DomainEvent) => void): void {
    this.#listener = listener;
  }
  /** Reports a failure the domain cannot recover from (as a dead passt). */
  fail: (reason: string) => void = () => undefined;
  onFailure(listener: (reason: string) => void): void {
    this.fail = listener;
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const vmi = (uid: string, grace = 30): VirtualMachineInstance => ({
  metadata: { name: 'vm', namespace: 'ns', uid },
  spec: { domain: { devices: {} }, terminationGracePeriodSeconds: grace },
});

let dir = '';
let launcher: VirtLauncher | undefined;

async function setUp(runtime: MemoryRuntime): Promise<{
  handler: ProtocolConnection;
  events: DomainEvent[];
  exiting: string[];
  migrations: MigrationStatus[];
}> {
  dir = mkdtempSync(join(tmpdir(), 'launcher-test-'));
  launcher = await startVirtLauncher({
    socketDir: join(dir, 'sockets'),
    runtime,
    logger: createLogger({ component: 'test', level: 'silent' }),
    vmiUid: 'uid-1',
  });
  const socket = connect(launcher.socketPath);
  await new Promise((resolve) => socket.once('connect', resolve));
  const events: DomainEvent[] = [];
  const exiting: string[] = [];
  const migrations: MigrationStatus[] = [];
  const handler = await ProtocolConnection.dial(socket, {
    role: 'handler',
    events: {
      DomainEvent: (event) => events.push(event),
      LauncherExiting: (data) => exiting.push(data.reason),
      MigrationStatus: (data) => migrations.push(data),
    },
  });
  return { handler, events, exiting, migrations };
}

afterEach(() => {
  launcher = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('startVirtLauncher', () => {
  it('starts the domain once, however often Sync comes', async () => {
    const runtime = new MemoryRuntime();
    const { handler } = await setUp(runtime);
    expect((await handler.request('Sync', { vmi: vmi('uid-1') })).state).toBe('Running');
    expect((await handler.request('Sync', { vmi: vmi('uid-1') })).state).toBe('Running');
    expect(runtime.calls).toEqual(['start']);
    await handler.close();
  });

  it('refuses a Sync for another VMI, naming metadata.uid', async () => {
    const { handler } = await setUp(new MemoryRuntime());
    await expect(handler.request('Sync', { vmi: vmi('uid-2') })).rejects.toThrow('metadata.uid');
    await handler.close();
  });

  it('passes lifecycle calls to the runtime and answers with the status', async () => {
    const runtime = new MemoryRuntime();
    const { handler } = await setUp(runtime);
    expect(await handler.request('GetDomain', {})).toBeNull();
    await handler.request('Sync', { vmi: vmi('uid-1') });
    for (const method of ['Pause', 'Unpause', 'Reset', 'SoftReboot'] as const) {
      expect((await handler.request(method, {}))?.state).toBe('Running');
    }
    expect(runtime.calls).toEqual(['start', 'pause', 'unpause', 'reset', 'softReboot']);
    expect(await handler.request('Screenshot', {})).toEqual({
      png: Buffer.from('PNG').toString('base64'),
    });
    await handler.close();
  });

  it('forwards domain events, and exits Succeeded when the guest shuts down', async () => {
    const runtime = new MemoryRuntime();
    const { handler, events, exiting } = await setUp(runtime);
    await handler.request('Sync', { vmi: vmi('uid-1') });
    const closed = new Promise((resolve) => {
      handler.onClose(resolve);
    });
    runtime.emit('Stopped', 'Shutoff', 'Shutdown');
    expect(await launcher?.exited).toEqual({ succeeded: true, reason: 'Shutdown' });
    await closed; // the launcher closes its connections last: everything sent has arrived
    expect(events.map((e) => `${e.type}/${e.reason}`)).toEqual(['Stopped/Shutdown']);
    expect(exiting).toEqual(['Shutdown']);
    expect(runtime.closed).toBe(true);
  });

  it.each([
    ['Stopped', 'Shutoff', 'Destroyed', 'Destroyed'],
    ['Crashed', 'Crashed', 'Panicked', 'crashed (Panicked)'],
  ] as const)('exits Failed on %s (%s, %s)', async (type, state, reason, exitReason) => {
    const runtime = new MemoryRuntime();
    const { handler } = await setUp(runtime);
    await handler.request('Sync', { vmi: vmi('uid-1') });
    runtime.emit(type, state, reason);
    expect(await launcher?.exited).toEqual({ succeeded: false, reason: exitReason });
  });

  it('exits Failed with the runtime’s reason when the runtime fails (the guest’s passt died), closing it', async () => {
    const runtime = new MemoryRuntime();
    const { handler, exiting } = await setUp(runtime);
    await handler.request('Sync', { vmi: vmi('uid-1') });
    const closed = new Promise((resolve) => {
      handler.onClose(resolve);
    });
    runtime.fail('the guest’s network is gone: passt exited on signal SIGKILL');
    const reason = 'the guest’s network is gone: passt exited on signal SIGKILL';
    expect(await launcher?.exited).toEqual({ succeeded: false, reason });
    await closed;
    expect(exiting).toEqual([reason]);
    expect(runtime.closed).toBe(true);
  });

  it('destroys the domain when the guest ignores the ACPI shutdown for the grace period', async () => {
    const runtime = new MemoryRuntime();
    const { handler } = await setUp(runtime);
    await handler.request('Sync', { vmi: vmi('uid-1', 0) });
    await handler.request('Shutdown', {});
    expect(await launcher?.exited).toEqual({ succeeded: false, reason: 'Destroyed' });
    expect(runtime.calls).toEqual(['start', 'shutdown', 'destroy']);
  });

  it('destroys the domain at once when libvirt refuses the ACPI request (a paused guest)', async () => {
    const runtime = new MemoryRuntime();
    runtime.shutdown = () => Promise.reject(new Error('domain is not running'));
    const { handler } = await setUp(runtime);
    await handler.request('Sync', { vmi: vmi('uid-1', 3600) });
    await handler.request('Shutdown', {});
    expect(await launcher?.exited).toEqual({ succeeded: false, reason: 'Destroyed' });
    expect(runtime.calls).toEqual(['start', 'destroy']);
  });

  it('removes its command socket before it reports the exit', async () => {
    const runtime = new MemoryRuntime();
    await setUp(runtime);
    expect(existsSync(launcher?.socketPath ?? '')).toBe(true);
    await launcher?.stop();
    expect(existsSync(launcher?.socketPath ?? '')).toBe(false);
  });

  it('stops at once when no domain was started', async () => {
    const runtime = new MemoryRuntime();
    await setUp(runtime);
    expect(await launcher?.stop()).toEqual({
      succeeded: true,
      reason: 'stopped before the domain ran',
    });
    expect(runtime.closed).toBe(true);
  });

  it('migrates on Migrate, forwards its progress, and exits Succeeded once the domain left', async () => {
    const runtime = new MemoryRuntime();
    const { handler, migrations, exiting } = await setUp(runtime);
    await handler.request('Sync', { vmi: vmi('uid-1') });
    await handler.request('Migrate', { targetUri: 'tcp://10.0.0.9:4000', migrationUid: 'm-1' });
    runtime.emit('Stopped', 'Shutoff', 'Migrated');
    expect(await launcher?.exited).toEqual({ succeeded: true, reason: 'Migrated' });
    expect(runtime.calls).toEqual(['start', 'migrate tcp://10.0.0.9:4000']);
    expect(migrations.map((m) => m.phase)).toEqual(['Running', 'Completed']);
    expect(exiting).toEqual(['Migrated']);
  });

  it('refuses Migrate before Sync', async () => {
    const { handler } = await setUp(new MemoryRuntime());
    await expect(
      handler.request('Migrate', { targetUri: 'tcp://10.0.0.9:4000', migrationUid: 'm-1' }),
    ).rejects.toThrow('Sync first');
    await handler.close();
  });

  it('passes CancelMigration to the runtime', async () => {
    const runtime = new MemoryRuntime();
    const { handler } = await setUp(runtime);
    expect(await handler.request('CancelMigration', { migrationUid: 'm-1' })).toEqual({});
    expect(runtime.calls).toEqual(['cancel m-1']);
    await handler.close();
  });

  it('as a migration target, answers the listener address and adopts the arriving domain', async () => {
    const runtime = new MemoryRuntime();
    const { handler, migrations } = await setUp(runtime);
    const params = { vmi: vmi('uid-1'), migrationUid: 'm-1' };
    expect(await handler.request('PrepareMigrationTarget', params)).toEqual({
      address: '127.0.0.1:4321',
    });
    const synced = handler.request('Sync', { vmi: vmi('uid-1') });
    runtime.arrive({ name: 'ns_vm', state: 'Running', reason: 'Migrated', accel: 'tcg' });
    expect((await synced).state).toBe('Running');
    expect(runtime.calls).toEqual(['prepareIncoming']);
    expect(migrations).toEqual([{ migrationUid: 'm-1', phase: 'Completed' }]);
    await handler.close();
  });

  it.each([
    ['after a Sync', true, 'must be fresh'],
    ['for another VMI', false, 'metadata.uid'],
  ])('refuses PrepareMigrationTarget %s', async (_name, sync, message) => {
    const { handler } = await setUp(new MemoryRuntime());
    if (sync) await handler.request('Sync', { vmi: vmi('uid-1') });
    const uid = sync ? 'uid-1' : 'uid-2';
    await expect(
      handler.request('PrepareMigrationTarget', { vmi: vmi(uid), migrationUid: 'm-1' }),
    ).rejects.toThrow(message);
    await handler.close();
  });
});
