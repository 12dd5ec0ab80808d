import { isJsonObject, type Json, type JsonObject } from '../../json.ts';
import type { ProtoWriter } from './proto-writer.ts';
import { yamlText } from './yaml-text.ts';

/** A Swagger document that cannot be encoded: a value of the wrong JSON type at `path`. */
export class OpenApiV2EncodingError extends Error {
  readonly path: string;

  constructor(path: string, detail: string) {
    super(`cannot encode the OpenAPI v2 document: ${path === '' ? '' : `${path}: `}${detail}`);
    this.name = 'OpenApiV2EncodingError';
    this.path = path;
  }
}

/** Writes the JSON `value` found at `path` as field `no`. */
export type FieldEncoder = (writer: ProtoWriter, no: number, value: Json, path: string) => void;

/** Writes the fields of the message a JSON value (found at `path`) stands for. */
export type MessageEncoder = (writer: ProtoWriter, value: Json, path: string) => void;

/**
 * How a JSON object maps to a message: each JSON key with its field number and encoder, and
 * the number of the message's `repeated NamedAny vendor_extension` field, which receives every
 * `x-…` key. Keys of neither kind are not part of the message and are left out.
 */
export interface MessageSpec {
  readonly fields: Readonly<Record<string, readonly [number, FieldEncoder]>>;
  readonly extensions?: number;
}

type Step = readonly [key: string | undefined, no: number, encode: FieldEncoder | undefined];

/**
 * A message encoder for `spec`. Fields are written in field-number order, as Go's
 * `proto.Marshal` writes them; proto3 zero values (`""`, `0`, `false`) are left out.
 */
export function messageEncoder(spec: MessageSpec): MessageEncoder {
  const steps: Step[] = Object.entries(spec.fields).map(([key, [no, encode]]) => [key, no, encode]);
  if (spec.extensions !== undefined) steps.push([undefined, spec.extensions, undefined]);
  steps.sort((a, b) => a[1] - b[1]);
  return (writer, value, path) => {
    const object = expectObject(value, path);
    for (const [key, no, encode] of steps) {
      if (key === undefined || encode === undefined) {
        writeExtensions(writer, no, object);
        continue;
      }
      const child = object[key];
      if (child !== undefined) encode(writer, no, child, at(path, key));
    }
  };
}

/** Field encoder of a nested message. */
export function messageField(encode: MessageEncoder): FieldEncoder {
  return (writer, no, value, path) => {
    writer.begin(no);
    encode(writer, value, path);
    writer.end();
  };
}

/** Field encoder of a repeated nested message, from a JSON array. */
export function repeatedMessageField(encode: MessageEncoder): FieldEncoder {
  return (writer, no, value, path) => {
    expectArray(value, path).forEach((item, index) => {
      writer.begin(no);
      encode(writer, item, `${path}[${index}]`);
      writer.end();
    });
  };
}

/**
 * Field encoder of gnostic's ordered maps (`repeated NamedX`, name = 1, value = 2), from a JSON
 * object, keeping its key order.
 */
export function namedEntriesField(encode: MessageEncoder): FieldEncoder {
  return (writer, no, value, path) => {
    for (const [name, child] of Object.entries(expectObject(value, path))) {
      writeNamed(writer, no, name, () => {
        encode(writer, child, at(path, name));
      });
    }
  };
}

/** A `NamedX` entry as field `no`: name = 1, and value = 2 written by `writeValue`. */
export function writeNamed(
  writer: ProtoWriter,
  no: number,
  name: string,
  writeValue: () => void,
): void {
  writer.begin(no);
  if (name !== '') writer.string(1, name);
  writer.begin(2);
  writeValue();
  writer.end();
  writer.end();
}

/** gnostic's `Any` of a JSON value: its YAML text in `yaml` (field 2). */
export const writeAny: MessageEncoder = (writer, value) => {
  writer.string(2, yamlText(value));
};

/** `repeated NamedAny vendor_extension` entries for the `x-…` keys of `object`. */
export function writeExtensions(writer: ProtoWriter, no: number, object: JsonObject): void {
  for (const [key, value] of Object.entries(object)) {
    if (isExtension(key)) {
      writeNamed(writer, no, key, () => {
        writeAny(writer, value, key);
      });
    }
  }
}

/** Whether a key is a vendor extension (`x-…`). */
export function isExtension(key: string): boolean {
  return key.startsWith('x-');
}

export const stringField: FieldEncoder = (writer, no, value, path) => {
  if (typeof value !== 'string') throw wrongType(path, 'a string', value);
  if (value !== '') writer.string(no, value);
};

export const boolField: FieldEncoder = (writer, no, value, path) => {
  if (typeof value !== 'boolean') throw wrongType(path, 'a boolean', value);
  if (value) writer.varint(no, true);
};

export const int64Field: FieldEncoder = (writer, no, value, path) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw wrongType(path, 'an integer', value);
  }
  if (value !== 0) writer.varint(no, value);
};

export const doubleField: FieldEncoder = (writer, no, value, path) => {
  if (typeof value !== 'number') throw wrongType(path, 'a number', value);
  if (value !== 0) writer.double(no, value);
};

/** `repeated string`, from a JSON array of strings. */
export const stringsField: FieldEncoder = (writer, no, value, path) => {
  expectArray(value, path).forEach((item, index) => {
    if (typeof item !== 'string') throw wrongType(`${path}[${index}]`, 'a string', item);
    writer.string(no, item);
  });
};

/** An `Any` field (defaults, examples): any JSON value, as YAML text. */
export const anyField: FieldEncoder = messageField(writeAny);

/** A `repeated Any` field (enums), from a JSON array. */
export const anysField: FieldEncoder = repeatedMessageField(writeAny);

/** The JSON object at `path`, or an encoding error naming it. */
export function expectObject(value: Json, path: string): JsonObject {
  if (!isJsonObject(value)) throw wrongType(path, 'an object', value);
  return value;
}

function expectArray(value: Json, path: string): Json[] {
  if (!Array.isArray(value)) throw wrongType(path, 'an array', value);
  return value;
}

/** The error for a JSON value of the wrong type. */
export function wrongType(path: string, expected: string, value: Json): OpenApiV2EncodingError {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new OpenApiV2EncodingError(path, `expected ${expected}, got ${actual}`);
}

/** The path of a child: `paths./api/v1/pods.get`. */
export function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
