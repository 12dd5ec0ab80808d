import { describe, expect, it } from 'vitest';
import type { DomainStatus } from './domain-status.ts';
import { events, isEventName } from './events.ts';

const status: DomainStatus = {
  name: 'default_vm',
  state: 'Crashed',
  reason: 'Panicked',
  accel: 'tcg',
};
const domainEvent = {
  type: 'Crashed',
  reason: 'Panicked',
  status,
  timestamp: '2026-03-01T12:00:00.123Z',
};

describe('DomainEvent data', () => {
  it.each([
    ['a crash', domainEvent],
    ['a timestamp with an offset', { ...domainEvent, timestamp: '2026-03-01T13:00:00+01:00' }],
    ['the guest agent connecting', { ...domainEvent, type: 'AgentConnected', reason: '' }],
  ])('accepts %s', (_name, data) => {
    expect(events.DomainEvent(data, 'data')).toEqual(data);
  });

  it.each([
    ['no object', 7, 'data'],
    ['an unknown type', { ...domainEvent, type: 'Exploded' }, 'data.type'],
    ['no reason', { ...domainEvent, reason: undefined }, 'data.reason'],
    ['no status', { ...domainEvent, status: undefined }, 'data.status'],
    ['a bad status', { ...domainEvent, status: { ...status, state: 'x' } }, 'data.status.state'],
    ['no timestamp', { ...domainEvent, timestamp: undefined }, 'data.timestamp'],
    ['a date without time', { ...domainEvent, timestamp: '2026-03-01' }, 'data.timestamp'],
    ['an impossible time', { ...domainEvent, timestamp: '2026-13-45T25:00:00Z' }, 'data.timestamp'],
  ])('refuses %s, naming the field', (_name, data, field) => {
    expect(() => events.DomainEvent(data, 'data')).toThrow(
      expect.objectContaining({ name: 'InvalidFieldError', field }),
    );
  });
});

describe('LauncherExiting data', () => {
  it('accepts a reason', () => {
    expect(events.LauncherExiting({ reason: 'domain gone' }, 'data')).toEqual({
      reason: 'domain gone',
    });
  });

  it.each([
    [null, 'data'],
    [{}, 'data.reason'],
    [{ reason: 0 }, 'data.reason'],
  ])('refuses %j, naming %s', (data, field) => {
    expect(() => events.LauncherExiting(data, 'data')).toThrow(
      expect.objectContaining({ name: 'InvalidFieldError', field }),
    );
  });
});

describe('isEventName', () => {
  it.each([
    ['DomainEvent', true],
    ['LauncherExiting', true],
    ['K8sEvent', false],
    ['constructor', false],
  ])('%s → %s', (name, expected) => {
    expect(isEventName(name)).toBe(expected);
  });
});

describe('MigrationStatus data', () => {
  const running = {
    migrationUid: 'm-1',
    phase: 'Running',
    elapsedMs: 1200,
    dataProcessedBytes: 1024,
    dataRemainingBytes: 2048,
    dataTotalBytes: 3072,
  };

  it.each([
    ['progress', running],
    ['a completion', { migrationUid: 'm-1', phase: 'Completed', downtimeMs: 96 }],
    ['a failure', { migrationUid: 'm-1', phase: 'Failed', failureReason: 'timed out' }],
  ])('accepts %s', (_name, data) => {
    expect(events.MigrationStatus(data, 'data')).toEqual(data);
  });

  it.each([
    ['no uid', { ...running, migrationUid: '' }, 'data.migrationUid'],
    ['an unknown phase', { ...running, phase: 'Paused' }, 'data.phase'],
    ['a negative byte count', { ...running, dataRemainingBytes: -1 }, 'data.dataRemainingBytes'],
    ['a fractional time', { ...running, elapsedMs: 1.5 }, 'data.elapsedMs'],
    ['a non-string reason', { ...running, failureReason: 3 }, 'data.failureReason'],
  ])('refuses %s, naming the field', (_name, data, field) => {
    expect(() => events.MigrationStatus(data, 'data')).toThrow(
      expect.objectContaining({ name: 'InvalidFieldError', field }),
    );
  });
});
