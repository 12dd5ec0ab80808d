import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCertificateAuthority } from '@podvisor/kube';

/** The common name of the client certificate the API server presents to node streaming servers. */
export const proxyClientName = 'podvisor-apiserver-node-client';

/** A key pair with its certificate, and the cluster CA that verifies the peer (all PEM). */
export interface StreamingCredentials {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

function pemBlock(text: string, label: string): { block: string; der: Buffer } {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`).exec(text);
  if (match?.[1] === undefined) throw new Error(`no ${label} block in the PEM text`);
  return { block: `${match[0]}\n`, der: Buffer.from(match[1].replace(/\s+/g, ''), 'base64') };
}

interface Issued {
  readonly subject: string;
  readonly usage: 'server' | 'client';
}

async function issue(pkiDir: string, what: Issued): Promise<{ key: string; cert: string }> {
  const ca = await loadCertificateAuthority({
    cert: readFileSync(join(pkiDir, 'ca.crt'), 'utf8'),
    key: readFileSync(join(pkiDir, 'ca.key'), 'utf8'),
  });
  const server = what.usage === 'server';
  return ca.issue({
    commonName: what.subject,
    usage: what.usage,
    ...(server ? { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] } : {}),
  });
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
