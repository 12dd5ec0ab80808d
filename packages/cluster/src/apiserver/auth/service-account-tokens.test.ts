import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../json.ts';
import { openStore, type Store } from '../storage/index.ts';
import { decodeJwt } from './jwt.ts';
import { ensureServiceAccountKeys, serviceAccountKeys } from './service-account-keys.ts';
import { ServiceAccountTokens, type TokenRequestInput } from './service-account-tokens.ts';

const aud = ['https://kubernetes.default.svc'];

function object(
  kind: string,
  meta: { namespace: string; name: string; uid: string },
  more: Partial<KubeObject> = {},
): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { ...meta }, ...more };
}

describe('ServiceAccountTokens', () => {
  let dir = '';
  let store: Store;
  let clock = 1_700_000_000_000;
  let tokens: ServiceAccountTokens;
  const request: TokenRequestInput = {
    namespace: 'apps',
    name: 'builder',
    uid: 'sa-uid',
    audiences: aud,
    expirationSeconds: 3600,
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sa-tokens-'));
    store = openStore({ path: join(dir, 'state.db') });
    store.create(
      '/core/serviceaccounts/apps/builder',
      object('ServiceAccount', { namespace: 'apps', name: 'builder', uid: 'sa-uid' }),
    );
    clock = 1_700_000_000_000;
    tokens = new ServiceAccountTokens({
      keys: ensureServiceAccountKeys(join(dir, 'pki')),
      store,
      now: () => clock,
    });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs the claims of a bound token and authenticates it as the service account', () => {
    const { token, expirationTimestamp } = tokens.sign(request);
    expect(expirationTimestamp).toBe('2023-11-14T23:13:20Z');
    const jwt = decodeJwt(token);
    expect(jwt?.header).toMatchObject({ alg: 'ES256' });
    expect(jwt?.claims).toMatchObject({
      iss: 'https://kubernetes.default.svc',
      sub: 'system:serviceaccount:apps:builder',
      aud,
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_003_600,
      'kubernetes.io': { namespace: 'apps', serviceaccount: { name: 'builder', uid: 'sa-uid' } },
    });
    const verdict = tokens.verify(token, aud);
    expect(verdict).toMatchObject({
      authenticated: true,
      audiences: aud,
      user: {
        name: 'system:serviceaccount:apps:builder',
        uid: 'sa-uid',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated'],
      },
    });
  });

  it('writes sa.key and sa.pub once and reuses them', () => {
    const first = readFileSync(join(dir, 'pki', 'sa.key'), 'utf8');
    const again = ensureServiceAccountKeys(join(dir, 'pki'));
    expect(readFileSync(join(dir, 'pki', 'sa.key'), 'utf8')).toBe(first);
    expect(readFileSync(join(dir, 'pki', 'sa.pub'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    const token = tokens.sign(request).token;
    expect(
      new ServiceAccountTokens({ keys: again, store, now: () => clock }).verify(token, aud)
        ?.authenticated,
    ).toBe(true);
  });

  it('binds a token to a pod, adding its node, and stops accepting it once the pod is gone', () => {
    store.create('/core/nodes//node-1', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-1', uid: 'node-uid' },
    });
    store.create(
      '/core/pods/apps/web',
      object(
        'Pod',
        { namespace: 'apps', name: 'web', uid: 'pod-uid' },
        { spec: { nodeName: 'node-1' } },
      ),
    );
    const { token } = tokens.sign({
      ...request,
      boundObject: { kind: 'Pod', name: 'web', uid: 'pod-uid' },
    });
    expect(decodeJwt(token)?.claims['kubernetes.io']).toMatchObject({
      pod: { name: 'web', uid: 'pod-uid' },
      node: { name: 'node-1', uid: 'node-uid' },
    });
    expect(tokens.verify(token, aud)).toMatchObject({
      authenticated: true,
      user: {
        extra: {
          'authentication.kubernetes.io/pod-name': ['web'],
          'authentication.kubernetes.io/pod-uid': ['pod-uid'],
          'authentication.kubernetes.io/node-name': ['node-1'],
        },
      },
    });
    store.delete('/core/pods/apps/web');
    expect(tokens.verify(token, aud)).toEqual({
      authenticated: false,
      error: 'service account token has been invalidated',
    });
  });

  it.each([
    [
      'the service account is deleted',
      (s: Store) => s.delete('/core/serviceaccounts/apps/builder'),
    ],
    [
      'the service account was recreated with another UID',
      (s: Store) => {
        s.delete('/core/serviceaccounts/apps/builder');
        s.create(
          '/core/serviceaccounts/apps/builder',
          object('ServiceAccount', { namespace: 'apps', name: 'builder', uid: 'other-uid' }),
        );
      },
    ],
  ])('rejects a token once %s', (_name, change) => {
    const { token } = tokens.sign(request);
    change(store);
    expect(tokens.verify(token, aud)).toEqual({
      authenticated: false,
      error: 'service account token has been invalidated',
    });
  });

  it('accepts a token until its expiry (plus 60 s leeway) and not after', () => {
    const { token } = tokens.sign({ ...request, expirationSeconds: 600 });
    clock += 659_000;
    expect(tokens.verify(token, aud)?.authenticated).toBe(true);
    clock += 2_000;
    expect(tokens.verify(token, aud)).toEqual({
      authenticated: false,
      error: 'service account token has expired',
    });
  });

  it('rejects a token for other audiences', () => {
    const { token } = tokens.sign({ ...request, audiences: ['vault'] });
    expect(tokens.verify(token, aud)).toMatchObject({ authenticated: false });
    expect(tokens.verify(token, ['vault', 'other'])).toMatchObject({
      authenticated: true,
      audiences: ['vault'],
    });
  });

  it.each([
    [
      'a changed payload',
      (t: string) => {
        const [h, p, s] = t.split('.');
        const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Record<
          string,
          unknown
        >;
        claims['sub'] = 'system:serviceaccount:kube-system:admin';
        return `${h ?? ''}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s ?? ''}`;
      },
    ],
    ['a changed signature', (t: string) => `${t.slice(0, -4)}AAAA`],
    [
      'alg none',
      (t: string) => {
        const [, p] = t.split('.');
        return `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p ?? ''}.`;
      },
    ],
  ])('rejects a token with %s', (_name, tamper) => {
    const { token } = tokens.sign(request);
    expect(tokens.verify(tamper(token), aud)).toMatchObject({ authenticated: false });
  });

  it('rejects a token signed by another key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const other = new ServiceAccountTokens({
      keys: serviceAccountKeys(privateKey),
      store,
      now: () => clock,
    });
    expect(tokens.verify(other.sign(request).token, aud)).toEqual({
      authenticated: false,
      error: 'invalid bearer token, invalid signature',
    });
  });

  it('signs and verifies with an RSA key (RS256)', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsa = new ServiceAccountTokens({
      keys: serviceAccountKeys(privateKey),
      store,
      now: () => clock,
    });
    const { token } = rsa.sign(request);
    expect(decodeJwt(token)?.header['alg']).toBe('RS256');
    expect(rsa.verify(token, aud)?.authenticated).toBe(true);
  });

  it('leaves tokens of other issuers and non-JWTs to other authenticators', () => {
    expect(tokens.verify('not-a-jwt', aud)).toBeUndefined();
    const foreign = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('{"iss":"x"}').toString('base64url')}.sig`;
    expect(tokens.verify(foreign, aud)).toBeUndefined();
  });

  it.each([[599], [2 ** 32 + 1], [1.5]])(
    'refuses expirationSeconds %s with a 422',
    (expirationSeconds) => {
      expect(() => tokens.sign({ ...request, expirationSeconds })).toThrow(
        /spec.expirationSeconds: Invalid value/,
      );
    },
  );
});
