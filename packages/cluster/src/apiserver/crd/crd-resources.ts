import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import type {
  PrinterColumn,
  ResourceDefinition,
  SubresourceDefinition,
} from '../registry/resource-definition.ts';
import { allVerbs } from '../registry/resource-definition.ts';
import { statusErrors, type StatusCause } from '../status-error.ts';

function str(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function obj(value: Json | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const kindPattern = /^[A-Za-z][A-Za-z0-9]*$/;

function required(field: string, value: string): StatusCause[] {
  return value === '' ? [{ reason: 'FieldValueRequired', field, message: 'Required value' }] : [];
}

function labelCauses(field: string, value: string): StatusCause[] {
  if (value === '' || dnsLabel.test(value)) return [];
  return [
    {
      reason: 'FieldValueInvalid',
      field,
      message: `Invalid value: ${JSON.stringify(value)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
    },
  ];
}

function namesCauses(crd: KubeObject): StatusCause[] {
  const spec = obj(crd['spec']);
  const names = obj(spec['names']);
  const group = str(spec['group']);
  const plural = str(names['plural']);
  const kind = str(names['kind']);
  const causes: StatusCause[] = [
    ...required('spec.group', group),
    ...required('spec.names.plural', plural),
    ...required('spec.names.kind', kind),
    ...labelCauses('spec.names.plural', plural),
    ...labelCauses('spec.names.singular', str(names['singular'])),
  ];
  if (group !== '' && !group.includes('.')) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.group',
      message: `Invalid value: ${JSON.stringify(group)}: should be a domain with at least one dot`,
    });
  }
  if (kind !== '' && !kindPattern.test(kind)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.names.kind',
      message: `Invalid value: ${JSON.stringify(kind)}: may have mixed case, but should otherwise match: ^[a-z][-a-z0-9]*$`,
    });
  }
  const name = str(crd.metadata['name']);
  if (plural !== '' && group !== '' && name !== `${plural}.${group}`) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`,
    });
  }
  return causes;
}

function versionCauses(crd: KubeObject): StatusCause[] {
  const versions = Array.isArray(obj(crd['spec'])['versions'])
    ? (obj(crd['spec'])['versions'] as Json[]).map(obj)
    : [];
  if (versions.length === 0)
    return [
      {
        reason: 'FieldValueRequired',
        field: 'spec.versions',
        message: 'Required value: must have exactly one version marked as storage version',
      },
    ];
  const causes: StatusCause[] = [];
  if (versions.filter((v) => v['storage'] === true).length !== 1) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.versions',
      message: `Invalid value: ${JSON.stringify(versions.map((v) => str(v['name'])))}: must have exactly one version marked as storage version`,
    });
  }
  versions.forEach((v, i) => {
    causes.push(...required(`spec.versions[${i}].name`, str(v['name'])));
    if (!isJsonObject(obj(v['schema'])['openAPIV3Schema'])) {
      causes.push({
        reason: 'FieldValueRequired',
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        message: 'Required value: schemas are required',
      });
    }
  });
  return causes;
}

/** Checks a CRD's names and versions; throws a 422 in Kubernetes' wording. */
export function validateCrd(crd: KubeObject): void {
  const causes = [...namesCauses(crd), ...versionCauses(crd)];
  const scope = str(obj(crd['spec'])['scope']);
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    causes.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.scope',
      message: `Unsupported value: ${JSON.stringify(scope)}: supported values: "Cluster", "Namespaced"`,
    });
  }
  if (causes.length > 0)
    throw statusErrors.invalid(
      'CustomResourceDefinition',
      str(crd.metadata['name']),
      causes,
      'apiextensions.k8s.io',
    );
}

/** The status the server gives an accepted CRD: accepted names, stored versions, Established. */
export function establishedStatus(crd: KubeObject, now: string): JsonObject {
  const spec = obj(crd['spec']);
  const names = obj(spec['names']);
  const storage = (Array.isArray(spec['versions']) ? spec['versions'] : [])
    .map(obj)
    .find((v) => v['storage'] === true);
  const acceptedNames: JsonObject = { plural: str(names['plural']), kind: str(names['kind']) };
  for (const key of ['singular', 'listKind'] as const)
    acceptedNames[key] = str(names[key]) || defaultName(key, names);
  for (const key of ['shortNames', 'categories'] as const)
    if (strings(names[key]).length > 0) acceptedNames[key] = strings(names[key]);
  const condition = (type: string, reason: string, message: string): JsonObject => ({
    type,
    status: 'True',
    lastTransitionTime: now,
    reason,
    message,
  });
  const previous = strings(obj(crd['status'])['storedVersions']);
  const stored = str(storage?.['name']);
  return {
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    acceptedNames,
    storedVersions: previous.includes(stored) || stored === '' ? previous : [...previous, stored],
  };
}

function defaultName(key: 'singular' | 'listKind', names: JsonObject): string {
  return key === 'singular' ? str(names['kind']).toLowerCase() : `${str(names['kind'])}List`;
}

function printerColumns(version: JsonObject): PrinterColumn[] {
  const columns = Array.isArray(version['additionalPrinterColumns'])
    ? version['additionalPrinterColumns'].map(obj)
    : [];
  return columns.map((c) => ({
    name: str(c['name']),
    type: str(c['type']),
    jsonPath: str(c['jsonPath']),
    ...(typeof c['format'] === 'string' ? { format: c['format'] } : {}),
    ...(typeof c['description'] === 'string' ? { description: c['description'] } : {}),
    ...(typeof c['priority'] === 'number' ? { priority: c['priority'] } : {}),
  }));
}

function subresourcesOf(
  kind: string,
  version: JsonObject,
): { subresources: SubresourceDefinition[]; scale?: ResourceDefinition['scale'] } {
  const subs = obj(version['subresources']);
  const subresources: SubresourceDefinition[] = [];
  if (isJsonObject(subs['status']))
    subresources.push({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
  if (!isJsonObject(subs['scale'])) return { subresources };
  const scale = subs['scale'];
  subresources.push({
    name: 'scale',
    kind: 'Scale',
    group: 'autoscaling',
    version: 'v1',
    verbs: ['get', 'patch', 'update'],
  });
  const labelSelectorPath = str(scale['labelSelectorPath']);
  return {
    subresources,
    scale: {
      specReplicasPath: str(scale['specReplicasPath']),
      statusReplicasPath: str(scale['statusReplicasPath']),
      ...(labelSelectorPath === '' ? {} : { labelSelectorPath }),
    },
  };
}

/** The resources a CRD defines: one per served version. */
export function crdResourceDefinitions(crd: KubeObject): ResourceDefinition[] {
  const spec = obj(crd['spec']);
  const names = obj(spec['names']);
  const kind = str(names['kind']);
  const versions = (Array.isArray(spec['versions']) ? spec['versions'] : [])
    .map(obj)
    .filter((v) => v['served'] !== false);
  return versions.map((v) => {
    const { subresources, scale } = subresourcesOf(kind, v);
    const selectable = Array.isArray(v['selectableFields'])
      ? v['selectableFields'].map((f) => str(obj(f)['jsonPath']))
      : [];
    return {
      group: str(spec['group']),
      version: str(v['name']),
      kind,
      listKind: str(names['listKind']) || `${kind}List`,
      plural: str(names['plural']),
      singular: str(names['singular']) || kind.toLowerCase(),
      namespaced: spec['scope'] !== 'Cluster',
      shortNames: strings(names['shortNames']),
      categories: strings(names['categories']),
      verbs: allVerbs,
      subresources,
      hasStatus: subresources.some((s) => s.name === 'status'),
      ...(scale === undefined ? {} : { scale }),
      source: 'crd',
      schema: obj(obj(v['schema'])['openAPIV3Schema']),
      printerColumns: printerColumns(v),
      selectableFields: selectable,
      allowUnconditionalUpdate: false,
    };
  });
}
