import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
// @peculiar/x509 needs the Reflect metadata API (it uses tsyringe); import it first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

/** The common name of the client certificate the API server presents to node streaming servers. */
export const proxyClientName = 'podvisor-apiserver-node-client';

/** A key pair with its certificate, and the cluster CA that verifies the peer (all PEM). */
export interface StreamingCredentials {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const tenYears = 10 * 365 * 24 * 3600 * 1000;

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

function pemBlock(text: string, label: string): { block: string; der: Buffer } {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(text);
  if (match?.[1] === undefined) throw new Error(`no ${label} block in the PEM text`);
  return { block: `${match[0]}\n`, der: Buffer.from(match[1].replace(/\s+/g, ''), 'base64') };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

interface Issued {
  readonly subject: string;
  readonly usage: 'server' | 'client';
}

async function issue(pkiDir: string, what: Issued): Promise<{ key: string; cert: string }> {
  const caCert = new x509.X509Certificate(readFileSync(join(pkiDir, 'ca.crt'), 'utf8'));
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pemBlock(readFileSync(join(pkiDir, 'ca.key'), 'utf8'), 'PRIVATE KEY').der,
    algorithm,
    false,
    ['sign'],
  );
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const server = what.usage === 'server';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${what.subject}`,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + tenYears),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
      ]),
      ...(server
        ? [
            new x509.SubjectAlternativeNameExtension([
              { type: 'dns', value: 'localhost' },
              { type: 'ip', value: '127.0.0.1' },
            ]),
          ]
        : []),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  const key = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { key, cert: cert.toString('pem') };
}

/**
 * Loads a certificate and key kept together in one PEM file (so that concurrent processes never
 * pair a key with another certificate), issuing it from the cluster CA on first use.
 */
async function ensureIssued(
  pkiDir: string,
  file: string,
  what: Issued,
): Promise<StreamingCredentials> {
  const path = join(pkiDir, file);
  const ca = readFileSync(join(pkiDir, 'ca.crt'), 'utf8');
  if (!existsSync(path)) {
    const { key, cert } = await issue(pkiDir, what);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, cert + key, { mode: 0o600 });
    renameSync(tmp, path);
  }
  const text = readFileSync(path, 'utf8');
  return {
    cert: pemBlock(text, 'CERTIFICATE').block,
    key: pemBlock(text, 'PRIVATE KEY').block,
    ca,
  };
}

/**
 * The serving certificate of a node's streaming server (`<pkiDir>/nodes/<node>-streaming.pem`,
 * for 127.0.0.1/localhost, signed by the cluster CA), with the CA that verifies the API server's
 * client certificate. `pkiDir` is the cluster's `DIR/pki` (it must hold `ca.crt` and `ca.key`).
 */
export function nodeServingCredentials(
  pkiDir: string,
  nodeName: string,
): Promise<StreamingCredentials> {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(nodeName))
    return Promise.reject(new Error(`invalid node name "${nodeName}"`));
  return ensureIssued(pkiDir, join('nodes', `${nodeName}-streaming.pem`), {
    subject: `system:node:${nodeName}`,
    usage: 'server',
  });
}

/**
 * The client certificate the API server presents to node streaming servers
 * (`<pkiDir>/apiserver-node-client.pem`, CN {@link proxyClientName}), with the CA that verifies
 * the nodes' serving certificates.
 */
export function proxyClientCredentials(pkiDir: string): Promise<StreamingCredentials> {
  return ensureIssued(pkiDir, 'apiserver-node-client.pem', {
    subject: proxyClientName,
    usage: 'client',
  });
}
