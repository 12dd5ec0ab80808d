export {
  canonicalJson,
  compareFieldPaths,
  formatFieldPath,
  type FieldPath,
  type PathElement,
} from './field-path.ts';
export { FieldSet } from './field-set.ts';
export { decodeFieldSet, encodeFieldSet } from './fields-v1.ts';
export { fieldSetOf, isTrackedPath, type FieldSetOptions } from './field-set-of.ts';
export { serverSideApply, type ServerSideApplyInput } from './server-side-apply.ts';
export { trackUpdate, type TrackUpdateInput } from './track-update.ts';
