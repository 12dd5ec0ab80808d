import { createHash } from 'node:crypto';
import { isJsonObject, type Json } from '../json.ts';

/**
 * A content hash of a JSON document (SHA-512, upper-case hex, as kube-apiserver puts in
 * `?hash=`), computed over a canonical serialisation with object keys sorted, so documents that
 * differ only in key order hash the same.
 */
export function documentHash(document: Json): string {
  return createHash('sha512').update(canonicalJson(document)).digest('hex').toUpperCase();
}

/** JSON text with every object's keys in sorted order. */
export function canonicalJson(value: Json): string {
  return JSON.stringify(value, (_key, child: unknown) =>
    isJsonObject(child) ? Object.fromEntries(Object.entries(child).sort(byKey)) : child,
  );
}

function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
