import { sign, verify, type KeyObject } from 'node:crypto';
import { isJsonObject, type JsonObject } from '../json.ts';
import { algorithmOf, type JwtAlgorithm } from './service-account-keys.ts';

function encodePart(value: JsonObject): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function signatureOptions(key: KeyObject): { key: KeyObject; dsaEncoding?: 'ieee-p1363' } {
  return key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'ieee-p1363' } : { key };
}

/** Signs claims as a compact JWS (`header.payload.signature`) with ES256 or RS256. */
export function signJwt(claims: JsonObject, key: KeyObject, keyId: string): string {
  const header: JsonObject = { alg: algorithmOf(key), kid: keyId };
  const input = `${encodePart(header)}.${encodePart(claims)}`;
  const signature = sign('sha256', Buffer.from(input), signatureOptions(key));
  return `${input}.${signature.toString('base64url')}`;
}

/** A token that looks like a JWT, split and decoded (not yet verified). */
export interface DecodedJwt {
  readonly header: JsonObject;
  readonly claims: JsonObject;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const base64url = /^[A-Za-z0-9_-]*$/;

function decodePart(part: string): JsonObject | undefined {
  if (!base64url.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Splits and decodes a compact JWS; undefined when the token is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h = '', p = '', s = ''] = parts;
  const header = decodePart(h);
  const claims = decodePart(p);
  if (header === undefined || claims === undefined || !base64url.test(s)) return undefined;
  return { header, claims, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** Whether the token's signature verifies with `key` under the algorithm its header names. */
export function verifyJwtSignature(jwt: DecodedJwt, key: KeyObject): boolean {
  const alg = jwt.header['alg'];
  let expected: JwtAlgorithm;
  try {
    expected = algorithmOf(key);
  } catch {
    return false;
  }
  if (alg !== expected) return false;
  return verify('sha256', Buffer.from(jwt.signingInput), signatureOptions(key), jwt.signature);
}
