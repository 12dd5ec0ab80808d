import type { JsonObject } from '../../json.ts';
import { encodeExternalDocs, encodeGnosticSchema } from './encode-gnostic-schema.ts';
import {
  anyField,
  anysField,
  at,
  boolField,
  doubleField,
  expectObject,
  int64Field,
  isExtension,
  messageEncoder,
  messageField,
  namedEntriesField,
  repeatedMessageField,
  stringField,
  stringsField,
  writeAny,
  writeNamed,
  type FieldEncoder,
  type MessageEncoder,
} from './encode-message.ts';
import { ProtoWriter } from './proto-writer.ts';

/*
 * gnostic's `openapi.v2.Document` (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto),
 * the message kube-apiserver serves at /openapi/v2 for
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`. Field numbers are the
 * proto's. Left out (not produced by the API server): securityDefinitions, tags, headers and
 * examples of responses, xml of schemas.
 */

/**
 * Encodes a Swagger 2.0 document (as `swaggerFromV3` builds it, or upstream's `swagger.json`)
 * in gnostic's protobuf form, which kubectl 1.27 and 1.28 read with `openapi_v2.ParseDocument`.
 * Throws an `OpenApiV2EncodingError` naming the JSON path of a value of the wrong type.
 */
export function encodeOpenApiV2Protobuf(swagger: JsonObject): Uint8Array {
  const writer = new ProtoWriter();
  encodeDocument(writer, swagger, '');
  return writer.finish();
}

const jsonReference: MessageEncoder = messageEncoder({
  fields: { $ref: [1, stringField], description: [2, stringField] },
});

/**
 * The fields of the primitive parameter and item messages, which all share one run of field
 * numbers from `type` on (`type` = first, `format` = first + 1, …).
 */
function primitiveFields(first: number): Record<string, readonly [number, FieldEncoder]> {
  const names: readonly (readonly [string, FieldEncoder])[] = [
    ['type', stringField],
    ['format', stringField],
    [
      'items',
      messageField((writer, value, path) => {
        primitivesItems(writer, value, path);
      }),
    ],
    ['collectionFormat', stringField],
    ['default', anyField],
    ['maximum', doubleField],
    ['exclusiveMaximum', boolField],
    ['minimum', doubleField],
    ['exclusiveMinimum', boolField],
    ['maxLength', int64Field],
    ['minLength', int64Field],
    ['pattern', stringField],
    ['maxItems', int64Field],
    ['minItems', int64Field],
    ['uniqueItems', boolField],
    ['enum', anysField],
    ['multipleOf', doubleField],
  ];
  return Object.fromEntries(names.map(([name, encode], index) => [name, [first + index, encode]]));
}

/** PrimitivesItems: type = 1 … multiple_of = 17, vendor_extension = 18. */
const primitivesItems: MessageEncoder = messageEncoder({
  fields: primitiveFields(1),
  extensions: 18,
});

const PARAMETER_HEAD = {
  required: [1, boolField],
  in: [2, stringField],
  description: [3, stringField],
  name: [4, stringField],
} as const;

/** Query and formData parameters: allow_empty_value = 5, type = 6 …, vendor_extension = 23. */
const queryParameter: MessageEncoder = messageEncoder({
  fields: { ...PARAMETER_HEAD, allowEmptyValue: [5, boolField], ...primitiveFields(6) },
  extensions: 23,
});

/** Path and header parameters: type = 5 …, vendor_extension = 22. */
const pathParameter: MessageEncoder = messageEncoder({
  fields: { ...PARAMETER_HEAD, ...primitiveFields(5) },
  extensions: 22,
});

const bodyParameter: MessageEncoder = messageEncoder({
  fields: {
    description: [1, stringField],
    name: [2, stringField],
    in: [3, stringField],
    required: [4, boolField],
    schema: [5, messageField(encodeGnosticSchema)],
  },
  extensions: 6,
});

/** NonBodyParameter's oneof: header = 1, form_data = 2, query = 3, path = 4. */
const QUERY: readonly [number, FieldEncoder] = [3, messageField(queryParameter)];
const NON_BODY: Readonly<Record<string, readonly [number, FieldEncoder]>> = {
  header: [1, messageField(pathParameter)],
  formData: [2, messageField(queryParameter)],
  query: QUERY,
  path: [4, messageField(pathParameter)],
};
const bodyParameterField = messageField(bodyParameter);

/** Parameter { oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2 } }. */
const parameter: MessageEncoder = (writer, value, path) => {
  const location = expectObject(value, path).in;
  if (location === 'body') {
    bodyParameterField(writer, 1, value, path);
    return;
  }
  // A parameter without a known `in` is encoded as a query parameter, as the most lenient.
  const [no, encode] = (typeof location === 'string' ? NON_BODY[location] : undefined) ?? QUERY;
  writer.begin(2);
  encode(writer, no, value, path);
  writer.end();
};

/** `oneof { X x = 1; JsonReference json_reference = 2 }`: a `$ref` object, or an X. */
function orReference(encode: MessageEncoder): MessageEncoder {
  const referenceField = messageField(jsonReference);
  const valueField = messageField(encode);
  return (writer, value, path) => {
    if (typeof expectObject(value, path).$ref === 'string') referenceField(writer, 2, value, path);
    else valueField(writer, 1, value, path);
  };
}

/** ParametersItem { oneof { Parameter parameter = 1; JsonReference json_reference = 2 } }. */
const parametersItem: MessageEncoder = orReference(parameter);

/** SchemaItem { oneof { Schema schema = 1; FileSchema file_schema = 2 } }; always a Schema. */
const schemaField = messageField(encodeGnosticSchema);
const schemaItem: MessageEncoder = (writer, value, path) => {
  schemaField(writer, 1, value, path);
};

const response: MessageEncoder = messageEncoder({
  fields: { description: [1, stringField], schema: [2, messageField(schemaItem)] },
  extensions: 5,
});

/** ResponseValue { oneof { Response response = 1; JsonReference json_reference = 2 } }. */
const responseValue: MessageEncoder = orReference(response);

/**
 * A map whose keys are names (paths, response codes) but may also hold `x-…` extensions:
 * the extensions go to field `fields.extensions`, the other entries to `fields.entries`, each
 * as a `NamedX` message, in field-number order.
 */
function mapWithExtensions(
  fields: { readonly extensions: number; readonly entries: number },
  encode: MessageEncoder,
): MessageEncoder {
  return (writer, value, path) => {
    const object = expectObject(value, path);
    const write = (extensions: boolean): void => {
      for (const [key, child] of Object.entries(object)) {
        if (isExtension(key) !== extensions) continue;
        const no = extensions ? fields.extensions : fields.entries;
        writeNamed(writer, no, key, () => {
          (extensions ? writeAny : encode)(writer, child, at(path, key));
        });
      }
    };
    write(fields.extensions < fields.entries);
    write(fields.extensions > fields.entries);
  };
}

/** Responses: response_code = 1 (NamedResponseValue), vendor_extension = 2. */
const responses = mapWithExtensions({ entries: 1, extensions: 2 }, responseValue);

/** SecurityRequirement { repeated NamedStringArray additional_properties = 1 }. */
const securityRequirement: MessageEncoder = (writer, value, path) => {
  const stringArray: MessageEncoder = (arrayWriter, scopes, scopesPath) => {
    stringsField(arrayWriter, 1, scopes, scopesPath);
  };
  namedEntriesField(stringArray)(writer, 1, value, path);
};

const operation: MessageEncoder = messageEncoder({
  fields: {
    tags: [1, stringsField],
    summary: [2, stringField],
    description: [3, stringField],
    externalDocs: [4, messageField(encodeExternalDocs)],
    operationId: [5, stringField],
    produces: [6, stringsField],
    consumes: [7, stringsField],
    parameters: [8, repeatedMessageField(parametersItem)],
    responses: [9, messageField(responses)],
    schemes: [10, stringsField],
    deprecated: [11, boolField],
    security: [12, repeatedMessageField(securityRequirement)],
  },
  extensions: 13,
});

const pathItem: MessageEncoder = messageEncoder({
  fields: {
    $ref: [1, stringField],
    get: [2, messageField(operation)],
    put: [3, messageField(operation)],
    post: [4, messageField(operation)],
    delete: [5, messageField(operation)],
    options: [6, messageField(operation)],
    head: [7, messageField(operation)],
    patch: [8, messageField(operation)],
    parameters: [9, repeatedMessageField(parametersItem)],
  },
  extensions: 10,
});

/** Paths: vendor_extension = 1, path = 2 (NamedPathItem). */
const paths = mapWithExtensions({ extensions: 1, entries: 2 }, pathItem);

/** `message X { repeated NamedY additional_properties = 1; }` from a JSON object. */
function namedMap(encode: MessageEncoder): MessageEncoder {
  const entries = namedEntriesField(encode);
  return (writer, value, path) => {
    entries(writer, 1, value, path);
  };
}

const info: MessageEncoder = messageEncoder({
  fields: {
    title: [1, stringField],
    version: [2, stringField],
    description: [3, stringField],
    termsOfService: [4, stringField],
    contact: [
      5,
      messageField(
        messageEncoder({
          fields: { name: [1, stringField], url: [2, stringField], email: [3, stringField] },
          extensions: 4,
        }),
      ),
    ],
    license: [
      6,
      messageField(
        messageEncoder({
          fields: { name: [1, stringField], url: [2, stringField] },
          extensions: 3,
        }),
      ),
    ],
  },
  extensions: 7,
});

const encodeDocument: MessageEncoder = messageEncoder({
  fields: {
    swagger: [1, stringField],
    info: [2, messageField(info)],
    host: [3, stringField],
    basePath: [4, stringField],
    schemes: [5, stringsField],
    consumes: [6, stringsField],
    produces: [7, stringsField],
    paths: [8, messageField(paths)],
    definitions: [9, messageField(namedMap(encodeGnosticSchema))],
    parameters: [10, messageField(namedMap(parameter))],
    responses: [11, messageField(namedMap(response))],
    security: [12, repeatedMessageField(securityRequirement)],
    externalDocs: [15, messageField(encodeExternalDocs)],
  },
  extensions: 16,
});
