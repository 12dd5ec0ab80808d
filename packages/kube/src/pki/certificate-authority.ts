import { randomBytes, webcrypto } from 'node:crypto';
// @peculiar/x509 needs the Reflect metadata API (it uses tsyringe); import it first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

/** A certificate and its private key, as PEM. */
export interface IssuedCertificate {
  readonly cert: string;
  readonly key: string;
}

/** What a leaf certificate is for, and who it names. */
export interface CertificateRequest {
  readonly commonName: string;
  /** `O=` entries (Kubernetes reads them as groups). */
  readonly organizations?: readonly string[];
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly usage: 'server' | 'client';
  /** How long the certificate is valid, in days (default ten years, like the CA). */
  readonly validityDays?: number;
}

/** A CA that can issue leaf certificates. */
export interface CertificateAuthority extends IssuedCertificate {
  issue(request: CertificateRequest): Promise<IssuedCertificate>;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const day = 24 * 3600 * 1000;
const tenYears = 10 * 365 * day;

function pem(label: string, der: ArrayBuffer): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}${body.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** `CN=x, O=a, O=b` with RFC 4514 escaping of the values. */
function distinguishedName(commonName: string, organizations: readonly string[] = []): string {
  const escape = (value: string): string => value.replace(/([,+"\\<>;=])/g, '\\$1');
  return [`CN=${escape(commonName)}`, ...organizations.map((o) => `O=${escape(o)}`)].join(', ');
}

async function exportKey(keys: webcrypto.CryptoKeyPair): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
}

function leafExtensions(request: CertificateRequest): x509.Extension[] {
  const names: x509.JsonGeneralName[] = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const server = request.usage === 'server';
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
      true,
    ),
    new x509.ExtendedKeyUsageExtension([
      server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
    ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
  ];
}

/** A CA from its certificate and its key pair (or just the private key, for a loaded CA). */
function authority(
  caCert: x509.X509Certificate,
  signingKey: webcrypto.CryptoKey,
  key: string,
): CertificateAuthority {
  return {
    cert: caCert.toString('pem'),
    key,
    async issue(request) {
      const leafKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: distinguishedName(request.commonName, request.organizations),
        issuer: caCert.subject,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(
          Date.now() + (request.validityDays === undefined ? tenYears : request.validityDays * day),
        ),
        signingAlgorithm: algorithm,
        publicKey: leafKeys.publicKey,
        signingKey,
        extensions: [
          ...leafExtensions(request),
          await x509.AuthorityKeyIdentifierExtension.create(caCert),
        ],
      });
      return { cert: cert.toString('pem'), key: await exportKey(leafKeys) };
    },
  };
}

/** Creates a self-signed ECDSA P-256 CA (ten years) that issues server and client certificates. */
export async function createCertificateAuthority(
  commonName: string,
): Promise<CertificateAuthority> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: distinguishedName(commonName),
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
  return authority(caCert, keys.privateKey, await exportKey(keys));
}

/** A CA kept as PEM (its certificate and PKCS#8 private key), to issue more certificates. */
export async function loadCertificateAuthority(
  stored: IssuedCertificate,
): Promise<CertificateAuthority> {
  const caCert = new x509.X509Certificate(stored.cert);
  const der = Buffer.from(stored.key.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
  const signingKey = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  return authority(caCert, signingKey, stored.key);
}
