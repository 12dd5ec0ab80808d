import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCertificateAuthority } from '@podvisor/kube';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureClusterPki, servingCertificateCurrent } from './cluster-pki.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function pkiDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'podvisor-pki-'));
  dirs.push(dir);
  return join(dir, 'pki');
}

/** Replaces the serving certificate with one from the same CA naming only `ipAddresses`. */
async function writeOldServingCert(dir: string, ipAddresses: string[]): Promise<void> {
  const ca = await loadCertificateAuthority({
    cert: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    key: readFileSync(join(dir, 'ca.key'), 'utf8'),
  });
  const old = await ca.issue({
    commonName: 'podvisor-apiserver',
    usage: 'server',
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc'],
    ipAddresses,
  });
  writeFileSync(join(dir, 'apiserver.crt'), old.cert);
  writeFileSync(join(dir, 'apiserver.key'), old.key);
}

describe('ensureClusterPki', () => {
  it('issues a serving certificate for the loopback and the pod network addresses', async () => {
    const pki = await ensureClusterPki(pkiDir());
    const cert = new X509Certificate(pki.serverCert);
    for (const ip of ['127.0.0.1', '127.96.0.1', '10.96.0.1', '10.244.0.1'])
      expect(cert.checkIP(ip)).toBe(ip);
    expect(cert.checkHost('kubernetes.default.svc.cluster.local', { subject: 'never' })).toBe(
      'kubernetes.default.svc.cluster.local',
    );
    expect(cert.verify(new X509Certificate(pki.caCert).publicKey)).toBe(true);
  });

  it('reuses a current serving certificate as it is', async () => {
    const dir = pkiDir();
    const first = await ensureClusterPki(dir);
    expect(await ensureClusterPki(dir)).toEqual(first);
  });

  it('replaces a serving certificate from before the pod network, keeping the CA and the token', async () => {
    const dir = pkiDir();
    const first = await ensureClusterPki(dir);
    await writeOldServingCert(dir, ['127.0.0.1', '127.96.0.1']);
    const old = readFileSync(join(dir, 'apiserver.crt'), 'utf8');
    expect(servingCertificateCurrent(old, readFileSync(join(dir, 'apiserver.key'), 'utf8'))).toBe(
      false,
    );

    const second = await ensureClusterPki(dir);
    expect(second.caCert).toBe(first.caCert);
    expect(second.adminToken).toBe(first.adminToken);
    expect(second.serverCert).not.toBe(old);
    const cert = new X509Certificate(second.serverCert);
    expect(cert.checkIP('10.96.0.1')).toBe('10.96.0.1');
    expect(cert.checkIP('10.244.0.1')).toBe('10.244.0.1');
    expect(cert.verify(new X509Certificate(first.caCert).publicKey)).toBe(true);
    expect(readFileSync(join(dir, 'apiserver.crt'), 'utf8')).toBe(second.serverCert);
    expect(servingCertificateCurrent(second.serverCert, second.serverKey)).toBe(true);
  });

  it('replaces a serving certificate whose key is not the one beside it', async () => {
    const dir = pkiDir();
    const first = await ensureClusterPki(dir);
    const other = await ensureClusterPki(pkiDir());
    writeFileSync(join(dir, 'apiserver.key'), other.serverKey);
    expect(servingCertificateCurrent(first.serverCert, other.serverKey)).toBe(false);
    const second = await ensureClusterPki(dir);
    expect(second.serverCert).not.toBe(first.serverCert);
    expect(servingCertificateCurrent(second.serverCert, second.serverKey)).toBe(true);
  });

  it('treats an unreadable certificate as one to replace', () => {
    expect(servingCertificateCurrent('not a certificate', 'not a key')).toBe(false);
  });
});
