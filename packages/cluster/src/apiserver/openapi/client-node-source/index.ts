export {
  clientNodeSchemaSource,
  installedGeneratedDirectory,
  type ClientNodeSchemaSourceOptions,
} from './client-node-schema-source.ts';
export { LIST_METADATA, listExtensions, type ListMetadata } from './list-metadata.ts';
export { QUANTITY_FIELDS } from './quantity-fields.ts';
