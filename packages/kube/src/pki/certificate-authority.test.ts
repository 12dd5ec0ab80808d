import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority } from './certificate-authority.ts';

const day = 24 * 3600 * 1000;

function daysValid(pem: string): number {
  const cert = new X509Certificate(pem);
  return Math.round((Date.parse(cert.validTo) - Date.now()) / day);
}

describe('createCertificateAuthority', () => {
  it('issues a server certificate signed by the CA, naming its DNS names and IPs', async () => {
    const ca = await createCertificateAuthority('test-ca');
    const leaf = await ca.issue({
      commonName: 'svc',
      usage: 'server',
      dnsNames: ['svc.ns.svc'],
      ipAddresses: ['127.0.0.1'],
    });
    const cert = new X509Certificate(leaf.cert);
    expect(cert.verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:svc.ns.svc, IP Address:127.0.0.1');
    expect(cert.checkHost('svc.ns.svc')).toBe('svc.ns.svc');
  });

  it.each([
    [undefined, 3650],
    [365, 365],
  ])('gives a leaf with validityDays %s about %i days', async (validityDays, days) => {
    const ca = await createCertificateAuthority('test-ca');
    const leaf = await ca.issue({
      commonName: 'x',
      usage: 'client',
      ...(validityDays === undefined ? {} : { validityDays }),
    });
    expect(daysValid(leaf.cert)).toBe(days);
  });
});
