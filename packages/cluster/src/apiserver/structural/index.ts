export { applyDefaults } from './apply-defaults.ts';
export { checkStructural, structuralCauses } from './check-structural.ts';
export { objectMetaSchema } from './object-meta-schema.ts';
export {
  pruneObject,
  pruneObjectMeta,
  unknownFields,
  type PruneOptions,
  type PruneResult,
} from './prune-object.ts';
export { MAX_DEPTH, resolveSchema } from './resolve-schema.ts';
export { validateObject, type ValidateOptions } from './validate-object.ts';
