export { OpenApiV2EncodingError } from './encode-message.ts';
export { encodeOpenApiV2Protobuf } from './encode-open-api-v2-protobuf.ts';
export {
  negotiateOpenApiV2,
  OPENAPI_V2_JSON,
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_REQUESTED,
  type OpenApiV2Representation,
} from './negotiate-open-api-v2.ts';
export { swaggerFromV3 } from './swagger-from-v3.ts';
export { v2SchemaFromV3, type V2SchemaContext } from './v2-schema-from-v3.ts';
