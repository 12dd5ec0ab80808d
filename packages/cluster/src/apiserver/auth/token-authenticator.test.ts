import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../storage/index.ts';
import { ensureServiceAccountKeys } from './service-account-keys.ts';
import { ServiceAccountTokens } from './service-account-tokens.ts';
import { StaticTokenFile } from './static-token-file.ts';
import { createTokenAuthenticator, type TokenAuthenticator } from './token-authenticator.ts';

describe('createTokenAuthenticator', () => {
  let dir = '';
  let store: Store;
  let authenticate: TokenAuthenticator;
  let saToken = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'authn-'));
    store = openStore({ path: join(dir, 'state.db') });
    store.create('/core/serviceaccounts/ns/sa', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'sa', namespace: 'ns', uid: 'u' },
    });
    writeFileSync(join(dir, 'tokens.csv'), 'static-token,alice,u1,dev\n');
    const serviceAccounts = new ServiceAccountTokens({
      keys: ensureServiceAccountKeys(dir),
      store,
    });
    saToken = serviceAccounts.sign({
      namespace: 'ns',
      name: 'sa',
      uid: 'u',
      audiences: ['api'],
      expirationSeconds: 3600,
    }).token;
    authenticate = createTokenAuthenticator({
      adminToken: 'admin-token',
      tokenFile: new StaticTokenFile(join(dir, 'tokens.csv')),
      serviceAccounts,
      apiAudiences: ['api'],
    });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['admin-token', 'podvisor-admin'],
    ['static-token', 'alice'],
  ])('authenticates %s as %s for the API audience', (token, name) => {
    expect(authenticate(token)).toMatchObject({
      authenticated: true,
      user: { name },
      audiences: ['api'],
    });
  });

  it('authenticates a service-account JWT', () => {
    expect(authenticate(saToken)).toMatchObject({
      authenticated: true,
      user: { name: 'system:serviceaccount:ns:sa' },
    });
  });

  it.each([['admin-token'], ['static-token']])('refuses %s for a foreign audience', (token) => {
    expect(authenticate(token, ['vault'])).toMatchObject({ authenticated: false });
  });

  it('refuses unknown tokens', () => {
    expect(authenticate('nope')).toEqual({ authenticated: false, error: 'invalid bearer token' });
  });
});
