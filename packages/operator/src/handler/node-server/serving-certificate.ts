import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCertificateAuthority } from '@podvisor/kube';

/** The node endpoint's TLS identity. */
export interface ServingCertificate {
  readonly cert: string;
  readonly key: string;
  /** {@link certificateFingerprint} of `cert`: what virt-api pins. */
  readonly fingerprint: string;
}

/** Options of {@link ensureServingCertificate}. */
export interface ServingCertificateOptions {
  /** Where `serving.crt` and `serving.key` are kept (created 0700). */
  readonly dir: string;
  readonly commonName: string;
  /** A kept certificate that expires sooner than this is replaced; 30 days by default. */
  readonly renewBeforeMs?: number;
  /** How long a new certificate is valid, in days; 365 by default. */
  readonly validityDays?: number;
  readonly now?: () => number;
}

/**
 * The SHA-256 fingerprint of a PEM certificate's DER bytes, as 64 lowercase hex digits without
 * colons: the value of the `podvisor.io/serving-cert-sha256` annotation.
 */
export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
}

const day = 24 * 3600 * 1000;

/** The kept certificate, if it is readable, matches its key and is not about to expire. */
async function readKept(
  dir: string,
  options: ServingCertificateOptions,
): Promise<ServingCertificate | undefined> {
  let cert: string;
  let key: string;
  try {
    [cert, key] = await Promise.all([
      readFile(join(dir, 'serving.crt'), 'utf8'),
      readFile(join(dir, 'serving.key'), 'utf8'),
    ]);
  } catch {
    return undefined;
  }
  try {
    const x509 = new X509Certificate(cert);
    const now = options.now?.() ?? Date.now();
    const expires = Date.parse(x509.validTo);
    if (!x509.checkPrivateKey(createPrivateKey(key))) return undefined;
    if (expires - now < (options.renewBeforeMs ?? 30 * day)) return undefined;
    return { cert, key, fingerprint: certificateFingerprint(cert) };
  } catch {
    return undefined; // unreadable: replaced below
  }
}

async function writePrivate(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, path);
}

/**
 * The node endpoint's serving certificate: the one kept in `dir` when it is still good, else a
 * new self-issued one (ECDSA P-256, from a throwaway CA), written there. No Secret is involved:
 * virt-api trusts it by the fingerprint the handler publishes on its own pod.
 */
export async function ensureServingCertificate(
  options: ServingCertificateOptions,
): Promise<ServingCertificate> {
  const { dir } = options;
  const kept = await readKept(dir, options);
  if (kept !== undefined) return kept;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = await createCertificateAuthority(`${options.commonName} issuer`);
  const issued = await ca.issue({
    commonName: options.commonName,
    usage: 'server',
    validityDays: options.validityDays ?? 365,
  });
  await writePrivate(join(dir, 'serving.key'), issued.key);
  await writePrivate(join(dir, 'serving.crt'), issued.cert);
  return { ...issued, fingerprint: certificateFingerprint(issued.cert) };
}
