/**
 * A minimal protobuf writer, for tests: builds bodies by hand (envelopes, edge cases) to check the
 * decoder against. The server itself never encodes protobuf.
 */

/** The bytes of a varint (negative values as 64-bit two's complement, as Go writes int32/int64). */
export function varint(value: bigint | number): Uint8Array {
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest === 0n ? low : low | 0x80);
  } while (rest !== 0n);
  return Uint8Array.from(bytes);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A varint field (wire type 0). */
export function varintField(no: number, value: bigint | number | boolean): Uint8Array {
  return concatBytes(varint(no * 8), varint(typeof value === 'boolean' ? Number(value) : value));
}

/** A length-delimited field (wire type 2): bytes, a string, or nested message bytes. */
export function bytesField(no: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return concatBytes(varint(no * 8 + 2), varint(bytes.length), bytes);
}

/** A message field: its fields concatenated and length-delimited. */
export function messageField(no: number, ...fields: readonly Uint8Array[]): Uint8Array {
  return bytesField(no, concatBytes(...fields));
}

/** A `map<string, …>` entry field (key = 1, value = 2). */
export function mapEntry(no: number, key: string, value: Uint8Array): Uint8Array {
  return messageField(no, bytesField(1, key), value);
}

/** A whole Kubernetes protobuf body: `k8s\0` + runtime.Unknown{typeMeta, raw, …}. */
export function kubernetesBody(
  typeMeta: { apiVersion: string; kind: string },
  raw: Uint8Array,
  extra: Uint8Array = new Uint8Array(),
): Uint8Array {
  return concatBytes(
    Uint8Array.from([0x6b, 0x38, 0x73, 0x00]),
    messageField(1, bytesField(1, typeMeta.apiVersion), bytesField(2, typeMeta.kind)),
    bytesField(2, raw),
    extra,
  );
}
