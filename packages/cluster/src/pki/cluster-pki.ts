import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority, loadCertificateAuthority } from '@podvisor/kube';

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

/**
 * The names the API server answers to: the loopback; the `kubernetes` Service seen from pods, by
 * name and by ClusterIP in both network modes (127.96.0.1 in loopback mode, 10.96.0.1 with the pod
 * network); and the pod network's gateway 10.244.0.1, where its Endpoints point.
 */
export const apiServerServingNames = {
  dnsNames: [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
  ],
  ipAddresses: ['127.0.0.1', '127.96.0.1', '10.96.0.1', '10.244.0.1'],
} as const;

/** The subjectAltName entries of a certificate, e.g. `DNS:localhost`, `IP Address:127.0.0.1`. */
function subjectAltNames(cert: X509Certificate): Set<string> {
  return new Set((cert.subjectAltName ?? '').split(',').map((entry) => entry.trim()));
}

/**
 * Whether a stored serving certificate can be served as it is: it parses, its key is the one
 * stored beside it, and it names every one of {@link apiServerServingNames} (a data directory
 * from before a name was added needs a new certificate).
 */
export function servingCertificateCurrent(cert: string, key: string): boolean {
  try {
    const parsed = new X509Certificate(cert);
    if (!parsed.checkPrivateKey(createPrivateKey(key))) return false;
    const names = subjectAltNames(parsed);
    return (
      apiServerServingNames.dnsNames.every((name) => names.has(`DNS:${name}`)) &&
      apiServerServingNames.ipAddresses.every((ip) => names.has(`IP Address:${ip}`))
    );
  } catch {
    return false;
  }
}

function writeAtomic(path: string, text: string, mode: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, path);
}

/** A serving certificate for the API server from the cluster CA. */
async function issueServingCertificate(ca: {
  readonly cert: string;
  readonly key: string;
}): Promise<{ cert: string; key: string }> {
  const authority = await loadCertificateAuthority(ca);
  return authority.issue({
    commonName: 'podvisor-apiserver',
    usage: 'server',
    dnsNames: [...apiServerServingNames.dnsNames],
    ipAddresses: [...apiServerServingNames.ipAddresses],
  });
}

/**
 * Loads the cluster's PKI from `dir`, creating it on first use: an ECDSA CA, a serving certificate
 * for the API server signed by it, and a random admin bearer token. Keys are written 0600. A
 * stored serving certificate that is not {@link servingCertificateCurrent} is replaced by a new
 * one from the same CA (kubeconfigs and the CA pods trust stay valid).
 */
export async function ensureClusterPki(dir: string): Promise<ClusterPki> {
  const path = (name: keyof typeof files): string => join(dir, files[name]);
  if (Object.keys(files).every((name) => existsSync(path(name as keyof typeof files)))) {
    const caCert = readFileSync(path('caCert'), 'utf8');
    let serverCert = readFileSync(path('serverCert'), 'utf8');
    let serverKey = readFileSync(path('serverKey'), 'utf8');
    if (!servingCertificateCurrent(serverCert, serverKey)) {
      const issued = await issueServingCertificate({
        cert: caCert,
        key: readFileSync(path('caKey'), 'utf8'),
      });
      // The key first: a crash between the two renames leaves a pair that fails the key check
      // above, and the next start issues again.
      writeAtomic(path('serverKey'), issued.key, 0o600);
      writeAtomic(path('serverCert'), issued.cert, 0o644);
      serverCert = issued.cert;
      serverKey = issued.key;
    }
    return {
      caCert,
      serverCert,
      serverKey,
      adminToken: readFileSync(path('adminToken'), 'utf8').trim(),
    };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = await createCertificateAuthority('podvisor-cluster-ca');
  const serving = await issueServingCertificate(ca);
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
