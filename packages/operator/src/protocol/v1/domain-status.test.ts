import { describe, expect, it } from 'vitest';
import { type DomainStatus, readDomainStatus, readDomainStatusOrNull } from './domain-status.ts';

const minimal: DomainStatus = {
  name: 'default_vm',
  state: 'Running',
  reason: 'Booted',
  accel: 'tcg',
};
const full: DomainStatus = {
  ...minimal,
  uuid: '5a4b2f4e-0000-4000-8000-000000000001',
  interfaces: [
    { name: 'default', ipAddress: '10.0.2.2', ipAddresses: ['10.0.2.2'], queueCount: 1 },
  ],
  guestOsInfo: { id: 'debian', prettyName: 'Debian GNU/Linux 12', kernelRelease: '6.1.0' },
};

describe('readDomainStatus', () => {
  it.each([
    ['a minimal status', minimal],
    ['a full status', full],
    ['a status with fields from a newer peer', { ...minimal, newField: 1 }],
  ])('accepts %s and returns it', (_name, status) => {
    expect(readDomainStatus(status, 'result')).toEqual(status);
  });

  it.each([
    ['not an object', 'Running', 'result'],
    ['no name', { ...minimal, name: undefined }, 'result.name'],
    ['an empty name', { ...minimal, name: '' }, 'result.name'],
    ['a numeric uuid', { ...minimal, uuid: 7 }, 'result.uuid'],
    ['an unknown state', { ...minimal, state: 'Zombie' }, 'result.state'],
    ['no reason', { ...minimal, reason: undefined }, 'result.reason'],
    ['an unknown accelerator', { ...minimal, accel: 'hvf' }, 'result.accel'],
    ['interfaces that are not an array', { ...minimal, interfaces: {} }, 'result.interfaces'],
    [
      'an interface that is not an object',
      { ...minimal, interfaces: [{}, 3] },
      'result.interfaces[1]',
    ],
    [
      'a bad interface name',
      { ...minimal, interfaces: [{ name: 1 }] },
      'result.interfaces[0].name',
    ],
    [
      'a bad interface address list',
      { ...minimal, interfaces: [{ ipAddresses: ['10.0.0.1', null] }] },
      'result.interfaces[0].ipAddresses[1]',
    ],
    [
      'a fractional queue count',
      { ...minimal, interfaces: [{ queueCount: 1.5 }] },
      'result.interfaces[0].queueCount',
    ],
    ['guest OS info that is a string', { ...minimal, guestOsInfo: 'linux' }, 'result.guestOsInfo'],
    ['a bad guest OS id', { ...minimal, guestOsInfo: { id: false } }, 'result.guestOsInfo.id'],
  ])('refuses a status with %s, naming the field', (_name, status, field) => {
    expect(() => readDomainStatus(status, 'result')).toThrow(
      expect.objectContaining({ name: 'InvalidFieldError', field }),
    );
  });

  it('says what was wrong with the value', () => {
    expect(() => readDomainStatus({ ...minimal, state: 'Zombie' }, 'result')).toThrow(
      /^result\.state: must be one of Pending, .*Running.*, got "Zombie"$/,
    );
  });
});

describe('readDomainStatusOrNull', () => {
  it('accepts null as "no domain"', () => {
    expect(readDomainStatusOrNull(null, 'result')).toBeNull();
  });

  it('still checks a status', () => {
    expect(() => readDomainStatusOrNull({}, 'result')).toThrow(/result\.name: must be a string/);
  });
});
