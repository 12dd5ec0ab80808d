import type { KubeObject } from '../json.ts';
import { labelsOf } from '../objects/lifecycle.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import {
  checkFieldSelector,
  crdSelectableFields,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  selectableFields,
  crdSupportedFieldLabels,
  checkBuiltinFieldSelector,
} from '../selectors/index.ts';

/** Decides whether an object is in a list or watch: its label and field selectors. */
export type ObjectFilter = (obj: KubeObject) => boolean;

function fieldsOf(def: ResourceDefinition, obj: KubeObject): Record<string, string> {
  if (def.source === 'crd') return crdSelectableFields(obj, def.selectableFields ?? []);
  return selectableFields(def.group, def.plural, obj);
}

/** Builds the filter of `labelSelector` and `fieldSelector` (400 for bad or unsupported selectors). */
export function objectFilter(def: ResourceDefinition, query: URLSearchParams): ObjectFilter {
  const labelText = query.get('labelSelector') ?? '';
  const fieldText = query.get('fieldSelector') ?? '';
  const labels = labelText === '' ? undefined : parseLabelSelector(labelText);
  const fields = fieldText === '' ? undefined : parseFieldSelector(fieldText);
  if (fields !== undefined) {
    if (def.source === 'crd')
      checkFieldSelector(
        fields,
        crdSupportedFieldLabels(def.namespaced, def.selectableFields ?? []),
      );
    else checkBuiltinFieldSelector(def.group, def.plural, fields);
  }
  return (obj) =>
    (labels === undefined || matchesLabels(labels, labelsOf(obj))) &&
    (fields === undefined || matchesFields(fields, fieldsOf(def, obj)));
}
