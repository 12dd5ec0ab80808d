import { Buffer } from 'node:buffer';
import type { Json, JsonObject } from '../json.ts';
import type { FieldSchema, MessageSchema, ScalarKind, ValueKind } from './message-schema.ts';
import {
  WIRE_BYTES,
  WIRE_VARINT,
  type WireField,
  corruptBody,
  readWireFields,
} from './wire-reader.ts';

const utf8 = new TextDecoder('utf-8');

/** metav1.Time seconds for the years 0000–9999, the range Go's JSON encoder accepts. */
const MIN_TIME_SECONDS = -62167219200n;
const MAX_TIME_SECONDS = 253402300799n;

/** resource.Quantity's serialized form (`ParseQuantity`): a number with an optional suffix. */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

function joinPath(parent: string, json: string): string {
  return parent === '' ? json : `${parent}.${json}`;
}

function varintOf(field: WireField, where: string): bigint {
  if (field.wireType !== WIRE_VARINT) {
    throw corruptBody(where, `wire type ${field.wireType}, expected ${WIRE_VARINT}`);
  }
  return field.value;
}

function bytesOf(field: WireField, where: string): Uint8Array {
  if (field.wireType !== WIRE_BYTES) {
    throw corruptBody(where, `wire type ${field.wireType}, expected ${WIRE_BYTES}`);
  }
  return field.value;
}

/** The last occurrence of field `no` (protobuf: the last one wins), if any. */
function lastField(fields: readonly WireField[], no: number): WireField | undefined {
  return fields.findLast((f) => f.no === no);
}

/** metav1.Time → RFC 3339 in UTC, whole seconds; an empty message is the zero time, `null`. */
function decodeTime(bytes: Uint8Array, where: string): Json {
  if (bytes.length === 0) return null;
  const seconds = lastField(readWireFields(bytes, where), 1);
  const value = seconds === undefined ? 0n : BigInt.asIntN(64, varintOf(seconds, where));
  if (value < MIN_TIME_SECONDS || value > MAX_TIME_SECONDS) {
    throw corruptBody(where, `time ${value} seconds is outside the years 0000-9999`);
  }
  return new Date(Number(value) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** resource.Quantity → its string; an empty message is the zero quantity, `"0"`. */
function decodeQuantity(bytes: Uint8Array, where: string): Json {
  if (bytes.length === 0) return '0';
  const field = lastField(readWireFields(bytes, where), 1);
  if (field === undefined) return '0';
  const text = utf8.decode(bytesOf(field, where));
  if (!QUANTITY.test(text)) throw corruptBody(where, `invalid quantity ${JSON.stringify(text)}`);
  return text;
}

/** intstr.IntOrString → a number (type 0) or a string (type 1). */
function decodeIntOrString(bytes: Uint8Array, where: string): Json {
  const fields = readWireFields(bytes, where);
  const typeField = lastField(fields, 1);
  const type = typeField === undefined ? 0n : varintOf(typeField, where);
  if (type === 1n) {
    const str = lastField(fields, 3);
    return str === undefined ? '' : utf8.decode(bytesOf(str, where));
  }
  if (type !== 0n) throw corruptBody(where, `invalid IntOrString type ${type}`);
  const int = lastField(fields, 2);
  return int === undefined ? 0 : Number(BigInt.asIntN(32, varintOf(int, where)));
}

function decodeVarintKind(kind: 'bool' | 'int32' | 'int64', value: bigint): Json {
  if (kind === 'bool') return value !== 0n;
  return Number(BigInt.asIntN(kind === 'int32' ? 32 : 64, value));
}

function decodeScalar(kind: ScalarKind, field: WireField, where: string): Json {
  switch (kind) {
    case 'bool':
    case 'int32':
    case 'int64':
      return decodeVarintKind(kind, varintOf(field, where));
    case 'string':
      return utf8.decode(bytesOf(field, where));
    case 'bytes':
      return Buffer.from(bytesOf(field, where)).toString('base64');
    case 'time':
      return decodeTime(bytesOf(field, where), where);
    case 'quantity':
      return decodeQuantity(bytesOf(field, where), where);
    case 'intOrString':
      return decodeIntOrString(bytesOf(field, where), where);
  }
}

/** Decodes one wire value of `kind` (a message is decoded from its bytes). */
function decodeValue(kind: ValueKind, field: WireField, where: string): Json {
  if (typeof kind === 'object') return decodeMessage(kind, bytesOf(field, where), where);
  return decodeScalar(kind, field, where);
}

function isStructKind(kind: ValueKind): boolean {
  return (
    typeof kind === 'object' || kind === 'time' || kind === 'quantity' || kind === 'intOrString'
  );
}

/** The value Go has for a field that is not on the wire. */
function zeroValue(kind: ValueKind, where: string): Json {
  if (isStructKind(kind)) return decodeValue(kind, emptyBytesField, where);
  if (kind === 'bool') return false;
  if (kind === 'int32' || kind === 'int64') return 0;
  return '';
}

const emptyBytesField: WireField = { no: 1, wireType: WIRE_BYTES, value: new Uint8Array() };

function isZero(value: Json): boolean {
  return value === '' || value === 0 || value === false || value === null;
}

/**
 * The occurrences of a singular field as one wire value. Protobuf merges repeated occurrences of
 * a message field, which is the same as decoding their concatenated bytes; for a scalar the last
 * one wins.
 */
function mergeOccurrences(
  kind: ValueKind,
  occurrences: readonly WireField[],
  where: string,
): WireField | undefined {
  const last = occurrences.at(-1);
  if (last === undefined || occurrences.length === 1 || !isStructKind(kind)) return last;
  const parts = occurrences.map((f) => bytesOf(f, where));
  return { no: last.no, wireType: WIRE_BYTES, value: Buffer.concat(parts) };
}

function decodeMapEntry(kind: ValueKind, field: WireField, where: string): [string, Json] {
  const entry = readWireFields(bytesOf(field, where), where);
  const keyField = lastField(entry, 1);
  const key = keyField === undefined ? '' : utf8.decode(bytesOf(keyField, where));
  const valueWhere = `${where}[${JSON.stringify(key)}]`;
  const valueField = lastField(entry, 2);
  const value =
    valueField === undefined
      ? zeroValue(kind, valueWhere)
      : decodeValue(kind, valueField, valueWhere);
  return [key, value];
}

function decodeMap(kind: ValueKind, occurrences: readonly WireField[], where: string): JsonObject {
  const result: JsonObject = {};
  for (const field of occurrences) {
    const [key, value] = decodeMapEntry(kind, field, where);
    // defineProperty, not assignment: a key such as `__proto__` must stay an ordinary key.
    Object.defineProperty(result, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

/** The JSON value of a repeated or map field, or undefined when Go would leave it out. */
function collectionValue(
  schema: FieldSchema,
  occurrences: readonly WireField[],
  where: string,
): Json | undefined {
  if (occurrences.length === 0) return schema.presence === 'omitempty' ? undefined : null;
  if (schema.shape === 'map') return decodeMap(schema.kind, occurrences, where);
  return occurrences.map((f, i) => decodeValue(schema.kind, f, `${where}[${i}]`));
}

/** The JSON value of a singular field, or undefined when Go would leave it out. */
function singleValue(
  schema: FieldSchema,
  occurrences: readonly WireField[],
  where: string,
): Json | undefined {
  const field = mergeOccurrences(schema.kind, occurrences, where);
  if (field === undefined) {
    if (schema.presence === 'pointer' || schema.presence === 'omitempty') return undefined;
    return schema.presence === 'nullable' ? null : zeroValue(schema.kind, where);
  }
  const value = decodeValue(schema.kind, field, where);
  if (schema.presence === 'omitempty' && isZero(value)) return undefined;
  return value;
}

function groupByNumber(fields: readonly WireField[]): Map<number, WireField[]> {
  const groups = new Map<number, WireField[]>();
  for (const field of fields) {
    const group = groups.get(field.no);
    if (group === undefined) groups.set(field.no, [field]);
    else group.push(field);
  }
  return groups;
}

/**
 * Decodes the bytes of one message by its descriptor into the JSON object Go's encoding/json would
 * write for it. Fields the descriptor does not list are skipped. Throws a 400 StatusError naming
 * the JSON path (`where`) on malformed input.
 */
export function decodeMessage(schema: MessageSchema, bytes: Uint8Array, where: string): JsonObject {
  const groups = groupByNumber(readWireFields(bytes, where));
  const result: JsonObject = {};
  for (const field of schema.fields) {
    const occurrences = groups.get(field.no) ?? [];
    const fieldWhere = field.presence === 'inline' ? where : joinPath(where, field.json);
    const value =
      field.shape === 'single'
        ? singleValue(field, occurrences, fieldWhere)
        : collectionValue(field, occurrences, fieldWhere);
    if (field.presence === 'inline' && value !== null && typeof value === 'object') {
      Object.assign(result, value);
    } else if (value !== undefined) {
      result[field.json] = value;
    }
  }
  return result;
}
