import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @peculiar/x509 needs the Reflect metadata API (it uses tsyringe); import it first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

/** The cluster's CA, the API server's serving certificate, and the admin token, as PEM/text. */
export interface ClusterPki {
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminToken: string;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const tenYears = 10 * 365 * 24 * 3600 * 1000;

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

async function createCa(): Promise<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=podvisor-cluster-ca',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + tenYears),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign |
          x509.KeyUsageFlags.cRLSign |
          x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

async function createServing(ca: {
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
}): Promise<{ cert: x509.X509Certificate; keys: webcrypto.CryptoKeyPair }> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=podvisor-apiserver',
    issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + tenYears),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'dns', value: 'kubernetes.default.svc' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return { cert, keys };
}

const files = {
  caCert: 'ca.crt',
  caKey: 'ca.key',
  serverCert: 'apiserver.crt',
  serverKey: 'apiserver.key',
  adminToken: 'admin-token',
} as const;

/**
 * Loads the cluster's PKI from `dir`, creating it on first use: an ECDSA CA, a serving certificate
 * for 127.0.0.1/localhost signed by it, and a random admin bearer token. Keys are written 0600.
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
  const ca = await createCa();
  const serving = await createServing(ca);
  const pki: ClusterPki = {
    caCert: ca.cert.toString('pem'),
    serverCert: serving.cert.toString('pem'),
    serverKey: pem(
      'PRIVATE KEY',
      await webcrypto.subtle.exportKey('pkcs8', serving.keys.privateKey),
    ),
    adminToken: randomBytes(32).toString('base64url'),
  };
  writeFileSync(
    path('caKey'),
    pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', ca.keys.privateKey)),
    { mode: 0o600 },
  );
  writeFileSync(path('caCert'), pki.caCert);
  writeFileSync(path('serverKey'), pki.serverKey, { mode: 0o600 });
  writeFileSync(path('serverCert'), pki.serverCert);
  writeFileSync(path('adminToken'), `${pki.adminToken}\n`, { mode: 0o600 });
  return pki;
}
