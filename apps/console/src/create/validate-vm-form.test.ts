import { describe, expect, it } from 'vitest';
import { validateVmForm } from './validate-vm-form.ts';
import { initialVmForm, type VmFormState } from './vm-form-model.ts';

const valid: VmFormState = { ...initialVmForm('apps'), name: 'my-vm' };

describe('validateVmForm', () => {
  it('accepts the initial form with a name', () => {
    expect(validateVmForm(valid)).toEqual({});
  });

  it.each<[Partial<VmFormState>, keyof VmFormState, string]>([
    [{ name: '' }, 'name', 'Name is required'],
    [{ name: 'My_VM' }, 'name', 'Name must consist of lowercase letters'],
    [{ name: '-vm' }, 'name', 'Name must consist of lowercase letters'],
    [{ name: 'a'.repeat(64) }, 'name', 'Name must be at most 63 characters'],
    [{ namespace: '' }, 'namespace', 'Namespace is required'],
    [{ image: '' }, 'image', 'Image is required'],
    [{ image: 'Quay.io/x y' }, 'image', 'is not a valid image reference'],
    [{ cores: '0' }, 'cores', 'CPU cores must be a whole number from 1 to 8'],
    [{ cores: '9' }, 'cores', 'CPU cores must be a whole number from 1 to 8'],
    [{ cores: '1.5' }, 'cores', 'CPU cores must be a whole number from 1 to 8'],
    [{ memory: '' }, 'memory', 'Memory must be a whole number of Mi or Gi'],
    [{ memory: '10' }, 'memory', 'Memory must be at least 64 Mi'],
    [{ userData: 'packages: []' }, 'userData', 'must start with #cloud-config'],
    [{ sshKey: 'not a key' }, 'sshKey', 'SSH public key must be one OpenSSH public key line'],
    [
      { sshKey: 'ssh-rsa AAAAB3 x', userData: '#!/bin/sh\necho hi' },
      'sshKey',
      'can only be added to #cloud-config',
    ],
    [{ labels: 'app' }, 'labels', 'Labels: "app" must be key=value'],
    [{ labels: 'bad key=x' }, 'labels', 'Labels: key "bad key"'],
    [{ labels: 'app=-x' }, 'labels', 'Labels: value "-x" of app'],
  ])('reports %o at %s', (change, field, message) => {
    const errors = validateVmForm({ ...valid, ...change });
    expect(Object.keys(errors)).toEqual([field]);
    expect(errors[field]).toContain(message);
  });

  it.each<Partial<VmFormState>>([
    { image: 'quay.io/containerdisks/fedora:40' },
    { image: 'registry:5000/team/disk@sha256:' + 'a'.repeat(64) },
    { memory: '1', memoryUnit: 'Gi' },
    { memory: '64' },
    { cores: '8' },
    { userData: '#!/bin/sh\necho hi' },
    { sshKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me@host', userData: '#cloud-config\n' },
    { labels: 'app.kubernetes.io/name=web, tier=' },
  ])('accepts %o', (change) => {
    expect(validateVmForm({ ...valid, ...change })).toEqual({});
  });
});
