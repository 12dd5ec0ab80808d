import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The JWS algorithms service-account tokens are signed with. */
export type JwtAlgorithm = 'ES256' | 'RS256';

/** The key pair that signs service-account tokens. */
export interface ServiceAccountKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly algorithm: JwtAlgorithm;
  /** `kid`: base64url SHA-256 of the DER public key, as kube-apiserver computes it. */
  readonly keyId: string;
}

/** The algorithm a key signs with: ES256 for P-256 keys, RS256 for RSA keys. */
export function algorithmOf(key: KeyObject): JwtAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return 'ES256';
  }
  throw new Error(
    `service-account signing keys must be RSA or ECDSA P-256, got ${key.asymmetricKeyType ?? 'unknown'}`,
  );
}

/** Builds the key set from a private key (the public key derives from it). */
export function serviceAccountKeys(privateKey: KeyObject): ServiceAccountKeys {
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKey,
    algorithm: algorithmOf(privateKey),
    keyId: createHash('sha256').update(der).digest('base64url'),
  };
}

/**
 * Loads the service-account signing key from `pkiDir/sa.key`, creating an ECDSA P-256 pair
 * (`sa.key` 0600 and `sa.pub`) on first start.
 */
export function ensureServiceAccountKeys(pkiDir: string): ServiceAccountKeys {
  const keyPath = join(pkiDir, 'sa.key');
  const pubPath = join(pkiDir, 'sa.pub');
  if (existsSync(keyPath)) {
    const keys = serviceAccountKeys(createPrivateKey(readFileSync(keyPath, 'utf8')));
    if (!existsSync(pubPath)) {
      writeFileSync(pubPath, keys.publicKey.export({ type: 'spki', format: 'pem' }));
    }
    return keys;
  }
  mkdirSync(pkiDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keys = serviceAccountKeys(privateKey);
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(pubPath, keys.publicKey.export({ type: 'spki', format: 'pem' }));
  return keys;
}
