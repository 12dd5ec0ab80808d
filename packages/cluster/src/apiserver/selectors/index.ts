export {
  everythingSelector,
  labelRequirementToString,
  labelSelectorToString,
  matchesLabels,
  nothingSelector,
  type LabelOperator,
  type LabelRequirement,
  type LabelSelector,
} from './label-selector.ts';
export { parseLabelSelector } from './parse-label-selector.ts';
export { labelSelectorFromSpec } from './label-selector-from-spec.ts';
export {
  escapeFieldValue,
  fieldSelectorToString,
  matchesFields,
  parseFieldSelector,
  type FieldRequirement,
  type FieldSelector,
} from './parse-field-selector.ts';
export { crdFieldLabel, crdSelectableFields, selectableFields } from './selectable-fields.ts';
export {
  checkBuiltinFieldSelector,
  checkFieldSelector,
  crdSupportedFieldLabels,
  supportedFieldLabels,
} from './field-label-support.ts';
