import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority } from '@podvisor/kube';

/** The front-proxy CA and the client certificate the API server presents to aggregated servers. */
export interface FrontProxyPki {
  /** `front-proxy-ca.crt`: the CA aggregated servers trust for `requestheader-client-ca-file`. */
  readonly caCert: string;
  /** `front-proxy-client.crt` / `.key`: `CN=front-proxy-client`, clientAuth. */
  readonly clientCert: string;
  readonly clientKey: string;
}

/** The common name aggregated servers accept (`requestheader-allowed-names`). */
export const frontProxyClientName = 'front-proxy-client';

const files = {
  caCert: 'front-proxy-ca.crt',
  caKey: 'front-proxy-ca.key',
  clientCert: 'front-proxy-client.crt',
  clientKey: 'front-proxy-client.key',
} as const;

/**
 * Loads the front-proxy PKI from `pkiDir`, creating it on first use: a CA separate from the
 * cluster CA (as kubeadm makes it) and a client certificate `CN=front-proxy-client` signed by
 * it. Keys are written 0600.
 */
export async function ensureFrontProxyPki(pkiDir: string): Promise<FrontProxyPki> {
  const path = (name: keyof typeof files): string => join(pkiDir, files[name]);
  const names = Object.keys(files) as (keyof typeof files)[];
  if (names.every((name) => existsSync(path(name)))) {
    return {
      caCert: readFileSync(path('caCert'), 'utf8'),
      clientCert: readFileSync(path('clientCert'), 'utf8'),
      clientKey: readFileSync(path('clientKey'), 'utf8'),
    };
  }
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  const ca = await createCertificateAuthority('front-proxy-ca');
  const client = await ca.issue({ commonName: frontProxyClientName, usage: 'client' });
  writeFileSync(path('caKey'), ca.key, { mode: 0o600 });
  writeFileSync(path('caCert'), ca.cert);
  writeFileSync(path('clientKey'), client.key, { mode: 0o600 });
  writeFileSync(path('clientCert'), client.cert);
  return { caCert: ca.cert, clientCert: client.cert, clientKey: client.key };
}
