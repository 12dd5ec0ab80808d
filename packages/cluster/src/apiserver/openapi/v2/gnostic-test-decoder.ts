import type { Json, JsonObject } from '../../json.ts';
import { readWireFields, type WireField } from '../../protobuf/wire-reader.ts';

/*
 * Test support only: decodes gnostic's `openapi.v2.Document` protobuf back into Swagger JSON,
 * with its own table of field numbers (typed from openapiv2/OpenAPIv2.proto), so the encoder's
 * output can be checked against the document it was given. Supports what the encoder writes.
 */

type Decoder = (bytes: Uint8Array) => Json;
type Kind = 'string' | 'bool' | 'int64' | 'double' | 'strings' | 'any' | 'anys' | Decoder;
interface Spec {
  readonly fields: Readonly<Record<number, readonly [string, Kind, 'repeated'?]>>;
  readonly extensions?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a whole gnostic Document into Swagger JSON. */
export function decodeGnosticDocument(bytes: Uint8Array): JsonObject {
  return decodeMessage(DOCUMENT, bytes);
}

/** Parses the YAML that the encoder writes into `Any.yaml` (JSON plus YAML's \x and \U escapes). */
export function parseYamlFlow(text: string): Json {
  const json = text.replace(
    /\\(\\|x([0-9A-F]{2})|U([0-9A-F]{8}))/g,
    (whole, _escape: string, hex2?: string, hex8?: string) => {
      if (hex2 !== undefined) return `\\u00${hex2}`;
      if (hex8 !== undefined) return String.fromCodePoint(parseInt(hex8, 16));
      return whole;
    },
  );
  return JSON.parse(json) as Json;
}

function bytesOf(field: WireField): Uint8Array {
  if (field.wireType === 0) throw new Error(`field ${field.no}: expected bytes, got a varint`);
  return field.value;
}

function scalar(kind: Exclude<Kind, Decoder | 'strings' | 'anys'>, field: WireField): Json {
  switch (kind) {
    case 'string':
      return utf8.decode(bytesOf(field));
    case 'bool':
      return field.value !== 0n;
    case 'int64':
      return Number(BigInt.asIntN(64, field.value as bigint));
    case 'double':
      return new DataView(bytesOf(field).slice().buffer).getFloat64(0, true);
    case 'any':
      return decodeAny(bytesOf(field));
  }
}

function decodeAny(bytes: Uint8Array): Json {
  const yaml = readWireFields(bytes, 'Any').find((field) => field.no === 2);
  return yaml === undefined ? null : parseYamlFlow(utf8.decode(bytesOf(yaml)));
}

function decodeMessage(spec: Spec, bytes: Uint8Array): JsonObject {
  const out: JsonObject = {};
  for (const field of readWireFields(bytes, 'test')) {
    if (field.no === spec.extensions) {
      const [name, value] = namedPair(bytesOf(field), decodeAny);
      out[name] = value;
      continue;
    }
    const entry = spec.fields[field.no];
    if (entry === undefined) throw new Error(`unexpected field ${field.no}`);
    const [key, kind, repeated] = entry;
    const value =
      typeof kind === 'function'
        ? kind(bytesOf(field))
        : kind === 'strings' || kind === 'anys'
          ? scalar(kind === 'strings' ? 'string' : 'any', field)
          : scalar(kind, field);
    if (repeated === 'repeated' || kind === 'strings' || kind === 'anys') {
      const list = (out[key] ??= []) as Json[];
      list.push(value);
    } else out[key] = value;
  }
  return out;
}

function namedPair(bytes: Uint8Array, decodeValue: Decoder): [string, Json] {
  let name = '';
  let value: Json = null;
  for (const field of readWireFields(bytes, 'Named')) {
    if (field.no === 1) name = utf8.decode(bytesOf(field));
    if (field.no === 2) value = decodeValue(bytesOf(field));
  }
  return [name, value];
}

/** A wrapper of `repeated NamedX` entries (and optionally extensions) as one JSON object. */
function namedMap(entriesNo: number, decodeValue: Decoder, extensionsNo?: number): Decoder {
  return (bytes) => {
    const out: JsonObject = {};
    for (const field of readWireFields(bytes, 'map')) {
      const decode = field.no === extensionsNo ? decodeAny : decodeValue;
      if (field.no !== entriesNo && field.no !== extensionsNo) throw new Error('bad map field');
      const [name, value] = namedPair(bytesOf(field), decode);
      out[name] = value;
    }
    return out;
  };
}

/** A oneof wrapper: the single set field, decoded by its number's decoder. */
function oneOf(decoders: Readonly<Record<number, Decoder>>): Decoder {
  return (bytes) => {
    const [field, ...rest] = readWireFields(bytes, 'oneof');
    if (field === undefined || rest.length > 0) throw new Error('a oneof needs exactly one field');
    if (field.wireType === 0) return field.value !== 0n;
    const decode = decoders[field.no];
    if (decode === undefined) throw new Error(`unexpected oneof field ${field.no}`);
    return decode(field.value);
  };
}

const message =
  (spec: () => Spec): Decoder =>
  (bytes) =>
    decodeMessage(spec(), bytes);

const schema: Decoder = message(() => SCHEMA);

const typeItem: Decoder = (bytes) => {
  const values = readWireFields(bytes, 'TypeItem').map((field) => utf8.decode(bytesOf(field)));
  return values.length === 1 ? (values[0] ?? null) : values;
};

const itemsItem: Decoder = (bytes) => {
  const values = readWireFields(bytes, 'ItemsItem').map((field) => schema(bytesOf(field)));
  return values.length === 1 ? (values[0] ?? null) : values;
};

const SCHEMA: Spec = {
  fields: {
    1: ['$ref', 'string'],
    2: ['format', 'string'],
    3: ['title', 'string'],
    4: ['description', 'string'],
    5: ['default', 'any'],
    6: ['multipleOf', 'double'],
    7: ['maximum', 'double'],
    8: ['exclusiveMaximum', 'bool'],
    9: ['minimum', 'double'],
    10: ['exclusiveMinimum', 'bool'],
    11: ['maxLength', 'int64'],
    12: ['minLength', 'int64'],
    13: ['pattern', 'string'],
    14: ['maxItems', 'int64'],
    15: ['minItems', 'int64'],
    16: ['uniqueItems', 'bool'],
    17: ['maxProperties', 'int64'],
    18: ['minProperties', 'int64'],
    19: ['required', 'strings'],
    20: ['enum', 'anys'],
    21: ['additionalProperties', oneOf({ 1: schema })],
    22: ['type', typeItem],
    23: ['items', itemsItem],
    24: ['allOf', schema, 'repeated'],
    25: ['properties', namedMap(1, schema)],
    26: ['discriminator', 'string'],
    27: ['readOnly', 'bool'],
    30: ['example', 'any'],
  },
  extensions: 31,
};

const jsonReference: Decoder = message(() => ({
  fields: { 1: ['$ref', 'string'], 2: ['description', 'string'] },
}));

const QUERY: Spec = {
  fields: {
    1: ['required', 'bool'],
    2: ['in', 'string'],
    3: ['description', 'string'],
    4: ['name', 'string'],
    5: ['allowEmptyValue', 'bool'],
    6: ['type', 'string'],
    7: ['format', 'string'],
    10: ['default', 'any'],
    11: ['maximum', 'double'],
    13: ['minimum', 'double'],
    20: ['uniqueItems', 'bool'],
    21: ['enum', 'anys'],
  },
  extensions: 23,
};

const PATH: Spec = {
  fields: {
    1: ['required', 'bool'],
    2: ['in', 'string'],
    3: ['description', 'string'],
    4: ['name', 'string'],
    5: ['type', 'string'],
    6: ['format', 'string'],
    9: ['default', 'any'],
    19: ['uniqueItems', 'bool'],
    20: ['enum', 'anys'],
  },
  extensions: 22,
};

const BODY: Spec = {
  fields: {
    1: ['description', 'string'],
    2: ['name', 'string'],
    3: ['in', 'string'],
    4: ['required', 'bool'],
    5: ['schema', schema],
  },
  extensions: 6,
};

const parameter = oneOf({
  1: message(() => BODY),
  2: oneOf({
    1: message(() => PATH),
    2: message(() => QUERY),
    3: message(() => QUERY),
    4: message(() => PATH),
  }),
});
const parametersItem = oneOf({ 1: parameter, 2: jsonReference });

const response: Decoder = message(() => ({
  fields: { 1: ['description', 'string'], 2: ['schema', oneOf({ 1: schema })] },
  extensions: 5,
}));
const responses = namedMap(1, oneOf({ 1: response, 2: jsonReference }), 2);

const OPERATION: Spec = {
  fields: {
    1: ['tags', 'strings'],
    2: ['summary', 'string'],
    3: ['description', 'string'],
    5: ['operationId', 'string'],
    6: ['produces', 'strings'],
    7: ['consumes', 'strings'],
    8: ['parameters', parametersItem, 'repeated'],
    9: ['responses', responses],
    10: ['schemes', 'strings'],
    11: ['deprecated', 'bool'],
  },
  extensions: 13,
};
const operation = message(() => OPERATION);

const pathItem: Decoder = message(() => ({
  fields: {
    1: ['$ref', 'string'],
    2: ['get', operation],
    3: ['put', operation],
    4: ['post', operation],
    5: ['delete', operation],
    6: ['options', operation],
    7: ['head', operation],
    8: ['patch', operation],
    9: ['parameters', parametersItem, 'repeated'],
  },
  extensions: 10,
}));

const DOCUMENT: Spec = {
  fields: {
    1: ['swagger', 'string'],
    2: [
      'info',
      message(() => ({
        fields: { 1: ['title', 'string'], 2: ['version', 'string'], 3: ['description', 'string'] },
        extensions: 7,
      })),
    ],
    3: ['host', 'string'],
    4: ['basePath', 'string'],
    5: ['schemes', 'strings'],
    6: ['consumes', 'strings'],
    7: ['produces', 'strings'],
    8: ['paths', namedMap(2, pathItem, 1)],
    9: ['definitions', namedMap(1, schema)],
    10: ['parameters', namedMap(1, parameter)],
    11: ['responses', namedMap(1, response)],
  },
  extensions: 16,
};
