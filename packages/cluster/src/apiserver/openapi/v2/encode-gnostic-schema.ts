import { isJsonObject } from '../../json.ts';
import {
  anyField,
  anysField,
  boolField,
  doubleField,
  int64Field,
  messageEncoder,
  messageField,
  namedEntriesField,
  repeatedMessageField,
  stringField,
  stringsField,
  wrongType,
  type FieldEncoder,
  type MessageEncoder,
} from './encode-message.ts';

/*
 * gnostic's `openapi.v2.Schema` and the messages it nests (github.com/google/gnostic-models,
 * openapiv2/OpenAPIv2.proto). Field numbers are the proto's.
 */

/**
 * Writes a Swagger 2.0 schema object (at `path`, for errors) as gnostic's `Schema` message:
 * `type` as a TypeItem, `items` as an ItemsItem, `properties` as ordered NamedSchema entries,
 * `additionalProperties` as schema or boolean, defaults, enums and `x-…` extensions as YAML.
 */
export const encodeGnosticSchema: MessageEncoder = (writer, value, path) => {
  schemaEncoder(writer, value, path);
};

/** ExternalDocs: description = 1, url = 2, vendor_extension = 3. */
export const encodeExternalDocs: MessageEncoder = messageEncoder({
  fields: { description: [1, stringField], url: [2, stringField] },
  extensions: 3,
});

const schemaField: FieldEncoder = messageField(encodeGnosticSchema);
const schemasField: FieldEncoder = repeatedMessageField(encodeGnosticSchema);

/** TypeItem { repeated string value = 1 }, from `"string"` or `["string", …]`. */
const typeItemField: FieldEncoder = messageField((writer, value, path) => {
  stringsField(writer, 1, typeof value === 'string' ? [value] : value, path);
});

/** ItemsItem { repeated Schema schema = 1 }, from a schema or an array of schemas. */
const itemsItemField: FieldEncoder = messageField((writer, value, path) => {
  if (Array.isArray(value)) schemasField(writer, 1, value, path);
  else schemaField(writer, 1, value, path);
});

/** AdditionalPropertiesItem { oneof { Schema schema = 1; bool boolean = 2 } }. */
const additionalPropertiesField: FieldEncoder = messageField((writer, value, path) => {
  // A oneof member has presence: `false` is written too.
  if (typeof value === 'boolean') writer.varint(2, value);
  else if (isJsonObject(value)) schemaField(writer, 1, value, path);
  else throw wrongType(path, 'a schema or a boolean', value);
});

/** Properties { repeated NamedSchema additional_properties = 1 }; present even when empty. */
const namedSchemasField: FieldEncoder = namedEntriesField(encodeGnosticSchema);
const propertiesField: FieldEncoder = messageField((writer, value, path) => {
  namedSchemasField(writer, 1, value, path);
});

const schemaEncoder: MessageEncoder = messageEncoder({
  fields: {
    $ref: [1, stringField],
    format: [2, stringField],
    title: [3, stringField],
    description: [4, stringField],
    default: [5, anyField],
    multipleOf: [6, doubleField],
    maximum: [7, doubleField],
    exclusiveMaximum: [8, boolField],
    minimum: [9, doubleField],
    exclusiveMinimum: [10, boolField],
    maxLength: [11, int64Field],
    minLength: [12, int64Field],
    pattern: [13, stringField],
    maxItems: [14, int64Field],
    minItems: [15, int64Field],
    uniqueItems: [16, boolField],
    maxProperties: [17, int64Field],
    minProperties: [18, int64Field],
    required: [19, stringsField],
    enum: [20, anysField],
    additionalProperties: [21, additionalPropertiesField],
    type: [22, typeItemField],
    items: [23, itemsItemField],
    allOf: [24, schemasField],
    properties: [25, propertiesField],
    discriminator: [26, stringField],
    readOnly: [27, boolField],
    externalDocs: [29, messageField(encodeExternalDocs)],
    example: [30, anyField],
  },
  extensions: 31,
});
