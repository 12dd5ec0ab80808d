import { type StatusError, statusErrors } from '../status-error.ts';

/** One field as it appears on the protobuf wire, before any schema gives it a meaning. */
export type WireField =
  | { readonly no: number; readonly wireType: 0; readonly value: bigint }
  | { readonly no: number; readonly wireType: 1 | 2 | 5; readonly value: Uint8Array };

/** The wire types the readers below understand (groups, 3 and 4, are long deprecated). */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

const MAX_VARINT_BYTES = 10;

/** The 400 for a body that is not valid protobuf; `where` names the message or field. */
export function corruptBody(where: string, detail: string): StatusError {
  return statusErrors.badRequest(
    `unable to decode the protobuf request body: ${where === '' ? '' : `${where}: `}${detail}`,
  );
}

/** Reads the varint at `offset`; returns it with the offset just past it. */
export function readVarint(
  bytes: Uint8Array,
  offset: number,
  where: string,
): { value: bigint; next: number } {
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw corruptBody(where, `truncated varint at byte ${offset}`);
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: offset + i + 1 };
  }
  throw corruptBody(where, `varint longer than ${MAX_VARINT_BYTES} bytes at byte ${offset}`);
}

function readSlice(
  bytes: Uint8Array,
  offset: number,
  length: number,
  where: string,
): { value: Uint8Array; next: number } {
  if (length > bytes.length - offset) {
    throw corruptBody(
      where,
      `truncated field at byte ${offset}: needs ${length} bytes, ${bytes.length - offset} left`,
    );
  }
  return { value: bytes.subarray(offset, offset + length), next: offset + length };
}

function readField(bytes: Uint8Array, offset: number, where: string): [WireField, number] {
  const key = readVarint(bytes, offset, where);
  const no = Number(key.value >> 3n);
  const wireType = Number(key.value & 7n);
  if (no === 0 || no > 0x1fffffff) throw corruptBody(where, `invalid field number ${no}`);
  switch (wireType) {
    case WIRE_VARINT: {
      const v = readVarint(bytes, key.next, where);
      return [{ no, wireType, value: v.value }, v.next];
    }
    case WIRE_FIXED64:
    case WIRE_FIXED32: {
      const s = readSlice(bytes, key.next, wireType === WIRE_FIXED64 ? 8 : 4, where);
      return [{ no, wireType, value: s.value }, s.next];
    }
    case WIRE_BYTES: {
      const length = readVarint(bytes, key.next, where);
      const s = readSlice(bytes, length.next, Number(length.value), where);
      return [{ no, wireType, value: s.value }, s.next];
    }
    default:
      throw corruptBody(where, `unsupported wire type ${wireType} for field ${no}`);
  }
}

/**
 * Splits one encoded message into its fields, in wire order, without interpreting them (unknown
 * fields are kept for the caller to skip). Throws a 400 StatusError on any truncated or malformed
 * byte; `where` (a JSON path such as `spec.template`) goes into the message.
 */
export function readWireFields(bytes: Uint8Array, where: string): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const [field, next] = readField(bytes, offset, where);
    fields.push(field);
    offset = next;
  }
  return fields;
}
