import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateFingerprint, ensureServingCertificate } from './serving-certificate.ts';

const scratch = (): string => join(mkdtempSync(join(tmpdir(), 'node-cert-')), 'certs');

describe('ensureServingCertificate', () => {
  it('creates a server certificate, keeps its key private, and fingerprints its DER', async () => {
    const dir = scratch();
    const serving = await ensureServingCertificate({ dir, commonName: 'virt-handler.node1' });
    const x509 = new X509Certificate(serving.cert);
    expect(x509.subject).toContain('CN=virt-handler.node1');
    expect(serving.fingerprint).toBe(createHash('sha256').update(x509.raw).digest('hex'));
    expect(serving.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, 'serving.key')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('keeps the same certificate across restarts', async () => {
    const dir = scratch();
    const first = await ensureServingCertificate({ dir, commonName: 'h' });
    const second = await ensureServingCertificate({ dir, commonName: 'h' });
    expect(second).toEqual(first);
  });

  it.each([
    { what: 'about to expire', now: () => Date.now() + 350 * 24 * 3600 * 1000, corrupt: false },
    { what: 'unreadable', now: () => Date.now(), corrupt: true },
  ])('replaces a kept certificate that is $what', async ({ now, corrupt }) => {
    const dir = scratch();
    const first = await ensureServingCertificate({ dir, commonName: 'h' });
    if (corrupt) writeFileSync(join(dir, 'serving.crt'), 'not a certificate');
    const second = await ensureServingCertificate({ dir, commonName: 'h', now });
    expect(second.fingerprint).not.toBe(first.fingerprint);
  });

  it('formats the fingerprint as lowercase hex without colons', async () => {
    const { cert } = await ensureServingCertificate({ dir: scratch(), commonName: 'h' });
    const colons = new X509Certificate(cert).fingerprint256;
    expect(certificateFingerprint(cert)).toBe(colons.replaceAll(':', '').toLowerCase());
  });
});
