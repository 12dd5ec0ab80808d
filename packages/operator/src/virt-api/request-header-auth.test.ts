import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createCertificateAuthority } from '@podvisor/kube';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authenticateRequestHeader,
  readRequestHeaderConfig,
  type RequestHeaderConfig,
} from './request-header-auth.ts';

type Headers = IncomingMessage['headersDistinct'];

let config: RequestHeaderConfig;
let bundleConfig: RequestHeaderConfig;
const certs: Record<string, X509Certificate> = {};

/** The ConfigMap data as the embedded cluster (and kube-apiserver) writes it. */
function configMapData(clientCa: string): Record<string, string> {
  return {
    'client-ca-file': 'unused here',
    'requestheader-client-ca-file': clientCa,
    'requestheader-allowed-names': '["front-proxy-client"]',
    'requestheader-username-headers': '["X-Remote-User"]',
    'requestheader-group-headers': '["X-Remote-Group"]',
    'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
  };
}

beforeAll(async () => {
  const frontProxyCa = await createCertificateAuthority('front-proxy-ca');
  const otherCa = await createCertificateAuthority('other-ca');
  const issue = async (
    ca: typeof frontProxyCa,
    commonName: string,
    usage: 'client' | 'server',
  ): Promise<X509Certificate> => new X509Certificate((await ca.issue({ commonName, usage })).cert);
  certs['proxy'] = await issue(frontProxyCa, 'front-proxy-client', 'client');
  certs['otherCa'] = await issue(otherCa, 'front-proxy-client', 'client');
  certs['otherName'] = await issue(frontProxyCa, 'someone-else', 'client');
  certs['serverUsage'] = await issue(frontProxyCa, 'front-proxy-client', 'server');
  config = readRequestHeaderConfig(configMapData(frontProxyCa.cert));
  bundleConfig = readRequestHeaderConfig(configMapData(`${otherCa.cert}${frontProxyCa.cert}`));
});

const aliceHeaders: Headers = {
  'x-remote-user': ['alice'],
  'x-remote-group': ['devs', 'system:authenticated'],
  'x-remote-extra-scopes': ['a', 'b'],
  'x-remote-extra-acme.com%2fproject': ['p1'],
  'user-agent': ['kube-apiserver'],
};

describe('authenticateRequestHeader', () => {
  it('returns the user of a request with the proxy certificate', () => {
    expect(
      authenticateRequestHeader({ config, peerCertificate: certs['proxy'], headers: aliceHeaders }),
    ).toEqual({
      user: {
        username: 'alice',
        groups: ['devs', 'system:authenticated'],
        extra: { scopes: ['a', 'b'], 'acme.com/project': ['p1'] },
      },
    });
  });

  it.each([
    {
      name: 'no client certificate',
      cert: undefined,
      reason: 'no client certificate was presented',
    },
    {
      name: 'a certificate from another CA',
      cert: 'otherCa',
      reason: 'the client certificate is not signed by the requestheader client CA',
    },
    {
      name: 'a common name that is not allowed',
      cert: 'otherName',
      reason: `the client certificate's common name "someone-else" is not allowed`,
    },
    {
      name: 'a server certificate',
      cert: 'serverUsage',
      reason: 'the client certificate is not for client authentication',
    },
  ])('rejects $name', ({ cert, reason }) => {
    const peerCertificate = cert === undefined ? undefined : certs[cert];
    expect(authenticateRequestHeader({ config, peerCertificate, headers: aliceHeaders })).toEqual({
      reason,
    });
  });

  it.each(['proxy', 'otherCa'])('trusts every CA of a bundle (%s)', (cert) => {
    const result = authenticateRequestHeader({
      config: bundleConfig,
      peerCertificate: certs[cert],
      headers: aliceHeaders,
    });
    expect(result.user?.username).toBe('alice');
  });

  it('accepts any certificate of a trusted CA when no names are configured', () => {
    const anyName = { ...config, allowedNames: [] };
    const result = authenticateRequestHeader({
      config: anyName,
      peerCertificate: certs['otherName'],
      headers: aliceHeaders,
    });
    expect(result.user?.username).toBe('alice');
  });

  it('rejects a certificate outside its validity period', () => {
    const result = authenticateRequestHeader({
      config,
      peerCertificate: certs['proxy'],
      headers: aliceHeaders,
      now: new Date('2000-01-01T00:00:00Z'),
    });
    expect(result).toEqual({ reason: 'the client certificate is expired or not yet valid' });
  });

  it('rejects a request that names no user', () => {
    const result = authenticateRequestHeader({
      config,
      peerCertificate: certs['proxy'],
      headers: { 'x-remote-user': [''], 'x-remote-group': ['devs'] },
    });
    expect(result).toEqual({ reason: 'the request names no user' });
  });

  it('rejects everything until the configuration is loaded', () => {
    const result = authenticateRequestHeader({
      config: undefined,
      peerCertificate: certs['proxy'],
      headers: aliceHeaders,
    });
    expect(result).toEqual({ reason: 'the requestheader configuration is not loaded' });
  });

  it('reads the user from the configured header names', () => {
    const custom = { ...config, usernameHeaders: ['X-Who'], groupHeaders: ['X-Teams'] };
    const result = authenticateRequestHeader({
      config: custom,
      peerCertificate: certs['proxy'],
      headers: { 'x-remote-user': ['ignored'], 'x-who': ['bob'], 'x-teams': ['t1', 't2'] },
    });
    expect(result.user).toMatchObject({ username: 'bob', groups: ['t1', 't2'] });
  });
});

describe('readRequestHeaderConfig', () => {
  it('defaults the header names and allows any name when none are listed', () => {
    const only = readRequestHeaderConfig({ 'requestheader-client-ca-file': bundleConfig.clientCa });
    expect(only).toMatchObject({
      allowedNames: [],
      usernameHeaders: ['X-Remote-User'],
      groupHeaders: ['X-Remote-Group'],
      extraHeaderPrefixes: [],
    });
    expect(only.caCertificates).toHaveLength(2);
  });

  it.each([
    { name: 'a missing client CA', data: {}, message: 'requestheader-client-ca-file is missing' },
    {
      name: 'a CA bundle without certificates',
      data: { 'requestheader-client-ca-file': 'garbage' },
      message: 'requestheader-client-ca-file holds no certificate',
    },
    {
      name: 'a header list that is not JSON',
      data: { 'requestheader-client-ca-file': 'x', 'requestheader-allowed-names': 'a,b' },
      message: 'requestheader-allowed-names is not a JSON list of strings',
    },
  ])('names the key of $name', ({ data, message }) => {
    const withCa =
      data['requestheader-client-ca-file'] === 'x'
        ? { ...data, 'requestheader-client-ca-file': config.clientCa }
        : data;
    expect(() => readRequestHeaderConfig(withCa)).toThrow(message);
  });
});
