export { collectSchemas, type CollectedSchemas } from './collect-schemas.ts';
export {
  crdSchemaName,
  customResourceSchemas,
  type CustomResourceKind,
  type CustomResourceSchemas,
} from './custom-resource-schemas.ts';
export { canonicalJson, documentHash } from './document-hash.ts';
export {
  COMPONENTS_PREFIX,
  defaultBuiltinSchemaSource,
  loadBuiltinSchemas,
  schemaNameOfRef,
  type BuiltinSchemaSource,
  type BuiltinSchemas,
  type SchemaDocument,
} from './load-builtin-schemas.ts';
export { groupVersionOfSpecFile, openApiSpecDirectory } from './open-api-spec-directory.ts';
export {
  openApiV3Document,
  type OpenApiDocumentInput,
  type OpenApiResource,
} from './open-api-v3-document.ts';
export { groupVersionPath, openApiV3Index, type OpenApiGroupVersion } from './open-api-v3-index.ts';
