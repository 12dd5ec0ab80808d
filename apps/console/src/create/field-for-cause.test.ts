import { describe, expect, it } from 'vitest';
import { fieldForCause, splitServerError } from './field-for-cause.ts';

describe('fieldForCause', () => {
  it.each([
    ['metadata.name', 'name'],
    ['metadata.namespace', 'namespace'],
    ['metadata.labels', 'labels'],
    ['spec.runStrategy', 'runStrategy'],
    ['spec.running', 'runStrategy'],
    ['spec.template.spec.domain.cpu.cores', 'cores'],
    ['spec.template.spec.domain.resources.requests.memory', 'memory'],
    ['spec.template.spec.domain.memory.guest', 'memory'],
    ['spec.template.spec.volumes[0].containerDisk.image', 'image'],
    ['spec.template.spec.volumes[1].cloudInitNoCloud.userData', 'userData'],
  ])('maps %s to %s', (path, field) => {
    expect(fieldForCause(path)).toBe(field);
  });

  it.each([undefined, 'spec.template.spec.domain.devices.disks[0].name', 'metadata.names', 'spec'])(
    'leaves %s unmapped',
    (path) => {
      expect(fieldForCause(path)).toBeUndefined();
    },
  );
});

describe('splitServerError', () => {
  it('puts a 409 at the name', () => {
    const message = 'virtualmachines.kubevirt.io "vm" already exists';
    expect(splitServerError({ code: 409, reason: 'AlreadyExists', message, causes: [] })).toEqual({
      fields: { name: message },
      unmapped: false,
    });
  });

  it('puts causes at their fields and reports the rest as unmapped', () => {
    const split = splitServerError({
      code: 422,
      reason: 'Invalid',
      message: 'VirtualMachine "vm" is invalid',
      causes: [
        { field: 'spec.template.spec.domain.resources.requests.memory', message: 'too small' },
        { field: 'spec.template.spec.domain.resources.requests.memory', message: 'odd' },
        { field: 'spec.template.spec.networks', message: 'bad network' },
      ],
    });
    expect(split).toEqual({ fields: { memory: 'too small; odd' }, unmapped: true });
  });

  it.each([
    [422, [{ field: 'metadata.name', message: 'bad' }], false],
    [422, [], true],
    [403, [], true],
  ])('with code %d and causes %o, unmapped is %s', (code, causes, unmapped) => {
    expect(splitServerError({ code, reason: '', message: 'm', causes }).unmapped).toBe(unmapped);
  });
});
