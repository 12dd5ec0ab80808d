import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority } from '@podvisor/kube';

/** The cluster's CA, the API server's serving certificate, and the admin token, as PEM/text. */
export interface ClusterPki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminToken: string;
}

const files = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'apiserver.crt',
  serverKey: 'apiserver.key',
  adminToken: 'admin-token',
} as const;

/** The cluster CA's certificate (PEM) in a PKI directory made by {@link ensureClusterPki}. */
export function readClusterCaCert(dir: string): string {
  return readFileSync(join(dir, files.caCert), 'utf8');
}

/** The names the API server answers to: loopback, and the `kubernetes` Service seen from pods. */
const servingNames = {
  dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
  ipAddresses: ['127.0.0.1', '127.96.0.1'],
};

/**
 * Loads the cluster's PKI from `dir`, creating it on first use: an ECDSA CA, a serving certificate
 * for the API server signed by it, and a random admin bearer token. Keys are written 0600.
 */
export async function ensureClusterPki(dir: string): Promise<ClusterPki> {
  const path = (name: keyof typeof files): string => join(dir, files[name]);
  if (Object.keys(files).every((name) => existsSync(path(name as keyof typeof files)))) {
    return {
      caCert: readFileSync(path('caCert'), 'utf8'),
      serverCert: readFileSync(path('serverCert'), 'utf8'),
      serverKey: readFileSync(path('serverKey'), 'utf8'),
      adminToken: readFileSync(path('adminToken'), 'utf8').trim(),
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = await createCertificateAuthority('podvisor-cluster-ca');
  const serving = await ca.issue({
    commonName: 'podvisor-apiserver',
    usage: 'server',
    ...servingNames,
  });
  const pki: ClusterPki = {
    caCert: ca.cert,
    serverCert: serving.cert,
    serverKey: serving.key,
    adminToken: randomBytes(32).toString('base64url'),
  };
  writeFileSync(path('caKey'), ca.key, { mode: 0o600 });
  writeFileSync(path('caCert'), pki.caCert);
  writeFileSync(path('serverKey'), pki.serverKey, { mode: 0o600 });
  writeFileSync(path('serverCert'), pki.serverCert);
  writeFileSync(path('adminToken'), `${pki.adminToken}\n`, { mode: 0o600 });
  return pki;
}
