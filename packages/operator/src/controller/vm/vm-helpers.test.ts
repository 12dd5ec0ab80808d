import { describe, expect, it } from 'vitest';
import { imagePullStateOf } from './image-pull-state-of.ts';
import { NewestVms } from './newest-vms.ts';
import { statusPatch } from './status-patch.ts';
import { testVm, testVmi } from './vm-test-objects.ts';
import { VmiExpectations } from './vmi-expectations.ts';

describe('statusPatch', () => {
  it.each([
    ['nothing for an equal status', { a: 1, b: [1] }, { b: [1], a: 1 }, undefined],
    ['a changed field', { a: 1 }, { a: 2 }, { a: 2 }],
    ['null for a removed field', { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ['an added field', undefined, { a: 1 }, { a: 1 }],
  ])('gives %s', (_, before, after, patch) => {
    expect(statusPatch(before, after)).toEqual(patch);
  });
});

describe('VmiExpectations', () => {
  it('holds a key after a create until the cache shows the VMI', () => {
    const expectations = new VmiExpectations(60_000);
    expectations.expectCreate('ns/vm1', 0);
    expect(expectations.startExpected('ns/vm1')).toBe(true);
    expect(expectations.pendingMs('ns/vm1', undefined, 1000)).toBe(59_000);
    expect(expectations.pendingMs('ns/vm1', testVmi(), 2000)).toBe(0);
    expect(expectations.startExpected('ns/vm1')).toBe(false);
  });

  it.each([
    ['gone', undefined, 0],
    ['deleting', testVmi({ deleting: true }), 0],
    ['replaced by a new VMI', testVmi({ uid: 'other' }), 0],
    ['still there', testVmi(), 59_000],
  ])('after a delete, releases the key when the VMI is %s', (_, cached, pending) => {
    const expectations = new VmiExpectations(60_000);
    expectations.expectDelete('ns/vm1', 'vmi-uid', 0);
    expect(expectations.pendingMs('ns/vm1', cached, 1000)).toBe(pending);
  });

  it('gives up waiting after the timeout', () => {
    const expectations = new VmiExpectations(60_000);
    expectations.expectCreate('ns/vm1', 0);
    expect(expectations.pendingMs('ns/vm1', undefined, 60_000)).toBe(0);
  });
});

describe('NewestVms', () => {
  const at = (rv: string, uid = 'vm-uid') => {
    const vm = testVm();
    vm.metadata.resourceVersion = rv;
    vm.metadata.uid = uid;
    return vm;
  };

  it('prefers its own newer write over a stale cache', () => {
    const newest = new NewestVms();
    newest.remember('ns/vm1', at('12'));
    expect(newest.pick('ns/vm1', at('10')).metadata.resourceVersion).toBe('12');
  });

  it.each([
    ['the cache caught up', at('12'), '12'],
    ['the cache is newer', at('15'), '15'],
    ['the VM was replaced', at('9', 'other-uid'), '9'],
  ])('takes the cache when %s', (_, cached, rv) => {
    const newest = new NewestVms();
    newest.remember('ns/vm1', at('12'));
    expect(newest.pick('ns/vm1', cached).metadata.resourceVersion).toBe(rv);
  });
});

describe('imagePullStateOf', () => {
  const pod = (reason: string, deleting = false) => ({
    metadata: deleting ? { deletionTimestamp: new Date() } : {},
    status: { containerStatuses: [{ name: 'compute', state: { waiting: { reason } } }] },
  });

  it.each([
    [[], undefined],
    [[pod('ContainerCreating')], undefined],
    [[pod('ImagePullBackOff')], 'ImagePullBackOff'],
    [[pod('ErrImagePull')], 'ErrImagePull'],
    [[pod('ImagePullBackOff'), pod('ErrImagePull')], 'ErrImagePull'],
    [[pod('ErrImagePull', true)], undefined],
  ])('reads %j as %s', (pods, state) => {
    expect(imagePullStateOf(pods as never)).toBe(state);
  });
});
