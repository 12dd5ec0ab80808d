import { describe, expect, it } from 'vitest';
import type { DomainStatus } from './domain-status.ts';
import { isMethodName, type MethodName, methods } from './methods.ts';

const vmi = {
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstance',
  metadata: { name: 'vm', namespace: 'default', uid: 'u-1' },
  spec: { domain: { devices: {} } },
};
const status: DomainStatus = { name: 'default_vm', state: 'Paused', reason: 'User', accel: 'kvm' };
const lifecycleMethods = ['Pause', 'Unpause', 'Kill', 'Reset', 'SoftReboot', 'GetDomain'] as const;

function fieldError(field: string): unknown {
  return expect.objectContaining({ name: 'InvalidFieldError', field });
}

describe('method params', () => {
  it.each<[MethodName, unknown]>([
    ['Sync', { vmi }],
    ['Sync', { vmi, options: { useEmulation: true } }],
    ['Sync', { vmi, options: {} }],
    ['Shutdown', {}],
    ['Shutdown', { gracePeriodSeconds: 0 }],
    ['Shutdown', { gracePeriodSeconds: 30 }],
    ['Migrate', { targetUri: 'unix:///run/migration.sock' }],
    [
      'Migrate',
      {
        targetUri: 'tcp://10.0.0.2:49152',
        migrationUid: 'm-1',
        bandwidthMiBps: 64,
        allowAutoConverge: true,
        allowPostCopy: false,
        completionTimeoutPerGiBSeconds: 150,
        maxDowntimeMs: 300,
      },
    ],
    ['PrepareMigrationTarget', { vmi, migrationUid: 'm-1' }],
    ['PrepareMigrationTarget', { vmi, migrationUid: 'm-1', options: { useEmulation: true } }],
    ['CancelMigration', { migrationUid: 'm-1' }],
    ...(['Screenshot', 'GuestInfo', 'Ping', ...lifecycleMethods] as const).map(
      (method): [MethodName, unknown] => [method, {}],
    ),
  ])('%s accepts params %j', (method, params) => {
    expect(methods[method].readParams(params, 'params')).toEqual(params);
  });

  it.each<[MethodName, unknown, string]>([
    ['Sync', null, 'params'],
    ['Sync', {}, 'params.vmi'],
    ['Sync', { vmi: [] }, 'params.vmi'],
    ['Sync', { vmi: { ...vmi, apiVersion: 1 } }, 'params.vmi.apiVersion'],
    ['Sync', { vmi: { ...vmi, metadata: undefined } }, 'params.vmi.metadata'],
    ['Sync', { vmi: { ...vmi, metadata: { name: '' } } }, 'params.vmi.metadata.name'],
    [
      'Sync',
      { vmi: { ...vmi, metadata: { name: 'vm', namespace: 3 } } },
      'params.vmi.metadata.namespace',
    ],
    ['Sync', { vmi: { ...vmi, metadata: { name: 'vm', uid: {} } } }, 'params.vmi.metadata.uid'],
    ['Sync', { vmi: { ...vmi, spec: 'x' } }, 'params.vmi.spec'],
    ['Sync', { vmi: { ...vmi, spec: {} } }, 'params.vmi.spec.domain'],
    ['Sync', { vmi: { ...vmi, spec: { domain: {} } } }, 'params.vmi.spec.domain.devices'],
    ['Sync', { vmi, options: true }, 'params.options'],
    ['Sync', { vmi, options: { useEmulation: 'yes' } }, 'params.options.useEmulation'],
    ['Shutdown', { gracePeriodSeconds: -1 }, 'params.gracePeriodSeconds'],
    ['Shutdown', { gracePeriodSeconds: 2.5 }, 'params.gracePeriodSeconds'],
    ['Shutdown', { gracePeriodSeconds: '30' }, 'params.gracePeriodSeconds'],
    ['Migrate', {}, 'params.targetUri'],
    ['Migrate', { targetUri: '' }, 'params.targetUri'],
    ['Migrate', { targetUri: 'x', migrationUid: 1 }, 'params.migrationUid'],
    ['Migrate', { targetUri: 'x', bandwidthMiBps: -5 }, 'params.bandwidthMiBps'],
    ['Migrate', { targetUri: 'x', allowAutoConverge: 1 }, 'params.allowAutoConverge'],
    ['Migrate', { targetUri: 'x', allowPostCopy: 'no' }, 'params.allowPostCopy'],
    [
      'Migrate',
      { targetUri: 'x', completionTimeoutPerGiBSeconds: 0.5 },
      'params.completionTimeoutPerGiBSeconds',
    ],
    ['Migrate', { targetUri: 'x', maxDowntimeMs: 0 }, 'params.maxDowntimeMs'],
    ['PrepareMigrationTarget', { migrationUid: 'm-1' }, 'params.vmi'],
    ['PrepareMigrationTarget', { vmi }, 'params.migrationUid'],
    ['PrepareMigrationTarget', { vmi, migrationUid: '' }, 'params.migrationUid'],
    [
      'PrepareMigrationTarget',
      { vmi, migrationUid: 'm-1', options: { useEmulation: 1 } },
      'params.options.useEmulation',
    ],
    ['CancelMigration', {}, 'params.migrationUid'],
    ['CancelMigration', { migrationUid: 7 }, 'params.migrationUid'],
    ['Ping', [], 'params'],
    ['Pause', 'now', 'params'],
  ])('%s refuses params %j, naming %s', (method, params, field) => {
    expect(() => methods[method].readParams(params, 'params')).toThrow(fieldError(field));
  });
});

describe('method results', () => {
  it.each<[MethodName, unknown]>([
    ['Sync', status],
    ...lifecycleMethods.map((method): [MethodName, unknown] => [method, status]),
    ...lifecycleMethods.map((method): [MethodName, unknown] => [method, null]),
    ['Shutdown', null],
    ['Screenshot', { png: 'iVBORw0KGgo=' }],
    ['GuestInfo', null],
    ['GuestInfo', {}],
    [
      'GuestInfo',
      {
        guestAgentVersion: '7.2',
        hostname: 'tiny',
        timezone: 'UTC, 0',
        os: { id: 'debian' },
        interfaces: [{ interfaceName: 'eth0', mac: '52:54:00:00:00:01' }],
      },
    ],
    ['Ping', {}],
    ['Migrate', {}],
    ['PrepareMigrationTarget', { address: '10.244.1.7:40123' }],
    ['PrepareMigrationTarget', { address: '[fd00::7]:40123' }],
    ['CancelMigration', {}],
  ])('%s accepts result %j', (method, result) => {
    expect(methods[method].readResult(result, 'result')).toEqual(result);
  });

  it.each<[MethodName, unknown, string]>([
    ['Sync', null, 'result'],
    ['Sync', { ...status, accel: 'none' }, 'result.accel'],
    ['GetDomain', { ...status, state: 'Gone' }, 'result.state'],
    ['Screenshot', {}, 'result.png'],
    ['Screenshot', { png: '' }, 'result.png'],
    ['Screenshot', { png: 'not base64!' }, 'result.png'],
    ['Screenshot', { png: 'abc' }, 'result.png'],
    ['GuestInfo', 'agent', 'result'],
    ['GuestInfo', { hostname: 1 }, 'result.hostname'],
    ['GuestInfo', { guestAgentVersion: 7 }, 'result.guestAgentVersion'],
    ['GuestInfo', { timezone: [] }, 'result.timezone'],
    ['GuestInfo', { os: { kernelVersion: 6 } }, 'result.os.kernelVersion'],
    ['GuestInfo', { interfaces: [{ mac: 1 }] }, 'result.interfaces[0].mac'],
    ['Ping', null, 'result'],
    ['Migrate', 'ok', 'result'],
    ['PrepareMigrationTarget', {}, 'result.address'],
    ['PrepareMigrationTarget', { address: '10.244.1.7' }, 'result.address'],
    ['PrepareMigrationTarget', { address: '10.244.1.7:0' }, 'result.address'],
    ['PrepareMigrationTarget', { address: '10.244.1.7:70000' }, 'result.address'],
    ['PrepareMigrationTarget', { address: 'tcp://10.244.1.7:4000' }, 'result.address'],
  ])('%s refuses result %j, naming %s', (method, result, field) => {
    expect(() => methods[method].readResult(result, 'result')).toThrow(fieldError(field));
  });
});

describe('isMethodName', () => {
  it.each([
    ['Sync', true],
    ['Migrate', true],
    ['PrepareMigrationTarget', true],
    ['CancelMigration', true],
    ['sync', false],
    ['toString', false],
    ['__proto__', false],
  ])('%s → %s', (name, expected) => {
    expect(isMethodName(name)).toBe(expected);
  });
});
