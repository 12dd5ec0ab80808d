import { describe, expect, it } from 'vitest';
import {
  OidcSignInError,
  identityFromClaims,
  isLoopbackHost,
  issuerUrl,
  type OidcAuthConfig,
} from './oidc-sign-in.ts';

const config: OidcAuthConfig = {
  mode: 'oidc',
  issuer: 'https://idp.example.com',
  clientId: 'podvisor',
  usernameClaim: 'email',
  groupsClaim: 'groups',
  usernamePrefix: 'oidc:',
  groupsPrefix: 'idp:',
  scopes: ['openid', 'email', 'groups'],
};

describe('identityFromClaims', () => {
  it.each([
    [
      'a list of groups',
      { email: 'a@x.io', groups: ['devs', 'ops'] },
      ['idp:devs', 'idp:ops', 'system:authenticated'],
    ],
    [
      'a single group string',
      { email: 'a@x.io', groups: 'devs' },
      ['idp:devs', 'system:authenticated'],
    ],
    ['no groups claim', { email: 'a@x.io' }, ['system:authenticated']],
    ['a verified email', { email: 'a@x.io', email_verified: true }, ['system:authenticated']],
  ])('maps %s to an impersonated, prefixed user', (_name, claims, groups) => {
    expect(identityFromClaims(config, claims)).toEqual({
      user: { username: 'oidc:a@x.io', groups },
      credential: { kind: 'impersonate', user: 'oidc:a@x.io', groups },
    });
  });

  it.each([
    ['no username claim', { sub: '1' }, 'no email claim'],
    ['an empty username', { email: '' }, 'no email claim'],
    ['an unverified email', { email: 'a@x.io', email_verified: false }, 'not verified'],
    ['groups of numbers', { email: 'a@x.io', groups: [1, 2] }, 'groups claim must be'],
    ['a groups object', { email: 'a@x.io', groups: { a: 1 } }, 'groups claim must be'],
  ])('refuses %s with a 401 naming the cause', (_name, claims, message) => {
    const run = (): unknown => identityFromClaims(config, claims);
    expect(run).toThrow(OidcSignInError);
    expect(run).toThrow(message);
  });

  it('uses the configured claims', () => {
    const custom = { ...config, usernameClaim: 'preferred_username', groupsClaim: 'roles' };
    expect(identityFromClaims(custom, { preferred_username: 'ann', roles: ['r'] }).user).toEqual({
      username: 'oidc:ann',
      groups: ['idp:r', 'system:authenticated'],
    });
  });
});

describe('issuerUrl', () => {
  it.each([
    'https://idp.example.com',
    'http://127.0.0.1:5556/dex',
    'http://localhost:8080',
    'http://[::1]:9000',
  ])('accepts %s', (issuer) => {
    expect(issuerUrl(issuer).href).toBe(new URL(issuer).href);
  });

  it.each([
    ['http://idp.example.com', 'must use https'],
    ['http://10.0.0.1', 'must use https'],
    ['ftp://localhost', 'must use https'],
    ['not a url', 'is not a URL'],
  ])('refuses %s', (issuer, message) => {
    expect(() => issuerUrl(issuer)).toThrow(message);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['[::1]', true],
    ['127.0.0.1.example.com', false],
    ['128.0.0.1', false],
  ])('knows whether %s is loopback', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
