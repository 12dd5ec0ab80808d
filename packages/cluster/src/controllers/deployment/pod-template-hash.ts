import { isJsonObject, type Json } from '../../apiserver/json.ts';

const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with object keys sorted, so equal templates hash equally whatever their key order. */
function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 32-bit FNV-1a over bytes. */
function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let hash = seed;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/**
 * The `pod-template-hash` of a pod template (`controller.ComputeHash`): FNV-1a of the template
 * (here its canonical JSON rather than Go's printed struct) followed by the collision count as 8
 * little-endian bytes, the decimal digits mapped onto Kubernetes' vowel-free alphabet.
 */
export function podTemplateHash(template: Json, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return String(hash).replace(
    /\d/g,
    (digit) => safeAlphabet[digit.charCodeAt(0) % safeAlphabet.length] ?? '',
  );
}
