import {
  clusterConfigFrom,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigrationState,
} from '@podvisor/api';
import { createLogger, type EventNews } from '@podvisor/kube';
import { describe, expect, it } from 'vitest';
import { RemoteError, type MethodName } from '../../protocol/v1/index.ts';
import { MigrationDriver, remoteReason, type MigrationSession } from './migration-driver.ts';

const logger = createLogger({ component: 'test', level: 'silent' });
const at = Date.parse('2026-01-01T00:00:00Z');

function vmiWith(state: VirtualMachineInstanceMigrationState): VirtualMachineInstance {
  return {
    metadata: { name: 'vm', namespace: 'default', uid: 'vmi-1', resourceVersion: '7' },
    spec: { domain: { devices: {}, resources: { requests: { memory: '1Gi' } } } },
    status: {
      phase: 'Running',
      nodeName: 'node1',
      migrationState: {
        migrationUid: 'm1',
        sourceNode: 'node1',
        targetNode: 'node2',
        ...state,
      },
    },
  };
}

/** A session whose launcher answers each method with `answers[method]`. */
function fakeSession(answers: Partial<Record<MethodName, () => Promise<unknown>>>) {
  const calls: { method: MethodName; params: unknown }[] = [];
  const session = {
    connected: true,
    domain: { name: 'default_vm', state: 'Running', reason: '', accel: 'tcg' },
    guestInfo: undefined,
    migration: undefined,
    synced: true,
    request(method: MethodName, params: unknown) {
      calls.push({ method, params });
      return answers[method]?.() ?? Promise.resolve({});
    },
  } as unknown as MigrationSession;
  return { session, calls };
}

function driverWith() {
  const patches: { key: string; body: unknown; resourceVersion?: string }[] = [];
  const recorded: EventNews[] = [];
  const queued: string[] = [];
  const driver = new MigrationDriver({
    nodeName: 'node1',
    client: {
      patch: (_type, key, body, options) => {
        patches.push({
          key,
          body,
          ...(options?.resourceVersion ? { resourceVersion: options.resourceVersion } : {}),
        });
        return Promise.resolve({} as never);
      },
    },
    clusterConfig: () => clusterConfigFrom(undefined),
    migrationConfig: () => ({ completionTimeoutPerGiB: 60 }),
    events: { record: (_object, news) => recorded.push(news) },
    clock: { now: () => at, setTimer: () => ({ cancel: () => undefined }) },
    enqueue: (key) => queued.push(key),
  });
  return { driver, patches, recorded, queued };
}

describe('MigrationDriver on the source', () => {
  it('writes the start, then calls Migrate toward the target with the configured timeout', async () => {
    const { driver, patches } = driverWith();
    const { session, calls } = fakeSession({ Migrate: () => new Promise(() => undefined) });
    const vmi = vmiWith({ targetNodeAddress: '10.0.0.2:4000' });
    const result = await driver.step({ key: 'default/vm', vmi, session, pod: undefined, logger });
    expect(result.acted).toBe(true);
    expect(patches).toEqual([
      {
        key: 'default/vm',
        body: {
          status: { migrationState: { startTimestamp: '2026-01-01T00:00:00Z', mode: 'PreCopy' } },
        },
        resourceVersion: '7',
      },
    ]);
    expect(calls).toEqual([
      {
        method: 'Migrate',
        params: {
          targetUri: 'tcp://10.0.0.2:4000',
          migrationUid: 'm1',
          completionTimeoutPerGiBSeconds: 60,
        },
      },
    ]);
  });

  it('reports the launcher’s own reason when Migrate fails, and re-queues the VMI', async () => {
    const { driver, patches, queued, recorded } = driverWith();
    const failure = new RemoteError('Migrate', 'Failed', 'target unreachable');
    const { session } = fakeSession({ Migrate: () => Promise.reject(failure) });
    const key = 'default/vm';
    await driver.step({
      key,
      vmi: vmiWith({ targetNodeAddress: 'h:1' }),
      session,
      pod: undefined,
      logger,
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(queued).toEqual([key]);

    const started = vmiWith({ targetNodeAddress: 'h:1', startTimestamp: '2026-01-01T00:00:00Z' });
    await driver.step({ key, vmi: started, session, pod: undefined, logger });
    expect(patches[1]?.body).toEqual({
      status: {
        migrationState: {
          failed: true,
          failureReason: 'target unreachable',
          endTimestamp: '2026-01-01T00:00:00Z',
        },
      },
    });
    expect(recorded.map((news) => news.reason)).toEqual(['Migrating', 'MigrationFailed']);
  });

  it('still writes Aborting when the launcher refuses a cancel that came too late', async () => {
    const { driver, patches } = driverWith();
    const refused = new RemoteError('CancelMigration', 'Failed', 'no migration is running');
    const { session, calls } = fakeSession({ CancelMigration: () => Promise.reject(refused) });
    const vmi = vmiWith({ targetNodeAddress: 'h:1', startTimestamp: 'x', abortRequested: true });
    await driver.step({ key: 'default/vm', vmi, session, pod: undefined, logger });
    expect(calls.map((c) => c.method)).toEqual(['CancelMigration']);
    expect(patches[0]?.body).toEqual({ status: { migrationState: { abortStatus: 'Aborting' } } });
  });
});

describe('remoteReason', () => {
  it.each([
    [new RemoteError('Migrate', 'Failed', 'boom: it broke'), 'boom: it broke'],
    [new RemoteError('Migrate', 'MigrationError', ''), ''],
  ])('keeps the launcher’s words of %s', (error, reason) => {
    expect(remoteReason(error)).toBe(reason);
  });
});
