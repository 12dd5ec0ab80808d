import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adminKubeconfig } from '../../pki/kubeconfig.ts';
import { addUser } from './add-user.ts';
import { parseTokenFile } from './static-token-file.ts';

describe('addUser', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'add-user-'));
    writeFileSync(
      join(dir, 'kubeconfig'),
      adminKubeconfig({ server: 'https://127.0.0.1:6443', caCert: 'CA', token: 'admin' }),
    );
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends a token line and writes a kubeconfig for the user', () => {
    const added = addUser({ dataDir: dir, name: 'alice', groups: ['dev', 'ops'] });
    addUser({ dataDir: dir, name: 'bob', groups: [] });
    const tokens = parseTokenFile(readFileSync(join(dir, 'pki', 'tokens.csv'), 'utf8'));
    expect(tokens.get(added.token)).toMatchObject({
      name: 'alice',
      groups: ['dev', 'ops', 'system:authenticated'],
    });
    expect([...tokens.values()].map((u) => u.name)).toEqual(['alice', 'bob']);
    expect(added.kubeconfigPath).toBe(join(dir, 'users', 'alice.kubeconfig'));
    expect(statSync(added.kubeconfigPath).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(added.kubeconfigPath, 'utf8'))).toMatchObject({
      clusters: [
        {
          cluster: {
            server: 'https://127.0.0.1:6443',
            'certificate-authority-data': Buffer.from('CA').toString('base64'),
          },
        },
      ],
      users: [{ name: 'alice', user: { token: added.token } }],
      'current-context': 'alice@podvisor',
    });
  });

  it.each([
    ['a taken name', 'alice', [], 'user "alice" already exists'],
    ['a name with a slash', 'a/b', [], 'invalid user name "a/b"'],
    ['a group with a comma', 'carol', ['a,b'], 'invalid group name "a,b"'],
  ])('refuses %s', (_name, name, groups, message) => {
    addUser({ dataDir: dir, name: 'alice', groups: [] });
    expect(() => addUser({ dataDir: dir, name, groups })).toThrow(message);
  });

  it('asks to start the cluster first when there is no kubeconfig', () => {
    rmSync(join(dir, 'kubeconfig'));
    expect(() => addUser({ dataDir: dir, name: 'alice', groups: [] })).toThrow(
      /start the cluster once/,
    );
  });
});
