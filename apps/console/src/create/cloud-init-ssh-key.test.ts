import { describe, expect, it } from 'vitest';
import { addSshKey, splitSshKey } from './cloud-init-ssh-key.ts';

const key = 'ssh-ed25519 AAAAC3Nza me@host';

describe('addSshKey and splitSshKey', () => {
  it.each([
    ['empty user data', '', `#cloud-config\nssh_authorized_keys:\n  - ${key}\n`],
    [
      'a cloud-config without keys',
      '#cloud-config\npackages: [htop]\n',
      `#cloud-config\npackages: [htop]\nssh_authorized_keys:\n  - ${key}\n`,
    ],
    [
      'a cloud-config with a key list',
      '#cloud-config\nssh_authorized_keys:\n  - ssh-rsa AAAAB3 old\nruncmd: []\n',
      `#cloud-config\nssh_authorized_keys:\n  - ssh-rsa AAAAB3 old\n  - ${key}\nruncmd: []\n`,
    ],
  ])('adds the key to %s and takes it out again', (_what, userData, expected) => {
    const combined = addSshKey(userData, key);
    expect(combined).toBe(expected);
    expect(splitSshKey(combined)).toEqual({ userData, sshKey: key });
  });

  it('leaves the user data alone without a key', () => {
    expect(addSshKey('#cloud-config\n', '  ')).toBe('#cloud-config\n');
    expect(splitSshKey('#cloud-config\n')).toEqual({ userData: '#cloud-config\n', sshKey: '' });
  });

  it('quotes a key YAML would misread, and unquotes it when reading', () => {
    const odd = 'ssh-ed25519 AAAA me: #work';
    const combined = addSshKey('', odd);
    expect(combined).toContain(`- ${JSON.stringify(odd)}`);
    expect(splitSshKey(combined).sshKey).toBe(odd);
  });
});
